/* test_util.h -- small helpers shared by the trainer's tests: comparisons
 * that say what was compared, and random test data from the course rng. */
#ifndef DESCENT_TEST_UTIL_H
#define DESCENT_TEST_UTIL_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model.h" /* MODEL_INPUTS, MODEL_CLASSES */
#include "rng.h"

/* Fails the test unless |got - expected| <= tolerance, naming the value. */
static inline void check_close(const char *what, size_t index, double got,
                               double expected, double tolerance)
{
    if (!(fabs(got - expected) <= tolerance))
        fail_msg("%s[%zu]: expected %.9g, got %.9g (difference %.3g, allowed %.3g)",
                 what, index, expected, got, fabs(got - expected), tolerance);
}

/* Compares n floats with a hand-computed expectation. */
static inline void check_all_close(const char *what, const float *got,
                                   const double *expected, size_t n,
                                   double tolerance)
{
    for (size_t i = 0; i < n; i++)
        check_close(what, i, got[i], expected[i], tolerance);
}

/* Fills x[n] with uniform numbers in [low, high). */
static inline void fill_uniform(float *x, size_t n, float low, float high,
                                struct rng *rng)
{
    for (size_t i = 0; i < n; i++)
        x[i] = low + (high - low) * rng_uniform(rng);
}

/* count random "images" (pixels in [0, 1)) and their labels, from seed:
 * images [count, MODEL_INPUTS], labels [count]. */
static inline void random_examples(float *images, uint8_t *labels, size_t count,
                                   uint64_t seed)
{
    struct rng rng;
    rng_seed(&rng, seed, 7);
    fill_uniform(images, count * MODEL_INPUTS, 0, 1, &rng);
    for (size_t i = 0; i < count; i++)
        labels[i] = (uint8_t)rng_below(&rng, MODEL_CLASSES);
}

/* sum_i x[i] * r[i] in double: the scalar "loss" whose gradient with
 * respect to x is r. A layer's backward pass, given dout = r, must then
 * return the gradient of this loss, which gradcheck can verify. */
static inline double dot(const float *x, const float *r, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)x[i] * (double)r[i];
    return sum;
}

#endif
