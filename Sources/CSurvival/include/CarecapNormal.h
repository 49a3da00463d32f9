#ifndef CARECAP_NORMAL_H
#define CARECAP_NORMAL_H

#include <stddef.h>
#include <stdint.h>

/// A random stream: xoshiro256++ (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4), 2021; period 2^256 − 1), seeded by SplitMix64 as its authors advise.
typedef struct {
    uint64_t state[4];
} carecap_rng;

/// Fills the state from `seed` by four steps of SplitMix64 (never all zero).
void carecap_rng_seed(carecap_rng *rng, uint64_t seed);

/// The next 64 random bits.
uint64_t carecap_rng_next(carecap_rng *rng);

/// Uniform on [0, 1): the top 53 bits of the next word times 2^-53.
double carecap_rng_uniform(carecap_rng *rng);

/// out[i] = standard normal numbers for i < count, in order, by the ziggurat of Marsaglia and Tsang (2000)
/// with 256 layers and 53-bit integers (tables: scripts/ziggurat_tables.py). One 64-bit word gives the
/// layer (bits 0-7), the sign (bit 8) and the abscissa (bits 11-63), so they never share bits; 1.5% of
/// numbers need more words (the wedges and the tail). Only IEEE additions, multiplications and divisions
/// in a fixed order, with this project's own exp and log, so the numbers have the same bits on every CPU.
///
/// Why: a Monte Carlo run reads 155 normals per county and draw, 478 million nationally; GSL's Mersenne
/// Twister and ziggurat, one library call each, were 15% of the run's CPU.
void carecap_normals(carecap_rng *rng, double *out, ptrdiff_t count);

/// The same numbers as carecap_normals, written to out[i × stride]: a draw's normals into one column of a
/// table whose rows are the draws' k-th normals (carecap_draw_deviations).
void carecap_normals_strided(carecap_rng *rng, double *out, ptrdiff_t count, ptrdiff_t stride);

#endif
