/// A finished projection with its areas, calibration report and households.
///
/// ```swift
/// result.years                                              // 2020...2050
/// result.population(area: "533103", year: 2030, sex: .female, age: 30)
/// result.serviceAges(area: "533103", year: 2030).ages65plus
/// result.calibration(area: "533103")?.tfr
/// ```
/// Areas are addressed by key (division code) or by index in `areas`.
public struct ProjectionResult: Sendable {
    public let inputs: ProjectionInputs
    public let projection: PopulationProjection
    private let indexOfKey: [String: Int]

    public init(inputs: ProjectionInputs, projection: PopulationProjection) {
        self.inputs = inputs
        self.projection = projection
        var index: [String: Int] = [:]
        for (i, area) in inputs.areas.enumerated() where index[area.key] == nil { index[area.key] = i }
        self.indexOfKey = index
    }

    public var areas: [ProjectionArea] { inputs.areas }
    public var years: ClosedRange<Int> { projection.years }
    public var calibration: [AreaCalibration] { inputs.calibration }
    public var censusWarnings: [CensusWarning] { inputs.censusWarnings }

    public func areaIndex(_ key: String) -> Int? { indexOfKey[key] }

    public func calibration(area key: String) -> AreaCalibration? {
        indexOfKey[key].map { inputs.calibration[$0] }
    }

    /// nil for an unknown area or a year outside the projection; age 100 is 100+.
    public func population(area key: String, year: Int, sex: Sex, age: Int) -> Double? {
        guard let area = indexOfKey[key], years.contains(year), (0...PopulationLayout.openAge).contains(age) else { return nil }
        return projection.population(area: area, year: year, sex: sex, age: age)
    }

    public func population(area: Int, year: Int, sex: Sex, age: Int) -> Double {
        projection.population(area: area, year: year, sex: sex, age: age)
    }

    public func serviceAges(area key: String, year: Int) -> ServiceAges? {
        guard let area = indexOfKey[key], years.contains(year) else { return nil }
        return serviceAges(area: area, year: year)
    }

    public func serviceAges(area: Int, year: Int) -> ServiceAges {
        var both = [Double](repeating: 0, count: PopulationLayout.ageCount)
        for age in 0...PopulationLayout.openAge {
            both[age] = projection.population(area: area, year: year, sex: .male, age: age)
                + projection.population(area: area, year: year, sex: .female, age: age)
        }
        return ServiceAges(bothSexes: both, personsPerHousehold: inputs.personsPerHousehold[area][year - years.lowerBound],
                           groupQuarters: inputs.groupQuarters.totals[area])
    }

    public func total(area: Int, year: Int) -> Double { projection.total(area: area, year: year) }
}
