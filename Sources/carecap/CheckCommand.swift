import ArgumentParser
import Demography
import Planning
import Reporting
import Scenario

extension FindingsWriter.Format: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check new residential districts, areas and institutions against the rules in force.",
        discussion: """
            One finding per subject and rule metric: required, provided, shortfall, status and the rule's
            source. Exit status 0 when all pass, 1 when any fails, 2 for bad input.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(help: "Output format: table, csv, json or markdown.")
    var format: FindingsWriter.Format = .table

    /// zh by default, like every other command (issue 12).
    @Option(help: "Language of table and markdown labels: zh (default) or en.")
    var lang: Language = .zh

    func run() throws {
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(path: file)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        let checker = ComplianceChecker(
            rules: scenario.rules, householdSizeByArea: try householdSizes(scenario), asOfYear: scenario.asOfYear)
        let findings = checker.check(districts: scenario.districts, supply: scenario.supply)
        // "0 findings" with exit 0 would read as a pass: a file with nothing to check is bad input.
        if findings.isEmpty {
            throw CommandFailure.badInput(Self.nothingToCheck(scenario, checker: checker))
        }
        var names: [String: String] = [:]
        for district in scenario.districts {
            if let name = district.name { names["district:\(district.id)"] = name }
        }
        for area in scenario.supply {
            if let name = area.name { names["area:\(area.code)"] = name }
        }
        var ruleNames: [String: String] = [:]
        for rule in scenario.rules.rules { ruleNames[rule.id] = rule.nameZH }
        let writer = FindingsWriter(language: lang, ruleNames: ruleNames)
        writeStandardOutput(writer.render(findings, as: format, subjectNames: names))
        if findings.contains(where: { $0.status == .fail }) {
            throw ExitCode(ExitStatus.someFail)
        }
    }

    /// Why a scenario gave no findings: what the file lacks, and which rules are checked under its preset.
    static func nothingToCheck(_ scenario: Scenario, checker: ComplianceChecker) -> String {
        let preset = scenario.rules.presetID
        let head = "\(scenario.file): error: nothing to check"
        let institutions = scenario.supply.reduce(0) { $0 + $1.institutions.count }
        if scenario.districts.isEmpty && scenario.supply.isEmpty {
            return "\(head): the file has no \"districts:\" (new residential districts) and no \"supply:\" (areas and their institutions); carecap check tests those against the rules in force under preset \(preset)"
        }
        let checked = CheckSubject.allCases.flatMap { checker.checkedRuleIDs($0) }
        var seen: Set<String> = []
        let rules = checked.filter { seen.insert($0).inserted }
        let given = "\(scenario.districts.count) district\(scenario.districts.count == 1 ? "" : "s"), "
            + "\(scenario.supply.count) supply area\(scenario.supply.count == 1 ? "" : "s") and \(institutions) institution\(institutions == 1 ? "" : "s")"
        let local = scenario.rules.rules.filter { !$0.inForce && $0.evaluatedBy.contains(.check) }
            .map { "\($0.id) (\($0.localTo ?? "a plan"))" }
        var message = "\(head): its \(given) give none of the numbers that the rules checked under preset \(preset) test"
        message += rules.isEmpty ? " (no rule is checked)" : " (\(rules.joined(separator: ", ")))"
        if !local.isEmpty {
            message += "; a plan's rules apply only under its preset (\"rules:\"): \(local.joined(separator: ", "))"
        }
        return message
    }

    /// Household size per area: the census named in `population:` where there is one, then the
    /// households that `supply:` gives, which win.
    func householdSizes(_ scenario: Scenario) throws -> [String: Double] {
        var sizes: [String: Double] = [:]
        if let census = scenario.population?.census {
            do {
                for row in try CensusTable.load(path: census.path).rows where !row.code.isEmpty {
                    if let size = row.personsPerHousehold { sizes[row.code] = size }
                }
            } catch {
                throw CommandFailure.badInput("\(error)")
            }
        }
        sizes.merge(scenario.householdSizeByArea) { _, supply in supply }
        return sizes
    }
}
