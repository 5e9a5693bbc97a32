/* lesson10.h -- the functions of lesson 10, the capstone: comparing
 * optimizers honestly (lessons/10-capstone/README.md). Included by lessons.h.
 *
 * The experiment trains every optimizer on each model with several seeds
 * and keeps one run_record per run. These functions turn the records into a
 * comparison table, and refuse to when the runs are not comparable. They
 * are pure: they read the records and write only their outputs. */
#ifndef DESCENT_LESSON10_H
#define DESCENT_LESSON10_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* What the comparison keeps of one training run. The strings and arrays
 * are borrowed (the caller owns them). */
struct run_record {
    const char *model;            /* "mlp" or "cnn" */
    const char *optimizer;        /* "adam" */
    float lr;                     /* the learning rate it was run with */
    uint64_t seed;                /* initial weights and shuffles */
    long budget;                  /* optimizer steps the run was given */
    size_t eval_count;            /* test evaluations made during the run */
    const long *eval_step;        /* [eval_count] steps done at each, increasing */
    const double *eval_seconds;   /* [eval_count] training seconds so far (evaluations
                                     excluded), increasing */
    const double *eval_accuracy;  /* [eval_count] test accuracy then, in [0, 1] */
    double final_accuracy;        /* test accuracy at the end of the run */
};

/* The index of the first evaluation whose accuracy is at least target:
 * the smallest i with accuracy[i] >= target. Returns count when there is
 * none (the run never reached the target; a NaN accuracy never reaches it).
 * No interpolation between evaluations: the answer is an evaluation that
 * was made, so "steps to target" is only known to within eval_every steps. */
size_t first_eval_reaching(const double *accuracy, size_t count, double target);

/* Summary statistics of n values (one per seed). */
struct seed_summary {
    size_t n;       /* how many values */
    double mean;    /* (1/n) sum_i x_i */
    double std;     /* the sample standard deviation, sqrt(sum_i (x_i - mean)^2 / (n - 1)) */
    double min, max;
};

/* Fills out with the summary of values[0 .. n). Sums in double.
 * n = 1: std is NaN (one value says nothing about the spread), the mean,
 * min and max are the value. n = 0: mean, std, min and max are all NaN.
 * values may be NULL when n = 0. */
void summarize_seeds(const double *values, size_t n, struct seed_summary *out);

/* Checks that the runs can be compared, model by model. For every model
 * (runs with the same model string):
 *   1. no (model, optimizer, seed) appears twice;
 *   2. every run of one optimizer used the same lr (a row is one setting);
 *   3. every run had the same budget;
 *   4. every optimizer was run with the same set of seeds (the order of the
 *      records does not matter).
 * Rule 4 is checked last: runs that break it and one of rules 1-3 get the
 * message of the other rule. Different models may use different seeds and
 * budgets. run_count = 0 is fine. Returns 0, or -1 with one line in err
 * that names the model, the optimizer(s) involved and the broken rule,
 * using the word "seed", "lr" or "budget" (e.g. "cnn: adam was run with seeds {1, 2} but sgd with
 * {1, 2, 3}: run every optimizer with the same seeds"). */
int check_runs_comparable(const struct run_record *runs, size_t run_count,
                          struct error *err);

/* One row of the comparison table: one (model, optimizer) pair. */
struct comparison_row {
    const char *model, *optimizer;          /* borrowed from the first run of the pair */
    float lr;
    long budget;
    size_t seed_count;                      /* runs (seeds) in this row */
    struct seed_summary final_accuracy;     /* over all seed_count runs */
    size_t reached;                         /* runs that reached the target */
    struct seed_summary steps_to_target;    /* eval_step at first_eval_reaching, over the
                                               reached runs only (n = reached) */
    struct seed_summary seconds_to_target;  /* eval_seconds likewise */
};

/* Builds the table: one row per (model, optimizer) pair, in the order in
 * which each pair first appears in runs. Fails exactly when
 * check_runs_comparable fails (with its message), or when there are more
 * pairs than max_rows (a message saying so). On success returns 0 and sets
 * *row_count; on failure returns -1, and rows and *row_count are unspecified. */
int build_comparison_table(const struct run_record *runs, size_t run_count, double target,
                           struct comparison_row *rows, size_t max_rows, size_t *row_count,
                           struct error *err);

#endif
