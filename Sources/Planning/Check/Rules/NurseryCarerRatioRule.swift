/// Carers a district's nursery needs, summed over bands; classes are at least those the caps need, so
/// an under-classed nursery is not excused carers (caps come from nursery-class-size even when that
/// rule is not checked).
struct NurseryCarerRatioRule: CheckRule {
    let id = "nursery-carer-ratio"
    let subjects: Set<CheckSubject> = [.district]

    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] {
        guard let nursery = district.nursery, nursery.children.total > 0 else { return [] }
        let rule = checker.rules[id]
        let caps = checker.rules["nursery-class-size"]
        var required = 0
        for band in ClassBand.allCases {
            let children = nursery.children[band]
            guard children > 0 else { continue }
            let cap = Int(caps.value(band.capParameter))
            let classes = max(nursery.classes[band], NurseryStaffing.classesNeeded(children: children, cap: cap))
            required += NurseryStaffing.carersNeeded(
                children: children, classes: classes, cap: cap,
                childrenPerCarer: Int(rule.value(band.ratioParameter)))
        }
        return [checker.finding(district.id, .district, rule, "carers", Double(required), Double(nursery.carers), .carers)]
    }
}
