// Demand per area-year on two bases.
//
// Standard basis: what the rules in force require of the projected population.
//   slots          = slots_per_1000 × residents / 1000                     (nursery-slots-per-1000)
//   beds           = beds_per_1000_elderly × elderly 60+ / 1000            (institutional-beds-per-1000-elderly)
//   nursing beds   = share × beds                                          (nursing-bed-share)
//   social workers = workers_per_100_beds × beds / 100                     (social-workers-per-100-beds; the
//                    per-institution floor min_counted_beds needs institutions and is not applied to area totals)
//   carers         = carers by class for the required slots, filled with the expected band mix of enrolment
//                    (propensity enrolment × children per band; band populations when nobody is expected to enrol)
// Propensity basis: what people are expected to use.
//   slots          = Σ_band enrolment_band × children_band (one slot per enrolled child)
//   carers         = carers by class for those enrolled children
//   beds           = Σ_age band institutional_rate_band × elderly_band (60-69, 70-79, 80+)
//   nursing beds   = nursing share of users × beds (see NursingNeed)
//   social workers = workers_per_100_beds × beds / 100
// No rounding anywhere: demand is fractional, rounding happens at reporting.
//
// Carers by class, continuous relaxation (CarerArithmetic.continuous, the default). `carecap check` counts
// classes = ceil(n / cap) and carers with NurseryStaffing.carersNeeded: a step function of whole children.
// Expected enrolment is fractional and varies smoothly across Monte Carlo draws, and a step function would
// turn those smooth draws into jumpy carer counts whose means wobble with the band sizes. We use instead
//   carers_band(n) = n × fullClassCarers / cap = n / r + n × (ceil(cap / r) − cap / r) / cap,
// the carers per child of a full class: n / r per band plus the class-structure correction (a class of 10
// infants at 1:3 needs 4 carers, not 3.33; a class of 20 at 1:7 needs 3, not 2.86). It equals the per-class
// arithmetic exactly whenever n fills whole classes (n = k × cap), is linear (so the mean of draws is the
// demand of the mean population), and stays within a constant of the integer count that does not grow with
// n: the integer count may leave classes partly empty to fit the ratio (9 infants in a class of 10 need 3
// carers, not 4) and counts a last partial class in whole carers. For the national caps and ratios,
// relaxed − integer lies in [−0.6, +5.4] carers for infants, [−0.8, 0] for toddlers, [−0.85, +0.3] for the
// older band, for every n (checked to 100,000): negligible at county scale, where bands hold hundreds.
// CarerArithmetic.interpolated gives the integer arithmetic of `carecap check` at whole numbers of children,
// joined linearly in between, for callers that want check-identical numbers on small areas.

/// A demand-side assumption with the text that says where its value comes from.
public struct Assumption: Sendable, Equatable {
    public var value: Double
    public var source: String

    public init(_ value: Double, source: String) {
        self.value = value
        self.source = source
    }
}

/// How carers are counted from fractional expected children (see the file comment).
public enum CarerArithmetic: String, Sendable, CaseIterable {
    /// n × (carers of a full class) / cap per band: linear, smooth, exact at whole classes. Default.
    case continuous
    /// `carecap check`'s integer class arithmetic at whole numbers of children, linear in between.
    case interpolated
}

/// Which share of institutional users needs a nursing-type bed, on the propensity basis.
public enum NursingNeed: Sendable, Equatable {
    /// The nursing-bed-share rule in force (55% nationally, 60% Sanya): the plans' own judgement of the
    /// nursing need among institutional residents. Default, because the only sourced disability figure is
    /// the prevalence among all 60+ (11.6%), and institutional residents are far more often disabled
    /// than the elderly at large: 11.6% would understate the need several-fold.
    case ruleShare
    /// Disability prevalence 60+ × a relative risk for institutional users, capped at 1. A relative risk of
    /// 1 means users are no more often disabled than all elderly; no sourced value exists, so say why
    /// when you use it.
    case disabledAmongUsers(relativeRisk: Double)
}

/// The propensity basis's rates, each overridable and each with its source.
public struct PropensityAssumptions: Sendable, Equatable {
    /// Names for overriding a value by key (scenario files, sweeps) and for the parameters-used listing.
    public enum Key: String, Sendable, CaseIterable {
        case enrolment6to12m = "enrolment_6_12m"
        case enrolment12to24m = "enrolment_12_24m"
        case enrolment24to36m = "enrolment_24_36m"
        case institutionalCare60to69 = "institutional_care_60_69"
        case institutionalCare70to79 = "institutional_care_70_79"
        case institutionalCare80plus = "institutional_care_80plus"
        case disabilityPrevalence60plus = "disability_prevalence_60plus"
    }

    /// Which childcare-enrolment figure the default enrolment takes.
    public enum EnrolmentReading: String, Sendable {
        /// Observed enrolment, about 6% (2021-22): what people use today. Default.
        case actual
        /// Families who want care, more than 30%: use once supply no longer rations enrolment.
        case wish
    }

    public var enrolment6to12m: Assumption
    public var enrolment12to24m: Assumption
    public var enrolment24to36m: Assumption
    public var institutionalCare60to69: Assumption
    public var institutionalCare70to79: Assumption
    public var institutionalCare80plus: Assumption
    public var disabilityPrevalence60plus: Assumption
    public var nursingNeed: NursingNeed

    public init(
        enrolment6to12m: Assumption, enrolment12to24m: Assumption, enrolment24to36m: Assumption,
        institutionalCare60to69: Assumption, institutionalCare70to79: Assumption,
        institutionalCare80plus: Assumption, disabilityPrevalence60plus: Assumption,
        nursingNeed: NursingNeed = .ruleShare
    ) {
        self.enrolment6to12m = enrolment6to12m
        self.enrolment12to24m = enrolment12to24m
        self.enrolment24to36m = enrolment24to36m
        self.institutionalCare60to69 = institutionalCare60to69
        self.institutionalCare70to79 = institutionalCare70to79
        self.institutionalCare80plus = institutionalCare80plus
        self.disabilityPrevalence60plus = disabilityPrevalence60plus
        self.nursingNeed = nursingNeed
    }

    // MARK: Institutional care by age band

    /// Relative institutional-care rates of 60-69 : 70-79 : 80+. An assumption (no sourced age schedule
    /// exists in the catalogue): use rises steeply with age and with the disability that comes with it.
    public static let institutionalGradient: (age60to69: Double, age70to79: Double, age80plus: Double) = (1, 2, 5)

    /// China's 60+ by age band, 2020 census (第七次全国人口普查), persons: 60-64 + 65-69, 70-74 + 75-79,
    /// 80-84 + 85+, both sexes (from the national row of census2020/county_age5_sex.csv).
    public static let census2020Elderly: (age60to69: Double, age70to79: Double, age80plus: Double) =
        (147_388_498, 80_828_885, 35_800_835)

    /// Rates by band from a 60+ share: share × gradient_band / (Σ gradient × 2020 band weights), so that the
    /// population-weighted mean on China's 2020 age structure reproduces the share exactly. With 3%:
    /// weights 0.55825, 0.30615, 0.13560; Σ = 0.55825 + 2 × 0.30615 + 5 × 0.13560 = 1.84855;
    /// 60-69 1.6229%, 70-79 3.2458%, 80+ 8.1145%.
    public static func institutionalRates(share: Double) -> (age60to69: Double, age70to79: Double, age80plus: Double) {
        let w = census2020Elderly
        let total = w.age60to69 + w.age70to79 + w.age80plus
        let g = institutionalGradient
        let mean = (g.age60to69 * w.age60to69 + g.age70to79 * w.age70to79 + g.age80plus * w.age80plus) / total
        let base = share / mean
        return (base * g.age60to69, base * g.age70to79, base * g.age80plus)
    }

    /// The defaults of RULES.md "Conversion defaults" as the rule book holds them (its `.reference` rules,
    /// so a scenario's overrides of those rules carry through), with their sources.
    public static func defaults(from rules: RuleBook, enrolment reading: EnrolmentReading = .actual) -> PropensityAssumptions {
        let enrolmentRule = rules["childcare-enrolment"]
        let enrolment = enrolmentRule.value(reading == .actual ? "actual" : "wish")
        let enrolmentSource = "childcare-enrolment \(reading.rawValue): \(enrolmentRule.source); "
            + "the under-3 rate applied flat to each class band"
        let careRule = rules["institutional-care-share-60plus"]
        let share = careRule.value("share")
        let rates = institutionalRates(share: share)
        let g = institutionalGradient
        let careSource = "institutional-care-share-60plus \(share): \(careRule.source); split by age band with the "
            + "assumed gradient 60-69 : 70-79 : 80+ = \(fmt(g.age60to69)) : \(fmt(g.age70to79)) : \(fmt(g.age80plus)), "
            + "scaled so the mean on China's 2020 census age structure is \(share)"
        let disability = rules["disability-prevalence-60plus"]
        return PropensityAssumptions(
            enrolment6to12m: Assumption(enrolment, source: enrolmentSource),
            enrolment12to24m: Assumption(enrolment, source: enrolmentSource),
            enrolment24to36m: Assumption(enrolment, source: enrolmentSource),
            institutionalCare60to69: Assumption(rates.age60to69, source: careSource),
            institutionalCare70to79: Assumption(rates.age70to79, source: careSource),
            institutionalCare80plus: Assumption(rates.age80plus, source: careSource),
            disabilityPrevalence60plus: Assumption(
                disability.value("share"), source: "disability-prevalence-60plus: \(disability.source)"))
    }

    public subscript(key: Key) -> Assumption {
        get {
            switch key {
            case .enrolment6to12m: enrolment6to12m
            case .enrolment12to24m: enrolment12to24m
            case .enrolment24to36m: enrolment24to36m
            case .institutionalCare60to69: institutionalCare60to69
            case .institutionalCare70to79: institutionalCare70to79
            case .institutionalCare80plus: institutionalCare80plus
            case .disabilityPrevalence60plus: disabilityPrevalence60plus
            }
        }
        set {
            switch key {
            case .enrolment6to12m: enrolment6to12m = newValue
            case .enrolment12to24m: enrolment12to24m = newValue
            case .enrolment24to36m: enrolment24to36m = newValue
            case .institutionalCare60to69: institutionalCare60to69 = newValue
            case .institutionalCare70to79: institutionalCare70to79 = newValue
            case .institutionalCare80plus: institutionalCare80plus = newValue
            case .disabilityPrevalence60plus: disabilityPrevalence60plus = newValue
            }
        }
    }

    /// Replaces one value, as a scenario override does; the source says where the new value comes from.
    public mutating func override(_ key: Key, with value: Double, source: String = "scenario override") {
        self[key] = Assumption(value, source: source)
    }

    static func fmt(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// One parameter a demand computation used, for the run manifest and the reports.
public struct ParameterUsed: Sendable, Equatable {
    public let name: String
    public let value: Double
    public let unit: RuleUnit
    public let source: String
    /// The basis it feeds; nil when both use it.
    public let basis: DemandBasis?

    public init(name: String, value: Double, unit: RuleUnit, source: String, basis: DemandBasis?) {
        self.name = name
        self.value = value
        self.unit = unit
        self.source = source
        self.basis = basis
    }
}

extension DemandCoefficients {
    /// These coefficients with childcare enrolment × `enrolment` and elderly institutional care ×
    /// `institutionalCare` (each share capped at 1): the two behaviours move apart in a draw.
    public func scaled(enrolment: Double, institutionalCare: Double) -> DemandCoefficients {
        var c = self
        if enrolment != 1 {
            c.enrolment6to12m = min(1, c.enrolment6to12m * enrolment)
            c.enrolment12to24m = min(1, c.enrolment12to24m * enrolment)
            c.enrolment24to36m = min(1, c.enrolment24to36m * enrolment)
        }
        if institutionalCare != 1 {
            c.institutionalCare60to69 = min(1, c.institutionalCare60to69 * institutionalCare)
            c.institutionalCare70to79 = min(1, c.institutionalCare70to79 * institutionalCare)
            c.institutionalCare80plus = min(1, c.institutionalCare80plus * institutionalCare)
        }
        return c
    }
}

/// Every number the per-area-year demand arithmetic needs, as plain Doubles: what the hot loop reads.
/// A Monte Carlo draw may copy and perturb it (e.g. scale the enrolment rates) without allocating.
public struct DemandCoefficients: Sendable, Equatable {
    public var slotsPer1000Residents: Double
    public var bedsPer1000Elderly: Double
    public var nursingBedShare: Double
    public var socialWorkersPer100Beds: Double
    /// Class caps and children per carer by band (6-12, 12-24, 24-36 months). Constants of a run (draws
    /// vary populations and propensities, not the standard), so the carers per child are derived once.
    public let infantCap: Double, toddlerCap: Double, olderCap: Double
    public let infantRatio: Double, toddlerRatio: Double, olderRatio: Double
    public let carerArithmetic: CarerArithmetic
    /// Carers per child of a full class, ceil(cap / ratio) / cap: 0.4, 0.2, 0.15 nationally.
    public let infantCarersPerChild: Double, toddlerCarersPerChild: Double, olderCarersPerChild: Double
    public var enrolment6to12m: Double, enrolment12to24m: Double, enrolment24to36m: Double
    public var institutionalCare60to69: Double, institutionalCare70to79: Double, institutionalCare80plus: Double
    public var disabilityPrevalence60plus: Double
    /// Nursing-type share of institutional users on the propensity basis.
    public var propensityNursingShare: Double

    public init(
        slotsPer1000Residents: Double, bedsPer1000Elderly: Double, nursingBedShare: Double,
        socialWorkersPer100Beds: Double, infantCap: Double, toddlerCap: Double, olderCap: Double,
        infantRatio: Double, toddlerRatio: Double, olderRatio: Double, carerArithmetic: CarerArithmetic,
        enrolment6to12m: Double, enrolment12to24m: Double, enrolment24to36m: Double,
        institutionalCare60to69: Double, institutionalCare70to79: Double, institutionalCare80plus: Double,
        disabilityPrevalence60plus: Double, propensityNursingShare: Double
    ) {
        self.slotsPer1000Residents = slotsPer1000Residents
        self.bedsPer1000Elderly = bedsPer1000Elderly
        self.nursingBedShare = nursingBedShare
        self.socialWorkersPer100Beds = socialWorkersPer100Beds
        self.infantCap = infantCap
        self.toddlerCap = toddlerCap
        self.olderCap = olderCap
        self.infantRatio = infantRatio
        self.toddlerRatio = toddlerRatio
        self.olderRatio = olderRatio
        self.carerArithmetic = carerArithmetic
        infantCarersPerChild = (infantCap / infantRatio).rounded(.up) / infantCap
        toddlerCarersPerChild = (toddlerCap / toddlerRatio).rounded(.up) / toddlerCap
        olderCarersPerChild = (olderCap / olderRatio).rounded(.up) / olderCap
        self.enrolment6to12m = enrolment6to12m
        self.enrolment12to24m = enrolment12to24m
        self.enrolment24to36m = enrolment24to36m
        self.institutionalCare60to69 = institutionalCare60to69
        self.institutionalCare70to79 = institutionalCare70to79
        self.institutionalCare80plus = institutionalCare80plus
        self.disabilityPrevalence60plus = disabilityPrevalence60plus
        self.propensityNursingShare = propensityNursingShare
    }

    /// Carers for n expected children of one band with class cap `cap` and `ratio` children per carer.
    @inlinable public static func carers(children n: Double, cap: Double, ratio: Double, _ arithmetic: CarerArithmetic) -> Double {
        guard n > 0 else { return 0 }
        switch arithmetic {
        case .continuous:
            // Carers of one full class = ceil(cap / ratio) (NurseryStaffing.carersNeeded(cap, 1, cap, ratio)).
            return n * (cap / ratio).rounded(.up) / cap
        case .interpolated:
            let lower = n.rounded(.down)
            let c = Int(cap), r = Int(ratio)
            let below = wholeChildren(Int(lower), c, r)
            let fraction = n - lower
            guard fraction > 0 else { return Double(below) }
            let above = wholeChildren(Int(lower) + 1, c, r)
            return Double(below) + fraction * Double(above - below)
        }
    }

    @inlinable static func wholeChildren(_ n: Int, _ cap: Int, _ ratio: Int) -> Int {
        NurseryStaffing.carersNeeded(
            children: n, classes: NurseryStaffing.classesNeeded(children: n, cap: cap), cap: cap, childrenPerCarer: ratio)
    }

    /// Carers for expected children per band, summed over bands.
    @inlinable public func carers(infants: Double, toddlers: Double, older: Double) -> Double {
        if carerArithmetic == .continuous {
            return infants * infantCarersPerChild + toddlers * toddlerCarersPerChild + older * olderCarersPerChild
        }
        return Self.carers(children: infants, cap: infantCap, ratio: infantRatio, carerArithmetic)
            + Self.carers(children: toddlers, cap: toddlerCap, ratio: toddlerRatio, carerArithmetic)
            + Self.carers(children: older, cap: olderCap, ratio: olderRatio, carerArithmetic)
    }

    /// Demand of one area-year on both bases into `out`. Pure arithmetic: no allocation, no rounding.
    @inlinable public func demand(for p: ServicePopulation, into out: inout DemandVector) {
        // Propensity: expected enrolment per band, then slots and carers.
        let e1 = enrolment6to12m * p.children6to12m
        let e2 = enrolment12to24m * p.children12to24m
        let e3 = enrolment24to36m * p.children24to36m
        let enrolled = e1 + e2 + e3
        out.propensity.nurserySlots = enrolled
        out.propensity.nurseryCarers = carers(infants: e1, toddlers: e2, older: e3)

        let users = institutionalCare60to69 * p.elderly60to69 + institutionalCare70to79 * p.elderly70to79
            + institutionalCare80plus * p.elderly80plus
        out.propensity.beds = users
        out.propensity.nursingBeds = propensityNursingShare * users
        out.propensity.socialWorkers = socialWorkersPer100Beds * users / 100
        out.disabledElderly = disabilityPrevalence60plus * p.elderly60plus

        // Standard: rule norms.
        let slots = slotsPer1000Residents * p.residents / 1000
        out.standard.nurserySlots = slots
        // The required slots, filled with the expected band mix of enrolment (band populations if none).
        var w1 = e1, w2 = e2, w3 = e3, w = enrolled
        if !(w > 0) {
            w1 = p.children6to12m
            w2 = p.children12to24m
            w3 = p.children24to36m
            w = w1 + w2 + w3
        }
        if w > 0, slots > 0 {
            let scale = slots / w
            out.standard.nurseryCarers = carers(infants: w1 * scale, toddlers: w2 * scale, older: w3 * scale)
        } else {
            out.standard.nurseryCarers = 0
        }
        let beds = bedsPer1000Elderly * p.elderly60plus / 1000
        out.standard.beds = beds
        out.standard.nursingBeds = nursingBedShare * beds
        out.standard.socialWorkers = socialWorkersPer100Beds * beds / 100
    }
}

/// Demand per area-year on the standard and propensity bases, with the parameters it used.
public struct DemandModel: Sendable {
    public let rules: RuleBook
    public let propensity: PropensityAssumptions
    /// What the hot loop reads; derived once from the rules and assumptions.
    public let coefficients: DemandCoefficients

    public init(rules: RuleBook, propensity: PropensityAssumptions? = nil, carerArithmetic: CarerArithmetic = .continuous) {
        let propensity = propensity ?? .defaults(from: rules)
        self.rules = rules
        self.propensity = propensity
        let caps = rules["nursery-class-size"]
        let ratios = rules["nursery-carer-ratio"]
        let nursingRuleShare = rules["nursing-bed-share"].value("share")
        let nursingShare: Double
        switch propensity.nursingNeed {
        case .ruleShare: nursingShare = nursingRuleShare
        case .disabledAmongUsers(let risk): nursingShare = min(1, max(0, propensity.disabilityPrevalence60plus.value * risk))
        }
        coefficients = DemandCoefficients(
            slotsPer1000Residents: rules["nursery-slots-per-1000"].value("slots_per_1000"),
            bedsPer1000Elderly: rules["institutional-beds-per-1000-elderly"].value("beds_per_1000_elderly"),
            nursingBedShare: nursingRuleShare,
            // A plan's rule (Sanya's), not a national standard: no social workers are required where it is not in force.
            socialWorkersPer100Beds: rules.isInForce(Self.socialWorkerRule)
                ? rules[Self.socialWorkerRule].value("workers_per_100_beds") : 0,
            infantCap: caps.value(ClassBand.infant.capParameter),
            toddlerCap: caps.value(ClassBand.toddler.capParameter),
            olderCap: caps.value(ClassBand.older.capParameter),
            infantRatio: ratios.value(ClassBand.infant.ratioParameter),
            toddlerRatio: ratios.value(ClassBand.toddler.ratioParameter),
            olderRatio: ratios.value(ClassBand.older.ratioParameter),
            carerArithmetic: carerArithmetic,
            enrolment6to12m: propensity.enrolment6to12m.value,
            enrolment12to24m: propensity.enrolment12to24m.value,
            enrolment24to36m: propensity.enrolment24to36m.value,
            institutionalCare60to69: propensity.institutionalCare60to69.value,
            institutionalCare70to79: propensity.institutionalCare70to79.value,
            institutionalCare80plus: propensity.institutionalCare80plus.value,
            disabilityPrevalence60plus: propensity.disabilityPrevalence60plus.value,
            propensityNursingShare: nursingShare)
    }

    /// Demand of one area-year on both bases into a caller-provided vector (no allocation).
    @inlinable public func demand(for population: ServicePopulation, into out: inout DemandVector) {
        coefficients.demand(for: population, into: &out)
    }

    public func demand(for population: ServicePopulation) -> DemandVector {
        var out = DemandVector.zero
        coefficients.demand(for: population, into: &out)
        return out
    }

    /// The social-worker staffing rule; a plan's rule, in force only under its preset.
    public static let socialWorkerRule = "social-workers-per-100-beds"

    /// Every parameter the demand arithmetic uses, with value, unit and source, standard basis first.
    public var parametersUsed: [ParameterUsed] {
        var list: [ParameterUsed] = []
        func rule(_ id: String, _ parameter: String, _ basis: DemandBasis?) {
            let r = rules[id]
            let p = r.parameter(parameter)!
            list.append(ParameterUsed(name: "\(id).\(parameter)", value: r.value(parameter), unit: p.unit,
                                      source: r.source, basis: basis))
        }
        rule("nursery-slots-per-1000", "slots_per_1000", .standard)
        rule("institutional-beds-per-1000-elderly", "beds_per_1000_elderly", .standard)
        rule("nursing-bed-share", "share", .standard)
        if rules.isInForce(Self.socialWorkerRule) {
            rule(Self.socialWorkerRule, "workers_per_100_beds", nil)
        } else {
            let r = rules[Self.socialWorkerRule]
            list.append(ParameterUsed(
                name: "\(Self.socialWorkerRule).workers_per_100_beds", value: 0, unit: r.parameter("workers_per_100_beds")!.unit,
                source: "not in force under preset \(rules.presetID): set only by \(r.references.first?.document ?? "one plan"); no social workers required",
                basis: nil))
        }
        for band in [ClassBand.infant, .toddler, .older] {
            rule("nursery-class-size", band.capParameter, nil)
        }
        for band in [ClassBand.infant, .toddler, .older] {
            rule("nursery-carer-ratio", band.ratioParameter, nil)
        }
        for key in PropensityAssumptions.Key.allCases {
            let a = propensity[key]
            list.append(ParameterUsed(name: "propensity.\(key.rawValue)", value: a.value, unit: .share,
                                      source: a.source, basis: .propensity))
        }
        let share = coefficients.propensityNursingShare
        switch propensity.nursingNeed {
        case .ruleShare:
            list.append(ParameterUsed(
                name: "propensity.nursing_share_of_users", value: share, unit: .share,
                source: "nursing-bed-share rule in force: \(rules["nursing-bed-share"].source)", basis: .propensity))
        case .disabledAmongUsers(let risk):
            list.append(ParameterUsed(
                name: "propensity.disabled_relative_risk_of_users", value: risk, unit: .ratio,
                source: "assumption: disability among institutional users relative to all 60+", basis: .propensity))
            list.append(ParameterUsed(
                name: "propensity.nursing_share_of_users", value: share, unit: .share,
                source: "disability_prevalence_60plus × relative risk, capped at 1", basis: .propensity))
        }
        return list
    }
}
