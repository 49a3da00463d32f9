import ArgumentParser
import Foundation
import Planning
import Reporting
import Results

/// The command table. Parsing and printing only: the model lives in the library modules.
struct CareCap: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "carecap",
        abstract: "Plan elderly-care and childcare capacity (一老一小) for Chinese counties.",
        discussion: """
            Exit status: 0 when every check passes, 1 when any fails, 2 for bad input, 3 when an output cannot be written.
            """,
        version: version,
        subcommands: [CheckCommand.self, ProjectCommand.self, RunCommand.self, MergeCommand.self, ReportCommand.self, CompareCommand.self, RulesCommand.self, InitCommand.self, OptimizeCommand.self]
    )
}

@main
enum Main {
    static func main() async {
        TemporaryFolderCleanup.install()
        do {
            var command = try CareCap.parseAsRoot()
            // Every command but --help and --version reads the rule files: a broken one is bad input.
            if case let .failure(error) = RuleCatalogue.loaded {
                throw CommandFailure.badInput("carecap: error: rule file \(error)")
            }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data((failure.message + "\n").utf8))
            Foundation.exit(failure.exitStatus)
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

/// Exit statuses, in one place: what a script calling carecap can rely on.
enum ExitStatus {
    static let allPass: Int32 = 0
    static let someFail: Int32 = 1
    static let badInput: Int32 = 2
    static let cannotWrite: Int32 = 3
}

/// Why a command stops: commands throw these, and `Main` alone prints them and exits.
enum CommandFailure: Error {
    /// A file, argument or folder that cannot be used: the message names it, with line, column and key
    /// path where there is one.
    case badInput(String)
    /// An output that could not be written: the path and the system's reason.
    case cannotWrite(String)

    var message: String {
        switch self {
        case .badInput(let m): m
        case .cannotWrite(let m): m
        }
    }

    var exitStatus: Int32 {
        switch self {
        case .badInput: ExitStatus.badInput
        case .cannotWrite: ExitStatus.cannotWrite
        }
    }

    /// Sorts an error from a library module: output failures exit 3, everything else is bad input.
    static func from(_ error: any Error, prefix: String = "carecap: ") -> CommandFailure {
        if let failure = error as? CommandFailure { return failure }
        if let failure = error as? OutputDirectory.Failure {
            return failure.isBadInput ? .badInput(prefix + failure.description) : .cannotWrite(prefix + failure.description)
        }
        if let failure = error as? ResultStore.Failure, case .cannotWrite = failure { return .cannotWrite(prefix + failure.description) }
        return .badInput(prefix + "\(error)")
    }
}

func writeStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
