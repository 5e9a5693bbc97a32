/* Lesson 10, hidden tests: run only by the grader, never shipped to students.
 *
 * Random run records drawn from the grading seed (harness_rng_for_test):
 * fair sets, compared with an oracle table written here from the contracts
 * of lesson10.h (long double sums, two-pass spread); the same sets with one
 * thing broken, which must be refused; and edge cases (names in separate
 * buffers, seeds that differ only in their high bits, long histories, a
 * table that exactly fills its rows). The reference solution is never
 * consulted. */
#include "harness.h"
#include "lessons.h"
#include "lesson10.h"
#include "diagnosis.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SECTION_TIME "Time to a target accuracy"
#define SECTION_SPREAD "Spread over seeds"
#define SECTION_FAIR "Refusing an unfair table"
#define SECTION_TABLE "The comparison table"

/* ---- The oracle --------------------------------------------------------------------------- */

static size_t oracle_first(const double *accuracy, size_t count, double target)
{
    size_t i = 0;
    while (i < count && !(accuracy[i] >= target))
        i++;
    return i;
}

/* The index of the first accuracy strictly above target (count if none):
 * what a loop comparing with > instead of >= returns. */
static size_t first_strictly_above(const double *accuracy, size_t count, double target)
{
    size_t i = 0;
    while (i < count && !(accuracy[i] > target))
        i++;
    return i;
}

static struct seed_summary oracle_summary(const double *x, size_t n)
{
    struct seed_summary s = {.n = n, .mean = NAN, .std = NAN, .min = NAN, .max = NAN};
    if (n == 0)
        return s;
    long double sum = 0.0L;
    s.min = s.max = x[0];
    for (size_t i = 0; i < n; i++) {
        sum += x[i];
        if (x[i] < s.min)
            s.min = x[i];
        if (x[i] > s.max)
            s.max = x[i];
    }
    long double mean = sum / (long double)n, squares = 0.0L;
    for (size_t i = 0; i < n; i++)
        squares += ((long double)x[i] - mean) * ((long double)x[i] - mean);
    s.mean = (double)mean;
    if (n > 1)
        s.std = (double)sqrtl(squares / (long double)(n - 1));
    return s;
}


static void expect_summary(const char *quantity, long case_number, long row,
                           const struct seed_summary *expected, const struct seed_summary *got)
{
    struct at where = AT("build_comparison_table", SECTION_TABLE);
    where.unit = "case";
    where.step = case_number;
    char field[160]; /* "row 2 final accuracy: std" */
    where.quantity = field;
    const char *hint = "see the contract of build_comparison_table in lesson10.h";
    where.hint = hint;
    snprintf(field, sizeof field, "row %ld %s: n", row, quantity);
    expect_that(where, expected->n == got->n, "expected %zu, got %zu", expected->n, got->n);
    const double e[4] = {expected->mean, expected->std, expected->min, expected->max};
    const double g[4] = {got->mean, got->std, got->min, got->max};
    const char *names[4] = {"mean", "std", "min", "max"};
    for (int k = 0; k < 4; k++) {
        snprintf(field, sizeof field, "row %ld %s: %s", row, quantity, names[k]);
        where.hint = k == 1 && is_population_std(e[k], g[k], expected->n)
                         ? HINT_DIVIDE_BY_N_MINUS_1 : hint;
        if (isnan(e[k]))
            expect_that(where, isnan(g[k]), "expected NaN, got %g", g[k]);
        else
            expect_close_tol(where, e[k], g[k], 1e-9, 1e-12 * (1.0 + fabs(e[k])));
    }
}

static bool same_text(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* ---- Random fair sets of runs -------------------------------------------------------------- */

enum { MAX_MODELS = 2, MAX_OPTS = 6, MAX_SEEDS = 5, MAX_EVALS = 14,
       MAX_RUNS = MAX_MODELS * MAX_OPTS * MAX_SEEDS + 1 };

static const char *const model_names[MAX_MODELS] = {"mlp", "cnn"};
static const char *const optimizer_names[MAX_OPTS] = {"sgd", "momentum", "nesterov",
                                                      "adagrad", "rmsprop", "adam"};

struct random_set {
    size_t count;
    struct run_record runs[MAX_RUNS];
    long steps[MAX_RUNS][MAX_EVALS];
    double seconds[MAX_RUNS][MAX_EVALS], accuracy[MAX_RUNS][MAX_EVALS];
    size_t optimizer_count[MAX_MODELS];
};

static double uniform(struct rng *rng, double lo, double hi)
{
    return lo + (hi - lo) * (double)rng_uniform(rng);
}

/* A fair set: per model, the same seeds and budget for every optimizer;
 * one lr per optimizer; histories with increasing steps and seconds, some
 * NaN accuracies; the records shuffled. */
static void random_fair_set(struct rng *rng, struct random_set *set)
{
    set->count = 0;
    size_t models = 1 + rng_below(rng, MAX_MODELS);
    for (size_t m = 0; m < models; m++) {
        size_t optimizers = 1 + rng_below(rng, MAX_OPTS);
        size_t seeds = 1 + rng_below(rng, MAX_SEEDS);
        set->optimizer_count[m] = optimizers;
        uint64_t seed_values[MAX_SEEDS];
        for (size_t s = 0; s < seeds; s++)
            seed_values[s] = (uint64_t)(100 * s) + rng_below(rng, 100); /* distinct */
        long budget = 10 + (long)rng_below(rng, 1000);
        for (size_t o = 0; o < optimizers; o++) {
            float lr = (float)pow(10.0, uniform(rng, -4.0, 0.0));
            for (size_t s = 0; s < seeds; s++) {
                size_t r = set->count++;
                size_t evals = rng_below(rng, MAX_EVALS + 1);
                long step = 0;
                double seconds = 0.0;
                for (size_t k = 0; k < evals; k++) {
                    step += 1 + (long)rng_below(rng, 50);
                    seconds += uniform(rng, 0.001, 2.0);
                    set->steps[r][k] = step;
                    set->seconds[r][k] = seconds;
                    set->accuracy[r][k] = rng_below(rng, 20) == 0 ? NAN
                                                                  : uniform(rng, 0.5, 1.0);
                }
                /* Sometimes the target itself, exactly. */
                if (evals > 0 && rng_below(rng, 4) == 0)
                    set->accuracy[r][rng_below(rng, (uint32_t)evals)] = 0.9;
                set->runs[r] = (struct run_record){
                    .model = model_names[m], .optimizer = optimizer_names[o], .lr = lr,
                    .seed = seed_values[s], .budget = budget, .eval_count = evals,
                    .eval_step = set->steps[r], .eval_seconds = set->seconds[r],
                    .eval_accuracy = set->accuracy[r], .final_accuracy = uniform(rng, 0.5, 1.0),
                };
            }
        }
    }
    /* Shuffle the records (Fisher-Yates); each keeps its own arrays. */
    for (size_t i = set->count; i > 1; i--) {
        size_t j = rng_below(rng, (uint32_t)i);
        struct run_record t = set->runs[i - 1];
        set->runs[i - 1] = set->runs[j];
        set->runs[j] = t;
    }
}

/* The oracle's table, compared row by row with the student's. */
static void compare_with_oracle(const struct run_record *runs, size_t count, double target,
                                long case_number)
{
    struct comparison_row rows[MAX_MODELS * MAX_OPTS];
    size_t row_count = 0;
    struct error err = {{0}};
    int status = build_comparison_table(runs, count, target, rows, MAX_MODELS * MAX_OPTS,
                                        &row_count, &err);
    struct at where = AT("build_comparison_table", SECTION_TABLE);
    where.quantity = "status";
    where.unit = "case";
    where.step = case_number;
    where.hint = "these runs are fair: every optimizer of a model has the same seeds, in some "
                 "order, and the same budget";
    expect_that(where, status == 0, "a fair set of %zu runs: expected 0, got %d (\"%s\")",
                count, status, status == 0 ? "" : err.message);
    if (status != 0)
        return;
    size_t expected_rows = 0;
    for (size_t i = 0; i < count; i++) {
        bool first = true;
        for (size_t j = 0; j < i; j++)
            if (same_text(runs[j].model, runs[i].model) &&
                same_text(runs[j].optimizer, runs[i].optimizer))
                first = false;
        if (!first)
            continue;
        long r = (long)expected_rows++;
        if (row_count < expected_rows)
            continue;
        double final[MAX_RUNS], steps[MAX_RUNS], seconds[MAX_RUNS];
        size_t n = 0, reached = 0;
        for (size_t j = i; j < count; j++) {
            if (!same_text(runs[j].model, runs[i].model) ||
                !same_text(runs[j].optimizer, runs[i].optimizer))
                continue;
            final[n++] = runs[j].final_accuracy;
            size_t k = oracle_first(runs[j].eval_accuracy, runs[j].eval_count, target);
            if (k < runs[j].eval_count) {
                steps[reached] = (double)runs[j].eval_step[k];
                seconds[reached++] = runs[j].eval_seconds[k];
            }
        }
        const struct comparison_row *row = &rows[r];
        where.quantity = "row identity";
        where.index = r;
        where.hint = "one row per (model, optimizer), in order of first appearance";
        expect_that(where, same_text(row->model, runs[i].model) &&
                    same_text(row->optimizer, runs[i].optimizer) && row->lr == runs[i].lr &&
                    row->budget == runs[i].budget && row->seed_count == n &&
                    row->reached == reached,
                    "expected %s %s lr %g budget %ld seeds %zu reached %zu; "
                    "got %s %s lr %g budget %ld seeds %zu reached %zu",
                    runs[i].model, runs[i].optimizer, (double)runs[i].lr, runs[i].budget, n,
                    reached, row->model, row->optimizer, (double)row->lr, row->budget,
                    row->seed_count, row->reached);
        struct seed_summary e_final = oracle_summary(final, n);
        struct seed_summary e_steps = oracle_summary(steps, reached);
        struct seed_summary e_seconds = oracle_summary(seconds, reached);
        expect_summary("final_accuracy", case_number, r, &e_final, &row->final_accuracy);
        expect_summary("steps_to_target", case_number, r, &e_steps, &row->steps_to_target);
        expect_summary("seconds_to_target", case_number, r, &e_seconds,
                       &row->seconds_to_target);
    }
    where.quantity = "row count";
    where.index = -1;
    where.hint = "one row per (model, optimizer) pair";
    expect_that(where, row_count == expected_rows, "expected %zu rows, got %zu", expected_rows,
                row_count);
}

static void test_random_tables_against_oracle(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    static struct random_set set;
    for (long c = 0; c < 200; c++) {
        random_fair_set(&rng, &set);
        double target = rng_below(&rng, 2) == 0 ? 0.9 : uniform(&rng, 0.5, 1.0);
        compare_with_oracle(set.runs, set.count, target, c);
    }
}

/* ---- The same sets, with one thing broken ----------------------------------------------------- */

/* Breaks one rule in set (when the set allows it) and returns the word the
 * message must contain, or NULL when this set cannot be broken that way. */
static const char *break_one_rule(struct rng *rng, struct random_set *set, uint32_t how)
{
    size_t victim = rng_below(rng, (uint32_t)set->count);
    struct run_record *v = &set->runs[victim];
    size_t model = same_text(v->model, "mlp") ? 0 : 1;
    size_t pair_runs = 0;
    for (size_t i = 0; i < set->count; i++)
        if (same_text(set->runs[i].model, v->model) &&
            same_text(set->runs[i].optimizer, v->optimizer))
            pair_runs++;
    switch (how) {
    case 0: /* drop one run (not the only one of its pair) of a model with several
             * optimizers */
        if (set->optimizer_count[model] < 2 || pair_runs < 2)
            return NULL;
        set->runs[victim] = set->runs[--set->count];
        return "seed";
    case 1: /* one run gets a seed no other run of its model has */
        if (set->optimizer_count[model] < 2)
            return NULL;
        v->seed = 1000000 + rng_below(rng, 1000);
        return "seed";
    case 2: /* one run gets another budget */
        if (set->optimizer_count[model] * pair_runs < 2)
            return NULL;
        v->budget += 1 + (long)rng_below(rng, 100);
        return "budget";
    case 3: /* one run appears twice */
        set->runs[set->count++] = *v;
        return "seed";
    default: /* one run of a pair with several seeds gets another lr */
        if (pair_runs < 2)
            return NULL;
        v->lr *= 2.0f;
        return "lr";
    }
}

static void test_random_unfair_runs_refused(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    static struct random_set set;
    static const char *const rules[5] = {"one run dropped", "a foreign seed",
                                         "another budget", "a run repeated", "another lr"};
    long done = 0;
    for (long attempt = 0; attempt < 2000 && done < 150; attempt++) {
        random_fair_set(&rng, &set);
        uint32_t how = rng_below(&rng, 5);
        const char *word = break_one_rule(&rng, &set, how);
        if (word == NULL)
            continue;
        done++;
        struct error err = {{0}};
        int status = check_runs_comparable(set.runs, set.count, &err);
        struct at where = AT("check_runs_comparable", SECTION_FAIR);
        where.quantity = rules[how];
        where.unit = "case";
        where.step = attempt;
        where.hint = "every rule of lesson10.h, for every run: seeds once per optimizer, the "
                     "same seed set, the same budget, one lr per optimizer";
        expect_that(where, status == -1 && strstr(err.message, word) != NULL,
                    "%zu runs: expected -1 and a message saying \"%s\", got %d (\"%s\")",
                    set.count, word, status,
                    status == -1 ? err.message : "");
        struct comparison_row rows[MAX_MODELS * MAX_OPTS];
        size_t row_count = 0;
        status = build_comparison_table(set.runs, set.count, 0.9, rows, MAX_MODELS * MAX_OPTS,
                                        &row_count, &err);
        where.function = "build_comparison_table";
        where.section = SECTION_TABLE;
        expect_that(where, status == -1, "build_comparison_table must refuse what "
                    "check_runs_comparable refuses; got %d", status);
    }
}

/* ---- Random summaries and first crossings ---------------------------------------------------- */

static void test_random_summaries(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    double values[60];
    for (long c = 0; c < 500; c++) {
        size_t n = rng_below(&rng, 61);
        double offset = uniform(&rng, -1e6, 1e6), scale = pow(10.0, uniform(&rng, -6.0, 3.0));
        for (size_t i = 0; i < n; i++)
            values[i] = offset + scale * uniform(&rng, -1.0, 1.0);
        struct seed_summary expected = oracle_summary(values, n), got = {0};
        summarize_seeds(values, n, &got);
        struct at where = AT("summarize_seeds", SECTION_SPREAD);
        where.quantity = "n";
        where.unit = "case";
        where.step = c;
        where.hint = "out->n is the number of values";
        expect_that(where, got.n == n, "expected %zu, got %zu", n, got.n);
        const double e[4] = {expected.mean, expected.std, expected.min, expected.max};
        const double g[4] = {got.mean, got.std, got.min, got.max};
        const char *names[4] = {"mean", "std", "min", "max"};
        for (int k = 0; k < 4; k++) {
            where.quantity = names[k];
            where.hint = "mean, then the two-pass sample std (n - 1), min and max; NaN where "
                         "lesson10.h says so";
            if (k == 1 && is_population_std(e[k], g[k], n))
                where.hint = HINT_DIVIDE_BY_N_MINUS_1;
            if (isnan(e[k])) {
                expect_that(where, isnan(g[k]), "n = %zu: expected NaN, got %g", n, g[k]);
            } else {
                /* The std of values spread by scale around offset: a double
                 * two-pass sum is good to about 1e-16 * |offset| / scale
                 * relative, far inside this tolerance. */
                double tol = k == 1 ? 1e-12 * (fabs(offset) + scale) : 1e-12 * fabs(e[k]);
                expect_close_tol(where, e[k], g[k], 1e-9, tol);
            }
        }
    }
}

static void test_random_first_crossings(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    double accuracy[40];
    for (long c = 0; c < 1000; c++) {
        size_t count = rng_below(&rng, 41);
        for (size_t i = 0; i < count; i++)
            accuracy[i] = rng_below(&rng, 10) == 0 ? NAN
                                                  : (double)rng_below(&rng, 21) / 20.0;
        double target = (double)rng_below(&rng, 21) / 20.0; /* ties happen often */
        size_t expected = oracle_first(accuracy, count, target);
        size_t got = first_eval_reaching(accuracy, count, target);
        struct at where = AT("first_eval_reaching", SECTION_TIME);
        where.quantity = "index";
        where.unit = "case";
        where.step = c;
        where.hint = "the smallest i with accuracy[i] >= target (a NaN never reaches), or count";
        if (got != expected && got == first_strictly_above(accuracy, count, target))
            where.hint = "an accuracy equal to the target reaches it: compare with >=, not >";
        expect_that(where, got == expected, "count %zu, target %g: expected %zu, got %zu", count,
                    target, expected, got);
    }
}

/* ---- Edge cases ------------------------------------------------------------------------------ */

static void test_names_compared_by_content(void **state)
{
    (void)state;
    /* The same names in different buffers: strings must be compared by
     * their characters, not by their addresses. "mlp" and "mlp2" are
     * different models. */
    char mlp_a[] = "mlp", mlp_b[] = "mlp", sgd_a[] = "sgd", sgd_b[] = "sgd";
    static const long step[1] = {10};
    static const double seconds[1] = {1.0}, accuracy[1] = {0.95};
    struct run_record runs[5] = {
        {.model = mlp_a, .optimizer = sgd_a, .lr = 0.1f, .seed = 1, .budget = 10},
        {.model = mlp_b, .optimizer = sgd_b, .lr = 0.1f, .seed = 2, .budget = 10},
        {.model = mlp_a, .optimizer = "adam", .lr = 0.001f, .seed = 2, .budget = 10},
        {.model = mlp_b, .optimizer = "adam", .lr = 0.001f, .seed = 1, .budget = 10},
        {.model = "mlp2", .optimizer = sgd_b, .lr = 0.1f, .seed = 9, .budget = 99},
    };
    for (int i = 0; i < 5; i++) {
        runs[i].eval_count = 1;
        runs[i].eval_step = step;
        runs[i].eval_seconds = seconds;
        runs[i].eval_accuracy = accuracy;
        runs[i].final_accuracy = 0.95;
    }
    struct comparison_row rows[3];
    size_t row_count = 0;
    struct error err = {{0}};
    int status = build_comparison_table(runs, 5, 0.9, rows, 3, &row_count, &err);
    struct at where = AT("build_comparison_table", SECTION_TABLE);
    where.quantity = "names in separate buffers";
    where.hint = "compare names with strcmp, not with ==; \"mlp\" and \"mlp2\" differ";
    expect_that(where, status == 0 && row_count == 3 && rows[0].seed_count == 2 &&
                rows[1].seed_count == 2 && rows[2].seed_count == 1,
                "expected 3 rows of 2, 2 and 1 seeds, got status %d, %zu rows (\"%s\")", status,
                row_count, status == 0 ? "" : err.message);
}

static void test_seeds_differing_in_high_bits(void **state)
{
    (void)state;
    /* Seeds 1 and 2^63 + 1 are different seeds: held in anything narrower
     * than 64 bits they would look alike. sgd {1, 2}, adam {2^63 + 1, 2}. */
    const uint64_t high = ((uint64_t)1 << 63) + 1;
    struct run_record runs[4] = {
        {.model = "mlp", .optimizer = "sgd", .lr = 0.1f, .seed = 1, .budget = 10},
        {.model = "mlp", .optimizer = "sgd", .lr = 0.1f, .seed = 2, .budget = 10},
        {.model = "mlp", .optimizer = "adam", .lr = 0.001f, .seed = high, .budget = 10},
        {.model = "mlp", .optimizer = "adam", .lr = 0.001f, .seed = 2, .budget = 10},
    };
    struct error err = {{0}};
    int status = check_runs_comparable(runs, 4, &err);
    struct at where = AT("check_runs_comparable", SECTION_FAIR);
    where.quantity = "seed 2^63 + 1 against seed 1";
    where.hint = "compare seeds as uint64_t, all 64 bits";
    expect_that(where, status == -1, "expected -1, got %d", status);
    /* And sgd {1, 2^63 + 1} is the same set as adam {2^63 + 1, 1}. */
    runs[1].seed = high;
    runs[3].seed = 1;
    status = check_runs_comparable(runs, 4, &err);
    where.quantity = "the same two 64-bit seeds in another order";
    expect_that(where, status == 0, "expected 0, got %d (\"%s\")", status,
                status == 0 ? "" : err.message);
}

static void test_long_history(void **state)
{
    (void)state;
    /* 20 000 evaluations with accuracy i / 20000: the first >= 0.9 is i =
     * 18 000 (0.9 is exactly 18000/20000 in the oracle's arithmetic too). */
    enum { N = 20000 };
    static double accuracy[N];
    for (size_t i = 0; i < N; i++)
        accuracy[i] = (double)i / N;
    size_t expected = oracle_first(accuracy, N, 0.9);
    struct at where = AT("first_eval_reaching", SECTION_TIME);
    where.quantity = "20000 evaluations";
    where.hint = "use size_t for the index";
    size_t got = first_eval_reaching(accuracy, N, 0.9);
    if (got != expected && got == first_strictly_above(accuracy, N, 0.9))
        where.hint = "an accuracy equal to the target reaches it: compare with >=, not >";
    expect_that(where, got == expected, "expected %zu, got %zu", expected, got);
}

static void test_one_run_per_model(void **state)
{
    (void)state;
    /* The smallest tables: one run, then two models of one run each (with
     * other seeds and budgets: allowed, each model is its own comparison). */
    static const long step[2] = {5, 10};
    static const double seconds[2] = {0.5, 1.0}, accuracy[2] = {0.89, 0.9};
    struct run_record runs[2] = {
        {.model = "cnn", .optimizer = "adam", .lr = 0.001f, .seed = 3, .budget = 10,
         .eval_count = 2, .eval_step = step, .eval_seconds = seconds,
         .eval_accuracy = accuracy, .final_accuracy = 0.9},
        {.model = "mlp", .optimizer = "adam", .lr = 0.001f, .seed = 4, .budget = 20,
         .eval_count = 2, .eval_step = step, .eval_seconds = seconds,
         .eval_accuracy = accuracy, .final_accuracy = 0.9},
    };
    struct comparison_row rows[2];
    size_t row_count = 0;
    struct error err = {{0}};
    struct at where = AT("build_comparison_table", SECTION_TABLE);
    for (size_t count = 1; count <= 2; count++) {
        int status = build_comparison_table(runs, count, 0.9, rows, count, &row_count, &err);
        where.quantity = count == 1 ? "one run" : "two models, one run each";
        where.hint = "one seed: reached at step 10 (0.9 >= 0.9), every std NaN";
        expect_that(where, status == 0 && row_count == count && rows[0].reached == 1 &&
                    rows[0].steps_to_target.mean == 10.0 &&
                    rows[0].seconds_to_target.mean == 1.0 && isnan(rows[0].final_accuracy.std),
                    "expected %zu row(s) reaching at step 10 after 1.0 s with std NaN; got "
                    "status %d, %zu rows (\"%s\")", count, status, row_count,
                    status == 0 ? "" : err.message);
    }
}

/* ---- Questions: the values of the exercises, derived here ----------------------- */

static void expect_answer_close(const char *id, const char *what, double expected, double rel,
                                double abs)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), rel, abs);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* The MLP rows of the README's table: Nesterov 93.23 +- 0.37, RMSProp
     * 93.12 +- 0.14. The intervals mean +- s/sqrt(n) part when
     * 93.23 - 0.37/sqrt(n) > 93.12 + 0.14/sqrt(n): the smallest such n,
     * found by counting up (n > (0.51/0.11)^2 = 21.5). Within one seed. */
    const double mean_nesterov = 93.23, s_nesterov = 0.37;
    const double mean_rmsprop = 93.12, s_rmsprop = 0.14;
    long n = 1;
    while (!(mean_nesterov - s_nesterov / sqrt((double)n) >
             mean_rmsprop + s_rmsprop / sqrt((double)n)) && n < 100000)
        n++;
    expect_answer_close("ex2", "the number of seeds", (double)n, 0.0, 1.0);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* The lesson's reference run: 19.9 s of training took 29.4 s in all with
     * an evaluation every 25 steps. The runs' 250 and 125 steps are multiples
     * of 5 and of 25, so EVAL_EVERY = 5 makes exactly five times as many
     * evaluations of the same cost: 19.9 + 5 * (29.4 - 19.9) seconds. Within 1%. */
    const double training = 19.9, in_all = 29.4;
    const double evaluations = 25.0 / 5.0; /* evaluations per run: 5 times as many */
    expect_answer_close("ex4", "the seconds in all", training + evaluations * (in_all - training),
                        0.01, 0.0);
}

static void test_hidden_question_ex6(void **state)
{
    (void)state;
    /* AdaGrad's MLP row: 93.25 +- 0.56, range 92.60 - 93.60. The third
     * seed's accuracy is 3 * 93.25 - 92.60 - 93.60 = 93.55; the squared
     * deviations from the mean, divided by n = 3 (not n - 1), under a root.
     * Within 2%. */
    const double low = 92.60, high = 93.60, mean = 93.25;
    const double x[3] = {low, high, 3.0 * mean - low - high};
    double m = (x[0] + x[1] + x[2]) / 3.0, squares = 0.0;
    for (int i = 0; i < 3; i++)
        squares += (x[i] - m) * (x[i] - m);
    expect_answer_close("ex6", "the spread divided by n", sqrt(squares / 3.0), 0.02, 0.0);
}

static const struct harness_test tests[] = {
    {"random_tables_against_oracle", test_random_tables_against_oracle, 30, 10,
     "200 random fair sets of runs, shuffled, against an oracle table"},
    {"random_unfair_runs_refused", test_random_unfair_runs_refused, 25, 10,
     "150 random sets with one rule broken are refused"},
    {"random_summaries", test_random_summaries, 15, 5,
     "500 random summaries, far from zero and close together"},
    {"random_first_crossings", test_random_first_crossings, 10, 5,
     "1000 random histories with ties and NaN"},
    {"names_compared_by_content", test_names_compared_by_content, 8, 2,
     "names in separate buffers; mlp and mlp2 differ"},
    {"seeds_differing_in_high_bits", test_seeds_differing_in_high_bits, 5, 2,
     "64-bit seeds compared in full"},
    {"long_history", test_long_history, 3, 2, "20 000 evaluations"},
    {"one_run_per_model", test_one_run_per_model, 4, 2,
     "one run; two models of one run each"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
    {"hidden_question_ex6", test_hidden_question_ex6, 5, 2, "exercise 6's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
