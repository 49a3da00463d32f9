// Program findings: the plans' targets with years, evaluated on supply totals, i.e. on
// what will exist, with the margin; and the probability of meeting a target across Monte Carlo draws.
//
// A target "by year Y" is evaluated on the levels of year Y (end-of-year stock, see SupplyPipeline).
// Met means provided ≥ required, with the tolerance `carecap check` uses (a millionth of the required
// value, at least 1e-6): targets read "以上", so a value exactly at the target, a tie, is met.

/// A plan target with a year, taken from the rule book.
public struct ProgramTarget: Sendable, Equatable {
    /// What the target is measured on, over the areas of the program (e.g. a province's counties).
    public enum Quantity: Sendable, Equatable {
        /// Σ supply of a measure.
        case total(Measure)
        /// Σ nursing beds / Σ beds (0 when there are no beds).
        case nursingBedShare
        /// Σ nursery slots × 1000 / Σ residents (0 when there are no residents).
        case slotsPer1000Residents
        /// People trained through the year (person-times, before attrition).
        case cumulativeTrained
    }

    public let rule: String
    public let metric: String
    public let quantity: Quantity
    public let required: Double
    public let year: Int
    public let unit: RuleUnit
    public let source: String
    public let responsibleUnits: [String]

    public init(
        rule: String, metric: String, quantity: Quantity, required: Double, year: Int, unit: RuleUnit,
        source: String, responsibleUnits: [String] = []
    ) {
        self.rule = rule
        self.metric = metric
        self.quantity = quantity
        self.required = required
        self.year = year
        self.unit = unit
        self.source = source
        self.responsibleUnits = responsibleUnits
    }

    /// Rate targets that national standards set (slots per 1,000 residents, the nursing-bed share by
    /// their by_year); a preset may replace their numbers with its plan's.
    public static let rateRules: [String] = ["nursery-slots-per-1000", "nursing-bed-share"]

    /// Targets of one jurisdiction's plan (a province's totals): in force only under that plan's preset.
    public static let jurisdictionRules: Set<String> = ["nursery-totals-heilongjiang", "beds-total-heilongjiang"]

    /// The training target (`nursery-worker-training.cumulative_trained`) counts person-times of training
    /// across occupations; it is judged only when the scenario states that its training count covers the
    /// occupations the plan counts (`comparableTraining`), else reported as an indicator, not judged.
    public static let trainingRule = "nursery-worker-training"

    /// The program targets in force under the rule book: every rate and jurisdiction rule in force, and
    /// the training target when `comparableTraining`. `including` replaces that choice with an explicit
    /// list of rule ids (each still taken only when in force).
    public static func targets(from rules: RuleBook, including ids: Set<String>? = nil, comparableTraining: Bool = false)
        -> [ProgramTarget]
    {
        var chosen = ids ?? Set(rateRules).union(jurisdictionRules)
        if ids == nil, comparableTraining { chosen.insert(trainingRule) }
        chosen = chosen.filter { rules.isInForce($0) }
        var out: [ProgramTarget] = []
        func add(_ id: String, _ metric: String, _ parameter: String, _ quantity: Quantity) {
            guard chosen.contains(id), let rule = rules.rule(id), let p = rule.parameter(parameter), let value = p.scalar,
                  let year = rule.parameter("by_year")?.scalar
            else { return }
            out.append(ProgramTarget(rule: id, metric: metric, quantity: quantity, required: value, year: Int(year),
                                     unit: p.unit, source: rule.source, responsibleUnits: rule.responsibleUnits))
        }
        add("nursery-slots-per-1000", "slots_per_1000", "slots_per_1000", .slotsPer1000Residents)
        add("nursery-totals-heilongjiang", "slots", "slots", .total(.nurserySlots))
        add("nursery-totals-heilongjiang", "carers", "carers", .total(.nurseryCarers))
        add("nursery-worker-training", "cumulative_trained", "cumulative_trained", .cumulativeTrained)
        add("nursing-bed-share", "nursing_share", "share", .nursingBedShare)
        add("beds-total-heilongjiang", "beds", "beds", .total(.beds))
        return out
    }
}

/// Supply totals over the areas of a program, by year from `firstYear`.
public struct ProgramTotals: Sendable, Equatable {
    public let firstYear: Int
    public var supply: [MeasureValues]
    /// Residents per year (for slots per 1,000); nil when not known.
    public var residents: [Double]?
    /// Trained through each year; nil when no training pipeline is modelled.
    public var cumulativeTrained: [Double]?

    public init(firstYear: Int, supply: [MeasureValues], residents: [Double]? = nil, cumulativeTrained: [Double]? = nil) {
        precondition(residents.map { $0.count == supply.count } ?? true, "one resident count per year")
        precondition(cumulativeTrained.map { $0.count == supply.count } ?? true, "one training count per year")
        self.firstYear = firstYear
        self.supply = supply
        self.residents = residents
        self.cumulativeTrained = cumulativeTrained
    }

    /// The quantity in `year`; nil when the year is outside the totals or the input it needs is absent.
    public func value(of quantity: ProgramTarget.Quantity, in year: Int) -> Double? {
        let i = year - firstYear
        guard i >= 0, i < supply.count else { return nil }
        let s = supply[i]
        switch quantity {
        case .total(let measure):
            return s[measure]
        case .nursingBedShare:
            return s.beds > 0 ? s.nursingBeds / s.beds : 0
        case .slotsPer1000Residents:
            guard let residents else { return nil }
            return residents[i] > 0 ? s.nurserySlots * 1000 / residents[i] : 0
        case .cumulativeTrained:
            return cumulativeTrained?[i]
        }
    }
}

/// A target against what will exist in its year.
public struct ProgramTargetResult: Sendable, Equatable {
    public let target: ProgramTarget
    public let provided: Double

    /// provided − required: positive is a surplus, negative the amount missing.
    public var margin: Double { provided - target.required }
    public var met: Bool { ProgramTargetEvaluator.isMet(target, provided: provided) }

    /// As a `carecap check` finding: kind program, subject the target year.
    public var finding: Finding {
        Finding(subject: String(target.year), kind: .program, rule: target.rule, metric: target.metric,
                required: target.required, provided: provided, unit: target.unit, source: target.source,
                responsibleUnits: target.responsibleUnits)
    }
}

public enum ProgramTargetEvaluator {
    /// provided ≥ required within a millionth of the required value (at least 1e-6); ties are met.
    @inlinable public static func isMet(_ target: ProgramTarget, provided: Double) -> Bool {
        provided >= target.required - 1e-6 * max(1, abs(target.required))
    }

    /// The target on the totals; nil when its year is outside them or its input is absent.
    public static func evaluate(_ target: ProgramTarget, on totals: ProgramTotals) -> ProgramTargetResult? {
        totals.value(of: target.quantity, in: target.year).map { ProgramTargetResult(target: target, provided: $0) }
    }

    /// Every target that the totals can evaluate, in the targets' order.
    public static func evaluate(_ targets: [ProgramTarget], on totals: ProgramTotals) -> [ProgramTargetResult] {
        targets.compactMap { evaluate($0, on: totals) }
    }

    /// Share of draws in which the target is met: met draws / all draws, ties counted as met.
    /// Nil for no draws.
    public static func probabilityMet<C: Collection>(_ target: ProgramTarget, values: C) -> Double?
        where C.Element == Double
    {
        guard !values.isEmpty else { return nil }
        var met = 0
        for v in values where isMet(target, provided: v) { met += 1 }
        return Double(met) / Double(values.count)
    }
}

/// A plan's training target as a program indicator: person-times trained through the target year against
/// the plan's cumulative target. Training counts person-times (one worker trained twice counts twice), most
/// of them carers already at work, so it is not a count of carers; and a plan's target may count more
/// occupations than the scenario's training (Dehong's 任务5 counts 养老服务员、育婴员、保育员、家政服务员).
/// The indicator is judged only when the scenario says its count covers what the plan counts.
public struct TrainingIndicator: Sendable, Equatable {
    public let rule: String
    public let year: Int
    /// Person-times trained from the scenario's first training year through `year`.
    public let trained: Double
    /// The plan's cumulative target (person-times).
    public let target: Double
    /// Whether the two count the same thing (the scenario's `workforce.training_counts_plan_occupations`).
    public let comparable: Bool
    /// What the target counts, from the rule's parameter, and why it is or is not compared.
    public let basis: String
    public let source: String

    /// Met or not when comparable (ties met, as for program targets); nil when not comparable.
    public var met: Bool? {
        comparable ? trained >= target - 1e-6 * max(1, abs(target)) : nil
    }

    /// The indicator under the rule book's training rule, if in force and its year is one `trainedThrough`
    /// knows; `trainedThrough(year)` gives the person-times trained through that year.
    public static func make(rules: RuleBook, countsPlanOccupations: Bool, trainedThrough: (Int) -> Double?) -> TrainingIndicator? {
        let id = ProgramTarget.trainingRule
        guard rules.isInForce(id), let rule = rules.rule(id), let target = rule.parameter("cumulative_trained"),
              let required = target.scalar, let year = rule.parameter("by_year")?.scalar,
              let trained = trainedThrough(Int(year))
        else { return nil }
        let basis = countsPlanOccupations
            ? "the plan counts \(target.meaning); the scenario states its count covers the same (workforce.training_counts_plan_occupations: true)"
            : "the plan counts \(target.meaning); the scenario counts carers trained from its first training year (workforce.carers_trained_per_year); set workforce.training_counts_plan_occupations: true if its count covers the same"
        return TrainingIndicator(rule: id, year: Int(year), trained: trained, target: required, comparable: countsPlanOccupations,
                                 basis: basis, source: rule.source)
    }
}
