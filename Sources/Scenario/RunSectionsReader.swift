import Planning
import Yams

/// Reads the sections `carecap run` adds: `uncertainty`, `demand` and `workforce`.
struct RunSectionsReader {
    let reader: NodeReader

    static let uncertaintyKeys = ["draws", "seed", "tfr", "e0", "migration", "propensity", "enrolment",
                                  "institutional_care", "behaviour_correlation", "undercount_0_4"]
    static let componentKeys = ["sd", "shared", "persistence"]
    static let driftingKeys = ["sd", "shared", "persistence", "sd_per_year"]
    static let migrationKeys = ["sd", "shared", "per_1000", "per_1000_per_mobility", "persistence", "province_shared"]
    static let undercountKeys = ["mean", "sd", "shared"]
    static let demandKeys = ["enrolment", "propensity", "class_mix"]
    static let workforceKeys = ["carers_trained_per_year", "training_from", "training_to", "carer_attrition",
                                "social_worker_attrition", "trainees_becoming_carers", "training_counts_plan_occupations", "source"]
    static let maximumDraws = 100_000

    func uncertainty(_ node: Node, _ path: String) throws(ScenarioError) -> UncertaintySpec {
        let f = try reader.fields(node, path, known: Self.uncertaintyKeys)
        var spec = UncertaintySpec.defaults
        if let n = f["draws"] {
            let draws = try reader.count(n, f.path("draws"), of: "draws")
            guard (1...Self.maximumDraws).contains(draws) else {
                throw reader.expected("between 1 and \(Self.maximumDraws) draws", n, f.path("draws"))
            }
            spec.draws = draws
        }
        if let n = f["seed"] {
            let seed = try reader.number(n, f.path("seed"), what: "a whole-number seed ≥ 0")
            guard seed >= 0, seed.rounded() == seed, seed < 9.0e15 else {
                throw reader.expected("a whole-number seed ≥ 0", n, f.path("seed"))
            }
            spec.seed = UInt64(seed)
        }
        func standardDeviation(_ n: Node, _ path: String, maximum: Double, unit: String) throws(ScenarioError) -> Double {
            let value = try reader.nonNegative(n, path, unit: unit)
            guard value <= maximum else { throw reader.expected("a standard deviation ≤ \(maximum) (\(unit))", n, path) }
            return value
        }
        /// `keys`: what the component accepts; `sd_per_year` and `persistence` only where listed.
        func component(_ key: String, _ base: UncertaintySpec.Component, keys: [String],
                       maximumSD: Double, unit: String) throws(ScenarioError) -> UncertaintySpec.Component
        {
            guard let n = f[key] else { return base }
            let c = try reader.fields(n, f.path(key), known: keys)
            var result = base
            if let sd = c["sd"] { result.sd = try standardDeviation(sd, c.path("sd"), maximum: maximumSD, unit: unit) }
            if let sd = c["sd_per_year"] {
                result.sdPerYear = try standardDeviation(sd, c.path("sd_per_year"), maximum: maximumSD, unit: "\(unit) a year")
            }
            if let shared = c["shared"] { result.shared = try reader.fraction(shared, c.path("shared")) }
            if let p = c["persistence"] { result.persistence = try reader.fraction(p, c.path("persistence")) }
            return result
        }
        spec.tfr = try component("tfr", spec.tfr, keys: Self.componentKeys, maximumSD: 1, unit: "log TFR a year")
        spec.e0 = try component("e0", spec.e0, keys: Self.driftingKeys, maximumSD: 10, unit: "years")
        if let n = f["migration"] {
            let c = try reader.fields(n, f.path("migration"), known: Self.migrationKeys)
            if let sd = c["sd"] { spec.migration.sd = try standardDeviation(sd, c.path("sd"), maximum: 5, unit: "relative scale") }
            if let shared = c["shared"] { spec.migration.shared = try reader.fraction(shared, c.path("shared")) }
            if let v = c["per_1000"] {
                spec.additiveMigration.perThousand = try standardDeviation(v, c.path("per_1000"), maximum: 200, unit: "per 1,000 a year")
            }
            if let v = c["per_1000_per_mobility"] {
                spec.additiveMigration.perThousandPerMobility = try standardDeviation(
                    v, c.path("per_1000_per_mobility"), maximum: 1000, unit: "per 1,000 a year per unit in-migrant share")
            }
            if let p = c["persistence"] {
                let value = try reader.fraction(p, c.path("persistence"))
                guard value < 1 else { throw reader.expected("a persistence below 1 (the yearly rates are stationary)", p, c.path("persistence")) }
                spec.additiveMigration.persistence = value
            }
            if let p = c["province_shared"] { spec.additiveMigration.provinceShared = try reader.fraction(p, c.path("province_shared")) }
        }
        // `propensity` (the level of both behaviours at once) stays accepted; the specific keys win.
        if f["propensity"] != nil {
            let both = try component("propensity", spec.enrolment, keys: ["sd", "shared"], maximumSD: 2, unit: "log factor")
            spec.enrolment.sd = both.sd; spec.enrolment.shared = both.shared
            spec.institutionalCare.sd = both.sd; spec.institutionalCare.shared = both.shared
        }
        spec.enrolment = try component("enrolment", spec.enrolment, keys: Self.driftingKeys, maximumSD: 2, unit: "log factor")
        spec.institutionalCare = try component("institutional_care", spec.institutionalCare, keys: Self.driftingKeys,
                                               maximumSD: 2, unit: "log factor")
        if let n = f["behaviour_correlation"] {
            let value = try reader.number(n, f.path("behaviour_correlation"), what: "a correlation between -1 and 1")
            guard (-1...1).contains(value) else {
                throw reader.expected("a correlation between -1 and 1", n, f.path("behaviour_correlation"))
            }
            spec.behaviourCorrelation = value
        }
        if let n = f["undercount_0_4"] {
            let c = try reader.fields(n, f.path("undercount_0_4"), known: Self.undercountKeys)
            if let m = c["mean"] {
                let value = try reader.number(m, c.path("mean"), what: "a share of children missed, -0.5 to 0.5")
                guard (-0.5...0.5).contains(value) else {
                    throw reader.expected("a share of children missed between -0.5 and 0.5", m, c.path("mean"))
                }
                spec.undercount.mean = value
            }
            if let sd = c["sd"] { spec.undercount.sd = try standardDeviation(sd, c.path("sd"), maximum: 0.5, unit: "share") }
            if let shared = c["shared"] { spec.undercount.shared = try reader.fraction(shared, c.path("shared")) }
        }
        return spec
    }

    func demand(_ node: Node, _ path: String) throws(ScenarioError) -> DemandSection {
        let f = try reader.fields(node, path, known: Self.demandKeys)
        var section = DemandSection()
        if let n = f["enrolment"] {
            let value = try reader.text(n, f.path("enrolment"), what: "actual or wish")
            guard ["actual", "wish"].contains(value) else {
                throw reader.expected("actual (observed enrolment) or wish (families who want care)", n, f.path("enrolment"))
            }
            section.enrolment = value
        }
        if let n = f["propensity"] {
            let keys = PropensityAssumptions.Key.allCases.map(\.rawValue)
            for (key, keyNode, value) in try reader.entries(n, f.path("propensity"), what: "propensities to shares") {
                let keyPath = "\(f.path("propensity")).\(key)"
                guard keys.contains(key) else {
                    throw reader.error(keyNode, keyPath, "unknown propensity \"\(key)\"\(Suggestion.hint(for: key, among: keys)); expected one of: \(keys.joined(separator: ", "))")
                }
                section.propensity[key] = try reader.fraction(value, keyPath)
            }
        }
        if let n = f["class_mix"] {
            // Shares of slots by class band; bands left out hold no slots. They must add up to 1, or the
            // carers would be those of more (or fewer) slots than required.
            let path = f.path("class_mix")
            let bands = ClassMix.bands.map(\.rawValue)
            var shares: [String: Double] = [:]
            for (key, keyNode, value) in try reader.entries(n, path, what: "class bands to shares of slots") {
                guard bands.contains(key) else {
                    throw reader.error(keyNode, "\(path).\(key)", "unknown class band \"\(key)\"\(Suggestion.hint(for: key, among: bands)); expected one of: \(bands.joined(separator: ", ")) (乳儿班 6-12 months, 托小班 12-24, 托大班 24-36, mixed 18 months and over)")
                }
                shares[key] = try reader.fraction(value, "\(path).\(key)")
            }
            let total = shares.values.reduce(0, +)
            guard abs(total - 1) <= 1e-6 else {
                throw reader.expected("shares of slots by class band that add up to 1 (these add up to \(total))", n, path)
            }
            section.classMix = shares
        }
        return section
    }

    func workforce(_ node: Node, _ path: String) throws(ScenarioError) -> WorkforceSection {
        let f = try reader.fields(node, path, known: Self.workforceKeys)
        var section = WorkforceSection()
        if let n = f["carers_trained_per_year"] {
            section.carersTrainedPerYear = try reader.nonNegative(n, f.path("carers_trained_per_year"), unit: "carers a year")
        }
        section.trainingFrom = try f["training_from"].map { n throws(ScenarioError) in try reader.year(n, f.path("training_from")) }
        section.trainingTo = try f["training_to"].map { n throws(ScenarioError) in try reader.year(n, f.path("training_to")) }
        if let from = section.trainingFrom, let to = section.trainingTo, to < from {
            throw reader.expected("a year not before training_from \(from)", f["training_to"]!, f.path("training_to"))
        }
        if let n = f["trainees_becoming_carers"] {
            section.traineesBecomingCarers = try reader.fraction(n, f.path("trainees_becoming_carers"))
        }
        if let n = f["training_counts_plan_occupations"] {
            section.trainingCountsPlanOccupations = try reader.bool(n, f.path("training_counts_plan_occupations"))
        }
        if let n = f["carer_attrition"] { section.carerAttrition = try reader.fraction(n, f.path("carer_attrition")) }
        if let n = f["social_worker_attrition"] {
            section.socialWorkerAttrition = try reader.fraction(n, f.path("social_worker_attrition"))
        }
        if let n = f["source"] {
            section.source = SupplySource(parsing: try reader.text(n, f.path("source"), what: "a plan and clause, or \"assumption: <basis>\""))
        }
        return section
    }
}
