import Foundation
import Testing

/// `--out` is checked before the simulation, a symbolic link is followed and never replaced, and
/// `--all-variants` puts base, variants and comparison.csv in place at once.
@Suite struct OutFolderTests {
    typealias Support = OutputFolderSupport

    /// 50,000 draws take over a minute in a debug build (2,000 take about 3 s): a refusal within
    /// 10 s came before the simulation.
    static let longRunDraws = 50_000

    func refusedQuickly(_ scenario: String, out: String, logs: URL) throws -> (status: Int32?, message: String) {
        let run = try Support.Background(["run", scenario, "--out", out, "--quiet"], logs: logs)
        return (run.finish(within: 10), run.errorText)
    }

    @Test func emptyFileGivenAsOutIsSaidToBeAFile() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Support.scenario(in: folder, draws: Self.longRunDraws)
        let file = folder.appendingPathComponent("empty.txt")
        FileManager.default.createFile(atPath: file.path, contents: Data())
        // Before: "exists, is not empty", and only after the whole simulation.
        let (status, message) = try refusedQuickly(scenario, out: file.path, logs: folder)
        #expect(status == 2, "\(message)")
        #expect(message.contains("\(file.path) is a file, not a folder"), "\(message)")
        #expect(try Data(contentsOf: file).isEmpty)
        #expect(Support.leftovers(folder).isEmpty)
    }

    @Test func projectOutThatIsAFileIsSaidToBeAFile() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Support.scenario(in: folder)
        let file = folder.appendingPathComponent("empty.txt")
        FileManager.default.createFile(atPath: file.path, contents: Data())
        let result = try CommandRunner.run(["project", scenario, "--out", file.path])
        #expect(result.status == 2 && result.stderr.contains("is a file, not a folder"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "refused before projecting: \(result.stdout)")
        #expect(Support.leftovers(folder).isEmpty)
    }

    @Test func failedRunLeavesNoFolderBehind() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The destination's folders are made before the simulation; a run that then fails (an area the
        // census lacks) removes them again: no empty Results/<name>/ is left.
        let scenario = try Support.scenario(in: folder)
        let text = try String(contentsOfFile: scenario, encoding: .utf8).replacingOccurrences(of: "\"533102\", \"533103\"", with: "\"999999\"")
        try text.write(toFile: scenario, atomically: true, encoding: .utf8)
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        for command in ["run", "project"] {
            let result = try CommandRunner.run([command, scenario, "--quiet"], in: work)
            #expect(result.status == 2 && result.stderr.contains("999999"), "\(command): \(result.stderr)")
            #expect(Support.names(work).isEmpty, "\(command): \(Support.names(work))")
        }
    }

    @Test func nonEmptyFolderThatIsNotARunIsRefusedBeforeTheSimulation() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Support.scenario(in: folder, draws: Self.longRunDraws)
        let notes = folder.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: notes.appendingPathComponent("mine.txt"))
        let (status, message) = try refusedQuickly(scenario, out: notes.path, logs: folder)
        #expect(status == 2 && message.contains("exists, is not empty and is not a carecap run folder"), "\(String(describing: status)) \(message)")
        #expect(Support.names(notes) == ["mine.txt"])
        #expect(Support.leftovers(folder).isEmpty)
    }

    @Test func parentThatIsAFileExitsThreeBeforeTheSimulation() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Support.scenario(in: folder, draws: Self.longRunDraws)
        let file = folder.appendingPathComponent("plain")
        try Data("x".utf8).write(to: file)
        let (status, message) = try refusedQuickly(scenario, out: file.appendingPathComponent("run").path, logs: folder)
        #expect(status == 3 && message.contains("cannot create") && message.contains("plain"), "\(String(describing: status)) \(message)")
    }

    @Test(.enabled(if: getuid() != 0, "root writes anywhere"))
    func unwritableParentExitsThreeBeforeTheSimulation() throws {
        let folder = try Support.temporaryFolder()
        defer {
            chmod(folder.appendingPathComponent("locked").path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let scenario = try Support.scenario(in: folder, draws: Self.longRunDraws)
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(locked.path, 0o555)
        let (status, message) = try refusedQuickly(scenario, out: locked.appendingPathComponent("run").path, logs: folder)
        #expect(status == 3 && message.contains("Permission denied"), "\(String(describing: status)) \(message)")
        #expect(Support.names(locked).isEmpty)
    }

    @Test func symlinkOutIsFollowedNotReplaced() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Support.scenario(in: folder)
        let fm = FileManager.default
        // A link to a previous run: the run replaces the target's contents; the link stays a link.
        let target = folder.appendingPathComponent("target")
        #expect(try CommandRunner.run(["run", scenario, "--out", target.path, "--quiet", "--format", "csv"]).status == 0)
        let link = folder.appendingPathComponent("link")
        try fm.createSymbolicLink(at: link, withDestinationURL: target)
        let through = try CommandRunner.run(["run", scenario, "--out", link.path, "--quiet", "--format", "md"])
        #expect(through.status == 0, "\(through.stderr)")
        #expect(try fm.destinationOfSymbolicLink(atPath: link.path) == target.path)
        let names = Support.names(target)
        #expect(names.contains("report.md") && !names.contains("demand.csv"), "the target holds the new run: \(names)")
        #expect(Support.names(folder) == ["link", "scenario.yaml", "target"])

        // A link to a folder that is not a run: refused, link and folder untouched.
        let notes = folder.appendingPathComponent("notes")
        try fm.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: notes.appendingPathComponent("mine.txt"))
        let toNotes = folder.appendingPathComponent("to-notes")
        try fm.createSymbolicLink(at: toNotes, withDestinationURL: notes)
        let refused = try CommandRunner.run(["run", scenario, "--out", toNotes.path, "--quiet"])
        #expect(refused.status == 2 && refused.stderr.contains("is not a carecap run folder"), "\(refused.stderr)")
        #expect(try fm.destinationOfSymbolicLink(atPath: toNotes.path) == notes.path && Support.names(notes) == ["mine.txt"])

        // A link to nothing: refused, not replaced by a folder.
        let dangling = folder.appendingPathComponent("dangling")
        try fm.createSymbolicLink(at: dangling, withDestinationURL: folder.appendingPathComponent("nowhere"))
        let broken = try CommandRunner.run(["run", scenario, "--out", dangling.path, "--quiet"])
        #expect(broken.status == 2 && broken.stderr.contains("is a symbolic link that cannot be followed"), "\(broken.stderr)")
        #expect((try? fm.destinationOfSymbolicLink(atPath: dangling.path)) != nil)
        #expect(Support.leftovers(folder).isEmpty)
    }

    @Test func failingVariantLeavesThePreviousVariantsUntouched() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let strict = "strict: { overrides.nursery-slots-per-1000.slots_per_1000: 6 }"
        let good = try Support.scenario(in: folder, name: "good.yaml", variants: [strict])
        let out = folder.appendingPathComponent("all")
        #expect(try CommandRunner.run(["run", good, "--all-variants", "--out", out.path, "--quiet"]).status == 0)
        let before = Support.contents(out)
        #expect(before.keys.contains("base/results.gpkg") && before.keys.contains("strict/results.gpkg") && before.keys.contains("comparison.csv"))

        // The third variant fails only when it is run (an area the census lacks), after base and the
        // first two variants are done: before, base and those were replaced and comparison.csv was not.
        let bad = try Support.scenario(in: folder, name: "bad.yaml", variants: [
            "strict: { overrides.nursery-slots-per-1000.slots_per_1000: 7 }",
            "looser: { overrides.nursery-slots-per-1000.slots_per_1000: 3 }",
            "nowhere: { population.areas: [\"999999\"] }",
        ])
        let failed = try CommandRunner.run(["run", bad, "--all-variants", "--out", out.path, "--quiet"])
        #expect(failed.status == 2 && failed.stderr.contains("999999"), "\(failed.stderr)")
        #expect(Support.contents(out) == before, "the previous base, variants and comparison are as they were")
        #expect(Support.leftovers(folder).isEmpty && Support.leftovers(out).isEmpty)

        // A successful run replaces the whole folder: a variant no longer in the scenario does not linger.
        let other = try Support.scenario(in: folder, name: "other.yaml", variants: ["looser: { overrides.nursery-slots-per-1000.slots_per_1000: 3 }"])
        #expect(try CommandRunner.run(["run", other, "--all-variants", "--out", out.path, "--quiet"]).status == 0)
        #expect(Support.names(out) == ["base", "comparison.csv", "looser"])

        // A folder that is neither empty nor a folder of variants is refused (a single run among them).
        let single = folder.appendingPathComponent("single")
        #expect(try CommandRunner.run(["run", good, "--out", single.path, "--quiet", "--format", "csv"]).status == 0)
        let refused = try CommandRunner.run(["run", good, "--all-variants", "--out", single.path, "--quiet"])
        #expect(refused.status == 2 && refused.stderr.contains("is not a folder of carecap variants"), "\(refused.stderr)")
    }
}
