import Planning
import Yams

/// Reads the sections `carecap run` adds: `uncertainty`, `demand` and `workforce`.
struct RunSectionsReader {
    let reader: NodeReader

    static let uncertaintyKeys = ["draws", "seed", "tfr", "e0", "migration", "propensity"]
    static let componentKeys = ["sd", "shared", "persistence"]
    static let demandKeys = ["enrolment", "propensity"]
    static let workforceKeys = ["carers_trained_per_year", "training_from", "training_to", "carer_attrition",
                                "social_worker_attrition"]
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
        func component(_ key: String, _ base: UncertaintySpec.Component, persistence allowed: Bool,
                       maximumSD: Double, unit: String) throws(ScenarioError) -> UncertaintySpec.Component
        {
            guard let n = f[key] else { return base }
            let c = try reader.fields(n, f.path(key), known: allowed ? Self.componentKeys : ["sd", "shared"])
            var result = base
            if let sd = c["sd"] {
                let value = try reader.nonNegative(sd, c.path("sd"), unit: unit)
                guard value <= maximumSD else { throw reader.expected("a standard deviation ≤ \(maximumSD) (\(unit))", sd, c.path("sd")) }
                result.sd = value
            }
            if let shared = c["shared"] { result.shared = try reader.fraction(shared, c.path("shared")) }
            if let p = c["persistence"] { result.persistence = try reader.fraction(p, c.path("persistence")) }
            return result
        }
        spec.tfr = try component("tfr", spec.tfr, persistence: true, maximumSD: 1, unit: "log TFR a year")
        spec.e0 = try component("e0", spec.e0, persistence: false, maximumSD: 10, unit: "years")
        spec.migration = try component("migration", spec.migration, persistence: false, maximumSD: 5, unit: "relative scale")
        spec.propensity = try component("propensity", spec.propensity, persistence: false, maximumSD: 2, unit: "log factor")
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
        if let n = f["carer_attrition"] { section.carerAttrition = try reader.fraction(n, f.path("carer_attrition")) }
        if let n = f["social_worker_attrition"] {
            section.socialWorkerAttrition = try reader.fraction(n, f.path("social_worker_attrition"))
        }
        return section
    }
}
