#ifndef CAREACAP_WINDOW_H
#define CAREACAP_WINDOW_H

#include <stddef.h>

/// The quantiles' scan of one column of draws (PredictedSelection): the order statistics a year needs lie in
/// narrow windows of values predicted from the year before, so one pass counts the values below each window
/// and copies the few inside it, and only those are then selected among.

/// The windows a scan can take at once (P10, P50, P90).
#define CARECAP_WINDOWS 3

/// Sum and sum of squares of values[0..<count] (for the column's mean and standard deviation, from which the
/// windows are placed; any rounding only moves a window, never a result).
void carecap_sum_squares(const double *restrict values, ptrdiff_t count, double *restrict sum, double *restrict squares);

/// One pass over values[0..<count] with the windows [low[j], high[j]], j < CARECAP_WINDOWS (an empty window has
/// low > high): below[j] = how many values are < low[j], and the values v with low[j] ≤ v ≤ high[j] copied to
/// out + j × stride, inside[j] of them, in no particular order. Returns 1, or 0 when a window holds more than
/// `capacity` values, or when all three together hold more than stride − 8 (the scan stops early: the outputs
/// are then not valid). `stride` must be at least capacity + 64: the AVX-512 path gathers the three windows'
/// values in one list at out + 2 × stride and stores whole vectors past the kept values, and the baseline path
/// checks the capacity every 64 values. NaN is never passed (it is in no window and below none, so the counts
/// would not place it).
int carecap_window_scan(const double *restrict values, ptrdiff_t count, const double *restrict low,
                        const double *restrict high, ptrdiff_t *restrict below, ptrdiff_t *restrict inside,
                        double *restrict out, ptrdiff_t stride, ptrdiff_t capacity);

/// carecap_window_scan with AVX-512 only when `instructionSet` is 2 (and the CPU and
/// carecap_kernel_instruction_set allow it), else the baseline loop: for tests, which compare the two.
int carecap_window_scan_using(int instructionSet, const double *restrict values, ptrdiff_t count,
                              const double *restrict low, const double *restrict high, ptrdiff_t *restrict below,
                              ptrdiff_t *restrict inside, double *restrict out, ptrdiff_t stride, ptrdiff_t capacity);

/// The order statistics of ranks k and k + 1 of a[0..<count] (k + 1 < count), into pair[0] and pair[1]; `a` is
/// reordered. For a window's few values (carecap_window_scan), as P10 of 1,000 draws needs ranks 99 and 100.
void carecap_select_pair(double *restrict a, ptrdiff_t count, ptrdiff_t k, double *restrict pair);

#endif
