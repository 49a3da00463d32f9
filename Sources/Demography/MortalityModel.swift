import Foundation
import Numerics

/// Single-year death rates and life tables from WPP central death rates (5-year ages 0, 1, 5, ...,
/// 100+ and 5-year periods).
///
/// - Periods: log m is interpolated linearly in calendar time between period mid-points (2022.5
///   for 2020-2025) and held flat before the first and after the last.
/// - Ages (as in the ccmpp reference): m0 and m100+ as given; for ages 1...99 log m is interpolated
///   linearly between group mid-points (3.0 for 1-4, then 7.5, 12.5, ..., 97.5, and 102.5 for 100+)
///   and read at x + 0.5; flat below 3.0.
/// - County level: every rate is multiplied by exp(θ), with θ found by Brent's method (GSL) so that
///   the county's e0 equals the national e0 of that year and sex plus `e0Offset`.
public struct MortalityModel: Sendable {
    public let wpp: WPPRates
    public let infantSeparation: InfantSeparation

    public init(wpp: WPPRates, infantSeparation: InfantSeparation = .coaleDemeny) {
        self.wpp = wpp
        self.infantSeparation = infantSeparation
    }

    /// The 22 WPP age-group rates at calendar time `time` (log-linear between period mid-points).
    public func groupRates(sex: Sex, time: Double) -> [Double] {
        let table = wpp.deathRates(sex)
        let mids = table.periods.map(\.midpoint)
        let column: (Int) -> [Double] = { table.column($0) }
        if time <= mids[0] { return column(0) }
        if time >= mids[mids.count - 1] { return column(mids.count - 1) }
        let upper = mids.firstIndex { $0 >= time }!
        let lower = upper - 1
        let w = (time - mids[lower]) / (mids[upper] - mids[lower])
        return zip(column(lower), column(upper)).map { low, high in
            guard low > 0, high > 0 else { return (1 - w) * low + w * high }
            return exp((1 - w) * log(low) + w * log(high))
        }
    }

    /// 101 single-year rates from the 22 group rates (see the type's comment).
    public static func singleYearRates(groupRates m: [Double]) -> [Double] {
        precondition(m.count == WPPRates.deathRateAges.count, "22 WPP age groups expected")
        let mids: [Double] = [3.0] + stride(from: 7.5, through: 97.5, by: 5.0) + [102.5]
        let logs = m.dropFirst().map { log(max($0, 1e-300)) }
        var single = [Double](repeating: 0, count: PopulationLayout.ageCount)
        single[0] = m[0]
        single[100] = m[21]
        var k = 0
        for x in 1...99 {
            let age = Double(x) + 0.5
            if age <= mids[0] { single[x] = m[1]; continue }
            while mids[k + 1] < age { k += 1 }
            let w = (age - mids[k]) / (mids[k + 1] - mids[k])
            single[x] = exp((1 - w) * logs[k] + w * logs[k + 1])
        }
        return single
    }

    /// National single-year rates at calendar time `time`.
    public func singleYearRates(sex: Sex, time: Double) -> [Double] {
        Self.singleYearRates(groupRates: groupRates(sex: sex, time: time))
    }

    public func nationalLifeTable(sex: Sex, time: Double) -> LifeTable {
        LifeTable(mx: singleYearRates(sex: sex, time: time), sex: sex, infantSeparation: infantSeparation)
    }

    /// The life table whose e0 is the national e0 plus `e0Offset` years, and the rate factor used.
    public func lifeTable(sex: Sex, time: Double, e0Offset: Double) throws -> (table: LifeTable, rateFactor: Double) {
        let mx = singleYearRates(sex: sex, time: time)
        guard e0Offset != 0 else {
            return (LifeTable(mx: mx, sex: sex, infantSeparation: infantSeparation), 1)
        }
        let factor = try Self.rateFactor(mx: mx, sex: sex, e0Offset: e0Offset, infantSeparation: infantSeparation)
        return (LifeTable(mx: mx.map { $0 * factor }, sex: sex, infantSeparation: infantSeparation), factor)
    }

    /// exp(θ) such that the table of exp(θ)·mx has e0 = e0(mx) + offset; θ by Brent on [−6, 6].
    public static func rateFactor(mx: [Double], sex: Sex, e0Offset: Double,
                                  infantSeparation: InfantSeparation) throws -> Double {
        let target = LifeTable.lifeExpectancy(mx: mx, factor: 1, sex: sex, infantSeparation: infantSeparation) + e0Offset
        let theta = try BrentRootFinder.root(in: -6, 6, absoluteTolerance: 1e-13, relativeTolerance: 0) { theta in
            LifeTable.lifeExpectancy(mx: mx, factor: exp(theta), sex: sex, infantSeparation: infantSeparation) - target
        }
        return exp(theta)
    }

    /// Years of e0 gained per unit fall of log mortality at every age, −de0/dθ for the table of
    /// exp(θ)·mx at θ = 0, by a central finite difference (h = 0.01: the error is O(h²), under 1e-4
    /// of the value, while the rounding error stays near 1e-10). It is e0 × H, Keyfitz's entropy of
    /// the table, and falls as mortality falls, so one constant for every sex and year would
    /// misstate how far a drawn e0 moves the death rates.
    public static func e0PerLogMortality(mx: [Double], sex: Sex, infantSeparation: InfantSeparation) -> Double {
        let h = 0.01
        let up = LifeTable.lifeExpectancy(mx: mx, factor: exp(h), sex: sex, infantSeparation: infantSeparation)
        let down = LifeTable.lifeExpectancy(mx: mx, factor: exp(-h), sex: sex, infantSeparation: infantSeparation)
        return (down - up) / (2 * h)
    }
}
