/* A deliberately faulty lesson 01, for the harness's own tests.
 *
 * Compiled with -DFAULT=n it breaks exactly one function in one way; the
 * harness must then fail exactly the tests that call that function, with
 * the right verdict, and pass every other test (tests/harness/selftest/
 * expected.tsv lists the verdicts, tools/check-harness.sh compares).
 *
 *   FAULT_WRONG    gd_step adds lr*g instead of subtracting it
 *   FAULT_SEGFAULT gd_step writes through a NULL pointer
 *   FAULT_DIVZERO  line_mse_gradient divides an integer by zero
 *   FAULT_ABORT    line_mse fails an assert()
 *   FAULT_LOOP     l2_norm never returns
 *   FAULT_EXIT     gd_step calls exit(0) */
#include "lessons.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#define FAULT_WRONG 1
#define FAULT_SEGFAULT 2
#define FAULT_DIVZERO 3
#define FAULT_ABORT 4
#define FAULT_LOOP 5
#define FAULT_EXIT 6

/* Keeps the compiler from proving what these values are. */
static volatile int zero = 0;
static float *volatile nowhere = NULL;

double line_mse(const float *x, const float *y, size_t n, const float w[2])
{
#if FAULT == FAULT_ABORT
    assert(n > 1000000 && "a deliberately failing assertion");
#endif
    if (n == 0)
        return 0.0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = (double)w[0] * x[i] + w[1] - y[i];
        sum += r * r;
    }
    return sum / (double)n;
}

void line_mse_gradient(const float *x, const float *y, size_t n, const float w[2], float g[2])
{
    double sum_rx = 0.0, sum_r = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = (double)w[0] * x[i] + w[1] - y[i];
        sum_rx += r * x[i];
        sum_r += r;
    }
#if FAULT == FAULT_DIVZERO
    sum_r += (double)((int)n / zero); /* an integer division traps; 1/x would not (compilers turn it into a comparison) */
#endif
    double scale = n > 0 ? 2.0 / (double)n : 0.0;
    g[0] = (float)(scale * sum_rx);
    g[1] = (float)(scale * sum_r);
}

void gd_step(float *w, const float *g, size_t n, float lr)
{
#if FAULT == FAULT_SEGFAULT
    nowhere[0] = lr;
#elif FAULT == FAULT_EXIT
    exit(0);
#endif
    for (size_t i = 0; i < n; i++) {
#if FAULT == FAULT_WRONG
        w[i] += lr * g[i];
#else
        w[i] -= lr * g[i];
#endif
    }
}

double l2_norm(const float *v, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)v[i] * v[i];
#if FAULT == FAULT_LOOP
    while (zero == 0)
        sum += 1.0;
#endif
    return sqrt(sum);
}
