/// Inclusive beds of a publicly built, privately run institution against the share of its beds.
struct InclusiveBedShareRule: CheckRule {
    let id = "inclusive-bed-share"
    let subjects: Set<CheckSubject> = [.institution]

    func evaluate(institution: AreaSupply.Institution, in area: AreaSupply, with checker: ComplianceChecker) -> [Finding] {
        guard institution.operation == .publicPrivate else { return [] }
        let rule = checker.rules[id]
        let required = (rule.value("share") * Double(institution.beds)).roundedUpCount
        return [checker.finding(institution.id, .institution, rule, "inclusive_beds", required,
                                Double(institution.inclusiveBeds ?? 0), .beds)]
    }
}
