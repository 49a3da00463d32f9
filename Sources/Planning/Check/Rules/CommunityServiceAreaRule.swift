/// A new district's community comprehensive service facilities (社区综合服务设施) against the area per
/// 100 households; not assessed when the district does not give `community_service_m2`.
struct CommunityServiceAreaRule: CheckRule {
    let id = "community-service-area"
    let subjects: Set<CheckSubject> = [.district]

    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] {
        let rule = checker.rules[id]
        let required = Double(district.households) * rule.value("m2_per_100_households") / 100
        guard let provided = district.communityServiceM2 else {
            return [checker.notAssessed(district.id, .district, rule, "community_service_m2", required, .squareMetres,
                                        needs: "districts[].community_service_m2")]
        }
        return [checker.finding(district.id, .district, rule, "community_service_m2", required, provided, .squareMetres)]
    }
}
