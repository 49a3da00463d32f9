import Foundation
import Planning
import Reporting
import Scenario

/// manifest.json of a capacity run: what was run, from which file (its hash), with which seed, and every
/// parameter used with its source. Nothing in it depends on the time or the number of tasks, so two runs
/// of the same scenario and seed write identical files.
public enum RunManifest {
    /// FNV-1a, 64-bit: enough to tell scenario files apart in a manifest; not a security hash.
    public static func hash(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return String(format: "%016llx", h)
    }

    static func json(_ text: String) -> String { FindingsWriter.jsonString(text) }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    public static func render(result: CapacitySimulation.Result, version: String, detail: String) -> String {
        let plan = result.plan
        let scenario = plan.scenario
        var lines: [String] = []
        lines.append("\"tool\": \(json("carecap \(version)"))")
        lines.append("\"command\": \"run\"")
        lines.append("\"scenario\": \(json(scenario.file))")
        lines.append("\"scenario_name\": \(json(scenario.name))")
        lines.append("\"scenario_hash\": \(json("fnv1a64:" + hash(scenario.text)))")
        lines.append("\"variant\": \(scenario.variant.map(json) ?? "null")")
        lines.append("\"rules\": \(json(scenario.rules.presetID))")
        lines.append("\"base_year\": \(plan.baseYear)")
        lines.append("\"horizon\": \(plan.years.last!)")
        lines.append("\"areas\": [\(plan.areaCodes.map(json).joined(separator: ", "))]")
        lines.append("\"population_detail\": \(json(detail))")
        lines.append("\"draws\": \(result.draws)")
        if let u = scenario.uncertainty {
            func component(_ c: UncertaintySpec.Component) -> String {
                "{\"sd\": \(number(c.sd)), \"shared\": \(number(c.shared)), \"persistence\": \(number(c.persistence))}"
            }
            lines.append("\"seed\": \(u.seed)")
            lines.append("\"uncertainty\": {\"tfr_log_innovation\": \(component(u.tfr)), \"e0_years\": \(component(u.e0)), \"migration_scale\": \(component(u.migration)), \"propensity_log\": \(component(u.propensity)), \"e0_years_per_log_mortality\": \(number(DrawDeviations.e0PerLogMortality))}")
        } else {
            lines.append("\"seed\": null")
            lines.append("\"uncertainty\": null")
        }
        let parameters = plan.demand.parametersUsed.map { p in
            "    {\"name\": \(json(p.name)), \"value\": \(number(p.value)), \"unit\": \(json(p.unit)), \"basis\": \(p.basis.map { json($0.rawValue) } ?? "\"both\""), \"source\": \(json(p.source))}"
        }
        lines.append("\"demand_parameters\": [\n\(parameters.joined(separator: ",\n"))\n  ]")
        let w = scenario.workforce
        lines.append("\"workforce\": {\"carers_trained_per_year\": \(number(w.carersTrainedPerYear)), \"training_from\": \(w.trainingFrom.map(String.init) ?? "null"), \"training_to\": \(w.trainingTo.map(String.init) ?? "null"), \"carer_attrition\": \(number(w.carerAttrition)), \"social_worker_attrition\": \(number(w.socialWorkerAttrition)), \"training_shared_by\": \"base-year children aged 0-2\"}")
        let targets = plan.targets.map { t in
            "    {\"rule\": \(json(t.rule)), \"metric\": \(json(t.metric)), \"required\": \(number(t.required)), \"year\": \(t.year), \"unit\": \(json(t.unit.en)), \"source\": \(json(t.source))}"
        }
        lines.append("\"program_targets\": [\n\(targets.joined(separator: ",\n"))\n  ]")
        var warnings = plan.inputs.censusWarnings.map(\.description)
        warnings += plan.unprojectedSupplyAreas.map { "supply.\($0) is not among the projected areas and is left out" }
        for measure in Measure.allCases {
            let missing = plan.areaCodes.indices.filter { !plan.declared[$0].contains(measure) }.map { plan.areaCodes[$0] }
            if !missing.isEmpty {
                warnings.append("no \(measure.rawValue) supply given for \(missing.joined(separator: ", ")): counted as 0 in supply.csv and shortfall.csv, left out of findings")
            }
        }
        lines.append("\"warnings\": [\(warnings.map(json).joined(separator: ", "))]")
        return "{\n  " + lines.joined(separator: ",\n  ") + "\n}\n"
    }
}
