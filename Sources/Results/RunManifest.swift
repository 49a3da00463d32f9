import Planning

/// What was run, from which file (its hash), with which seed, and every assumption with its source:
/// manifest.json, and the `manifest`, `assumptions`, `program_targets` and `uncertainty` tables of the
/// store. Nothing in it depends on the time or the number of tasks, so two runs of the same scenario and
/// seed give identical files.
package struct RunManifest: Sendable, Equatable, Codable {
    /// A demand parameter in force, with the basis it feeds and its source.
    package struct Parameter: Sendable, Equatable, Codable {
        package enum Basis: String, Sendable, Codable { case standard, propensity, both }

        package var name: String
        package var value: Double
        package var unit: RuleUnit
        package var basis: Basis
        package var source: String

        package init(name: String, value: Double, unit: RuleUnit, basis: Basis, source: String) {
            self.name = name
            self.value = value
            self.unit = unit
            self.basis = basis
            self.source = source
        }
    }

    /// A plan target judged over all areas.
    package struct Target: Sendable, Equatable, Codable {
        package var rule: String
        package var metric: String
        package var required: Double
        package var year: Int
        package var unit: RuleUnit
        package var source: String

        package init(rule: String, metric: String, required: Double, year: Int, unit: RuleUnit, source: String) {
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
    package struct UncertaintyComponent: Sendable, Equatable, Codable {
        package enum Name: String, Sendable, Codable, CaseIterable {
            case tfrLogInnovation = "tfr_log_innovation"
            case e0Years = "e0_years"
            case migrationScale = "migration_scale"
            /// Both behaviours at once (stores written before they had their own factors).
            case propensityLog = "propensity_log"
            case e0YearsPerYear = "e0_years_per_year"
            case migrationPer1000 = "migration_per_1000"
            case migrationPer1000PerMobility = "migration_per_1000_per_mobility"
            case enrolmentLog = "enrolment_log"
            case enrolmentLogPerYear = "enrolment_log_per_year"
            case institutionalCareLog = "institutional_care_log"
            case institutionalCareLogPerYear = "institutional_care_log_per_year"
            case undercount0to4 = "undercount_0_4"
        }

        package var name: Name
        package var sd: Double
        package var shared: Double
        package var persistence: Double
        /// Why this value: the default's basis or the scenario key that set it, and what it means.
        package var basis: String

        package init(name: Name, sd: Double, shared: Double, persistence: Double, basis: String = "") {
            self.name = name
            self.sd = sd
            self.shared = shared
            self.persistence = persistence
            self.basis = basis
        }
    }

    /// One demographic assumption in words with its basis (`DemographyAssumptions`).
    package struct Assumption: Sendable, Equatable, Codable {
        package var topic: String
        package var value: String
        /// The same assumption in Chinese, for zh reports; nil in manifests written before it existed.
        package var valueZH: String?

        package init(_ topic: String, _ value: String, zh: String? = nil) {
            self.topic = topic
            self.value = value
            self.valueZH = zh
        }

        enum CodingKeys: String, CodingKey {
            case topic, value
            case valueZH = "value_zh"
        }
    }

    package struct Workforce: Sendable, Equatable, Codable {
        package var carersTrainedPerYear: Double
        package var trainingFrom: Int?
        package var trainingTo: Int?
        package var carerAttrition: Double
        package var socialWorkerAttrition: Double
        package var trainingSharedBy: String
        /// Share of the trained who become new carers (workforce.trainees_becoming_carers); nil in manifests
        /// written before training stopped counting as carers, which added every trainee.
        package var traineesBecomingCarers: Double?
        /// The plan's training target as an indicator; nil when no training rule is in force.
        package var trainingIndicator: TrainingIndicatorRecord?

        /// Person-times trained through a year against a plan's cumulative target (Planning.TrainingIndicator).
        package struct TrainingIndicatorRecord: Sendable, Equatable, Codable {
            package var rule: String
            package var year: Int
            package var trained: Double
            package var target: Double
            package var comparable: Bool
            /// Met or not when comparable; nil when not comparable.
            package var met: Bool?
            package var basis: String
            package var source: String

            package init(rule: String, year: Int, trained: Double, target: Double, comparable: Bool, met: Bool?,
                         basis: String, source: String)
            {
                self.rule = rule
                self.year = year
                self.trained = trained
                self.target = target
                self.comparable = comparable
                self.met = met
                self.basis = basis
                self.source = source
            }
        }

        package init(carersTrainedPerYear: Double, trainingFrom: Int?, trainingTo: Int?, carerAttrition: Double,
                    socialWorkerAttrition: Double, trainingSharedBy: String, traineesBecomingCarers: Double? = nil,
                    trainingIndicator: TrainingIndicatorRecord? = nil)
        {
            self.traineesBecomingCarers = traineesBecomingCarers
            self.trainingIndicator = trainingIndicator
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
            case traineesBecomingCarers = "trainees_becoming_carers"
            case trainingIndicator = "training_indicator"
        }
    }

    /// A prefecture or province of the run with rows of its own in the long tables (after the leaf areas,
    /// before `total`): per draw the sum of its `members` (the run's leaf areas in it, not every county
    /// of the region), then P10/P50/P90 over the draws, as for `total`. Its `key` is the census row's
    /// (a 6-digit code, or the name of a row without one) and is never a leaf area's code or `total`.
    package struct Region: Sendable, Equatable, Codable {
        package enum Level: String, Sendable, Codable, CaseIterable { case prefecture, province }

        package var key: String
        package var name: String
        package var level: Level
        /// The run's leaf areas in the region, in the run's order.
        package var members: [String]

        package init(key: String, name: String, level: Level, members: [String]) {
            self.key = key
            self.name = name
            self.level = level
            self.members = members
        }
    }

    package var tool: String
    package var command: String
    /// The scenario file as the user named it.
    package var scenario: String
    package var scenarioName: String
    package var scenarioHash: String
    package var variant: String?
    package var rules: String
    package var baseYear: Int
    package var horizon: Int
    /// The date within each year that the populations refer to (the census reference date, 1 November).
    package var referenceDate: String
    package var areas: [String]
    /// Regions with rows in the long tables; empty in manifests written before they existed.
    package var regions: [Region]
    package var populationDetail: String
    package var draws: Int
    package var seed: UInt64?
    package var uncertainty: [UncertaintyComponent]
    /// Years of life expectancy per unit of log mortality shift, for reading the e0 component.
    package var e0YearsPerLogMortality: Double?
    /// The population's assumptions in words: reference moment, fertility level and path, mortality,
    /// migration, group quarters, households, and the areas whose TFR was shrunk or bounded.
    package var demography: [Assumption]
    package var demandParameters: [Parameter]
    package var workforce: Workforce
    package var programTargets: [Target]
    package var warnings: [String]

    package init(tool: String, command: String, scenario: String, scenarioName: String, scenarioHash: String, variant: String?,
                rules: String, baseYear: Int, horizon: Int, referenceDate: String, areas: [String], populationDetail: String,
                draws: Int, seed: UInt64?, uncertainty: [UncertaintyComponent], e0YearsPerLogMortality: Double?,
                demography: [Assumption] = [], demandParameters: [Parameter], workforce: Workforce, programTargets: [Target], warnings: [String],
                regions: [Region] = [])
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
        self.regions = regions
        self.populationDetail = populationDetail
        self.draws = draws
        self.seed = seed
        self.uncertainty = uncertainty
        self.e0YearsPerLogMortality = e0YearsPerLogMortality
        self.demography = demography
        self.demandParameters = demandParameters
        self.workforce = workforce
        self.programTargets = programTargets
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case tool, command, scenario, variant, rules, areas, regions, draws, seed, uncertainty, workforce, warnings, demography
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
    package func encode(to encoder: any Encoder) throws {
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
        try c.encode(regions, forKey: .regions)
        try c.encode(populationDetail, forKey: .populationDetail)
        try c.encode(draws, forKey: .draws)
        try c.encode(seed, forKey: .seed)
        try c.encode(uncertainty, forKey: .uncertainty)
        try c.encode(e0YearsPerLogMortality, forKey: .e0YearsPerLogMortality)
        try c.encode(demography, forKey: .demography)
        try c.encode(demandParameters, forKey: .demandParameters)
        try c.encode(workforce, forKey: .workforce)
        try c.encode(programTargets, forKey: .programTargets)
        try c.encode(warnings, forKey: .warnings)
    }

    /// Every key is required but `regions` and `demography`, which manifests written before them lack.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tool = try c.decode(String.self, forKey: .tool)
        command = try c.decode(String.self, forKey: .command)
        scenario = try c.decode(String.self, forKey: .scenario)
        scenarioName = try c.decode(String.self, forKey: .scenarioName)
        scenarioHash = try c.decode(String.self, forKey: .scenarioHash)
        variant = try c.decodeIfPresent(String.self, forKey: .variant)
        rules = try c.decode(String.self, forKey: .rules)
        baseYear = try c.decode(Int.self, forKey: .baseYear)
        horizon = try c.decode(Int.self, forKey: .horizon)
        referenceDate = try c.decode(String.self, forKey: .referenceDate)
        areas = try c.decode([String].self, forKey: .areas)
        regions = try c.decodeIfPresent([Region].self, forKey: .regions) ?? []
        populationDetail = try c.decode(String.self, forKey: .populationDetail)
        draws = try c.decode(Int.self, forKey: .draws)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
        uncertainty = try c.decode([UncertaintyComponent].self, forKey: .uncertainty)
        e0YearsPerLogMortality = try c.decodeIfPresent(Double.self, forKey: .e0YearsPerLogMortality)
        demography = try c.decodeIfPresent([Assumption].self, forKey: .demography) ?? []
        demandParameters = try c.decode([Parameter].self, forKey: .demandParameters)
        workforce = try c.decode(Workforce.self, forKey: .workforce)
        programTargets = try c.decode([Target].self, forKey: .programTargets)
        warnings = try c.decode([String].self, forKey: .warnings)
    }

    package var years: [Int] { Array(baseYear...max(baseYear, horizon)) }

    /// The years a scenario may name (its reader's range): a stored base year or horizon outside them
    /// was not written by a run.
    package static let plausibleYears = 1949...2100
    /// Far above any run's; a bound keeps a damaged count from reaching a report's arithmetic.
    package static let maximumDraws = 10_000_000

    /// What a manifest read back from a store must hold for a report to be built from it: a key, what
    /// it should be, what it is.
    package struct Problem: Sendable, Equatable {
        package let key: String
        package let expected: String
        package let found: String
    }

    /// The first thing wrong with a manifest read from a store (horizon before the base year, draws
    /// of 0, no areas), or nil. The writer never makes one; a store edited or damaged may.
    package var problem: Problem? {
        let years = Self.plausibleYears
        if !years.contains(baseYear) {
            return Problem(key: "base_year", expected: "a year from \(years.lowerBound) to \(years.upperBound)", found: String(baseYear))
        }
        if horizon <= baseYear || horizon > years.upperBound {
            return Problem(key: "horizon", expected: "a year after the base year \(baseYear), at most \(years.upperBound)", found: String(horizon))
        }
        if !(1...Self.maximumDraws).contains(draws) {
            return Problem(key: "draws", expected: "a number of draws from 1 to \(Self.maximumDraws)", found: String(draws))
        }
        if areas.isEmpty {
            return Problem(key: "areas", expected: "at least one area code", found: "an empty list")
        }
        if Set(areas).count != areas.count {
            let repeated = areas.enumerated().first { areas.firstIndex(of: $0.element) != $0.offset }?.element ?? ""
            return Problem(key: "areas", expected: "each area once", found: "\(repeated) twice")
        }
        if let problem = regionProblem { return problem }
        if let e0 = e0YearsPerLogMortality, !e0.isFinite {
            return Problem(key: "e0_years_per_log_mortality", expected: "a finite number", found: String(e0))
        }
        return nil
    }

    /// Regions a reader can tell from areas: keys unique and neither an area nor `total`, each with at
    /// least two members, all of them areas of the run.
    var regionProblem: Problem? {
        let areaSet = Set(areas)
        var seen = Set<String>()
        for region in regions {
            if areaSet.contains(region.key) || region.key == RunResult.totalArea || !seen.insert(region.key).inserted {
                return Problem(key: "regions", expected: "region keys that are unique and neither an area nor total", found: region.key)
            }
            if region.members.count < 2 || Set(region.members).count != region.members.count {
                return Problem(key: "regions", expected: "at least two distinct member areas per region", found: "\(region.key): \(region.members.count) members")
            }
            if let stranger = region.members.first(where: { !areaSet.contains($0) }) {
                return Problem(key: "regions", expected: "members among the run's areas", found: "\(stranger) in \(region.key)")
            }
        }
        return nil
    }
}
