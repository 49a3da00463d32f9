/// How firmly a rule's numbers are established (RULES.md "Status").
public enum RuleStatus: String, Sendable, CaseIterable {
    /// Stated in one of the seed plans.
    case seed
    /// National standard or central document, wording confirmed.
    case standard = "std"
    /// Secondary source: an overridable default, said so in its source line.
    case check
}

/// What a rule is checked against; it decides the `kind` of its findings.
public enum RuleScope: String, Sendable, CaseIterable {
    case district
    case institution
    case area
    case program
    /// Demand-side conversion defaults and targets that no `carecap check` finding tests.
    case reference
}

/// One numeric parameter of a rule, with its unit. Yearly targets are schedules.
public struct RuleParameter: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case scalar(Double)
        /// Year → value, ascending by year.
        case schedule([YearValue])
    }

    public struct YearValue: Sendable, Equatable {
        public let year: Int
        public let value: Double
        public init(_ year: Int, _ value: Double) {
            self.year = year
            self.value = value
        }
    }

    public let name: String
    public var value: Value
    public let unit: String
    /// What the parameter means, in English.
    public let meaning: String
    /// Whether a scenario may give a fractional value (ratios) or only a whole number (caps, counts).
    public let integral: Bool

    public init(_ name: String, _ value: Double, unit: String, meaning: String, integral: Bool = false) {
        self.name = name
        self.value = .scalar(value)
        self.unit = unit
        self.meaning = meaning
        self.integral = integral
    }

    public init(_ name: String, schedule: [YearValue], unit: String, meaning: String) {
        self.name = name
        self.value = .schedule(schedule.sorted { $0.year < $1.year })
        self.unit = unit
        self.meaning = meaning
        self.integral = false
    }

    public var scalar: Double? {
        if case .scalar(let v) = value { return v }
        return nil
    }

    public var schedule: [YearValue]? {
        if case .schedule(let s) = value { return s }
        return nil
    }
}

/// A rule of the catalogue: its numbers as parameters, and where they come from.
public struct RuleDefinition: Sendable {
    /// As in RULES.md, e.g. `elder-care-room-area`.
    public let id: String
    public let nameZH: String
    public let nameEN: String
    public let scope: RuleScope
    public var parameters: [RuleParameter]
    /// The formula in one line, in the parameters' names.
    public let formula: String
    public let status: RuleStatus
    /// Seed plan and clause, or standard; replaced by a preset that takes its number from its own plan.
    public var source: String
    /// Departments the seed plan makes responsible (责任单位), where it names them.
    public var responsibleUnits: [String]
    /// Whether `carecap check` evaluates the rule under this preset.
    public var checked: Bool

    public init(
        id: String, nameZH: String, nameEN: String, scope: RuleScope,
        parameters: [RuleParameter], formula: String, status: RuleStatus, source: String,
        responsibleUnits: [String] = [], checked: Bool = false
    ) {
        self.id = id
        self.nameZH = nameZH
        self.nameEN = nameEN
        self.scope = scope
        self.parameters = parameters
        self.formula = formula
        self.status = status
        self.source = source
        self.responsibleUnits = responsibleUnits
        self.checked = checked
    }

    public func parameter(_ name: String) -> RuleParameter? {
        parameters.first { $0.name == name }
    }

    /// The scalar value of a parameter the catalogue guarantees to exist.
    public func value(_ name: String) -> Double {
        guard let p = parameter(name), let v = p.scalar else {
            preconditionFailure("rule \(id) has no scalar parameter \(name): catalogue and checks disagree")
        }
        return v
    }
}
