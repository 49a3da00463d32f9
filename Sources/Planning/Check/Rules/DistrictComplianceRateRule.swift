/// Per approval year: the share of that year's districts whose elder-care-room findings all pass,
/// against the target in force in that year. Years before the first target have none.
struct DistrictComplianceRateRule: CheckRule {
    let id = "district-compliance-rate"
    let subjects: Set<CheckSubject> = [.districts]

    func evaluate(districts: [District], with checker: ComplianceChecker) -> [Finding] {
        // The share is of districts passing the room rule: without that rule checked it means nothing.
        let rooms = ElderCareRoomAreaRule()
        guard checker.rules.isChecked(rooms.id), let rule = checker.rules.rule(id),
              let targets = rule.parameter("target")?.schedule, let first = targets.first
        else { return [] }
        var byYear: [Int: (districts: Int, compliant: Int)] = [:]
        for district in districts {
            guard let year = district.approvalYear else { continue }
            let passes = rooms.evaluate(district: district, with: checker).allSatisfy { $0.status == .pass }
            byYear[year, default: (0, 0)].districts += 1
            byYear[year, default: (0, 0)].compliant += passes ? 1 : 0
        }
        return byYear.keys.sorted().compactMap { year in
            guard year >= first.year, let target = targets.last(where: { $0.year <= year }) else { return nil }
            let counts = byYear[year]!
            let share = Double(counts.compliant) / Double(counts.districts)
            return checker.finding(String(year), .program, rule, "compliant_share", target.value, share, .share)
        }
    }
}
