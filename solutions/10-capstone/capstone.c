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
    for (size_t i = 0; i < count; i++)
        if (accuracy[i] >= target) /* false for NaN: a NaN never reaches */
            return i;
    return count;
    /* STUDENT CODE END */
}

/* Section "Spread over seeds".
 *   mean = (1/n) sum_i x_i
 *   std  = sqrt( sum_i (x_i - mean)^2 / (n - 1) )     (n - 1: Bessel's correction)
 * with n = 1 giving std = NaN and n = 0 giving NaN everywhere. */
void summarize_seeds(const double *values, size_t n, struct seed_summary *out)
{
    /* STUDENT CODE BEGIN */
    out->n = n;
    if (n == 0) {
        out->mean = out->std = out->min = out->max = NAN;
        return;
    }
    double sum = 0.0, min = values[0], max = values[0];
    for (size_t i = 0; i < n; i++) {
        sum += values[i];
        min = fmin(min, values[i]);
        max = fmax(max, values[i]);
    }
    double mean = sum / (double)n;
    /* Two passes: the squared deviations from the mean, not the textbook
     * sum(x^2) - n*mean^2, which cancels catastrophically when the spread
     * is small next to the mean (accuracies of 0.97 +- 0.001). */
    double squares = 0.0;
    for (size_t i = 0; i < n; i++)
        squares += (values[i] - mean) * (values[i] - mean);
    out->mean = mean;
    out->min = min;
    out->max = max;
    out->std = n > 1 ? sqrt(squares / (double)(n - 1)) : NAN;
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
    /* Rules between two runs of one model: compare each run with the earlier ones. */
    for (size_t i = 0; i < run_count; i++) {
        const struct run_record *run = &runs[i];
        for (size_t j = 0; j < i; j++) {
            const struct run_record *earlier = &runs[j];
            if (!same_model(run, earlier))
                continue;
            if (same_pair(run, earlier) && run->seed == earlier->seed)
                return error_set(err, "%s: %s was run twice with seed %llu: each seed once "
                                 "per optimizer", run->model, run->optimizer,
                                 (unsigned long long)run->seed);
            if (same_pair(run, earlier) && run->lr != earlier->lr)
                return error_set(err, "%s: %s was run with lr %g and with lr %g: one row "
                                 "is one setting, so give all its seeds the same lr",
                                 run->model, run->optimizer, (double)earlier->lr,
                                 (double)run->lr);
            if (run->budget != earlier->budget)
                return error_set(err, "%s: %s had a budget of %ld steps but %s %ld: give "
                                 "every run the same budget", run->model, earlier->optimizer,
                                 earlier->budget, run->optimizer, run->budget);
        }
    }
    /* The seed sets: every pair of a model against the model's first pair.
     * With no seed repeated within a pair, two pairs have the same set of
     * seeds exactly when they have as many seeds and one's are all in the other. */
    for (size_t i = 0; i < run_count; i++) {
        const struct run_record *pair = &runs[i];
        size_t first = 0;
        while (!same_model(&runs[first], pair))
            first++; /* stops at i at the latest */
        const struct run_record *reference = &runs[first];
        bool same_seeds = pair_run_count(runs, run_count, pair) ==
                          pair_run_count(runs, run_count, reference);
        for (size_t j = 0; j < run_count && same_seeds; j++)
            if (same_pair(&runs[j], pair) &&
                !pair_has_seed(runs, run_count, reference, runs[j].seed))
                same_seeds = false;
        if (!same_seeds) {
            char ours[160], theirs[160];
            format_seeds(runs, run_count, reference, theirs, sizeof theirs);
            format_seeds(runs, run_count, pair, ours, sizeof ours);
            return error_set(err, "%s: %s was run with seeds %s but %s with seeds %s: run "
                             "every optimizer with the same seeds", pair->model,
                             reference->optimizer, theirs, pair->optimizer, ours);
        }
    }
    return 0;
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
    if (check_runs_comparable(runs, run_count, err) != 0)
        return -1;
    /* Room for one value per seed of a row; no row has more seeds than runs. */
    size_t room = run_count > 0 ? run_count : 1;
    double *final_accuracy = malloc(room * sizeof *final_accuracy);
    double *steps = malloc(room * sizeof *steps);
    double *seconds = malloc(room * sizeof *seconds);
    int status = 0;
    if (final_accuracy == NULL || steps == NULL || seconds == NULL)
        status = error_set(err, "out of memory for %zu runs", run_count);
    size_t count = 0;
    for (size_t i = 0; i < run_count && status == 0; i++) {
        const struct run_record *pair = &runs[i];
        bool seen = false; /* is run i's pair already a row? */
        for (size_t j = 0; j < i && !seen; j++)
            seen = same_pair(&runs[j], pair);
        if (seen)
            continue;
        if (count == max_rows) {
            status = error_set(err, "the runs hold more than %zu (model, optimizer) pairs: "
                               "the table has room for %zu rows only", max_rows, max_rows);
            break;
        }
        /* Every run of this pair comes at i or later: one value per seed. */
        size_t seeds = 0, reached = 0;
        for (size_t j = i; j < run_count; j++) {
            const struct run_record *run = &runs[j];
            if (!same_pair(run, pair))
                continue;
            final_accuracy[seeds++] = run->final_accuracy;
            size_t k = first_eval_reaching(run->eval_accuracy, run->eval_count, target);
            if (k < run->eval_count) { /* reached: where it first did */
                steps[reached] = (double)run->eval_step[k];
                seconds[reached] = run->eval_seconds[k];
                reached++;
            }
        }
        struct comparison_row *row = &rows[count++];
        row->model = pair->model;
        row->optimizer = pair->optimizer;
        row->lr = pair->lr;
        row->budget = pair->budget;
        row->seed_count = seeds;
        row->reached = reached;
        summarize_seeds(final_accuracy, seeds, &row->final_accuracy);
        summarize_seeds(steps, reached, &row->steps_to_target);
        summarize_seeds(seconds, reached, &row->seconds_to_target);
    }
    free(final_accuracy);
    free(steps);
    free(seconds);
    if (status == 0)
        *row_count = count;
    return status;
    /* STUDENT CODE END */
}
