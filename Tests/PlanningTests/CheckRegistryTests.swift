import Testing
@testable import Planning

@Suite("Check rule registry")
struct CheckRegistryTests {
    @Test("the registry holds exactly the catalogue's `evaluated_by: check` rules, each once")
    func registryMatchesCatalogue() {
        let registered = CheckRules.all.map(\.id)
        let catalogued = RuleCatalogue.nationalRules.filter { $0.evaluatedBy.contains(.check) }.map(\.id)
        #expect(Set(registered).count == registered.count)
        // Both ways: a check rule without code, and code without a check rule in the catalogue.
        #expect(Set(catalogued).subtracting(registered).isEmpty, "no Swift rule for \(Set(catalogued).subtracting(registered))")
        #expect(Set(registered).subtracting(catalogued).isEmpty, "no check rule file for \(Set(registered).subtracting(catalogued))")
    }

    @Test("each registered rule's subjects fit its catalogue scope", arguments: CheckRules.all.map(\.id))
    func subjectsFitScope(id: String) throws {
        let rule = try #require(RuleCatalogue.nationalRule(id))
        let subjects = try #require(CheckRules.all.first { $0.id == id }).subjects
        // A rule of one scope is evaluated on that subject; slots per 1,000 is an area norm that is also
        // applied to a district's residents, and a program rule is evaluated over all districts.
        let allowed: Set<CheckSubject> = switch rule.scope {
        case .district: [.district]
        case .area: [.area, .district]
        case .institution: [.institution]
        case .program: [.districts]
        case .reference: []
        }
        #expect(subjects.isSubset(of: allowed) && !subjects.isEmpty, "\(id): \(subjects) for scope \(rule.scope)")
    }
}
