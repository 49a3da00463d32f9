/// The scenario's `uncertainty:` section: how many Monte Carlo draws, from which seed, and how wide
/// each uncertain input is. Every deviation has a component shared by all areas (a national or
/// provincial factor) and one of the area's own; `shared` is the correlation between any two areas'
/// deviations (the share of variance that is common). Independent county shocks alone would cancel
/// in province totals and make them falsely certain.
public struct UncertaintySpec: Sendable, Equatable {
    public struct Component: Sendable, Equatable {
        /// Standard deviation: of log TFR's yearly innovation, of e0 in years, of the relative
        /// migration scale, of log propensities.
        public var sd: Double
        /// Correlation between areas, 0...1.
        public var shared: Double
        /// AR(1) persistence of yearly deviations (TFR only), 0...1.
        public var persistence: Double

        public init(sd: Double, shared: Double, persistence: Double = 0) {
            self.sd = sd
            self.shared = shared
            self.persistence = persistence
        }
    }

    public var draws: Int
    public var seed: UInt64
    /// Log TFR follows an AR(1) around the assumed path: d[t] = φ d[t−1] + ε[t], ε ~ N(0, sd²).
    /// Defaults sd 0.05, φ 0.95: after 15 years the 80% band is about ±17% of the TFR, close to the
    /// spread of WPP 2024's probabilistic projection for China.
    public var tfr: Component
    /// A level shift of life expectancy at birth held over the horizon, in years (default sd 1.0).
    public var e0: Component
    /// Relative scale of net migration, 1 + d (default sd 0.5: migration is the least certain input).
    public var migration: Component
    /// Log factor on every service propensity (enrolment, institutional care; default sd 0.2).
    public var propensity: Component

    public static let defaults = UncertaintySpec(
        draws: 1000, seed: 1,
        tfr: Component(sd: 0.05, shared: 0.7, persistence: 0.95),
        e0: Component(sd: 1.0, shared: 0.8),
        migration: Component(sd: 0.5, shared: 0.5),
        propensity: Component(sd: 0.2, shared: 0.7))

    public init(draws: Int, seed: UInt64, tfr: Component, e0: Component, migration: Component, propensity: Component) {
        self.draws = draws
        self.seed = seed
        self.tfr = tfr
        self.e0 = e0
        self.migration = migration
        self.propensity = propensity
    }
}

/// The scenario's `demand:` section: the propensity assumptions, by key, with the source the analyst
/// gives for each override.
public struct DemandSection: Sendable, Equatable {
    /// Key (as `PropensityAssumptions.Key`) → value.
    public var propensity: [String: Double] = [:]
    /// `actual` (about 6% enrolment) or `wish` (more than 30% want care).
    public var enrolment: String = "actual"

    public init() {}
}

/// The workforce side of supply that no count in `supply:` carries.
public struct WorkforceSection: Sendable, Equatable {
    /// Carers trained a year, from `from` through `to` (nil: every year of the horizon).
    public var carersTrainedPerYear: Double = 0
    public var trainingFrom: Int?
    public var trainingTo: Int?
    /// Share of the carer stock lost a year.
    public var carerAttrition: Double = 0
    public var socialWorkerAttrition: Double = 0

    public init() {}
}
