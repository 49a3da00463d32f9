import CSurvival
/// Sums a block-year's cells into the `ServiceAgeGroup` values, per column, in the order of
/// `ServiceAges.init(bothSexes:personsPerHousehold:)` (from 0, ages ascending), so values are
/// bit-identical. Columns go eight at a time through all 101 ages with the running sums in registers
/// (C, `carecap_service_ages`, compiled for AVX-512, AVX2 and the baseline).
enum ServiceAgeAccumulator {

    /// `out`: the `ServiceAgeTable` values, [yearIndex][group][column]; `household`: persons per
    /// household, [area][yearIndex]; `groupTotals`: each area's constant group-quarters population,
    /// which is in the cells but in no family household.
    /// `group`: the constant group's cells of the block's columns (rows `groupStride` apart), when `cells` are
    /// the households alone and each cell is to be read as cell + group (`carecap_service_ages_with_group`).
    static func accumulate(cells: UnsafePointer<Double>, width W: Int, yearIndex: Int, areaCount n: Int,
                           areas: CohortComponentProjector.BlockAreas, household: [[Double]], groupTotals: [Double],
                           group: UnsafePointer<Double>? = nil, groupStride: Int = 0,
                           into out: UnsafeMutablePointer<Double>) {
        let rows = out + yearIndex * ServiceAgeTable.groupCount * n + areas.columnStart
        // Every group but households, in C with every group's sums in registers (`carecap_service_ages`): the
        // same additions in the same order as the Swift loops it replaced, compiled for AVX-512 and AVX2.
        if let group {
            carecap_service_ages_with_group(rows, n, cells, group, groupStride, W)
        } else {
            carecap_service_ages(rows, n, cells, W)
        }
        let totalRow = rows + ServiceAgeGroup.total.rawValue * n
        let householdRow = rows + ServiceAgeGroup.households.rawValue * n
        for c in 0..<W { householdRow[c] = max(0, totalRow[c] - groupTotals[areas[c]]) / household[areas[c]][yearIndex] }
    }
}
