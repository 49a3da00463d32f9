import Foundation
import Testing

/// SIGTERM and Ctrl-C remove the temporary folder and keep the previous result; folders a killed or
/// crashed run left are swept by the next run; `compare` and `report` never take one for a run.
@Suite(.serialized) struct SignalCleanupTests {
    typealias Support = OutputFolderSupport

    @Test("SIGTERM and SIGINT remove the temporary folder and keep the previous result",
          arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func interruptedRunLeavesNoPartialFolderAndKeepsThePreviousResult(_ signalNumber: Int32, _ expected: Int32) throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("run")
        let quick = try Support.scenario(in: folder, name: "quick.yaml")
        #expect(try CommandRunner.run(["run", quick, "--out", out.path, "--quiet", "--no-report"]).status == 0)
        let previous = Support.contents(out)

        // 50,000 draws: over a minute of work, interrupted once its temporary folder is there.
        let long = try Support.scenario(in: folder, name: "long.yaml", draws: 50_000)
        let logs = folder.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let run = try Support.Background(["run", long, "--out", out.path, "--quiet"], logs: logs)
        let partial = ".run.partial-\(run.process.processIdentifier)"
        let started = Support.Background.wait(seconds: 20) { Support.names(folder).contains(partial) }
        #expect(started, "the temporary folder \(partial) appeared: \(Support.names(folder)) \(run.errorText)")
        usleep(500_000)   // into the simulation
        kill(run.process.processIdentifier, signalNumber)
        let status = run.finish(within: 10)
        #expect(status == expected, "exit \(String(describing: status)): \(run.errorText)")
        #expect(run.errorText.contains("unfinished output removed"), "\(run.errorText)")
        #expect(Support.leftovers(folder).isEmpty, "\(Support.names(folder))")
        #expect(Support.contents(out) == previous)
    }

    @Test func interruptedAllVariantsRunLeavesThePreviousVariants() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("all")
        let strict = "strict: { overrides.nursery-slots-per-1000.slots_per_1000: 6 }"
        let quick = try Support.scenario(in: folder, name: "quick.yaml", variants: [strict])
        #expect(try CommandRunner.run(["run", quick, "--all-variants", "--out", out.path, "--quiet", "--no-report"]).status == 0)
        let previous = Support.contents(out)
        // 3,000 draws a scenario: base is written after a few seconds, the variant is then under way.
        let long = try Support.scenario(in: folder, name: "long.yaml", draws: 3_000, variants: [strict])
        let run = try Support.Background(["run", long, "--all-variants", "--out", out.path, "--quiet"], logs: folder)
        let partial = folder.appendingPathComponent(".all.partial-\(run.process.processIdentifier)")
        let baseWritten = Support.Background.wait(seconds: 60) {
            FileManager.default.fileExists(atPath: partial.appendingPathComponent("base/manifest.json").path)
        }
        #expect(baseWritten, "\(run.errorText)")
        kill(run.process.processIdentifier, SIGTERM)
        #expect(run.finish(within: 10) == 143, "\(run.errorText)")
        #expect(Support.leftovers(folder).isEmpty, "\(Support.names(folder))")
        #expect(Support.contents(out) == previous)
    }

    @Test func staleTemporaryFoldersAreSweptByTheNextRun() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fm = FileManager.default
        func make(_ name: String, modified: Date? = nil) throws -> URL {
            let url = folder.appendingPathComponent(name)
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            try Data(repeating: 1, count: 1000).write(to: url.appendingPathComponent("demand.csv"))
            if let modified { try fm.setAttributes([.modificationDate: modified], ofItemAtPath: url.path) }
            return url
        }
        // A process id no process has (above Linux's largest, 2^22): left by a run that was killed.
        let dead = try make(".old.partial-4194999")
        let deadAside = try make(".old.previous-4194999")
        // Process 1 is alive but started (at boot) long after 2001: its id was reused, the folder is stale.
        let reused = try make(".other.partial-1", modified: Date(timeIntervalSince1970: 1_000_000_000))
        // This test's own process is alive and started before the folder: a run in progress, kept.
        let live = try make(".busy.partial-\(getpid())")
        // Not a temporary name of carecap's: kept.
        let mine = try make(".partial-notes")
        // A previous result set aside by a run killed before its new result was in place: the only copy of
        // `result`, so it gets its name back instead of being removed.
        _ = try make(".result.previous-4194999")

        let scenario = try Support.scenario(in: folder)
        let result = try CommandRunner.run(["run", scenario, "--out", folder.appendingPathComponent("run").path, "--quiet", "--no-report"])
        #expect(result.status == 0, "\(result.stderr)")
        for swept in [dead, deadAside, reused] { #expect(!fm.fileExists(atPath: swept.path), "\(swept.lastPathComponent) swept") }
        for kept in [live, mine] { #expect(fm.fileExists(atPath: kept.path), "\(kept.lastPathComponent) kept") }
        #expect(fm.fileExists(atPath: folder.appendingPathComponent("result/demand.csv").path), "\(Support.names(folder))")
        #expect(!Support.names(folder).contains(".result.previous-4194999"))
    }

    @Test func compareAndReportNeverReadPartialFolders() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Support.scenario(in: folder, variants: ["strict: { overrides.nursery-slots-per-1000.slots_per_1000: 6 }"])
        let out = folder.appendingPathComponent("all")
        #expect(try CommandRunner.run(["run", scenario, "--all-variants", "--out", out.path, "--quiet", "--no-report"]).status == 0)
        // What a killed run leaves: a complete-looking run folder under a temporary name.
        let partial = out.appendingPathComponent(".strict.partial-4194999")
        try FileManager.default.copyItem(at: out.appendingPathComponent("strict"), to: partial)
        let compare = try CommandRunner.run(["compare", out.path, "--lang", "en"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(!compare.stdout.contains("partial"), "listed as a variant before: \(compare.stdout)")
        let two = try CommandRunner.run(["compare", out.appendingPathComponent("base").path, partial.path])
        #expect(two.status == 2 && two.stderr.contains("temporary folder of a run in progress or interrupted"), "\(two.stderr)")
        let report = try CommandRunner.run(["report", partial.path])
        #expect(report.status == 2 && report.stderr.contains("temporary folder of a run in progress or interrupted"), "\(report.stderr)")
    }
}
