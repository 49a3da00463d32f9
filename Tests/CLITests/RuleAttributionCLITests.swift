import Foundation
import Testing

/// Issue 11 end to end: `rules list` names each rule's document and evaluation; `check` on a file with
/// nothing to check is bad input; a plan's rule does not reach another preset's run.
@Suite struct RuleAttributionCLITests {
    /// The line of `carecap rules list` for a rule id.
    func line(_ output: String, _ id: String) -> String? {
        output.split(separator: "\n").map(String.init).first { $0.dropFirst(2).hasPrefix(id + " ") }
    }

    struct ListCase: Sendable, CustomTestStringConvertible {
        let preset: String
        let id: String
        let evaluation: String
        let document: String
        let checked: Bool
        var testDescription: String { "\(preset) \(id)" }
    }

    @Test(arguments: [
        // A national standard: checked and used by run under every preset.
        ListCase(preset: "national", id: "nursing-bed-share", evaluation: "check and run",
                 document: "“十四五”国家老龄事业发展和养老服务体系规划", checked: true),
        ListCase(preset: "national", id: "nursery-class-size", evaluation: "check and run",
                 document: "托育机构设置标准（试行）", checked: true),
        // Sanya's (十): catalogue only under national, named with the preset where it is in force.
        ListCase(preset: "national", id: "social-workers-per-100-beds", evaluation: "catalogue only (in force under sanya-2023)",
                 document: "三亚市老龄事业发展和养老服务体系三年行动实施方案(2023-2025)", checked: false),
        ListCase(preset: "sanya-2023", id: "social-workers-per-100-beds", evaluation: "check and run",
                 document: "三亚市老龄事业发展和养老服务体系三年行动实施方案(2023-2025)", checked: true),
        ListCase(preset: "dehong-2022", id: "social-workers-per-100-beds", evaluation: "catalogue only (in force under sanya-2023)",
                 document: "三亚市老龄事业发展和养老服务体系三年行动实施方案(2023-2025)", checked: false),
        // Dehong's 任务5 training: a run indicator under Dehong only.
        ListCase(preset: "dehong-2022", id: "nursery-worker-training", evaluation: "run",
                 document: "德宏州养老托育服务健康发展工作计划及责任分工（附件2）", checked: false),
        // Documented, evaluated by no command.
        ListCase(preset: "national", id: "bed-building-area", evaluation: "catalogue only",
                 document: "城镇老年人设施规划规范 GB 50437-2007（2018年版）", checked: false),
    ])
    func rulesListShowsDocumentAndEvaluation(_ c: ListCase) throws {
        let result = try CommandRunner.run(["rules", "list", "--preset", c.preset])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try #require(line(result.stdout, c.id), "no line for \(c.id)")
        #expect(text.contains(c.evaluation), "\(text)")
        #expect(text.hasSuffix(c.document), "\(text)")
        #expect(text.hasPrefix(c.checked ? "✓" : " "), "\(text)")
    }

    @Test func rulesListHasOneLinePerRule() throws {
        // 38 rules (30 from the plans and national standards, 8 conversion defaults) and one heading line.
        let result = try CommandRunner.run(["rules", "list"])
        #expect(result.stdout.split(separator: "\n").count == 39)
    }

    @Test func checkWithNothingToCheckIsBadInput() throws {
        // A population-only scenario: no districts, no supply.
        let result = try CommandRunner.run(["check", "Scenarios/dehong-population.yaml"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Scenarios/dehong-population.yaml: error: nothing to check"))
        #expect(result.stderr.contains("no \"districts:\"") && result.stderr.contains("no \"supply:\""))
    }

    @Test func socialWorkersCheckedUnderSanyaOnlyWithTheFloor() throws {
        // Two homes with social workers and nothing else: under national no rule tests them (the per-100-beds
        // rule is Sanya's (十)), so there is nothing to check; the message names the plan's rules.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("homes.yaml").path
        let homes = """
            carecap: 1
            name: homes only
            supply:
              "460203":
                institutions:
                  - { id: small, beds: 60, social_workers: 0 }
                  - { id: large, beds: 250, social_workers: 2 }
            """
        try homes.write(toFile: path, atomically: true, encoding: .utf8)
        let national = try CommandRunner.run(["check", path])
        #expect(national.status == 2 && national.stdout.isEmpty)
        #expect(national.stderr.contains("\(path): error: nothing to check"))
        #expect(national.stderr.contains("1 supply area and 2 institutions"))
        #expect(national.stderr.contains("social-workers-per-100-beds (sanya-2023)"))
        // Under Sanya: 60 beds count as 100 (床位不足100张的按100张配备) → ceil(1 × 100/100) = 1 required, 0 → short 1;
        // 250 beds → ceil(1 × 250/100) = ceil(2.5) = 3 required, 2 → short 1. Both fail: exit 1.
        try homes.replacingOccurrences(of: "name: homes only", with: "name: homes only\nrules: sanya-2023")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let sanya = try CommandRunner.run(["check", path, "--format", "json"])
        #expect(sanya.status == 1, "\(sanya.stderr)")
        let findings = try CommandRunner.findings(sanya.stdout)
        func required(_ subject: String) -> Double? {
            (findings.first { $0["subject"] as? String == subject && $0["rule"] as? String == "social-workers-per-100-beds" }?["required"] as? NSNumber)?.doubleValue
        }
        #expect(required("small") == 1 && required("large") == 3)
    }

    @Test func dehongRunHasNoSocialWorkerFindings() throws {
        // Tests/Fixtures/report-run is a run of a Dehong scenario: Sanya's rule is not in force there.
        let findings = try String(contentsOfFile: CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/report-run/findings.csv").path,
                                  encoding: .utf8)
        #expect(!findings.contains("social-workers-per-100-beds"))
        #expect(!findings.contains("nursing-bed-share-2030"))
    }
}
