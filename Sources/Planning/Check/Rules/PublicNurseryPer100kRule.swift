/// Public nurseries of an area against one per 100,000 residents, rounded down: a county under
/// 100,000 may meet the need in other forms, so it is required none.
struct PublicNurseryPer100kRule: CheckRule {
    let id = "public-nursery-per-100k"
    let subjects: Set<CheckSubject> = [.area]

    func evaluate(area: AreaSupply, with checker: ComplianceChecker) -> [Finding] {
        guard let population = area.population, let publicNurseries = area.publicNurseries else { return [] }
        let rule = checker.rules[id]
        let required = (rule.value("per_100k_residents") * Double(population) / 100_000).rounded(.down)
        return [checker.finding(area.code, .area, rule, "public_nurseries", required, Double(publicNurseries), .institutions)]
    }
}
