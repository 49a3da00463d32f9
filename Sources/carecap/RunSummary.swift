import Demography
import Foundation
import Reporting
import Results

/// What `carecap run` prints: the program targets with the probability of meeting them, the standard's
/// requirement next to each total the plan sets, and the largest shortfalls. Printing only: every number
/// comes from the run's result.
struct RunSummary {
    let result: RunResult

    static func count(_ value: Double) -> String { NumberFormatting.display(value.rounded()) }

    /// The measure a program target's total counts (`slots`, `carers`, `beds`).
    static let measureOfTotal: [String: ResultMeasure] = ["slots": .nurserySlots, "carers": .carers, "beds": .beds]

    /// The run's warnings (census rows left out, calibration fallbacks, populations clamped at
    /// zero, supply not given), one `warning:` line each, for standard error; the manifest and the
    /// store's warnings table hold the same.
    var warningLines: String {
        result.manifest.warnings.map { "warning: \($0)\n" }.joined()
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
        let basis = source.hasPrefix("nursery-class-mix") ? "basis: rule nursery-class-mix, see docs/RULES.md" : "basis: \(source)"
        var out = "  class mix of slots: \(mix.joined(separator: ", ")) → "
        out += String(format: "%.3f carers a slot (1:%.1f)", perSlot, 1 / perSlot) + " [\(basis)]\n"
        let targets = result.manifest.programTargets
        for slots in targets where slots.metric == "slots" {
            guard let carers = targets.first(where: { $0.rule == slots.rule && $0.year == slots.year && $0.metric == "carers" }),
                  slots.required > 0 else { continue }
            out += "  \(slots.year)  carers for the plan's \(Self.count(slots.required)) slots in this mix: "
            out += "\(Self.count(slots.required * perSlot)) vs the plan's \(Self.count(carers.required))"
            out += String(format: " (plan: %.3f carers a slot, 1:%.1f)\n", carers.required / slots.required,
                          slots.required / carers.required)
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
        var out = "\(m.scenarioName)\(m.variant.map { " — variant \($0)" } ?? ""): "
        out += "\(result.areas.count) areas, \(m.baseYear)-\(m.horizon) at \(PopulationReference.label(monthDay: m.referenceDate)), "
        out += draws > 1 ? "\(draws) draws (P50 [P10–P90])\n" : "one deterministic path\n"
        let adjusted = m.warnings.filter(FertilityLevel.isAdjustmentWarning)
        if !adjusted.isEmpty {
            // The first few by name; the warnings above and the manifest list every one.
            let first = adjusted.prefix(3).map { String($0.prefix { $0 != ":" }) }
            out += "TFR shrunk toward the prefecture's, bounded or taken from it: \(adjusted.count) area\(adjusted.count == 1 ? "" : "s") ("
                + first.joined(separator: ", ") + (adjusted.count > 3 ? ", …" : "") + ")\n"
        }

        let programs = result.findings.filter { $0.kind == .program }
        if !programs.isEmpty {
            out += "\nProgram targets (all areas):\n"
            for f in programs {
                let rate = f.isRate
                let value = rate ? String(format: "%.2f", f.provided) : f.isShare ? String(format: "%.1f%%", 100 * f.provided) : Self.count(f.provided)
                let target = rate ? String(format: "%.2f", f.required) : f.isShare ? String(format: "%.1f%%", 100 * f.required) : Self.count(f.required)
                out += "  \(f.year)  \(f.rule) \(f.metric): \(value) against \(target) \(f.unit)"
                out += f.status == .pass ? " — met" : " — NOT met"
                out += Self.outcome(f, draws: draws) + Self.mark(f.supplyBasis)
                out += "\n"
            }
        }
        // Targets whose total some area does not give: not judged, never counted as zero.
        for target in m.programTargets where m.years.contains(target.year)
            && !programs.contains(where: { $0.rule == target.rule && $0.metric == target.metric && $0.year == target.year })
        {
            if programs.isEmpty && !out.hasSuffix("(all areas):\n") { out += "\nProgram targets (all areas):\n" }
            let reason = m.warnings.first { $0.hasPrefix("target \(target.rule) \(target.metric) \(target.year) not assessed") }
                .map { String($0.drop { $0 != ":" }.dropFirst(2)) } ?? "the run does not give what it counts"
            out += "  \(target.year)  \(target.rule) \(target.metric): not assessed — \(reason)\n"
        }
        if let t = m.workforce.trainingIndicator {
            if !out.contains("Program targets (all areas):") { out += "\nProgram targets (all areas):\n" }
            out += "  \(t.year)  \(t.rule) person-times trained: \(Self.count(t.trained)) against \(Self.count(t.target))"
            out += t.met.map { $0 ? " — met" : " — NOT met" } ?? " — not comparable, not judged"
            out += " (\(t.basis))\n"
        }
        if m.workforce.carersTrainedPerYear > 0 {
            let share = m.workforce.traineesBecomingCarers ?? 1
            out += String(format: "  Carer supply counts %.0f%% of trainees as new carers", 100 * share)
            // Manifests from before the share existed added every trainee (nil → 100%).
            out += share == 0 ? " (workforce.trainees_becoming_carers: 0, the default: training adds no carers)\n"
                : " (workforce.trainees_becoming_carers: the scenario's assumption)\n"
        }
        // The requirement in each target year at the standard rate, next to any total the plan sets.
        for target in m.programTargets where m.years.contains(target.year) {
            guard let measure = Self.measureOfTotal[target.metric],
                  let q = result.demand.value(RunResult.totalArea, target.year, measure, .standard) else { continue }
            out += "  \(target.year)  \(measure.rawValue) required by the standard: \(Self.count(q.p50))"
            if draws > 1 { out += " [\(Self.count(q.p10))–\(Self.count(q.p90))]" }
            out += " vs the plan's \(Self.count(target.required)); planned supply "
            let basis = result.supplyBasis(RunResult.totalArea, measure) ?? .notProvided
            if basis != .notProvided, let planned = result.supply.p50(RunResult.totalArea, target.year, measure, .planned) {
                out += Self.count(planned) + Self.mark(basis)
            } else {
                out += "not provided"
            }
            if let use = result.demand.value(RunResult.totalArea, target.year, measure, .propensity) {
                out += "; observed use \(Self.count(use.p50))"
            }
            out += "\n"
        }
        out += classMixLines

        let failing = result.findings.filter { $0.kind == .area && $0.status == .fail }
            .sorted { ($0.shortfall / max(1, $0.required), $0.subject) > ($1.shortfall / max(1, $1.required), $1.subject) }
        out += "\nLargest shortfalls (standard basis, P50, share of the requirement missing):\n"
        if failing.isEmpty { out += "  none: every area meets every standard in the target years\n" }
        for f in failing.prefix(10) {
            let name = result.area(f.subject)?.name ?? ""
            out += "  \(f.year)  \(f.subject) \(name)  \(f.metric): need \(Self.count(f.required)), have \(Self.count(f.provided)), short \(Self.count(f.shortfall))"
            out += String(format: " (%.0f%%)", 100 * f.shortfall / max(1, f.required))
            out += Self.outcome(f, draws: draws) + Self.mark(f.supplyBasis)
            out += "\n"
        }
        let unjudged = result.findings.filter { $0.status == .notAssessed }
        if !unjudged.isEmpty {
            // Grouped by rule: which keys the scenario would need to give, never judged as zero.
            var byRule: [(String, [String])] = []
            for f in unjudged {
                if let i = byRule.firstIndex(where: { $0.0 == f.rule }) { byRule[i].1.append(f.needs ?? "") } else { byRule.append((f.rule, [f.needs ?? ""])) }
            }
            out += "\nNot assessed (the scenario does not give what they need; never counted as zero):\n"
            for (rule, needs) in byRule {
                out += "  \(rule): needs \(needs.prefix(3).joined(separator: ", "))\(needs.count > 3 ? ", … (\(needs.count) areas)" : "")\n"
            }
        }
        if result.findings.contains(where: { $0.supplyBasis == .assumption }) {
            out += "  [assumed supply]: the supply behind the finding is the scenario's assumption, not a cited figure (see its sources:)\n"
        }
        return out
    }

    /// P(met) where supply or demand varies across draws; otherwise the inputs fix the outcome.
    static func outcome(_ f: RunFinding, draws: Int) -> String {
        guard draws > 1 else { return "" }
        return f.uncertain ? String(format: ", P(met) = %.0f%%", 100 * f.probabilityMet) : ", fixed by the inputs"
    }

    /// A finding or total resting on assumed supply says so where it is printed.
    static func mark(_ basis: SupplyBasis) -> String {
        basis == .assumption ? " [assumed supply]" : ""
    }
}
