/// A coverage share the plans set for an area: covered places (streets with a centre, communities with
/// service, townships with an institution) against the share of all such places; not assessed, naming
/// the key, when the area does not give both counts.
struct AreaCoverageRule: CheckRule {
    let id: String
    /// The supply keys: the places covered, and all places.
    let covered: String
    let total: String
    var subjects: Set<CheckSubject> { [.area] }

    func evaluate(area: AreaSupply, with checker: ComplianceChecker) -> [Finding] {
        let rule = checker.rules[id]
        let share = rule.value("share")
        let lacking = [total, covered].filter { area.facilityCounts[$0] == nil }
        guard lacking.isEmpty else {
            // The required share is known even when the counts are not.
            let needs = lacking.map { "supply.\(area.code).\($0)" }.joined(separator: " + ")
            return [checker.notAssessed(area.code, .area, rule, covered, share, .share, needs: needs)]
        }
        let all = area.facilityCounts[total]!, some = area.facilityCounts[covered]!
        // No such places: nothing to cover (a district with no townships meets a township share).
        let provided = all > 0 ? Double(some) / Double(all) : 1
        return [checker.finding(area.code, .area, rule, covered, share, provided, .share)]
    }
}
