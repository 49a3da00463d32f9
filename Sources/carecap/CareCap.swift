import ArgumentParser
import Foundation

/// The command table. Parsing and printing only: the model lives in the library modules.
struct CareCap: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "carecap",
        abstract: "Plan elderly-care and childcare capacity (一老一小) for Chinese counties.",
        discussion: """
            Exit status: 0 when every check passes, 1 when any fails, 2 for bad input.
            """,
        version: version,
        subcommands: [CheckCommand.self, ProjectCommand.self, RunCommand.self, ReportCommand.self, CompareCommand.self, RulesCommand.self, InitCommand.self]
    )
}

@main
enum Main {
    static func main() async {
        do {
            var command = try CareCap.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = CareCap.exitCode(for: error)
            if code == .success {
                CareCap.exit(withError: error)
            }
            // Usage mistakes are bad input too: exit 2, as for a bad scenario file.
            let message = CareCap.fullMessage(for: error)
            FileHandle.standardError.write(Data(("carecap: " + message + "\n").utf8))
            Foundation.exit(ExitStatus.badInput)
        }
    }
}

enum ExitStatus {
    static let allPass: Int32 = 0
    static let someFail: Int32 = 1
    static let badInput: Int32 = 2
}

/// Prints to standard error and exits with the bad-input status.
func failBadInput(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(ExitStatus.badInput)
}

func writeStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
