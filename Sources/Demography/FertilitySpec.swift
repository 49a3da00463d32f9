import Foundation
import Numerics

/// Where the county TFR of the base year comes from.
public enum FertilityLevel: Sendable, Equatable {
    /// Solved so that the births of the year before the census, survived to age 0 by L0/l0,
    /// reproduce the census age-0 count × `ageZeroAdjustment`. Chinese censuses under-count
    /// infants (unregistered births, mostly girls, and the reference moment falling before the
    /// hukou registration of recent births); the factor lets a scenario raise the census count
    /// (e.g. 1.05), and the default 1.0 takes the census as it stands.
    case calibrated(ageZeroAdjustment: Double)
    /// The same base-year TFR for every area.
    case given(Double)

    public static let calibrated = FertilityLevel.calibrated(ageZeroAdjustment: 1.0)

    /// What the census age-0 count is assumed to cover, for the manifest.
    package static var ageZeroCoverage: String { FertilityCalibrator.ageZeroCoverage }

    /// Whether a warning is the calibration's note on an area whose level was shrunk by more than 5%,
    /// bounded, or taken from a parent (what a run's summary counts from the stored warnings).
    package static func isAdjustmentWarning(_ warning: String) -> Bool {
        warning.contains("): calibrated TFR ") || warning.contains("): TFR not calibrated: ")
    }

    /// `stabilisation` in Chinese, for zh reports.
    package static var stabilisationZH: String {
        let k = Int(FertilityCalibrator.credibilityInfants)
        let bounds = FertilityCalibrator.boundedTFR
        return "在对数尺度上向地市校准水平收缩（无地市行时向省），权重 n0 / (n0 + \(k))，n0 为普查0岁人数；"
            + "再限定在 \(bounds.lowerBound)–\(bounds.upperBound) 之间；人口不足 \(FertilityCalibrator.minimumPopulation) 人、无15–49岁妇女或无婴儿的地区取上级水平"
    }

    /// How a calibrated level is made stable, for the manifest.
    package static var stabilisation: String {
        let k = Int(FertilityCalibrator.credibilityInfants)
        let bounds = FertilityCalibrator.boundedTFR
        return "shrunk toward the prefecture's calibrated level (the province's where there is no prefecture row) on the log scale "
            + "with weight n0 / (n0 + \(k)), n0 the census age-0 count (k = φ/τ² with τ = 0.1 the real spread of county log TFR about the prefecture's and φ = 3 the age-0 count's dispersion beyond Poisson), "
            + "then bounded to \(bounds.lowerBound)-\(bounds.upperBound); areas under \(FertilityCalibrator.minimumPopulation) people, "
            + "without women 15-49 or without infants take the parent's level (weight 0)"
    }
}

/// How TFR moves from its base-year level.
public enum TFRPath: Sendable, Equatable {
    /// The default: the area's level moves with the national WPP 2024 TFR relative to its value in
    /// the calibration year (estimates to 2023, the medium variant after):
    /// TFR(t) = level × TFR_WPP(t) / TFR_WPP(calibration year). Areas keep their differences from
    /// the nation while the national decline after 2020 (1.24 in 2020, 1.00 in 2023) carries through.
    case followingWPP
    case constant
    /// Straight line from the base-year level to `target` in `year`, then held.
    case linear(target: Double, year: Int)
    /// S-shaped from the base-year level to `target` in `year` (a logistic with its mid-point half
    /// way and slope 10 over the interval, rescaled to start and end exactly), then held.
    case logistic(target: Double, year: Int)
    /// A four-parameter logistic fitted by GSL nonlinear least squares to `history` {year: TFR};
    /// the area's TFR follows the fitted curve relative to its base-year value:
    /// TFR(t) = level × curve(t) / curve(base year).
    case fittedLogistic(history: [Int: Double])
}

/// Age schedule of fertility: WPP percent of TFR by 5-year age split to single ages 10...54.
public enum FertilityScheduleTiming: Sendable, Equatable {
    case heldAtBaseYear
    case followingYear
}

public enum SexRatioAtBirth: Sendable, Equatable {
    /// WPP's sex ratio at birth of each year.
    case wpp
    /// Males per female birth.
    case given(Double)
}

/// The fertility assumptions of a projection.
public struct FertilitySpec: Sendable, Equatable {
    public var level: FertilityLevel
    public var path: TFRPath
    public var schedule: FertilityScheduleTiming
    public var sexRatio: SexRatioAtBirth

    public init(level: FertilityLevel = .calibrated, path: TFRPath = .followingWPP,
                schedule: FertilityScheduleTiming = .followingYear, sexRatio: SexRatioAtBirth = .wpp) {
        self.level = level
        self.path = path
        self.schedule = schedule
        self.sexRatio = sexRatio
    }
}

/// v(t) = lower + (upper − lower) / (1 + exp(−rate (t − midpoint))).
public struct LogisticTrend: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let rate: Double
    public let midpoint: Double

    public init(lower: Double, upper: Double, rate: Double, midpoint: Double) {
        self.lower = lower
        self.upper = upper
        self.rate = rate
        self.midpoint = midpoint
    }

    public func value(at t: Double) -> Double {
        lower + (upper - lower) / (1 + exp(-rate * (t - midpoint)))
    }

    /// Least-squares fit (GSL trust region) to at least 4 points. The start puts the asymptotes
    /// just outside the observed range and the mid-point at the middle year, with the slope's sign
    /// from the first and last values.
    public static func fit(history: [Int: Double]) throws -> LogisticTrend {
        let points = history.sorted { $0.key < $1.key }
        guard points.count >= 4 else {
            throw FertilityError.historyTooShort(points.count)
        }
        let t = points.map { Double($0.key) }
        let v = points.map(\.value)
        let low = v.min()!, high = v.max()!
        let spread = max(high - low, 1e-3)
        let increasing = v[v.count - 1] >= v[0]
        let start = [low - 0.1 * spread, high + 0.1 * spread,
                     (increasing ? 1 : -1) * 4 / max(t[t.count - 1] - t[0], 1), (t[0] + t[t.count - 1]) / 2]
        let result = try NonlinearLeastSquares.fit(initial: start, residualCount: v.count) { p, r in
            let trend = LogisticTrend(lower: p[0], upper: p[1], rate: p[2], midpoint: p[3])
            for i in 0..<v.count { r[i] = trend.value(at: t[i]) - v[i] }
            return true
        }
        let p = result.parameters
        return LogisticTrend(lower: p[0], upper: p[1], rate: p[2], midpoint: p[3])
    }
}

public enum FertilityError: Error, CustomStringConvertible, Sendable, Equatable {
    case historyTooShort(Int)
    case invalidValue(String)

    public var description: String {
        switch self {
        case let .historyTooShort(count):
            return "a fitted logistic TFR path needs at least 4 years of history, got \(count)"
        case let .invalidValue(what):
            return "invalid fertility assumption: \(what)"
        }
    }
}

extension TFRPath {
    /// TFR in each of `years` for an area starting at `level` in `baseYear`. `followingWPP` reads
    /// the national series `wppTFR` and takes the level as that of `referenceYear`, the calendar year
    /// of the births the level was calibrated on (the year before the census moment).
    func trajectory(level: Double, baseYear: Int, years: [Int], referenceYear: Int? = nil,
                    wppTFR: (Int) -> Double = { _ in .nan }) throws -> [Double] {
        switch self {
        case .followingWPP:
            let reference = wppTFR(referenceYear ?? baseYear)
            guard reference.isFinite, reference > 0 else {
                throw FertilityError.invalidValue("the WPP TFR of \(referenceYear ?? baseYear) is \(reference); a path following WPP needs it positive")
            }
            return try years.map { year in
                let value = wppTFR(year)
                guard value.isFinite, value >= 0 else {
                    throw FertilityError.invalidValue("the WPP TFR of \(year) is \(value)")
                }
                return level * value / reference
            }
        case .constant:
            return years.map { _ in level }
        case let .linear(target, year):
            guard year > baseYear else { return years.map { $0 > baseYear ? target : level } }
            return years.map { y in
                let u = min(max(Double(y - baseYear) / Double(year - baseYear), 0), 1)
                return level + (target - level) * u
            }
        case let .logistic(target, year):
            guard year > baseYear else { return years.map { $0 > baseYear ? target : level } }
            let slope = 10.0
            func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
            let low = sigmoid(-slope / 2), high = sigmoid(slope / 2)
            return years.map { y in
                let u = min(max(Double(y - baseYear) / Double(year - baseYear), 0), 1)
                let g = (sigmoid(slope * (u - 0.5)) - low) / (high - low)
                return level + (target - level) * g
            }
        case let .fittedLogistic(history):
            let trend = try LogisticTrend.fit(history: history)
            let reference = trend.value(at: Double(baseYear))
            guard reference > 0 else { throw FertilityError.invalidValue("fitted TFR curve is \(reference) in \(baseYear)") }
            return years.map { level * trend.value(at: Double($0)) / reference }
        }
    }
}

/// WPP percent-of-TFR by 5-year age (10-14 ... 50-54) as single-year shares of TFR at ages
/// 0...100 (zero outside 10...54, summing to 1): the same cumulative Steffen split as the census
/// ages, so each 5-year group keeps its share exactly.
public enum FertilitySchedule {
    public static func shares(wpp: WPPRates, year: Int) throws -> [Double] {
        let table = wpp.fertilityPercent
        let percents = table.column(table.periodIndex(containing: year))
        let total = percents.reduce(0, +)
        let bounds = stride(from: 10.0, through: 55.0, by: 5.0).map { $0 }
        let single = try AgeSplitter.splitClosedGroups(percents.map { $0 / total }, bounds: bounds)
        var shares = [Double](repeating: 0, count: PopulationLayout.ageCount)
        for (offset, value) in single.enumerated() { shares[10 + offset] = value }
        return shares
    }
}
