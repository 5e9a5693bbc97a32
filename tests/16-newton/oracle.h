/* oracle.h -- what lesson 16's tests compare with, written here from the
 * lesson's formulas and never taken from the code under test: the
 * logistic-regression loss, gradient and Hessian in double, a residual
 * check for linear systems, and the data sets. Shared by public.c and
 * hidden.c. */
#ifndef DESCENT_TESTS_NEWTON_ORACLE_H
#define DESCENT_TESTS_NEWTON_ORACLE_H

#include "lessons.h"
#include "rng.h"

#include <math.h>
#include <stddef.h>

/* g = (1/count) sum_i (sigmoid(x_i . w) - y_i) x_i + ridge * w. */
static inline void oracle_gradient(const float *x, const float *y, size_t count, size_t n,
                                   const double *w, double ridge, double *g)
{
    for (size_t k = 0; k < n; k++)
        g[k] = 0.0;
    for (size_t i = 0; i < count; i++) {
        double z = 0.0;
        for (size_t k = 0; k < n; k++)
            z += (double)x[i * n + k] * w[k];
        double r = 1.0 / (1.0 + exp(-z)) - y[i];
        for (size_t k = 0; k < n; k++)
            g[k] += r * x[i * n + k] / (double)count;
    }
    for (size_t k = 0; k < n; k++)
        g[k] += ridge * w[k];
}

/* H = (1/count) sum_i p_i (1 - p_i) x_i x_i^T + ridge * I. */
static inline void oracle_hessian(const float *x, size_t count, size_t n, const double *w,
                                  double ridge, double *h)
{
    for (size_t k = 0; k < n * n; k++)
        h[k] = 0.0;
    for (size_t i = 0; i < count; i++) {
        double z = 0.0;
        for (size_t k = 0; k < n; k++)
            z += (double)x[i * n + k] * w[k];
        double p = 1.0 / (1.0 + exp(-z));
        for (size_t r = 0; r < n; r++)
            for (size_t c = 0; c < n; c++)
                h[r * n + c] += p * (1.0 - p) * x[i * n + r] * x[i * n + c] / (double)count;
    }
    for (size_t r = 0; r < n; r++)
        h[r * n + r] += ridge;
}

/* The mean of log(1 + exp(z)) - y z, plus (ridge/2)|w|^2. */
static inline double oracle_loss(const float *x, const float *y, size_t count, size_t n,
                                 const double *w, double ridge)
{
    double sum = 0.0;
    for (size_t i = 0; i < count; i++) {
        double z = 0.0;
        for (size_t k = 0; k < n; k++)
            z += (double)x[i * n + k] * w[k];
        sum += (z > 0.0 ? z : 0.0) + log1p(exp(-fabs(z))) - y[i] * z;
    }
    double norm2 = 0.0;
    for (size_t k = 0; k < n; k++)
        norm2 += w[k] * w[k];
    return (count > 0 ? sum / (double)count : 0.0) + 0.5 * ridge * norm2;
}

static inline double oracle_norm(const double *v, size_t n)
{
    double s = 0.0;
    for (size_t k = 0; k < n; k++)
        s += v[k] * v[k];
    return sqrt(s);
}

/* The relative residual |a x - b| / (|a| |x| + |b|), with |a| the
 * Frobenius norm: about 1e-16 times a modest factor for a backward-stable
 * solve, whatever the condition of a. */
static inline double relative_residual(const double *a, const double *x, const double *b,
                                       size_t n)
{
    double r2 = 0.0, a2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = -b[i];
        for (size_t j = 0; j < n; j++) {
            r += a[i * n + j] * x[j];
            a2 += a[i * n + j] * a[i * n + j];
        }
        r2 += r * r;
    }
    return sqrt(r2) / (sqrt(a2) * oracle_norm(x, n) + oracle_norm(b, n) + 1e-300);
}

/* count examples of n features: feature 0 is the constant 1 (a bias), the
 * others standard normal; the label is 1 when a hidden linear score plus
 * logistic-ish noise is positive, so the classes overlap and the optimum
 * is finite even without a ridge. */
static inline void make_logistic_data(struct rng *rng, size_t count, size_t n, float *x,
                                      float *y)
{
    double hidden[64];
    for (size_t k = 0; k < n && k < 64; k++)
        hidden[k] = rng_normal(rng);
    for (size_t i = 0; i < count; i++) {
        double score = 0.0;
        for (size_t k = 0; k < n; k++) {
            x[i * n + k] = k == 0 ? 1.0f : rng_normal(rng);
            score += hidden[k % 64] * x[i * n + k];
        }
        y[i] = score + 1.5 * rng_normal(rng) > 0.0 ? 1.0f : 0.0f;
    }
}

#endif
