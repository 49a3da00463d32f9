/// Social workers of an institution per 100 beds, small institutions counted at the minimum bed count.
struct SocialWorkersPer100BedsRule: CheckRule {
    let id = "social-workers-per-100-beds"
    let subjects: Set<CheckSubject> = [.institution]

    func evaluate(institution: AreaSupply.Institution, in area: AreaSupply, with checker: ComplianceChecker) -> [Finding] {
        guard let workers = institution.socialWorkers else { return [] }
        let rule = checker.rules[id]
        let counted = max(Double(institution.beds), rule.value("min_counted_beds"))
        let required = (rule.value("workers_per_100_beds") * counted / 100).roundedUpCount
        return [checker.finding(institution.id, .institution, rule, "social_workers", required, Double(workers), .socialWorkers)]
    }
}
