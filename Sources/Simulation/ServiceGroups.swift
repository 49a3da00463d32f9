import CSurvival
import Demography
import Planning

/// Service-age groups of one area-year from its single-year ages, with households.
enum ServiceGroups {
    /// Writes the 13 groups of `OutputColumns.populationGroups` into `out[0..<13]` and returns the
    /// ServicePopulation demand needs. `male` and `female` are 101 ages each, group quarters
    /// included; `groupQuarters` of them live in no family household.
    static func fill(male: UnsafeBufferPointer<Double>, female: UnsafeBufferPointer<Double>, personsPerHousehold: Double,
                     groupQuarters: Double = 0,
                     into out: UnsafeMutableBufferPointer<Double>) -> ServicePopulation
    {
        func both(_ age: Int) -> Double { male[age] + female[age] }
        func sum(_ range: ClosedRange<Int>) -> Double {
            var s = 0.0
            for age in range { s += both(age) }
            return s
        }
        let m6to12 = 0.5 * both(0), m12to24 = both(1), m24to36 = both(2)
        let a3to5 = sum(3...5), a0to14 = sum(0...14), a15to59 = sum(15...59)
        let a60to69 = sum(60...69), a70to79 = sum(70...79), a80plus = sum(80...100)
        let a60plus = a60to69 + a70to79 + a80plus
        let a65plus = sum(65...69) + a70to79 + a80plus
        let total = a0to14 + a15to59 + a60plus
        let households = Self.households(total: total, groupQuarters: groupQuarters, personsPerHousehold: personsPerHousehold)
        out[0] = m6to12; out[1] = m12to24; out[2] = m24to36; out[3] = a3to5; out[4] = a0to14
        out[5] = a15to59; out[6] = a60plus; out[7] = a60to69; out[8] = a70to79; out[9] = a65plus
        out[10] = a80plus; out[11] = total; out[12] = households
        return ServicePopulation(
            children6to12m: m6to12, children12to24m: m12to24, children24to36m: m24to36, children3to5: a3to5,
            elderly60plus: a60plus, elderly60to69: a60to69, elderly70to79: a70to79, elderly80plus: a80plus,
            elderly65plus: a65plus, residents: total, households: households)
    }
}

extension ServiceGroups {
    /// Households: residents outside group quarters over the persons per household (a non-decreasing
    /// function of the residents; the C block version `carecap_service_groups` computes the same).
    @inline(__always)
    static func households(total: Double, groupQuarters: Double, personsPerHousehold: Double) -> Double {
        max(0, total - groupQuarters) / personsPerHousehold
    }

    /// Rows of `fill(cells:width:...)`'s output, as `OutputColumns.populationGroups`.
    static let groupCount = 13

    /// `fill`'s 13 groups for every column of a block-year at once. `cells` is the projection kernel's
    /// layout (202 rows [sex × 101 + age] of `width` contiguous columns); `out` gets 13 rows of `width`
    /// ([group × width + column]). `personsPerHousehold` and `groupQuarters` hold one value per column.
    ///
    /// Why: the simulation used to copy each area's 202 cells out of the block and sum them one area at
    /// a time (a fifth of a national run). Summing whole rows, ages outermost, lets the compiler
    /// vectorise over the block's columns. Each group is the same additions in the same order as
    /// `fill` (from 0.0, ages ascending; 60+ and 65+ and the total from their bands), so every value is
    /// bit-identical to it.
    ///
    /// In C (`carecap_service_groups`), compiled for AVX2 beside the baseline: the same operations in the
    /// same order as the Swift loops it replaced, 4 columns per instruction where the CPU has AVX2.
    static func fill(cells: UnsafePointer<Double>, width W: Int, personsPerHousehold: UnsafePointer<Double>,
                     groupQuarters: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        carecap_service_groups(out, cells, personsPerHousehold, groupQuarters, W)
    }

    /// Column `c` of `fill(cells:...)`'s rows as the population demand needs (as `fill` returns it).
    @inline(__always)
    static func population(rows: UnsafePointer<Double>, width W: Int, column c: Int) -> ServicePopulation {
        ServicePopulation(
            children6to12m: rows[c], children12to24m: rows[W + c], children24to36m: rows[2 * W + c],
            children3to5: rows[3 * W + c], elderly60plus: rows[6 * W + c], elderly60to69: rows[7 * W + c],
            elderly70to79: rows[8 * W + c], elderly80plus: rows[10 * W + c], elderly65plus: rows[9 * W + c],
            residents: rows[11 * W + c], households: rows[12 * W + c])
    }
}
