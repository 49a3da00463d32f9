/// Classes a district's nursery needs per age band at the band's cap, against the classes it has.
struct NurseryClassSizeRule: CheckRule {
    let id = "nursery-class-size"
    let subjects: Set<CheckSubject> = [.district]

    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] {
        guard let nursery = district.nursery else { return [] }
        let rule = checker.rules[id]
        return ClassBand.allCases.compactMap { band in
            let children = nursery.children[band]
            guard children > 0 else { return nil }
            let needed = NurseryStaffing.classesNeeded(children: children, cap: Int(rule.value(band.capParameter)))
            return checker.finding(district.id, .district, rule, "\(band.rawValue)_classes",
                                   Double(needed), Double(nursery.classes[band]), .classes)
        }
    }
}
