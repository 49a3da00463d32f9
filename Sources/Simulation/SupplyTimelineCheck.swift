import Foundation
import Planning
import Scenario

/// Checks an area's supply against the projection's years before anything runs.
///
/// Rules, for planned changes (`supply.<code>.changes`), dated levels and district deliveries:
/// - a change dated at or before the base year is an error: the base level is the stock observed in
///   the base year and already holds it, so it would be dropped; it belongs in the base level;
/// - a change, level or delivery dated after the horizon is a warning ("ignored, after the horizon");
/// - a district delivered at or before the base year is a warning: taken as already in the base level;
/// - a level that would fall below zero (a closure larger than what is left after earlier changes and
///   attrition) is an error naming the change that takes it there.
/// Supply is deterministic (no draw touches it), so checking the one path checks every draw.
package enum SupplyTimelineCheck {
    /// Warnings for dates outside the projection; throws for a change before the first projected year or
    /// a level below zero.
    package static func check(
        _ supply: AreaSupply?, pipelines: AreaSupplyPipelines, districts: [District], baseYear: Int, horizon: Int,
        file: String
    ) throws(ScenarioError) -> [String] {
        let code = pipelines.area
        var warnings: [String] = []
        func place(_ keyPath: String) -> String {
            guard let p = supply?.places[keyPath], p.line > 0 else { return file }
            return "\(file):\(p.line):\(p.column)"
        }
        func error(_ keyPath: String, _ message: String) -> ScenarioError {
            let p = supply?.places[keyPath]
            return ScenarioError(file: file, line: p.flatMap { $0.line > 0 ? $0.line : nil },
                                 column: p.flatMap { $0.column > 0 ? $0.column : nil }, keyPath: keyPath, message: message)
        }
        if let supply {
            for measure in Measure.allCases {
                for year in (supply.plannedChanges[measure.rawValue] ?? [:]).keys.sorted() {
                    let keyPath = "supply.\(code).changes.\(measure.rawValue).\(year)"
                    if year <= baseYear {
                        throw error(keyPath, "a change dated \(year) is not after the base year \(baseYear): the base level "
                            + "is the stock observed in \(baseYear) and already holds it; expected a year from \(baseYear + 1) "
                            + "to \(horizon), or the change folded into supply.\(code).\(measure.rawValue)")
                    }
                    if year > horizon {
                        warnings.append("\(place(keyPath)): \(keyPath): ignored, after the horizon \(horizon)")
                    }
                }
                let levels = [supply.nurserySlots, supply.carers, supply.beds, supply.nursingBeds, supply.socialWorkers][
                    Measure.allCases.firstIndex(of: measure)!]
                for step in levels?.steps ?? [] where step.year > horizon {
                    let keyPath = "supply.\(code).\(measure.rawValue).\(step.year)"
                    warnings.append("\(place(keyPath)): \(keyPath): level ignored, after the horizon \(horizon)")
                }
            }
        }
        for (index, district) in districts.enumerated() where district.area == code && district.nursery != nil {
            guard let year = district.deliveryYear else { continue }
            let keyPath = "districts[\(index)].delivery_year"
            if year > horizon {
                warnings.append("\(file): \(keyPath): district \(district.id) delivered in \(year): ignored, after the horizon \(horizon)")
            } else if year <= baseYear {
                warnings.append("\(file): \(keyPath): district \(district.id) delivered in \(year), not after the base year \(baseYear): taken as already in the base level of \(code), not added")
            }
        }
        for measure in Measure.allCases {
            guard let negative = pipelines[measure].firstNegativeLevel(through: horizon) else { continue }
            let changeKey = "supply.\(code).changes.\(measure.rawValue).\(negative.year)"
            let levelKey = "supply.\(code).\(measure.rawValue).\(negative.year)"
            let keyPath = supply?.places[changeKey] != nil ? changeKey
                : supply?.places[levelKey] != nil ? levelKey : "supply.\(code).\(measure.rawValue)"
            let lost = negative.attrition > 0 ? ", \(number(negative.attrition)) leaving by attrition" : ""
            throw error(keyPath, "\(measure.rawValue) would fall below zero in \(negative.year): "
                + "\(number(negative.levelBefore)) at the end of \(negative.year - 1)\(lost), a change of "
                + "\(signed(negative.change)) gives \(number(negative.level)); expected a level ≥ 0 "
                + "(a closure of at most \(number(negative.levelBefore - negative.attrition)))")
        }
        return warnings
    }

    /// A whole number without decimals, else two decimals.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }

    static func signed(_ value: Double) -> String { value > 0 ? "+" + number(value) : number(value) }
}
