/// The area-level facility measures the plans set as "every county / prefecture has at least N": the
/// count the area gives (`AreaSupply.facilityCounts`) against N, for areas of the level the rule names;
/// not assessed when the area does not give the count.
struct AreaFacilityCountRule: CheckRule {
    enum Level { case county, prefecture }

    let id: String
    let level: Level
    /// The rule parameter with N, and the supply key with the count.
    let parameter: String
    let key: String
    let unit: RuleUnit
    var subjects: Set<CheckSubject> { [.area] }

    func evaluate(area: AreaSupply, with checker: ComplianceChecker) -> [Finding] {
        guard Self.level(of: area.code) == level else { return [] }
        let rule = checker.rules[id]
        let required = rule.value(parameter)
        guard let count = area.facilityCounts[key] else {
            return [checker.notAssessed(area.code, .area, rule, key, required, unit, needs: "supply.\(area.code).\(key)")]
        }
        return [checker.finding(area.code, .area, rule, key, required, Double(count), unit)]
    }

    /// A code ending in 0000 is a province, in 00 a prefecture, anything else a county-level unit.
    static func level(of code: String) -> Level? {
        if code.hasSuffix("0000") { return nil }
        return code.hasSuffix("00") ? .prefecture : .county
    }
}
