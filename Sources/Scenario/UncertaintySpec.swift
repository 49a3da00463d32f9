import Planning

/// The scenario's `uncertainty:` section: how many Monte Carlo draws, from which seed, and how wide
/// each uncertain input is. Every deviation has a component shared by all areas (a national or
/// provincial factor) and one of the area's own; `shared` is the correlation between any two areas'
/// deviations (the share of variance that is common). Independent county shocks alone would cancel
/// in province totals and make them falsely certain.
public struct UncertaintySpec: Sendable, Equatable {
    /// A deviation with a level drawn once per draw (`sd`) and, where the input drifts over time, a
    /// yearly innovation (`sdPerYear`) accumulated as d[t] = persistence · d[t−1] + ε[t] (persistence
    /// 1: a random walk, so the spread grows like √t).
    public struct Component: Sendable, Equatable {
        /// Standard deviation of the level: of e0 in years, of the relative migration scale, of log
        /// propensities; for TFR, of log TFR's yearly innovation.
        public var sd: Double
        /// Correlation between areas, 0...1.
        public var shared: Double
        /// AR(1) persistence of the yearly deviations, 0...1.
        public var persistence: Double
        /// Standard deviation of the yearly innovation on top of the level (0: none).
        public var sdPerYear: Double

        public init(sd: Double, shared: Double, persistence: Double = 0, sdPerYear: Double = 0) {
            self.sd = sd
            self.shared = shared
            self.persistence = persistence
            self.sdPerYear = sdPerYear
        }
    }

    /// An additive net migration rate per 1,000 residents a year, on top of the central assumption,
    /// so migration is uncertain even where the assumption is zero. Its standard deviation in a year
    /// is `perThousand + perThousandPerMobility × mobility`, mobility being the census share of
    /// residents whose hukou is in another county (a county's in-migrant stock); the yearly rates
    /// follow a stationary AR(1) with `persistence`, and `provinceShared` of the variance is common
    /// to the areas of a province. The migration age profile spreads the migrants by age and sex.
    public struct AdditiveMigration: Sendable, Equatable {
        public var perThousand: Double
        public var perThousandPerMobility: Double
        public var persistence: Double
        public var provinceShared: Double

        public init(perThousand: Double, perThousandPerMobility: Double, persistence: Double, provinceShared: Double) {
            self.perThousand = perThousand
            self.perThousandPerMobility = perThousandPerMobility
            self.persistence = persistence
            self.provinceShared = provinceShared
        }

        /// The standard deviation of one year's additive rate, per 1,000, at `mobility`.
        public func sd(mobility: Double) -> Double { perThousand + perThousandPerMobility * mobility }
    }

    /// The census under-count of children aged 0-4: the base population at those ages is multiplied
    /// per draw by 1 + u, u ~ N(mean, sd²) (held ≥ 0), `shared` common to all areas.
    public struct Undercount: Sendable, Equatable {
        public var mean: Double
        public var sd: Double
        public var shared: Double

        public init(mean: Double, sd: Double, shared: Double) {
            self.mean = mean
            self.sd = sd
            self.shared = shared
        }
    }

    public var draws: Int
    public var seed: UInt64
    /// Log TFR follows an AR(1) around the assumed path: d[t] = φ d[t−1] + ε[t], ε ~ N(0, sd²).
    /// Defaults sd 0.05, φ 0.95: after 15 years the 80% band is about ±17% of the TFR, close to the
    /// spread of WPP 2024's probabilistic projection for China.
    public var tfr: Component
    /// Life expectancy at birth, in years: a level (sd 1.0: a county's e0 against the national one is
    /// not measured) plus a random walk of 0.25 years a year (persistence 1). Basis: WPP 2024's
    /// probabilistic e0 for China spreads about ±2.5 years (95%) by 2050, about 1.3 years of sd after
    /// 30 years, i.e. 0.25 years a year; after 15 years the sd is √(1 + 15 × 0.0625) ≈ 1.39 years.
    public var e0: Component
    /// Relative scale of the central net migration assumption, 1 + d (default sd 0.5).
    public var migration: Component
    /// The additive net migration component (defaults 4 + 30 × mobility per 1,000 a year, persistence
    /// 0.7, province share 0.3; see `defaults`).
    public var additiveMigration: AdditiveMigration
    /// Log factor on childcare enrolment: level sd 0.2 (the 6% national share against a county's
    /// unmeasured one) and a random walk of 0.08 a year (enrolment is policy-driven and has moved
    /// about 10% a year since 2019 as nurseries opened).
    public var enrolment: Component
    /// Log factor on elderly institutional care: level sd 0.2 and a random walk of 0.04 a year (the
    /// share of elderly in institutions moves slowly; bed occupancy has stayed near one half).
    public var institutionalCare: Component
    /// Correlation between the enrolment and institutional-care deviations (default 0: different
    /// families, services and budgets).
    public var behaviourCorrelation: Double
    /// Census under-count at ages 0-4: mean 3%, sd 1.5%, half of it common to all areas. Basis:
    /// post-enumeration surveys and later counts of the same cohorts put the miss of young children
    /// in Chinese censuses at a few percent (2-5%), more than at any other age.
    public var undercount: Undercount

    public static let defaults = UncertaintySpec(
        draws: 1000, seed: 1,
        tfr: Component(sd: 0.05, shared: 0.7, persistence: 0.95),
        e0: Component(sd: 1.0, shared: 0.8, persistence: 1, sdPerYear: 0.25),
        migration: Component(sd: 0.5, shared: 0.5),
        additiveMigration: AdditiveMigration(perThousand: 4, perThousandPerMobility: 30, persistence: 0.7, provinceShared: 0.3),
        enrolment: Component(sd: 0.2, shared: 0.7, persistence: 1, sdPerYear: 0.08),
        institutionalCare: Component(sd: 0.2, shared: 0.7, persistence: 1, sdPerYear: 0.04),
        behaviourCorrelation: 0,
        undercount: Undercount(mean: 0.03, sd: 0.015, shared: 0.5))

    public init(draws: Int, seed: UInt64, tfr: Component, e0: Component, migration: Component,
                additiveMigration: AdditiveMigration, enrolment: Component, institutionalCare: Component,
                behaviourCorrelation: Double, undercount: Undercount) {
        self.draws = draws
        self.seed = seed
        self.tfr = tfr
        self.e0 = e0
        self.migration = migration
        self.additiveMigration = additiveMigration
        self.enrolment = enrolment
        self.institutionalCare = institutionalCare
        self.behaviourCorrelation = behaviourCorrelation
        self.undercount = undercount
    }

    /// Every standard deviation 0 and no under-count: the draws are the deterministic path.
    public var withoutSpread: UncertaintySpec {
        var spec = self
        spec.tfr.sd = 0
        spec.e0.sd = 0; spec.e0.sdPerYear = 0
        spec.migration.sd = 0
        spec.additiveMigration.perThousand = 0; spec.additiveMigration.perThousandPerMobility = 0
        spec.enrolment.sd = 0; spec.enrolment.sdPerYear = 0
        spec.institutionalCare.sd = 0; spec.institutionalCare.sdPerYear = 0
        spec.undercount = Undercount(mean: 0, sd: 0, shared: spec.undercount.shared)
        return spec
    }
}

/// The scenario's `demand:` section: the propensity assumptions, by key, with the source the analyst
/// gives for each override.
public struct DemandSection: Sendable, Equatable {
    /// Key (as `PropensityAssumptions.Key`) → value.
    public var propensity: [String: Double] = [:]
    /// `actual` (about 6% enrolment) or `wish` (more than 30% want care).
    public var enrolment: String = "actual"
    /// Shares of slots by class band (`ClassBand` raw value → share, summing to 1); nil: the catalogue's
    /// nursery-class-mix.
    public var classMix: [String: Double]?

    public init() {}
}

/// The workforce side of supply that no count in `supply:` carries.
public struct WorkforceSection: Sendable, Equatable {
    /// Person-times of carer training a year (培训保育员 200 人), from `from` through `to` (nil: every year of
    /// the horizon). Training is a program indicator: it adds to the carer stock only through
    /// `traineesBecomingCarers`, since most trainees are carers already at work (in-service training).
    public var carersTrainedPerYear: Double = 0
    public var trainingFrom: Int?
    public var trainingTo: Int?
    /// Share of person-times trained that become new carers; 0 unless the scenario states it (no plan gives it).
    public var traineesBecomingCarers: Double = 0
    /// Whether the scenario's training count covers every occupation the plan's cumulative training target
    /// counts (Dehong's ≥ 1,000 counts elder-care workers, 育婴员, 保育员 and 家政 workers): only then is the
    /// target judged met or not; otherwise it is reported as not comparable.
    public var trainingCountsPlanOccupations: Bool = false
    /// Share of the carer stock lost a year.
    public var carerAttrition: Double = 0
    public var socialWorkerAttrition: Double = 0
    /// Where the training rate comes from (`workforce.source`); nil: an assumption.
    public var source: SupplySource?

    public init() {}
}
