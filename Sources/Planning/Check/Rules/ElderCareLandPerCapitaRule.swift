/// Land for elder-care facilities in a new district against the land per resident (residents from its
/// households, as the other district rules count them); not assessed without `land_m2`.
struct ElderCareLandPerCapitaRule: CheckRule {
    let id = "elder-care-land-per-capita"
    let subjects: Set<CheckSubject> = [.district]

    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] {
        let rule = checker.rules[id]
        let required = checker.residents(of: district) * rule.value("m2_per_resident")
        guard let provided = district.landM2 else {
            return [checker.notAssessed(district.id, .district, rule, "elder_care_land_m2", required, .squareMetres,
                                        needs: "districts[].land_m2")]
        }
        return [checker.finding(district.id, .district, rule, "elder_care_land_m2", required, provided, .squareMetres)]
    }
}
