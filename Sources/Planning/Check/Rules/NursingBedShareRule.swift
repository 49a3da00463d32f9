/// Nursing-type beds of an area against the share of its beds (declared levels, or institutions summed).
/// The requirement is the share of the beds the area has, not of the beds the standard requires (what
/// `run` calls nursing-type beds on the standard basis): two quantities, so the metric has its own name,
/// `nursing_beds_of_beds` (issue 12: one name, one number).
struct NursingBedShareRule: CheckRule {
    let id = "nursing-bed-share"
    let subjects: Set<CheckSubject> = [.area]

    func evaluate(area: AreaSupply, with checker: ComplianceChecker) -> [Finding] {
        guard let beds = checker.beds(of: area), let nursingBeds = checker.nursingBeds(of: area) else { return [] }
        let rule = checker.rules[id]
        let required = (rule.value("share") * beds).roundedUpCount
        return [checker.finding(area.code, .area, rule, "nursing_beds_of_beds", required, nursingBeds, .beds)]
    }
}
