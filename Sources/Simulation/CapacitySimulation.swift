import CSurvival
import Demography
import Foundation
import Planning
import Scenario

/// Runs a capacity plan: projects each area's draws together (`simulate(area:...)`), turns the
/// population into demand, compares it with supply, and keeps P10/P50/P90 of every value, the per-draw totals over
/// all areas (for target probabilities), the quantiles of the per-draw sums of each prefecture and
/// province of the run (`RunRegions`, `RegionTotals`), and how often each area meets each standard.
///
/// Reproducibility: deviations depend on the seed and the area's code only (`DrawDeviations`), each
/// area's projection column is computed on its own, and totals over areas are summed in fixed point
/// (integers add associatively and commutatively), so neither the order of `areas` nor `--jobs`
/// changes a byte.
package struct CapacitySimulation: Sendable {
    /// Draws of one area projected together (the kernel's columns): they share the area's survival
    /// ratios, and 32 draws' state (3 × 202 cells × 32 × 8 B, about 155 KB) stays in L2 for all years.
    /// Each draw is its own column, so the number changes no value.
    package static let drawsPerKernelRun = 32
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
    /// How the order statistics are found (`QuantileMethod`; tests sort to check the selections).
    package let quantileMethod: QuantileMethod

    package init(plan: CapacityPlan, everyCentralYear: Bool = false, quantileMethod: QuantileMethod = .selection) {
        self.plan = plan
        self.quantileMethod = quantileMethod
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

    package func run(jobs: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Result {
        let part = try await simulate(areas: nil, jobs: jobs, progress: progress)
        part.totals.finish(scale: Self.fixedPointScale)
        return Result(plan: plan, draws: draws, areas: part.quantiles.map { $0! },
                      totals: part.totals, regions: part.regions, regionValues: part.regionTotals.finished(),
                      peakOpenRegions: part.regionTotals.peakOpen, columnCount: OutputColumns.count, centralYears: centralYears)
    }

    /// The plan's area indexes that shard `shard` simulates (`RunShard.split`).
    package func areas(of shard: RunShard) -> [Int] {
        RunShard.split(areas: plan.inputs.areas, regions: RunRegions(areas: plan.inputs.areas), count: shard.count)[shard.index - 1]
    }

    /// Shard `shard.index` of `shard.count` of the run, whose areas are `areas` (`areas(of:)`): its areas'
    /// quantiles, its per-draw totals and region sums as integers, for `ShardArchive` to write and
    /// `ShardMerge` to add.
    package func run(shard: RunShard, areas: [Int], jobs: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ShardOutput {
        let part = try await simulate(areas: areas, jobs: jobs, progress: progress)
        return ShardOutput(shard: shard, areas: areas, quantiles: areas.map { part.quantiles[$0]! }, totals: part.totals,
                           regions: part.regions, regionTotals: part.regionTotals)
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

    /// Simulates `areas` (plan indexes; nil: all), one area per task, in the regions' order.
    func simulate(areas subset: [Int]?, jobs: Int, progress: (@Sendable (Int, Int) -> Void)?) async throws -> Part {
        let deviations = uncertainty.map {
            DrawDeviations(spec: $0, steps: plan.inputs.rates.stepCount, areaCodes: plan.inputs.areas.map(DrawDeviations.provinceCode))
        }
        let regions = RunRegions(areas: plan.inputs.areas)
        // Areas follow the regions' order, so each region is open only while its areas run.
        let order: [Int]
        if let subset {
            var chosen = [Bool](repeating: false, count: plan.inputs.areas.count)
            for a in subset { chosen[a] = true }
            order = regions.simulationOrder.filter { chosen[$0] }
        } else {
            order = regions.simulationOrder
        }
        let areaCount = order.count
        let totals = DrawTotals(draws: draws, years: plan.years.count)
        let regionTotals = RegionTotals(regions: regions, draws: draws, years: plan.years.count, supply: plan.supply,
                                        declared: plan.declared, simulated: subset,
                                        root: totals, quantileMethod: quantileMethod)
        let buffers = AreaBuffers(draws: draws, years: plan.years.count, totals: totals, regionTotals: regionTotals)
        var quantiles = [AreaQuantiles?](repeating: nil, count: plan.inputs.areas.count)
        var done = 0
        try await withThrowingTaskGroup(of: (Int, AreaQuantiles).self) { group in
            var next = 0
            func launch() {
                guard next < areaCount else { return }
                let area = order[next]
                next += 1
                group.addTask {
                    (area, try self.simulate(area: area, deviations: deviations, buffers: buffers))
                }
            }
            for _ in 0..<max(1, jobs) { launch() }
            while let (area, q) = try await group.next() {
                quantiles[area] = q
                done += 1
                progress?(done, areaCount)
                launch()
            }
        }
        return Part(quantiles: quantiles, totals: totals, regions: regions, regionTotals: regionTotals)
    }

    /// Columns kept per draw: the population groups and demand (supply is planned, and shortfall
    /// quantiles follow from demand's: max(0, d − s) keeps the order of d).
    static let drawnColumns = OutputColumns.supply

    /// One area's draws, through the streaming projection kernel with the draws as its columns: up to
    /// `drawsPerKernelRun` draws at once share the area's survival ratios (one broadcast per age), the
    /// state of those draws stays in cache for all years, and each year's cells become service groups and
    /// demand at once, written straight into the area's samples (one contiguous run of draws per column).
    /// The area's samples are then turned into integers once (for the run's totals and its regions) and
    /// into quantiles by selection while they are still in cache.
    func simulate(area: Int, deviations: DrawDeviations?, buffers: AreaBuffers) throws -> AreaQuantiles {
        let inputs = plan.inputs
        let rates = inputs.rates
        let n = rates.areaCount
        let years = plan.years.count
        // Year-end figures step one census moment past the horizon (`ProjectionRates.yearCount`).
        let steps = rates.stepCount
        let columns = OutputColumns.count
        let kept = Self.drawnColumns
        let measureCount = OutputColumns.measures.count
        let cells = PopulationLayout.cellsPerArea
        let ages = PopulationLayout.ageCount
        let drawn = deviations != nil
        let coefficients = plan.demand.coefficients
        let demandRows = DemandRows.Prepared(coefficients: coefficients)
        let groupTotal = inputs.groupQuarters.isEmpty ? 0 : inputs.groupQuarters.totals[area]
        let personsPerHousehold = inputs.personsPerHousehold[area]
        // Columns whose every draw is a non-decreasing function of another's (`DemandRows.followers`): their
        // order statistics come from their base's, and their draws are made again from the base's a year at a
        // time (`DemandRows.Prepared.followerRow`), not kept: the samples hold the other columns only (16 of
        // 24), a third less to write to memory and read back (an area's samples do not stay in cache).
        let followers = DemandRows.followers(coefficients: coefficients, groupQuarters: groupTotal,
                                             personsPerHousehold: personsPerHousehold)
        var slotOfColumn = [Int](repeating: -1, count: kept)
        var storedColumns: [Int] = []
        for k in 0..<kept where followers[k] == nil {
            slotOfColumn[k] = storedColumns.count
            storedColumns.append(k)
        }
        let stored = storedColumns.count
        // Rows of a chunk's year that only followers read are not made there (demand, households): the followers
        // are made again from their bases a year at a time.
        let demandFollowersMadeAgain = DemandRows.demandFollowerColumns.allSatisfy { followers[$0] != nil }
        let householdsMadeAgain = followers[OutputColumns.population + ServiceGroups.groupCount - 1] != nil
        let storedRows = UnsafeMutablePointer<Int>.allocate(capacity: max(1, stored))
        storedRows.initialize(from: storedColumns, count: stored)
        defer { storedRows.deallocate() }
        // samples[(y × stored + slot) × draws + d] for the stored columns; every sample is written, so a reused
        // buffer needs no clearing.
        let samplesMemory = buffers.samples.take()
        defer { buffers.samples.give(samplesMemory) }
        let samples = samplesMemory.bindMemory(to: Double.self, capacity: years * stored * draws)
        let chunk = max(1, min(Self.drawsPerKernelRun, draws))
        let kernel = ProjectionBlockKernel(rates: rates)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: chunk))
        defer { scratch.deallocate() }
        let profile = rates.mortalityProfileOfArea[area]
        // The seed of the area's draws' streams (`DrawDeviations.stream(forArea:draw:)`).
        let areaSeed = deviations.map { $0.areaSeed(forArea: inputs.areas[area].key) }
        // Per step (and sex) rows of `chunk` columns, one per draw of the chunk.
        // Raw buffers, not arrays: every draw writes a few hundred values into them, and an array captured by
        // `project` pays an exclusivity, uniqueness and bounds check on each.
        func buffer(_ count: Int, _ value: Double) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
            p.initialize(repeating: value, count: max(1, count))
            return p
        }
        let tfr = buffer(steps * chunk, 0), net = buffer(steps * chunk, 0), extraMigration = buffer(steps * chunk, 0)
        let mortality = buffer(steps * 2 * chunk, 1)
        // [year × chunk + column]: each year's behaviours drift (factors of enrolment and institutional care).
        let enrolment = buffer(years * chunk, 1), institutionalCare = buffer(years * chunk, 1)
        // A chunk's year, every drawn column [k × chunk + column], before the stored columns go to the samples.
        let chunkYear = buffer(kept * chunk, 0)
        // The draws' base population (202 rows × chunk): the census, with ages 0-4 raised by each draw's
        // under-count (the only rows a draw changes, `project`).
        let census = (0..<cells).map { inputs.basePopulation.values[$0 * n + area] }
        let base = buffer(cells * chunk, 0)
        for row in 0..<cells { for c in 0..<chunk { base[row * chunk + c] = census[row] } }
        defer {
            for p in [tfr, net, extraMigration, mortality, enrolment, institutionalCare, base, chunkYear] { p.deallocate() }
        }
        let undercountRows: [Int] = [0, 1, 2, 3, 4].flatMap { [$0, ages + $0] }

        let response = rates.e0PerLogMortality
        // Years of e0 per unit of log mortality by step and sex (`rates.e0PerLogMortality` of the area's profile).
        let e0Response = buffer(2 * steps, Self.e0PerLogMortalityFallback)
        if !response.isEmpty { e0Response.update(from: response[profile], count: 2 * steps) }
        let tfrOfArea = buffer(steps, 0), netOfArea = buffer(steps, 0)
        for step in 0..<steps {
            tfrOfArea[step] = rates.tfr[step * n + area]
            netOfArea[step] = rates.netMigration[step * n + area]
        }
        // A chunk's own normals ([k × width + draw]) and its draws' under-count factors.
        let normalsPerDraw = DrawDeviations.normalsPerDraw(steps: steps)
        let ownNormals = buffer(drawn ? normalsPerDraw * chunk : 0, 0), undercount = buffer(chunk, 1)
        defer { for p in [e0Response, tfrOfArea, netOfArea, ownNormals, undercount] { p.deallocate() } }
        let mobility = plan.mobility.isEmpty ? 0 : plan.mobility[area]
        let provinceNormals = deviations?.provinceNormals(code: DrawDeviations.provinceCode(of: inputs.areas[area]))
        let runs = [ProjectionBlockKernel.Run(profile: profile, columns: 0..<chunk)]
        let groupQuarters = inputs.groupQuarters
        // The area's group-quarters population (202 cells), and its service groups, which every year adds
        // to the households' (the kernel hands out the households alone at the census moments).
        var groupCells = [Double](repeating: 0, count: cells)
        if !groupQuarters.isEmpty {
            for row in 0..<cells { groupCells[row] = groupQuarters.population.values[row * n + area] }
        }
        let groupCount = ServiceGroups.groupCount
        // Rows [group × chunk + column]: the groups of the moments either side of a year-end, by the moment's
        // parity (moment m's in groupsOfMoment[m % 2]). Not two `var`s swapped at each moment: captured by the
        // kernel's callback, each access paid a dynamic exclusivity check.
        let groupsOfMoment = (buffer(groupCount * chunk, 0), buffer(groupCount * chunk, 0))
        let ones = buffer(chunk, 1), zeros = buffer(chunk, 0)
        // The service groups' age bands of each step's end, written by the kernel's women's pass (6 rows of chunk).
        let bands = buffer(6 * chunk, 0)
        // The group quarters' own groups (added to every year's households' groups).
        let groupOfGroupPointer = buffer(groupCount, 0)
        defer { for p in [groupsOfMoment.0, groupsOfMoment.1, ones, zeros, bands, groupOfGroupPointer] { p.deallocate() } }
        groupCells.withUnsafeBufferPointer { g in
            ServiceGroups.fill(cells: g.baseAddress!, width: 1, personsPerHousehold: ones, groupQuarters: zeros, into: groupOfGroupPointer)
        }
        // Year-ends between census moments (weight w), or the moments themselves.
        let interpolation = rates.interpolationWeight
        precondition(years == (interpolation == nil ? steps + 1 : steps), "years \(years) do not match \(steps) projection steps")
        // Column 0's household cells at the previous moment, for the central path's year-ends.
        var previousCentral = [Double](repeating: 0, count: cells)
        // The central path (no deviations) by single year of age in `centralYears`: draw 0 of a
        // deterministic run, or one pass of its own after the draws (it reads no random numbers).
        let centralStride = centralYears.count * 2 * ages
        var slotOfYear = [Int](repeating: -1, count: years)
        for (slot, y) in centralYears.enumerated() { slotOfYear[y] = slot }
        var central = [Double](repeating: 0, count: max(1, centralStride))

        /// Projects draws `first..<first + width` (or, `centralOnly`, the central path alone, width 1), their
        /// deviations from `kernelSpec` (`DrawDeviations.withKernelSpec`).
        func project(first: Int, width: Int, centralOnly: Bool, kernelSpec: UnsafePointer<carecap_deviation_spec>?) {
            var additive = false
            if !centralOnly, let kernelSpec, let areaSeed {
                // The chunk's own normals, draw first + c's stream in column c of rows k (in the order
                // `DrawDeviations.next` reads them; eight streams at once, `carecap_stream_normals`), then every
                // draw's rows at once: `next`'s numbers, the same bits (`carecap_draw_deviations`).
                carecap_stream_normals(areaSeed, UInt64(first), width, ownNormals, normalsPerDraw, width)
                var rows = carecap_draw_rows(tfr: tfr, netMigration: net, extraMigration: extraMigration, mortality: mortality,
                                             enrolment: enrolment, institutionalCare: institutionalCare, undercount: undercount)
                var paths = carecap_area_paths(tfr: tfrOfArea, netMigration: netOfArea, e0Response: e0Response)
                additive = carecap_draw_deviations(kernelSpec, &paths, ownNormals, first, width, years, &rows) != 0
                for c in 0..<width {
                    for row in undercountRows { base[row * chunk + c] = census[row] * undercount[c] }
                }
            } else {
                let d = AreaDeviation.central(steps: steps)
                for c in 0..<width {
                    for step in 0..<steps {
                        tfr[step * width + c] = tfrOfArea[step] * d.tfrFactor[step]
                        net[step * width + c] = netOfArea[step] * d.migrationScale
                        extraMigration[step * width + c] = d.migrationPerThousand[step]
                        for sex in 0..<2 {
                            // Δe0 years = R · Δ(−log m), R from this step's life table of the sex.
                            // (the exponential is taken below for the whole chunk, `carecap_exp`)
                            mortality[(step * 2 + sex) * width + c] = -d.e0Shift[step] / e0Response[step * 2 + sex]
                        }
                    }
                    for y in 0..<years {
                        enrolment[y * width + c] = d.enrolmentFactor[y]
                        institutionalCare[y * width + c] = d.institutionalCareFactor[y]
                    }
                    for row in undercountRows { base[row * chunk + c] = census[row] * d.undercountFactor }
                }
                carecap_exp(mortality, mortality, steps * 2 * width)
            }
            let perturbed = drawn && !centralOnly
            let keepsCentral = centralOnly || !drawn
            var runs = runs
            runs[0].columns = 0..<width
            groupCells.withUnsafeBufferPointer { groupCells in
            previousCentral.withUnsafeMutableBufferPointer { previousCentral in
            central.withUnsafeMutableBufferPointer { central in
                kernel.run(width: width, runs: runs, base: base, baseRowStride: chunk,
                           tfr: tfr, netMigration: net, rateRowStride: width,
                           scratch: scratch, mortalityFactor: perturbed ? UnsafePointer(mortality) : nil,
                           mortalityStepStride: 2 * width, mortalitySexStride: width,
                           migrationRatePerThousand: perturbed && additive ? UnsafePointer(extraMigration) : nil,
                           emitStepMoments: true, femaleBands: perturbed ? bands : nil) { moment, state, _ in
                    // The year this moment completes: the year-end between it and the one before, or itself.
                    let y = interpolation == nil ? moment : moment - 1
                    if keepsCentral {
                        // Single years of age as the kernel's own year-ends would give them: a + w × (b − a)
                        // + the group, or the moment + the group (the same operations, the same bits).
                        if y >= 0, slotOfYear[y] >= 0 {
                            let into = central.baseAddress! + slotOfYear[y] * 2 * ages
                            if let w = interpolation {
                                for row in 0..<cells {
                                    let a = previousCentral[row]
                                    into[row] = a + w * (state[row * width] - a) + groupCells[row]
                                }
                            } else {
                                for row in 0..<cells { into[row] = state[row * width] + groupCells[row] }
                            }
                        }
                        if interpolation != nil { for row in 0..<cells { previousCentral[row] = state[row * width] } }
                    }
                    if centralOnly { return }
                    let later = moment % 2 == 0 ? groupsOfMoment.0 : groupsOfMoment.1
                    let earlier = moment % 2 == 0 ? groupsOfMoment.1 : groupsOfMoment.0
                    // The moment's groups for every draw at once (vectorised; households are filled below): after a
                    // step of the draws, from the age bands the women's survival pass summed (the same bits).
                    if perturbed && moment > 0 {
                        carecap_service_groups_from_bands(later, state, bands, ones, zeros, width)
                    } else {
                        ServiceGroups.fill(cells: state, width: width, personsPerHousehold: ones, groupQuarters: zeros, into: later)
                    }
                    guard y >= 0 else { return }
                    // The chunk's year, every drawn column [k × width + column]: the groups (interpolated, plus the
                    // group quarters'), households, then demand for every draw at once; then the stored columns
                    // into the samples, whose rows [slot × draws + draw] hold this chunk's draws at `first`.
                    // (in C, `carecap_year_groups`: the operations of `ServiceGroups.households` and of the
                    // interpolation a + w × (b − a) + the group quarters', in the same order.)
                    carecap_year_groups(chunkYear, width, earlier, later, interpolation == nil ? 0 : 1, interpolation ?? 0,
                                        groupOfGroupPointer, ServiceGroups.groupCount - 1, OutputColumns.totalResidents,
                                        groupTotal, personsPerHousehold[y], householdsMadeAgain ? 0 : 1, width)
                    demandRows.fill(rows: chunkYear, stride: width, width: width, enrolment: enrolment + y * width,
                                    institutionalCare: institutionalCare + y * width, followersMadeAgain: demandFollowersMadeAgain)
                    carecap_copy_rows(samples + y * stored * draws + first, draws, chunkYear, width, storedRows, stored, width)
                }
            }
            }
            }
        }

        func projectDraws(_ kernelSpec: UnsafePointer<carecap_deviation_spec>?) {
            for first in stride(from: 0, to: draws, by: chunk) {
                project(first: first, width: min(chunk, draws - first), centralOnly: false, kernelSpec: kernelSpec)
            }
        }
        if let deviations {
            deviations.withKernelSpec(province: provinceNormals, mobility: mobility, projectDraws)
            project(first: 0, width: 1, centralOnly: true, kernelSpec: nil)
        } else {
            projectDraws(nil)
        }

        // Then a year at a time: the year's samples (192 KB at 1,000 draws) are read from memory once, turned
        // into integers for the run's per-draw totals and its regions (before the selection reorders them),
        // and selected while they are still in cache. (Integers of every year first, then every year's
        // selection, read the area's 6 MB of samples from memory twice.)
        let integersMemory = buffers.integers.take()
        defer { buffers.integers.give(integersMemory) }
        // The year's followers [k × draws + draw] (rows of the other columns unused), made again from their bases.
        let yearMemory = buffers.year.take()
        defer { buffers.year.give(yearMemory) }
        let followerSamples = yearMemory.bindMemory(to: Double.self, capacity: kept * draws)
        // Column k's draws this year: in the samples, or among the followers.
        let columnOfYear = UnsafeMutablePointer<UnsafeMutablePointer<Double>>.allocate(capacity: kept)
        defer { columnOfYear.deallocate() }
        let integers = integersMemory.bindMemory(to: Int64.self, capacity: RegionTotals.heldColumns * draws)
        let supplyOfArea = plan.supply[area]
        // The area's planned supply in fixed point, [year × measures + measure], added to the totals once.
        var supplyFixed = [Int64](repeating: 0, count: years * measureCount)
        // The regions this area adds to, opened once (`RegionTotals.open(area:)`).
        let regionTargets = buffers.regionTotals.open(area: area)
        // An area that gives no supply makes every shortfall of its regions and of the total unknown:
        // its shortfall is neither converted nor added.
        let shortfall = !plan.declared[area].isEmpty
        // Exact P10/P50/P90 from the order statistics they need, found in windows predicted from the year
        // before or by selection (`PredictedSelection`): statistics[k × ranks + i] of column k this year.
        var predicted = PredictedSelection(count: draws, fractions: [0.1, 0.5, 0.9], columns: kept, method: quantileMethod)
        defer { predicted.deallocate() }
        let selection = predicted.selection
        let rankCount = selection.ranks.count
        var statistics = [Double](repeating: 0, count: kept * rankCount)
        var values = [Double](repeating: 0, count: years * columns * 3)
        var met = [Double](repeating: 0, count: years * 2 * measureCount)
        for y in 0..<years {
            for k in 0..<kept {
                if let follower = followers[k] {
                    // A base is a stored column of a lower index (`DemandRows.followers`), so it is already placed.
                    columnOfYear[k] = followerSamples + k * draws
                    demandRows.followerRow(follower, into: columnOfYear[k], base: columnOfYear[follower.base],
                                           groupQuarters: groupTotal, personsPerHousehold: personsPerHousehold[y], width: draws)
                } else {
                    columnOfYear[k] = samples + (y * stored + slotOfColumn[k]) * draws
                }
            }
            for (i, measure) in OutputColumns.measures.enumerated() {
                supplyFixed[y * measureCount + i] = Int64((supplyOfArea[y][measure] * Self.fixedPointScale).rounded(.toNearestOrEven))
            }
            if buffers.regionTotals.areaReachesTotals[area] {
                // The totals get the area through its province (or prefecture) when that completes: its
                // integers go only to its regions, converted as they are added.
                buffers.regionTotals.addConverting(regionTargets, year: y, column: { UnsafePointer(columnOfYear[$0]) },
                                                   supplyOfYear: supplyOfArea[y], shortfall: shortfall)
            } else {
                RegionTotals.storeIntegers(column: { UnsafePointer(columnOfYear[$0]) }, supplyOfYear: supplyOfArea[y], draws: draws,
                                           shortfall: shortfall, into: integers)
                buffers.totals.add(heldIntegers: integers, year: y, shortfall: shortfall)
                buffers.regionTotals.add(regionTargets, year: y, integers: integers, shortfall: shortfall)
            }

            let supply = supplyOfArea[y]
            statistics.withUnsafeMutableBufferPointer { statistics in
                for k in 0..<kept {
                    let slice = UnsafeMutableBufferPointer(start: columnOfYear[k], count: draws)
                    let ordered: UnsafeMutablePointer<Double>
                    let value: (Double) -> Double
                    if let follower = followers[k] {
                        ordered = statistics.baseAddress! + follower.base * rankCount
                        value = { follower.value($0, y) }
                    } else {
                        ordered = statistics.baseAddress! + k * rankCount
                        predicted.orderStatistics(column: k, of: slice, into: ordered)
                        value = { $0 }
                    }
                    for q in 0..<3 {
                        values[(y * columns + k) * 3 + q] = selection.quantile(statistics: ordered, q, value)
                    }
                    let demandIndex = k - OutputColumns.demandStandard
                    guard demandIndex >= 0, demandIndex < 2 * measureCount else { continue }
                    let s = supply[OutputColumns.measures[demandIndex % measureCount]]
                    let shortfallColumn = OutputColumns.shortfallStandard + demandIndex
                    for q in 0..<3 {
                        values[(y * columns + shortfallColumn) * 3 + q] = selection.quantile(statistics: ordered, q) { max(0, value($0) - s) }
                    }
                    // The draws with no shortfall, counted over the column's own samples (in any order).
                    let noShortfall = carecap_count_met(slice.baseAddress!, s, draws)
                    met[y * 2 * measureCount + demandIndex] = Double(noShortfall) / Double(draws)
                }
            }
            for (i, measure) in OutputColumns.measures.enumerated() {
                for q in 0..<3 { values[(y * columns + OutputColumns.supply + i) * 3 + q] = supply[measure] }
            }
        }
        buffers.totals.add(supplyOfYears: supplyFixed)
        buffers.regionTotals.finish(area: area)

        return AreaQuantiles(values: values, metShare: met, central: central)
    }

    /// What a task reuses from one area to the next, and the run's shared sums it adds to.
    struct AreaBuffers: Sendable {
        /// One area's samples, years × drawn columns × draws doubles (at most: the followers are not kept).
        let samples: SampleBuffers
        /// One year of an area's followers (`DemandRows.followers`), drawn columns × draws doubles.
        let year: SampleBuffers
        /// One year of an area's integers, `RegionTotals.heldColumns` × draws.
        let integers: SampleBuffers
        let totals: DrawTotals
        let regionTotals: RegionTotals

        init(draws: Int, years: Int, totals: DrawTotals, regionTotals: RegionTotals) {
            let d = max(1, draws)
            samples = SampleBuffers(byteCount: years * CapacitySimulation.drawnColumns * d * MemoryLayout<Double>.stride)
            year = SampleBuffers(byteCount: CapacitySimulation.drawnColumns * d * MemoryLayout<Double>.stride)
            integers = SampleBuffers(byteCount: RegionTotals.heldColumns * d * MemoryLayout<Int64>.stride)
            self.totals = totals
            self.regionTotals = regionTotals
        }
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

/// Buffers of one size reused by a run's tasks (at most one per running task): an area's samples and
/// its integers.
///
/// Why: an area's samples are large (31 years × 24 columns × 1,000 draws, 6 MB), and a fresh allocation
/// of that size is new pages from the system: page faults, zeroing and unmapping took about a tenth of a
/// national run. Each buffer is fully overwritten by its area.
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
