import Testing
@testable import Planning

@Suite("Rule units")
struct RuleUnitTests {
    @Test("every unit has distinct zh and en labels, and its English label finds it again", arguments: RuleUnit.allCases)
    func labels(unit: RuleUnit) {
        #expect(!unit.zh.isEmpty && !unit.en.isEmpty)
        #expect(RuleUnit(label: unit.en) == unit)
        #expect(RuleUnit.allCases.filter { $0.en == unit.en }.count == 1)
    }

    /// Rule files name units by raw value: these ids are a file format and must not drift. The English
    /// labels are what CSV and JSON printed before units were typed.
    @Test("raw ids and labels of the units findings print", arguments: [
        (RuleUnit.share, "share", "share"),
        (.squareMetres, "m2", "m²"),
        (.slotsPer1000Residents, "slots-per-1000-residents", "slots/1,000 residents"),
        (.socialWorkers, "social-workers", "social workers"),
        (.yuanPerMonth, "yuan-per-month", "yuan/month"),
    ])
    func stableIDs(unit: RuleUnit, id: String, label: String) {
        #expect(unit.rawValue == id)
        #expect(unit.en == label)
    }

    @Test("rates per 1,000 are exactly the two per-1,000 units")
    func perThousand() {
        #expect(Set(RuleUnit.allCases.filter(\.isPerThousand)) == [.slotsPer1000Residents, .bedsPer1000Elderly])
    }
}
