import Foundation
import Testing

/// Names that become folders are refused when the scenario is loaded: nothing is projected or written.
@Suite struct OutputNameCommandTests {
    typealias Support = OutputFolderSupport

    @Test func variantNamedComparisonCsvIsRefusedBeforeAnythingIsWritten() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Before, the variant's folder `comparison.csv` was written, then overwritten by the comparison table.
        let scenario = try Support.scenario(in: folder, variants: [
            "strict: { overrides.nursery-slots-per-1000.slots_per_1000: 6 }",
            "comparison.csv: { overrides.nursery-slots-per-1000.slots_per_1000: 7 }",
        ])
        let out = folder.appendingPathComponent("all")
        let result = try CommandRunner.run(["run", scenario, "--all-variants", "--out", out.path])
        #expect(result.status == 2, "\(result.stderr)")
        // 13 lines of scenario, `variants:` on line 14: the second variant is on line 16, its name at column 3.
        #expect(result.stderr.contains("scenario.yaml:16:3: error: variants.comparison.csv: invalid variant name"), "\(result.stderr)")
        #expect(result.stderr.contains("name of a file the run writes"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing was run: \(result.stdout)")
        #expect(Support.names(folder) == ["scenario.yaml"])
    }

    @Test("a bad variant name is refused before any variant is written", arguments: ["..", ".", "base", "a/b"])
    func badVariantNameIsRefusedBeforeEarlierVariantsAreWritten(_ name: String) throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Support.scenario(in: folder, variants: [
            "strict: { overrides.nursery-slots-per-1000.slots_per_1000: 6 }",
            "\"\(name)\": { overrides.nursery-slots-per-1000.slots_per_1000: 7 }",
        ])
        let out = folder.appendingPathComponent("all")
        let result = try CommandRunner.run(["run", scenario, "--all-variants", "--out", out.path, "--quiet"])
        #expect(result.status == 2 && result.stderr.contains(":16:3: error: variants.\(name): invalid variant name"), "\(result.stderr)")
        // Before, base and strict were written before the bad name was refused.
        #expect(Support.names(folder) == ["scenario.yaml"])
        // A run of one variant checks every name too.
        let one = try CommandRunner.run(["run", scenario, "--variant", "strict", "--out", out.path, "--quiet"])
        #expect(one.status == 2 && Support.names(folder) == ["scenario.yaml"], "\(one.stderr)")
    }

    @Test func scenarioNamedDotDotWritesNothingOutsideResults() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Run from `folder/work` without --out: the default is Results/<name>/<run id>, so `name: ".."`
        // put the run in `folder/work/<run id>`, outside Results/.
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let scenario = try Support.scenario(in: folder, title: "\"..\"")
        let result = try CommandRunner.run(["run", scenario, "--quiet"], in: work)
        // `name:` is the scenario's second line; its value starts at column 7.
        #expect(result.status == 2 && result.stderr.contains("scenario.yaml:2:7: error: name:"), "\(result.stderr)")
        #expect(result.stderr.contains("Results/<name>/"), "\(result.stderr)")
        #expect(Support.names(work).isEmpty)
        #expect(Support.names(folder) == ["scenario.yaml", "work"])
    }

    @Test func everyFileARunWritesIsAReservedVariantName() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Every view (all formats, the detail table) and the comparison table of --all-variants.
        let scenario = try Support.scenario(in: folder, variants: ["strict: { overrides.nursery-slots-per-1000.slots_per_1000: 6 }"])
        let out = folder.appendingPathComponent("all")
        let run = try CommandRunner.run(["run", scenario, "--all-variants", "--detail", "single-year", "--format", "csv",
                                         "--format", "json", "--format", "xlsx", "--format", "html", "--format", "md",
                                         "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let compare = try CommandRunner.run(["compare", out.path])
        #expect(compare.status == 0, "\(compare.stderr)")
        let written = Set(Support.names(out) + Support.names(out.appendingPathComponent("base"))).subtracting(["base", "strict"])
        #expect(written.contains("comparison.csv") && written.contains("population_detail.json") && written.contains("comparison-report.csv"))
        // Each name, as a variant's name, is refused at load: it would overwrite or be overwritten.
        for name in written.sorted() {
            let named = try Support.scenario(in: folder, name: "named.yaml", variants: ["\(name): { as_of: 2025 }"])
            let result = try CommandRunner.run(["run", named, "--all-variants", "--out", folder.appendingPathComponent("x").path, "--quiet"])
            #expect(result.status == 2 && result.stderr.contains("name of a file the run writes"), "\(name): \(result.stderr)")
        }
    }

    @Test func variantsWithOneFolderNameAreRefused() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // "Strict Slots" is written to the folder Strict_Slots; on macOS and Windows that is strict_slots.
        let scenario = try Support.scenario(in: folder, variants: [
            "strict_slots: { overrides.nursery-slots-per-1000.slots_per_1000: 6 }",
            "Strict Slots: { overrides.nursery-slots-per-1000.slots_per_1000: 7 }",
        ])
        let result = try CommandRunner.run(["run", scenario, "--all-variants", "--out", folder.appendingPathComponent("all").path])
        #expect(result.status == 2 && result.stderr.contains(":16:3: error: variants.Strict Slots: variant \"Strict Slots\" would be written to the folder \"Strict_Slots\", as \"strict_slots\" is"), "\(result.stderr)")
        #expect(Support.names(folder) == ["scenario.yaml"])
    }
}
