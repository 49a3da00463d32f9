import Foundation

/// Finds the areas whose net emigration would take more people from some cohort than it holds,
/// where the projection step sets the cell to 0 (`ProjectionBlockKernel`, step 5): fewer people
/// then leave than the scenario says, and the area's totals are higher than its assumptions give.
///
/// The scan projects the central path once, one area at a time, and reports for each area the
/// first year in which a cohort of at least one person (the cell it ages from, or the step's
/// births for age 0) ends a step with negative net migration at exactly 0: only the clamp makes a
/// cell exactly 0. Cohorts of less than a person (the oldest ages of small counties) emptied by a
/// modest outflow are not worth a warning. It runs only when some area's net migration is negative.
enum MigrationClampScan {
    /// The first cohort an area's emigration empties: the year it ends at 0, its sex and age.
    struct Clamp: Equatable {
        let year: Int
        let sex: Sex
        let age: Int

        var cohort: String {
            "the \(sex == .male ? "males" : "females") aged \(age)\(age == PopulationLayout.openAge ? "+" : "") in \(year)"
        }
    }

    /// The first clamp of each area, nil where there is none; [area].
    static func firstClamps(base: PopulationArray, rates: ProjectionRates) -> [Clamp?] {
        let n = rates.areaCount
        guard rates.migrationVolume != .none, rates.stepCount > 0, rates.netMigration.contains(where: { $0 < 0 }) else {
            return [Clamp?](repeating: nil, count: n)
        }
        // The exact steps: a clamp is a cell set to 0 at a census moment, which an interpolated
        // moment would hide.
        let kernel = ProjectionBlockKernel(rates: rates.atStepMoments)
        // Blocks of `blockWidth` consecutive areas, each area a column of the kernel (the base, rates and results
        // are [row × areas + area], so a block is a pointer offset), as the deterministic projection runs them:
        // per column the same operations as one area alone, so the same cells. Why: one area at a time ran the
        // kernel's one-column loops, 0.1 s of CPU for a national plan, where blocks take a few milliseconds.
        // Only blocks holding an area with net emigration in some step are projected.
        let emigrating = (0..<n).map { area in (0..<rates.stepCount).contains { rates.netMigration[$0 * n + area] < 0 } }
        let blocks = stride(from: 0, to: n, by: blockWidth).filter { lo in emigrating[lo..<min(n, lo + blockWidth)].contains(true) }
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, blocks.count))
        let found = UnsafeMutableBufferPointer<Clamp?>.allocate(capacity: n)
        found.initialize(repeating: nil)
        defer { found.deallocate() }
        let results = UncheckedSendableBuffer(found)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: blockWidth))
            defer { scratch.deallocate() }
            var runs: [ProjectionBlockKernel.Run] = []
            base.values.withUnsafeBufferPointer { baseValues in
            rates.tfr.withUnsafeBufferPointer { tfr in
            rates.netMigration.withUnsafeBufferPointer { net in
            rates.mortalityProfileOfArea.withUnsafeBufferPointer { profiles in
                for lo in blocks[(blocks.count * part / parts)..<(blocks.count * (part + 1) / parts)] {
                    let hi = min(n, lo + blockWidth)
                    ProjectionBlockKernel.runs(profileOfColumn: profiles, range: lo..<hi, into: &runs)
                    firstClamps(areas: lo..<hi, emigrating: emigrating, runs: runs, kernel: kernel, rates: rates,
                                base: baseValues.baseAddress!, tfr: tfr.baseAddress!, net: net.baseAddress!,
                                scratch: scratch, into: results.buffer)
                }
            }
            }
            }
            }
        }
        return Array(found)
    }

    /// Areas side by side in one kernel run.
    static let blockWidth = 64

    /// A buffer the scan's parts write at disjoint areas.
    private struct UncheckedSendableBuffer: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Clamp?>
        init(_ buffer: UnsafeMutableBufferPointer<Clamp?>) { self.buffer = buffer }
    }

    /// The central paths of the consecutive areas `areas`, step by step, and the first clamp of each area that
    /// has net emigration in some step (`emigrating`), into `found[area]`.
    private static func firstClamps(areas: Range<Int>, emigrating: [Bool], runs: [ProjectionBlockKernel.Run],
                                    kernel: ProjectionBlockKernel, rates: ProjectionRates, base: UnsafePointer<Double>,
                                    tfr: UnsafePointer<Double>, net: UnsafePointer<Double>,
                                    scratch: UnsafeMutablePointer<Double>, into found: UnsafeMutableBufferPointer<Clamp?>) {
        let n = rates.areaCount
        let width = areas.count
        let cellCount = PopulationLayout.cellsPerArea
        let ages = PopulationLayout.ageCount
        // The cells of the step before, [cell × width + column].
        var previous = [Double](repeating: 0, count: cellCount * width)
        var open = areas.map { emigrating[$0] }
        kernel.run(width: width, runs: runs,
                   base: base + areas.lowerBound, baseRowStride: n,
                   tfr: tfr + areas.lowerBound, netMigration: net + areas.lowerBound, rateRowStride: n,
                   scratch: scratch) { yearIndex, cells, births in
            defer { previous.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: cells, count: cellCount * width) } }
            guard yearIndex > 0 else { return }
            for column in 0..<width where open[column] && net[(yearIndex - 1) * n + areas.lowerBound + column] < 0 {
                scan: for sex in 0..<2 {
                    let row = sex * ages
                    for x in 0..<ages where cells[(row + x) * width + column] == 0 {
                        let cohort = x == 0 ? (births?[column] ?? 0) / 2
                            : x == ages - 1 ? previous[(row + x - 1) * width + column] + previous[(row + x) * width + column]
                            : previous[(row + x - 1) * width + column]
                        if cohort >= 1 {
                            found[areas.lowerBound + column] = Clamp(year: rates.baseYear + yearIndex, sex: sex == 0 ? .male : .female, age: x)
                            open[column] = false
                            break scan
                        }
                    }
                }
            }
        }
    }
}
