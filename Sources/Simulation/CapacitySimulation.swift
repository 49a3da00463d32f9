import Demography
import Foundation
import Planning
import Scenario

/// Runs a capacity plan: projects each block of areas once per draw, turns the population into
/// demand, compares it with supply, and keeps P10/P50/P90 of every value, the per-draw totals over
/// all areas (for province figures and target probabilities), and how often each area meets each
/// standard.
///
/// Reproducibility: deviations depend on the seed and the area's position only (`DrawDeviations`),
/// blocks are fixed-size and independent of the task count, and totals over areas are summed in
/// fixed point (integers add associatively), so `--jobs 1` and `--jobs 2` give identical bytes.
public struct CapacitySimulation: Sendable {
    /// Areas projected together per draw; fixed, so results do not depend on the task count.
    public static let blockSize = 4
    /// Totals are summed as integers of 1/1024 person (or slot, bed, ...).
    static let fixedPointScale = 1024.0

    public let plan: CapacityPlan
    public let draws: Int
    public let uncertainty: UncertaintySpec?

    public init(plan: CapacityPlan) {
        self.plan = plan
        uncertainty = plan.scenario.uncertainty
        draws = plan.scenario.uncertainty?.draws ?? 1
    }

    /// P10, P50, P90 of every output column for one area.
    public struct AreaQuantiles: Sendable {
        /// [(year × columns + column) × 3 + q]
        public var values: [Double]
        /// Share of draws with no shortfall, [year × 2 basis × 5 measures].
        public var metShare: [Double]
    }

    public struct Result: Sendable {
        public let plan: CapacityPlan
        public let draws: Int
        public let areas: [AreaQuantiles]
        /// Per draw totals over all areas: [(draw × years + year) × columns + column].
        public let totals: [Double]
        public let columnCount: Int

        public func total(draw: Int, year: Int, column: Int) -> Double {
            totals[(draw * plan.years.count + (year - plan.baseYear)) * columnCount + column]
        }
    }

    struct BlockOutput: Sendable {
        let firstArea: Int
        let quantiles: [AreaQuantiles]
        let totals: [Int64]
    }

    public func run(jobs: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Result {
        let deviations = try uncertainty.map { try DrawDeviations(spec: $0, steps: plan.years.count - 1) }
        let areaCount = plan.inputs.areas.count
        let blocks = stride(from: 0, to: areaCount, by: Self.blockSize).map { $0..<min($0 + Self.blockSize, areaCount) }
        let columns = OutputColumns.count
        var totals = [Int64](repeating: 0, count: draws * plan.years.count * columns)
        var quantiles = [AreaQuantiles?](repeating: nil, count: areaCount)
        var done = 0
        try await withThrowingTaskGroup(of: BlockOutput.self) { group in
            var next = 0
            func launch() {
                guard next < blocks.count else { return }
                let block = blocks[next]
                next += 1
                group.addTask { try await self.simulate(block: block, deviations: deviations) }
            }
            for _ in 0..<max(1, jobs) { launch() }
            while let output = try await group.next() {
                for (offset, q) in output.quantiles.enumerated() { quantiles[output.firstArea + offset] = q }
                for i in totals.indices { totals[i] &+= output.totals[i] }
                done += output.quantiles.count
                progress?(done, areaCount)
                launch()
            }
        }
        return Result(plan: plan, draws: draws, areas: quantiles.map { $0! },
                      totals: totals.map { Double($0) / Self.fixedPointScale }, columnCount: columns)
    }

    /// Every draw of one block of areas.
    func simulate(block: Range<Int>, deviations: DrawDeviations?) async throws -> BlockOutput {
        let inputs = plan.inputs
        let years = plan.years.count
        let steps = years - 1
        let columns = OutputColumns.count
        let width = block.count
        // samples[((a × years + y) × columns + c) × draws + d]
        var samples = [Double](repeating: 0, count: width * years * columns * draws)
        var totals = [Int64](repeating: 0, count: draws * years * columns)
        let streams = try deviations.map { d in try block.map { try d.stream(forArea: $0) } }
        var deviation = [AreaDeviation](repeating: .central(steps: steps), count: width)
        var male = [Double](repeating: 0, count: PopulationLayout.ageCount)
        var female = male
        var groups = [Double](repeating: 0, count: OutputColumns.populationGroups.count)
        var demandVector = DemandVector.zero

        for draw in 0..<draws {
            if let deviations, let streams {
                for (offset, stream) in streams.enumerated() {
                    deviations.next(draw: draw, stream: stream, into: &deviation[offset])
                }
            }
            let projection = try await project(block: block, deviation: deviation)
            for (offset, area) in block.enumerated() {
                var coefficients = plan.demand.coefficients
                let factor = deviation[offset].propensityFactor
                if factor != 1 {
                    coefficients.enrolment6to12m = min(1, coefficients.enrolment6to12m * factor)
                    coefficients.enrolment12to24m = min(1, coefficients.enrolment12to24m * factor)
                    coefficients.enrolment24to36m = min(1, coefficients.enrolment24to36m * factor)
                    coefficients.institutionalCare60to69 = min(1, coefficients.institutionalCare60to69 * factor)
                    coefficients.institutionalCare70to79 = min(1, coefficients.institutionalCare70to79 * factor)
                    coefficients.institutionalCare80plus = min(1, coefficients.institutionalCare80plus * factor)
                }
                for y in 0..<years {
                    let year = plan.baseYear + y
                    for age in 0...PopulationLayout.openAge {
                        male[age] = projection.population(area: offset, year: year, sex: .male, age: age)
                        female[age] = projection.population(area: offset, year: year, sex: .female, age: age)
                    }
                    let people = male.withUnsafeBufferPointer { m in
                        female.withUnsafeBufferPointer { f in
                            groups.withUnsafeMutableBufferPointer { g in
                                ServiceGroups.fill(male: m, female: f, personsPerHousehold: inputs.personsPerHousehold[area][y], into: g)
                            }
                        }
                    }
                    coefficients.demand(for: people, into: &demandVector)
                    let supply = plan.supply[area][y]
                    let base = ((offset * years + y) * columns) * draws + draw
                    func put(_ column: Int, _ value: Double) {
                        samples[base + column * draws] = value
                        totals[(draw * years + y) * columns + column] &+= Int64((value * Self.fixedPointScale).rounded())
                    }
                    for (i, value) in groups.enumerated() { put(OutputColumns.population + i, value) }
                    for (i, measure) in OutputColumns.measures.enumerated() {
                        let standard = demandVector[measure, .standard]
                        let propensity = demandVector[measure, .propensity]
                        put(OutputColumns.demandStandard + i, standard)
                        put(OutputColumns.demandPropensity + i, propensity)
                        put(OutputColumns.supply + i, supply[measure])
                        put(OutputColumns.shortfallStandard + i, max(0, standard - supply[measure]))
                        put(OutputColumns.shortfallPropensity + i, max(0, propensity - supply[measure]))
                    }
                    put(OutputColumns.disabledElderly, demandVector.disabledElderly)
                }
            }
        }

        var quantiles: [AreaQuantiles] = []
        let measureCount = OutputColumns.measures.count
        for offset in 0..<width {
            var values = [Double](repeating: 0, count: years * columns * 3)
            var met = [Double](repeating: 0, count: years * 2 * measureCount)
            for y in 0..<years {
                for c in 0..<columns {
                    let start = ((offset * years + y) * columns + c) * draws
                    samples[start..<(start + draws)].sort()
                    samples.withUnsafeBufferPointer { buffer in
                        let sorted = UnsafeBufferPointer(rebasing: buffer[start..<(start + draws)])
                        for (q, fraction) in [0.1, 0.5, 0.9].enumerated() {
                            values[(y * columns + c) * 3 + q] = SortedQuantile.value(sorted, fraction)
                        }
                        let shortfallColumn = c - OutputColumns.shortfallStandard
                        if shortfallColumn >= 0 {
                            // Sorted ascending: the draws with no shortfall come first.
                            let noShortfall = sorted.firstIndex { $0 > 1e-9 } ?? draws
                            met[y * 2 * measureCount + shortfallColumn] = Double(noShortfall) / Double(draws)
                        }
                    }
                }
            }
            quantiles.append(AreaQuantiles(values: values, metShare: met))
        }
        return BlockOutput(firstArea: block.lowerBound, quantiles: quantiles, totals: totals)
    }

    /// Projects one block of areas under one draw's deviations.
    func project(block: Range<Int>, deviation: [AreaDeviation]) async throws -> PopulationProjection {
        let inputs = plan.inputs
        let rates = inputs.rates
        let n = rates.areaCount
        let width = block.count
        let steps = rates.stepCount
        var base = PopulationArray(areaCount: width)
        for (offset, area) in block.enumerated() {
            for sex in Sex.allCases {
                for age in 0...PopulationLayout.openAge {
                    base[sex, age, offset] = inputs.basePopulation[sex, age, area]
                }
            }
        }
        var profiles: [[Double]] = []
        var profileOfArea: [Int] = []
        var tfr = [Double](repeating: 0, count: steps * width)
        var net = [Double](repeating: 0, count: steps * width)
        for (offset, area) in block.enumerated() {
            let d = deviation[offset]
            var profile = rates.survivalProfiles[rates.mortalityProfileOfArea[area]]
            if d.mortalityFactor != 1 {
                for i in profile.indices {
                    profile[i] = min(1, max(0, 1 - (1 - profile[i]) * d.mortalityFactor))
                }
            }
            profileOfArea.append(profiles.count)
            profiles.append(profile)
            for step in 0..<steps {
                tfr[step * width + offset] = rates.tfr[step * n + area] * d.tfrFactor[step]
                net[step * width + offset] = rates.netMigration[step * n + area] * d.migrationScale
            }
        }
        let blockRates = try ProjectionRates(
            baseYear: rates.baseYear, stepCount: steps, areaCount: width, survivalProfiles: profiles,
            mortalityProfileOfArea: profileOfArea, fertilityShares: rates.fertilityShares, tfr: tfr,
            sexRatioAtBirth: rates.sexRatioAtBirth, migrationVolume: rates.migrationVolume,
            migrationShares: rates.migrationShares, netMigration: net)
        return try await CohortComponentProjector(taskCount: 1).project(base: base, rates: blockRates)
    }
}

/// Quantiles of sorted samples by GSL's rule (gsl_stats_quantile_from_sorted_data): linear
/// interpolation at (n − 1) × f. Inline here because it runs for every value of every area-year.
enum SortedQuantile {
    static func value(_ sorted: UnsafeBufferPointer<Double>, _ fraction: Double) -> Double {
        let n = sorted.count
        guard n > 1 else { return n == 1 ? sorted[0] : .nan }
        let position = Double(n - 1) * fraction
        let lower = Int(position.rounded(.down))
        let delta = position - Double(lower)
        guard lower + 1 < n else { return sorted[n - 1] }
        return (1 - delta) * sorted[lower] + delta * sorted[lower + 1]
    }
}
