/// An area's institutional beds against beds per 1,000 residents aged 60+.
struct InstitutionalBedsPer1000ElderlyRule: CheckRule {
    let id = "institutional-beds-per-1000-elderly"
    let subjects: Set<CheckSubject> = [.area]

    func evaluate(area: AreaSupply, with checker: ComplianceChecker) -> [Finding] {
        guard let elderly = area.elderly60plus, let beds = checker.beds(of: area) else { return [] }
        let rule = checker.rules[id]
        let required = (rule.value("beds_per_1000_elderly") * Double(elderly) / 1000).roundedUpCount
        return [checker.finding(area.code, .area, rule, "beds", required, beds, .beds)]
    }
}
