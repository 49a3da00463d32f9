/// Full-time health staff of a district's nursery: required from the enrolment the rule names (150
/// children); below it part-time staff are allowed, so the nursery is judged only when it gives its
/// staff. Not assessed when a nursery that size does not give `health_staff`.
struct NurseryHealthStaffRule: CheckRule {
    let id = "nursery-health-staff"
    let subjects: Set<CheckSubject> = [.district]

    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] {
        guard let nursery = district.nursery else { return [] }
        let rule = checker.rules[id]
        let large = Double(nursery.children.total) >= rule.value("full_time_from_children")
        let required = large ? rule.value("full_time_staff") : 0
        guard let staff = nursery.healthStaff else {
            return large ? [checker.notAssessed(district.id, .district, rule, "health_staff", required, .staff,
                                                needs: "districts[].nursery.health_staff")] : []
        }
        return [checker.finding(district.id, .district, rule, "health_staff", required, Double(staff), .staff)]
    }
}
