import Foundation

/// Tests districts, areas and institutions against the rules in force: what `carecap check` prints.
/// A loop over the check-rule registry (`CheckRules.all`); the rules do the arithmetic on declared
/// numbers, and every number they use comes from the RuleBook.
public struct ComplianceChecker: Sendable {
    public let rules: RuleBook
    /// Household size by area code, from a loaded census; the national figure where absent.
    public let householdSizeByArea: [String: Double]
    public static let nationalHouseholdSize = 2.62
    /// The year whose planned supply levels are checked; nil takes each pipeline's last level.
    public let asOfYear: Int?

    public init(rules: RuleBook, householdSizeByArea: [String: Double] = [:], asOfYear: Int? = nil) {
        self.rules = rules
        self.householdSizeByArea = householdSizeByArea
        self.asOfYear = asOfYear
    }

    /// The registered rules evaluated on `subject` that are checked under this rule book.
    func inForce(_ subject: CheckSubject) -> [any CheckRule] {
        CheckRules.all.filter { $0.subjects.contains(subject) && rules.isChecked($0.id) }
    }

    /// Ids of the rules checked on a kind of subject under this rule book, in registry order.
    public func checkedRuleIDs(_ subject: CheckSubject) -> [String] {
        inForce(subject).map(\.id)
    }

    public func check(districts: [District], supply: [AreaSupply]) -> [Finding] {
        var findings: [Finding] = []
        for district in districts {
            findings += check(district)
        }
        for rule in inForce(.districts) {
            findings += rule.evaluate(districts: districts, with: self)
        }
        for area in supply {
            findings += check(area)
        }
        return findings
    }

    public func check(_ district: District) -> [Finding] {
        inForce(.district).flatMap { $0.evaluate(district: district, with: self) }
    }

    public func check(_ area: AreaSupply) -> [Finding] {
        var findings = inForce(.area).flatMap { $0.evaluate(area: area, with: self) }
        for institution in area.institutions {
            findings += check(institution, in: area)
        }
        return findings
    }

    public func check(_ institution: AreaSupply.Institution, in area: AreaSupply) -> [Finding] {
        inForce(.institution).flatMap { $0.evaluate(institution: institution, in: area, with: self) }
    }

    // MARK: Quantities the rules share

    public func residents(of district: District) -> Double {
        let size = district.personsPerHousehold
            ?? district.area.flatMap { householdSizeByArea[$0] }
            ?? Self.nationalHouseholdSize
        return Double(district.households) * size
    }

    /// Declared slots, or classes × caps when the district gives none.
    public func slots(of nursery: District.Nursery?) -> Int {
        guard let nursery else { return 0 }
        if let slots = nursery.slots { return slots }
        let caps = rules["nursery-class-size"]
        return ClassBand.allCases.reduce(0) { $0 + nursery.classes[$1] * Int(caps.value($1.capParameter)) }
    }

    /// An area's beds in the checked year, or its institutions' beds summed.
    func beds(of area: AreaSupply) -> Double? {
        area.beds?.level(in: asOfYear)
            ?? (area.institutions.isEmpty ? nil : Double(area.institutions.reduce(0) { $0 + $1.beds }))
    }

    /// An area's nursing beds in the checked year, or its institutions' summed when every one declares them.
    func nursingBeds(of area: AreaSupply) -> Double? {
        if let declared = area.nursingBeds?.level(in: asOfYear) { return declared }
        guard !area.institutions.isEmpty else { return nil }
        var sum = 0
        for institution in area.institutions {
            guard let n = institution.nursingBeds else { return nil }
            sum += n
        }
        return Double(sum)
    }

    /// A finding the scenario cannot support: the requirement where it is known (else NaN), nothing provided,
    /// and the key that would let it be judged.
    func notAssessed(
        _ subject: String, _ kind: Finding.Kind, _ rule: RuleDefinition, _ metric: String,
        _ required: Double, _ unit: RuleUnit, needs key: String, bound: Finding.Bound = .minimum
    ) -> Finding {
        Finding(subject: subject, kind: kind, rule: rule.id, metric: metric, required: required,
                provided: .nan, unit: unit, bound: bound, source: rule.source,
                responsibleUnits: rule.responsibleUnits, needs: key)
    }

    func finding(
        _ subject: String, _ kind: Finding.Kind, _ rule: RuleDefinition, _ metric: String,
        _ required: Double, _ provided: Double, _ unit: RuleUnit, bound: Finding.Bound = .minimum
    ) -> Finding {
        Finding(subject: subject, kind: kind, rule: rule.id, metric: metric, required: required,
                provided: provided, unit: unit, bound: bound, source: rule.source,
                responsibleUnits: rule.responsibleUnits)
    }
}

extension Double {
    /// ceil for counts, tolerant of products like 4.5 × 2000 / 1000 landing a hair above an integer.
    var roundedUpCount: Double {
        let nearest = self.rounded()
        if abs(self - nearest) <= 1e-9 * max(1, abs(self)) { return nearest }
        return self.rounded(.up)
    }
}
