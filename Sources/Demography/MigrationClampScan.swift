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
        let scanned = (0..<n).filter { area in (0..<rates.stepCount).contains { rates.netMigration[$0 * n + area] < 0 } }
        // The areas in as many parts as there are cores, each scanned on its own (every area's projection is its
        // own; the answer is stored by area, so the split changes nothing): 0.1 s of a national plan on one core.
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, scanned.count))
        let found = UnsafeMutableBufferPointer<Clamp?>.allocate(capacity: n)
        found.initialize(repeating: nil)
        defer { found.deallocate() }
        let results = UncheckedSendableBuffer(found)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: 1))
            defer { scratch.deallocate() }
            let range = (scanned.count * part / parts)..<(scanned.count * (part + 1) / parts)
            base.values.withUnsafeBufferPointer { baseValues in
            rates.tfr.withUnsafeBufferPointer { tfr in
            rates.netMigration.withUnsafeBufferPointer { net in
                for area in scanned[range] {
                    results.buffer[area] = firstClamp(area: area, kernel: kernel, rates: rates, base: baseValues.baseAddress!,
                                                      tfr: tfr.baseAddress!, net: net.baseAddress!, scratch: scratch)
                }
            }
            }
            }
        }
        return Array(found)
    }

    /// A buffer the scan's parts write at disjoint areas.
    private struct UncheckedSendableBuffer: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Clamp?>
        init(_ buffer: UnsafeMutableBufferPointer<Clamp?>) { self.buffer = buffer }
    }

    /// One area's central path, step by step, and its first clamp.
    private static func firstClamp(area: Int, kernel: ProjectionBlockKernel, rates: ProjectionRates, base: UnsafePointer<Double>,
                                   tfr: UnsafePointer<Double>, net: UnsafePointer<Double>,
                                   scratch: UnsafeMutablePointer<Double>) -> Clamp? {
        let n = rates.areaCount
        var first: Clamp? = nil
        var previous = [Double](repeating: 0, count: PopulationLayout.cellsPerArea)
        kernel.run(width: 1, runs: [.init(profile: rates.mortalityProfileOfArea[area], columns: 0..<1)],
                   base: base + area, baseRowStride: n,
                   tfr: tfr + area, netMigration: net + area, rateRowStride: n,
                   scratch: scratch) { yearIndex, cells, births in
            defer { for cell in 0..<PopulationLayout.cellsPerArea { previous[cell] = cells[cell] } }
            guard first == nil, yearIndex > 0, net[(yearIndex - 1) * n + area] < 0 else { return }
            let ages = PopulationLayout.ageCount
            for sex in 0..<2 {
                let row = sex * ages
                for x in 0..<ages where cells[row + x] == 0 {
                    let cohort = x == 0 ? (births?[0] ?? 0) / 2
                        : x == ages - 1 ? previous[row + x - 1] + previous[row + x] : previous[row + x - 1]
                    if cohort >= 1 {
                        first = Clamp(year: rates.baseYear + yearIndex, sex: sex == 0 ? .male : .female, age: x)
                        return
                    }
                }
            }
        }
        return first
    }
}
