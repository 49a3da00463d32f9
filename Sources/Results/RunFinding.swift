import Planning

/// One subject judged against one rule metric in one year of a run: an area's measure against its
/// standard, or a program target over all areas with the probability of meeting it.
package struct RunFinding: Sendable, Equatable, Codable {
    package enum Kind: String, Sendable, Codable, CaseIterable {
        case area, program
    }

    package enum Status: String, Sendable, Codable {
        case pass, fail
        /// The scenario lacks a count the rule needs (`needs`): not judged, never taken as zero.
        case notAssessed = "not_assessed"
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
    /// The scenario key a not-assessed finding needs (`supply.230100.public_nurseries`); nil when judged.
    package var needs: String?

    package init(subject: String, kind: Kind, rule: String, metric: String, year: Int, required: Double, provided: Double,
                shortfall: Double, unit: RuleUnit, status: Status, probabilityMet: Double, nature: Nature, source: String,
                responsibleUnits: [String] = [], supplyBasis: SupplyBasis = .assumption, uncertain: Bool = true,
                needs: String? = nil)
    {
        self.needs = needs
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
        case uncertain, needs
    }

    /// Numbers that are not known (not provided, a probability not known) are written as null, which JSON
    /// allows and NaN it does not; probability_met is null too where the inputs fix the outcome.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func number(_ v: Double, _ key: CodingKeys) throws { if v.isFinite { try c.encode(v, forKey: key) } else { try c.encodeNil(forKey: key) } }
        try c.encode(subject, forKey: .subject)
        try c.encode(kind, forKey: .kind)
        try c.encode(rule, forKey: .rule)
        try c.encode(metric, forKey: .metric)
        try c.encode(year, forKey: .year)
        try number(required, .required)
        try number(provided, .provided)
        try number(shortfall, .shortfall)
        try c.encode(unit, forKey: .unit)
        try c.encode(status, forKey: .status)
        try number(uncertain ? probabilityMet : .nan, .probabilityMet)
        try c.encode(nature, forKey: .nature)
        try c.encode(source, forKey: .source)
        try c.encode(responsibleUnits, forKey: .responsibleUnits)
        try c.encode(supplyBasis, forKey: .supplyBasis)
        try c.encode(uncertain, forKey: .uncertain)
        try c.encodeIfPresent(needs, forKey: .needs)
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys) throws -> Double { try c.decodeIfPresent(Double.self, forKey: key) ?? .nan }
        self.init(subject: try c.decode(String.self, forKey: .subject), kind: try c.decode(Kind.self, forKey: .kind),
                  rule: try c.decode(String.self, forKey: .rule), metric: try c.decode(String.self, forKey: .metric),
                  year: try c.decode(Int.self, forKey: .year), required: try number(.required), provided: try number(.provided),
                  shortfall: try number(.shortfall), unit: try c.decode(RuleUnit.self, forKey: .unit),
                  status: try c.decode(Status.self, forKey: .status), probabilityMet: try number(.probabilityMet),
                  nature: try c.decode(Nature.self, forKey: .nature), source: try c.decode(String.self, forKey: .source),
                  responsibleUnits: try c.decodeIfPresent([String].self, forKey: .responsibleUnits) ?? [],
                  supplyBasis: try c.decodeIfPresent(SupplyBasis.self, forKey: .supplyBasis) ?? .assumption,
                  uncertain: try c.decodeIfPresent(Bool.self, forKey: .uncertain) ?? true,
                  needs: try c.decodeIfPresent(String.self, forKey: .needs))
    }

    /// Equal field by field, a not-known number (NaN: not provided, or a probability not known) equal to another.
    package static func == (a: RunFinding, b: RunFinding) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return a.subject == b.subject && a.kind == b.kind && a.rule == b.rule && a.metric == b.metric && a.year == b.year
            && same(a.required, b.required) && same(a.provided, b.provided) && same(a.shortfall, b.shortfall)
            && a.unit == b.unit && a.status == b.status && same(a.probabilityMet, b.probabilityMet) && a.nature == b.nature
            && a.source == b.source && a.responsibleUnits == b.responsibleUnits && a.supplyBasis == b.supplyBasis
            && a.uncertain == b.uncertain && a.needs == b.needs
    }

    /// Whether the unit is a fraction (shown as a percentage).
    package var isShare: Bool { unit.isShare }
    /// Whether the unit is a rate (shown with decimals, never rounded to a whole number).
    package var isRate: Bool { unit.isPerThousand || unit == .socialWorkersPer100Beds || unit == .institutionsPer100kResidents }
}
