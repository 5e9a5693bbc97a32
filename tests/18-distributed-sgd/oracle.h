/* oracle.h -- lesson 18's formulas, written again from lesson18.h for the
 * tests (public.c, hidden.c): never the reference solution's code. The
 * SGD oracles compute in double: the exact arithmetic the float code
 * approximates. */
#ifndef DESCENT_LESSON18_ORACLE_H
#define DESCENT_LESSON18_ORACLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cases.h"

/* split_range: [floor(p n / P), floor((p+1) n / P)), in 64 bits (the
 * tests keep n * P below 2^64). */
static size_t oracle_split(size_t n, int parts, int part, size_t *start)
{
    *start = (size_t)((uint64_t)n * (uint64_t)part / (uint64_t)parts);
    size_t end = (size_t)((uint64_t)n * ((uint64_t)part + 1) / (uint64_t)parts);
    return end - *start;
}

/* i mod N as a number in 0 .. N-1, for any int i. */
static int oracle_mod(int i, int ranks) { return ((i % ranks) + ranks) % ranks; }

/* The floats rank r sends in one ring all-reduce of n floats: the sizes of
 * the blocks it sends, reduce-scatter (r - s) then all-gather (r + 1 - t). */
static size_t oracle_ring_floats_sent(size_t n, int ranks, int rank)
{
    size_t start, total = 0;
    for (int s = 0; s < ranks - 1; s++)
        total += oracle_split(n, ranks, oracle_mod(rank - s, ranks), &start);
    for (int t = 0; t < ranks - 1; t++)
        total += oracle_split(n, ranks, oracle_mod(rank + 1 - t, ranks), &start);
    return total;
}

/* Element i of the ring's sum, in the ring's order: for i in block c,
 * ((x_c + x_{c+1}) + x_{c+2}) + ... in float, one rounding per addition
 * (float addition is commutative, so which operand comes first does not
 * matter; the grouping does). x holds the ranks' vectors, rank-major. */
static float oracle_ring_sum(const float *x, size_t n, int ranks, size_t i)
{
    int block = 0;
    size_t start;
    for (int c = 0; c < ranks; c++) {
        size_t count = oracle_split(n, ranks, c, &start);
        if (i >= start && i < start + count)
            block = c;
    }
    float sum = x[(size_t)block * n + i];
    for (int k = 1; k < ranks; k++) {
        sum = sum + x[(size_t)oracle_mod(block + k, ranks) * n + i];
    }
    return sum;
}

/* Synchronous SGD on the quadratic of cases.h, single process, in double:
 *   w <- w - lr * (1/B) sum_k (w - a_{batch[k]})   for each step's batch.
 * w (n doubles) holds the start and receives the result. */
static void oracle_sync_sgd(double *w, const float *a, size_t n, size_t batch_size,
                            size_t examples, size_t steps, double lr, uint64_t seed)
{
    uint32_t *batch = malloc(batch_size * sizeof *batch);
    double *g = malloc(n * sizeof *g);
    if (batch == NULL || g == NULL)
        abort();
    for (size_t t = 0; t < steps; t++) {
        case_batch(seed, t, batch, batch_size, examples);
        for (size_t j = 0; j < n; j++) {
            g[j] = 0.0;
            for (size_t k = 0; k < batch_size; k++)
                g[j] += w[j] - a[(size_t)batch[k] * n + j];
        }
        for (size_t j = 0; j < n; j++)
            w[j] -= lr * g[j] / (double)batch_size;
    }
    free(batch);
    free(g);
}

/* Synchronous EASGD on the quadratic, in double: rank r's batch is the
 * examples r and r + N; x is [N, n] rank-major, centre [n]. */
static void oracle_easgd(double *x, double *centre, const float *a, size_t n, int ranks,
                         size_t rounds, double lr, double alpha)
{
    double *diff_sum = malloc(n * sizeof *diff_sum);
    if (diff_sum == NULL)
        abort();
    for (size_t t = 0; t < rounds; t++) {
        for (size_t j = 0; j < n; j++)
            diff_sum[j] = 0.0;
        for (int r = 0; r < ranks; r++) {
            const float *a1 = a + (size_t)r * n, *a2 = a + (size_t)(r + ranks) * n;
            for (size_t j = 0; j < n; j++) {
                double *xj = &x[(size_t)r * n + j];
                double g = ((*xj - a1[j]) + (*xj - a2[j])) / 2.0;
                double diff = alpha * (*xj - centre[j]);
                diff_sum[j] += diff;
                *xj -= lr * g + diff;
            }
        }
        for (size_t j = 0; j < n; j++)
            centre[j] += diff_sum[j];
    }
    free(diff_sum);
}

/* Downpour with ONE worker (N = 2), in double; its interleaving is fixed:
 * the server handles the worker's messages in the order they are sent.
 * Fills the server's weights w (holding the start), and the counts. */
struct oracle_downpour {
    long accepted, refused, staleness[16], max_seen;
};
static void oracle_downpour_one_worker(double *w, const float *a, size_t n, size_t examples,
                                       size_t steps, size_t batch_size, size_t fetch_every,
                                       long bound, double lr, struct oracle_downpour *o)
{
    double *local = malloc(n * sizeof *local), *g = malloc(n * sizeof *g);
    if (local == NULL || g == NULL)
        abort();
    long version = 0, fetched = 0;
    *o = (struct oracle_downpour){0};
    for (size_t t = 0; t < steps; t++) {
        if (t % fetch_every == 0) {
            for (size_t j = 0; j < n; j++)
                local[j] = w[j];
            fetched = version;
        }
        for (size_t j = 0; j < n; j++) {
            g[j] = 0.0;
            for (size_t i = 0; i < batch_size; i++)
                g[j] += local[j] - a[((t * batch_size + i) % examples) * n + j];
            g[j] /= (double)batch_size;
        }
        long staleness = version - fetched;
        o->staleness[staleness < 15 ? staleness : 15]++;
        if (staleness > o->max_seen)
            o->max_seen = staleness;
        if (bound < 0 || staleness <= bound) {
            for (size_t j = 0; j < n; j++)
                w[j] -= lr * g[j];
            version++;
            o->accepted++;
        } else {
            o->refused++;
        }
        for (size_t j = 0; j < n; j++)
            local[j] -= lr * g[j];
    }
    free(local);
    free(g);
}

#endif
