import ArgumentParser
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter scenario to edit."
    )

    @Argument(help: "Where to write it.")
    var file: String = "scenario.yaml"

    @Flag(help: "Replace the file if it exists.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: file) && !force {
            failBadInput("carecap: \(file) exists; use --force to replace it")
        }
        do {
            try AtomicFile.write(StarterScenario.text, to: file)
        } catch {
            failBadInput("carecap: cannot write \(file): \(error)")
        }
        writeStandardOutput("wrote \(file); run `carecap check \(file)`\n")
    }
}

/// Writes to a temporary name beside the target and renames, so a reader never sees half a file.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try Data(text.utf8).write(to: temporary)
        do {
            if FileManager.default.fileExists(atPath: url.path) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: url)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
