/// Sums a block-year's cells into the `ServiceAgeGroup` values, per column, in the order of
/// `ServiceAges.init(bothSexes:personsPerHousehold:)` (from 0, ages ascending), so values are
/// bit-identical. Columns go four at a time (SIMD4, one lane per area) through all 101 ages with
/// the running sums in registers; each group is stored, as a vector, into its row of the table as
/// soon as its last age is added.
enum ServiceAgeAccumulator {
    typealias V = SIMD4<Double>

    /// `out`: the `ServiceAgeTable` values, [yearIndex][group][column]; `household`: persons per
    /// household, [area][yearIndex]; `groupTotals`: each area's constant group-quarters population,
    /// which is in the cells but in no family household.
    static func accumulate(cells: UnsafePointer<Double>, width W: Int, yearIndex: Int, areaCount n: Int,
                           areas: CohortComponentProjector.BlockAreas, household: [[Double]], groupTotals: [Double],
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
        for c in 0..<W { householdRow[c] = max(0, totalRow[c] - groupTotals[areas[c]]) / household[areas[c]][yearIndex] }
    }
}
