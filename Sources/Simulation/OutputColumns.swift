import Planning

/// The values a capacity run computes for every area, year and draw, in one fixed order: the service
/// populations, demand on both bases, supply, and shortfall on both bases.
enum OutputColumns {
    static let populationGroups = ["6-12m", "12-24m", "24-36m", "3-5", "0-14", "15-59", "60+", "60-69", "70-79",
                                   "65+", "80+", "total", "households"]
    static let measures = Measure.allCases
    static let population = 0
    static let demandStandard = populationGroups.count
    static let demandPropensity = demandStandard + measures.count
    static let disabledElderly = demandPropensity + measures.count
    static let supply = disabledElderly + 1
    static let shortfallStandard = supply + measures.count
    static let shortfallPropensity = shortfallStandard + measures.count
    static let count = shortfallPropensity + measures.count

    static let totalResidents = population + populationGroups.firstIndex(of: "total")!

    static func demand(_ basis: DemandBasis) -> Int { basis == .standard ? demandStandard : demandPropensity }
    static func shortfall(_ basis: DemandBasis) -> Int { basis == .standard ? shortfallStandard : shortfallPropensity }
}
