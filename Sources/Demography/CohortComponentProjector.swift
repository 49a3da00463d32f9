import Foundation

/// Annual cohort-component projection in the UN CCMPP convention, for many areas at once.
///
/// One step (t → t + 1), per area, with S labelled by the age reached (ccmpp reference README):
/// 1. half of the year's net migrants join at the start, by age at the start;
/// 2. survivors: P'[x] = P[x−1]·S[x] (x = 1...99), P'[100] = (P[99] + P[100])·S[100];
/// 3. births B = TFR · Σ share[x] · (F[x] + F'[x]) / 2 over the fertile ages, on women at the start
///    (after the first half of migrants) and at the end (before the second half);
/// 4. B_F = B / (1 + SRB), B_M = B − B_F; infants P'[s,0] = B_s · S[s,0] (S[0] = L0/l0);
/// 5. the other half of the migrants join at the end, by age at the end; a cell that migration
///    would make negative is set to 0.
///
/// Layout and speed: every year is [sex][age][area] with areas innermost, so each age of each step
/// is one pass over contiguous areas with a broadcast rate (no allocation inside, vectorisable).
/// Areas are grouped by mortality profile so the broadcast holds within a group. Areas are split
/// into `taskCount` contiguous blocks run as child tasks; an area's arithmetic does not depend on
/// its block, so results are bit-identical for any task count.
///
/// ```swift
/// let inputs = try ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup)
/// let result = try await CohortComponentProjector().project(inputs)
/// result.population(area: "533103", year: 2030, sex: .female, age: 30)
/// result.serviceAges(area: "533103", year: 2030)
/// ```
///
/// Streaming (ProjectionBlockKernel.swift): when not every cell is needed, blocks of areas run
/// through all years with their state in cache and only the requested outputs are kept; the same
/// values bit for bit, without the ~150 MB of cells for all counties:
///
/// ```swift
/// let table = try await projector.projectServiceAges(inputs)          // ServiceAgeTable
/// try await projector.projectServiceAges(inputs, into: &table)        // reuses its storage
/// try await projector.projectServiceAges(inputs, into: &table,        // + population.csv groups
///     populationGroups: PopulationGroupTable.fiveYearStarts, into: &groups)
/// let cells = try await projector.projectStreamingCells(base: base, rates: rates) // PopulationProjection
/// ```
public struct CohortComponentProjector: Sendable {
    public var taskCount: Int

    public init(taskCount: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.taskCount = max(1, taskCount)
    }

    /// Projects with full metadata: households, service ages and the calibration report.
    public func project(_ inputs: ProjectionInputs) async throws -> ProjectionResult {
        let projection = try await project(base: inputs.basePopulation, rates: inputs.rates)
        return ProjectionResult(inputs: inputs, projection: projection)
    }

    /// Projects `base` (year `rates.baseYear`) over `rates.stepCount` steps.
    public func project(base: PopulationArray, rates: ProjectionRates) async throws -> PopulationProjection {
        guard base.areaCount == rates.areaCount else {
            throw ProjectionInputError("base population has \(base.areaCount) areas, rates have \(rates.areaCount)")
        }
        guard base.values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw ProjectionInputError("base population must be finite and ≥ 0")
        }
        let n = rates.areaCount
        let cells = PopulationLayout.cellsPerArea
        // Group areas by mortality profile (stable), so each profile is one run of columns.
        let order = (0..<n).sorted { (rates.mortalityProfileOfArea[$0], $0) < (rates.mortalityProfileOfArea[$1], $1) }
        var columnOfArea = [Int](repeating: 0, count: n)
        for (column, area) in order.enumerated() { columnOfArea[area] = column }
        let profileOfColumn = order.map { rates.mortalityProfileOfArea[$0] }
        var tfrByColumn = [Double](repeating: 0, count: rates.tfr.count)
        var netByColumn = [Double](repeating: 0, count: rates.netMigration.count)
        for step in 0..<rates.stepCount {
            for (column, area) in order.enumerated() {
                tfrByColumn[step * n + column] = rates.tfr[step * n + area]
                netByColumn[step * n + column] = rates.netMigration[step * n + area]
            }
        }
        let storage = ProjectionStorage(cellCount: (rates.stepCount + 1) * cells * n, birthCount: rates.stepCount * n)
        for sexAge in 0..<cells {
            for (column, area) in order.enumerated() {
                storage.cells[sexAge * n + column] = base.values[sexAge * n + area]
            }
        }
        let kernel = ProjectionKernel(rates: rates, areaCount: n, profileOfColumn: profileOfColumn,
                                      tfr: tfrByColumn, netMigration: netByColumn, storage: storage)
        let blocks = Self.blocks(columns: n, count: taskCount)
        if blocks.count <= 1 {
            kernel.run(columns: 0..<n)
        } else {
            await withTaskGroup(of: Void.self) { group in
                for block in blocks {
                    group.addTask { kernel.run(columns: block) }
                }
            }
        }
        return PopulationProjection(baseYear: rates.baseYear, stepCount: rates.stepCount, areaCount: n,
                                    storage: storage, columnOfArea: columnOfArea)
    }

    /// Contiguous column blocks, boundaries on multiples of 8 (whole SIMD vectors and cache lines).
    static func blocks(columns: Int, count: Int) -> [Range<Int>] {
        guard columns > 0 else { return [] }
        let wanted = min(count, max(1, columns / 8))
        var bounds = [0]
        for i in 1..<max(wanted, 1) {
            let cut = (columns * i / wanted) & ~7
            if cut > bounds[bounds.count - 1] && cut < columns { bounds.append(cut) }
        }
        bounds.append(columns)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
    }
}

/// The inner loops of the projector over one block of columns.
struct ProjectionKernel: Sendable {
    let rates: ProjectionRates
    let areaCount: Int
    let profileOfColumn: [Int]
    let tfr: [Double]
    let netMigration: [Double]
    let storage: ProjectionStorage

    func run(columns: Range<Int>) {
        guard !columns.isEmpty else { return }
        // Runs of columns sharing a mortality profile within this block.
        var runs: [(profile: Int, range: Range<Int>)] = []
        var start = columns.lowerBound
        for column in columns.dropFirst() where profileOfColumn[column] != profileOfColumn[start] {
            runs.append((profileOfColumn[start], start..<column))
            start = column
        }
        runs.append((profileOfColumn[start], start..<columns.upperBound))

        let n = areaCount
        let ages = PopulationLayout.ageCount
        let sexStride = ages * n
        let yearStride = 2 * sexStride
        let width = columns.count
        let lo = columns.lowerBound
        let fertile = rates.fertileAges
        let hasMigration = rates.migrationVolume != .none
        let accumulator = UnsafeMutablePointer<Double>.allocate(capacity: width)
        let halfMigrants = UnsafeMutablePointer<Double>.allocate(capacity: width)
        defer { accumulator.deallocate(); halfMigrants.deallocate() }
        halfMigrants.initialize(repeating: 0, count: width)
        // Base pointers shifted so that index `column` addresses this block's scratch.
        let acc = accumulator - lo
        let half = halfMigrants - lo

        rates.migrationShares.withUnsafeBufferPointer { migrationShares in
        rates.fertilityShares.withUnsafeBufferPointer { fertilityShares in
        tfr.withUnsafeBufferPointer { tfr in
        netMigration.withUnsafeBufferPointer { net in
            for step in 0..<rates.stepCount {
                let P = storage.cells + step * yearStride
                let Q = P + yearStride
                if hasMigration {
                    for column in columns {
                        var volume = net[step * n + column]
                        if rates.migrationVolume == .ratePerThousand {
                            var total = 0.0
                            for cell in 0..<(2 * ages) { total += P[cell * n + column] }
                            volume *= total / 1000
                        }
                        half[column] = 0.5 * volume
                    }
                }
                let srb = rates.sexRatioAtBirth[step]
                for run in runs {
                    rates.survivalProfiles[run.profile].withUnsafeBufferPointer { profile in
                        for sex in 0..<2 {
                            let S = profile.baseAddress! + (step * 2 + sex) * ages
                            let source = P + sex * sexStride
                            let target = Q + sex * sexStride
                            let shares = migrationShares.baseAddress! + sex * ages
                            for x in 1..<(ages - 1) {
                                let s = S[x]
                                let from = source + (x - 1) * n
                                let to = target + x * n
                                if hasMigration {
                                    let atStart = shares[x - 1], atEnd = shares[x]
                                    for c in run.range { to[c] = max(0, (from[c] + atStart * half[c]) * s + atEnd * half[c]) }
                                } else {
                                    for c in run.range { to[c] = from[c] * s }
                                }
                            }
                            let s = S[ages - 1]
                            let from99 = source + (ages - 2) * n
                            let fromOpen = source + (ages - 1) * n
                            let to = target + (ages - 1) * n
                            if hasMigration {
                                let atStart = shares[ages - 2] + shares[ages - 1], atEnd = shares[ages - 1]
                                for c in run.range {
                                    to[c] = max(0, (from99[c] + fromOpen[c] + atStart * half[c]) * s + atEnd * half[c])
                                }
                            } else {
                                for c in run.range { to[c] = (from99[c] + fromOpen[c]) * s }
                            }
                        }
                    }
                }
                // Births on the mean of women at the start and at the end of the step.
                for c in columns { acc[c] = 0 }
                if let fertile {
                    let femaleStart = P + sexStride
                    let femaleEnd = Q + sexStride
                    let femaleShares = migrationShares.baseAddress! + ages
                    for x in fertile {
                        let w = fertilityShares[step * ages + x]
                        if w == 0 { continue }
                        let start = femaleStart + x * n
                        let end = femaleEnd + x * n
                        if hasMigration {
                            let atStart = femaleShares[x]
                            for c in columns { acc[c] += w * (start[c] + atStart * half[c] + end[c]) }
                        } else {
                            for c in columns { acc[c] += w * (start[c] + end[c]) }
                        }
                    }
                }
                let births = storage.births + step * n
                for c in columns { births[c] = tfr[step * n + c] * acc[c] * 0.5 }
                let femaleShare = 1 / (1 + srb)
                for run in runs {
                    rates.survivalProfiles[run.profile].withUnsafeBufferPointer { profile in
                        let maleInfant = profile[(step * 2) * ages]
                        let femaleInfant = profile[(step * 2 + 1) * ages]
                        let maleEnd = migrationShares[0], femaleEnd = migrationShares[ages]
                        let maleZero = Q
                        let femaleZero = Q + sexStride
                        for c in run.range {
                            let female = births[c] * femaleShare
                            let male = births[c] - female
                            maleZero[c] = max(0, male * maleInfant + maleEnd * half[c])
                            femaleZero[c] = max(0, female * femaleInfant + femaleEnd * half[c])
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
