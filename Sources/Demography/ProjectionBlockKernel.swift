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
/// - Per-area mortality multipliers: `mortalityFactor` (one value per column, or nil) multiplies the
///   death probability 1 − S of every age, S' = max(0, 1 − (1 − S)·m), a proportional shift of the
///   level of mortality; nil keeps the profile's ratios exactly. Otherwise survival is broadcast per run of columns (`Run.profile`
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
                    mortalityFactor: UnsafePointer<Double>? = nil,
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
                                if let m = mortalityFactor {
                                    // A draw's mortality level: death probabilities × m per column.
                                    let q = 1 - s
                                    if hasMigration {
                                        let atStart = shares[x - 1], atEnd = shares[x]
                                        for c in lo..<hi { to[c] = max(0, (from[c] + atStart * half[c]) * max(0, 1 - q * m[c]) + atEnd * half[c]) }
                                    } else {
                                        for c in lo..<hi { to[c] = from[c] * max(0, 1 - q * m[c]) }
                                    }
                                } else if hasMigration {
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
                            if let m = mortalityFactor {
                                let q = 1 - s
                                let atStart = shares[ages - 2] + shares[ages - 1], atEnd = shares[ages - 1]
                                for c in lo..<hi {
                                    let sc = max(0, 1 - q * m[c])
                                    to[c] = hasMigration
                                        ? max(0, (from99[c] + fromOpen[c] + atStart * half[c]) * sc + atEnd * half[c])
                                        : (from99[c] + fromOpen[c]) * sc
                                }
                            } else if hasMigration {
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
                        if let m = mortalityFactor {
                            for c in run.columns {
                                let female = births[c] * femaleShare
                                let male = births[c] - female
                                let maleSurvival = max(0, 1 - (1 - maleInfant) * m[c])
                                let femaleSurvival = max(0, 1 - (1 - femaleInfant) * m[c])
                                maleZero[c] = max(0, male * maleSurvival + maleEnd * half[c])
                                femaleZero[c] = max(0, female * femaleSurvival + femaleEnd * half[c])
                            }
                        } else {
                            for c in run.columns {
                                let female = births[c] * femaleShare
                                let male = births[c] - female
                                maleZero[c] = max(0, male * maleInfant + maleEnd * half[c])
                                femaleZero[c] = max(0, female * femaleInfant + femaleEnd * half[c])
                            }
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

/// Service ages of every area and year from `CohortComponentProjector.projectServiceAges`: value
/// `(yearIndex × groupCount + group) × areaCount + column` with the groups of `ServiceAgeGroup`
/// (households included) and areas innermost in projector column order (`columnOfArea`), so each
/// block of areas stores whole vectors per group and year. Pass a table back with
/// `projectServiceAges(_:into:)` to reuse its storage (no allocation).
public struct ServiceAgeTable: Sendable {
    public static let groupCount = ServiceAgeGroup.allCases.count
    public private(set) var baseYear: Int
    public private(set) var yearCount: Int
    public private(set) var areaCount: Int
    /// Column of each area (input order) in the storage.
    public private(set) var columnOfArea: [Int]
    var storage: SharedDoubles

    /// An empty table, to be filled by `projectServiceAges(_:into:)`.
    public init() {
        baseYear = 0
        yearCount = 0
        areaCount = 0
        columnOfArea = []
        storage = SharedDoubles(count: 0)
    }

    public var years: ClosedRange<Int> { baseYear...(baseYear + max(yearCount, 1) - 1) }

    @inline(__always)
    func index(area: Int, yearIndex: Int, group: Int) -> Int {
        (yearIndex * Self.groupCount + group) * areaCount + columnOfArea[area]
    }

    public func value(area: Int, year: Int, group: ServiceAgeGroup) -> Double {
        precondition(years.contains(year) && area < areaCount, "value(area:year:group:) outside the table")
        return storage.pointer[index(area: area, yearIndex: year - baseYear, group: group.rawValue)]
    }

    public func serviceAges(area: Int, year: Int) -> ServiceAges {
        precondition(years.contains(year) && area < areaCount, "serviceAges(area:year:) outside the table")
        var values = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        return withUnsafeMutableBytes(of: &values) { raw in
            let v = raw.baseAddress!.assumingMemoryBound(to: Double.self)
            for g in 0..<Self.groupCount { v[g] = storage.pointer[index(area: area, yearIndex: year - baseYear, group: g)] }
            return ServiceAges(groupValues: v)
        }
    }

    /// Shapes the table, keeping its storage when it is the right size and not shared.
    mutating func prepare(baseYear: Int, yearCount: Int, columnOfArea: [Int]) {
        let count = yearCount * columnOfArea.count * Self.groupCount
        if !(isKnownUniquelyReferenced(&storage) && storage.count == count) { storage = SharedDoubles(count: count) }
        self.baseYear = baseYear
        self.yearCount = yearCount
        self.areaCount = columnOfArea.count
        if self.columnOfArea != columnOfArea { self.columnOfArea = columnOfArea }
    }
}

/// Population by year, sex, age group and area from the streaming projection: value
/// `((yearIndex × 2 + sex) × groupCount + group) × areaCount + column` (projector column order,
/// `columnOfArea`), each group the sum (from 0, ages ascending) of single ages
/// `groupStarts[g] ..< groupStarts[g + 1]` (the last to 100+). With `groupStarts` = 0...100 these
/// are the single-year cells themselves.
public struct PopulationGroupTable: Sendable {
    public private(set) var baseYear: Int
    public private(set) var yearCount: Int
    public private(set) var areaCount: Int
    public private(set) var groupStarts: [Int]
    public private(set) var columnOfArea: [Int]
    var storage: SharedDoubles

    public init() {
        baseYear = 0
        yearCount = 0
        areaCount = 0
        groupStarts = []
        columnOfArea = []
        storage = SharedDoubles(count: 0)
    }

    public var years: ClosedRange<Int> { baseYear...(baseYear + max(yearCount, 1) - 1) }
    public var groupCount: Int { groupStarts.count }

    public static let fiveYearStarts = Array(stride(from: 0, through: 100, by: 5))
    public static let singleYearStarts = Array(0...100)

    /// Population of group `group` (index into `groupStarts`).
    public func population(area: Int, year: Int, sex: Sex, group: Int) -> Double {
        precondition(years.contains(year) && area < areaCount && group < groupCount, "population(area:year:sex:group:) outside the table")
        return storage.pointer[(((year - baseYear) * 2 + sex.rawValue) * groupCount + group) * areaCount + columnOfArea[area]]
    }

    mutating func prepare(baseYear: Int, yearCount: Int, columnOfArea: [Int], groupStarts: [Int]) {
        let count = yearCount * columnOfArea.count * 2 * groupStarts.count
        if !(isKnownUniquelyReferenced(&storage) && storage.count == count) { storage = SharedDoubles(count: count) }
        self.baseYear = baseYear
        self.yearCount = yearCount
        self.areaCount = columnOfArea.count
        self.groupStarts = groupStarts
        if self.columnOfArea != columnOfArea { self.columnOfArea = columnOfArea }
    }

    /// Sums a block-year's cells into the block's columns of each group row.
    static func accumulate(cells: UnsafePointer<Double>, width W: Int, yearIndex: Int, areaCount n: Int,
                           columnStart: Int, bounds: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Double>) {
        let groups = bounds.count - 1
        let ages = PopulationLayout.ageCount
        for sex in 0..<2 {
            for g in 0..<groups {
                let sum = out + ((yearIndex * 2 + sex) * groups + g) * n + columnStart
                for c in 0..<W { sum[c] = 0 }
                for age in bounds[g]..<bounds[g + 1] {
                    let row = cells + (sex * ages + age) * W
                    for c in 0..<W { sum[c] += row[c] }
                }
            }
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

    /// As `projectServiceAges(_:)`, into `table`, whose storage is reused when it has the same
    /// shape and is not shared (no allocation for the output; e.g. once per Monte Carlo draw).
    public func projectServiceAges(_ inputs: ProjectionInputs, into table: inout ServiceAgeTable,
                                   blockWidth: Int = defaultBlockWidth) async throws {
        try await projectServiceAges(base: inputs.basePopulation, rates: inputs.rates,
                                     personsPerHousehold: inputs.personsPerHousehold, into: &table, blockWidth: blockWidth)
    }

    /// `personsPerHousehold[area][yearIndex]` as in `ProjectionInputs`.
    public func projectServiceAges(base: PopulationArray, rates: ProjectionRates, personsPerHousehold: [[Double]],
                                   blockWidth: Int = defaultBlockWidth) async throws -> ServiceAgeTable {
        var table = ServiceAgeTable()
        try await projectServiceAges(base: base, rates: rates, personsPerHousehold: personsPerHousehold,
                                     into: &table, blockWidth: blockWidth)
        return table
    }

    public func projectServiceAges(base: PopulationArray, rates: ProjectionRates, personsPerHousehold: [[Double]],
                                   into table: inout ServiceAgeTable, blockWidth: Int = defaultBlockWidth) async throws {
        let n = rates.areaCount
        let years = rates.stepCount + 1
        guard personsPerHousehold.count == n && personsPerHousehold.allSatisfy({ $0.count == years }) else {
            throw ProjectionInputError("persons per household need areaCount × \(years) values")
        }
        table.prepare(baseYear: rates.baseYear, yearCount: years, columnOfArea: Self.columnOfArea(rates))
        let output = table.storage
        try await stream(base: base, rates: rates, blockWidth: blockWidth,
                         consumerScratchPerColumn: 0) { areaOfColumn, width, yearIndex, cells, _, _ in
            ServiceAgeAccumulator.accumulate(cells: cells, width: width, yearIndex: yearIndex, areaCount: n,
                                             areas: areaOfColumn, household: personsPerHousehold, into: output.pointer)
        }
    }

    /// One streaming pass for service ages and population by age group (`groupStarts`, e.g.
    /// `PopulationGroupTable.fiveYearStarts` or `.singleYearStarts`): what population.csv and
    /// service_ages.csv need, without storing every cell; bit-identical to the stored path.
    public func projectServiceAges(_ inputs: ProjectionInputs, into table: inout ServiceAgeTable,
                                   populationGroups groupStarts: [Int], into population: inout PopulationGroupTable,
                                   blockWidth: Int = defaultBlockWidth) async throws {
        let rates = inputs.rates, personsPerHousehold = inputs.personsPerHousehold
        let n = rates.areaCount
        let years = rates.stepCount + 1
        guard groupStarts.first == 0 && zip(groupStarts, groupStarts.dropFirst()).allSatisfy({ $0 < $1 })
                && groupStarts.last! <= PopulationLayout.openAge else {
            throw ProjectionInputError("age groups must start at 0 and increase up to 100")
        }
        let columnOfArea = Self.columnOfArea(rates)
        table.prepare(baseYear: rates.baseYear, yearCount: years, columnOfArea: columnOfArea)
        population.prepare(baseYear: rates.baseYear, yearCount: years, columnOfArea: columnOfArea, groupStarts: groupStarts)
        let services = table.storage, groups = population.storage
        let bounds = groupStarts + [PopulationLayout.ageCount]
        try await stream(base: inputs.basePopulation, rates: rates, blockWidth: blockWidth,
                         consumerScratchPerColumn: 0) { areaOfColumn, width, yearIndex, cells, _, _ in
            ServiceAgeAccumulator.accumulate(cells: cells, width: width, yearIndex: yearIndex, areaCount: n,
                                             areas: areaOfColumn, household: personsPerHousehold, into: services.pointer)
            bounds.withUnsafeBufferPointer { bounds in
                PopulationGroupTable.accumulate(cells: cells, width: width, yearIndex: yearIndex, areaCount: n,
                                                columnStart: areaOfColumn.columnStart, bounds: bounds, into: groups.pointer)
            }
        }
    }

    /// Streaming projection that also keeps every cell (option for single-year output): the same
    /// `PopulationProjection` as `project(base:rates:)`, bit for bit, written block by block.
    public func projectStreamingCells(base: PopulationArray, rates: ProjectionRates,
                                      blockWidth: Int = defaultBlockWidth) async throws -> PopulationProjection {
        let n = rates.areaCount
        let cells = PopulationLayout.cellsPerArea
        let storage = ProjectionStorage(cellCount: (rates.stepCount + 1) * cells * n, birthCount: rates.stepCount * n)
        let columnOfArea = try await stream(base: base, rates: rates, blockWidth: blockWidth,
                                            consumerScratchPerColumn: 0) { areaOfColumn, width, yearIndex, block, births, _ in
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

    /// Areas in projector column order: grouped by mortality profile, stable; `isSorted` when that
    /// is the input order.
    static func columnOrder(_ rates: ProjectionRates) -> (order: [Int], isSorted: Bool) {
        let profiles = rates.mortalityProfileOfArea
        let n = rates.areaCount
        let isSorted = zip(profiles, profiles.dropFirst()).allSatisfy { $0 <= $1 }
        return (isSorted ? Array(0..<n) : (0..<n).sorted { (profiles[$0], $0) < (profiles[$1], $1) }, isSorted)
    }

    static func columnOfArea(_ rates: ProjectionRates) -> [Int] {
        let (order, _) = columnOrder(rates)
        var columnOfArea = [Int](repeating: 0, count: order.count)
        for (column, area) in order.enumerated() { columnOfArea[area] = column }
        return columnOfArea
    }

    /// Runs the block kernel over all areas in blocks of `blockWidth`, split over `taskCount`
    /// tasks; `consume` sees every block-year. Returns the projector column of each area.
    @discardableResult
    func stream(base: PopulationArray, rates: ProjectionRates, blockWidth: Int, consumerScratchPerColumn: Int,
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
        let (order, isSorted) = Self.columnOrder(rates)
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
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: kernelScratch + max(consumerScratchPerColumn * width, 1))
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
/// bit-identical. Columns go four at a time (SIMD4, one lane per area) through all 101 ages with
/// the running sums in registers; each group is stored, as a vector, into its row of the table as
/// soon as its last age is added.
enum ServiceAgeAccumulator {
    typealias V = SIMD4<Double>

    /// `out`: the `ServiceAgeTable` values, [yearIndex][group][column]; `household`: persons per
    /// household, [area][yearIndex].
    static func accumulate(cells: UnsafePointer<Double>, width W: Int, yearIndex: Int, areaCount n: Int,
                           areas: CohortComponentProjector.BlockAreas, household: [[Double]],
                           into out: UnsafeMutablePointer<Double>) {
        let female = cells + PopulationLayout.ageCount * W
        let rows = out + yearIndex * ServiceAgeTable.groupCount * n + areas.columnStart
        let vectorEnd = W - W % V.scalarCount
        var c = 0
        while c < vectorEnd {
            @inline(__always) func both(_ age: Int) -> V {
                UnsafeRawPointer(cells + age * W + c).loadUnaligned(as: V.self)
                    + UnsafeRawPointer(female + age * W + c).loadUnaligned(as: V.self)
            }
            @inline(__always) func store(_ group: ServiceAgeGroup, _ value: V) {
                UnsafeMutableRawPointer(rows + group.rawValue * n + c).storeBytes(of: value, as: V.self)
            }
            let zero = V(repeating: 0)
            var total = zero, g0to14 = zero, g0to2 = zero, g3to5 = zero
            let b0 = both(0)
            total += b0; g0to14 += b0; g0to2 += b0
            store(.months6to12, 0.5 * b0)
            let b1 = both(1)
            total += b1; g0to14 += b1; g0to2 += b1
            store(.months12to24, b1)
            let b2 = both(2)
            total += b2; g0to14 += b2; g0to2 += b2
            store(.months24to36, b2)
            store(.ages0to2, g0to2)
            for age in 3...5 { let b = both(age); total += b; g0to14 += b; g3to5 += b }
            store(.ages3to5, g3to5)
            for age in 6...14 { let b = both(age); total += b; g0to14 += b }
            store(.ages0to14, g0to14)
            var g15to59 = zero
            for age in 15...59 { let b = both(age); total += b; g15to59 += b }
            store(.ages15to59, g15to59)
            var g60plus = zero, g60to69 = zero
            for age in 60...64 { let b = both(age); total += b; g60plus += b; g60to69 += b }
            var g65plus = zero
            for age in 65...69 { let b = both(age); total += b; g60plus += b; g65plus += b; g60to69 += b }
            store(.ages60to69, g60to69)
            var g70to79 = zero
            for age in 70...79 { let b = both(age); total += b; g60plus += b; g65plus += b; g70to79 += b }
            store(.ages70to79, g70to79)
            var g80plus = zero
            for age in 80...100 { let b = both(age); total += b; g60plus += b; g65plus += b; g80plus += b }
            store(.ages60plus, g60plus)
            store(.ages65plus, g65plus)
            store(.ages80plus, g80plus)
            store(.total, total)
            c += V.scalarCount
        }
        // The last few columns of a block one at a time, the same sums in the same order.
        for c in vectorEnd..<W {
            var total = 0.0, g0to14 = 0.0, g0to2 = 0.0, g3to5 = 0.0, g15to59 = 0.0, g60plus = 0.0, g60to69 = 0.0
            var g65plus = 0.0, g70to79 = 0.0, g80plus = 0.0
            for age in 0...100 {
                let b = cells[age * W + c] + female[age * W + c]
                total += b
                switch age {
                case 0...2: g0to14 += b; g0to2 += b
                case 3...5: g0to14 += b; g3to5 += b
                case 6...14: g0to14 += b
                case 15...59: g15to59 += b
                case 60...64: g60plus += b; g60to69 += b
                case 65...69: g60plus += b; g65plus += b; g60to69 += b
                case 70...79: g60plus += b; g65plus += b; g70to79 += b
                default: g60plus += b; g65plus += b; g80plus += b
                }
            }
            func put(_ group: ServiceAgeGroup, _ value: Double) { rows[group.rawValue * n + c] = value }
            put(.months6to12, 0.5 * (cells[c] + female[c]))
            put(.months12to24, cells[W + c] + female[W + c])
            put(.months24to36, cells[2 * W + c] + female[2 * W + c])
            put(.ages0to2, g0to2); put(.ages3to5, g3to5); put(.ages0to14, g0to14); put(.ages15to59, g15to59)
            put(.ages60plus, g60plus); put(.ages65plus, g65plus); put(.ages80plus, g80plus); put(.total, total)
            put(.ages60to69, g60to69); put(.ages70to79, g70to79)
        }
        let totalRow = rows + ServiceAgeGroup.total.rawValue * n
        let householdRow = rows + ServiceAgeGroup.households.rawValue * n
        for c in 0..<W { householdRow[c] = totalRow[c] / household[areas[c]][yearIndex] }
    }
}
