/* diagnosis.h -- lesson 10's tests: telling one common mistake by its value.
 * Included by public.c and hidden.c. */
#ifndef DESCENT_TESTS_10_DIAGNOSIS_H
#define DESCENT_TESTS_10_DIAGNOSIS_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/* True when got is the population std (squares divided by n) of values whose
 * sample std is sample_std: the squares divided by n instead of n - 1 give
 * exactly sqrt((n - 1) / n) times the sample std. */
static inline bool is_population_std(double sample_std, double got, size_t n)
{
    if (n < 2 || !(sample_std > 0.0))
        return false;
    double population = sample_std * sqrt((double)(n - 1) / (double)n);
    return fabs(got - population) <= 1e-9 * population;
}

#define HINT_DIVIDE_BY_N_MINUS_1 \
    "this is the population std (divided by n): divide the sum of squared deviations by " \
    "n - 1"

#endif
