/// 四同步: a district's facilities are delivered with its housing, judged on the years between the
/// housing's delivery and the facility's (at most 0). A phased project is judged on the share of housing
/// floor area finished before the facility only where the rule carries a limit for it
/// (`max_housing_share_before_facility`): the often-quoted 50% is in none of the plans' texts, so the
/// catalogue no longer sets it, and a phased project falls back to its years. Not assessed when the
/// district gives neither a judged share nor both years.
struct FourSynchronousDeliveryRule: CheckRule {
    let id = "four-synchronous-delivery"
    let subjects: Set<CheckSubject> = [.district]

    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] {
        let rule = checker.rules[id]
        guard rule.value("required") >= 1 else { return [] }
        if let share = district.housingShareBeforeFacility, let limit = rule.parameter("max_housing_share_before_facility")?.scalar {
            return [checker.finding(district.id, .district, rule, "housing_share_before_facility",
                                    limit, share, .share, bound: .maximum)]
        }
        guard district.deliveryYear != nil else {
            return [checker.notAssessed(district.id, .district, rule, "facility_delay_years", 0, .year,
                                        needs: "districts[].delivery_year", bound: .maximum)]
        }
        guard let housing = district.deliveryYear, let facility = district.facilityDeliveryYear else {
            return [checker.notAssessed(district.id, .district, rule, "facility_delay_years", 0, .year,
                                        needs: "districts[].facility_delivery_year", bound: .maximum)]
        }
        // A facility delivered before the housing is synchronous enough: no negative delay is credited.
        return [checker.finding(district.id, .district, rule, "facility_delay_years", 0, Double(max(0, facility - housing)), .year,
                                bound: .maximum)]
    }
}
