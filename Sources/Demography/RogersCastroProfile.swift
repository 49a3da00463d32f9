import Foundation
import Numerics

/// The Rogers–Castro model migration schedule (seven parameters: childhood, labour-force peak
/// and constant):
/// m(x) = a1·exp(−α1·x) + a2·exp(−α2·(x − μ2) − exp(−λ2·(x − μ2))) + c.
/// Only its shape matters here: `shares()` normalises it over ages 0...100.
public struct RogersCastroProfile: Sendable, Equatable {
    public var a1: Double
    public var alpha1: Double
    public var a2: Double
    public var alpha2: Double
    public var mu2: Double
    public var lambda2: Double
    public var c: Double

    public init(a1: Double, alpha1: Double, a2: Double, alpha2: Double, mu2: Double, lambda2: Double, c: Double) {
        self.a1 = a1
        self.alpha1 = alpha1
        self.a2 = a2
        self.alpha2 = alpha2
        self.mu2 = mu2
        self.lambda2 = lambda2
        self.c = c
    }

    /// Close to the mean of the model schedules in Rogers & Castro (1981), "Model migration
    /// schedules", IIASA RR-81-30: a labour-force peak in the early twenties over a childhood
    /// component falling from birth.
    public static let standard = RogersCastroProfile(a1: 0.02, alpha1: 0.1, a2: 0.06, alpha2: 0.1,
                                                    mu2: 20, lambda2: 0.4, c: 0.003)

    public func rate(age x: Double) -> Double {
        a1 * exp(-alpha1 * x) + a2 * exp(-alpha2 * (x - mu2) - exp(-lambda2 * (x - mu2))) + c
    }

    /// Shares at single ages 0...100 (100 stands for 100+ and takes ages 100-104), summing to 1.
    public func shares() -> [Double] {
        var values = (0...99).map { rate(age: Double($0) + 0.5) }
        values.append((100..<105).reduce(0) { $0 + rate(age: Double($1) + 0.5) })
        let total = values.reduce(0, +)
        return values.map { $0 / total }
    }

    /// Fits the seven parameters by GSL nonlinear least squares to counts by 5-year age groups
    /// 0-4, 5-9, ... (the last group open, treated as 5 years). Signs do not matter: the fit is to
    /// the shape of |counts|, normalised to sum 1, so net emigration and net immigration alike
    /// give an age profile. Positive parameters are fitted on the log scale.
    public static func fit(groupCounts counts: [Double], start: RogersCastroProfile = .standard) throws -> RogersCastroProfile {
        let magnitude = counts.map(abs)
        let total = magnitude.reduce(0, +)
        guard total > 0, counts.count >= 8 else {
            throw MigrationError.noAgePattern(paths: [], year: nil)
        }
        let observed = magnitude.map { $0 / total }
        func profile(_ p: UnsafeBufferPointer<Double>) -> RogersCastroProfile {
            RogersCastroProfile(a1: exp(p[0]), alpha1: exp(p[1]), a2: exp(p[2]), alpha2: exp(p[3]),
                                mu2: p[4], lambda2: exp(p[5]), c: exp(p[6]))
        }
        let initial = [log(start.a1), log(start.alpha1), log(start.a2), log(start.alpha2), start.mu2,
                       log(start.lambda2), log(start.c)]
        let result = try NonlinearLeastSquares.fit(initial: initial, residualCount: counts.count) { p, r in
            let model = profile(p)
            var groups = [Double](repeating: 0, count: counts.count)
            for g in 0..<counts.count {
                for x in (5 * g)..<(5 * g + 5) { groups[g] += model.rate(age: Double(x) + 0.5) }
            }
            let sum = groups.reduce(0, +)
            guard sum > 0, sum.isFinite else { return false }
            for g in 0..<counts.count { r[g] = groups[g] / sum - observed[g] }
            return true
        }
        return result.parameters.withUnsafeBufferPointer { profile($0) }
    }

    /// Fitted to WPP net migrants by age (both sexes) in the period holding `year`.
    public static func fitted(to wpp: WPPRates, year: Int) throws -> RogersCastroProfile {
        guard let male = wpp.maleNetMigrants, let female = wpp.femaleNetMigrants else {
            throw MigrationError.netMigrantTablesMissing
        }
        let counts = zip(male.column(male.periodIndex(containing: year)), female.column(female.periodIndex(containing: year)))
            .map { $0 + $1 }
        guard counts.count >= 8, counts.contains(where: { $0 != 0 }) else {
            throw MigrationError.noAgePattern(paths: [male.path, female.path], year: year)
        }
        return try fit(groupCounts: counts)
    }
}

/// The volume of net migration of each area.
public enum MigrationVolume: Sendable, Equatable {
    case none
    /// Net migrants per year per 1,000 population at the start of the year.
    case netRatePerThousand(Double)
    /// Net migrants per year.
    case netTotalPerYear(Double)
}

/// Net migration: a volume spread over ages by a Rogers–Castro profile and over sexes by
/// `maleShare`. Zero by default.
public struct MigrationSpec: Sendable, Equatable {
    public var volume: MigrationVolume
    public var profile: RogersCastroProfile
    public var maleShare: Double

    public init(volume: MigrationVolume = .none, profile: RogersCastroProfile = .standard, maleShare: Double = 0.5) {
        self.volume = volume
        self.profile = profile
        self.maleShare = maleShare
    }

    public static let none = MigrationSpec()

    /// Shares by [sex][age] (202 values, summing to 1).
    public func ageSexShares() -> [Double] {
        let shares = profile.shares()
        return shares.map { $0 * maleShare } + shares.map { $0 * (1 - maleShare) }
    }
}
