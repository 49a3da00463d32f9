import Foundation

/// Annual cohort-component projection of many areas at once (UN CCMPP convention; the step is
/// described on `ProjectionBlockKernel`, which does all the arithmetic).
///
/// Areas are grouped by mortality profile and cut into blocks of `blockWidth` columns; each block
/// runs through every year with its state in cache, and hands each year's cells to a consumer that
/// keeps what the caller asked for: every cell (`project`), the service ages (`projectServiceAges`),
/// or the service ages and population by age group. Blocks are split over `taskCount` child tasks;
/// an area's arithmetic does not depend on its block or task, so results are bit-identical for any
/// task count and block width.
///
/// ```swift
/// let inputs = try ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup)
/// let projector = CohortComponentProjector()
/// let result = try await projector.project(inputs)                   // every cell: ProjectionResult
/// result.population(area: "533103", year: 2030, sex: .female, age: 30)
/// let table = try await projector.projectServiceAges(inputs)          // ServiceAgeTable, no cells
/// try await projector.projectServiceAges(inputs, into: &table)        // reuses its storage
/// try await projector.projectServiceAges(inputs, into: &table,        // + population.csv groups
///     populationGroups: PopulationGroupTable.fiveYearStarts, into: &groups)
/// ```
public struct CohortComponentProjector: Sendable {
    public var taskCount: Int

    /// Default block width: 2 × 202 × 64 doubles = 207 KB of state, well inside L2.
    public static let defaultBlockWidth = 64

    /// Widest block of the stored projection: 2 × 202 × 4096 doubles = 13 MB of state per task.
    static let storedBlockWidthLimit = 4096

    public init(taskCount: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.taskCount = max(1, taskCount)
    }

    /// Projects with full metadata: households, service ages and the calibration report.
    public func project(_ inputs: ProjectionInputs) async throws -> ProjectionResult {
        let projection = try await project(base: inputs.basePopulation, rates: inputs.rates,
                                           constantGroup: inputs.groupQuarters.population)
        return ProjectionResult(inputs: inputs, projection: projection)
    }

    /// Projects `base` (year `rates.baseYear`) over `rates.stepCount` steps, keeping every cell
    /// and the births of every step (~150 MB for all counties over 30 years).
    ///
    /// `blockWidth` nil: one block per task (up to `storedBlockWidthLimit` columns). Copying a
    /// narrow block out writes a few hundred bytes into each of 202 rows spread across the whole
    /// year; wide blocks write each row as one long run, which measured 20% faster for all
    /// counties (Benchmarks/carecap-bench, CARECAP_BENCH_WIDTHS=1) although the block's state
    /// then lives in L3 rather than L2.
    /// `constantGroup`: a population held constant and added to every year's cells (group quarters).
    public func project(base: PopulationArray, rates: ProjectionRates, constantGroup: PopulationArray? = nil,
                        blockWidth: Int? = nil) async throws -> PopulationProjection {
        let n = rates.areaCount
        let cells = PopulationLayout.cellsPerArea
        let columnsPerBlock = blockWidth ?? min(Self.storedBlockWidthLimit, ((n + taskCount - 1) / taskCount + 7) & ~7)
        // Years handed out: every step's moment, or (interpolated) one fewer than the steps' moments.
        let storage = ProjectionStorage(cellCount: rates.yearCount * cells * n, birthCount: (rates.yearCount - 1) * n)
        let columnOfArea = try await stream(base: base, rates: rates, constantGroup: constantGroup, blockWidth: columnsPerBlock) { areaOfColumn, width, yearIndex, block, births in
            // Storage columns are the projector's columns: the block's columns are contiguous from
            // `columnStart`.
            let first = areaOfColumn.columnStart
            let year = storage.cells + yearIndex * cells * n
            for row in 0..<cells { (year + row * n + first).update(from: block + row * width, count: width) }
            if let births { (storage.births + (yearIndex - 1) * n + first).update(from: births, count: width) }
        }
        return PopulationProjection(baseYear: rates.baseYear, stepCount: rates.yearCount - 1, areaCount: n,
                                    storage: storage, columnOfArea: columnOfArea)
    }

    /// The service ages of every area and year, without storing a cell: equal bit for bit to
    /// `project(_:)` followed by `ProjectionResult.serviceAges(area:year:)`.
    public func projectServiceAges(_ inputs: ProjectionInputs, blockWidth: Int = defaultBlockWidth) async throws -> ServiceAgeTable {
        try await projectServiceAges(base: inputs.basePopulation, rates: inputs.rates,
                                     personsPerHousehold: inputs.personsPerHousehold,
                                     constantGroup: inputs.groupQuarters, blockWidth: blockWidth)
    }

    /// As `projectServiceAges(_:)`, into `table`, whose storage is reused when it has the same
    /// shape and is not shared (no allocation for the output; e.g. once per Monte Carlo draw).
    public func projectServiceAges(_ inputs: ProjectionInputs, into table: inout ServiceAgeTable,
                                   blockWidth: Int = defaultBlockWidth) async throws {
        try await projectServiceAges(base: inputs.basePopulation, rates: inputs.rates,
                                     personsPerHousehold: inputs.personsPerHousehold,
                                     constantGroup: inputs.groupQuarters, into: &table, blockWidth: blockWidth)
    }

    /// `personsPerHousehold[area][yearIndex]` as in `ProjectionInputs`; households are the
    /// population less `constantGroup` over the household size.
    public func projectServiceAges(base: PopulationArray, rates: ProjectionRates, personsPerHousehold: [[Double]],
                                   constantGroup: GroupQuarters? = nil,
                                   blockWidth: Int = defaultBlockWidth) async throws -> ServiceAgeTable {
        var table = ServiceAgeTable()
        try await projectServiceAges(base: base, rates: rates, personsPerHousehold: personsPerHousehold,
                                     constantGroup: constantGroup, into: &table, blockWidth: blockWidth)
        return table
    }

    public func projectServiceAges(base: PopulationArray, rates: ProjectionRates, personsPerHousehold: [[Double]],
                                   constantGroup: GroupQuarters? = nil,
                                   into table: inout ServiceAgeTable, blockWidth: Int = defaultBlockWidth) async throws {
        let n = rates.areaCount
        let years = rates.yearCount
        guard personsPerHousehold.count == n && personsPerHousehold.allSatisfy({ $0.count == years }) else {
            throw ProjectionInputError("persons per household need areaCount × \(years) values")
        }
        table.prepare(baseYear: rates.baseYear, yearCount: years, columnOfArea: Self.columnOfArea(rates))
        let output = table.storage
        let groupTotals = constantGroup?.totals ?? [Double](repeating: 0, count: n)
        // The group is added as the service ages read the cells (`BlockAreas.group`), not by the kernel first.
        try await stream(base: base, rates: rates, constantGroup: constantGroup?.population, groupToConsumer: true,
                         blockWidth: blockWidth) { areaOfColumn, width, yearIndex, cells, _ in
            ServiceAgeAccumulator.accumulate(cells: cells, width: width, yearIndex: yearIndex, areaCount: n,
                                             areas: areaOfColumn, household: personsPerHousehold, groupTotals: groupTotals,
                                             group: areaOfColumn.group, groupStride: n, into: output.pointer)
        }
    }

    /// One pass for service ages and population by age group (`groupStarts`, e.g.
    /// `PopulationGroupTable.fiveYearStarts` or `.singleYearStarts`): what population.csv and
    /// service_ages.csv need, without storing every cell; bit-identical to the stored projection.
    public func projectServiceAges(_ inputs: ProjectionInputs, into table: inout ServiceAgeTable,
                                   populationGroups groupStarts: [Int], into population: inout PopulationGroupTable,
                                   blockWidth: Int = defaultBlockWidth) async throws {
        let rates = inputs.rates, personsPerHousehold = inputs.personsPerHousehold
        let n = rates.areaCount
        let years = rates.yearCount
        guard groupStarts.first == 0 && zip(groupStarts, groupStarts.dropFirst()).allSatisfy({ $0 < $1 })
                && groupStarts.last! <= PopulationLayout.openAge else {
            throw ProjectionInputError("age groups must start at 0 and increase up to 100")
        }
        let columnOfArea = Self.columnOfArea(rates)
        table.prepare(baseYear: rates.baseYear, yearCount: years, columnOfArea: columnOfArea)
        population.prepare(baseYear: rates.baseYear, yearCount: years, columnOfArea: columnOfArea, groupStarts: groupStarts)
        let services = table.storage, groups = population.storage
        let bounds = groupStarts + [PopulationLayout.ageCount]
        let groupTotals = inputs.groupQuarters.totals
        try await stream(base: inputs.basePopulation, rates: rates, constantGroup: inputs.groupQuarters.population,
                         blockWidth: blockWidth) { areaOfColumn, width, yearIndex, cells, _ in
            ServiceAgeAccumulator.accumulate(cells: cells, width: width, yearIndex: yearIndex, areaCount: n,
                                             areas: areaOfColumn, household: personsPerHousehold, groupTotals: groupTotals,
                                             into: services.pointer)
            bounds.withUnsafeBufferPointer { bounds in
                PopulationGroupTable.accumulate(cells: cells, width: width, yearIndex: yearIndex, areaCount: n,
                                                columnStart: areaOfColumn.columnStart, bounds: bounds, into: groups.pointer)
            }
        }
    }

    /// The block's areas (input order) by block column, and the block's first projector column; with `stream`'s
    /// `groupToConsumer`, the constant group's cells of the block's columns (rows `areaCount` apart), which the
    /// cells handed over then do not include.
    struct BlockAreas {
        let pointer: UnsafePointer<Int>
        let columnStart: Int
        var group: UnsafePointer<Double>? = nil
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

    /// Whether every value of `first`, and of `second`, is finite and ≥ 0, each array checked in `parts`
    /// contiguous pieces at once. Why in parts: the base and the group of every county are 4.8 MB each, and
    /// one core scans them in about 1.2 ms (memory bound), a fifth of a projection on two tasks.
    static func finiteAndNonnegative(_ first: [Double], _ second: [Double], parts: Int) async -> (Bool, Bool) {
        @Sendable func check(_ values: [Double], _ range: Range<Int>) -> Bool {
            values.withUnsafeBufferPointer { v in
                var ok = true
                // NaN fails both comparisons.
                for i in range { ok = ok && v[i] >= 0 && v[i] < .infinity }
                return ok
            }
        }
        let parts = max(1, parts)
        guard parts > 1 else { return (check(first, first.indices), check(second, second.indices)) }
        return await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, values) in [first, second].enumerated() {
                for p in 0..<parts {
                    let range = (values.count * p / parts)..<(values.count * (p + 1) / parts)
                    group.addTask { (index, check(values, range)) }
                }
            }
            var valid = (true, true)
            for await (index, ok) in group where !ok {
                if index == 0 { valid.0 = false } else { valid.1 = false }
            }
            return valid
        }
    }

    /// Runs the block kernel over all areas in blocks of `blockWidth`, split over `taskCount`
    /// tasks; `consume` sees every block-year. Returns the projector column of each area.
    /// `groupToConsumer`: the cells handed to `consume` are the households alone, and the constant group's cells are
    /// in `BlockAreas.group` for the consumer to add as it reads them (one pass over the cells fewer).
    @discardableResult
    func stream(base: PopulationArray, rates: ProjectionRates, constantGroup: PopulationArray? = nil,
                groupToConsumer: Bool = false, blockWidth: Int,
                consume: @escaping @Sendable (BlockAreas, Int, Int, UnsafePointer<Double>, UnsafePointer<Double>?) -> Void) async throws -> [Int] {
        guard base.areaCount == rates.areaCount else {
            throw ProjectionInputError("base population has \(base.areaCount) areas, rates have \(rates.areaCount)")
        }
        // An empty group adds nothing: skip the kernel's extra pass.
        let group = constantGroup.flatMap { $0.values.contains { $0 != 0 } ? $0 : nil }
        if let group, group.areaCount != base.areaCount {
            throw ProjectionInputError("the constant group must have the base's areas, finite and ≥ 0")
        }
        let (baseValid, groupValid) = await Self.finiteAndNonnegative(base.values, group?.values ?? [], parts: taskCount)
        guard baseValid else { throw ProjectionInputError("base population must be finite and ≥ 0") }
        guard groupValid else { throw ProjectionInputError("the constant group must have the base's areas, finite and ≥ 0") }
        let n = rates.areaCount
        let width = max(8, blockWidth)
        // Group areas by mortality profile (stable), so that a block's columns form few runs of
        // one profile; when every area already is in order (one profile, the usual case)
        // nothing is copied.
        let profiles = rates.mortalityProfileOfArea
        let (order, isSorted) = Self.columnOrder(rates)
        var columnOfArea = [Int](repeating: 0, count: n)
        for (column, area) in order.enumerated() { columnOfArea[area] = column }
        let profileOfColumn = order.map { profiles[$0] }
        var baseValues = base.values, tfr = rates.tfr, net = rates.netMigration
        var groupValues = group?.values ?? []
        if !isSorted {
            for row in 0..<PopulationLayout.cellsPerArea {
                for (column, area) in order.enumerated() { baseValues[row * n + column] = base.values[row * n + area] }
            }
            if let group {
                for row in 0..<PopulationLayout.cellsPerArea {
                    for (column, area) in order.enumerated() { groupValues[row * n + column] = group.values[row * n + area] }
                }
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
        let work: @Sendable (Range<Int>) -> Void = { [baseValues, groupValues, tfr, net] blocks in
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: width))
            defer { scratch.deallocate() }
            var runs: [ProjectionBlockKernel.Run] = []
            runs.reserveCapacity(8)
            baseValues.withUnsafeBufferPointer { baseValues in
            groupValues.withUnsafeBufferPointer { groupValues in
            tfr.withUnsafeBufferPointer { tfr in
            net.withUnsafeBufferPointer { net in
            order.withUnsafeBufferPointer { order in
            profileOfColumn.withUnsafeBufferPointer { profileOfColumn in
                for block in blocks {
                    let lo = block * width, hi = min(n, lo + width)
                    ProjectionBlockKernel.runs(profileOfColumn: profileOfColumn, range: lo..<hi, into: &runs)
                    let blockGroup = groupValues.isEmpty ? nil : groupValues.baseAddress! + lo
                    let areas = BlockAreas(pointer: order.baseAddress! + lo, columnStart: lo, group: groupToConsumer ? blockGroup : nil)
                    kernel.run(width: hi - lo, runs: runs,
                               base: baseValues.baseAddress! + lo, baseRowStride: n,
                               tfr: tfr.baseAddress! + lo, netMigration: net.baseAddress! + lo, rateRowStride: n,
                               scratch: scratch,
                               constantGroup: groupToConsumer ? nil : blockGroup, groupRowStride: n) { yearIndex, cells, births in
                        consume(areas, hi - lo, yearIndex, cells, births)
                    }
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

