/* capstone.c -- lesson 10: comparing optimizers honestly.
 *
 * The experiment trains every optimizer on the MLP and the CNN with several
 * seeds and keeps one run_record per run. You write the four functions that
 * turn those records into the comparison table: the time to a target
 * accuracy, the summary over seeds, the check that the runs are comparable
 * at all, and the table itself. The contracts are in
 * lessons/00-trainer/lesson10.h; the lesson text is
 * lessons/10-capstone/README.md, and each function names the section that
 * explains it. Write your code between the STUDENT CODE markers only: the
 * rest of the file is shared with the reference solution and checked. */
#include "lessons.h"
#include "lesson10.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Given helpers: use them in your code ---------------------------------------- */

/* Do the two runs belong to the same model? */
static bool same_model(const struct run_record *a, const struct run_record *b)
{
    return strcmp(a->model, b->model) == 0;
}

/* Do the two runs belong to the same (model, optimizer) pair, one row of
 * the table? */
static bool same_pair(const struct run_record *a, const struct run_record *b)
{
    return same_model(a, b) && strcmp(a->optimizer, b->optimizer) == 0;
}

/* Does some run of pair's (model, optimizer) have this seed? */
static bool pair_has_seed(const struct run_record *runs, size_t run_count,
                          const struct run_record *pair, uint64_t seed)
{
    for (size_t i = 0; i < run_count; i++)
        if (same_pair(&runs[i], pair) && runs[i].seed == seed)
            return true;
    return false;
}

/* The number of runs of pair's (model, optimizer). */
static size_t pair_run_count(const struct run_record *runs, size_t run_count,
                             const struct run_record *pair)
{
    size_t count = 0;
    for (size_t i = 0; i < run_count; i++)
        if (same_pair(&runs[i], pair))
            count++;
    return count;
}

/* Writes the seeds of pair's (model, optimizer), in record order, as
 * "{1, 2, 3}" into text (for error messages; cut short if it is too long). */
static void format_seeds(const struct run_record *runs, size_t run_count,
                         const struct run_record *pair, char *text, size_t size)
{
    size_t used = (size_t)snprintf(text, size, "{");
    bool first = true;
    for (size_t i = 0; i < run_count && used < size; i++) {
        if (!same_pair(&runs[i], pair))
            continue;
        used += (size_t)snprintf(text + used, size - used, "%s%llu", first ? "" : ", ",
                                 (unsigned long long)runs[i].seed);
        first = false;
    }
    if (used < size)
        snprintf(text + used, size - used, "}");
}

/* ---- Your functions --------------------------------------------------------------- */

/* Section "Time to a target accuracy".
 * The first i with accuracy[i] >= target, or count if there is none. */
size_t first_eval_reaching(const double *accuracy, size_t count, double target)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. For i from 0 to count-1: if accuracy[i] >= target, return i
     *    (the first evaluation that reached it; later ones do not matter).
     * 2. Return count if none did. Write the comparison as >=, so that a
     *    NaN accuracy (a run that blew up) never counts as reaching it. */
    (void)accuracy; (void)count; (void)target;
    not_implemented("first_eval_reaching", "10-capstone", "Time to a target accuracy");
    /* STUDENT CODE END */
}

/* Section "Spread over seeds".
 *   mean = (1/n) sum_i x_i
 *   std  = sqrt( sum_i (x_i - mean)^2 / (n - 1) )     (n - 1: Bessel's correction)
 * with n = 1 giving std = NaN and n = 0 giving NaN everywhere. */
void summarize_seeds(const double *values, size_t n, struct seed_summary *out)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. Set out->n = n. If n is 0, set mean, std, min and max to NAN and return.
     * 2. One pass: the sum of the values (in double), the min and the max.
     *    mean = sum / n.
     * 3. A second pass: the sum of (values[i] - mean)^2.
     * 4. std = sqrt(that sum / (n - 1)) when n > 1; NAN when n is 1.
     *    (Not n: with n - 1 the squared spread is unbiased; see the section.) */
    (void)values; (void)n; (void)out;
    not_implemented("summarize_seeds", "10-capstone", "Spread over seeds");
    /* STUDENT CODE END */
}

/* Section "Refusing an unfair table".
 * Per model: no repeated (optimizer, seed); one lr per optimizer; the same
 * budget for every run; the same set of seeds for every optimizer. */
int check_runs_comparable(const struct run_record *runs, size_t run_count,
                          struct error *err)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. For every run i and every earlier run j < i of the same model
     *    (same_model):
     *    a. same pair (same_pair) and same seed: fail, "seed ... twice";
     *    b. same pair and a different lr: fail, naming both lrs;
     *    c. a different budget: fail, naming both optimizers and budgets.
     * 2. For every run i: find the first run of its model (the reference
     *    pair). Run i's pair must have as many runs as the reference
     *    (pair_run_count), and every seed of run i's pair must be a seed of
     *    the reference (pair_has_seed). If not, fail with both seed sets
     *    (format_seeds writes "{1, 2, 3}").
     * 3. Return 0.
     * Fail with: return error_set(err, "%s: ...", model, ...); the message
     * names the model, the optimizer(s), and says "seed", "lr" or "budget". */
    (void)runs; (void)run_count; (void)err;
    (void)same_model; (void)same_pair; (void)pair_has_seed; (void)pair_run_count;
    (void)format_seeds; /* the helpers above, for you to call */
    not_implemented("check_runs_comparable", "10-capstone", "Refusing an unfair table");
    /* STUDENT CODE END */
}

/* Section "The comparison table".
 * One row per (model, optimizer), in order of first appearance: the final
 * accuracy over all seeds, and the steps and seconds to the target over the
 * seeds that reached it. */
int build_comparison_table(const struct run_record *runs, size_t run_count, double target,
                           struct comparison_row *rows, size_t max_rows, size_t *row_count,
                           struct error *err)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. Call check_runs_comparable; if it fails, return -1 (err is set).
     * 2. Allocate three arrays of run_count doubles (malloc; run_count may
     *    be 0) for one row's final accuracies, steps and seconds.
     * 3. For each run i whose pair has no earlier run (a new row):
     *    a. if the table already has max_rows rows, fail with a message;
     *    b. for every run j >= i of the same pair: append its
     *       final_accuracy; k = first_eval_reaching(its eval_accuracy,
     *       eval_count, target); if k < eval_count, append eval_step[k]
     *       and eval_seconds[k] to the reached values;
     *    c. fill the row: model, optimizer, lr, budget, seed_count,
     *       reached, and the three summaries (summarize_seeds): final
     *       accuracy over all seeds, steps and seconds over the reached.
     * 4. Free the arrays, set *row_count, return 0. */
    (void)runs; (void)run_count; (void)target; (void)rows; (void)max_rows;
    (void)row_count; (void)err;
    not_implemented("build_comparison_table", "10-capstone", "The comparison table");
    /* STUDENT CODE END */
}
