/// One subject measured against one rule metric: the unit of every `carecap check` output.
public struct Finding: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case district, institution, area, program
    }

    public enum Status: String, Sendable {
        case pass, fail
        /// The scenario lacks a count the rule needs (`needs`): not judged, never taken as zero.
        case notAssessed = "not_assessed"
    }

    /// Whether `required` is a floor (provide at least) or a ceiling (provide at most, e.g. a price cap).
    public enum Bound: String, Sendable {
        case minimum, maximum
    }

    public let subject: String
    public let kind: Kind
    public let rule: String
    public let metric: String
    public let required: Double
    public let provided: Double
    public let unit: RuleUnit
    public let bound: Bound
    public let source: String
    public let responsibleUnits: [String]
    /// The scenario key a not-assessed finding needs (`districts[].land_m2`); nil when judged.
    public let needs: String?

    public init(
        subject: String, kind: Kind, rule: String, metric: String, required: Double, provided: Double,
        unit: RuleUnit, bound: Bound = .minimum, source: String, responsibleUnits: [String] = [], needs: String? = nil
    ) {
        self.needs = needs
        self.subject = subject
        self.kind = kind
        self.rule = rule
        self.metric = metric
        self.required = required
        self.provided = provided
        self.unit = unit
        self.bound = bound
        self.source = source
        self.responsibleUnits = responsibleUnits
    }

    /// How much is missing (floor) or in excess (ceiling); never negative.
    public var shortfall: Double {
        if needs != nil { return .nan }
        return switch bound {
        case .minimum: max(0, required - provided)
        case .maximum: max(0, provided - required)
        }
    }

    /// Pass exactly when nothing is missing. Areas compare with a tolerance of a millionth of a unit
    /// so that 300 m² declared as 299.9999999 from a spreadsheet export is not failed by rounding.
    /// The unit as every output printed it before units were typed.
    public var unitText: String { unit.en }

    public var status: Status {
        if needs != nil { return .notAssessed }
        return shortfall <= 1e-6 * max(1, abs(required)) ? .pass : .fail
    }
}
