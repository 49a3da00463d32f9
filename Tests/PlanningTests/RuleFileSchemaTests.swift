import Foundation
import Testing
@testable import Planning

/// A small valid rule file; each bad case below changes one thing in it.
let goodRule = """
id: tiny-rule
name: {zh: 小规则, en: Tiny rule}
scope: area
status: expected
evaluated_by: [catalogue]
formula: "required = share × residents"
parameters:
  share:
    unit: share
    meaning: a share
    values:
      2022-01-01:
        value: 0.5
        reference: {document: 某规划, clause: 任务1}
"""

let goodIndex = """
groups:
  - id: g
    name: {zh: 组, en: Group}
    rules: [tiny-rule]
"""

func parse(rule: String, path: String = "catalogue/tiny-rule.yaml", index: String = goodIndex,
           extraRules: [RuleCatalogueFiles.File] = [], presets: [RuleCatalogueFiles.File] = []) throws(RuleFileError) -> RuleCatalogueFiles {
    try RuleCatalogueFiles.parse(index: ("catalogue/index.yaml", index), rules: [(path, rule)] + extraRules, presets: presets)
}

struct SchemaCase: CustomTestStringConvertible, Sendable {
    let name: String
    let rule: String
    let file: String
    let line: Int
    let column: Int
    let message: String
    var testDescription: String { name }
}

/// Each case replaces one line of `goodRule`; line and column count from 1 in the bad file (Yams marks).
let schemaCases: [SchemaCase] = [
    // Line 4 is `status: expected`; the unknown key takes its place, so the key is at 4:1.
    SchemaCase(name: "unknown key", rule: goodRule.replacingOccurrences(of: "status: expected", with: "statuss: expected"),
               file: "catalogue/tiny-rule.yaml", line: 4, column: 1,
               message: "unknown key \"statuss\" in a rule; expected one of: \(RuleFileSchema.ruleKeys.joined(separator: ", "))"),
    // Lines: id 1, name 2, scope 3, status 4, evaluated_by 5, formula 6, parameters 7, share 8, unit 9,
    // meaning 10, values 11, date 12, value 13, reference 14.
    // The reference line is removed: the value's mapping starts at `value:`, line 13, column 9.
    SchemaCase(name: "missing reference", rule: goodRule.replacingOccurrences(of: "\n        reference: {document: 某规划, clause: 任务1}", with: ""),
               file: "catalogue/tiny-rule.yaml", line: 13, column: 9,
               message: "missing key \"reference\" in the value of 2022-01-01"),
    // `unit: share` is line 9; the value starts after `    unit: `, column 11.
    SchemaCase(name: "unknown unit", rule: goodRule.replacingOccurrences(of: "unit: share", with: "unit: percent"),
               file: "catalogue/tiny-rule.yaml", line: 9, column: 11,
               message: "unknown unit \"percent\"; expected one of: \(RuleUnit.ids.joined(separator: ", "))"),
    // A second date before the first: the key `2021-01-01:` is appended as line 15, column 7.
    SchemaCase(name: "dates out of order",
               rule: goodRule + "\n      2021-01-01:\n        value: 0.4\n        reference: {document: 某规划}",
               file: "catalogue/tiny-rule.yaml", line: 15, column: 7,
               message: "date 2021-01-01 is not after 2022-01-01: values are in ascending date order"),
    // The date key is line 12, column 7.
    SchemaCase(name: "not a date", rule: goodRule.replacingOccurrences(of: "2022-01-01:", with: "2022:"),
               file: "catalogue/tiny-rule.yaml", line: 12, column: 7,
               message: "expected an effective date YYYY-MM-DD, found \"2022\""),
    // `status:` value at line 4, column 9.
    SchemaCase(name: "unknown status", rule: goodRule.replacingOccurrences(of: "status: expected", with: "status: seed"),
               file: "catalogue/tiny-rule.yaml", line: 4, column: 9,
               message: "unknown status \"seed\"; expected one of: binding, expected, reference"),
    // The reference mapping (line 14, column 20) lacks its document.
    SchemaCase(name: "reference without document", rule: goodRule.replacingOccurrences(of: "{document: 某规划, clause: 任务1}", with: "{clause: 任务1}"),
               file: "catalogue/tiny-rule.yaml", line: 14, column: 20,
               message: "missing key \"document\" in a reference"),
    // The id (line 1, column 5) does not match the file the index expects.
    SchemaCase(name: "id and file name disagree", rule: goodRule.replacingOccurrences(of: "id: tiny-rule", with: "id: tiny-rules"),
               file: "catalogue/tiny-rule.yaml", line: 1, column: 5,
               message: "rule id \"tiny-rules\" does not match the file name; the file should be tiny-rules.yaml"),
]

@Suite("Rule file schema")
struct RuleFileSchemaTests {
    @Test("every shipped rule and preset file loads against the schema")
    func shippedFilesLoad() throws {
        let files = try RuleCatalogueFiles.load(from: #require(RuleCatalogueFiles.shippedFolder))
        // 38 rules: RULES.md's 30 (with street-elder-care-centre, issue 11) plus the 8 conversion defaults
        // (the 73%-by-2030 nursing share cited no document and was removed, issue 11); 5 presets, one per plan.
        #expect(files.rules.count == 38)
        #expect(files.presets.count == 5)
        #expect(files.groups.map(\.id) == ["districts", "childcare", "elderly", "conversion"])
    }

    @Test("the small good file loads, with its reference")
    func goodFileLoads() throws {
        let files = try parse(rule: goodRule)
        let rule = try #require(files.rules.first)
        #expect(rule.value("share") == 0.5)
        // Document then clause, nothing in parentheses: no quote, no note.
        #expect(rule.source == "某规划 任务1")
    }

    @Test("each kind of schema error names file, line and column", arguments: schemaCases)
    func schemaError(_ c: SchemaCase) {
        #expect(throws: RuleFileError(file: c.file, line: c.line, column: c.column, message: c.message)) {
            try parse(rule: c.rule)
        }
    }

    @Test("a duplicate rule id is an error naming both files")
    func duplicateID() {
        #expect(throws: RuleFileError(file: "more/tiny-rule.yaml", line: 1, column: 1,
                                      message: "duplicate rule id \"tiny-rule\", first defined in catalogue/tiny-rule.yaml")) {
            try parse(rule: goodRule, extraRules: [("more/tiny-rule.yaml", goodRule)])
        }
    }

    @Test("the index and the rule files agree both ways")
    func indexAgreesWithFiles() {
        // Listed id without a file: the id in the list is line 4, column 13 of the index.
        #expect(throws: RuleFileError(file: "catalogue/index.yaml", line: 4, column: 13,
                                      message: "rule \"no-such-rule\" is listed but has no file no-such-rule.yaml")) {
            try parse(rule: goodRule, index: goodIndex.replacingOccurrences(of: "[tiny-rule]", with: "[no-such-rule]"))
        }
        let other = goodRule.replacingOccurrences(of: "id: tiny-rule", with: "id: other-rule")
        #expect(throws: RuleFileError(file: "catalogue/other-rule.yaml", line: 1, column: 1,
                                      message: "rule \"other-rule\" is not listed in catalogue/index.yaml")) {
            try parse(rule: goodRule, extraRules: [("catalogue/other-rule.yaml", other)])
        }
    }

    @Test("a preset may change only rules and parameters that exist")
    func presetNamesUnknownParameter() {
        let preset = """
        id: somewhere-2024
        name: {zh: 某地, en: Somewhere}
        plan: {document: 某地规划}
        rules:
          tiny-rule:
            parameters:
              shares:
                values:
                  2024-01-01: {value: 0.6, reference: {document: 某地规划, clause: 一}}
        """
        // `shares:` is line 7, column 7.
        #expect(throws: RuleFileError(file: "presets/somewhere-2024.yaml", line: 7, column: 7,
                                      message: "unknown parameter \"shares\" of rule tiny-rule; expected one of: share")) {
            try parse(rule: goodRule, presets: [("presets/somewhere-2024.yaml", preset)])
        }
    }

    @Test("a preset's values replace the catalogue's, with the preset's reference")
    func presetOverlay() throws {
        let preset = """
        id: somewhere-2024
        name: {zh: 某地, en: Somewhere}
        plan: {document: 某地规划}
        rules:
          tiny-rule:
            parameters:
              share:
                values:
                  2024-01-01: {value: 0.6, reference: {document: 某地规划, clause: 一}}
        """
        let files = try parse(rule: goodRule, presets: [("presets/somewhere-2024.yaml", preset)])
        let change = try #require(files.presets.first?.changes.first)
        #expect(change.parameters["share"] == .scalar(0.6))
        #expect(change.source == "某地规划 一")
    }

    // MARK: attribution (issue 11): every value from the document that sets it

    static let somewherePreset = """
    id: somewhere-2024
    name: {zh: 某地, en: Somewhere}
    plan: {document: 某地规划}
    rules:
      tiny-rule:
        parameters:
          share:
            values:
              2024-01-01: {value: 0.6, reference: {document: 别处规划, clause: 一}}
    """

    @Test("a preset value citing another document than its plan is refused")
    func presetCitesOnlyItsPlan() {
        // `share:` is line 7, column 7 of the preset.
        #expect(throws: RuleFileError(file: "presets/somewhere-2024.yaml", line: 7, column: 7,
                                      message: "tiny-rule.share on 2024-01-01 cites \"别处规划\"; a preset's values cite its own plan, \"某地规划\"")) {
            try parse(rule: goodRule, presets: [("presets/somewhere-2024.yaml", Self.somewherePreset)])
        }
    }

    @Test("a national rule citing a preset's plan is refused; local_to makes it that plan's rule")
    func nationalRuleCitesNoPlan() throws {
        let preset = Self.somewherePreset.replacingOccurrences(of: "别处规划", with: "某地规划")
        let citesPlan = goodRule.replacingOccurrences(of: "某规划", with: "某地规划")
        #expect(throws: RuleFileError(file: "catalogue/tiny-rule.yaml", line: 1, column: 1,
                                      message: "parameters.share on 2022-01-01 cites the plan of somewhere-2024, not a national document; add local_to: somewhere-2024")) {
            try parse(rule: citesPlan, presets: [("presets/somewhere-2024.yaml", preset)])
        }
        let local = citesPlan.replacingOccurrences(of: "formula:", with: "local_to: somewhere-2024\nformula:")
        let files = try parse(rule: local, presets: [("presets/somewhere-2024.yaml", preset)])
        #expect(files.rules.first?.localTo == "somewhere-2024")
        // A plan's rule citing another document than its plan is refused too.
        let wrong = local.replacingOccurrences(of: "document: 某地规划", with: "document: 某规划")
        #expect(throws: RuleFileError(file: "catalogue/tiny-rule.yaml", line: 1, column: 1,
                                      message: "parameters.share on 2022-01-01 cites \"某规划\"; a rule local_to somewhere-2024 takes its values from \"某地规划\"")) {
            try parse(rule: wrong, presets: [("presets/somewhere-2024.yaml", preset)])
        }
    }
}
