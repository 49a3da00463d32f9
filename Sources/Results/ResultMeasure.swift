import Planning

/// The closed set of units a run's quantities are counted in, each with its Chinese and English label.
/// Code compares cases, never label text.
package enum ResultUnit: String, Sendable, Codable, CaseIterable {
    case persons
    case households
    case slots
    case beds

    package var labelZH: String {
        switch self {
        case .persons: "人"
        case .households: "户"
        case .slots: "个"
        case .beds: "张"
        }
    }

    package var labelEN: String {
        switch self {
        case .persons: "persons"
        case .households: "households"
        case .slots: "slots"
        case .beds: "beds"
        }
    }
}

/// Everything a run reports per area and year: the service-age populations, the five capacity
/// measures, and the disabled elderly. Raw values are the `measure` column of the long tables.
package enum ResultMeasure: String, Sendable, Codable, CaseIterable {
    case children6to12m = "6-12m"
    case children12to24m = "12-24m"
    case children24to36m = "24-36m"
    case children3to5 = "3-5"
    case ages0to14 = "0-14"
    case ages15to59 = "15-59"
    case elderly60plus = "60+"
    case elderly60to69 = "60-69"
    case elderly70to79 = "70-79"
    case elderly65plus = "65+"
    case elderly80plus = "80+"
    case residents = "total"
    case households
    case nurserySlots = "nursery_slots"
    case carers
    case beds
    case nursingBeds = "nursing_beds"
    case socialWorkers = "social_workers"
    case disabledElderly = "disabled_elderly"

    /// The population groups in the order the simulation computes them (population.csv's order).
    package static let populationGroups: [ResultMeasure] = [
        .children6to12m, .children12to24m, .children24to36m, .children3to5, .ages0to14, .ages15to59, .elderly60plus,
        .elderly60to69, .elderly70to79, .elderly65plus, .elderly80plus, .residents, .households,
    ]

    /// The five planning measures in the order reports show them.
    package static let capacity: [ResultMeasure] = [.nurserySlots, .carers, .beds, .nursingBeds, .socialWorkers]

    package var unit: ResultUnit {
        switch self {
        case .households: .households
        case .nurserySlots: .slots
        case .beds, .nursingBeds: .beds
        default: .persons
        }
    }

    package init(_ measure: Measure) {
        switch measure {
        case .nurserySlots: self = .nurserySlots
        case .nurseryCarers: self = .carers
        case .beds: self = .beds
        case .nursingBeds: self = .nursingBeds
        case .socialWorkers: self = .socialWorkers
        }
    }

    /// The simulation's measure, for the five capacity measures.
    package var capacityMeasure: Measure? {
        switch self {
        case .nurserySlots: .nurserySlots
        case .carers: .nurseryCarers
        case .beds: .beds
        case .nursingBeds: .nursingBeds
        case .socialWorkers: .socialWorkers
        default: nil
        }
    }
}

/// What a row of a long table is: a projected population, demand on one basis, or planned supply.
package enum ResultBasis: String, Sendable, Codable, CaseIterable {
    case projected
    case standard
    case propensity
    case planned

    package init(_ basis: DemandBasis) {
        self = basis == .standard ? .standard : .propensity
    }
}
