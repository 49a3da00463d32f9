/// Finds the areas whose net emigration would take more people from some cohort than it holds,
/// where the projection step sets the cell to 0 (`ProjectionBlockKernel`, step 5): fewer people
/// then leave than the scenario says, and the area's totals are higher than its assumptions give.
///
/// The scan projects the central path once, one area at a time, and reports for each area the
/// first year in which a cell is exactly 0 after a step with negative net migration (a cell the
/// clamp set to 0, or an empty cohort that migrants were to leave). It runs only when some area's
/// net migration is negative.
enum MigrationClampScan {
    /// The first year each area was clamped at zero, nil where it never was; [area].
    static func firstClampedYears(base: PopulationArray, rates: ProjectionRates) -> [Int?] {
        let n = rates.areaCount
        guard rates.migrationVolume != .none, rates.stepCount > 0, rates.netMigration.contains(where: { $0 < 0 }) else {
            return [Int?](repeating: nil, count: n)
        }
        let kernel = ProjectionBlockKernel(rates: rates)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: 1))
        defer { scratch.deallocate() }
        var firstYears = [Int?](repeating: nil, count: n)
        base.values.withUnsafeBufferPointer { baseValues in
        rates.tfr.withUnsafeBufferPointer { tfr in
        rates.netMigration.withUnsafeBufferPointer { net in
            for area in 0..<n where (0..<rates.stepCount).contains(where: { net[$0 * n + area] < 0 }) {
                var first: Int? = nil
                kernel.run(width: 1, runs: [.init(profile: rates.mortalityProfileOfArea[area], columns: 0..<1)],
                           base: baseValues.baseAddress! + area, baseRowStride: n,
                           tfr: tfr.baseAddress! + area, netMigration: net.baseAddress! + area, rateRowStride: n,
                           scratch: scratch) { yearIndex, cells, _ in
                    guard first == nil, yearIndex > 0, net[(yearIndex - 1) * n + area] < 0 else { return }
                    for cell in 0..<PopulationLayout.cellsPerArea where cells[cell] == 0 {
                        first = rates.baseYear + yearIndex
                        return
                    }
                }
                firstYears[area] = first
            }
        }
        }
        }
        return firstYears
    }
}
