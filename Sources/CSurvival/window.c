#include "CarecapWindow.h"
#include "CSurvival.h"

#include <stdint.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CARECAP_WINDOW_AVX512 1
#else
#define CARECAP_WINDOW_AVX512 0
#endif

// Thirty-two sums of each kind (four vectors of eight), so that the additions are not one chain of latency (the
// order does not matter here: the sums only place the windows).
__attribute__((target_clones("avx512f", "avx2", "default")))
void carecap_sum_squares(const double *restrict values, ptrdiff_t count, double *restrict sum, double *restrict squares) {
    double s[32] = {0}, q[32] = {0};
    ptrdiff_t i = 0;
    for (; i + 32 <= count; i += 32)
        for (int k = 0; k < 32; k++) { s[k] += values[i + k]; q[k] += values[i + k] * values[i + k]; }
    double total = 0, totalSquares = 0;
    for (; i < count; i++) { total += values[i]; totalSquares += values[i] * values[i]; }
    for (int k = 0; k < 32; k++) { total += s[k]; totalSquares += q[k]; }
    *sum = total;
    *squares = totalSquares;
}

#if CARECAP_WINDOW_AVX512
// Eight values at a time, with subtractions instead of comparisons (a comparison into a mask register issues at
// about one per two cycles here, a subtraction at two per cycle): v − low < 0 exactly when v < low, and
// high − v < 0 exactly when v > high, for finite values and bounds that are not zero (the caller's bounds are
// finite; zero bounds are moved out by the least double first, which keeps every count: −0.0 − 0.0 is −0.0, whose
// sign would count an equal value as below). The sign bits give the counts below each window (shifted to 0 or 1
// and added per lane) and the mask of the values inside any window, which are packed to the front of a register
// (vcompresspd into a register: fast on every AVX-512 core, where the form that writes memory is slow on some) and
// stored whole at the end of one list, which then moves by their count. The list is split by window afterwards:
// it holds a few dozen values. Measured on 1,000 values in L1: 180 ns, against 260 ns with six comparisons and 350
// ns with a list per window.
__attribute__((target("avx512f,popcnt")))
static int scan_avx512(const double *restrict values, ptrdiff_t count, const double *restrict low,
                       const double *restrict high, ptrdiff_t *restrict below, ptrdiff_t *restrict inside,
                       double *restrict out, ptrdiff_t stride, ptrdiff_t capacity) {
    const __m512d low0 = _mm512_set1_pd(low[0]), low1 = _mm512_set1_pd(low[1]), low2 = _mm512_set1_pd(low[2]);
    const __m512d high0 = _mm512_set1_pd(high[0]), high1 = _mm512_set1_pd(high[1]), high2 = _mm512_set1_pd(high[2]);
    __m512i under0 = _mm512_setzero_si512(), under1 = under0, under2 = under0;
    // The union list lives in the last window's run: it may hold up to stride − 8 values before the check fails.
    double *restrict list = out + 2 * stride;
    ptrdiff_t kept = 0;
    ptrdiff_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m512d v = _mm512_loadu_pd(values + i);
        const __m512i u0 = _mm512_castpd_si512(_mm512_sub_pd(v, low0));
        const __m512i u1 = _mm512_castpd_si512(_mm512_sub_pd(v, low1));
        const __m512i u2 = _mm512_castpd_si512(_mm512_sub_pd(v, low2));
        const __m512i g0 = _mm512_castpd_si512(_mm512_sub_pd(high0, v));
        const __m512i g1 = _mm512_castpd_si512(_mm512_sub_pd(high1, v));
        const __m512i g2 = _mm512_castpd_si512(_mm512_sub_pd(high2, v));
        under0 = _mm512_add_epi64(under0, _mm512_srli_epi64(u0, 63));
        under1 = _mm512_add_epi64(under1, _mm512_srli_epi64(u1, 63));
        under2 = _mm512_add_epi64(under2, _mm512_srli_epi64(u2, 63));
        // Outside window j: the sign of u_j | g_j; inside some window: not outside all three.
        const __m512i outside = _mm512_and_si512(_mm512_and_si512(_mm512_or_si512(u0, g0), _mm512_or_si512(u1, g1)),
                                                 _mm512_or_si512(u2, g2));
        // The sign bits as a mask: a signed comparison with 0 (AVX512F; vpmovq2m would need AVX512DQ).
        const __mmask8 in = (__mmask8)~_mm512_cmplt_epi64_mask(outside, _mm512_setzero_si512());
        _mm512_storeu_pd(list + kept, _mm512_maskz_compress_pd(in, v));
        kept += __builtin_popcount(in);
        if (__builtin_expect(kept > stride - 8, 0)) return 0;
    }
    ptrdiff_t b0 = _mm512_reduce_add_epi64(under0), b1 = _mm512_reduce_add_epi64(under1), b2 = _mm512_reduce_add_epi64(under2);
    for (; i < count; i++) {
        const double v = values[i];
        const int v0 = v < low[0], v1 = v < low[1], v2 = v < low[2];
        b0 += v0;
        b1 += v1;
        b2 += v2;
        list[kept] = v;
        kept += (!v0 & (v <= high[0])) | (!v1 & (v <= high[1])) | (!v2 & (v <= high[2]));
        if (kept > stride - 8) return 0;
    }
    // Split the list: windows 0 and 1 copied out, window 2's values moved to the front of the list (a value may
    // belong to more than one window when they overlap). In place: the write index never passes the read index.
    ptrdiff_t n0 = 0, n1 = 0, n2 = 0;
    double *restrict out0 = out, *restrict out1 = out + stride;
    for (ptrdiff_t k = 0; k < kept; k++) {
        const double v = list[k];
        const int w0 = !(v < low[0]) & (v <= high[0]), w1 = !(v < low[1]) & (v <= high[1]);
        const int w2 = !(v < low[2]) & (v <= high[2]);
        out0[n0] = v;
        n0 += w0;
        out1[n1] = v;
        n1 += w1;
        list[n2] = v;
        n2 += w2;
    }
    if ((n0 > capacity) | (n1 > capacity) | (n2 > capacity)) return 0;
    below[0] = b0; below[1] = b1; below[2] = b2;
    inside[0] = n0; inside[1] = n1; inside[2] = n2;
    return 1;
}
#endif

// Without AVX-512: each value is written at each window's end, which moves only when it is inside (no branch on
// the data); the capacity is checked every 64 values, so a window may pass it by at most 64 before the scan
// stops; the caller's stride of capacity + 64 leaves room for that (the limit below is also held under stride − 64).
static int scan_base(const double *restrict values, ptrdiff_t count, const double *restrict low,
                     const double *restrict high, ptrdiff_t *restrict below, ptrdiff_t *restrict inside,
                     double *restrict out, ptrdiff_t stride, ptrdiff_t capacity) {
    const double l0 = low[0], l1 = low[1], l2 = low[2], h0 = high[0], h1 = high[1], h2 = high[2];
    double *restrict out0 = out, *restrict out1 = out + stride, *restrict out2 = out + 2 * stride;
    ptrdiff_t b0 = 0, b1 = 0, b2 = 0, n0 = 0, n1 = 0, n2 = 0;
    // The check below lets a window grow by up to 64 values past `capacity` between checks.
    const ptrdiff_t limit = stride - 64 < capacity ? stride - 64 : capacity;
    if (limit < 0) return 0;
    for (ptrdiff_t start = 0; start < count; start += 64) {
        const ptrdiff_t end = start + 64 < count ? start + 64 : count;
        for (ptrdiff_t i = start; i < end; i++) {
            const double v = values[i];
            const int u0 = v < l0, u1 = v < l1, u2 = v < l2;
            out0[n0] = v;
            out1[n1] = v;
            out2[n2] = v;
            b0 += u0;
            b1 += u1;
            b2 += u2;
            n0 += !u0 & (v <= h0);
            n1 += !u1 & (v <= h1);
            n2 += !u2 & (v <= h2);
        }
        if ((n0 > limit) | (n1 > limit) | (n2 > limit)) return 0;
    }
    below[0] = b0; below[1] = b1; below[2] = b2;
    inside[0] = n0; inside[1] = n1; inside[2] = n2;
    return 1;
}

int carecap_window_scan_using(int instructionSet, const double *restrict values, ptrdiff_t count,
                              const double *restrict low, const double *restrict high, ptrdiff_t *restrict below,
                              ptrdiff_t *restrict inside, double *restrict out, ptrdiff_t stride, ptrdiff_t capacity) {
#if CARECAP_WINDOW_AVX512
    if (instructionSet == 2 && carecap_kernel_instruction_set(-1) == 2) {
        // Zero bounds moved out by the least double (see scan_avx512): only ±4.9e-324 can change sides, and the
        // counts and the copies use the moved bounds alike.
        double lows[3], highs[3];
        for (int j = 0; j < 3; j++) {
            lows[j] = low[j] == 0 ? -__DBL_DENORM_MIN__ : low[j];
            highs[j] = high[j] == 0 ? __DBL_DENORM_MIN__ : high[j];
        }
        return scan_avx512(values, count, lows, highs, below, inside, out, stride, capacity);
    }
#else
    (void)instructionSet;
#endif
    return scan_base(values, count, low, high, below, inside, out, stride, capacity);
}

int carecap_window_scan(const double *restrict values, ptrdiff_t count, const double *restrict low,
                        const double *restrict high, ptrdiff_t *restrict below, ptrdiff_t *restrict inside,
                        double *restrict out, ptrdiff_t stride, ptrdiff_t capacity) {
    // The kernel's instruction set (carecap_kernel_instruction_set).
    return carecap_window_scan_using(2, values, count, low, high, below, inside, out, stride, capacity);
}

// The ranks of a few values by counting: value i's rank is the number of values below it plus the equal ones
// before it (ties ranked by place, so every rank is held once), m² comparisons without a branch, which the compiler
// vectorises. For the windows' few dozen values, several times faster than partitions whose last steps (an
// insertion sort) branch on every comparison.
static inline void pair_by_counting(const double *restrict a, ptrdiff_t count, ptrdiff_t k, double *restrict pair) {
    double first = 0, second = 0;
    for (ptrdiff_t i = 0; i < count; i++) {
        const double x = a[i];
        ptrdiff_t rank = 0;
        for (ptrdiff_t j = 0; j < count; j++) rank += (a[j] < x) | ((a[j] == x) & (j < i));
        first = rank == k ? x : first;
        second = rank == k + 1 ? x : second;
    }
    pair[0] = first;
    pair[1] = second;
}

// Whether every value is finite (x − x is 0 for finite x, NaN for ±∞ and NaN).
static inline int window_values_finite(const double *restrict a, ptrdiff_t count) {
    int finite = 1;
    for (ptrdiff_t i = 0; i < count; i++) finite &= (a[i] - a[i]) == 0;
    return finite;
}

#if CARECAP_WINDOW_AVX512
// Counting for AVX-512, eight candidates at once against one value at a time (no sum across lanes): for each
// candidate x the values below it, from the sign bit of a − x as in scan_avx512 (with −0.0 made +0.0 first, by
// adding +0.0, so that equal values give +0.0). The value of rank r is the largest x with at most r values below
// it: every value above the r-th order statistic v has at least r + 1 values below it (a₀ … a_r ≤ v), and v has at
// most r. Among equal values the last in place is taken, as counting each value's whole range of ranks did before
// (that counted the values above too: twice the work for the same answer). The candidates past `count` are +∞
// and ignored. At most 64 values.
__attribute__((target("avx512f")))
static void pair_by_counting_avx512(const double *restrict a, ptrdiff_t count, ptrdiff_t k, double *restrict pair) {
    double x[64 + 8];
    int64_t lower[64 + 8];
    const ptrdiff_t padded = (count + 7) & ~(ptrdiff_t)7;
    for (ptrdiff_t i = 0; i < count; i++) x[i] = a[i] + 0.0;
    for (ptrdiff_t i = count; i < padded; i++) x[i] = __builtin_inf();
    // The largest candidate with at most k (k + 1) values below it, as masked maxima; then, in a second pass
    // without a chain from one value to the next, the last place holding it, for the value's own bits.
    const __m512d none = _mm512_set1_pd(-__builtin_inf());
    const __m512i rankK = _mm512_set1_epi64(k), rankNext = _mm512_set1_epi64(k + 1);
    __m512d firstMax = none, secondMax = none;
    for (ptrdiff_t c = 0; c < padded; c += 8) {
        const __m512d candidates = _mm512_loadu_pd(x + c);
        __m512i below = _mm512_setzero_si512();
        for (ptrdiff_t j = 0; j < count; j++) {
            const __m512d v = _mm512_set1_pd(x[j]);
            below = _mm512_add_epi64(below, _mm512_srli_epi64(_mm512_castpd_si512(_mm512_sub_pd(v, candidates)), 63));
        }
        _mm512_storeu_si512(lower + c, below);
        firstMax = _mm512_max_pd(firstMax, _mm512_mask_blend_pd(_mm512_cmple_epi64_mask(below, rankK), none, candidates));
        secondMax = _mm512_max_pd(secondMax, _mm512_mask_blend_pd(_mm512_cmple_epi64_mask(below, rankNext), none, candidates));
    }
    const double firstX = _mm512_reduce_max_pd(firstMax), secondX = _mm512_reduce_max_pd(secondMax);
    // A value other than zero is its own bits: x[i] = a[i] + 0.0 changes only the sign of a zero, and equal finite
    // values that are not zero have the same bits. So the place is looked up only for a zero (−0.0 or +0.0 in `a`).
    // Why: the lookup below is a scalar pass of about ten operations per value, a third of a window's time.
    if (firstX != 0 && secondX != 0) {
        pair[0] = firstX;
        pair[1] = secondX;
        return;
    }
    // The last place of each: indexes chosen with integer masks, not branches (which the data make unpredictable).
    ptrdiff_t firstAt = 0, secondAt = 0;
    for (ptrdiff_t i = 0; i < count; i++) {
        const ptrdiff_t f = -(ptrdiff_t)((lower[i] <= k) & (x[i] == firstX));
        const ptrdiff_t g = -(ptrdiff_t)((lower[i] <= k + 1) & (x[i] == secondX));
        firstAt = (firstAt & ~f) | (i & f);
        secondAt = (secondAt & ~g) | (i & g);
    }
    pair[0] = a[firstAt];
    pair[1] = a[secondAt];
}
#endif

// Up to this many values the pair is found by counting; above, partitions narrow the range first.
#define PAIR_COUNTING_LIMIT 48

// Branch-free Lomuto partitions (the comparison moves an index; every value is swapped) with median-of-three
// pivots narrow the range holding rank k to at most PAIR_COUNTING_LIMIT values (with the values after it not
// smaller), then counting places k and k + 1 when both lie in it, or k and the least value after the range.
void carecap_select_pair(double *restrict a, ptrdiff_t count, ptrdiff_t k, double *restrict pair) {
#if CARECAP_WINDOW_AVX512
    // Finite values only (the windows' are): the signs of differences do not order infinities or NaN.
    if (count <= 64 && carecap_kernel_instruction_set(-1) == 2 && window_values_finite(a, count)) {
        pair_by_counting_avx512(a, count, k, pair);
        return;
    }
#endif
    ptrdiff_t lo = 0, end = count;
    while (end - lo > PAIR_COUNTING_LIMIT) {
        const double x = a[lo], y = a[lo + (end - lo) / 2], z = a[end - 1];
        const double smaller = x < y ? x : y, larger = x < y ? y : x;
        const double pivot = z < smaller ? smaller : (z < larger ? z : larger);
        ptrdiff_t left = lo;
        for (ptrdiff_t r = lo; r < end; r++) {
            const double v = a[r];
            const int moves = v < pivot;
            a[r] = a[left];
            a[left] = v;
            left += moves;
        }
        if (left == lo) {
            // Nothing below the pivot (the smallest value of the range): the values equal to it to the front.
            ptrdiff_t equalEnd = lo;
            for (ptrdiff_t r = lo; r < end; r++) {
                const double v = a[r];
                const int moves = !(pivot < v);
                a[r] = a[equalEnd];
                a[equalEnd] = v;
                equalEnd += moves;
            }
            if (k < equalEnd) {
                // a[lo..<equalEnd] all equal the pivot: rank k holds it, and k + 1 too or the least after.
                double next = pivot;
                if (k + 1 >= equalEnd) {
                    next = a[equalEnd];
                    for (ptrdiff_t i = equalEnd + 1; i < count; i++) next = a[i] < next ? a[i] : next;
                }
                pair[0] = pivot;
                pair[1] = next;
                return;
            }
            lo = equalEnd;
            continue;
        }
        if (k < left) end = left; else lo = left;
    }
    if (k + 1 < end) {
        pair_by_counting(a + lo, end - lo, k - lo, pair);
    } else {
        // Rank k is the range's last; k + 1 is the least value after the range (all at least as large).
        double unused[2];
        pair_by_counting(a + lo, end - lo, k - lo, unused);
        pair[0] = unused[0];
        double next = a[end];
        for (ptrdiff_t i = end + 1; i < count; i++) next = a[i] < next ? a[i] : next;
        pair[1] = next;
    }
}
