import Planning

/// One subject judged against one rule metric in one year of a run: an area's measure against its
/// standard, or a program target over all areas with the probability of meeting it.
package struct RunFinding: Sendable, Equatable, Codable {
    package enum Kind: String, Sendable, Codable, CaseIterable {
        case area, program
    }

    package enum Status: String, Sendable, Codable {
        case pass, fail
    }

    /// Whether the plan states the target as binding (约束性) or expected (预期性), or does not say.
    package enum Nature: String, Sendable, Codable {
        case binding, expected, unstated
    }

    package var subject: String
    package var kind: Kind
    package var rule: String
    package var metric: String
    package var year: Int
    /// P50 of what is required; for a program target, the target itself.
    package var required: Double
    /// P50 of what exists or is projected.
    package var provided: Double
    package var shortfall: Double
    /// The rule's unit (one of the catalogue's closed set).
    package var unit: RuleUnit
    package var status: Status
    /// Share of draws in which the requirement is met (1 or 0 for a deterministic run).
    package var probabilityMet: Double
    package var nature: Nature
    /// The document and clause the requirement comes from.
    package var source: String
    package var responsibleUnits: [String]
    /// What the supply judged rests on: `declared` only when every part of it cites a document.
    package var supplyBasis: SupplyBasis
    /// Whether supply or demand varies across draws; when not, the outcome is fixed by the inputs and
    /// `probabilityMet` (then 0 or 1) is not shown as a probability.
    package var uncertain: Bool

    package init(subject: String, kind: Kind, rule: String, metric: String, year: Int, required: Double, provided: Double,
                shortfall: Double, unit: RuleUnit, status: Status, probabilityMet: Double, nature: Nature, source: String,
                responsibleUnits: [String] = [], supplyBasis: SupplyBasis = .assumption, uncertain: Bool = true)
    {
        self.supplyBasis = supplyBasis
        self.uncertain = uncertain
        self.subject = subject
        self.kind = kind
        self.rule = rule
        self.metric = metric
        self.year = year
        self.required = required
        self.provided = provided
        self.shortfall = shortfall
        self.unit = unit
        self.status = status
        self.probabilityMet = probabilityMet
        self.nature = nature
        self.source = source
        self.responsibleUnits = responsibleUnits
    }

    enum CodingKeys: String, CodingKey {
        case subject, kind, rule, metric, year, required, provided, shortfall, unit, status, nature, source
        case probabilityMet = "probability_met"
        case responsibleUnits = "responsible_units"
        case supplyBasis = "supply_basis"
        case uncertain
    }

    /// Whether the unit is a fraction (shown as a percentage).
    package var isShare: Bool { unit.isShare }
    /// Whether the unit is a rate (shown with decimals, never rounded to a whole number).
    package var isRate: Bool { unit.isPerThousand || unit == .socialWorkersPer100Beds || unit == .institutionsPer100kResidents }
}
