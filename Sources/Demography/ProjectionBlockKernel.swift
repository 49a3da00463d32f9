import Foundation

/// The cohort-component step of `CohortComponentProjector` for one cache-sized block of areas,
/// run through ALL steps while the block's state stays in L1/L2, handing each year's cells to the
/// caller instead of storing them. The arithmetic per area is the same, operation for operation,
/// as `ProjectionKernel` (the stored path), so every value is bit-identical.
///
/// Block layout: `width` areas ("columns" 0..<width); a population is 202 rows [sex × 101 + age]
/// of `width` contiguous doubles (row stride = `width`), areas innermost, so each age of each step is
/// one vectorisable pass with one broadcast survival ratio per run of columns.
///
/// API (also meant for a later Monte Carlo layer that calls it once per draw and block):
///
/// ```swift
/// let kernel = ProjectionBlockKernel(rates: rates)              // once; rates are shared
/// let scratch = UnsafeMutablePointer<Double>.allocate(
///     capacity: ProjectionBlockKernel.scratchCount(width: 64))  // once per task, reused
/// var runs: [ProjectionBlockKernel.Run] = [.init(profile: 0, columns: 0..<64)]
/// kernel.run(width: 64, runs: runs,
///            base: basePointer, baseRowStride: areaCount,        // 202 rows, column 0 of the block
///            tfr: tfrPointer, netMigration: netPointer, rateRowStride: areaCount, // [step] rows
///            scratch: scratch) { yearIndex, cells, births in
///     // cells: 202 × width (row stride width), valid only during the call;
///     // births: width values of the step that ends in this year (nil for year index 0)
/// }
/// ```
///
/// - Per-area TFR and migration multipliers: the caller writes this draw's TFR (TFR × multiplier)
///   and net migration per step and column into its own per-block buffers and passes them as
///   `tfr` / `netMigration` with `rateRowStride = width`: the kernel only reads them.
/// - Per-area mortality multipliers: survival is broadcast per run of columns (`Run.profile`
///   indexes `rates.survivalProfiles`); a draw's mortality levels become profiles of a
///   `ProjectionRates` built once per draw set, and the caller groups its columns into runs.
/// - No allocation per call: all state lives in `scratch` (`scratchCount(width:)` doubles);
///   `runs` is the caller's array (reuse it with `removeAll(keepingCapacity:)`).
/// - Thread safety: `run` only reads `self` and writes `scratch`; give each task its own scratch.
public struct ProjectionBlockKernel: Sendable {
    /// A run of block columns sharing one survival profile.
    public struct Run: Sendable, Equatable {
        public var profile: Int
        public var columns: Range<Int>
        public init(profile: Int, columns: Range<Int>) {
            self.profile = profile
            self.columns = columns
        }
    }

    public let rates: ProjectionRates
    let fertile: ClosedRange<Int>?

    public init(rates: ProjectionRates) {
        self.rates = rates
        self.fertile = rates.fertileAges
    }

    /// Doubles of scratch that `run` needs for a block of `width` columns: two populations and two
    /// rows of per-column accumulators.
    public static func scratchCount(width: Int) -> Int {
        (2 * PopulationLayout.cellsPerArea + 2) * max(width, 1)
    }

    /// Projects the block through `rates.stepCount` steps; `emit` sees year index 0 (the base,
    /// copied in) through `stepCount`.
    public func run(width: Int, runs: [Run],
                    base: UnsafePointer<Double>, baseRowStride: Int,
                    tfr: UnsafePointer<Double>, netMigration: UnsafePointer<Double>, rateRowStride: Int,
                    scratch: UnsafeMutablePointer<Double>,
                    emit: (_ yearIndex: Int, _ cells: UnsafePointer<Double>, _ births: UnsafePointer<Double>?) -> Void) {
        guard width > 0 else { return }
        let W = width
        let ages = PopulationLayout.ageCount
        let rows = PopulationLayout.cellsPerArea
        let sexStride = ages * W
        var P = scratch
        var Q = scratch + rows * W
        let acc = scratch + 2 * rows * W
        let half = acc + W
        for row in 0..<rows {
            (P + row * W).update(from: base + row * baseRowStride, count: W)
        }
        half.update(repeating: 0, count: W)
        emit(0, UnsafePointer(P), nil)

        let hasMigration = rates.migrationVolume != .none
        let perThousand = rates.migrationVolume == .ratePerThousand
        rates.migrationShares.withUnsafeBufferPointer { migrationShares in
        rates.fertilityShares.withUnsafeBufferPointer { fertilityShares in
            for step in 0..<rates.stepCount {
                let net = netMigration + step * rateRowStride
                if hasMigration {
                    if perThousand {
                        for c in 0..<W { acc[c] = 0 }
                        for cell in 0..<rows {
                            let from = P + cell * W
                            for c in 0..<W { acc[c] += from[c] }
                        }
                        for c in 0..<W {
                            var volume = net[c]
                            volume *= acc[c] / 1000
                            half[c] = 0.5 * volume
                        }
                    } else {
                        for c in 0..<W { half[c] = 0.5 * net[c] }
                    }
                }
                let srb = rates.sexRatioAtBirth[step]
                for run in runs {
                    rates.survivalProfiles[run.profile].withUnsafeBufferPointer { profile in
                        let lo = run.columns.lowerBound, hi = run.columns.upperBound
                        for sex in 0..<2 {
                            let S = profile.baseAddress! + (step * 2 + sex) * ages
                            let source = P + sex * sexStride
                            let target = Q + sex * sexStride
                            let shares = migrationShares.baseAddress! + sex * ages
                            for x in 1..<(ages - 1) {
                                let s = S[x]
                                let from = source + (x - 1) * W
                                let to = target + x * W
                                if hasMigration {
                                    let atStart = shares[x - 1], atEnd = shares[x]
                                    for c in lo..<hi { to[c] = max(0, (from[c] + atStart * half[c]) * s + atEnd * half[c]) }
                                } else {
                                    for c in lo..<hi { to[c] = from[c] * s }
                                }
                            }
                            let s = S[ages - 1]
                            let from99 = source + (ages - 2) * W
                            let fromOpen = source + (ages - 1) * W
                            let to = target + (ages - 1) * W
                            if hasMigration {
                                let atStart = shares[ages - 2] + shares[ages - 1], atEnd = shares[ages - 1]
                                for c in lo..<hi {
                                    to[c] = max(0, (from99[c] + fromOpen[c] + atStart * half[c]) * s + atEnd * half[c])
                                }
                            } else {
                                for c in lo..<hi { to[c] = (from99[c] + fromOpen[c]) * s }
                            }
                        }
                    }
                }
                // Births on the mean of women at the start and at the end of the step.
                for c in 0..<W { acc[c] = 0 }
                if let fertile {
                    let femaleStart = P + sexStride
                    let femaleEnd = Q + sexStride
                    let femaleShares = migrationShares.baseAddress! + ages
                    for x in fertile {
                        let w = fertilityShares[step * ages + x]
                        if w == 0 { continue }
                        let start = femaleStart + x * W
                        let end = femaleEnd + x * W
                        if hasMigration {
                            let atStart = femaleShares[x]
                            for c in 0..<W { acc[c] += w * (start[c] + atStart * half[c] + end[c]) }
                        } else {
                            for c in 0..<W { acc[c] += w * (start[c] + end[c]) }
                        }
                    }
                }
                let births = acc
                let stepTFR = tfr + step * rateRowStride
                for c in 0..<W { births[c] = stepTFR[c] * acc[c] * 0.5 }
                let femaleShare = 1 / (1 + srb)
                for run in runs {
                    rates.survivalProfiles[run.profile].withUnsafeBufferPointer { profile in
                        let maleInfant = profile[(step * 2) * ages]
                        let femaleInfant = profile[(step * 2 + 1) * ages]
                        let maleEnd = migrationShares[0], femaleEnd = migrationShares[ages]
                        let maleZero = Q
                        let femaleZero = Q + sexStride
                        for c in run.columns {
                            let female = births[c] * femaleShare
                            let male = births[c] - female
                            maleZero[c] = max(0, male * maleInfant + maleEnd * half[c])
                            femaleZero[c] = max(0, female * femaleInfant + femaleEnd * half[c])
                        }
                    }
                }
                emit(step + 1, UnsafePointer(Q), UnsafePointer(births))
                swap(&P, &Q)
            }
        }
        }
    }

    /// The runs of equal profile in `profileOfColumn[range]`, as block columns (0-based), into `runs`.
    static func runs(profileOfColumn: UnsafeBufferPointer<Int>, range: Range<Int>, into runs: inout [Run]) {
        runs.removeAll(keepingCapacity: true)
        guard !range.isEmpty else { return }
        var start = range.lowerBound
        for column in range.dropFirst() where profileOfColumn[column] != profileOfColumn[start] {
            runs.append(Run(profile: profileOfColumn[start], columns: (start - range.lowerBound)..<(column - range.lowerBound)))
            start = column
        }
        runs.append(Run(profile: profileOfColumn[start], columns: (start - range.lowerBound)..<(range.upperBound - range.lowerBound)))
    }
}

/// Service ages of every area and year from `CohortComponentProjector.projectServiceAges`, in input
/// area order: `values[(area × yearCount + yearIndex) × groupCount + group]` with the groups of
/// `ServiceAgeGroup` (households included), so one area's years are contiguous for the CSV.
public struct ServiceAgeTable: Sendable {
    public static let groupCount = ServiceAgeGroup.allCases.count
    public let baseYear: Int
    public let yearCount: Int
    public let areaCount: Int
    public let values: [Double]

    public var years: ClosedRange<Int> { baseYear...(baseYear + yearCount - 1) }

    public func value(area: Int, year: Int, group: ServiceAgeGroup) -> Double {
        values[(area * yearCount + (year - baseYear)) * Self.groupCount + group.rawValue]
    }

    public func serviceAges(area: Int, year: Int) -> ServiceAges {
        precondition(years.contains(year) && area < areaCount, "serviceAges(area:year:) outside the table")
        return values.withUnsafeBufferPointer {
            ServiceAges(groupValues: $0.baseAddress! + (area * yearCount + (year - baseYear)) * Self.groupCount)
        }
    }
}

/// A buffer shared by the tasks of one projection, each writing only its own areas.
final class SharedDoubles: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    let count: Int
    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
    }
    deinit { pointer.deallocate() }
}

extension CohortComponentProjector {
    /// Default block width of the streaming path: 2 × 202 × 64 doubles = 207 KB of state, well
    /// inside L2.
    public static let defaultBlockWidth = 64

    /// Streaming projection (no cells stored): the service ages of every area and year, equal bit
    /// for bit to `project(_:)` followed by `ProjectionResult.serviceAges(area:year:)`.
    public func projectServiceAges(_ inputs: ProjectionInputs, blockWidth: Int = defaultBlockWidth) async throws -> ServiceAgeTable {
        try await projectServiceAges(base: inputs.basePopulation, rates: inputs.rates,
                                     personsPerHousehold: inputs.personsPerHousehold, blockWidth: blockWidth)
    }

    /// `personsPerHousehold[area][yearIndex]` as in `ProjectionInputs`.
    public func projectServiceAges(base: PopulationArray, rates: ProjectionRates, personsPerHousehold: [[Double]],
                                   blockWidth: Int = defaultBlockWidth) async throws -> ServiceAgeTable {
        let n = rates.areaCount
        let years = rates.stepCount + 1
        guard personsPerHousehold.count == n && personsPerHousehold.allSatisfy({ $0.count == years }) else {
            throw ProjectionInputError("persons per household need areaCount × \(years) values")
        }
        let household = Array(personsPerHousehold.joined())
        let groups = ServiceAgeTable.groupCount
        let output = SharedDoubles(count: n * years * groups)
        try await stream(base: base, rates: rates, blockWidth: blockWidth,
                         consumerScratch: groups * blockWidth) { areaOfColumn, width, yearIndex, cells, _, scratch in
            ServiceAgeAccumulator.accumulate(cells: cells, width: width, into: scratch)
            let out = output.pointer
            household.withUnsafeBufferPointer { household in
                for c in 0..<width {
                    let area = areaOfColumn[c]
                    let row = out + (area * years + yearIndex) * groups
                    for g in 0..<groups { row[g] = scratch[g * width + c] }
                    let h = ServiceAgeGroup.households.rawValue
                    row[h] = row[ServiceAgeGroup.total.rawValue] / household[area * years + yearIndex]
                }
            }
        }
        let values = [Double](UnsafeBufferPointer(start: output.pointer, count: output.count))
        return ServiceAgeTable(baseYear: rates.baseYear, yearCount: years, areaCount: n, values: values)
    }

    /// Streaming projection that also keeps every cell (option for single-year output): the same
    /// `PopulationProjection` as `project(base:rates:)`, bit for bit, written block by block.
    public func projectStreamingCells(base: PopulationArray, rates: ProjectionRates,
                                      blockWidth: Int = defaultBlockWidth) async throws -> PopulationProjection {
        let n = rates.areaCount
        let cells = PopulationLayout.cellsPerArea
        let storage = ProjectionStorage(cellCount: (rates.stepCount + 1) * cells * n, birthCount: rates.stepCount * n)
        let columnOfArea = try await stream(base: base, rates: rates, blockWidth: blockWidth,
                                            consumerScratch: 0) { areaOfColumn, width, yearIndex, block, births, _ in
            // Storage columns are the projector's columns: the block's first column is
            // columnOfArea[areaOfColumn[0]], and the block's columns are contiguous.
            let first = areaOfColumn.columnStart
            let year = storage.cells + yearIndex * cells * n
            for row in 0..<cells { (year + row * n + first).update(from: block + row * width, count: width) }
            if let births { (storage.births + (yearIndex - 1) * n + first).update(from: births, count: width) }
        }
        return PopulationProjection(baseYear: rates.baseYear, stepCount: rates.stepCount, areaCount: n,
                                    storage: storage, columnOfArea: columnOfArea)
    }

    /// The block's areas (input order) by block column, and the block's first projector column.
    struct BlockAreas {
        let pointer: UnsafePointer<Int>
        let columnStart: Int
        subscript(column: Int) -> Int { pointer[column] }
    }

    /// Runs the block kernel over all areas in blocks of `blockWidth`, split over `taskCount`
    /// tasks; `consume` sees every block-year. Returns the projector column of each area.
    @discardableResult
    func stream(base: PopulationArray, rates: ProjectionRates, blockWidth: Int, consumerScratch: Int,
                consume: @escaping @Sendable (BlockAreas, Int, Int, UnsafePointer<Double>, UnsafePointer<Double>?,
                                              UnsafeMutablePointer<Double>) -> Void) async throws -> [Int] {
        guard base.areaCount == rates.areaCount else {
            throw ProjectionInputError("base population has \(base.areaCount) areas, rates have \(rates.areaCount)")
        }
        guard base.values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw ProjectionInputError("base population must be finite and ≥ 0")
        }
        let n = rates.areaCount
        let width = max(8, blockWidth)
        // Group areas by mortality profile (stable), as the stored path does; when every area
        // already is in order (one profile, the usual case) nothing is copied.
        let profiles = rates.mortalityProfileOfArea
        let isSorted = zip(profiles, profiles.dropFirst()).allSatisfy { $0 <= $1 }
        let order = isSorted ? Array(0..<n) : (0..<n).sorted { (profiles[$0], $0) < (profiles[$1], $1) }
        var columnOfArea = [Int](repeating: 0, count: n)
        for (column, area) in order.enumerated() { columnOfArea[area] = column }
        let profileOfColumn = order.map { profiles[$0] }
        var baseValues = base.values, tfr = rates.tfr, net = rates.netMigration
        if !isSorted {
            for row in 0..<PopulationLayout.cellsPerArea {
                for (column, area) in order.enumerated() { baseValues[row * n + column] = base.values[row * n + area] }
            }
            for step in 0..<rates.stepCount {
                for (column, area) in order.enumerated() {
                    tfr[step * n + column] = rates.tfr[step * n + area]
                    net[step * n + column] = rates.netMigration[step * n + area]
                }
            }
        }
        let kernel = ProjectionBlockKernel(rates: rates)
        let blockCount = (n + width - 1) / width
        let tasks = min(taskCount, blockCount)
        let work: @Sendable (Range<Int>) -> Void = { [baseValues, tfr, net] blocks in
            let kernelScratch = ProjectionBlockKernel.scratchCount(width: width)
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: kernelScratch + max(consumerScratch, 1))
            defer { scratch.deallocate() }
            var runs: [ProjectionBlockKernel.Run] = []
            runs.reserveCapacity(8)
            baseValues.withUnsafeBufferPointer { baseValues in
            tfr.withUnsafeBufferPointer { tfr in
            net.withUnsafeBufferPointer { net in
            order.withUnsafeBufferPointer { order in
            profileOfColumn.withUnsafeBufferPointer { profileOfColumn in
                for block in blocks {
                    let lo = block * width, hi = min(n, lo + width)
                    ProjectionBlockKernel.runs(profileOfColumn: profileOfColumn, range: lo..<hi, into: &runs)
                    let areas = BlockAreas(pointer: order.baseAddress! + lo, columnStart: lo)
                    kernel.run(width: hi - lo, runs: runs,
                               base: baseValues.baseAddress! + lo, baseRowStride: n,
                               tfr: tfr.baseAddress! + lo, netMigration: net.baseAddress! + lo, rateRowStride: n,
                               scratch: scratch) { yearIndex, cells, births in
                        consume(areas, hi - lo, yearIndex, cells, births, scratch + kernelScratch)
                    }
                }
            }
            }
            }
            }
            }
        }
        if tasks <= 1 {
            work(0..<blockCount)
        } else {
            await withTaskGroup(of: Void.self) { group in
                for t in 0..<tasks {
                    let blocks = (blockCount * t / tasks)..<(blockCount * (t + 1) / tasks)
                    group.addTask { work(blocks) }
                }
            }
        }
        return columnOfArea
    }
}

/// Sums a block-year's cells into the `ServiceAgeGroup` values, per column, in the order of
/// `ServiceAges.init(bothSexes:personsPerHousehold:)` (from 0, ages ascending), so values are
/// bit-identical. Households are left to the caller (they need the area's household size).
enum ServiceAgeAccumulator {
    /// Group indices (as accumulated sums) per age, ascending.
    static let sumsOfAge: [[Int]] = (0...PopulationLayout.openAge).map { age in
        ServiceAgeGroup.allCases.filter { group in
            guard let range = group.ages, range.count > 1 else { return false }
            return range.contains(age)
        }.map(\.rawValue)
    }

    /// `out`: groupCount × width, row g = group g.
    static func accumulate(cells: UnsafePointer<Double>, width W: Int, into out: UnsafeMutablePointer<Double>) {
        let ages = PopulationLayout.ageCount
        let female = cells + ages * W
        for g in 0..<ServiceAgeTable.groupCount { (out + g * W).update(repeating: 0, count: W) }
        sumsOfAge.withUnsafeBufferPointer { sumsOfAge in
            for age in 0..<ages {
                let m = cells + age * W, f = female + age * W
                for g in sumsOfAge[age] {
                    let row = out + g * W
                    for c in 0..<W { row[c] += m[c] + f[c] }
                }
            }
        }
        let six = out + ServiceAgeGroup.months6to12.rawValue * W
        let twelve = out + ServiceAgeGroup.months12to24.rawValue * W
        let twentyFour = out + ServiceAgeGroup.months24to36.rawValue * W
        for c in 0..<W {
            six[c] = 0.5 * (cells[c] + female[c])
            twelve[c] = cells[W + c] + female[W + c]
            twentyFour[c] = cells[2 * W + c] + female[2 * W + c]
        }
    }
}
