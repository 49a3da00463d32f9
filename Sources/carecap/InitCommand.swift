import ArgumentParser
import Foundation
import Reporting

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
            throw CommandFailure.badInput("carecap: \(file) exists; use --force to replace it")
        }
        do {
            try AtomicWrite.replace(file, with: StarterScenario.text)
        } catch {
            throw CommandFailure.from(error)
        }
        writeStandardOutput("wrote \(file); run `carecap check \(file)`\n")
    }
}
