import Foundation
import Testing

/// Issue 12: one `--lang` default, zh, for every command, the console summaries included; `--lang en`
/// gives English. Each command runs once without `--lang` and its printed words are checked.
@Suite struct LanguageDefaultTests {
    let scenario = CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/report-run.yaml").path

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-lang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func checkDefaultsToChinese() throws {
        let zh = try CommandRunner.run(["check", "Scenarios/dehong-districts.yaml"])
        #expect(zh.status == 1)
        #expect(zh.stdout.contains("项检查") && zh.stdout.contains("未达标") && !zh.stdout.contains("FAIL"), "\(zh.stdout.prefix(400))")
        // A rule by its Chinese name in the table, not its id.
        #expect(zh.stdout.contains("新建住宅小区社区居家养老服务设施用房面积") && !zh.stdout.contains("elder-care-room-area"))
        let en = try CommandRunner.run(["check", "Scenarios/dehong-districts.yaml", "--lang", "en"])
        #expect(en.stdout.contains("FAIL") && en.stdout.contains("elder-care-room-area"))
    }

    @Test func runReportAndCompareDefaultToChinese() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("r").path
        let run = try CommandRunner.run(["run", scenario, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("缺口最大的区域") && run.stdout.contains("已写入"), "\(run.stdout.prefix(600))")
        #expect(!run.stdout.contains("Largest shortfalls") && !run.stdout.contains("wrote "))
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        #expect(html.contains("<html lang=\"zh-CN\">"))
        let report = try CommandRunner.run(["report", out])
        #expect(report.status == 0 && report.stdout.contains("已在"), "\(report.stdout)")
        #expect(try String(contentsOfFile: "\(out)/report.html", encoding: .utf8) == html)
        let compare = try CommandRunner.run(["compare", out, out])
        #expect(compare.status == 0 && compare.stdout.contains("差值"), "\(compare.stdout.prefix(300))")
        let english = try CommandRunner.run(["run", scenario, "--out", folder.appendingPathComponent("e").path, "--lang", "en"])
        #expect(english.stdout.contains("Largest shortfalls"))
    }

    /// `project` prints "0-2岁" (every child aged 0, 1 or 2), a quantity of its own name: `run`'s nursery
    /// ages are "6-36月龄".
    @Test func projectDefaultsToChinese() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["project", scenario, "--out", folder.appendingPathComponent("p").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("年份") && result.stdout.contains("0-2岁") && result.stdout.contains("已写入"), "\(result.stdout)")
        #expect(!result.stdout.contains("households"))
        let en = try CommandRunner.run(["project", scenario, "--out", folder.appendingPathComponent("q").path, "--lang", "en"])
        #expect(en.stdout.contains("ages 0-2") && en.stdout.contains("households"))
    }
}
