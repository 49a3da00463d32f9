/// A home-based childcare point: children at most the cap, and carers for every started group.
struct HomeNurseryPointRule: CheckRule {
    let id = "home-nursery-point"
    let subjects: Set<CheckSubject> = [.district]

    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] {
        guard let point = district.homeNurseryPoint else { return [] }
        let rule = checker.rules[id]
        let perCarer = rule.value("children_per_carer")
        return [
            checker.finding(district.id, .district, rule, "home_point_children", rule.value("max_children"),
                            Double(point.children), .children, bound: .maximum),
            checker.finding(district.id, .district, rule, "home_point_carers",
                            (Double(point.children) / perCarer).roundedUpCount, Double(point.carers), .carers),
        ]
    }
}
