import Planning

/// What was run, from which file (its hash), with which seed, and every assumption with its source:
/// manifest.json, and the `manifest`, `assumptions`, `program_targets` and `uncertainty` tables of the
/// store. Nothing in it depends on the time or the number of tasks, so two runs of the same scenario and
/// seed give identical files.
public struct RunManifest: Sendable, Equatable, Codable {
    /// A demand parameter in force, with the basis it feeds and its source.
    public struct Parameter: Sendable, Equatable, Codable {
        public enum Basis: String, Sendable, Codable { case standard, propensity, both }

        public var name: String
        public var value: Double
        public var unit: RuleUnit
        public var basis: Basis
        public var source: String

        public init(name: String, value: Double, unit: RuleUnit, basis: Basis, source: String) {
            self.name = name
            self.value = value
            self.unit = unit
            self.basis = basis
            self.source = source
        }
    }

    /// A plan target judged over all areas.
    public struct Target: Sendable, Equatable, Codable {
        public var rule: String
        public var metric: String
        public var required: Double
        public var year: Int
        public var unit: RuleUnit
        public var source: String

        public init(rule: String, metric: String, required: Double, year: Int, unit: RuleUnit, source: String) {
            self.rule = rule
            self.metric = metric
            self.required = required
            self.year = year
            self.unit = unit
            self.source = source
        }
    }

    /// One source of Monte Carlo variation: its standard deviation, the share common to all areas,
    /// and its year-to-year persistence.
    public struct UncertaintyComponent: Sendable, Equatable, Codable {
        public enum Name: String, Sendable, Codable, CaseIterable {
            case tfrLogInnovation = "tfr_log_innovation"
            case e0Years = "e0_years"
            case migrationScale = "migration_scale"
            case propensityLog = "propensity_log"
        }

        public var name: Name
        public var sd: Double
        public var shared: Double
        public var persistence: Double

        public init(name: Name, sd: Double, shared: Double, persistence: Double) {
            self.name = name
            self.sd = sd
            self.shared = shared
            self.persistence = persistence
        }
    }

    public struct Workforce: Sendable, Equatable, Codable {
        public var carersTrainedPerYear: Double
        public var trainingFrom: Int?
        public var trainingTo: Int?
        public var carerAttrition: Double
        public var socialWorkerAttrition: Double
        public var trainingSharedBy: String

        public init(carersTrainedPerYear: Double, trainingFrom: Int?, trainingTo: Int?, carerAttrition: Double,
                    socialWorkerAttrition: Double, trainingSharedBy: String)
        {
            self.carersTrainedPerYear = carersTrainedPerYear
            self.trainingFrom = trainingFrom
            self.trainingTo = trainingTo
            self.carerAttrition = carerAttrition
            self.socialWorkerAttrition = socialWorkerAttrition
            self.trainingSharedBy = trainingSharedBy
        }

        enum CodingKeys: String, CodingKey {
            case carersTrainedPerYear = "carers_trained_per_year"
            case trainingFrom = "training_from"
            case trainingTo = "training_to"
            case carerAttrition = "carer_attrition"
            case socialWorkerAttrition = "social_worker_attrition"
            case trainingSharedBy = "training_shared_by"
        }
    }

    public var tool: String
    public var command: String
    /// The scenario file as the user named it.
    public var scenario: String
    public var scenarioName: String
    public var scenarioHash: String
    public var variant: String?
    public var rules: String
    public var baseYear: Int
    public var horizon: Int
    /// The date within each year that the populations refer to (the census reference date, 1 November).
    public var referenceDate: String
    public var areas: [String]
    public var populationDetail: String
    public var draws: Int
    public var seed: UInt64?
    public var uncertainty: [UncertaintyComponent]
    /// Years of life expectancy per unit of log mortality shift, for reading the e0 component.
    public var e0YearsPerLogMortality: Double?
    public var demandParameters: [Parameter]
    public var workforce: Workforce
    public var programTargets: [Target]
    public var warnings: [String]

    public init(tool: String, command: String, scenario: String, scenarioName: String, scenarioHash: String, variant: String?,
                rules: String, baseYear: Int, horizon: Int, referenceDate: String, areas: [String], populationDetail: String,
                draws: Int, seed: UInt64?, uncertainty: [UncertaintyComponent], e0YearsPerLogMortality: Double?,
                demandParameters: [Parameter], workforce: Workforce, programTargets: [Target], warnings: [String])
    {
        self.tool = tool
        self.command = command
        self.scenario = scenario
        self.scenarioName = scenarioName
        self.scenarioHash = scenarioHash
        self.variant = variant
        self.rules = rules
        self.baseYear = baseYear
        self.horizon = horizon
        self.referenceDate = referenceDate
        self.areas = areas
        self.populationDetail = populationDetail
        self.draws = draws
        self.seed = seed
        self.uncertainty = uncertainty
        self.e0YearsPerLogMortality = e0YearsPerLogMortality
        self.demandParameters = demandParameters
        self.workforce = workforce
        self.programTargets = programTargets
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case tool, command, scenario, variant, rules, areas, draws, seed, uncertainty, workforce, warnings
        case scenarioName = "scenario_name"
        case scenarioHash = "scenario_hash"
        case baseYear = "base_year"
        case horizon
        case referenceDate = "reference_date"
        case populationDetail = "population_detail"
        case e0YearsPerLogMortality = "e0_years_per_log_mortality"
        case demandParameters = "demand_parameters"
        case programTargets = "program_targets"
    }

    /// Optional values are written as null, so every manifest has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tool, forKey: .tool)
        try c.encode(command, forKey: .command)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(scenarioName, forKey: .scenarioName)
        try c.encode(scenarioHash, forKey: .scenarioHash)
        try c.encode(variant, forKey: .variant)
        try c.encode(rules, forKey: .rules)
        try c.encode(baseYear, forKey: .baseYear)
        try c.encode(horizon, forKey: .horizon)
        try c.encode(referenceDate, forKey: .referenceDate)
        try c.encode(areas, forKey: .areas)
        try c.encode(populationDetail, forKey: .populationDetail)
        try c.encode(draws, forKey: .draws)
        try c.encode(seed, forKey: .seed)
        try c.encode(uncertainty, forKey: .uncertainty)
        try c.encode(e0YearsPerLogMortality, forKey: .e0YearsPerLogMortality)
        try c.encode(demandParameters, forKey: .demandParameters)
        try c.encode(workforce, forKey: .workforce)
        try c.encode(programTargets, forKey: .programTargets)
        try c.encode(warnings, forKey: .warnings)
    }

    public var years: [Int] { Array(baseYear...max(baseYear, horizon)) }
}
