import Foundation
import Numerics

/// The Gompertz hazard μ(x) = a·exp(b·(x − 85)), used to spread the census open group 85+ over
/// single ages 85...99 and 100+. Survival from 85: l(x)/l(85) = exp(−a/b·(exp(b(x−85)) − 1)).
public struct GompertzHazard: Sendable, Equatable {
    /// Hazard at exact age 85.
    public let levelAt85: Double
    /// Rate of increase per year of age.
    public let slope: Double

    public init(levelAt85: Double, slope: Double) {
        self.levelAt85 = levelAt85
        self.slope = slope
    }

    /// Survival from exact age 85 to exact age x ≥ 85.
    public func survival(toAge x: Double) -> Double {
        exp(-levelAt85 / slope * (exp(slope * (x - 85)) - 1))
    }

    /// The central death rate the hazard implies for ages [x, x + width): deaths over person-years,
    /// both integrated numerically (Simpson, 0.05-year steps), independent of the radix.
    public func centralRate(from x: Double, width: Double) -> Double {
        let lStart = survival(toAge: x)
        let lEnd = survival(toAge: x + width)
        return (lStart - lEnd) / personYears(from: x, to: x + width)
    }

    /// ∫ l(u) du over [from, to], relative to l(85) = 1 (Simpson's rule).
    public func personYears(from lower: Double, to upper: Double) -> Double {
        let steps = max(2, Int(((upper - lower) / 0.05).rounded(.up)) & ~1)
        let h = (upper - lower) / Double(steps)
        var sum = survival(toAge: lower) + survival(toAge: upper)
        for i in 1..<steps { sum += (i % 2 == 1 ? 4 : 2) * survival(toAge: lower + Double(i) * h) }
        return sum * h / 3
    }

    /// Shares of the open group 85+ at ages 85...99 and 100+ (16 values summing to 1) under a
    /// stationary population: each single age gets its person-years ∫ l. The 100+ share integrates
    /// to age 130, past which survival is negligible for any plausible fit.
    public func openGroupShares() -> [Double] {
        var shares = (85..<100).map { personYears(from: Double($0), to: Double($0 + 1)) }
        shares.append(personYears(from: 100, to: 130))
        let total = shares.reduce(0, +)
        return shares.map { $0 / total }
    }

    /// Fits the hazard by GSL nonlinear least squares to 5-year central death rates (`rates[i]`
    /// for ages [startAges[i], startAges[i] + 5)), on the log scale so that every age weighs alike.
    /// The model rate of a group is the Gompertz deaths over person-years in that group, so the
    /// fit respects the difference between the hazard at an age and a group's central rate.
    public static func fit(rates: [Double], startAges: [Double]) throws -> GompertzHazard {
        precondition(rates.count == startAges.count && rates.count >= 2, "Gompertz fit needs at least 2 groups")
        let logRates = rates.map { log(max($0, 1e-12)) }
        // Start from a straight line through log m at the first and last group mid-points.
        let first = startAges[0] + 2.5
        let last = startAges[startAges.count - 1] + 2.5
        let slope0 = max(0.02, (logRates[logRates.count - 1] - logRates[0]) / (last - first))
        let level0 = exp(logRates[0] + slope0 * (85 - first))
        let result = try NonlinearLeastSquares.fit(initial: [log(level0), log(slope0)],
                                                   residualCount: rates.count) { p, r in
            let hazard = GompertzHazard(levelAt85: exp(p[0]), slope: exp(p[1]))
            for i in 0..<rates.count {
                let model = hazard.centralRate(from: startAges[i], width: 5)
                guard model > 0, model.isFinite else { return false }
                r[i] = log(model) - logRates[i]
            }
            return true
        }
        return GompertzHazard(levelAt85: exp(result.parameters[0]), slope: exp(result.parameters[1]))
    }

    /// Fits to WPP death rates of one sex at ages 70-74 ... 95-99 in the period holding `year`.
    public static func fit(wpp: WPPRates, sex: Sex, year: Int) throws -> GompertzHazard {
        let table = wpp.deathRates(sex)
        let column = table.column(table.periodIndex(containing: year))
        // Rows 0 and 1 are ages 0 and 1; row k ≥ 2 is age 5(k − 1). Ages 70...95 are rows 15...20.
        let rows = Array(15...20)
        return try fit(rates: rows.map { column[$0] }, startAges: rows.map { Double(5 * ($0 - 1)) })
    }
}
