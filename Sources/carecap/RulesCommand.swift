import ArgumentParser
import Planning
import Reporting
import Scenario

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List and show the rule catalogue and its presets.",
        subcommands: [List.self, Show.self, Presets.self],
        defaultSubcommand: List.self
    )

    struct PresetOption: ParsableArguments {
        @Option(help: "Rule preset (national, dehong-2022, sanya-2023, heilongjiang-2022, gansu-2022, guizhou-2022).")
        var preset: String = "national"

        func book() throws -> RuleBook {
            do {
                return try RuleBook(preset: preset)
            } catch {
                let ids = RuleCatalogue.presetIDs
                throw CommandFailure.badInput("carecap: unknown rule preset \"\(preset)\"\(RuleText.hint(preset, ids)); expected one of: \(ids.joined(separator: ", "))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One line per rule: id, checked, parameters, name; or the whole catalogue as Markdown.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, markdown
        }

        @OptionGroup var options: PresetOption

        @Option(help: "text (one line per rule under --preset) or markdown (the whole catalogue and every preset, as docs/RULES.md).")
        var format: Format = .text

        func run() throws {
            switch format {
            case .text: writeStandardOutput(RuleText.list(try options.book()))
            case .markdown: writeStandardOutput(RuleMarkdown.catalogue())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One rule in full: parameters with units and dated values, each with its reference.")

        @Argument(help: "Rule id, as `carecap rules list` prints it.")
        var id: String

        @OptionGroup var options: PresetOption

        func run() throws {
            let book = try options.book()
            guard let rule = book.rule(id) else {
                throw CommandFailure.badInput("carecap: unknown rule \"\(id)\"\(RuleText.hint(id, book.rules.map(\.id))); `carecap rules list` shows them")
            }
            writeStandardOutput(RuleText.show(rule, preset: book.presetID))
        }
    }

    struct Presets: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The presets and what each changes.")

        func run() throws {
            writeStandardOutput(RuleText.presets())
        }
    }
}
