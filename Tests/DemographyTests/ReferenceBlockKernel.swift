import Testing
@testable import Demography

/// The kernel as it was before its per-column loops moved to C (commit 0ffc2f6), all in Swift, with the
/// survival loop of `carecap_survive_ages` and the interpolation of `carecap_interpolate_cells` written
/// back as the Swift they replaced: the reference the kernel must match bit for bit, every emitted cell
/// and birth, in every path (mortality factor or not, central and additive migration or not, runs of
/// several profiles, any block width).
struct ReferenceBlockKernel {
    let rates: ProjectionRates
    let fertile: ClosedRange<Int>?

    init(rates: ProjectionRates) {
        self.rates = rates
        self.fertile = rates.fertileAges
    }

    /// Ages 1...ages - 2 of one sex, columns lo..<hi (the C loop's Swift original).
    static func surviveAges(_ target: UnsafeMutablePointer<Double>, _ source: UnsafeMutablePointer<Double>,
                            _ survival: UnsafePointer<Double>, _ mortality: UnsafePointer<Double>?,
                            _ shares: UnsafePointer<Double>?, _ half: UnsafePointer<Double>?,
                            _ sums: UnsafeMutablePointer<Double>?, _ ages: Int, _ width: Int, _ lo: Int, _ hi: Int) {
        for x in 1..<(ages - 1) {
            let s = survival[x]
            let from = source + (x - 1) * width, to = target + x * width
            for c in lo..<hi {
                let v: Double
                if let mortality {
                    let q = 1 - s
                    if let shares, let half {
                        v = max(0, (from[c] + shares[x - 1] * half[c]) * max(0, 1 - q * mortality[c]) + shares[x] * half[c])
                    } else {
                        v = from[c] * max(0, 1 - q * mortality[c])
                    }
                } else if let shares, let half {
                    v = max(0, (from[c] + shares[x - 1] * half[c]) * s + shares[x] * half[c])
                } else {
                    v = from[c] * s
                }
                to[c] = v
                if let sums { sums[c] += v }
            }
        }
    }

    func run(width: Int, runs: [ProjectionBlockKernel.Run],
                    base: UnsafePointer<Double>, baseRowStride: Int,
                    tfr: UnsafePointer<Double>, netMigration: UnsafePointer<Double>, rateRowStride: Int,
                    scratch: UnsafeMutablePointer<Double>,
                    mortalityFactor: UnsafePointer<Double>? = nil,
                    mortalityStepStride: Int = 0, mortalitySexStride: Int = 0,
                    migrationRatePerThousand: UnsafePointer<Double>? = nil,
                    constantGroup: UnsafePointer<Double>? = nil, groupRowStride: Int = 0,
                    emitStepMoments: Bool = false, femaleBands: UnsafeMutablePointer<Double>? = nil,
                    emit: (_ yearIndex: Int, _ cells: UnsafePointer<Double>, _ births: UnsafePointer<Double>?) -> Void) {
        // The reference predates the women's pass with the groups' bands (the kernel's tests compare those
        // with the groups summed from the cells instead).
        precondition(femaleBands == nil, "ReferenceBlockKernel has no age bands")
        guard width > 0 else { return }
        let W = width
        let ages = PopulationLayout.ageCount
        let rows = PopulationLayout.cellsPerArea
        let sexStride = ages * W
        var P = scratch
        var Q = scratch + rows * W
        let acc = scratch + 2 * rows * W
        let half = acc + W
        let previousBirths = half + W
        let withGroup = previousBirths + W
        let columnSums = withGroup + rows * W
        let hasCentralMigration = rates.migrationVolume != .none
        let hasMigration = hasCentralMigration || migrationRatePerThousand != nil
        let perThousand = rates.migrationVolume == .ratePerThousand
        // The start-of-step population of each column, for migration per 1,000 residents: summed as
        // the state is written (the base as it is copied in, rows 0..<202; then each step's new
        // state in the order of its writes), never in a pass of its own (see the type's comment).
        let needsSums = perThousand || migrationRatePerThousand != nil
        if needsSums {
            columnSums.update(repeating: 0, count: W)
            for row in 0..<rows {
                let from = base + row * baseRowStride, to = P + row * W
                for c in 0..<W {
                    let v = from[c]
                    to[c] = v
                    columnSums[c] += v
                }
            }
        } else {
            for row in 0..<rows {
                (P + row * W).update(from: base + row * baseRowStride, count: W)
            }
        }
        half.update(repeating: 0, count: W)
        // In the step-moment mode the group is left to the caller and no moment is interpolated.
        let constantGroup = emitStepMoments ? nil : constantGroup
        /// The cells to emit: the households, plus the constant group when there is one.
        func output(_ households: UnsafeMutablePointer<Double>) -> UnsafePointer<Double> {
            guard let constantGroup else { return UnsafePointer(households) }
            for row in 0..<rows {
                let from = households + row * W, group = constantGroup + row * groupRowStride, to = withGroup + row * W
                for c in 0..<W { to[c] = from[c] + group[c] }
            }
            return UnsafePointer(withGroup)
        }
        /// The households a share `w` of the step from `start` to `end` (plus the constant group).
        func interpolated(_ start: UnsafeMutablePointer<Double>, _ end: UnsafeMutablePointer<Double>, _ w: Double) -> UnsafePointer<Double> {
            // a + w × (b − a) (+ the group) per cell, in C for AVX2 (`carecap_interpolate_cells`).
            for row in 0..<rows {
                let x = start + row * W, y = end + row * W, into = withGroup + row * W
                if let constantGroup {
                    let g = constantGroup + row * groupRowStride
                    for c in 0..<W { into[c] = x[c] + w * (y[c] - x[c]) + g[c] }
                } else {
                    for c in 0..<W { into[c] = x[c] + w * (y[c] - x[c]) }
                }
            }
            return UnsafePointer(withGroup)
        }
        let interpolation = emitStepMoments ? nil : rates.interpolationWeight
        if interpolation == nil { emit(0, output(P), nil) }

        rates.migrationShares.withUnsafeBufferPointer { migrationShares in
        rates.fertilityShares.withUnsafeBufferPointer { fertilityShares in
            for step in 0..<rates.stepCount {
                let net = netMigration + step * rateRowStride
                if let extra = migrationRatePerThousand.map({ $0 + step * rateRowStride }) {
                    for c in 0..<W {
                        let central = !hasCentralMigration ? 0 : perThousand ? net[c] * (columnSums[c] / 1000) : net[c]
                        half[c] = 0.5 * (central + extra[c] * (columnSums[c] / 1000))
                    }
                } else if hasMigration {
                    if perThousand {
                        for c in 0..<W {
                            var volume = net[c]
                            volume *= columnSums[c] / 1000
                            half[c] = 0.5 * volume
                        }
                    } else {
                        for c in 0..<W { half[c] = 0.5 * net[c] }
                    }
                }
                // The new state's sums, when a next step will use them.
                let sums: UnsafeMutablePointer<Double>? = needsSums && step + 1 < rates.stepCount ? columnSums : nil
                sums?.update(repeating: 0, count: W)
                let srb = rates.sexRatioAtBirth[step]
                for run in runs {
                    rates.survivalProfiles[run.profile].withUnsafeBufferPointer { profile in
                        let lo = run.columns.lowerBound, hi = run.columns.upperBound
                        for sex in 0..<2 {
                            let mortalityFactor = mortalityFactor.map { $0 + step * mortalityStepStride + sex * mortalitySexStride }
                            let S = profile.baseAddress! + (step * 2 + sex) * ages
                            let source = P + sex * sexStride
                            let target = Q + sex * sexStride
                            let shares = migrationShares.baseAddress! + sex * ages
                            // Ages 1-99 (`carecap_survive_ages`: the loop this was, in C for AVX2).
                            Self.surviveAges(target, source, S, mortalityFactor, hasMigration ? shares : nil,
                                             hasMigration ? UnsafePointer(half) : nil, sums, ages, W, lo, hi)
                            let s = S[ages - 1]
                            let from99 = source + (ages - 2) * W
                            let fromOpen = source + (ages - 1) * W
                            let to = target + (ages - 1) * W
                            if let m = mortalityFactor {
                                let q = 1 - s
                                let atStart = shares[ages - 2] + shares[ages - 1], atEnd = shares[ages - 1]
                                for c in lo..<hi {
                                    let sc = max(0, 1 - q * m[c])
                                    to[c] = hasMigration
                                        ? max(0, (from99[c] + fromOpen[c] + atStart * half[c]) * sc + atEnd * half[c])
                                        : (from99[c] + fromOpen[c]) * sc
                                }
                            } else if hasMigration {
                                let atStart = shares[ages - 2] + shares[ages - 1], atEnd = shares[ages - 1]
                                for c in lo..<hi {
                                    to[c] = max(0, (from99[c] + fromOpen[c] + atStart * half[c]) * s + atEnd * half[c])
                                }
                            } else {
                                for c in lo..<hi { to[c] = (from99[c] + fromOpen[c]) * s }
                            }
                            if let sums { for c in lo..<hi { sums[c] += to[c] } }
                        }
                    }
                }
                // Births on the mean of women at the start and at the end of the step.
                for c in 0..<W { acc[c] = 0 }
                if let fertile {
                    let femaleStart = P + sexStride
                    let femaleEnd = Q + sexStride
                    let femaleShares = migrationShares.baseAddress! + ages
                    for x in fertile {
                        let w = fertilityShares[step * ages + x]
                        if w == 0 { continue }
                        let start = femaleStart + x * W
                        let end = femaleEnd + x * W
                        if hasMigration {
                            let atStart = femaleShares[x]
                            for c in 0..<W { acc[c] += w * (start[c] + atStart * half[c] + end[c]) }
                        } else {
                            for c in 0..<W { acc[c] += w * (start[c] + end[c]) }
                        }
                    }
                }
                let births = acc
                let stepTFR = tfr + step * rateRowStride
                for c in 0..<W { births[c] = stepTFR[c] * acc[c] * 0.5 }
                let femaleShare = 1 / (1 + srb)
                for run in runs {
                    rates.survivalProfiles[run.profile].withUnsafeBufferPointer { profile in
                        let maleInfant = profile[(step * 2) * ages]
                        let femaleInfant = profile[(step * 2 + 1) * ages]
                        let maleEnd = migrationShares[0], femaleEnd = migrationShares[ages]
                        let maleZero = Q
                        let femaleZero = Q + sexStride
                        if let m = mortalityFactor.map({ $0 + step * mortalityStepStride }) {
                            let f = m + mortalitySexStride
                            for c in run.columns {
                                let female = births[c] * femaleShare
                                let male = births[c] - female
                                let maleSurvival = max(0, 1 - (1 - maleInfant) * m[c])
                                let femaleSurvival = max(0, 1 - (1 - femaleInfant) * f[c])
                                maleZero[c] = max(0, male * maleSurvival + maleEnd * half[c])
                                femaleZero[c] = max(0, female * femaleSurvival + femaleEnd * half[c])
                            }
                        } else {
                            for c in run.columns {
                                let female = births[c] * femaleShare
                                let male = births[c] - female
                                maleZero[c] = max(0, male * maleInfant + maleEnd * half[c])
                                femaleZero[c] = max(0, female * femaleInfant + femaleEnd * half[c])
                            }
                        }
                        if let sums { for c in run.columns { sums[c] += maleZero[c]; sums[c] += femaleZero[c] } }
                    }
                }
                if let w = interpolation {
                    // The moment w after this step's start: year index `step`, with the births of the
                    // step that ended at its start (none for the base year), as at the steps' moments.
                    emit(step, interpolated(P, Q, w), step == 0 ? nil : UnsafePointer(previousBirths))
                    previousBirths.update(from: births, count: W)
                } else {
                    emit(step + 1, output(Q), UnsafePointer(births))
                }
                swap(&P, &Q)
            }
        }
        }
    }

}
