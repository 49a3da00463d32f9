#include "CarecapDeviations.h"
#include "CarecapExp.h"

// Every product and sum rounded on its own, as Swift computes DrawDeviations.next.
#pragma clang fp contract(off)

// Swift's max(0, v): `v >= 0 ? v : 0`.
static inline double nonnegative(double v) { return v >= 0 ? v : 0; }

// √ρ · shared + √(1 − ρ) · own, as DrawDeviations.next's `mix`.
static inline double mix(carecap_mixing w, double shared, double own) { return w.shared * shared + w.own * own; }

// Columns per pass: each series' state for a block of draws is held in a small array the loops over the
// block's columns vectorise on (the recursions run along the steps, one step of every column at once).
enum { BLOCK = 32 };

// One step of a block's TFR, e0, migration scale and additive migration. Every row is a `restrict` parameter:
// clang takes `restrict` from parameters (as no-alias scopes that survive inlining), not from local pointers, and
// with the rows as locals the loop ran one column at a time. `province` NULL: no shared province normals (0).
static inline __attribute__((always_inline))
int stepOfBlock(const carecap_deviation_spec *restrict spec, double *restrict tfr, double *restrict net,
                double *restrict extra, double *restrict male, double *restrict female, double *restrict d,
                double *restrict walk, double *restrict x, const double *restrict e0Level, const double *restrict scale,
                const double *restrict sharedTFR, const double *restrict sharedE0Walk, const double *restrict province,
                const double *restrict oTFRs, const double *restrict oE0Walks, const double *restrict oAdditives,
                double maleResponse, double femaleResponse, double netOfStep, int firstStep, int n) {
    const carecap_deviation_spec s = *spec;
    int additive = 0;
    for (int c = 0; c < n; c++) {
        // TFR: an AR(1) of the log factor (exponentiated below).
        d[c] = s.tfrPersistence * d[c] + s.tfrSD * mix(s.tfrWeights, sharedTFR[c], oTFRs[c]);
        tfr[c] = d[c];
        // e0: a level plus a random walk; the mortality factor's log is −Δe0 / response.
        walk[c] = s.e0Persistence * walk[c] + s.e0SDPerYear * mix(s.e0Weights, sharedE0Walk[c], oE0Walks[c]);
        const double shift = e0Level[c] + walk[c];
        male[c] = -shift / maleResponse;
        female[c] = -shift / femaleResponse;
        net[c] = netOfStep * scale[c];
        // Additive migration: a stationary AR(1) with the province's normals shared.
        const double z = mix(s.provinceWeights, province ? province[c] : 0, oAdditives[c]);
        x[c] = firstStep ? s.additiveSigma * z : s.additivePersistence * x[c] + s.additiveInnovation * z;
        extra[c] = x[c];
        additive |= x[c] != 0;
    }
    return additive;
}

// One year of a block's behaviour walks (enrolment, institutional care), rows as `restrict` parameters.
static inline __attribute__((always_inline))
void behavioursOfBlock(const carecap_deviation_spec *restrict spec, double *restrict enrolment, double *restrict care,
                       double *restrict enrolmentWalk, double *restrict careWalk, const double *restrict enrolmentLevelZ,
                       const double *restrict careLevelZ, const double *restrict sharedEnrolment,
                       const double *restrict sharedCare, const double *restrict oEnrolments,
                       const double *restrict oCares, int n) {
    const carecap_deviation_spec s = *spec;
    for (int c = 0; c < n; c++) {
        const double enrolmentZ = mix(s.enrolmentWeights, sharedEnrolment[c], oEnrolments[c]);
        const double careZ = s.behaviourCorrelation * enrolmentZ +
                             s.behaviourApart * mix(s.careWeights, sharedCare[c], oCares[c]);
        enrolmentWalk[c] = s.enrolmentPersistence * enrolmentWalk[c] + s.enrolmentSDPerYear * enrolmentZ;
        careWalk[c] = s.carePersistence * careWalk[c] + s.careSDPerYear * careZ;
        enrolment[c] = s.enrolmentSD * enrolmentLevelZ[c] + enrolmentWalk[c];
        care[c] = s.careSD * careLevelZ[c] + careWalk[c];
    }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
static int deviationsOfBlock(const carecap_deviation_spec *spec, const carecap_area_paths *area, const double *own,
                             ptrdiff_t first, ptrdiff_t c0, int n, ptrdiff_t W, ptrdiff_t years,
                             const carecap_draw_rows *rows) {
    // The spec's numbers as locals: the stores below cannot change them, so the loops over the columns vectorise.
    const carecap_deviation_spec s = *spec;
    const ptrdiff_t steps = s.steps, draws = s.draws;
    // Where each component's own normals start in a draw's (the order DrawDeviations.next reads them).
    const ptrdiff_t oTFR = 0, oE0Level = steps, oMigration = steps + 1, oE0Walk = steps + 2, oAdditive = 2 * steps + 2,
                    oEnrolmentLevel = 3 * steps + 2, oEnrolmentWalk = 3 * steps + 3, oCareLevel = 4 * steps + 3,
                    oCareWalk = 4 * steps + 4, oUndercount = 5 * steps + 4;
    // Own normal k of column c is o[k × W + c]; shared normal of a step, s.series[step × draws + draw0 + c].
    const double *o = own + c0;
    const ptrdiff_t draw0 = first + c0;
    double d[BLOCK], e0Level[BLOCK], walk[BLOCK], scale[BLOCK], x[BLOCK];
    double enrolmentLevelZ[BLOCK], careLevelZ[BLOCK], enrolmentWalk[BLOCK], careWalk[BLOCK];
    int additive = 0;

    for (int c = 0; c < n; c++) {
        d[c] = 0;
        walk[c] = 0;
        x[c] = 0;
        enrolmentWalk[c] = 0;
        careWalk[c] = 0;
        const ptrdiff_t draw = draw0 + c;
        e0Level[c] = s.e0SD * mix(s.e0Weights, s.e0Level[draw], o[oE0Level * W + c]);
        scale[c] = 1 + s.migrationSD * mix(s.migrationWeights, s.migrationScale[draw], o[oMigration * W + c]);
        enrolmentLevelZ[c] = mix(s.enrolmentWeights, s.enrolmentLevel[draw], o[oEnrolmentLevel * W + c]);
        careLevelZ[c] = s.behaviourCorrelation * enrolmentLevelZ[c] +
                        s.behaviourApart * mix(s.careWeights, s.careLevel[draw], o[oCareLevel * W + c]);
        rows->undercount[c0 + c] = nonnegative(1 + s.undercountMean +
                                               s.undercountSD * mix(s.undercountWeights, s.undercount[draw], o[oUndercount * W + c]));
    }
    // The shared normals of a step are rows of every draw ([step × draws + draw]): this block's part of a row is
    // 4 cache lines, 8 KB from the step before's, read once per area from memory. Fetched PREFETCH_STEPS steps
    // ahead (the recursions along the steps leave the loads waiting otherwise).
    enum { PREFETCH_STEPS = 4 };
    for (ptrdiff_t step = 0; step < steps; step++) {
        if (step + PREFETCH_STEPS < steps) {
            const ptrdiff_t ahead = (step + PREFETCH_STEPS) * draws + draw0;
            for (int line = 0; line < n; line += 8) {
                __builtin_prefetch(s.tfr + ahead + line);
                __builtin_prefetch(s.e0Walk + ahead + line);
                if (s.province) __builtin_prefetch(s.province + ahead + line);
            }
        }
        double *restrict tfr = rows->tfr + step * W + c0, *restrict net = rows->netMigration + step * W + c0;
        double *restrict extra = rows->extraMigration + step * W + c0;
        double *restrict male = rows->mortality + (step * 2) * W + c0, *restrict female = male + W;
        const double maleResponse = area->e0Response[step * 2], femaleResponse = area->e0Response[step * 2 + 1];
        const double netOfStep = area->netMigration[step];
        const ptrdiff_t row = step * draws + draw0;
        const double *oTFRs = o + (oTFR + step) * W, *oE0Walks = o + (oE0Walk + step) * W, *oAdditives = o + (oAdditive + step) * W;
        additive |= stepOfBlock(&s, tfr, net, extra, male, female, d, walk, x, e0Level, scale, s.tfr + row, s.e0Walk + row,
                                s.province ? s.province + row : NULL, oTFRs, oE0Walks, oAdditives, maleResponse,
                                femaleResponse, netOfStep, step == 0, n);
    }
    // Behaviours: year 0 is the level alone, year k the level plus k steps of the walk.
    for (int c = 0; c < n; c++) {
        rows->enrolment[c0 + c] = s.enrolmentSD * enrolmentLevelZ[c];
        rows->institutionalCare[c0 + c] = s.careSD * careLevelZ[c];
    }
    for (ptrdiff_t step = 0; step + 1 < years; step++) {
        const ptrdiff_t row = step * draws + draw0;
        if (step + PREFETCH_STEPS + 1 < years) {
            for (int line = 0; line < n; line += 8) {
                __builtin_prefetch(s.enrolmentWalk + row + PREFETCH_STEPS * draws + line);
                __builtin_prefetch(s.careWalk + row + PREFETCH_STEPS * draws + line);
            }
        }
        behavioursOfBlock(&s, rows->enrolment + (step + 1) * W + c0, rows->institutionalCare + (step + 1) * W + c0,
                          enrolmentWalk, careWalk, enrolmentLevelZ, careLevelZ, s.enrolmentWalk + row, s.careWalk + row,
                          o + (oEnrolmentWalk + step) * W, o + (oCareWalk + step) * W, n);
    }
    return additive;
}

int carecap_draw_deviations(const carecap_deviation_spec *spec, const carecap_area_paths *area, const double *own,
                            ptrdiff_t first, ptrdiff_t width, ptrdiff_t years, const carecap_draw_rows *rows) {
    int additive = 0;
    for (ptrdiff_t c0 = 0; c0 < width; c0 += BLOCK) {
        const int n = (int)(width - c0 < BLOCK ? width - c0 : BLOCK);
        additive |= deviationsOfBlock(spec, area, own, first, c0, n, width, years, rows);
    }
    const ptrdiff_t steps = spec->steps;
    // The exponentials of every row at once (carecap_exp is element by element: the same bits as per draw).
    carecap_exp(rows->tfr, rows->tfr, steps * width);
    carecap_exp(rows->mortality, rows->mortality, steps * 2 * width);
    carecap_exp(rows->enrolment, rows->enrolment, years * width);
    carecap_exp(rows->institutionalCare, rows->institutionalCare, years * width);
    for (ptrdiff_t step = 0; step < steps; step++) {
        double *tfr = rows->tfr + step * width;
        const double tfrOfStep = area->tfr[step];
        for (ptrdiff_t c = 0; c < width; c++) tfr[c] = tfrOfStep * tfr[c];
    }
    return additive;
}
