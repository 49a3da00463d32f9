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
/// The per-column loops are C (`CSurvival`: migration halves, survivors of ages 1-100 per sex, births,
/// infants, interpolation), compiled for AVX-512 and AVX2 beside the baseline and chosen by the CPU, with
/// the same IEEE operations in the same order per column as Swift would do them (no fused multiply-adds;
/// max(0, v) as `v >= 0 ? v : 0`): the bits do not depend on the instruction set. The survivors and
/// births run through all ages a tile of columns at a time (32 with AVX-512), each column's mortality
/// factor, half of the migrants and running sum (or births accumulator) held in registers.
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
// A final class, not a struct: `run` hands `self` to the closures it nests, and a struct (its rates' dozen arrays)
// was copied into them and released at every call, a retain and a release per array per kernel run (0.3% of a
// national run's samples). It holds only constants.
public final class ProjectionBlockKernel: Sendable {
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
    /// `femaleBands` (with `mortalityFactor` only): each step's women are survived by
    /// `carecap_survive_female_bands`, which writes there the service groups' age bands of the step's end
    /// (6 rows of `width`) for `emit` to read at moments 1...stepCount, the same bits as summing the cells.
    public func run(width: Int, runs: [Run],
                    base: UnsafePointer<Double>, baseRowStride: Int,
                    tfr: UnsafePointer<Double>, netMigration: UnsafePointer<Double>, rateRowStride: Int,
                    scratch: UnsafeMutablePointer<Double>,
                    mortalityFactor: UnsafePointer<Double>? = nil,
                    mortalityStepStride: Int = 0, mortalitySexStride: Int = 0,
                    migrationRatePerThousand: UnsafePointer<Double>? = nil,
                    constantGroup: UnsafePointer<Double>? = nil, groupRowStride: Int = 0,
                    emitStepMoments: Bool = false,
                    femaleBands: UnsafeMutablePointer<Double>? = nil,
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
        // In C (`carecap_copy_in`, vectorised for the CPU): this Swift loop, compiled for the baseline's two-double
        // vectors, was 0.85% of a national run.
        carecap_copy_in(P, base, baseRowStride, rows, W, needsSums ? columnSums : nil)
        half.update(repeating: 0, count: W)
        // In the step-moment mode the group is left to the caller and no moment is interpolated.
        let constantGroup = emitStepMoments ? nil : constantGroup
        /// The cells to emit: the households, plus the constant group when there is one.
        func output(_ households: UnsafeMutablePointer<Double>) -> UnsafePointer<Double> {
            guard let constantGroup else { return UnsafePointer(households) }
            // In C, compiled for the CPU (`carecap_add_group`): this Swift loop ran two doubles at a time and was a
            // third of the deterministic projection's time.
            carecap_add_group(withGroup, households, constantGroup, groupRowStride, rows, W)
            return UnsafePointer(withGroup)
        }
        /// The households a share `w` of the step from `start` to `end` (plus the constant group).
        func interpolated(_ start: UnsafeMutablePointer<Double>, _ end: UnsafeMutablePointer<Double>, _ w: Double) -> UnsafePointer<Double> {
            // a + w × (b − a) (+ the group) per cell, in C (`carecap_interpolate_cells`).
            carecap_interpolate_cells(withGroup, start, end, w, constantGroup, groupRowStride, rows, W)
            return UnsafePointer(withGroup)
        }
        let interpolation = emitStepMoments ? nil : rates.interpolationWeight
        if interpolation == nil { emit(0, output(P), nil) }

        // The runs' survival profiles and the step's other rates as raw pointers, taken once: reached through
        // `rates` in the step loop, each array was retained and released at every step of every block (2.5% of
        // a national run's CPU). A block of more runs than `hoistedRunLimit` (areas with profiles of their own
        // side by side) still reaches its profiles through `rates`: their pointers are taken by nesting one
        // closure per run, as deep as the runs are many.
        let stepCount = rates.stepCount
        (runs.count <= Self.hoistedRunLimit ? runs.map { rates.survivalProfiles[$0.profile] } : []).withBaseAddresses { profiles in
        runs.withUnsafeBufferPointer { runs in
        /// Run i's survival profile, hoisted or through `rates`.
        func withProfile(_ i: Int, _ run: Run, _ body: (UnsafePointer<Double>) -> Void) {
            if i < profiles.count {
                body(profiles[i])
            } else {
                rates.survivalProfiles[run.profile].withUnsafeBufferPointer { body($0.baseAddress!) }
            }
        }
        rates.sexRatioAtBirth.withUnsafeBufferPointer { sexRatioAtBirth in
        rates.migrationShares.withUnsafeBufferPointer { migrationShares in
        rates.fertilityShares.withUnsafeBufferPointer { fertilityShares in
            for step in 0..<stepCount {
                let net = netMigration + step * rateRowStride
                // Half the step's migrants per column (`carecap_migration_half`): the central
                // volume (none, a total, or net × the column's residents / 1000) plus the additive
                // migrants per 1,000 residents; `half` stays 0 without migration.
                if hasMigration {
                    carecap_migration_half(half, net, migrationRatePerThousand.map { $0 + step * rateRowStride },
                                           columnSums, !hasCentralMigration ? 0 : perThousand ? 2 : 1, W)
                }
                // The new state's sums, when a next step will use them.
                let sums: UnsafeMutablePointer<Double>? = needsSums && step + 1 < stepCount ? columnSums : nil
                sums?.update(repeating: 0, count: W)
                let srb = sexRatioAtBirth[step]
                let births = acc
                let weights = fertile == nil ? nil : fertilityShares.baseAddress! + step * ages
                let firstFertile = fertile?.lowerBound ?? 0, lastFertile = fertile?.upperBound ?? -1
                // The births made in the women's pass with the groups' bands (`carecap_survive_female_bands`,
                // each fertile age's term while its cells are in L1), else by `carecap_births` after both sexes.
                let birthsInFemalePass = femaleBands != nil && mortalityFactor != nil && lastFertile < ages - 1
                for (i, run) in runs.enumerated() {
                    withProfile(i, run) { profile in
                        let lo = run.columns.lowerBound, hi = run.columns.upperBound
                        for sex in 0..<2 {
                            let mortalityFactor = mortalityFactor.map { $0 + step * mortalityStepStride + sex * mortalitySexStride }
                            let S = profile + (step * 2 + sex) * ages
                            let shares = migrationShares.baseAddress! + sex * ages
                            // Ages 1-99 and the open interval 100 (`carecap_survive_sex`; the women with the
                            // groups' bands when asked).
                            if sex == 1, let femaleBands, let mortalityFactor {
                                carecap_survive_female_bands(Q + sexStride, P + sexStride, S, mortalityFactor,
                                                             hasMigration ? shares : nil, hasMigration ? UnsafePointer(half) : nil,
                                                             sums, Q, femaleBands, weights, firstFertile, lastFertile,
                                                             tfr + step * rateRowStride, birthsInFemalePass ? births : nil, W, lo, hi)
                            } else {
                                carecap_survive_sex(Q + sex * sexStride, P + sex * sexStride, S, mortalityFactor,
                                                    hasMigration ? shares : nil, hasMigration ? UnsafePointer(half) : nil,
                                                    sums, ages, W, lo, hi)
                            }
                        }
                    }
                }
                // Births on the mean of women at the start and at the end of the step (`carecap_births`):
                // acc += w × (F + share × half + F') over the fertile ages, then TFR × acc × 0.5.
                if !birthsInFemalePass {
                    let femaleShares = migrationShares.baseAddress! + ages
                    carecap_births(births, P + sexStride, Q + sexStride, weights, firstFertile, lastFertile,
                                   hasMigration ? femaleShares : nil, half, tfr + step * rateRowStride, W)
                }
                let femaleShare = 1 / (1 + srb)
                for (i, run) in runs.enumerated() {
                    withProfile(i, run) { profile in
                        // Infants B_s · S[s, 0] (with the mortality factor) plus the second half of the
                        // migrants of age 0 (`carecap_infants`).
                        let m = mortalityFactor.map { $0 + step * mortalityStepStride }
                        carecap_infants(Q, Q + sexStride, births, femaleShare,
                                        profile[(step * 2) * ages], profile[(step * 2 + 1) * ages],
                                        m, m.map { $0 + mortalitySexStride },
                                        migrationShares[0], migrationShares[ages], half, sums,
                                        run.columns.lowerBound, run.columns.upperBound)
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
        }
    }

    /// Blocks with at most this many runs take their profiles' pointers once (`withBaseAddresses`).
    static let hoistedRunLimit = 8

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
