/* rng.c -- PCG32; see rng.h for why the course has its own generator. */
#include "rng.h"

#include <math.h>

/* The 64-bit LCG multiplier used by PCG (from Knuth's MMIX). */
static const uint64_t PCG_MULTIPLIER = 6364136223846793005ULL;

void rng_seed(struct rng *rng, uint64_t seed, uint64_t stream)
{
    rng->state = 0;
    rng->increment = (stream << 1) | 1u; /* the increment must be odd */
    rng_next(rng);
    rng->state += seed;
    rng_next(rng);
}

uint32_t rng_next(struct rng *rng)
{
    uint64_t old = rng->state;
    rng->state = old * PCG_MULTIPLIER + rng->increment;

    /* Output permutation "XSH RR": xor the high bits down, keep 32 of them,
     * then rotate by an amount taken from the top 5 bits of the old state. */
    uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    uint32_t rotation = (uint32_t)(old >> 59);
    return (xorshifted >> rotation) | (xorshifted << ((32u - rotation) & 31u));
}

uint32_t rng_below(struct rng *rng, uint32_t bound)
{
    /* Draws in [0, 2^32) that fall below `threshold` would make the low
     * residues more likely than the high ones; reject them and draw again.
     * threshold = 2^32 mod bound, computed in 32-bit unsigned arithmetic. */
    uint32_t threshold = (uint32_t)(-bound) % bound;
    for (;;) {
        uint32_t r = rng_next(rng);
        if (r >= threshold)
            return r % bound;
    }
}

float rng_uniform(struct rng *rng)
{
    /* The top 24 bits, scaled by 2^-24: every float in the result is exact. */
    return (float)(rng_next(rng) >> 8) * (1.0f / 16777216.0f);
}

float rng_range(struct rng *rng, float lo, float hi)
{
    return lo + (hi - lo) * rng_uniform(rng);
}

float rng_normal(struct rng *rng)
{
    /* Box-Muller: for independent uniforms u1 in (0, 1] and u2 in [0, 1),
     * sqrt(-2 ln u1) * cos(2 pi u2) is a standard normal sample. */
    const double two_pi = 6.283185307179586;
    double u1 = 1.0 - (double)rng_uniform(rng); /* in (0, 1]: log is finite */
    double u2 = (double)rng_uniform(rng);
    return (float)(sqrt(-2.0 * log(u1)) * cos(two_pi * u2));
}
