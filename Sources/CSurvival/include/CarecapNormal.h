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
/// with 1,024 layers and 53-bit integers (tables: scripts/ziggurat_tables.py). One 64-bit word gives the
/// layer (bits 0-9), the sign (bit 10) and the abscissa (bits 11-63), so they never share bits; 0.43% of
/// numbers need more words (the wedges and the tail). Only IEEE additions, multiplications and divisions
/// in a fixed order, with this project's own exp and log, so the numbers have the same bits on every CPU.
///
/// Why: a Monte Carlo run reads 155 normals per county and draw, 478 million nationally; GSL's Mersenne
/// Twister and ziggurat, one library call each, were 15% of the run's CPU.
void carecap_normals(carecap_rng *rng, double *out, ptrdiff_t count);

/// The same numbers as carecap_normals, written to out[i × stride]: a draw's normals into one column of a
/// table whose rows are the draws' k-th normals (carecap_draw_deviations).
void carecap_normals_strided(carecap_rng *rng, double *out, ptrdiff_t count, ptrdiff_t stride);

/// The seed of stream number `stream` derived from `base`: SplitMix64's finaliser of base + (stream + 1) × 0x9E37…7C15,
/// 0 moved to 4357 (`RandomStream.seed(base:stream:)`).
uint64_t carecap_stream_seed(uint64_t base, uint64_t stream);

/// Standard normals of `width` streams side by side: the stream of column c is seeded with
/// carecap_stream_seed(base, firstStream + c), and out[i × stride + c] is its i-th number (i < count), the numbers
/// carecap_normals gives that stream. Eight streams run at once in AVX-512 lanes where the CPU has AVX512F and
/// AVX512DQ, the same numbers.
///
/// Why: a Monte Carlo draw's own normals come from a stream of its own (the area's code and the draw's number), so
/// eight draws are eight independent generators, where one stream per area made every number wait on the one before.
void carecap_stream_normals(uint64_t base, uint64_t firstStream, ptrdiff_t width, double *out, ptrdiff_t count,
                            ptrdiff_t stride);

/// Whether carecap_stream_normals runs eight streams at once; `allowed` 0 or 1 forbids or allows it (tests compare
/// both ways), −1 only asks.
int carecap_stream_normals_vectorised(int allowed);

#endif
