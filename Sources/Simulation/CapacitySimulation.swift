import Demography
import Foundation
import Planning
import Scenario

/// Runs a capacity plan: projects each block of areas once per draw, turns the population into
/// demand, compares it with supply, and keeps P10/P50/P90 of every value, the per-draw totals over
/// all areas (for target probabilities), the quantiles of the per-draw sums of each prefecture and
/// province of the run (`RunRegions`, `RegionTotals`), and how often each area meets each standard.
///
/// Reproducibility: deviations depend on the seed and the area's code only (`DrawDeviations`), each
/// area's projection column is computed on its own, and totals over areas are summed in fixed point
/// (integers add associatively and commutatively), so neither the order of `areas` nor `--jobs`
/// changes a byte.
package struct CapacitySimulation: Sendable {
    /// Areas projected together per draw, at most; each area's column is computed on its own, so the
    /// width changes no number, only how much is held at once (`blockWidth`).
    package static let blockSize = 16
    /// Bytes of per-draw samples one block may hold; a run with many draws and years takes fewer areas
    /// per block (down to one), so per-draw samples are held only for the areas being simulated.
    package static let blockSampleBudget = 256 << 20

    /// Areas per block: `blockSize`, or fewer when their samples would pass `blockSampleBudget`.
    package static func blockWidth(draws: Int, years: Int) -> Int {
        let perArea = max(1, draws) * max(1, years) * drawnColumns * MemoryLayout<Double>.stride
        return max(1, min(blockSize, blockSampleBudget / perArea))
    }
    /// Years of e0 per unit of log mortality when the rates carry no life-table response (rates built
    /// by hand in tests): e0 × H with Keyfitz's entropy H ≈ 0.15 at an e0 of about 78.
    static let e0PerLogMortalityFallback = 11.7
    /// Totals are summed as integers of 1/1024 person (or slot, bed, ...), each value rounded to the
    /// nearest (ties to even: one instruction, where rounding half away from zero is a library call).
    static let fixedPointScale = 1024.0

    package let plan: CapacityPlan
    package let draws: Int
    package let uncertainty: UncertaintySpec?
    /// Years of the central path kept by single year of age and sex (indexes from the base year).
    package let centralYears: [Int]

    /// The central path is kept in the base year and the horizon (what the pyramids draw), or in every
    /// year when `everyCentralYear` (a population detail was asked for).
    package init(plan: CapacityPlan, everyCentralYear: Bool = false) {
        self.plan = plan
        uncertainty = plan.scenario.uncertainty
        draws = plan.scenario.uncertainty?.draws ?? 1
        let last = plan.years.count - 1
        centralYears = everyCentralYear ? Array(0...last) : (last == 0 ? [0] : [0, last])
    }

    /// P10, P50, P90 of every output column for one area.
    package struct AreaQuantiles: Sendable {
        /// [(year × columns + column) × 3 + q]
        package var values: [Double]
        /// Share of draws with no shortfall, [year × 2 basis × 5 measures].
        package var metShare: [Double]
        /// The central path (no deviations) in `centralYears`: [(kept year × 2 + sex) × 101 + age].
        package var central: [Double]
    }

    package struct Result: Sendable {
        package let plan: CapacityPlan
        package let draws: Int
        package let areas: [AreaQuantiles]
        /// Per draw totals over all areas: [(draw × years + year) × columns + column].
        package let totals: DrawTotals
        /// The regions with rows of their own, and per region P10/P50/P90 of the per-draw sums of its
        /// areas, laid out as `AreaQuantiles.values`.
        package let regions: RunRegions
        package let regionValues: [[Double]]
        /// The most regions whose per-draw sums were held at once (bounded by
        /// `RunMemoryEstimate.openRegions(jobs:areas:)`).
        package let peakOpenRegions: Int
        package let columnCount: Int
        /// Year indexes of `AreaQuantiles.central`.
        package let centralYears: [Int]

        package func total(draw: Int, year: Int, column: Int) -> Double {
            totals[(draw * plan.years.count + (year - plan.baseYear)) * columnCount + column]
        }
    }

    struct BlockOutput: Sendable {
        /// The plan's area indexes of the block, in its column order.
        let areas: [Int]
        let quantiles: [AreaQuantiles]
    }

    package func run(jobs: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Result {
        let part = try await simulate(areas: nil, jobs: jobs, progress: progress)
        part.totals.finish(scale: Self.fixedPointScale)
        return Result(plan: plan, draws: draws, areas: part.quantiles.map { $0! },
                      totals: part.totals, regions: part.regions, regionValues: part.regionTotals.finished(),
                      peakOpenRegions: part.regionTotals.peakOpen, columnCount: OutputColumns.count, centralYears: centralYears)
    }

    /// Shard `shard.index` of `shard.count` of the run (`RunShard.split`): its areas' quantiles, its
    /// per-draw totals and region sums as integers, for `ShardArchive` to write and `ShardMerge` to add.
    package func run(shard: RunShard, jobs: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ShardOutput {
        let regions = RunRegions(areas: plan.inputs.areas)
        let areas = RunShard.split(areas: plan.inputs.areas, regions: regions, count: shard.count)[shard.index - 1]
        let part = try await simulate(areas: areas, jobs: jobs, progress: progress)
        return ShardOutput(shard: shard, areas: areas, quantiles: areas.map { part.quantiles[$0]! }, totals: part.totals,
                           regions: regions, regionTotals: part.regionTotals)
    }

    /// What simulating some of the plan's areas produced.
    struct Part {
        /// By plan index; nil for areas not simulated.
        let quantiles: [AreaQuantiles?]
        /// Per-draw totals over the simulated areas, still integers (`DrawTotals.finish` not called).
        let totals: DrawTotals
        let regions: RunRegions
        let regionTotals: RegionTotals
    }

    /// Simulates `areas` (plan indexes; nil: all), block by block in the regions' order.
    func simulate(areas subset: [Int]?, jobs: Int, progress: (@Sendable (Int, Int) -> Void)?) async throws -> Part {
        let deviations = try uncertainty.map {
            try DrawDeviations(spec: $0, steps: plan.inputs.rates.stepCount, areaCodes: plan.inputs.areas.map(DrawDeviations.provinceCode))
        }
        let width = Self.blockWidth(draws: draws, years: plan.years.count)
        let regions = RunRegions(areas: plan.inputs.areas)
        // Blocks follow the regions' order, so each region is open only while its blocks run.
        let order: [Int]
        if let subset {
            var chosen = [Bool](repeating: false, count: plan.inputs.areas.count)
            for a in subset { chosen[a] = true }
            order = regions.simulationOrder.filter { chosen[$0] }
        } else {
            order = regions.simulationOrder
        }
        let areaCount = order.count
        let blocks = stride(from: 0, to: areaCount, by: width).map { Array(order[$0..<min($0 + width, areaCount)]) }
        let columns = OutputColumns.count
        let totals = DrawTotals(count: draws * plan.years.count * columns)
        let regionTotals = RegionTotals(regions: regions, draws: draws, years: plan.years.count, supply: plan.supply, simulated: subset)
        let sampleBuffers = SampleBuffers(byteCount: width * plan.years.count * Self.drawnColumns * draws * MemoryLayout<Double>.stride)
        var quantiles = [AreaQuantiles?](repeating: nil, count: plan.inputs.areas.count)
        var done = 0
        try await withThrowingTaskGroup(of: BlockOutput.self) { group in
            var next = 0
            func launch() {
                guard next < blocks.count else { return }
                let block = blocks[next]
                next += 1
                group.addTask {
                    try await self.simulate(block: block, deviations: deviations, totals: totals, regionTotals: regionTotals,
                                            sampleBuffers: sampleBuffers)
                }
            }
            for _ in 0..<max(1, jobs) { launch() }
            while let output = try await group.next() {
                for (area, q) in zip(output.areas, output.quantiles) { quantiles[area] = q }
                done += output.quantiles.count
                progress?(done, areaCount)
                launch()
            }
        }
        return Part(quantiles: quantiles, totals: totals, regions: regions, regionTotals: regionTotals)
    }

    /// Σ (v × fixedPointScale) rounded to the nearest integer (ties to even) over `values[0..<count]`.
    ///
    /// Why not `Int64((v * scale).rounded(.toNearestOrEven))` per value: on the baseline x86-64 target
    /// that is a call to rint and a range check per value, millions of times per draw. Adding 1.5·2⁵²
    /// rounds any |x| < 2⁵¹ to an integer (ties to even, the default rounding mode) and leaves that
    /// integer in the low bits of the sum's bit pattern: the same integers, without a call, and the
    /// loop vectorises. Values outside ±2⁵⁰ (or NaN) take the old path, which traps as before.
    @inline(__always)
    static func fixedPointSum(_ values: UnsafePointer<Double>, count: Int) -> Int64 {
        let magic = 0x1.8p52, magicBits = Int64(bitPattern: 0x1.8p52.bitPattern)
        var sum: Int64 = 0, outside = 0
        for i in 0..<count {
            let x = values[i] * fixedPointScale
            outside += abs(x) < 0x1p50 ? 0 : 1
            sum &+= Int64(bitPattern: (x + magic).bitPattern) &- magicBits
        }
        guard outside > 0 else { return sum }
        sum = 0
        for i in 0..<count { sum &+= Int64((values[i] * fixedPointScale).rounded(.toNearestOrEven)) }
        return sum
    }

    /// Columns kept per draw: the population groups and demand (supply is planned, and shortfall
    /// quantiles follow from demand's: max(0, d − s) keeps the order of d).
    static let drawnColumns = OutputColumns.supply

    /// Every draw of one block of areas (plan indexes, not necessarily consecutive), through the
    /// streaming projection kernel: the block's state stays in cache for all years, and each year's
    /// cells become service groups and demand at once.
    func simulate(block: [Int], deviations: DrawDeviations?, totals shared: DrawTotals,
                  regionTotals: RegionTotals, sampleBuffers: SampleBuffers? = nil) async throws -> BlockOutput {
        let inputs = plan.inputs
        let rates = inputs.rates
        let n = rates.areaCount
        let years = plan.years.count
        // Year-end figures step one census moment past the horizon (`ProjectionRates.yearCount`).
        let steps = rates.stepCount
        let columns = OutputColumns.count
        let kept = Self.drawnColumns
        let width = block.count
        let measureCount = OutputColumns.measures.count
        // samples[((a × years + y) × kept + k) × draws + d]
        // Raw buffers: the kernel's per-year callback writes them millions of times, and closures over
        // `var` arrays would pay a dynamic exclusivity check on every access.
        let sampleCount = width * years * kept * draws
        // Cache-line aligned, so a staged chunk of draws (below) fills whole lines. Every sample of the
        // block is written (each draw, every year and drawn column), so a reused buffer needs no clearing.
        let buffers = sampleBuffers ?? SampleBuffers(byteCount: sampleCount * MemoryLayout<Double>.stride)
        let sampleMemory = buffers.take()
        defer { buffers.give(sampleMemory) }
        let samples = sampleMemory.bindMemory(to: Double.self, capacity: sampleCount)
        // Draws staged before they go to `samples`: [((draw % chunk) × years + y) × kept + k) × width + a].
        // Why: each draw writes one value of every cell, `draws` doubles apart, so stored directly every
        // value missed the cache (two thirds of the time spent here); staged, a draw writes one
        // contiguous block that stays in cache, and every `stageDraws` draws each cell gets a run of
        // consecutive values, one cache line.
        let stageDraws = 8
        let stageCells = years * kept * width
        let stage = UnsafeMutablePointer<Double>.allocate(capacity: stageDraws * stageCells)
        stage.initialize(repeating: 0, count: stageDraws * stageCells)
        defer { stage.deallocate() }
        /// Moves the staged draws `first..<first + count` into `samples`.
        func flushStage(first: Int, count: Int) {
            // Cells outermost: the staged values of a cell's areas are adjacent, read once.
            for cell in 0..<(years * kept) {
                for offset in 0..<width {
                    let into = samples + (offset * years * kept + cell) * draws + first
                    for j in 0..<count { into[j] = stage[(j * years * kept + cell) * width + offset] }
                }
            }
        }
        // One draw's sums over the block's areas, added to the run's totals when the draw is done.
        let totalCount = years * columns
        let totals = UnsafeMutablePointer<Int64>.allocate(capacity: totalCount)
        totals.initialize(repeating: 0, count: totalCount)
        defer { totals.deallocate() }
        let streams = try deviations.map { d in try block.map { try d.stream(forArea: inputs.areas[$0].key) } }
        var deviation = [AreaDeviation](repeating: .central(steps: steps), count: width)
        var tfr = [Double](repeating: 0, count: max(1, steps * width))
        var net = tfr
        var extraMigration = tfr
        // [(step × 2 + sex) × width + column]: a draw's e0 path as death-rate factors by sex and step.
        var mortality = [Double](repeating: 1, count: max(1, steps * 2 * width))
        // [year × width + column]: each year's behaviours drift.
        var coefficients = [DemandCoefficients](repeating: plan.demand.coefficients, count: years * width)
        // The draw's base population of the block (202 rows × width): the census with ages 0-4
        // raised by the drawn under-count.
        let cells = PopulationLayout.cellsPerArea
        var base = [Double](repeating: 0, count: cells * width)
        let response = rates.e0PerLogMortality
        let mobility = plan.mobility
        let provinceCodes = inputs.areas.map(DrawDeviations.provinceCode)
        let kernel = ProjectionBlockKernel(rates: rates)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: width))
        defer { scratch.deallocate() }
        var runs: [ProjectionBlockKernel.Run] = []
        var start = 0
        for c in 1...width where c == width || rates.mortalityProfileOfArea[block[c]] != rates.mortalityProfileOfArea[block[start]] {
            runs.append(.init(profile: rates.mortalityProfileOfArea[block[start]], columns: start..<c))
            start = c
        }
        let supplyRows = plan.supply
        let households = inputs.personsPerHousehold
        let groupQuarters = inputs.groupQuarters
        // One block-year's values, [column × width + offset], and per column its household size and
        // group-quarters population (the inputs of `ServiceGroups.fill(cells:...)`).
        let rows = UnsafeMutablePointer<Double>.allocate(capacity: columns * width)
        rows.initialize(repeating: 0, count: columns * width)
        let householdSize = UnsafeMutablePointer<Double>.allocate(capacity: width)
        householdSize.initialize(repeating: 1, count: width)
        let groupTotals = UnsafeMutablePointer<Double>.allocate(capacity: width)
        for (offset, area) in block.enumerated() { (groupTotals + offset).initialize(to: groupQuarters.totals[area]) }
        // Planned supply is the same in every draw: the block's fixed-point sums per year and measure.
        let supplyTotals = UnsafeMutablePointer<Int64>.allocate(capacity: years * measureCount)
        for y in 0..<years {
            for (i, measure) in OutputColumns.measures.enumerated() {
                (supplyTotals + y * measureCount + i).initialize(to: block.reduce(Int64(0)) {
                    $0 &+ Int64((supplyRows[$1][y][measure] * Self.fixedPointScale).rounded(.toNearestOrEven))
                })
            }
        }
        defer { rows.deallocate(); householdSize.deallocate(); groupTotals.deallocate(); supplyTotals.deallocate() }
        let drawn = deviations != nil
        // The block's group-quarters population, 202 rows × width: the block's areas need not be
        // consecutive in the run's arrays.
        var groupOfBlock = [Double](repeating: 0, count: groupQuarters.isEmpty ? 1 : cells * width)
        if !groupQuarters.isEmpty {
            for (offset, area) in block.enumerated() {
                for row in 0..<cells { groupOfBlock[row * width + offset] = groupQuarters.population.values[row * n + area] }
            }
        }
        // The central path: draw 0 of a deterministic run, or one extra pass without deviations after
        // the draws (its random streams are untouched: draws are indexed, not sequential).
        let ages = PopulationLayout.ageCount
        let centralStride = centralYears.count * 2 * ages
        var slotOfYear = [Int](repeating: -1, count: years)
        for (slot, y) in centralYears.enumerated() { slotOfYear[y] = slot }
        let central = UnsafeMutablePointer<Double>.allocate(capacity: max(1, width * centralStride))
        central.initialize(repeating: 0, count: max(1, width * centralStride))
        defer { central.deallocate() }
        let passes = drawn ? draws + 1 : draws

        for draw in 0..<passes {
            let centralOnly = drawn && draw == draws
            if centralOnly {
                for offset in 0..<width { deviation[offset] = .central(steps: steps) }
            } else if let deviations, let streams {
                for (offset, stream) in streams.enumerated() {
                    let area = block[offset]
                    deviations.next(draw: draw, code: provinceCodes[area], mobility: mobility.isEmpty ? 0 : mobility[area],
                                    stream: stream, into: &deviation[offset])
                }
            }
            var additive = false
            for (offset, area) in block.enumerated() {
                let d = deviation[offset]
                let profile = rates.mortalityProfileOfArea[area]
                for step in 0..<steps {
                    tfr[step * width + offset] = rates.tfr[step * n + area] * d.tfrFactor[step]
                    net[step * width + offset] = rates.netMigration[step * n + area] * d.migrationScale
                    extraMigration[step * width + offset] = d.migrationPerThousand[step]
                    for sex in 0..<2 {
                        // Δe0 years = R · Δ(−log m), R from this step's life table of the sex.
                        let r = response.isEmpty ? Self.e0PerLogMortalityFallback : response[profile][step * 2 + sex]
                        mortality[(step * 2 + sex) * width + offset] = exp(-d.e0Shift[step] / r)
                    }
                }
                additive = additive || d.hasAdditiveMigration
                for y in 0..<years {
                    coefficients[y * width + offset] = plan.demand.coefficients.scaled(
                        enrolment: d.enrolmentFactor[y], institutionalCare: d.institutionalCareFactor[y])
                }
                for row in 0..<cells {
                    let age = row % PopulationLayout.ageCount
                    let value = inputs.basePopulation.values[row * n + area]
                    base[row * width + offset] = age <= 4 ? value * d.undercountFactor : value
                }
            }
            if !centralOnly { totals.update(repeating: 0, count: totalCount) }
            base.withUnsafeBufferPointer { base in
                extraMigration.withUnsafeBufferPointer { extraBuffer in
                  groupOfBlock.withUnsafeBufferPointer { group in
                tfr.withUnsafeBufferPointer { tfrBuffer in
                    net.withUnsafeBufferPointer { netBuffer in
                        mortality.withUnsafeBufferPointer { mortalityBuffer in
                          coefficients.withUnsafeBufferPointer { coefficientBuffer in
                            let perturbed = drawn && !centralOnly
                            kernel.run(width: width, runs: runs, base: base.baseAddress!, baseRowStride: width,
                                       tfr: tfrBuffer.baseAddress!, netMigration: netBuffer.baseAddress!, rateRowStride: width,
                                       scratch: scratch, mortalityFactor: perturbed ? mortalityBuffer.baseAddress! : nil,
                                       mortalityStepStride: 2 * width, mortalitySexStride: width,
                                       migrationRatePerThousand: perturbed && additive ? extraBuffer.baseAddress! : nil,
                                       constantGroup: groupQuarters.isEmpty ? nil : group.baseAddress!,
                                       groupRowStride: width) { y, cells, _ in
                                if (centralOnly || !drawn), slotOfYear[y] >= 0 {
                                    let slot = slotOfYear[y]
                                    for offset in 0..<width {
                                        let into = central + offset * centralStride + slot * 2 * ages
                                        for age in 0..<ages {
                                            into[age] = cells[age * width + offset]
                                            into[ages + age] = cells[(ages + age) * width + offset]
                                        }
                                    }
                                }
                                if centralOnly { return }
                                // The block-year's values as rows [column × width + offset]: groups for
                                // all columns at once (vectorised), then demand and shortfall per area.
                                for offset in 0..<width { householdSize[offset] = households[block[offset]][y] }
                                ServiceGroups.fill(cells: cells, width: width, personsPerHousehold: householdSize,
                                                   groupQuarters: groupTotals, into: rows)
                                for offset in 0..<width {
                                    let people = ServiceGroups.population(rows: rows, width: width, column: offset)
                                    var demandVector = DemandVector.zero
                                    coefficientBuffer[y * width + offset].demand(for: people, into: &demandVector)
                                    let supply = supplyRows[block[offset]][y]
                                    for (i, measure) in OutputColumns.measures.enumerated() {
                                        let standard = demandVector[measure, .standard]
                                        let propensity = demandVector[measure, .propensity]
                                        rows[(OutputColumns.demandStandard + i) * width + offset] = standard
                                        rows[(OutputColumns.demandPropensity + i) * width + offset] = propensity
                                        rows[(OutputColumns.shortfallStandard + i) * width + offset] = max(0, standard - supply[measure])
                                        rows[(OutputColumns.shortfallPropensity + i) * width + offset] = max(0, propensity - supply[measure])
                                    }
                                    rows[OutputColumns.disabledElderly * width + offset] = demandVector.disabledElderly
                                }
                                // Samples of the drawn columns; every column's block sum in fixed point
                                // (integers: the order of the additions changes no bit). Supply is the
                                // same in every draw: its fixed-point sums were taken once (`supplyTotals`).
                                let totalBase = y * columns
                                for column in 0..<columns {
                                    if column >= OutputColumns.supply && column < OutputColumns.supply + measureCount {
                                        totals[totalBase + column] &+= supplyTotals[y * measureCount + column - OutputColumns.supply]
                                        continue
                                    }
                                    let row = rows + column * width
                                    totals[totalBase + column] &+= Self.fixedPointSum(row, count: width)
                                    if column < kept {
                                        (stage + (((draw % stageDraws) * years + y) * kept + column) * width).update(from: row, count: width)
                                    }
                                }
                            }
                          }
                        }
                    }
                }
                  }
                }
            }
            if !centralOnly {
                shared.add(totals, length: totalCount, at: draw * totalCount)
                if draw % stageDraws == stageDraws - 1 || draw == draws - 1 {
                    flushStage(first: draw - draw % stageDraws, count: draw % stageDraws + 1)
                }
            }
        }

        // Regions sum the draws before the samples are sorted below.
        for (offset, area) in block.enumerated() {
            regionTotals.add(area: area, samples: samples + offset * years * kept * draws)
        }
        var quantiles: [AreaQuantiles] = []
        // Exact P10/P50/P90 by selection of the order statistics they need (`QuantileSelection`).
        let selection = QuantileSelection(count: draws, fractions: [0.1, 0.5, 0.9])
        for offset in 0..<width {
            let area = block[offset]
            var values = [Double](repeating: 0, count: years * columns * 3)
            var met = [Double](repeating: 0, count: years * 2 * measureCount)
            for y in 0..<years {
                let supply = plan.supply[area][y]
                for k in 0..<kept {
                    let start = ((offset * years + y) * kept + k) * draws
                    let slice = UnsafeMutableBufferPointer(start: samples + start, count: draws)
                    selection.select(slice)
                    for q in 0..<3 {
                        values[(y * columns + k) * 3 + q] = selection.quantile(slice, q)
                    }
                    let demandIndex = k - OutputColumns.demandStandard
                    guard demandIndex >= 0, demandIndex < 2 * measureCount else { continue }
                    let measureIndex = demandIndex % measureCount
                    let s = supply[OutputColumns.measures[measureIndex]]
                    let shortfallColumn = OutputColumns.shortfallStandard + demandIndex
                    for q in 0..<3 {
                        values[(y * columns + shortfallColumn) * 3 + q] = selection.quantile(slice, q) { max(0, $0 - s) }
                    }
                    // The draws with no shortfall, counted (a sort would have put them first).
                    var noShortfall = 0
                    for d in 0..<draws { noShortfall += slice[d] - s > 1e-9 ? 0 : 1 }
                    met[y * 2 * measureCount + demandIndex] = Double(noShortfall) / Double(draws)
                }
                for (i, measure) in OutputColumns.measures.enumerated() {
                    for q in 0..<3 { values[(y * columns + OutputColumns.supply + i) * 3 + q] = supply[measure] }
                }
            }
            let kept = Array(UnsafeBufferPointer(start: central + offset * centralStride, count: centralStride))
            quantiles.append(AreaQuantiles(values: values, metShare: met, central: kept))
        }
        return BlockOutput(areas: block, quantiles: quantiles)
    }
}

/// Quantiles of sorted samples by GSL's rule (gsl_stats_quantile_from_sorted_data): linear
/// interpolation at (n − 1) × f. Inline here because it runs for every value of every area-year.
enum SortedQuantile {
    static func value(_ sorted: UnsafeBufferPointer<Double>, _ fraction: Double) -> Double {
        value(sorted, fraction) { $0 }
    }

    /// The quantile of `transform` applied to each sample; `transform` must not decrease, so the
    /// transformed samples are still sorted (shortfall = max(0, demand − supply)).
    @inline(__always)
    static func value(_ sorted: UnsafeBufferPointer<Double>, _ fraction: Double, _ transform: (Double) -> Double) -> Double {
        let n = sorted.count
        guard n > 1 else { return n == 1 ? transform(sorted[0]) : .nan }
        let position = Double(n - 1) * fraction
        let lower = Int(position.rounded(.down))
        let delta = position - Double(lower)
        guard lower + 1 < n else { return transform(sorted[n - 1]) }
        return (1 - delta) * transform(sorted[lower]) + delta * transform(sorted[lower + 1])
    }
}

/// Buffers of one size reused by a run's tasks (at most one per running task): the per-block samples,
/// and `RegionTotals`' per-area integers.
///
/// Why: a block's samples are large (16 areas × 31 years × 24 columns × 1,000 draws, 95 MB), and a fresh
/// allocation of that size is new pages from the system: page faults, zeroing and unmapping took about a
/// tenth of a national run. Each buffer is fully overwritten by its block.
final class SampleBuffers: @unchecked Sendable {
    let byteCount: Int
    private let lock = NSLock()
    private var free: [UnsafeMutableRawPointer] = []

    init(byteCount: Int) { self.byteCount = max(64, byteCount) }

    deinit { for buffer in free { buffer.deallocate() } }

    /// A buffer of `byteCount` bytes, 64-byte aligned, contents undefined.
    func take() -> UnsafeMutableRawPointer {
        lock.lock()
        let reused = free.popLast()
        lock.unlock()
        return reused ?? UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
    }

    func give(_ buffer: UnsafeMutableRawPointer) {
        lock.lock()
        free.append(buffer)
        lock.unlock()
    }
}
