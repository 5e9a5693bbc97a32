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
    /* TODO: return the index of the first evaluation whose accuracy
     * reaches target (>=), or count if none does. Stuck? make hint LESSON=10 */
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
    /* TODO: fill out with n, the mean, the sample standard deviation
     * (n - 1, two passes), the min and the max; NaN where the section says.
     * Stuck? make hint LESSON=10 */
    (void)values; (void)n; (void)out;
    not_implemented("summarize_seeds", "10-capstone", "Spread over seeds");
    /* STUDENT CODE END */
}

/* Section "Refusing an unfair table".
 * Per model: no repeated (optimizer, seed); one lr per optimizer; the same
 * budget for every run; and, checked last, the same set of seeds for every
 * optimizer. */
int check_runs_comparable(const struct run_record *runs, size_t run_count,
                          struct error *err)
{
    /* STUDENT CODE BEGIN */
    /* TODO: return 0 if the runs obey the section's four rules,
     * model by model; else return error_set(err, ...) naming the model, the
     * optimizer(s) and the rule. Stuck? make hint LESSON=10 */
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
    /* TODO: check the runs, then write one row per (model,
     * optimizer) pair into rows, in order of first appearance, and set
     * *row_count. Stuck? make hint LESSON=10 */
    (void)runs; (void)run_count; (void)target; (void)rows; (void)max_rows;
    (void)row_count; (void)err;
    not_implemented("build_comparison_table", "10-capstone", "The comparison table");
    /* STUDENT CODE END */
}
