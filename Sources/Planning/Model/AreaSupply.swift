/// What exists in one area (county or district), as the scenario's `supply.<code>` gives it.
public struct AreaSupply: Sendable {
    public enum Operation: String, Sendable, CaseIterable {
        case `public` = "public"
        case publicPrivate = "public-private"
        case `private` = "private"
    }

    /// An elder-care institution (养老机构).
    public struct Institution: Sendable {
        public var id: String
        public var beds: Int
        public var nursingBeds: Int?
        public var socialWorkers: Int?
        public var operation: Operation?
        public var inclusiveBeds: Int?
        /// Yuan per month charged for the inclusive service.
        public var monthlyPrice: Double?
        /// Yuan per month charged on the market for the same service.
        public var marketMonthlyPrice: Double?

        public init(
            id: String, beds: Int, nursingBeds: Int? = nil, socialWorkers: Int? = nil, operation: Operation? = nil,
            inclusiveBeds: Int? = nil, monthlyPrice: Double? = nil, marketMonthlyPrice: Double? = nil
        ) {
            self.id = id
            self.beds = beds
            self.nursingBeds = nursingBeds
            self.socialWorkers = socialWorkers
            self.operation = operation
            self.inclusiveBeds = inclusiveBeds
            self.monthlyPrice = monthlyPrice
            self.marketMonthlyPrice = marketMonthlyPrice
        }
    }

    public var code: String
    public var name: String?
    public var population: Int?
    /// Family households (家庭户) and the people living in them, from the census: they give the
    /// household size that turns a district's households into residents.
    public var households: Int?
    public var householdPopulation: Int?
    public var elderly60plus: Int?
    public var nurserySlots: Pipeline?
    public var publicNurseries: Int?
    /// Yuan per person per year.
    public var disposableIncomePerCapita: Double?
    public var beds: Pipeline?
    public var nursingBeds: Pipeline?
    public var carers: Pipeline?
    public var socialWorkers: Pipeline?
    public var institutions: [Institution]
    /// Counts the plans' facility measures need, nil when the scenario does not give them (a finding
    /// then says which key it needs, never zero): public care institutions for disabled elderly
    /// (`disability_care_homes`), childcare guidance centres (`guidance_centres`), streets (街道) and
    /// street elder-care centres with integrated functions (`streets`, `streets_with_elder_care_centre`),
    /// communities and those covered by community elder-care service (`communities`,
    /// `communities_covered`), townships (乡镇) and those with an integrated elder-care institution
    /// (`townships`, `townships_with_elder_care`).
    public var facilityCounts: [String: Int] = [:]
    /// Planned additions (positive) and closures (negative) by measure name (`nursery_slots`,
    /// `carers`, `beds`, `nursing_beds`, `social_workers`) and year, on top of the levels above.
    public var plannedChanges: [String: [Int: Double]] = [:]
    /// Where each supply value comes from, by key (`nursery_slots`, `beds`, `changes`, `institutions`, ...):
    /// a plan and clause or a statistical yearbook, or `assumption: <basis>`. A key without an entry is an
    /// assumption (issue 11: assumed supply must not be presented as fact).
    public var sources: [String: SupplySource] = [:]
    /// Where the scenario file gives each dated value (planned changes and levels by year), by key path
    /// (`supply.533102.changes.beds.2025`), so that a supply path checked later can name its line.
    public var places: [String: Place] = [:]

    /// A 1-based line and column in the scenario file.
    public struct Place: Sendable, Equatable {
        public let line: Int
        public let column: Int
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    /// Persons per family household; the whole population stands in when household population is absent.
    public var householdSize: Double? {
        guard let households, households > 0, let people = householdPopulation ?? population else { return nil }
        return Double(people) / Double(households)
    }

    public init(
        code: String, name: String? = nil, population: Int? = nil, elderly60plus: Int? = nil,
        nurserySlots: Pipeline? = nil, publicNurseries: Int? = nil, disposableIncomePerCapita: Double? = nil,
        beds: Pipeline? = nil, nursingBeds: Pipeline? = nil, carers: Pipeline? = nil, socialWorkers: Pipeline? = nil,
        institutions: [Institution] = []
    ) {
        self.code = code
        self.name = name
        self.population = population
        self.elderly60plus = elderly60plus
        self.nurserySlots = nurserySlots
        self.publicNurseries = publicNurseries
        self.disposableIncomePerCapita = disposableIncomePerCapita
        self.beds = beds
        self.nursingBeds = nursingBeds
        self.carers = carers
        self.socialWorkers = socialWorkers
        self.institutions = institutions
    }
}
