/// Childcare slots against slots per 1,000 residents: a district's residents (households × household
/// size), or an area's declared population.
struct NurserySlotsPer1000Rule: CheckRule {
    let id = "nursery-slots-per-1000"
    let subjects: Set<CheckSubject> = [.district, .area]

    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] {
        let rule = checker.rules[id]
        let required = (rule.value("slots_per_1000") * checker.residents(of: district) / 1000).roundedUpCount
        return [checker.finding(district.id, .district, rule, "slots", required,
                                Double(checker.slots(of: district.nursery)), .slots)]
    }

    func evaluate(area: AreaSupply, with checker: ComplianceChecker) -> [Finding] {
        guard let population = area.population, let slots = area.nurserySlots else { return [] }
        let rule = checker.rules[id]
        let required = (rule.value("slots_per_1000") * Double(population) / 1000).roundedUpCount
        return [checker.finding(area.code, .area, rule, "slots", required, slots.level(in: checker.asOfYear), .slots)]
    }
}
