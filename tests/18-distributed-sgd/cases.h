/* cases.h -- the inputs of lesson 18's MPI tests, drawn from a seed.
 *
 * Both sides include this file: the MPI test program (mpi_cases.c, which
 * runs the student's functions under mpirun) draws a case's inputs from
 * the seed the judge passes on its command line, and the judge (public.c,
 * hidden.c) draws the same inputs again to compute what it expects. No
 * student code runs in the judge, and no expected value travels from the
 * MPI program to the judge: only the student's outputs do. */
#ifndef DESCENT_LESSON18_CASES_H
#define DESCENT_LESSON18_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"

/* Streams of the generator: one per use, so the cases do not overlap. */
#define CASE_STREAM_VECTOR 100u /* + rank: the vector rank r contributes */
#define CASE_STREAM_TARGETS 200u
#define CASE_STREAM_BATCH 300u  /* + step */
#define CASE_STREAM_START 400u  /* + rank: starting weights */

/* Rank r's vector for the all-reduce: numbers of very different sizes
 * (|x| from about 0.01 to 100), so that the order of a sum shows in its
 * last bits. */
static inline void case_vector(uint64_t seed, int rank, float *x, size_t n)
{
    struct rng rng;
    rng_seed(&rng, seed, CASE_STREAM_VECTOR + (uint64_t)rank);
    for (size_t i = 0; i < n; i++) {
        float size = 0.01f * (float)(1u << rng_below(&rng, 14));
        x[i] = rng_range(&rng, -1.0f, 1.0f) * size;
    }
}

/* The quadratic objective of the SGD tests: example i has a target a_i
 * (n numbers in [-2, 2]) and the loss J_i(w) = 1/2 sum_j (w_j - a_ij)^2,
 * whose gradient is w - a_i. With same_targets, every example has a_0. */
static inline void case_targets(uint64_t seed, float *a, size_t examples, size_t n,
                                int same_targets)
{
    struct rng rng;
    rng_seed(&rng, seed, CASE_STREAM_TARGETS);
    for (size_t i = 0; i < examples * n; i++)
        a[i] = rng_range(&rng, -2.0f, 2.0f);
    if (same_targets)
        for (size_t i = n; i < examples * n; i++)
            a[i] = a[i % n];
}

/* Starting weights (n numbers in [-1, 1]); stream picks which. */
static inline void case_start(uint64_t seed, uint64_t stream, float *w, size_t n)
{
    struct rng rng;
    rng_seed(&rng, seed, CASE_STREAM_START + stream);
    for (size_t j = 0; j < n; j++)
        w[j] = rng_range(&rng, -1.0f, 1.0f);
}

/* The global batch of step t: batch_size example indices below examples,
 * drawn with replacement. */
static inline void case_batch(uint64_t seed, size_t t, uint32_t *batch, size_t batch_size,
                              size_t examples)
{
    struct rng rng;
    rng_seed(&rng, seed, CASE_STREAM_BATCH + (uint64_t)t);
    for (size_t k = 0; k < batch_size; k++)
        batch[k] = rng_below(&rng, (uint32_t)examples);
}

#endif
