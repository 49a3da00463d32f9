// Demand per area-year on two bases.
//
// Standard basis: what the rules in force require of the projected population.
//   slots          = slots_per_1000 × residents / 1000                     (nursery-slots-per-1000)
//   beds           = beds_per_1000_elderly × elderly 60+ / 1000            (institutional-beds-per-1000-elderly)
//   nursing beds   = share × beds                                          (nursing-bed-share)
//   social workers = workers_per_100_beds × beds / 100                     (social-workers-per-100-beds; the
//                    per-institution floor min_counted_beds needs institutions and is not applied to area totals)
//   carers         = slots × carers per slot of the class mix              (nursery-class-mix, class sizes, ratios)
// Observed-use ("propensity") basis: what people are expected to use, kept apart from every rule target.
//   slots          = enrolment_0_2 × children aged 0-2 (the age range childcare-enrolment is defined on)
//   carers         = slots × carers per slot of the class mix
//   beds           = Σ_age band residence_band × elderly_band (60-69, 70-79, 80+; institutional-residence-by-age,
//                    not the 9073 guideline, which is a service-structure target)
//   disabled       = Σ_age band prevalence_band × elderly_band             (disability-prevalence-by-age)
//   nursing beds   = Σ_age band min(users_band, disabled_in_institutions × disabled_band): the disabled elderly
//                    who live in institutions, never more than the band's residents (disabled-in-institutions-share)
//   social workers = workers_per_100_beds × beds / 100
// No rounding anywhere: demand is fractional, rounding happens at reporting.
//
// Carers from the class mix. Slots are not children of one age: enrolment is concentrated in 24-36 months
// and infants are the exception, so the slots of both bases are spread over the class bands by the mix
// (ClassMix), not by the children of each age. Each band then costs the carers of its full classes.
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

/// The observed-use basis's rates, each overridable and each with its source.
public struct PropensityAssumptions: Sendable, Equatable {
    /// Names for overriding a value by key (scenario files, sweeps) and for the parameters-used listing.
    public enum Key: String, Sendable, CaseIterable {
        case enrolment0to2 = "enrolment_0_2"
        case institutionalCare60to69 = "institutional_care_60_69"
        case institutionalCare70to79 = "institutional_care_70_79"
        case institutionalCare80plus = "institutional_care_80plus"
        case disability60to69 = "disability_60_69"
        case disability70to79 = "disability_70_79"
        case disability80plus = "disability_80plus"
        case disabledInInstitutions = "disabled_in_institutions"
    }

    /// Which childcare-enrolment figure the default enrolment takes.
    public enum EnrolmentReading: String, Sendable {
        /// Observed enrolment, about 6% (2021-22): what people use today. Default.
        case actual
        /// Families who want care, more than 30%: use once supply no longer rations enrolment.
        case wish
    }

    /// Enrolled children / children aged 0-2.
    public var enrolment0to2: Assumption
    /// Persons living in a care institution / persons of the band.
    public var institutionalCare60to69: Assumption
    public var institutionalCare70to79: Assumption
    public var institutionalCare80plus: Assumption
    /// Disabled (失能) persons / persons of the band.
    public var disability60to69: Assumption
    public var disability70to79: Assumption
    public var disability80plus: Assumption
    /// Disabled elderly living in a care institution / disabled elderly: the demand for nursing-type beds.
    public var disabledInInstitutions: Assumption
    /// Shares of slots by class band, which turn slots into classes and carers on both bases.
    public var classMix: ClassMix

    public init(
        enrolment0to2: Assumption, institutionalCare60to69: Assumption, institutionalCare70to79: Assumption,
        institutionalCare80plus: Assumption, disability60to69: Assumption, disability70to79: Assumption,
        disability80plus: Assumption, disabledInInstitutions: Assumption, classMix: ClassMix
    ) {
        self.enrolment0to2 = enrolment0to2
        self.institutionalCare60to69 = institutionalCare60to69
        self.institutionalCare70to79 = institutionalCare70to79
        self.institutionalCare80plus = institutionalCare80plus
        self.disability60to69 = disability60to69
        self.disability70to79 = disability70to79
        self.disability80plus = disability80plus
        self.disabledInInstitutions = disabledInInstitutions
        self.classMix = classMix
    }

    /// China's 60+ by age band, 2020 census (第七次全国人口普查), persons: 60-64 + 65-69, 70-74 + 75-79,
    /// 80-84 + 85+, both sexes (from the national row of census2020/county_age5_sex.csv). Used to state
    /// what a set of band rates means for all 60+ (the population-weighted mean on China's age structure).
    public static let census2020Elderly: (age60to69: Double, age70to79: Double, age80plus: Double) =
        (147_388_498, 80_828_885, 35_800_835)

    /// The population-weighted mean of band rates on China's 2020 census age structure (weights
    /// 0.55825, 0.30615, 0.13560).
    public static func meanOn2020Census(_ r60to69: Double, _ r70to79: Double, _ r80plus: Double) -> Double {
        let w = census2020Elderly
        return (r60to69 * w.age60to69 + r70to79 * w.age70to79 + r80plus * w.age80plus)
            / (w.age60to69 + w.age70to79 + w.age80plus)
    }

    /// The defaults of RULES.md "Conversion defaults" as the rule book holds them (its `.reference` rules,
    /// so a scenario's overrides of those rules carry through), with their sources.
    public static func defaults(from rules: RuleBook, enrolment reading: EnrolmentReading = .actual) -> PropensityAssumptions {
        let enrolmentRule = rules["childcare-enrolment"]
        let enrolment = enrolmentRule.value(reading == .actual ? "actual" : "wish")
        let enrolmentSource = "childcare-enrolment \(reading.rawValue): \(enrolmentRule.source); "
            + "applied to children aged 0-2, the range the rate is defined on"
        let residence = rules["institutional-residence-by-age"]
        let residenceSource = "institutional-residence-by-age (observed residence, not the 9073 guideline): \(residence.source)"
        let disability = rules["disability-prevalence-by-age"]
        let disabilitySource = "disability-prevalence-by-age: \(disability.source)"
        let inInstitutions = rules["disabled-in-institutions-share"]
        return PropensityAssumptions(
            enrolment0to2: Assumption(enrolment, source: enrolmentSource),
            institutionalCare60to69: Assumption(residence.value("rate_60_69"), source: residenceSource),
            institutionalCare70to79: Assumption(residence.value("rate_70_79"), source: residenceSource),
            institutionalCare80plus: Assumption(residence.value("rate_80plus"), source: residenceSource),
            disability60to69: Assumption(disability.value("prevalence_60_69"), source: disabilitySource),
            disability70to79: Assumption(disability.value("prevalence_70_79"), source: disabilitySource),
            disability80plus: Assumption(disability.value("prevalence_80plus"), source: disabilitySource),
            disabledInInstitutions: Assumption(
                inInstitutions.value("share"), source: "disabled-in-institutions-share: \(inInstitutions.source)"),
            classMix: .defaults(from: rules))
    }

    public subscript(key: Key) -> Assumption {
        get {
            switch key {
            case .enrolment0to2: enrolment0to2
            case .institutionalCare60to69: institutionalCare60to69
            case .institutionalCare70to79: institutionalCare70to79
            case .institutionalCare80plus: institutionalCare80plus
            case .disability60to69: disability60to69
            case .disability70to79: disability70to79
            case .disability80plus: disability80plus
            case .disabledInInstitutions: disabledInInstitutions
            }
        }
        set {
            switch key {
            case .enrolment0to2: enrolment0to2 = newValue
            case .institutionalCare60to69: institutionalCare60to69 = newValue
            case .institutionalCare70to79: institutionalCare70to79 = newValue
            case .institutionalCare80plus: institutionalCare80plus = newValue
            case .disability60to69: disability60to69 = newValue
            case .disability70to79: disability70to79 = newValue
            case .disability80plus: disability80plus = newValue
            case .disabledInInstitutions: disabledInInstitutions = newValue
            }
        }
    }

    /// Replaces one value, as a scenario override does; the source says where the new value comes from.
    public mutating func override(_ key: Key, with value: Double, source: String = "scenario override") {
        self[key] = Assumption(value, source: source)
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
    /// These coefficients with childcare enrolment × `enrolment` and elderly institutional residence ×
    /// `institutionalCare` (each share capped at 1): the two behaviours move apart in a draw. The share of
    /// the disabled in institutions is institutional use too, so it moves with residence.
    public func scaled(enrolment: Double, institutionalCare: Double) -> DemandCoefficients {
        var c = self
        c.enrolment0to2 = Self.scaledShare(c.enrolment0to2, by: enrolment)
        c.institutionalCare60to69 = Self.scaledShare(c.institutionalCare60to69, by: institutionalCare)
        c.institutionalCare70to79 = Self.scaledShare(c.institutionalCare70to79, by: institutionalCare)
        c.institutionalCare80plus = Self.scaledShare(c.institutionalCare80plus, by: institutionalCare)
        c.disabledInInstitutions = Self.scaledShare(c.disabledInInstitutions, by: institutionalCare)
        return c
    }

    /// A share moved by a draw's factor and capped at 1; a factor of exactly 1 leaves it as it is.
    @inlinable public static func scaledShare(_ share: Double, by factor: Double) -> Double {
        factor != 1 ? min(1, share * factor) : share
    }
}

/// Every number the per-area-year demand arithmetic needs, as plain Doubles: what the hot loop reads.
/// A Monte Carlo draw may copy and perturb it (e.g. scale the enrolment rates) without allocating.
public struct DemandCoefficients: Sendable, Equatable {
    public var slotsPer1000Residents: Double
    public var bedsPer1000Elderly: Double
    public var nursingBedShare: Double
    public var socialWorkersPer100Beds: Double
    /// Class caps and children per carer by band (6-12, 12-24, 24-36 months, mixed). Constants of a run (draws
    /// vary populations and propensities, not the standard), so the carers per child are derived once.
    public let infantCap: Double, toddlerCap: Double, olderCap: Double, mixedCap: Double
    public let infantRatio: Double, toddlerRatio: Double, olderRatio: Double, mixedRatio: Double
    public let carerArithmetic: CarerArithmetic
    /// Carers per child of a full class, ceil(cap / ratio) / cap: 0.4, 0.2, 0.15, 4/18 nationally.
    public let infantCarersPerChild: Double, toddlerCarersPerChild: Double, olderCarersPerChild: Double,
               mixedCarersPerChild: Double
    /// Shares of slots by class band (sum 1).
    public let infantShare: Double, toddlerShare: Double, olderShare: Double, mixedShare: Double
    /// Σ share × carers per child of a full class: the carers a slot costs under the class mix.
    public let carersPerSlot: Double
    public var enrolment0to2: Double
    public var institutionalCare60to69: Double, institutionalCare70to79: Double, institutionalCare80plus: Double
    public var disability60to69: Double, disability70to79: Double, disability80plus: Double
    public var disabledInInstitutions: Double

    public init(
        slotsPer1000Residents: Double, bedsPer1000Elderly: Double, nursingBedShare: Double,
        socialWorkersPer100Beds: Double,
        caps: (infant: Double, toddler: Double, older: Double, mixed: Double),
        ratios: (infant: Double, toddler: Double, older: Double, mixed: Double),
        classMix: (infant: Double, toddler: Double, older: Double, mixed: Double),
        carerArithmetic: CarerArithmetic, enrolment0to2: Double,
        institutionalCare: (age60to69: Double, age70to79: Double, age80plus: Double),
        disability: (age60to69: Double, age70to79: Double, age80plus: Double),
        disabledInInstitutions: Double
    ) {
        self.slotsPer1000Residents = slotsPer1000Residents
        self.bedsPer1000Elderly = bedsPer1000Elderly
        self.nursingBedShare = nursingBedShare
        self.socialWorkersPer100Beds = socialWorkersPer100Beds
        (infantCap, toddlerCap, olderCap, mixedCap) = caps
        (infantRatio, toddlerRatio, olderRatio, mixedRatio) = ratios
        self.carerArithmetic = carerArithmetic
        infantCarersPerChild = (caps.infant / ratios.infant).rounded(.up) / caps.infant
        toddlerCarersPerChild = (caps.toddler / ratios.toddler).rounded(.up) / caps.toddler
        olderCarersPerChild = (caps.older / ratios.older).rounded(.up) / caps.older
        mixedCarersPerChild = (caps.mixed / ratios.mixed).rounded(.up) / caps.mixed
        (infantShare, toddlerShare, olderShare, mixedShare) = classMix
        carersPerSlot = classMix.infant * infantCarersPerChild + classMix.toddler * toddlerCarersPerChild
            + classMix.older * olderCarersPerChild + classMix.mixed * mixedCarersPerChild
        self.enrolment0to2 = enrolment0to2
        (institutionalCare60to69, institutionalCare70to79, institutionalCare80plus) = institutionalCare
        (disability60to69, disability70to79, disability80plus) = disability
        self.disabledInInstitutions = disabledInInstitutions
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
    @inlinable public func carers(infants: Double, toddlers: Double, older: Double, mixed: Double = 0) -> Double {
        if carerArithmetic == .continuous {
            return infants * infantCarersPerChild + toddlers * toddlerCarersPerChild + older * olderCarersPerChild
                + mixed * mixedCarersPerChild
        }
        return Self.carers(children: infants, cap: infantCap, ratio: infantRatio, carerArithmetic)
            + Self.carers(children: toddlers, cap: toddlerCap, ratio: toddlerRatio, carerArithmetic)
            + Self.carers(children: older, cap: olderCap, ratio: olderRatio, carerArithmetic)
            + Self.carers(children: mixed, cap: mixedCap, ratio: mixedRatio, carerArithmetic)
    }

    /// Carers for `slots` spread over the class bands by the class mix.
    @inlinable public func carers(slots: Double) -> Double {
        guard slots > 0 else { return 0 }
        if carerArithmetic == .continuous { return slots * carersPerSlot }
        return carers(infants: slots * infantShare, toddlers: slots * toddlerShare, older: slots * olderShare,
                      mixed: slots * mixedShare)
    }

    /// Demand of one area-year on both bases into `out`. Pure arithmetic: no allocation, no rounding.
    @inlinable public func demand(for p: ServicePopulation, into out: inout DemandVector) {
        demand(for: p, enrolment: 1, institutionalCare: 1, into: &out)
    }

    /// Demand of one area-year with the behaviours of `scaled(enrolment:institutionalCare:)`, the same
    /// numbers as `scaled(...).demand(for:into:)` without copying the coefficients (a Monte Carlo run
    /// asks this for every area, year and draw).
    @inlinable public func demand(for p: ServicePopulation, enrolment: Double, institutionalCare: Double,
                                  into out: inout DemandVector) {
        let enrolment0to2 = Self.scaledShare(self.enrolment0to2, by: enrolment)
        let institutionalCare60to69 = Self.scaledShare(self.institutionalCare60to69, by: institutionalCare)
        let institutionalCare70to79 = Self.scaledShare(self.institutionalCare70to79, by: institutionalCare)
        let institutionalCare80plus = Self.scaledShare(self.institutionalCare80plus, by: institutionalCare)
        let disabledInInstitutions = Self.scaledShare(self.disabledInInstitutions, by: institutionalCare)
        // Observed use: enrolment of children aged 0-2, spread over classes by the mix.
        let enrolled = enrolment0to2 * p.children0to2
        out.propensity.nurserySlots = enrolled
        out.propensity.nurseryCarers = carers(slots: enrolled)

        let users1 = institutionalCare60to69 * p.elderly60to69
        let users2 = institutionalCare70to79 * p.elderly70to79
        let users3 = institutionalCare80plus * p.elderly80plus
        let users = users1 + users2 + users3
        let disabled1 = disability60to69 * p.elderly60to69
        let disabled2 = disability70to79 * p.elderly70to79
        let disabled3 = disability80plus * p.elderly80plus
        out.propensity.beds = users
        // The disabled who live in institutions need nursing-type beds; a band cannot need more than it has residents.
        out.propensity.nursingBeds = min(users1, disabledInInstitutions * disabled1)
            + min(users2, disabledInInstitutions * disabled2) + min(users3, disabledInInstitutions * disabled3)
        out.propensity.socialWorkers = socialWorkers(beds: users)
        out.disabledElderly = disabled1 + disabled2 + disabled3

        // Standard: rule norms; carers for the required slots in the class mix.
        let slots = standardSlots(residents: p.residents)
        out.standard.nurserySlots = slots
        out.standard.nurseryCarers = carers(slots: slots)
        let beds = standardBeds(elderly60plus: p.elderly60plus)
        out.standard.beds = beds
        out.standard.nursingBeds = standardNursingBeds(beds: beds)
        out.standard.socialWorkers = socialWorkers(beds: beds)
    }

    // The standard basis, one measure from one group: each a non-decreasing function of its group when its
    // coefficient is not negative (the simulation takes such a measure's quantiles from its group's).

    /// Nursery slots the rule requires of `residents`.
    @inlinable public func standardSlots(residents: Double) -> Double { slotsPer1000Residents * residents / 1000 }
    /// Institutional beds the rule requires of the residents aged 60+.
    @inlinable public func standardBeds(elderly60plus: Double) -> Double { bedsPer1000Elderly * elderly60plus / 1000 }
    /// The nursing-type share of `beds`.
    @inlinable public func standardNursingBeds(beds: Double) -> Double { nursingBedShare * beds }
    /// Social workers for `beds` (0 where the rule is not in force).
    @inlinable public func socialWorkers(beds: Double) -> Double { socialWorkersPer100Beds * beds / 100 }
}

/// Demand per area-year on the standard and observed-use bases, with the parameters it used.
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
        func band(_ rule: RuleDefinition, _ parameter: (ClassBand) -> String) -> (Double, Double, Double, Double) {
            (rule.value(parameter(.infant)), rule.value(parameter(.toddler)), rule.value(parameter(.older)),
             rule.value(parameter(.mixed)))
        }
        let mix = propensity.classMix
        coefficients = DemandCoefficients(
            slotsPer1000Residents: rules["nursery-slots-per-1000"].value("slots_per_1000"),
            bedsPer1000Elderly: rules["institutional-beds-per-1000-elderly"].value("beds_per_1000_elderly"),
            nursingBedShare: rules["nursing-bed-share"].value("share"),
            // A plan's rule (Sanya's), not a national standard: no social workers are required where it is not in force.
            socialWorkersPer100Beds: rules.isInForce(Self.socialWorkerRule)
                ? rules[Self.socialWorkerRule].value("workers_per_100_beds") : 0,
            caps: band(caps, \.capParameter), ratios: band(ratios, \.ratioParameter),
            classMix: (mix.infant, mix.toddler, mix.older, mix.mixed),
            carerArithmetic: carerArithmetic,
            enrolment0to2: propensity.enrolment0to2.value,
            institutionalCare: (propensity.institutionalCare60to69.value, propensity.institutionalCare70to79.value,
                                propensity.institutionalCare80plus.value),
            disability: (propensity.disability60to69.value, propensity.disability70to79.value,
                         propensity.disability80plus.value),
            disabledInInstitutions: propensity.disabledInInstitutions.value)
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

    /// Carers per slot implied by the class mix and the standard's class sizes and ratios.
    public var carersPerSlot: Double { coefficients.carersPerSlot }

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
        for band in ClassMix.bands {
            rule("nursery-class-size", band.capParameter, nil)
        }
        for band in ClassMix.bands {
            rule("nursery-carer-ratio", band.ratioParameter, nil)
        }
        let mix = propensity.classMix
        for band in ClassMix.bands {
            list.append(ParameterUsed(name: "class_mix.\(band.rawValue)", value: mix[band], unit: .share,
                                      source: mix.source, basis: nil))
        }
        list.append(ParameterUsed(
            name: "class_mix.carers_per_slot", value: carersPerSlot, unit: .ratio,
            source: "Σ share × ceil(cap / ratio) / cap over the class bands: \(mix.label)", basis: nil))
        for key in PropensityAssumptions.Key.allCases {
            let a = propensity[key]
            list.append(ParameterUsed(name: "propensity.\(key.rawValue)", value: a.value, unit: .share,
                                      source: a.source, basis: .propensity))
        }
        return list
    }
}
