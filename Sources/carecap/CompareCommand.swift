import ArgumentParser
import Foundation
import Reporting
import Results

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the headline shortfalls and target probabilities of two runs, or of the variants of one run.",
        discussion: """
            `carecap compare RUN_A RUN_B` compares two run folders (B − A). `carecap compare FOLDER` with a folder
            written by `carecap run --all-variants` compares base and every variant. Prints the table and writes it
            as CSV (--out, default comparison-report.csv in the first folder's parent).
            """
    )

    @Argument(help: "Run folders, or one folder of variants.")
    var runs: [String]

    @Option(help: "Language of the labels: zh (default) or en.")
    var lang: Language = .zh

    @Option(help: "Where to write the comparison as CSV.")
    var out: String?

    @Flag(help: "Compare runs of different areas or years anyway (their totals then count different places).")
    var force = false

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give two run folders, or one folder of variants") }
    }

    func run() throws {
        var folders: [(String, String)] = []
        let fm = FileManager.default
        if runs.count == 1 {
            let root = runs[0]
            if OutputDirectory.isRunFolder(root) {
                throw CommandFailure.badInput("carecap: \(root) is a single run; give a second run folder to compare with")
            }
            // Hidden names are skipped: a run in progress or interrupted writes `.NAME.partial-PID`, and a
            // variant's name never starts with ".".
            let children = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted()
                .filter { !$0.hasPrefix(".") && OutputDirectory.isRunFolder((root as NSString).appendingPathComponent($0)) }
            let ordered = children.filter { $0 == "base" } + children.filter { $0 != "base" }
            guard ordered.count >= 2 else { throw CommandFailure.badInput("carecap: \(root) holds fewer than two runs") }
            folders = ordered.map { ($0, (root as NSString).appendingPathComponent($0)) }
        } else {
            for run in runs {
                let name = ((run as NSString).standardizingPath as NSString).lastPathComponent
                if TemporaryOutputs.isTemporaryName(name) {
                    throw CommandFailure.badInput("carecap: \(run) is the temporary folder of a run in progress or interrupted, not a finished run")
                }
            }
            folders = runs.map { (($0 as NSString).standardizingPath as NSString).lastPathComponent }.enumerated().map { i, name in
                (runs.count == 2 ? ["A", "B"][i] + " " + name : name, runs[i])
            }
        }
        var loaded: [(name: String, run: RunResult)] = []
        for (name, path) in folders {
            do {
                loaded.append((name, try ResultStore.read(path: (path as NSString).appendingPathComponent(ResultStore.fileName))))
            } catch {
                throw CommandFailure.badInput("carecap: \(error)")
            }
        }
        if !force, let reason = RunComparison.incomparable(loaded) {
            throw CommandFailure.badInput("carecap: cannot compare: \(reason); give runs of the same areas, or --force to compare them anyway")
        }
        let comparison = RunComparison(runs: loaded, language: lang)
        let parent = ((runs[0] as NSString).standardizingPath as NSString).deletingLastPathComponent
        let path = out ?? (runs.count == 1 ? (runs[0] as NSString).appendingPathComponent("comparison-report.csv")
                                           : (parent as NSString).appendingPathComponent("comparison-report.csv"))
        do {
            try AtomicWrite.replace(path, with: comparison.csv)
        } catch {
            throw CommandFailure.from(error)
        }
        writeStandardOutput(comparison.text + Labels.fill("compare.wrote", lang, [path]) + "\n")
    }
}
