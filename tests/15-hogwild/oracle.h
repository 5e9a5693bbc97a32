/* oracle.h -- what lesson 15's tests compare with, written here from the
 * lesson's formulas and never taken from the code under test: random sparse
 * data sets, and sequential SGD on plain floats in exactly the arithmetic
 * the contract of sparse_logistic_sgd_step states (lesson15.h). Shared by
 * public.c and hidden.c. */
#ifndef DESCENT_TESTS_HOGWILD_ORACLE_H
#define DESCENT_TESTS_HOGWILD_ORACLE_H

#include "lessons.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A data set that owns its storage: count examples of nnz_max features at
 * most, and a weight vector of dim floats to train. */
struct problem {
    size_t dim, count;
    struct sparse_example *examples;
    size_t *index;       /* count * nnz_max */
    float *value;        /* count * nnz_max */
};

static inline void problem_free(struct problem *p)
{
    free(p->examples);
    free(p->index);
    free(p->value);
    memset(p, 0, sizeof *p);
}

/* Example i draws nnz features (1..nnz_max, distinct) from the index range
 * [lo_i, hi_i) given by block(i), values of size 0.5..1.5 with a random sign,
 * and a label from a hidden "true" weight vector: y = 1 when
 * sum true_w[j] x_j + noise > 0. lo/hi may depend on i so that tests can
 * give different slices disjoint features. Returns 0, or -1 if out of memory. */
static inline int problem_make(struct problem *p, struct rng *rng, size_t dim, size_t count,
                               size_t nnz_max, const size_t *block_lo, const size_t *block_hi)
{
    p->dim = dim;
    p->count = count;
    p->examples = calloc(count ? count : 1, sizeof *p->examples);
    p->index = calloc(count * nnz_max + 1, sizeof *p->index);
    p->value = calloc(count * nnz_max + 1, sizeof *p->value);
    float *true_w = malloc((dim ? dim : 1) * sizeof *true_w);
    if (!p->examples || !p->index || !p->value || !true_w) {
        free(true_w);
        problem_free(p);
        return -1;
    }
    for (size_t j = 0; j < dim; j++)
        true_w[j] = 2.0f * rng_normal(rng);
    for (size_t i = 0; i < count; i++) {
        size_t lo = block_lo ? block_lo[i] : 0, hi = block_hi ? block_hi[i] : dim;
        size_t width = hi - lo;
        size_t nnz = 1 + rng_below(rng, (uint32_t)(nnz_max < width ? nnz_max : width));
        size_t *index = p->index + i * nnz_max;
        float *value = p->value + i * nnz_max;
        double z = 0.0;
        for (size_t k = 0; k < nnz; k++) {
            size_t j;
            int fresh;
            do { /* distinct indices within one example */
                j = lo + rng_below(rng, (uint32_t)width);
                fresh = 1;
                for (size_t m = 0; m < k; m++)
                    fresh = fresh && index[m] != j;
            } while (!fresh);
            index[k] = j;
            value[k] = (0.5f + rng_uniform(rng)) * (rng_below(rng, 2) ? 1.0f : -1.0f);
            z += (double)true_w[j] * value[k];
        }
        z += 0.5 * rng_normal(rng);
        p->examples[i] = (struct sparse_example){index, value, nnz, z > 0.0 ? 1.0f : 0.0f};
    }
    free(true_w);
    return 0;
}

/* One SGD step on plain floats, in the contract's arithmetic:
 *   z = sum_k w[j_k] x_k (double), d = 1/(1 + exp(-z)) - y (double),
 *   w[j_k] = (float)(w[j_k] - lr * d * x_k). */
static inline void oracle_step(float *w, const struct sparse_example *e, float lr)
{
    double z = 0.0;
    for (size_t k = 0; k < e->nnz; k++)
        z += (double)w[e->index[k]] * e->value[k];
    double d = 1.0 / (1.0 + exp(-z)) - e->label;
    for (size_t k = 0; k < e->nnz; k++)
        w[e->index[k]] = (float)(w[e->index[k]] - lr * d * e->value[k]);
}

/* Sequential SGD: epochs passes over examples [first, end) in order. */
static inline void oracle_sgd(float *w, const struct sparse_example *examples, size_t first,
                              size_t end, float lr, size_t epochs)
{
    for (size_t epoch = 0; epoch < epochs; epoch++)
        for (size_t i = first; i < end; i++)
            oracle_step(w, &examples[i], lr);
}

/* The mean loss log(1 + exp(z)) - y z, in double, stably. */
static inline double oracle_loss(const float *w, const struct sparse_example *examples,
                                 size_t count)
{
    if (count == 0)
        return 0.0;
    double sum = 0.0;
    for (size_t i = 0; i < count; i++) {
        double z = 0.0;
        for (size_t k = 0; k < examples[i].nnz; k++)
            z += (double)w[examples[i].index[k]] * examples[i].value[k];
        sum += (z > 0.0 ? z : 0.0) + log1p(exp(-fabs(z))) - examples[i].label * z;
    }
    return sum / (double)count;
}

/* Gives each of `slices` contiguous slices of count examples (the partition
 * of the contract, [t*count/T, (t+1)*count/T)) its own block of dim/slices
 * features, so that no two slices share a weight. */
static inline void disjoint_blocks(size_t count, size_t dim, size_t slices, size_t *lo,
                                   size_t *hi)
{
    size_t width = dim / slices;
    for (size_t t = 0; t < slices; t++)
        for (size_t i = t * count / slices; i < (t + 1) * count / slices; i++) {
            lo[i] = t * width;
            hi[i] = (t + 1) * width;
        }
}

#endif
