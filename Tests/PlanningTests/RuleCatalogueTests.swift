import Foundation
import Testing
@testable import Planning

/// Every rule id of RULES.md, in its order ("four-synchronous delivery" is `four-synchronous-delivery`;
/// the local variants are not separate rules; the conversion defaults are `.reference` rules).
let rulesMDIDs = [
    // Community and residential districts
    "elder-care-room-area", "district-compliance-rate", "community-service-area", "elder-care-land-per-capita",
    "four-synchronous-delivery",
    // Childcare
    "nursery-slots-per-1000", "nursery-class-size", "nursery-carer-ratio", "nursery-health-staff",
    "home-nursery-point", "public-nursery-per-100k", "nursery-guidance-centre", "nursery-totals-heilongjiang",
    "nursery-worker-training",
    // Elderly care
    "nursing-bed-share", "institutional-beds-per-1000-elderly", "bed-building-area", "social-workers-per-100-beds",
    "inclusive-bed-share", "inclusive-price", "county-disability-care-home", "township-elder-care-coverage",
    "street-elder-care-centre", "community-elder-service-coverage", "rural-elder-facility-coverage", "public-home-occupancy",
    "beds-total-heilongjiang", "special-poverty-centralised-care", "home-adaptation", "lottery-fund-share",
    // Conversion defaults
    "persons-per-household", "disability-prevalence-60plus", "disability-prevalence-by-age",
    "disabled-in-institutions-share", "institutional-care-share-60plus", "institutional-residence-by-age",
    "childcare-enrolment", "nursery-class-mix",
]

let conversionDefaultIDs: Set<String> = [
    "persons-per-household", "disability-prevalence-60plus", "disability-prevalence-by-age",
    "disabled-in-institutions-share", "institutional-care-share-60plus", "institutional-residence-by-age",
    "childcare-enrolment", "nursery-class-mix",
]

/// The rules another engineer's checks use: id, parameter names with their national values, checked flag.
let protectedRules: [(id: String, values: [String: RuleParameter.Value], checked: Bool)] = [
    ("elder-care-room-area", ["m2_per_100_households": .scalar(20), "min_facility_m2": .scalar(300)], true),
    ("district-compliance-rate",
     ["target": .schedule([.init(2022, 0.5), .init(2023, 0.7), .init(2024, 0.9), .init(2025, 1.0)])], true),
    ("nursery-class-size",
     ["infant_cap": .scalar(10), "toddler_cap": .scalar(15), "older_cap": .scalar(20), "mixed_cap": .scalar(18)], true),
    ("nursery-carer-ratio",
     ["infant_children_per_carer": .scalar(3), "toddler_children_per_carer": .scalar(5),
      "older_children_per_carer": .scalar(7), "mixed_children_per_carer": .scalar(5)], true),
    ("nursery-slots-per-1000", ["slots_per_1000": .scalar(4.5)], true),
    ("home-nursery-point", ["max_children": .scalar(5), "children_per_carer": .scalar(3)], true),
    ("nursing-bed-share", ["share": .scalar(0.55)], true),
    ("institutional-beds-per-1000-elderly", ["beds_per_1000_elderly": .scalar(40)], true),
    ("public-nursery-per-100k", ["per_100k_residents": .scalar(1)], false),
    ("social-workers-per-100-beds", ["workers_per_100_beds": .scalar(1), "min_counted_beds": .scalar(100)], true),
    ("inclusive-bed-share", ["share": .scalar(0.30)], true),
    ("inclusive-price", ["income_multiple": .scalar(1.5), "market_price_share": .scalar(0.7)], true),
    // Issue 11: the national facility norms `carecap check` now evaluates under every preset; the plans'
    // own facility measures are checked only under their plan's preset.
    ("community-service-area", ["m2_per_100_households": .scalar(30)], true),
    ("elder-care-land-per-capita", ["m2_per_resident": .scalar(0.1)], true),
    ("nursery-health-staff", ["full_time_from_children": .scalar(150), "full_time_staff": .scalar(1)], true),
    // The phased projects' 50% limit is in none of the plans' texts (issue 11): only the flag is kept.
    ("four-synchronous-delivery", ["required": .scalar(1)], false),
    ("county-disability-care-home", ["per_county": .scalar(1)], false),
    ("nursery-guidance-centre", ["per_prefecture": .scalar(1)], false),
    ("street-elder-care-centre", ["share": .scalar(1)], false),
    ("community-elder-service-coverage", ["share": .scalar(0.6)], false),
    ("township-elder-care-coverage", ["share": .scalar(0.5)], false),
]

struct ParameterKey: Hashable, CustomStringConvertible {
    let rule: String
    let parameter: String
    init(_ rule: String, _ parameter: String) {
        self.rule = rule
        self.parameter = parameter
    }
    var description: String { "\(rule).\(parameter)" }
}

/// Where each preset differs from national on the rules in force under both: the national standards whose
/// numbers the plan replaces, with the clause that sets them (issue 11: a preset takes only what its plan says).
let expectedValueChanges: [String: [ParameterKey: (value: RuleParameter.Value, clause: String)]] = [
    "national": [:],
    "dehong-2022": [
        // 任务13, 年度工作计划 2024年: 护理型床位占比≧55% already in 2024 (national: 55% by 2025).
        ParameterKey("nursing-bed-share", "by_year"): (.scalar(2024), "任务13 年度工作计划 2024年"),
    ],
    "sanya-2023": [
        // 主要指标 5: 养老机构护理型床位占比 60% (2025, 约束性) (national: 55%).
        ParameterKey("nursing-bed-share", "share"): (.scalar(0.60), "主要指标 5"),
    ],
    "heilongjiang-2022": [
        // 目标 养老服务业: 到2026年 各类养老机构护理型床位占比55%以上 (national: by 2025).
        ParameterKey("nursing-bed-share", "by_year"): (.scalar(2026), "目标 养老服务业"),
        // 目标 托育服务业: 到2026年 每千人口拥有3岁以下婴幼儿托位数达到4.5个以上 (national: by 2025).
        ParameterKey("nursery-slots-per-1000", "by_year"): (.scalar(2026), "目标 托育服务业"),
    ],
    // 三、(三)1 sets 0.1 m² of elder-care land per resident, the national value: no difference.
    "gansu-2022": [:],
    // A task table with responsible units and no numbers: the national standards apply unchanged.
    "guizhou-2022": [:],
]

/// The plan's own rules each preset puts in force (none is in force nationally), with a clause of the plan
/// that sets them; a rule another plan owns comes in only with every number from this plan.
let expectedPlanRules: [String: [String: String]] = [
    "national": [:],
    "dehong-2022": [
        "elder-care-room-area": "任务8", "district-compliance-rate": "任务8 年度工作计划 2022年",
        "four-synchronous-delivery": "任务2", "nursery-worker-training": "任务5",
        "county-disability-care-home": "任务13 年度工作计划 2022年", "township-elder-care-coverage": "任务13",
        "special-poverty-centralised-care": "任务13 年度工作计划 2024年", "home-adaptation": "任务9",
        "lottery-fund-share": "任务12", "street-elder-care-centre": "任务13",
    ],
    "sanya-2023": [
        // (十): 按每百张养老床位配备1名社会工作者(床位不足100张的,按100张配备).
        "social-workers-per-100-beds": "(十)", "inclusive-bed-share": "(七)", "inclusive-price": "(七)",
        "community-elder-service-coverage": "主要指标 6", "district-compliance-rate": "主要指标 17",
        "four-synchronous-delivery": "(六)", "lottery-fund-share": "九、(三)",
        // Not home-adaptation: the plan gives a 2025 total but no yearly figure, so the rule stays Dehong's.
    ],
    "heilongjiang-2022": [
        "public-nursery-per-100k": "(二)1", "nursery-guidance-centre": "(二)1",
        "nursery-totals-heilongjiang": "目标 托育服务业", "rural-elder-facility-coverage": "目标 养老服务业",
        "public-home-occupancy": "目标 养老服务业", "beds-total-heilongjiang": "目标 养老服务业",
        "four-synchronous-delivery": "(一)1",
    ],
    // 三、(二)2: 力争“十四五”时期逐步覆盖80%以上社区 (Sanya's rule, with Gansu's 80% by 2025).
    "gansu-2022": ["community-elder-service-coverage": "三、(二)2"],
    "guizhou-2022": [:],
]

/// Rules whose `checked` flag a preset turns around.
let expectedCheckedChanges: [String: [String: Bool]] = [
    "national": [:],
    // A plan's checked rules are checked only under its preset (issue 11; they used to be checked everywhere).
    // Dehong 任务8: rooms per 100 households and the yearly compliance rate; 任务2 四同步; 任务13 a 失能照护
    // institution per county, 50% of townships, every street a centre.
    "dehong-2022": ["elder-care-room-area": true, "district-compliance-rate": true,
                    "four-synchronous-delivery": true, "county-disability-care-home": true,
                    "township-elder-care-coverage": true, "street-elder-care-centre": true],
    // Sanya (十) social workers, (七) inclusive beds and price, 主要指标 17 compliance rate (it finds nothing to
    // measure without a room standard, which Sanya's plan does not set in numbers); (六) 四同步; 主要指标 6
    // (大社区 coverage 60%).
    "sanya-2023": ["social-workers-per-100-beds": true, "inclusive-bed-share": true, "inclusive-price": true,
                   "district-compliance-rate": true, "four-synchronous-delivery": true,
                   "community-elder-service-coverage": true],
    // 黑龙江省养老托育服务业振兴行动方案 (二)1: 到2023年, 各县(市、区)每十万人至少建设1个公办托育服务机构;
    // 到2025年每个市(地)1个托育服务综合指导中心; (一)1 四同步.
    "heilongjiang-2022": ["public-nursery-per-100k": true, "nursery-guidance-centre": true, "four-synchronous-delivery": true],
    // 甘肃省"十四五"城乡社区服务体系建设规划 三、(二)2: 老年助餐、居家照护服务覆盖80%以上社区.
    "gansu-2022": ["community-elder-service-coverage": true],
    // Guizhou's task list names township coverage without a share: Dehong's 50% is not Guizhou's, so not checked.
    "guizhou-2022": [:],
]

// National first, then the preset files in name order.
let allPresetIDs = ["national", "dehong-2022", "gansu-2022", "guizhou-2022", "heilongjiang-2022", "sanya-2023"]

func values(_ value: RuleParameter.Value) -> [Double] {
    switch value {
    case .scalar(let v): [v]
    case .schedule(let s): s.map(\.value)
    }
}

func sameShape(_ a: RuleParameter.Value, _ b: RuleParameter.Value) -> Bool {
    switch (a, b) {
    case (.scalar, .scalar), (.schedule, .schedule): true
    default: false
    }
}

let allParameterKeys: [String] = RuleCatalogue.nationalRules.flatMap { rule in
    rule.parameters.map { "\(rule.id).\($0.name)" }
}

func nationalParameter(_ key: String) -> RuleParameter? {
    for rule in RuleCatalogue.nationalRules {
        for p in rule.parameters where "\(rule.id).\(p.name)" == key { return p }
    }
    return nil
}

@Suite("Rule catalogue")
struct RuleCatalogueTests {
    @Test("every RULES.md id is present exactly once, in RULES.md's order, and nothing else")
    func idsMatchRulesMD() {
        let ids = RuleCatalogue.nationalRules.map(\.id)
        #expect(ids == rulesMDIDs)
        #expect(Set(ids).count == ids.count)
    }

    @Test("each RULES.md id occurs once", arguments: rulesMDIDs)
    func idOccursOnce(id: String) {
        #expect(RuleCatalogue.nationalRules.filter { $0.id == id }.count == 1)
    }

    @Test("the presets are the five seed jurisdictions")
    func presetIDs() {
        #expect(RuleCatalogue.presetIDs == allPresetIDs)
        #expect(Set(expectedValueChanges.keys) == Set(allPresetIDs))
    }

    @Test("every preset builds a rule book", arguments: allPresetIDs)
    func presetBuilds(preset: String) throws {
        let book = try RuleBook(preset: preset)
        #expect(book.presetID == preset)
        #expect(book.rules.map(\.id) == rulesMDIDs)
    }

    @Test("an unknown preset is refused")
    func unknownPreset() {
        #expect(throws: RuleBook.LookupError.unknownPreset("atlantis-2022")) { try RuleBook(preset: "atlantis-2022") }
    }

    @Test("a preset differs from national exactly where its plan says, citing the clause", arguments: allPresetIDs)
    func valueChanges(preset: String) throws {
        let book = try RuleBook(preset: preset)
        let plan = RuleCatalogue.preset(preset)?.plan.document
        var changed: [ParameterKey: RuleParameter.Value] = [:]
        var planRules: Set<String> = []
        for (national, local) in zip(RuleCatalogue.nationalRules, book.rules) {
            #expect(national.id == local.id)
            #expect(national.parameters.map(\.name) == local.parameters.map(\.name))
            guard local.inForce else { continue }
            guard national.inForce else {
                planRules.insert(local.id)
                continue
            }
            for (n, l) in zip(national.parameters, local.parameters) where n.value != l.value {
                changed[ParameterKey(national.id, n.name)] = l.value
            }
        }
        let expected = try #require(expectedValueChanges[preset])
        #expect(Set(changed.keys) == Set(expected.keys))
        for (key, entry) in expected {
            #expect(changed[key] == entry.value, "\(preset): \(key)")
            // The changed value cites the plan and the clause.
            let reference = try #require(book[key.rule].parameter(key.parameter)?.references.last)
            #expect(reference.document == plan && reference.clause == entry.clause, "\(preset): \(key): \(reference.text)")
        }
        let expectedRules = try #require(expectedPlanRules[preset])
        #expect(planRules == Set(expectedRules.keys), "\(preset)")
        for (id, clause) in expectedRules {
            // Every value in force of a plan's rule cites this plan; one of them the clause.
            let references = book[id].parameters.flatMap(\.references)
            #expect(references.allSatisfy { $0.document == plan }, "\(preset): \(id): \(book[id].source)")
            #expect(references.contains { $0.clause == clause }, "\(preset): \(id): \(book[id].source)")
        }
    }

    @Test("under national every value in force cites a national document, never one of the plans")
    func nationalCitesNoPlan() throws {
        let plans = Set(RuleCatalogue.presets.map(\.plan.document))
        for rule in try RuleBook().rules where rule.inForce {
            for reference in rule.parameters.flatMap(\.references) {
                #expect(!plans.contains(reference.document), "\(rule.id): \(reference.text)")
            }
        }
    }

    @Test("a preset turns checks on or off only where its plan says", arguments: allPresetIDs)
    func checkedChanges(preset: String) throws {
        let book = try RuleBook(preset: preset)
        var changed: [String: Bool] = [:]
        let nationalBook = try RuleBook()
        for rule in book.rules where nationalBook.isChecked(rule.id) != book.isChecked(rule.id) {
            changed[rule.id] = book.isChecked(rule.id)
        }
        #expect(changed == expectedCheckedChanges[preset])
    }

    @Test("preset values keep the national shape (number or schedule)", arguments: RuleCatalogue.presets.map(\.id))
    func presetShapes(preset: String) throws {
        let p = try #require(RuleCatalogue.preset(preset))
        for change in p.changes {
            let rule = try #require(RuleCatalogue.nationalRule(change.ruleID), "\(preset): \(change.ruleID)")
            for (name, value) in change.parameters {
                let parameter = try #require(rule.parameter(name), "\(preset): \(change.ruleID).\(name)")
                #expect(sameShape(parameter.value, value), "\(preset): \(change.ruleID).\(name)")
            }
        }
    }

    @Test("every preset change cites its own plan by title, once per rule", arguments: RuleCatalogue.presets.map(\.id))
    func presetSources(preset: String) throws {
        let p = try #require(RuleCatalogue.preset(preset))
        let tag = p.plan.document
        #expect(!p.changes.isEmpty)
        #expect(Set(p.changes.map(\.ruleID)).count == p.changes.count)
        for change in p.changes {
            let source = try #require(change.source, "\(preset): \(change.ruleID) has no source")
            #expect(source.hasPrefix(tag), "\(preset): \(change.ruleID): \(source)")
            #expect(!(change.responsibleUnits ?? []).isEmpty, "\(preset): \(change.ruleID) names no units")
        }
    }

    @Test("the checked rules keep their ids, parameter names, values and flags", arguments: protectedRules.map(\.id))
    func protectedRulesUnchanged(id: String) throws {
        let rule = try #require(RuleCatalogue.nationalRule(id))
        let expected = try #require(protectedRules.first { $0.id == id })
        #expect(rule.checked == expected.checked)
        for (name, value) in expected.values {
            #expect(rule.parameter(name)?.value == value, "\(id).\(name)")
        }
    }

    @Test("only the protected rules are checked nationally")
    func checkedSet() {
        // The protected rules that are national standards; the plans' (local_to) are checked under their presets.
        let book = try! RuleBook()
        let checked = Set(book.rules.filter { book.isChecked($0.id) }.map(\.id))
        #expect(checked == Set(protectedRules.filter { rule in rule.checked && RuleCatalogue.nationalRule(rule.id)?.localTo == nil }.map(\.id)))
        // Six standards, and the three national facility norms checked since issue 11 (community service
        // area: 城市社区嵌入式服务设施建设导则; land per resident: 国发〔2013〕35号; nursery health staff:
        // 托育机构设置标准（试行）).
        #expect(checked == ["nursery-class-size", "nursery-carer-ratio", "nursery-slots-per-1000", "home-nursery-point",
                            "nursing-bed-share", "institutional-beds-per-1000-elderly",
                            "community-service-area", "elder-care-land-per-capita", "nursery-health-staff"])
    }

    @Test("every parameter has a unit and a meaning", arguments: allParameterKeys)
    func parameterHasUnit(key: String) throws {
        let parameter = try #require(nationalParameter(key))
        #expect(!parameter.unit.en.isEmpty && !parameter.unit.zh.isEmpty)
        #expect(!parameter.meaning.isEmpty)
    }

    @Test("shares are fractions within [0, 1], in every preset", arguments: allPresetIDs)
    func sharesAreFractions(preset: String) throws {
        let book = try RuleBook(preset: preset)
        for rule in book.rules {
            for p in rule.parameters where p.unit.isShare {
                for v in values(p.value) {
                    #expect((0...1).contains(v), "\(preset): \(rule.id).\(p.name) = \(v)")
                }
            }
        }
    }

    @Test("integral parameters hold whole numbers, in every preset", arguments: allPresetIDs)
    func integralsAreWhole(preset: String) throws {
        let book = try RuleBook(preset: preset)
        for rule in book.rules {
            for p in rule.parameters where p.integral {
                for v in values(p.value) {
                    #expect(v == v.rounded() && v >= 0, "\(preset): \(rule.id).\(p.name) = \(v)")
                }
            }
        }
    }

    @Test("years are integral and in the plan period, in every preset", arguments: allPresetIDs)
    func yearsArePlausible(preset: String) throws {
        let book = try RuleBook(preset: preset)
        for rule in book.rules {
            for p in rule.parameters {
                if p.unit == .year {
                    #expect(p.integral, "\(rule.id).\(p.name)")
                    #expect((2020...2035).contains(p.scalar ?? 0), "\(preset): \(rule.id).\(p.name)")
                }
                for entry in p.schedule ?? [] {
                    #expect((2020...2035).contains(entry.year), "\(preset): \(rule.id).\(p.name)")
                }
            }
        }
    }

    @Test("checked rules are never reference rules, in every preset", arguments: allPresetIDs)
    func checkedAreNotReference(preset: String) throws {
        let book = try RuleBook(preset: preset)
        for rule in book.rules where rule.checked {
            #expect(rule.scope != .reference, "\(preset): \(rule.id)")
        }
    }

    @Test("the conversion defaults are exactly the reference rules")
    func referenceRules() {
        let reference = Set(RuleCatalogue.nationalRules.filter { $0.scope == .reference }.map(\.id))
        #expect(reference == conversionDefaultIDs)
    }

    @Test("every rule has names, a one-line formula and a source; a secondary source says why")
    func ruleText() {
        for rule in RuleCatalogue.nationalRules {
            #expect(!rule.nameZH.isEmpty && !rule.nameEN.isEmpty && !rule.formula.isEmpty && !rule.source.isEmpty, "\(rule.id)")
            #expect(!rule.parameters.isEmpty, "\(rule.id)")
            #expect(!rule.formula.contains("\n"), "\(rule.id)")
            for reference in rule.references where reference.document == "secondary source" {
                #expect(reference.note != nil, "\(rule.id): a secondary source needs a note")
            }
            // Sources cite documents, never our own seed file numbers.
            #expect(!rule.source.contains("seed 0"), "\(rule.id): \(rule.source)")
        }
    }

    @Test("conversion defaults hold RULES.md's values")
    func conversionDefaults() throws {
        let book = try RuleBook()
        #expect(book["persons-per-household"].value("persons_per_household") == 2.62)
        #expect(book["disability-prevalence-60plus"].value("share") == 0.116)
        #expect(book["institutional-care-share-60plus"].value("share") == 0.03)
        #expect(book["childcare-enrolment"].value("wish") == 0.30)
        #expect(book["childcare-enrolment"].value("actual") == 0.06)
        // No nursing-bed-share-2030: its 73% by 2030 cited no document and was removed (issue 11).
        #expect(book.rule("nursing-bed-share-2030") == nil)
    }

    @Test("Dehong's task 8 and task 5 name their responsible units")
    func dehongUnits() throws {
        let book = try RuleBook(preset: "dehong-2022")
        let units = book["district-compliance-rate"].responsibleUnits
        #expect(units.first == "州住房和城乡建设局")
        #expect(units.contains("州自然资源和规划局") && units.contains("各县市人民政府"))
        #expect(book["nursery-worker-training"].responsibleUnits.contains("州教育体育局"))
        #expect(book["district-compliance-rate"].source.contains("德宏州养老托育服务健康发展工作计划及责任分工（附件2） 任务8"))
    }

    @Test("a scenario override still works on a preset's book")
    func overrideOnPreset() throws {
        var book = try RuleBook(preset: "sanya-2023")
        #expect(book["nursing-bed-share"].value("share") == 0.60)
        try book.override(rule: "nursing-bed-share", parameter: "share", with: .scalar(0.65))
        #expect(book["nursing-bed-share"].value("share") == 0.65)
        #expect(throws: RuleBook.LookupError.wrongShape(rule: "district-compliance-rate", parameter: "target",
                                                        expected: "a mapping of year to value")) {
            try book.override(rule: "district-compliance-rate", parameter: "target", with: .scalar(1))
        }
    }
}

@Suite struct RuleCatalogueLoadTests {
    @Test func brokenRuleFolderIsAnErrorNotATrap() throws {
        // The shipped catalogue copied with one rule file given an unknown key: loading used to end
        // in fatalError; now it is a failure naming the file, line and key.
        let source = try #require(RuleCatalogueFiles.shippedFolder)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-rules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for sub in ["catalogue", "presets"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(sub), to: folder.appendingPathComponent(sub))
        }
        let rule = folder.appendingPathComponent("catalogue/elder-care-room-area.yaml")
        let text = try String(contentsOf: rule, encoding: .utf8)
        try ("colour: red\n" + text).write(to: rule, atomically: true, encoding: .utf8)
        guard case let .failure(error) = RuleCatalogue.load(from: folder) else {
            Issue.record("a rule file with an unknown key loaded")
            return
        }
        #expect(error.file == "catalogue/elder-care-room-area.yaml" && error.line == 1)
        #expect(error.message.contains("unknown key \"colour\""))
        guard case .failure = RuleCatalogue.load(from: nil) else {
            Issue.record("missing resources loaded")
            return
        }
    }
}
