import CSurvival
import Foundation

/// The annual cohort-component step (UN CCMPP convention), for one cache-sized block of areas run
/// through all steps while its state stays in L1/L2, handing each year's cells to the caller instead
/// of storing them. The only projection arithmetic in CareCap: `CohortComponentProjector` (stored
/// and streamed projections) and the Monte Carlo simulation both run it.
///
/// One step (t → t + 1), per area, with S labelled by the age reached (ccmpp reference README):
/// 1. half of the year's net migrants join at the start, by age at the start;
/// 2. survivors: P'[x] = P[x−1]·S[x] (x = 1...99), P'[100] = (P[99] + P[100])·S[100];
/// 3. births B = TFR · Σ share[x] · (F[x] + F'[x]) / 2 over the fertile ages, on women at the start
///    (with the first half of migrants) and at the end (with both halves);
/// 4. B_F = B / (1 + SRB), B_M = B − B_F; infants P'[s,0] = B_s · S[s,0] (S[0] = L0/l0);
/// 5. the other half of the migrants join at the end, by age at the end; a cell that migration
///    would make negative is set to 0.
///
/// Block layout: `width` areas ("columns" 0..<width); a population is 202 rows [sex × 101 + age]
/// of `width` contiguous doubles (row stride = `width`), areas innermost, so each age of each step is
/// one vectorisable pass with one broadcast survival ratio per run of columns.
///
/// API (the Monte Carlo simulation calls it once per draw and block):
///
/// ```swift
/// let kernel = ProjectionBlockKernel(rates: rates)              // once; rates are shared
/// let scratch = UnsafeMutablePointer<Double>.allocate(
///     capacity: ProjectionBlockKernel.scratchCount(width: 64))  // once per task, reused
/// var runs: [ProjectionBlockKernel.Run] = [.init(profile: 0, columns: 0..<64)]
/// kernel.run(width: 64, runs: runs,
///            base: basePointer, baseRowStride: areaCount,        // 202 rows, column 0 of the block
///            tfr: tfrPointer, netMigration: netPointer, rateRowStride: areaCount, // [step] rows
///            scratch: scratch) { yearIndex, cells, births in
///     // cells: 202 × width (row stride width), valid only during the call;
///     // births: width values of the step that ends in this year (nil for year index 0)
/// }
/// ```
///
/// - Per-area TFR and migration multipliers: the caller writes this draw's TFR (TFR × multiplier)
///   and net migration per step and column into its own per-block buffers and passes them as
///   `tfr` / `netMigration` with `rateRowStride = width`: the kernel only reads them.
/// - Survival is broadcast per run of columns (`Run.profile` indexes `rates.survivalProfiles`);
///   the caller groups its columns into runs (`runs(profileOfColumn:range:into:)`).
/// - Per-area mortality multipliers: `mortalityFactor` (or nil) multiplies the death probability
///   1 − S of every age, S' = max(0, 1 − (1 − S)·m), a proportional shift of the level of mortality.
///   The factor of step t, sex s and column c is at `t·mortalityStepStride + s·mortalitySexStride + c`
///   (strides 0: one value per column for every step and sex). nil keeps the profile's ratios
///   exactly; m = 1 recomputes 1 − (1 − S), which may differ from S in the last bit.
/// - Additive migration: `migrationRatePerThousand` (or nil), rows of `rateRowStride` per step, adds
///   that many net migrants per 1,000 start-of-year residents to the step's central volume, spread
///   by `rates.migrationShares` like it (even when the rates have no central migration).
/// - Group quarters: `constantGroup` (202 rows of the block's columns, row stride
///   `groupRowStride`, or nil) is a population held at its base-year size and ages (dormitories,
///   barracks, care homes). The step ages only the household population; `emit` sees households
///   plus this group in every year, including year index 0 (not with `emitStepMoments`, below).
///   Births come from the households alone.
/// - Interpolated moments: when `rates.interpolationWeight` is w, year index t is handed out after
///   step t as (1 − w) · P(t) + w · P(t + 1) (the year-end between two census moments), for t in
///   0..<stepCount; the births handed with it are those of the step ending at t, as without w.
/// - Step moments (`emitStepMoments: true`): `emit` sees the households alone at the steps' moments,
///   whatever `rates.interpolationWeight`: index 0 (the base, births nil) before the first step, then
///   after step t index t + 1 (the households at moment t + 1, births of step t), for t in
///   0..<stepCount. `constantGroup` is not added (it only ever enters the emitted cells, so it is
///   ignored in this mode and may be nil). For a caller that sums its own groups of each moment once
///   and interpolates the sums, (1 − w) · sum(t) + w · sum(t + 1) + the group's sum, instead of
///   interpolating every cell of every year.
/// - Migration per 1,000 residents (`.ratePerThousand` or `migrationRatePerThousand`) needs each
///   column's start-of-step population: it is summed while the state is written (the base as it is
///   copied in, each step's state in the order of its writes: male ages 1-99, 100, female ages 1-99,
///   100, then male and female age 0), not in a pass of its own, and only when migration needs it.
///   Each column's sum adds its own cells in a fixed order, so a column's results do not depend on
///   the block's width, the column's place in it or the other columns.
/// - No allocation per call: all state lives in `scratch` (`scratchCount(width:)` doubles);
///   `runs` is the caller's array (reuse it with `removeAll(keepingCapacity:)`).
/// - Thread safety: `run` only reads `self` and writes `scratch`; give each task its own scratch.
public struct ProjectionBlockKernel: Sendable {
    /// A run of block columns sharing one survival profile.
    public struct Run: Sendable, Equatable {
        public var profile: Int
        public var columns: Range<Int>
        public init(profile: Int, columns: Range<Int>) {
            self.profile = profile
            self.columns = columns
        }
    }

    public let rates: ProjectionRates
    let fertile: ClosedRange<Int>?

    public init(rates: ProjectionRates) {
        self.rates = rates
        self.fertile = rates.fertileAges
    }

    /// Doubles of scratch that `run` needs for a block of `width` columns: two populations, the
    /// emitted population (households plus the constant group, or the interpolated moment) and four
    /// rows of per-column accumulators (births, migration, the previous step's births, the state's
    /// column sums).
    public static func scratchCount(width: Int) -> Int {
        (3 * PopulationLayout.cellsPerArea + 4) * max(width, 1)
    }

    /// Projects the block through `rates.stepCount` steps; `emit` sees year index 0 (the base,
    /// copied in) through `stepCount`, or 0..<stepCount year-ends with an interpolation weight (unless
    /// `emitStepMoments`, which hands out the households at the moments 0 through `stepCount`).
    public func run(width: Int, runs: [Run],
                    base: UnsafePointer<Double>, baseRowStride: Int,
                    tfr: UnsafePointer<Double>, netMigration: UnsafePointer<Double>, rateRowStride: Int,
                    scratch: UnsafeMutablePointer<Double>,
                    mortalityFactor: UnsafePointer<Double>? = nil,
                    mortalityStepStride: Int = 0, mortalitySexStride: Int = 0,
                    migrationRatePerThousand: UnsafePointer<Double>? = nil,
                    constantGroup: UnsafePointer<Double>? = nil, groupRowStride: Int = 0,
                    emitStepMoments: Bool = false,
                    emit: (_ yearIndex: Int, _ cells: UnsafePointer<Double>, _ births: UnsafePointer<Double>?) -> Void) {
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
            carecap_interpolate_cells(withGroup, start, end, w, constantGroup, groupRowStride, rows, W)
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
                            carecap_survive_ages(target, source, S, mortalityFactor, hasMigration ? shares : nil,
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

    /// The runs of equal profile in `profileOfColumn[range]`, as block columns (0-based), into `runs`.
    static func runs(profileOfColumn: UnsafeBufferPointer<Int>, range: Range<Int>, into runs: inout [Run]) {
        runs.removeAll(keepingCapacity: true)
        guard !range.isEmpty else { return }
        var start = range.lowerBound
        for column in range.dropFirst() where profileOfColumn[column] != profileOfColumn[start] {
            runs.append(Run(profile: profileOfColumn[start], columns: (start - range.lowerBound)..<(column - range.lowerBound)))
            start = column
        }
        runs.append(Run(profile: profileOfColumn[start], columns: (start - range.lowerBound)..<(range.upperBound - range.lowerBound)))
    }
}
