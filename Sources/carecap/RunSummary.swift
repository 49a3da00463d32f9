import Demography
import Foundation
import Planning
import Reporting
import Results

/// What `carecap run` prints: the program targets with the probability of meeting them, the standard's
/// requirement next to each total the plan sets, and the largest shortfalls. Printing only: every number
/// comes from the run's result.
struct RunSummary {
    let result: RunResult
    /// The summary's language: the run's `--lang` (zh by default), like its reports.
    let language: Language
    /// The run's rule book, for the rules' Chinese names.
    let rules: RuleBook?

    init(result: RunResult, language: Language = .zh) {
        self.result = result
        self.language = language
        rules = try? RuleBook(preset: result.manifest.rules.isEmpty ? "national" : result.manifest.rules)
    }

    func l(_ key: String, _ args: CustomStringConvertible...) -> String {
        Labels.fill("console.\(key)", language, args.map(\.description))
    }

    /// A measure by its name in the summary's language ("养老床位数", "institutional beds").
    func measureName(_ m: ResultMeasure) -> String { Labels.text("measure.\(m.rawValue)", language) }

    /// An area by name with its code: "芒市（533103）".
    func areaLabel(_ code: String) -> String {
        let name = result.area(code)?.name ?? ""
        if name.isEmpty { return code }
        return language == .zh ? "\(name)（\(code)）" : "\(name) (\(code))"
    }

    /// A rule by its name in Chinese, by its id in English (the id is what `carecap rules show` takes).
    func ruleLabel(_ id: String) -> String {
        guard language == .zh, let rule = rules?.rule(id) else { return id }
        return rule.nameZH
    }

    /// A plan target: its rule and indicator, once where the two names are the same.
    func targetName(_ rule: String, _ metric: String) -> String {
        let indicator = Labels.text(metric, prefix: "indicator", language)
        let name = ruleLabel(rule)
        if language == .en { return "\(rule) \(metric)" }
        return name == indicator ? name : "\(name) \(indicator)"
    }

    func unitText(_ f: RunFinding) -> String { language == .zh ? f.unit.zh : f.unit.en }

    static func count(_ value: Double) -> String { NumberFormatting.display(value.rounded()) }

    /// The measure a program target's total counts (`slots`, `carers`, `beds`).
    static let measureOfTotal: [String: ResultMeasure] = ["slots": .nurserySlots, "carers": .carers, "beds": .beds]

    /// The run's warnings (census rows left out, calibration fallbacks, populations clamped at
    /// zero, supply not given), one `warning:` line each, for standard error; the manifest and the
    /// store's warnings table hold the same.
    /// Each warning on a line; one longer than `consoleWarningLimit` characters (a list of thousands of
    /// areas at township scale) is cut at a comma before the limit, the rest left to manifest.json.
    var warningLines: String {
        result.manifest.warnings.map { "warning: \(Self.shortened($0))\n" }.joined()
    }

    static let consoleWarningLimit = 400

    static func shortened(_ warning: String) -> String {
        guard warning.count > consoleWarningLimit else { return warning }
        let head = warning.prefix(consoleWarningLimit)
        let cut = head.range(of: ", ", options: .backwards).map { head[..<$0.lowerBound] } ?? head
        return "\(cut), … (\(warning.count - cut.count) characters more: the whole warning is in manifest.json's warnings)"
    }

    /// The class mix behind every carer figure, the carers a slot costs under it, and, where a plan sets
    /// both a slot and a carer total for a year, the carers the standard requires for the plan's own slots
    /// next to the plan's carers: the carer gap that is the plan's arithmetic, not the population's.
    var classMixLines: String {
        let parameters = result.manifest.demandParameters
        func value(_ name: String) -> Double? { parameters.first { $0.name == name }?.value }
        guard let perSlot = value("class_mix.carers_per_slot") else { return "" }
        let bands: [(String, String)] = [("infant", "乳儿班 6-12m"), ("toddler", "托小班 12-24m"), ("older", "托大班 24-36m"),
                                         ("mixed", "混合班 18-36m")]
        let mix = bands.compactMap { key, label in value("class_mix.\(key)").map { "\(label) \(Self.percent($0))" } }
        // The basis named briefly: the full reference is in the manifest and docs/RULES.md.
        let source = parameters.first { $0.name == "class_mix.infant" }?.source ?? ""
        let basis = source.hasPrefix("nursery-class-mix") ? l("basis_rule") : l("basis_source", source)
        var out = l("class_mix", mix.joined(separator: language == .zh ? "、" : ", "), String(format: "%.3f", perSlot),
                    String(format: "%.1f", 1 / perSlot), basis) + "\n"
        let targets = result.manifest.programTargets
        for slots in targets where slots.metric == "slots" {
            guard let carers = targets.first(where: { $0.rule == slots.rule && $0.year == slots.year && $0.metric == "carers" }),
                  slots.required > 0 else { continue }
            out += l("plan_carers", slots.year, Self.count(slots.required), Self.count(slots.required * perSlot), Self.count(carers.required),
                     String(format: "%.3f", carers.required / slots.required), String(format: "%.1f", slots.required / carers.required)) + "\n"
        }
        return out
    }

    static func percent(_ share: Double) -> String {
        let p = 100 * share
        return p == p.rounded() ? "\(Int(p))%" : String(format: "%.1f%%", p)
    }

    var text: String {
        let m = result.manifest
        let draws = result.draws
        var out = m.scenarioName + (m.variant.map { l("variant", $0) } ?? "") + (language == .zh ? "：" : ": ")
        let moment = language == .zh ? Labels.text("console.moment.\(m.referenceDate)", .zh) : PopulationReference.label(monthDay: m.referenceDate)
        out += l("head", result.areas.count, m.baseYear, m.horizon, moment.hasPrefix("console.") ? m.referenceDate : moment)
        out += (draws > 1 ? l("draws", draws) : l("deterministic")) + "\n"
        let adjusted = m.warnings.filter(FertilityLevel.isAdjustmentWarning)
        if !adjusted.isEmpty {
            // The first few by name; the warnings above and the manifest list every one.
            let first = adjusted.prefix(3).map { String($0.prefix { $0 != ":" }) }
            out += l("tfr_adjusted", adjusted.count, first.joined(separator: ", ") + (adjusted.count > 3 ? ", …" : "")) + "\n"
        }

        let programs = result.findings.filter { $0.kind == .program }
        let header = "\n" + l("targets") + "\n"
        if !programs.isEmpty {
            out += header
            for f in programs {
                let rate = f.isRate
                let value = rate ? String(format: "%.2f", f.provided) : f.isShare ? String(format: "%.1f%%", 100 * f.provided) : Self.count(f.provided)
                let target = rate ? String(format: "%.2f", f.required) : f.isShare ? String(format: "%.1f%%", 100 * f.required) : Self.count(f.required)
                out += "  \(f.year)  " + l("target_line", targetName(f.rule, f.metric), value, target, f.isShare ? "" : unitText(f))
                out += f.status == .pass ? l("met") : l("not_met")
                out += outcome(f, draws: draws) + mark(f.supplyBasis)
                out += "\n"
            }
        }
        // Targets whose total some area does not give: not judged, never counted as zero.
        for target in m.programTargets where m.years.contains(target.year)
            && !programs.contains(where: { $0.rule == target.rule && $0.metric == target.metric && $0.year == target.year })
        {
            if !out.contains(header) { out += header }
            let reason = m.warnings.first { $0.hasPrefix("target \(target.rule) \(target.metric) \(target.year) not assessed") }
                .map { Self.shortened(String($0.drop { $0 != ":" }.dropFirst(2))) } ?? l("not_given")
            out += "  \(target.year)  " + l("target_unjudged", targetName(target.rule, target.metric), reason) + "\n"
        }
        if let t = m.workforce.trainingIndicator {
            if !out.contains(header) { out += header }
            out += "  \(t.year)  " + l("trained", ruleLabel(t.rule), Self.count(t.trained), Self.count(t.target))
            out += t.met.map { $0 ? l("met") : l("not_met") } ?? l("not_comparable")
            // The basis is the run's own English text: in a zh summary, where to read it.
            out += language == .zh ? l("training_basis") + "\n" : " (\(t.basis))\n"
        }
        if m.workforce.carersTrainedPerYear > 0 {
            let share = m.workforce.traineesBecomingCarers ?? 1
            // Manifests from before the share existed added every trainee (nil → 100%).
            out += l(share == 0 ? "trainees_default" : "trainees_share", String(format: "%.0f", 100 * share)) + "\n"
        }
        // The requirement in each target year at the standard rate, next to any total the plan sets.
        for target in m.programTargets where m.years.contains(target.year) {
            guard let measure = Self.measureOfTotal[target.metric],
                  let q = result.demand.value(RunResult.totalArea, target.year, measure, .standard) else { continue }
            out += "  \(target.year)  " + l("required", measureName(measure), Self.count(q.p50))
            if draws > 1 { out += " [\(Self.count(q.p10))–\(Self.count(q.p90))]" }
            out += l("vs_plan", Self.count(target.required))
            let basis = result.supplyBasis(RunResult.totalArea, measure) ?? .notProvided
            if basis != .notProvided, let planned = result.supply.p50(RunResult.totalArea, target.year, measure, .planned) {
                out += Self.count(planned) + mark(basis)
            } else {
                out += l("not_provided")
            }
            if let use = result.demand.value(RunResult.totalArea, target.year, measure, .propensity) {
                out += l("observed_use", Self.count(use.p50))
            }
            out += "\n"
        }
        out += classMixLines

        // Largest first in units: a small county's 90% short is fewer beds than a city's 10%.
        let failing = result.findings.filter { $0.kind == .area && $0.status == .fail }
            .sorted { ($0.shortfall, $1.subject) > ($1.shortfall, $0.subject) }
        out += "\n" + l("largest") + "\n"
        if failing.isEmpty { out += l("none") + "\n" }
        for f in failing.prefix(10) {
            let name = ResultMeasure(rawValue: f.metric).map(measureName) ?? Labels.text(f.metric, prefix: "metric", language)
            out += "  \(f.year)  " + l("short_line", areaLabel(f.subject), name, Self.count(f.required), Self.count(f.provided),
                                      Self.count(f.shortfall), unitText(f))
            out += outcome(f, draws: draws) + mark(f.supplyBasis)
            out += "\n"
        }
        let unjudged = result.findings.filter { $0.status == .notAssessed }
        if !unjudged.isEmpty {
            // Grouped by rule: which keys the scenario would need to give, never judged as zero.
            var byRule: [(String, [String])] = []
            for f in unjudged {
                if let i = byRule.firstIndex(where: { $0.0 == f.rule }) { byRule[i].1.append(f.needs ?? "") } else { byRule.append((f.rule, [f.needs ?? ""])) }
            }
            out += "\n" + l("unjudged") + "\n"
            for (rule, needs) in byRule {
                out += "  " + l("needs", ruleLabel(rule), needs.prefix(3).joined(separator: ", ") + (needs.count > 3 ? l("more_areas", needs.count) : "")) + "\n"
            }
        }
        if result.findings.contains(where: { $0.supplyBasis == .assumption }) {
            out += l("assumed_note") + "\n"
        }
        return out
    }

    /// P(met) where supply or demand varies across draws; otherwise the inputs fix the outcome.
    func outcome(_ f: RunFinding, draws: Int) -> String {
        guard draws > 1 else { return "" }
        return f.uncertain ? l("probability", String(format: "%.0f", 100 * f.probabilityMet)) : l("fixed")
    }

    /// A finding or total resting on assumed supply says so where it is printed.
    func mark(_ basis: SupplyBasis) -> String {
        basis == .assumption ? l("assumed") : ""
    }
}
