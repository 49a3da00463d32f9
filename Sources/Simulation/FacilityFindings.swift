import Planning
import Results
import Scenario

/// The plans' area facility measures in a run (issue 11): public nurseries per 100,000 residents on the
/// projected population, a disability-care home per county, a guidance centre per prefecture, and the
/// coverage shares, each judged in the rule's target year (`by_year`, or the horizon when that year is
/// outside the run) under the scenario's rule book. A count the scenario does not give is a
/// not-assessed finding naming its key, never zero.
struct FacilityFindings {
    let plan: CapacityPlan
    let result: CapacitySimulation.Result

    /// The check rules a run evaluates per area; each only where the rule book checks it.
    static let areaRules = ["county-disability-care-home", "nursery-guidance-centre", "street-elder-care-centre",
                            "community-elder-service-coverage", "township-elder-care-coverage"]

    func findings(nature: (String) -> RunFinding.Nature) -> [RunFinding] {
        let rules = plan.scenario.rules
        let supplyByCode = Dictionary(plan.scenario.supply.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let checker = ComplianceChecker(rules: rules, asOfYear: plan.years.last)
        let registered = CheckRules.all.filter { Self.areaRules.contains($0.id) && rules.isChecked($0.id) }
        var out: [RunFinding] = []
        for (a, area) in plan.inputs.areas.enumerated() {
            let supply = supplyByCode[area.key] ?? AreaSupply(code: area.key)
            if rules.isChecked("public-nursery-per-100k") { out.append(publicNurseries(a, supply, nature)) }
            for rule in registered {
                for f in rule.evaluate(area: supply, with: checker) {
                    let year = targetYear(f.rule)
                    let basis: SupplyBasis = f.needs != nil ? .notProvided : supply.sources[f.metric]?.basis == .declared ? .declared : .assumption
                    out.append(RunFinding(subject: area.key, kind: .area, rule: f.rule, metric: f.metric, year: year,
                                          required: f.required, provided: f.provided, shortfall: f.shortfall, unit: f.unit,
                                          status: Self.status(f.status), probabilityMet: f.status == .pass ? 1 : f.status == .fail ? 0 : .nan,
                                          nature: nature(f.rule), source: f.source, responsibleUnits: f.responsibleUnits,
                                          supplyBasis: basis, uncertain: false, needs: f.needs))
                }
            }
        }
        return out
    }

    static func status(_ s: Finding.Status) -> RunFinding.Status {
        switch s {
        case .pass: .pass
        case .fail: .fail
        case .notAssessed: .notAssessed
        }
    }

    /// The rule's `by_year` when the run covers it, else the horizon.
    func targetYear(_ id: String) -> Int {
        let rule = plan.scenario.rules[id]
        if rule.parameter("by_year") != nil {
            let year = Int(rule.value("by_year"))
            if plan.years.contains(year) { return year }
        }
        return plan.years.last!
    }

    /// floor(per_100k × residents / 100,000) public nurseries on the projected residents (P50) of the
    /// target year: a county under 100,000 is required none. The requirement is uncertain when it
    /// differs between the residents' P10 and P90; its probability is then not known from the
    /// quantiles alone, so none is given.
    func publicNurseries(_ a: Int, _ supply: AreaSupply, _ nature: (String) -> RunFinding.Nature) -> RunFinding {
        let id = "public-nursery-per-100k"
        let rule = plan.scenario.rules[id]
        let year = targetYear(id)
        let y = year - plan.baseYear
        let base = (y * OutputColumns.count + OutputColumns.totalResidents) * 3
        let values = result.areas[a].values
        func required(_ residents: Double) -> Double { (rule.value("per_100k_residents") * residents / 100_000).rounded(.down) }
        let need = required(values[base + 1])
        let uncertain = required(values[base]) != required(values[base + 2])
        let code = plan.inputs.areas[a].key
        guard let count = supply.publicNurseries else {
            return RunFinding(subject: code, kind: .area, rule: id, metric: "public_nurseries", year: year, required: need,
                              provided: .nan, shortfall: .nan, unit: .institutions, status: .notAssessed, probabilityMet: .nan,
                              nature: nature(id), source: rule.source, responsibleUnits: rule.responsibleUnits,
                              supplyBasis: .notProvided, uncertain: uncertain, needs: "supply.\(code).public_nurseries")
        }
        let provided = Double(count)
        let shortfall = max(0, need - provided)
        let met = shortfall == 0
        return RunFinding(subject: code, kind: .area, rule: id, metric: "public_nurseries", year: year, required: need,
                          provided: provided, shortfall: shortfall, unit: .institutions, status: met ? .pass : .fail,
                          probabilityMet: uncertain ? .nan : (met ? 1 : 0), nature: nature(id), source: rule.source,
                          responsibleUnits: rule.responsibleUnits,
                          supplyBasis: supply.sources["public_nurseries"]?.basis == .declared ? .declared : .assumption,
                          uncertain: uncertain)
    }
}
