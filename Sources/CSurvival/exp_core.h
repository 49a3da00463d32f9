#ifndef CARECAP_EXP_CORE_H
#define CARECAP_EXP_CORE_H

#include <stdint.h>
#include <string.h>

// Every product and sum rounded on its own, so each clone and each caller computes the same bits.
#pragma clang fp contract(off)

// e^x = 2^k · e^r with k the nearest integer to x / ln 2 and r = x − k·ln 2 (|r| ≤ ln 2 / 2 ≈ 0.347), ln 2
// split in two (Cody and Waite: k·ln2Hi is exact for |k| < 2^20). e^r = 1 + (r + (r²/2 + r²·(r·q(r))))
// with q the Taylor series from r^3/3! to r^13/13! over r^3 in Horner's form (the first term left out,
// r^14/14!, is below 5e-18 of e^r); adding the small terms first leaves the last addition to 1 as the
// only rounding of size 1/2 ulp. 2^k is built from its exponent bits; k comes from the bits of
// x / ln 2 + 1.5·2^52, which holds the rounded integer in its low bits (round to nearest, the default).
static const double carecapInvLn2 = 0x1.71547652b82fep0;
static const double carecapLn2Hi = 0x1.62e42fee00000p-1;
static const double carecapLn2Lo = 0x1.a39ef35793c76p-33;
static const double carecapShifter = 0x1.8p52;

/// e^x for |x| ≤ 708 (callers check the range): the body of carecap_exp, inlined into its vector loop and
/// into the ziggurat's wedge test (normal.c), so both give the same bits.
static inline double carecap_exp_core(double x) {
    const int64_t shifterBits = 0x4338000000000000LL;
    const double t = x * carecapInvLn2 + carecapShifter;
    const double k = t - carecapShifter;
    const double r = (x - k * carecapLn2Hi) - k * carecapLn2Lo;
    // 1/n! for n = 13 down to 3, rounded to the nearest double.
    double q = 0x1.6124613a86d09p-33;
    q = q * r + 0x1.1eed8eff8d898p-29;
    q = q * r + 0x1.ae64567f544e4p-26;
    q = q * r + 0x1.27e4fb7789f5cp-22;
    q = q * r + 0x1.71de3a556c734p-19;
    q = q * r + 0x1.a01a01a01a01ap-16;
    q = q * r + 0x1.a01a01a01a01ap-13;
    q = q * r + 0x1.6c16c16c16c17p-10;
    q = q * r + 0x1.1111111111111p-7;
    q = q * r + 0x1.5555555555555p-5;
    q = q * r + 0x1.5555555555555p-3;
    const double r2 = r * r;
    const double p = 1.0 + (r + (r2 * 0.5 + r2 * (r * q)));
    int64_t bits;
    memcpy(&bits, &t, sizeof bits);
    // k in the low bits; |x| ≤ 708 keeps k within ±1022, a normal power of two.
    const int64_t scaleBits = ((bits - shifterBits) + 1023) << 52;
    double scale;
    memcpy(&scale, &scaleBits, sizeof scale);
    return p * scale;
}

#endif
