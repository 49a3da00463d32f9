// The vocabulary of the capacity simulation: what one area-year provides (ServicePopulation),
// what is measured (Measure), on which basis (DemandBasis), and fixed-size value carriers that the
// per-area × year × draw hot loop fills without allocating (MeasureValues, DemandVector).

/// The counts one area provides in one year: the output of the projection for the service ages.
/// Plain Doubles: projected and Monte Carlo populations are fractional.
public struct ServicePopulation: Sendable, Equatable {
    /// Children 6-12 months (乳儿班 age).
    public var children6to12m: Double
    /// Children 12-24 months (托小班 age).
    public var children12to24m: Double
    /// Children 24-36 months (托大班 age).
    public var children24to36m: Double
    /// Children aged 3-5 (kindergarten age; carried for reports, no measure uses it).
    public var children3to5: Double
    public var elderly60plus: Double
    public var elderly60to69: Double
    public var elderly70to79: Double
    public var elderly80plus: Double
    public var elderly65plus: Double
    /// Total residents (常住人口).
    public var residents: Double
    public var households: Double

    public init(
        children6to12m: Double = 0, children12to24m: Double = 0, children24to36m: Double = 0,
        children3to5: Double = 0, elderly60plus: Double? = nil, elderly60to69: Double = 0,
        elderly70to79: Double = 0, elderly80plus: Double = 0, elderly65plus: Double = 0,
        residents: Double = 0, households: Double = 0
    ) {
        self.children6to12m = children6to12m
        self.children12to24m = children12to24m
        self.children24to36m = children24to36m
        self.children3to5 = children3to5
        // 60+ defaults to the sum of its bands, so a caller cannot give inconsistent totals by omission.
        self.elderly60plus = elderly60plus ?? (elderly60to69 + elderly70to79 + elderly80plus)
        self.elderly60to69 = elderly60to69
        self.elderly70to79 = elderly70to79
        self.elderly80plus = elderly80plus
        self.elderly65plus = elderly65plus
        self.residents = residents
        self.households = households
    }

    /// Children of nursery-class age, 6-36 months.
    @inlinable public var childrenInClassAges: Double { children6to12m + children12to24m + children24to36m }

    /// Children aged 0-2 (0-36 months), the age range the enrolment rates are defined on. Births are
    /// spread evenly over the year (ServiceAges), so 6-12 months is half of age 0 and 0-6 months the other half.
    @inlinable public var children0to2: Double { 2 * children6to12m + children12to24m + children24to36m }
}

/// What the simulation counts; raw values are the `measure` column of demand.csv, supply.csv, shortfall.csv.
public enum Measure: String, Sendable, CaseIterable, Codable {
    case nurserySlots = "nursery_slots"
    case nurseryCarers = "carers"
    case beds
    case nursingBeds = "nursing_beds"
    case socialWorkers = "social_workers"

    /// The unit a requirement or supply of this measure is counted in.
    public var ruleUnit: RuleUnit {
        switch self {
        case .nurserySlots: .slots
        case .nurseryCarers: .carers
        case .beds, .nursingBeds: .beds
        case .socialWorkers: .socialWorkers
        }
    }

    public var unit: String {
        switch self {
        case .nurserySlots: "slots"
        case .nurseryCarers: "carers"
        case .beds, .nursingBeds: "beds"
        case .socialWorkers: "social workers"
        }
    }
}

/// How demand is derived: what the rules require of the population, or what people will use.
public enum DemandBasis: String, Sendable, CaseIterable, Codable {
    /// Rule norms applied to the projected population (slots per 1,000 residents, beds per 1,000 elderly, ...).
    case standard
    /// Expected use: enrolment and institutional-care rates applied to the population.
    case propensity
}

/// One value per measure, stored inline (no heap): a cell of demand, supply or shortfall.
public struct MeasureValues: Sendable, Equatable {
    public var nurserySlots: Double
    public var nurseryCarers: Double
    public var beds: Double
    public var nursingBeds: Double
    public var socialWorkers: Double

    public init(
        nurserySlots: Double = 0, nurseryCarers: Double = 0, beds: Double = 0, nursingBeds: Double = 0,
        socialWorkers: Double = 0
    ) {
        self.nurserySlots = nurserySlots
        self.nurseryCarers = nurseryCarers
        self.beds = beds
        self.nursingBeds = nursingBeds
        self.socialWorkers = socialWorkers
    }

    public static let zero = MeasureValues()

    @inlinable public subscript(measure: Measure) -> Double {
        get {
            switch measure {
            case .nurserySlots: nurserySlots
            case .nurseryCarers: nurseryCarers
            case .beds: beds
            case .nursingBeds: nursingBeds
            case .socialWorkers: socialWorkers
            }
        }
        set {
            switch measure {
            case .nurserySlots: nurserySlots = newValue
            case .nurseryCarers: nurseryCarers = newValue
            case .beds: beds = newValue
            case .nursingBeds: nursingBeds = newValue
            case .socialWorkers: socialWorkers = newValue
            }
        }
    }

    @inlinable public static func + (a: MeasureValues, b: MeasureValues) -> MeasureValues {
        MeasureValues(nurserySlots: a.nurserySlots + b.nurserySlots, nurseryCarers: a.nurseryCarers + b.nurseryCarers,
                      beds: a.beds + b.beds, nursingBeds: a.nursingBeds + b.nursingBeds,
                      socialWorkers: a.socialWorkers + b.socialWorkers)
    }

    @inlinable public static func += (a: inout MeasureValues, b: MeasureValues) { a = a + b }
}

/// Demand of one area-year on both bases, with fractional values: rounding happens at reporting.
public struct DemandVector: Sendable, Equatable {
    public var standard: MeasureValues
    public var propensity: MeasureValues
    /// Disabled elderly (disability prevalence × 60+): context for reports, not a capacity measure.
    public var disabledElderly: Double

    public init(standard: MeasureValues = .zero, propensity: MeasureValues = .zero, disabledElderly: Double = 0) {
        self.standard = standard
        self.propensity = propensity
        self.disabledElderly = disabledElderly
    }

    public static let zero = DemandVector()

    @inlinable public subscript(basis: DemandBasis) -> MeasureValues {
        get { basis == .standard ? standard : propensity }
        set { if basis == .standard { standard = newValue } else { propensity = newValue } }
    }

    @inlinable public subscript(measure: Measure, basis: DemandBasis) -> Double {
        get { self[basis][measure] }
        set {
            if basis == .standard { standard[measure] = newValue } else { propensity[measure] = newValue }
        }
    }

    @inlinable public static func + (a: DemandVector, b: DemandVector) -> DemandVector {
        DemandVector(standard: a.standard + b.standard, propensity: a.propensity + b.propensity,
                     disabledElderly: a.disabledElderly + b.disabledElderly)
    }

    @inlinable public static func += (a: inout DemandVector, b: DemandVector) { a = a + b }
}

/// A cell that sums over areas: totals per year over any set of areas.
public protocol AdditiveCell: Sendable {
    static var zero: Self { get }
    static func + (a: Self, b: Self) -> Self
}

extension MeasureValues: AdditiveCell {}
extension DemandVector: AdditiveCell {}
