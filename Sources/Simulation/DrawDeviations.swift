import Foundation
import Numerics
import Scenario

/// The random deviations of one area in one draw: a TFR multiplier per projection step, a mortality
/// multiplier, a migration scale and a propensity multiplier.
struct AreaDeviation {
    var tfrFactor: [Double]
    var mortalityFactor: Double
    var migrationScale: Double
    var propensityFactor: Double
    /// The life-expectancy shift drawn, in years (positive: longer lives).
    var e0Shift: Double

    static func central(steps: Int) -> AreaDeviation {
        AreaDeviation(tfrFactor: [Double](repeating: 1, count: steps), mortalityFactor: 1, migrationScale: 1,
                      propensityFactor: 1, e0Shift: 0)
    }
}

/// Draws deviations with a component shared by all areas and one per area, reproducibly: the shared
/// components come from stream 0 of the seed, each area's from its own stream (numbered by a hash of
/// its code), always in draw order, so the numbers depend on the seed and the area's code only, never
/// on the order of the areas or how they are split across tasks.
struct DrawDeviations {
    /// Years of life expectancy gained per unit fall of log mortality at every age: e0 × H, with H
    /// Keyfitz's entropy of the life table, about 0.15 at China's e0 of about 78 (so about 11.7 years).
    /// A shift of Δe0 years multiplies death probabilities by exp(−Δe0 / 11.7).
    static let e0PerLogMortality = 11.7

    let spec: UncertaintySpec
    let steps: Int
    /// [draw][step] shared standard-normal innovations of log TFR, and per draw the shared normals of
    /// e0, migration and propensity.
    let sharedTFR: [Double]
    let sharedE0: [Double]
    let sharedMigration: [Double]
    let sharedPropensity: [Double]

    init(spec: UncertaintySpec, steps: Int) throws {
        self.spec = spec
        self.steps = steps
        let stream = try RandomStream(seed: RandomStream.seed(base: spec.seed, stream: 0))
        var tfr = [Double](repeating: 0, count: spec.draws * steps)
        var e0 = [Double](repeating: 0, count: spec.draws)
        var migration = e0, propensity = e0
        for draw in 0..<spec.draws {
            for step in 0..<steps { tfr[draw * steps + step] = stream.gaussian(standardDeviation: 1) }
            e0[draw] = stream.gaussian(standardDeviation: 1)
            migration[draw] = stream.gaussian(standardDeviation: 1)
            propensity[draw] = stream.gaussian(standardDeviation: 1)
        }
        sharedTFR = tfr
        sharedE0 = e0
        sharedMigration = migration
        sharedPropensity = propensity
    }

    /// The stream of the area with code `code`, to be read by `next` once per draw in draw order. It
    /// derives from the seed and the code alone, so the order of `areas` never changes a number.
    func stream(forArea code: String) throws -> RandomStream {
        try RandomStream(seed: RandomStream.seed(base: spec.seed, key: code))
    }

    /// The deviations of one area in `draw`, reading the area's own normals from `stream`.
    func next(draw: Int, stream: RandomStream, into deviation: inout AreaDeviation) {
        func mix(_ shared: Double, _ own: Double, _ rho: Double) -> Double {
            rho.squareRoot() * shared + (1 - rho).squareRoot() * own
        }
        let tfr = spec.tfr
        var d = 0.0
        for step in 0..<steps {
            let own = stream.gaussian(standardDeviation: 1)
            d = tfr.persistence * d + tfr.sd * mix(sharedTFR[draw * steps + step], own, tfr.shared)
            deviation.tfrFactor[step] = exp(d)
        }
        let e0Shift = spec.e0.sd * mix(sharedE0[draw], stream.gaussian(standardDeviation: 1), spec.e0.shared)
        deviation.e0Shift = e0Shift
        deviation.mortalityFactor = exp(-e0Shift / Self.e0PerLogMortality)
        let migration = spec.migration.sd * mix(sharedMigration[draw], stream.gaussian(standardDeviation: 1), spec.migration.shared)
        deviation.migrationScale = 1 + migration
        let propensity = spec.propensity.sd * mix(sharedPropensity[draw], stream.gaussian(standardDeviation: 1), spec.propensity.shared)
        deviation.propensityFactor = exp(propensity)
    }
}
