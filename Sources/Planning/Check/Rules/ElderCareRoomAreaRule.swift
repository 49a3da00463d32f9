/// Community elder-care rooms of a new district: the total against the per-household norm (at least one
/// facility's minimum), and the smallest facility against the minimum.
struct ElderCareRoomAreaRule: CheckRule {
    let id = "elder-care-room-area"
    let subjects: Set<CheckSubject> = [.district]

    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] {
        let rule = checker.rules[id]
        let perHundred = rule.value("m2_per_100_households")
        let minimum = rule.value("min_facility_m2")
        let required = max(Double(district.households) * perHundred / 100, minimum)
        let provided = district.elderCareRoomsM2.reduce(0, +)
        let smallest = district.elderCareRoomsM2.min() ?? 0
        return [
            checker.finding(district.id, .district, rule, "total_m2", required, provided, .squareMetres),
            checker.finding(district.id, .district, rule, "smallest_facility_m2", minimum, smallest, .squareMetres),
        ]
    }
}
