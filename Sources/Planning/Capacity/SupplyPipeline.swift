// Supply per area and measure over a horizon.
//
// Timing convention: level(y) is the stock at the end of year y, what a yearbook reports for y and what a
// target "by y" is compared with. The base level is the observed stock in the base year and already holds
// everything that happened up to then, so planned changes, training and deliveries dated at or before the
// base year are not added again. For later years
//     level(y) = level(y − 1) × (1 − attrition) + joining(y) + planned change(y) + deliveries(y)
// where joining(y) = trained(y) × the share of trainees who are new workers (in-service training of people
// already at work adds none), i.e. stock[t+1] = stock[t]·(1 − attrition) + joining[t+1] + delta[t+1]: what joins during a year is in
// that year's level and starts leaving from the next. Attrition applies to the whole stock (base,
// trained, planned and delivered alike); it is meant for carers and social workers, 0 for slots and beds,
// whose closures are planned changes.

/// A stock over the years: existing capacity, planned additions and closures, training, deliveries.
public struct SupplyPipeline: Sendable, Equatable {
    /// A training pipeline (e.g. 200 保育员 trained a year) from `startYear`: person-times trained, of which
    /// `joiningShare` join the stock as new workers (the rest were at work already: in-service training).
    public struct Training: Sendable, Equatable {
        /// Person-times trained a year.
        public var perYear: Double
        public var startYear: Int
        /// Last year with training; nil = every year to the horizon.
        public var endYear: Int?
        /// Share of the trained that are new workers and join the stock, in [0, 1].
        public var joiningShare: Double

        public init(perYear: Double, startYear: Int, endYear: Int? = nil, joiningShare: Double = 1) {
            precondition(joiningShare >= 0 && joiningShare <= 1, "the joining share is a share of the trained")
            self.perYear = perYear
            self.startYear = startYear
            self.endYear = endYear
            self.joiningShare = joiningShare
        }

        /// Person-times trained in `year`.
        @inlinable public func trained(in year: Int) -> Double {
            year >= startYear && (endYear.map { year <= $0 } ?? true) ? perYear : 0
        }

        /// New workers the year's training adds to the stock.
        @inlinable public func joining(in year: Int) -> Double {
            trained(in: year) * joiningShare
        }

        /// People trained from the start year through `year` inclusive (person-times, before attrition).
        public func cumulative(through year: Int) -> Double {
            let last = min(year, endYear ?? year)
            return last < startYear ? 0 : Double(last - startYear + 1) * perYear
        }
    }

    public var measure: Measure
    public var baseYear: Int
    public var baseLevel: Double
    /// Signed planned changes by year: additions > 0, closures < 0.
    public var changes: [Int: Double]
    /// Share of the stock leaving each year, in [0, 1].
    public var attritionRate: Double
    public var training: Training?

    /// From a base level and planned signed changes by year.
    public init(
        measure: Measure, baseYear: Int, baseLevel: Double, changes: [Int: Double] = [:],
        attritionRate: Double = 0, training: Training? = nil
    ) {
        precondition(attritionRate >= 0 && attritionRate <= 1, "attrition is a share of the stock")
        self.measure = measure
        self.baseYear = baseYear
        self.baseLevel = baseLevel
        self.changes = changes
        self.attritionRate = attritionRate
        self.training = training
    }

    /// From planned levels by year (the scenario's `{year: value}` supply, `Pipeline`): the base level is
    /// the level in force in the base year, and each later step becomes the change from the level before
    /// it. Without attrition, training or deliveries the path reproduces `Pipeline.level(in:)` exactly.
    public init(
        measure: Measure, baseYear: Int, levels: Pipeline, attritionRate: Double = 0, training: Training? = nil
    ) {
        var changes: [Int: Double] = [:]
        for step in levels.steps where step.year > baseYear {
            changes[step.year, default: 0] += levels.level(in: step.year) - levels.level(in: step.year - 1)
        }
        self.init(measure: measure, baseYear: baseYear, baseLevel: levels.level(in: baseYear), changes: changes,
                  attritionRate: attritionRate, training: training)
    }

    /// Adds capacity that enters in `year` (a district's facility from its delivery year).
    public mutating func add(_ amount: Double, in year: Int) {
        changes[year, default: 0] += amount
    }

    /// Levels for every year from the base year through `lastYear`, computed once.
    public func path(through lastYear: Int) -> SupplyPath {
        var levels: [Double] = []
        fill(&levels, through: lastYear)
        var trained = [Double](repeating: 0, count: levels.count)
        if let training {
            var sum = 0.0
            for i in trained.indices {
                if i > 0 { sum += training.trained(in: baseYear + i) }
                trained[i] = sum
            }
        }
        return SupplyPath(firstYear: baseYear, levels: levels, cumulativeTrained: trained)
    }

    /// The first year whose level would fall below zero, with what led there; nil when every level
    /// through `lastYear` is ≥ 0. A stock cannot be negative: a closure larger than what is left is a
    /// planning error, not a shortfall. Rounding residue of attrition (|level| below a millionth) is zero.
    public func firstNegativeLevel(through lastYear: Int) -> NegativeLevel? {
        if baseLevel < 0 { return NegativeLevel(year: baseYear, levelBefore: 0, attrition: 0, change: baseLevel, level: baseLevel) }
        guard lastYear > baseYear else { return nil }
        var stock = baseLevel
        let keep = 1 - attritionRate
        for year in (baseYear + 1)...lastYear {
            let change = (training?.joining(in: year) ?? 0) + (changes[year] ?? 0)
            let next = stock * keep + change
            if next < -Self.negligible {
                return NegativeLevel(year: year, levelBefore: stock, attrition: stock - stock * keep, change: change, level: next)
            }
            stock = max(0, next)
        }
        return nil
    }

    /// Below this magnitude a level is rounding residue of attrition, and taken as zero.
    static let negligible = 1e-6

    /// A level that would fall below zero: the level at the end of the year before, the attrition in the
    /// year, the year's signed change (planned change, training and deliveries) and the level it gives.
    public struct NegativeLevel: Sendable, Equatable {
        public let year: Int
        public let levelBefore: Double
        public let attrition: Double
        public let change: Double
        public let level: Double
    }

    /// Writes the levels from the base year through `lastYear` into `levels`, reusing its storage.
    /// Levels are never negative: callers refuse a pipeline with a `firstNegativeLevel`, and what is left
    /// is rounding residue below `negligible`, written as 0.
    public func fill(_ levels: inout [Double], through lastYear: Int) {
        precondition(lastYear >= baseYear, "horizon ends before the base year")
        let count = lastYear - baseYear + 1
        levels.removeAll(keepingCapacity: true)
        levels.reserveCapacity(count)
        var stock = baseLevel
        levels.append(stock)
        let keep = 1 - attritionRate
        guard lastYear > baseYear else { return }
        for year in (baseYear + 1)...lastYear {
            stock = stock * keep + (training?.joining(in: year) ?? 0) + (changes[year] ?? 0)
            if stock < 0 && stock > -Self.negligible { stock = 0 }
            levels.append(stock)
        }
    }
}

/// One measure's levels by year, from the pipeline's base year.
public struct SupplyPath: Sendable, Equatable {
    public let firstYear: Int
    public let levels: [Double]
    /// Trained through each year since the base year (person-times, before attrition); zeros without training.
    public let cumulativeTrained: [Double]

    public var lastYear: Int { firstYear + levels.count - 1 }

    public func contains(_ year: Int) -> Bool { year >= firstYear && year <= lastYear }

    /// The level in `year`, which must lie in the path.
    @inlinable public subscript(year: Int) -> Double {
        precondition(year >= firstYear && year - firstYear < levels.count, "year \(year) outside the supply path")
        return levels[year - firstYear]
    }
}

/// A district facility that enters an area's supply in its delivery year.
public struct DistrictDelivery: Sendable, Equatable {
    public let districtID: String
    public let area: String?
    public let year: Int
    public let nurserySlots: Double
    public let nurseryCarers: Double

    public init(districtID: String, area: String?, year: Int, nurserySlots: Double, nurseryCarers: Double) {
        self.districtID = districtID
        self.area = area
        self.year = year
        self.nurserySlots = nurserySlots
        self.nurseryCarers = nurseryCarers
    }

    /// The district's nursery as it will enter supply: declared slots, or classes × class caps as
    /// `carecap check` counts them, and its declared carers. Nil without a delivery year or a nursery:
    /// a district not yet scheduled adds nothing.
    public init?(_ district: District, rules: RuleBook) {
        guard let year = district.deliveryYear, let nursery = district.nursery else { return nil }
        let slots = ComplianceChecker(rules: rules).slots(of: nursery)
        self.init(districtID: district.id, area: district.area, year: year, nurserySlots: Double(slots),
                  nurseryCarers: Double(nursery.carers))
    }
}

/// The five measures' pipelines of one area.
public struct AreaSupplyPipelines: Sendable, Equatable {
    public var area: String
    public var nurserySlots: SupplyPipeline
    public var nurseryCarers: SupplyPipeline
    public var beds: SupplyPipeline
    public var nursingBeds: SupplyPipeline
    public var socialWorkers: SupplyPipeline

    public init(
        area: String, nurserySlots: SupplyPipeline, nurseryCarers: SupplyPipeline, beds: SupplyPipeline,
        nursingBeds: SupplyPipeline, socialWorkers: SupplyPipeline
    ) {
        self.area = area
        self.nurserySlots = nurserySlots
        self.nurseryCarers = nurseryCarers
        self.beds = beds
        self.nursingBeds = nursingBeds
        self.socialWorkers = socialWorkers
    }

    /// From a scenario's `supply.<code>` levels: absent pipelines are 0 (beds, nursing beds and social
    /// workers fall back to the institutions' sums, as `carecap check` does). Carers get the training
    /// pipeline and attrition; districts of this area add their nursery from their delivery year.
    public init(
        _ supply: AreaSupply, baseYear: Int, carerTraining: SupplyPipeline.Training? = nil,
        carerAttrition: Double = 0, socialWorkerAttrition: Double = 0, districts: [District] = [], rules: RuleBook
    ) {
        func pipeline(_ m: Measure, _ p: Pipeline?, _ fallback: Double? = nil, attrition: Double = 0,
                      training: SupplyPipeline.Training? = nil) -> SupplyPipeline
        {
            if let p {
                return SupplyPipeline(measure: m, baseYear: baseYear, levels: p, attritionRate: attrition, training: training)
            }
            return SupplyPipeline(measure: m, baseYear: baseYear, baseLevel: fallback ?? 0, attritionRate: attrition,
                                  training: training)
        }
        let institutions = supply.institutions
        let bedSum = institutions.isEmpty ? nil : Double(institutions.reduce(0) { $0 + $1.beds })
        let nursingSum = institutions.isEmpty || institutions.contains { $0.nursingBeds == nil }
            ? nil : Double(institutions.reduce(0) { $0 + ($1.nursingBeds ?? 0) })
        let workerSum = institutions.isEmpty || institutions.contains { $0.socialWorkers == nil }
            ? nil : Double(institutions.reduce(0) { $0 + ($1.socialWorkers ?? 0) })
        self.init(
            area: supply.code,
            nurserySlots: pipeline(.nurserySlots, supply.nurserySlots),
            nurseryCarers: pipeline(.nurseryCarers, supply.carers, attrition: carerAttrition, training: carerTraining),
            beds: pipeline(.beds, supply.beds, bedSum),
            nursingBeds: pipeline(.nursingBeds, supply.nursingBeds, nursingSum),
            socialWorkers: pipeline(.socialWorkers, supply.socialWorkers, workerSum, attrition: socialWorkerAttrition))
        for district in districts where district.area == supply.code {
            if let delivery = DistrictDelivery(district, rules: rules) { add(delivery) }
        }
    }

    /// Adds a district's nursery slots and carers from its delivery year (after the base year only).
    public mutating func add(_ delivery: DistrictDelivery) {
        nurserySlots.add(delivery.nurserySlots, in: delivery.year)
        nurseryCarers.add(delivery.nurseryCarers, in: delivery.year)
    }

    public subscript(measure: Measure) -> SupplyPipeline {
        get {
            switch measure {
            case .nurserySlots: nurserySlots
            case .nurseryCarers: nurseryCarers
            case .beds: beds
            case .nursingBeds: nursingBeds
            case .socialWorkers: socialWorkers
            }
        }
        set {
            switch measure {
            case .nurserySlots: nurserySlots = newValue
            case .nurseryCarers: nurseryCarers = newValue
            case .beds: beds = newValue
            case .nursingBeds: nursingBeds = newValue
            case .socialWorkers: socialWorkers = newValue
            }
        }
    }

    /// Supply per year from `firstYear` through `lastYear` (each pipeline from its own base year, which
    /// must be ≤ firstYear), and trained carers to date per year.
    public func values(from firstYear: Int, through lastYear: Int) -> (supply: [MeasureValues], cumulativeTrained: [Double]) {
        let paths = Measure.allCases.map { self[$0].path(through: lastYear) }
        let carers = nurseryCarers.path(through: lastYear)
        var out = [MeasureValues](repeating: .zero, count: lastYear - firstYear + 1)
        var trained = [Double](repeating: 0, count: out.count)
        for (i, year) in (firstYear...lastYear).enumerated() {
            for (m, measure) in Measure.allCases.enumerated() {
                out[i][measure] = paths[m][year]
            }
            trained[i] = carers.cumulativeTrained[year - carers.firstYear]
        }
        return (out, trained)
    }
}
