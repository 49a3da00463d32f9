#ifndef CARECAP_DEVIATIONS_H
#define CARECAP_DEVIATIONS_H

#include <stddef.h>

/// √ρ and √(1 − ρ) of a component's shared share ρ (DrawDeviations.MixingWeights).
typedef struct {
    double shared, own;
} carecap_mixing;

/// What DrawDeviations.next reads besides the area's own normals: the run's shared normals, the weights
/// and the uncertainty spec's numbers (the square roots taken in Swift, as there).
typedef struct {
    ptrdiff_t steps, draws;
    /// National shared normals: [step × draws + draw] for the yearly series, [draw] for the levels.
    const double *tfr, *e0Level, *e0Walk, *migrationScale, *enrolmentLevel, *enrolmentWalk, *careLevel, *careWalk,
        *undercount;
    /// The area's province's additive-migration normals, [step × draws + draw], or NULL (weights then 0 and 1).
    const double *province;
    carecap_mixing tfrWeights, e0Weights, migrationWeights, provinceWeights, enrolmentWeights, careWeights,
        undercountWeights;
    double tfrPersistence, tfrSD;
    double e0SD, e0Persistence, e0SDPerYear;
    double migrationSD;
    double additiveSigma, additiveInnovation, additivePersistence;
    double behaviourCorrelation, behaviourApart;
    double enrolmentSD, enrolmentPersistence, enrolmentSDPerYear;
    double careSD, carePersistence, careSDPerYear;
    double undercountMean, undercountSD;
} carecap_deviation_spec;

/// The area's central inputs the deviations scale.
typedef struct {
    /// Per step: the area's TFR and central net migration; per step and sex, [step × 2 + sex], years of e0 per
    /// unit of log mortality.
    const double *tfr, *netMigration, *e0Response;
} carecap_area_paths;

/// The kernel's per-draw rows for the columns of one chunk, each row `width` columns.
typedef struct {
    double *tfr, *netMigration, *extraMigration;  // [step × width + c]
    double *mortality;                             // [(step × 2 + sex) × width + c]
    double *enrolment, *institutionalCare;         // [year × width + c], `years` rows
    double *undercount;                            // [c]
} carecap_draw_rows;

/// The deviations of draws first..<first + width of one area, written as the projection kernel's rows: for
/// each column c the values CapacitySimulation wrote from DrawDeviations.next(draw: first + c, ...), by the
/// same IEEE operations in the same order (no contraction; exponentials by carecap_exp), so the same bits.
/// `own` holds each draw's own normals, the k-th `next` reads at [k × width + c] (`carecap_normals_strided`). `years`
/// (steps or steps + 1) behaviour rows are written. Returns 1 when some column's additive migration is
/// non-zero.
///
/// Why: `next` ran one draw at a time, and each of its series is a recursion (an AR(1), a random walk) whose
/// every step waits for the last: about 700 cycles a draw, 4% of a national run. Here a step of every draw of
/// the chunk is one vector operation.
int carecap_draw_deviations(const carecap_deviation_spec *spec, const carecap_area_paths *area, const double *own,
                            ptrdiff_t first, ptrdiff_t width, ptrdiff_t years, const carecap_draw_rows *rows);

#endif
