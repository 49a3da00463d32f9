/// Mortality assumptions: WPP national rates, shifted per area to national e0 + offset.
public struct MortalitySpec: Sendable, Equatable {
    /// Years of e0 above (positive) or below the national e0, by area key; `defaultE0Offset` else.
    public var e0Offsets: [String: Double]
    public var defaultE0Offset: Double
    /// Offsets by sex (a table file), by area key; the key "*" applies to areas not named. Taken
    /// before `e0Offsets` and `defaultE0Offset`.
    public var sexOffsets: [String: E0Offset] = [:]
    public var infantSeparation: InfantSeparation

    public init(e0Offsets: [String: Double] = [:], defaultE0Offset: Double = 0, sexOffsets: [String: E0Offset] = [:],
                infantSeparation: InfantSeparation = .coaleDemeny) {
        self.e0Offsets = e0Offsets
        self.sexOffsets = sexOffsets
        self.defaultE0Offset = defaultE0Offset
        self.infantSeparation = infantSeparation
    }

    public func offset(for key: String) -> Double { e0Offsets[key] ?? defaultE0Offset }

    /// The area's offsets by sex: its own row of a table file, its own number, the table's `*` row,
    /// then the default.
    public func offsets(for key: String) -> E0Offset {
        if let own = sexOffsets[key] { return own }
        if let own = e0Offsets[key] { return E0Offset(both: own) }
        return sexOffsets["*"] ?? E0Offset(both: defaultE0Offset)
    }
}

/// Persons per household used to turn population into households.
public enum HouseholdSizePath: Sendable, Equatable {
    /// family_household_population / family_households of the census row, held.
    case heldAtCensus
    /// From the census value in a straight line to `target` in `year`, then held.
    case linear(target: Double, year: Int)
}

/// What to project: which census areas, from which base year to which horizon, under which
/// mortality, fertility, migration and household-size assumptions.
public struct ProjectionSetup: Sendable, Equatable {
    /// Area keys (division codes; the name for rows without a code). nil: every leaf unit.
    public var areaCodes: [String]?
    /// false: a prefecture, province or nation key means its leaf units; true: each key is projected
    /// as one unit whatever its level (a prefecture row as a whole, as plans kept by prefecture do).
    public var areasAsNamed = false
    public var baseYear: Int
    public var horizon: Int
    /// Position of the census moment within the base year (1 Nov → 10/12, the moment of the 2000,
    /// 2010 and 2020 Chinese censuses). Step i runs from baseYear + i + fraction over one year; its
    /// rates are read at the step's mid-point (death rates) or in the calendar year that holds
    /// the mid-point (fertility, sex ratio).
    public var baseYearFraction: Double
    public var mortality: MortalitySpec
    public var fertility: FertilitySpec
    public var migration: MigrationSpec
    public var householdSize: HouseholdSizePath
    /// Residents outside family households, held constant; only the rest is projected.
    public var groupQuarters: GroupQuartersSpec
    /// The moment of each year the figures describe. `.census` (the steps' own moments) here, so
    /// that code building a setup by hand gets the exact steps; scenarios default to the year-end.
    public var reference: PopulationReference = .census

    public init(areaCodes: [String]? = nil, baseYear: Int = 2020, horizon: Int = 2050,
                baseYearFraction: Double = censusMoment, mortality: MortalitySpec = MortalitySpec(),
                fertility: FertilitySpec = FertilitySpec(), migration: MigrationSpec = .none,
                householdSize: HouseholdSizePath = .heldAtCensus, groupQuarters: GroupQuartersSpec = .estimated) {
        self.areaCodes = areaCodes
        self.baseYear = baseYear
        self.horizon = horizon
        self.baseYearFraction = baseYearFraction
        self.mortality = mortality
        self.fertility = fertility
        self.migration = migration
        self.householdSize = householdSize
        self.groupQuarters = groupQuarters
    }

    /// The census moment of 2000, 2010 and 2020 (1 Nov) as a fraction of the year: the default
    /// `baseYearFraction`.
    public static let censusMoment = 10.0 / 12.0

    /// The years figures are handed out for: base year to horizon.
    public var years: [Int] { Array(baseYear...max(baseYear, horizon)) }

    /// The last census moment the steps reach: the horizon, or the one after it when year-end
    /// figures interpolate towards it.
    public var stepHorizon: Int { max(baseYear, horizon) + (reference == .yearEnd ? 1 : 0) }

    /// The census moments the projection steps through: base year to `stepHorizon`.
    public var stepYears: [Int] { Array(baseYear...stepHorizon) }

    /// The interpolation weight of the rates (`ProjectionRates.interpolationWeight`): the share of a
    /// year from the census moment to the year's end, or nil at the census moment.
    public var interpolationWeight: Double? { reference == .yearEnd ? 1 - baseYearFraction : nil }

    /// Calendar mid-point of the step that starts in `year` (for year = baseYear − 1: the year
    /// before the census, used by the calibration).
    func stepMidpoint(startingIn year: Int) -> Double { Double(year) + baseYearFraction + 0.5 }
    func stepCalendarYear(startingIn year: Int) -> Int { Int(stepMidpoint(startingIn: year).rounded(.down)) }
}
