import Foundation
import Testing

@Suite("Rules document")
struct RulesDocumentTests {
    /// CI catches a stale docs/RULES.md: the file must be byte for byte what the command prints.
    @Test("docs/RULES.md equals `carecap rules list --format markdown`")
    func rulesDocumentIsCurrent() throws {
        let result = try CommandRunner.run(["rules", "list", "--format", "markdown"])
        #expect(result.status == 0)
        let path = CommandRunner.packageRoot.appendingPathComponent("docs/RULES.md")
        let onDisk = try String(contentsOf: path, encoding: .utf8)
        #expect(onDisk == result.stdout,
                "docs/RULES.md is stale: run `swift run carecap rules list --format markdown > docs/RULES.md`")
    }

    @Test("`rules show` prints every dated value with its reference")
    func showDatedValues() throws {
        let show = try CommandRunner.run(["rules", "show", "district-compliance-rate", "--preset", "dehong-2022"])
        #expect(show.status == 0)
        // Dehong's task 8 yearly plan: 50% in 2022 rising to 100% in 2025, one line per year.
        #expect(show.stdout.contains("from 2022-01-01: 0.5 — 德宏州养老托育服务健康发展工作计划及责任分工（附件2） 任务8 年度工作计划 2022年"))
        #expect(show.stdout.contains("from 2025-01-01: 1 — 德宏州养老托育服务健康发展工作计划及责任分工（附件2） 任务8 年度工作计划 2025年"))
        #expect(!show.stdout.contains("seed 0"))
    }
}
