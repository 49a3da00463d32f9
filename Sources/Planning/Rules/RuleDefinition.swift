/// How firmly a rule's numbers bind, as the documents say it.
public enum RuleStatus: String, Sendable, CaseIterable {
    /// A mandatory standard, or a target the plan marks 约束性.
    case binding
    /// A plan target to be worked towards (预期性, 力争).
    case expected
    /// A conversion default or a secondary-source number: informs, never binds.
    case reference
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

/// Which command evaluates a rule: `carecap check`, `carecap run`, or none (catalogue only).
public enum RuleEvaluator: String, Sendable, CaseIterable {
    case check, run, catalogue
}

/// A calendar date as rule files write it (`2022-01-01`): the day a value takes effect.
public struct RuleDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD`; nil for anything else, including impossible months and days.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        year = y
        month = m
        day = d
    }

    public static func < (a: RuleDate, b: RuleDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}

/// Where a number comes from: a published document, its issuing number, the clause, and the words.
public struct RuleReference: Sendable, Hashable {
    /// The title as published, e.g. 托育机构设置标准（试行）; "secondary source" when no document is known.
    public let document: String
    /// The issuing number (文号), e.g. 国卫人口发〔2019〕58号.
    public let number: String?
    /// Article, task or indicator, as the document numbers it.
    public let clause: String?
    /// The document's words, verbatim (… marks an omission).
    public let quote: String?
    /// What the reader must know that the words do not say (a secondary source, a date not recorded).
    public let note: String?

    public init(document: String, number: String? = nil, clause: String? = nil, quote: String? = nil, note: String? = nil) {
        self.document = document
        self.number = number
        self.clause = clause
        self.quote = quote
        self.note = note
    }

    /// Document, number and clause, then quote and note in parentheses.
    public var text: String {
        let head = [document, number, clause].compactMap { $0 }.joined(separator: " ")
        let detail = [quote, note].compactMap { $0 }
        return detail.isEmpty ? head : "\(head) (\(detail.joined(separator: "; ")))"
    }

    /// A value a scenario's `overrides:` set.
    public static func scenarioOverride(rule: String, parameter: String) -> RuleReference {
        RuleReference(document: "scenario", clause: "overrides.\(rule).\(parameter)")
    }
}

/// One value of a parameter, in force from `date`, with the document that sets it.
public struct DatedValue: Sendable, Equatable {
    public let date: RuleDate
    public let value: Double
    public let reference: RuleReference

    public init(_ date: RuleDate, _ value: Double, reference: RuleReference) {
        self.date = date
        self.value = value
        self.reference = reference
    }
}

/// One numeric parameter of a rule: its unit and its values by effective date.
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
    public let unit: RuleUnit
    /// What the parameter means, in English.
    public let meaning: String
    /// Whether a scenario may give a fractional value (ratios) or only a whole number (caps, counts).
    public let integral: Bool
    /// A target that changes with the year (50% → 70% → 90% → 100%): every dated value is in force in
    /// its year. Otherwise only the latest value is in force and earlier ones are history.
    public let variesByYear: Bool
    /// Ascending by date; never empty.
    public private(set) var values: [DatedValue]

    public init(name: String, unit: RuleUnit, meaning: String, integral: Bool = false, variesByYear: Bool = false,
                values: [DatedValue]) {
        precondition(!values.isEmpty, "a parameter has at least one value")
        self.name = name
        self.unit = unit
        self.meaning = meaning
        self.integral = integral
        self.variesByYear = variesByYear
        self.values = values.sorted { $0.date < $1.date }
    }

    /// The values in force: the year schedule of a yearly target, else the latest value.
    public var value: Value {
        variesByYear ? .schedule(values.map { YearValue($0.date.year, $0.value) }) : .scalar(values[values.count - 1].value)
    }

    /// The unit as every output printed it before units were typed.
    public var unitText: String { unit.en }

    public var scalar: Double? {
        if case .scalar(let v) = value { return v }
        return nil
    }

    public var schedule: [YearValue]? {
        if case .schedule(let s) = value { return s }
        return nil
    }

    /// References of the values in force.
    public var references: [RuleReference] {
        variesByYear ? values.map(\.reference) : [values[values.count - 1].reference]
    }

    /// Replaces every value, as a preset or a scenario override does.
    mutating func replaceValues(_ newValues: [DatedValue]) {
        precondition(!newValues.isEmpty, "a parameter has at least one value")
        values = newValues.sorted { $0.date < $1.date }
    }

    /// A scenario's value: a scalar takes effect with the latest date; a schedule's years become dates.
    mutating func override(with value: Value, reference: RuleReference) {
        switch value {
        case .scalar(let v):
            replaceValues([DatedValue(values[values.count - 1].date, v, reference: reference)])
        case .schedule(let steps):
            replaceValues(steps.map { DatedValue(RuleDate("\(String(format: "%04d", $0.year))-01-01")!, $0.value, reference: reference) })
        }
    }
}

/// A rule of the catalogue: its numbers as parameters, and where they come from.
public struct RuleDefinition: Sendable {
    /// The file's `id`, e.g. `elder-care-room-area`.
    public let id: String
    public let nameZH: String
    public let nameEN: String
    public let scope: RuleScope
    public var parameters: [RuleParameter]
    /// The formula in one line, in the parameters' names.
    public let formula: String
    public var status: RuleStatus
    /// Departments the source plan makes responsible (责任单位), where it names them.
    public var responsibleUnits: [String]
    /// The commands that evaluate the rule.
    public let evaluatedBy: [RuleEvaluator]
    /// Whether `carecap check` evaluates the rule under this preset (a check rule may be off by default).
    public var checked: Bool
    /// Documents that bear on the rule without setting one of its values in force.
    public var seeAlso: [RuleReference]
    /// Why the rule stands as it does, for a reader of the catalogue.
    public var note: String?
    /// The rule file, relative to the rules folder, e.g. `catalogue/elder-care-room-area.yaml`.
    public let file: String
    /// The preset whose plan sets the rule (`local_to:` in the file); nil for a national standard. A local
    /// rule is not a national standard: it is in force only under its own preset, or under another preset
    /// whose plan sets every one of its parameters.
    public let localTo: String?
    /// Whether the rule applies under the rule book's preset: always for a national rule; for a local rule
    /// only as `localTo` says. A rule not in force is neither checked nor used by `run`.
    public var inForce: Bool

    /// The commands that evaluate the rule under this rule book, in words: "check", "run", "check and run",
    /// or "catalogue only" (documented, evaluated by no command, or not in force here).
    public var evaluationText: String {
        let commands = evaluatedBy.filter { $0 != .catalogue }
        guard inForce, !commands.isEmpty else { return "catalogue only" }
        return commands.map(\.rawValue).joined(separator: " and ")
    }

    public init(
        id: String, nameZH: String, nameEN: String, scope: RuleScope, parameters: [RuleParameter], formula: String,
        status: RuleStatus, responsibleUnits: [String] = [], evaluatedBy: [RuleEvaluator], checked: Bool,
        seeAlso: [RuleReference] = [], note: String? = nil, file: String, localTo: String? = nil
    ) {
        self.id = id
        self.nameZH = nameZH
        self.nameEN = nameEN
        self.scope = scope
        self.parameters = parameters
        self.formula = formula
        self.status = status
        self.responsibleUnits = responsibleUnits
        self.evaluatedBy = evaluatedBy
        self.checked = checked
        self.seeAlso = seeAlso
        self.note = note
        self.file = file
        self.localTo = localTo
        // A local rule is out of force until a rule book applies its preset (RuleBook.init).
        self.inForce = localTo == nil
    }

    /// The references of the values in force, then the see-also documents, each document-and-clause once.
    public var references: [RuleReference] {
        RuleReference.merged(parameters.flatMap(\.references) + seeAlso)
    }

    /// One line naming every reference; what findings print as their source.
    public var source: String {
        references.map(\.text).joined(separator: "; ")
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

extension RuleReference {
    /// References to the same document, number and clause become one, their quotes and notes joined:
    /// four class caps from one article read as one citation.
    static func merged(_ references: [RuleReference]) -> [RuleReference] {
        var order: [String] = []
        var byHead: [String: (first: RuleReference, quotes: [String], notes: [String])] = [:]
        for r in references {
            let head = [r.document, r.number, r.clause].compactMap { $0 }.joined(separator: " ")
            if byHead[head] == nil {
                order.append(head)
                byHead[head] = (r, [], [])
            }
            if let q = r.quote, !byHead[head]!.quotes.contains(q) { byHead[head]!.quotes.append(q) }
            if let n = r.note, !byHead[head]!.notes.contains(n) { byHead[head]!.notes.append(n) }
        }
        return order.map { head in
            let entry = byHead[head]!
            return RuleReference(
                document: entry.first.document, number: entry.first.number, clause: entry.first.clause,
                quote: entry.quotes.isEmpty ? nil : entry.quotes.joined(separator: "; "),
                note: entry.notes.isEmpty ? nil : entry.notes.joined(separator: "; "))
        }
    }
}
