/* rng.h -- the course's one random generator (PCG32), with explicit state.
 *
 * Everything random in the course -- initial weights, shuffles, noise in the
 * synthetic data, the cases of randomized tests -- draws from a `struct rng`
 * that the caller owns. Nothing uses rand(): its state is hidden and its
 * output differs between C libraries, so a run could not be replayed.
 * The same seed gives the same numbers, bit for bit, on every machine.
 *
 * PCG32 (M. E. O'Neill, "PCG: A family of simple fast space-efficient
 * statistically good algorithms for random number generation", 2014): a
 * 64-bit linear congruential state, and an output function that permutes it
 * into 32 good bits. The whole state is two integers, so a checkpoint can
 * save and restore it exactly. */
#ifndef DESCENT_RNG_H
#define DESCENT_RNG_H

#include <stdint.h>

struct rng {
    uint64_t state;     /* advances by state <- state * A + increment */
    uint64_t increment; /* odd; selects one of 2^63 independent streams */
};

/* Starts the generator: the same (seed, stream) pair always gives the same
 * sequence, and different streams give unrelated sequences. */
void rng_seed(struct rng *rng, uint64_t seed, uint64_t stream);

/* The next 32 random bits. */
uint32_t rng_next(struct rng *rng);

/* A uniform integer in [0, bound), without the bias of `rng_next() % bound`.
 * bound must be at least 1. */
uint32_t rng_below(struct rng *rng, uint32_t bound);

/* A uniform float in [0, 1): 24 random bits, the float's full precision. */
float rng_uniform(struct rng *rng);

/* A uniform float in [lo, hi): lo + (hi - lo) * rng_uniform(rng). */
float rng_range(struct rng *rng, float lo, float hi);

/* A standard normal sample (mean 0, variance 1), by the Box-Muller
 * transform. It uses two uniforms per call and keeps no cached value, so
 * the whole state stays the two integers above. */
float rng_normal(struct rng *rng);

#endif
