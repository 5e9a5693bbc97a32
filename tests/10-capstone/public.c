/* Lesson 10, public tests: the comparison harness.
 *
 * No training here: every test feeds hand-made run records to the
 * student's functions and checks the result against values derived by
 * hand in the comment beside it. None is produced by the code under test. */
#include "harness.h"
#include "lessons.h"
#include "lesson10.h"
#include "diagnosis.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define SECTION_TIME "Time to a target accuracy"
#define SECTION_SPREAD "Spread over seeds"
#define SECTION_FAIR "Refusing an unfair table"
#define SECTION_TABLE "The comparison table"

/* ---- first_eval_reaching ------------------------------------------------------------ */

/* The index of the first accuracy strictly above target (count if none):
 * what a loop comparing with > instead of >= returns. */
static size_t first_strictly_above(const double *accuracy, size_t count, double target)
{
    size_t i = 0;
    while (i < count && !(accuracy[i] > target))
        i++;
    return i;
}

static void check_first(const double *accuracy, size_t count, double target, size_t expected,
                        const char *case_name)
{
    size_t got = first_eval_reaching(accuracy, count, target);
    struct at where = AT("first_eval_reaching", SECTION_TIME);
    where.quantity = case_name;
    if (got != expected && got == first_strictly_above(accuracy, count, target))
        where.hint = "an accuracy equal to the target reaches it: compare with >=, not >";
    else if (expected == count && got + 1 == count)
        where.hint = "when no evaluation reaches the target, return count (one past the last)";
    else if (got > expected && got < count)
        where.hint = "return the FIRST evaluation at or above the target, not a later one";
    else
        where.hint = "return the smallest i with accuracy[i] >= target, or count if none";
    expect_that(where, got == expected, "expected index %zu, got %zu", expected, got);
}

static void test_first_eval_reaching_hand_examples(void **state)
{
    (void)state;
    /* Accuracy 0.5, 0.8, 0.9, 0.85, 0.95 and target 0.9: index 2 is the
     * first at or above 0.9 (equal counts); index 4 is above too but later. */
    const double climbing[5] = {0.5, 0.8, 0.9, 0.85, 0.95};
    check_first(climbing, 5, 0.9, 2, "0.5 0.8 0.9 0.85 0.95, target 0.9");
    /* Target 0.86: 0.9 at index 2 again (0.85 at index 3 does not count). */
    check_first(climbing, 5, 0.86, 2, "0.5 0.8 0.9 0.85 0.95, target 0.86");
    /* Target 0.95: only the last evaluation. */
    check_first(climbing, 5, 0.95, 4, "0.5 0.8 0.9 0.85 0.95, target 0.95");
    /* Reached at the very first evaluation. */
    const double early[3] = {0.97, 0.98, 0.99};
    check_first(early, 3, 0.9, 0, "0.97 0.98 0.99, target 0.9");
}

static void test_first_eval_reaching_never(void **state)
{
    (void)state;
    /* Never reached: count. An empty history: count = 0. A NaN accuracy
     * (a run that blew up) is never >= anything, so {NaN, 0.95} reaches at
     * index 1 and {NaN, NaN} never does. */
    const double low[4] = {0.5, 0.6, 0.7, 0.8};
    check_first(low, 4, 0.9, 4, "0.5 0.6 0.7 0.8, target 0.9");
    check_first(NULL, 0, 0.9, 0, "an empty history");
    const double with_nan[2] = {NAN, 0.95};
    check_first(with_nan, 2, 0.9, 1, "NaN 0.95, target 0.9");
    const double all_nan[2] = {NAN, NAN};
    check_first(all_nan, 2, 0.9, 2, "NaN NaN, target 0.9");
}

/* ---- summarize_seeds ------------------------------------------------------------------ */


static void check_summary(const double *values, size_t n, double mean, double std, double min,
                          double max, const char *case_name)
{
    struct seed_summary s = {.n = 12345, .mean = -1.0, .std = -1.0, .min = -1.0, .max = -1.0};
    summarize_seeds(values, n, &s);
    struct at where = AT("summarize_seeds", SECTION_SPREAD);
    char field[160]; /* "0.97 0.95 0.96: std" */
    where.quantity = field;
    snprintf(field, sizeof field, "%s: n", case_name);
    where.hint = "set out->n to the number of values";
    expect_that(where, s.n == n, "expected %zu, got %zu", n, s.n);

    snprintf(field, sizeof field, "%s: mean", case_name);
    where.hint = "mean = (sum of the values) / n";
    expect_close_tol(where, mean, s.mean, 1e-12, 1e-12);

    snprintf(field, sizeof field, "%s: std", case_name);
    if (is_population_std(std, s.std, n))
        where.hint = HINT_DIVIDE_BY_N_MINUS_1;
    else if (fabs(s.std - std * std) < 1e-9 * std * std && std != 1.0)
        where.hint = "this is the variance: take its square root";
    else
        where.hint = "std = sqrt(sum of (x - mean)^2 / (n - 1))";
    expect_close_tol(where, std, s.std, 1e-9, 1e-12);

    snprintf(field, sizeof field, "%s: min", case_name);
    where.hint = "the smallest value";
    expect_close_tol(where, min, s.min, 0.0, 0.0);
    snprintf(field, sizeof field, "%s: max", case_name);
    where.hint = "the largest value";
    expect_close_tol(where, max, s.max, 0.0, 0.0);
}

static void test_summarize_seeds_hand_examples(void **state)
{
    (void)state;
    /* 0.97, 0.95, 0.96: mean 2.88 / 3 = 0.96; deviations 0.01, -0.01, 0;
     * squares 0.0002 / (3 - 1) = 0.0001, std 0.01. */
    const double accuracies[3] = {0.97, 0.95, 0.96};
    check_summary(accuracies, 3, 0.96, 0.01, 0.95, 0.97, "0.97 0.95 0.96");
    /* 2 4 4 4 5 5 7 9: mean 40 / 8 = 5; squared deviations
     * 9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32; std sqrt(32 / 7) = 2.13809
     * (dividing by 8 would give the population value, 2). */
    const double textbook[8] = {2, 4, 4, 4, 5, 5, 7, 9};
    check_summary(textbook, 8, 5.0, sqrt(32.0 / 7.0), 2.0, 9.0, "2 4 4 4 5 5 7 9");
    /* Two equal values: mean 250, std 0. */
    const double same[2] = {250.0, 250.0};
    check_summary(same, 2, 250.0, 0.0, 250.0, 250.0, "250 250");
}

static void test_summarize_seeds_one_value_and_none(void **state)
{
    (void)state;
    struct at where = AT("summarize_seeds", SECTION_SPREAD);
    /* One seed: mean = min = max = the value; the spread is unknown (NaN). */
    const double one[1] = {0.93};
    struct seed_summary s = {0};
    summarize_seeds(one, 1, &s);
    where.quantity = "one value: mean";
    where.hint = "with one value, the mean, min and max are that value";
    expect_close_tol(where, 0.93, s.mean, 0.0, 0.0);
    expect_close_tol(where, 0.93, s.min, 0.0, 0.0);
    expect_close_tol(where, 0.93, s.max, 0.0, 0.0);
    where.quantity = "one value: std";
    where.hint = "one value says nothing about the spread: std is NAN when n is 1 (not 0, "
                 "which would claim a perfectly repeatable result)";
    expect_that(where, s.n == 1 && isnan(s.std), "n = 1: expected n 1 and std NaN, got n %zu, "
                "std %g", s.n, s.std);
    /* No values: everything NaN, n = 0. */
    struct seed_summary none = {.n = 7};
    summarize_seeds(NULL, 0, &none);
    where.quantity = "no values";
    where.hint = "with n = 0, set mean, std, min and max to NAN before touching values";
    expect_that(where, none.n == 0 && isnan(none.mean) && isnan(none.std) &&
                isnan(none.min) && isnan(none.max),
                "n = 0: expected n 0 and NaN everywhere, got n %zu, mean %g, std %g, min %g, "
                "max %g", none.n, none.mean, none.std, none.min, none.max);
}

static void test_summarize_seeds_small_spread_far_from_zero(void **state)
{
    (void)state;
    /* 1e9, 1e9 + 1, 1e9 + 2: mean 1e9 + 1, deviations -1, 0, 1, std 1
     * exactly. The one-pass formula sum(x^2) - n*mean^2 subtracts two
     * numbers near 3e18, where double's spacing is 512: its answer is noise. */
    const double far[3] = {1e9, 1e9 + 1.0, 1e9 + 2.0};
    struct seed_summary s = {0};
    summarize_seeds(far, 3, &s);
    struct at where = AT("summarize_seeds", SECTION_SPREAD);
    where.quantity = "std of 1e9, 1e9+1, 1e9+2";
    where.hint = "subtract the mean first, then square (two passes); sum(x^2) - n*mean^2 "
                 "cancels catastrophically";
    if (is_population_std(1.0, s.std, 3))
        where.hint = HINT_DIVIDE_BY_N_MINUS_1;
    expect_close_tol(where, 1.0, s.std, 1e-9, 0.0);
}

/* ---- Hand-made run records ------------------------------------------------------------- */

/* Four evaluations at steps 25, 50, 75, 100 (a budget of 100 steps). */
static const long steps4[4] = {25, 50, 75, 100};

static struct run_record record(const char *model, const char *optimizer, float lr,
                                uint64_t seed, long budget)
{
    return (struct run_record){.model = model, .optimizer = optimizer, .lr = lr,
                               .seed = seed, .budget = budget, .final_accuracy = 0.9};
}

static void expect_refused(const struct run_record *runs, size_t count, const char *model,
                           const char *word, const char *case_name, const char *hint)
{
    struct error err = {{0}};
    int status = check_runs_comparable(runs, count, &err);
    struct at where = AT("check_runs_comparable", SECTION_FAIR);
    where.quantity = case_name;
    where.hint = hint;
    expect_that(where, status == -1, "expected -1 (refused), got %d", status);
    if (status != -1)
        return;
    where.hint = "the message must name the model and the rule: see lesson10.h";
    if (strstr(err.message, model) != NULL && strstr(err.message, word) == NULL &&
        strstr(err.message, "seed") != NULL)
        where.hint = "these runs break more than one rule: the seed sets are checked last "
                     "(lesson10.h), so the message names the other rule";
    expect_that(where, strstr(err.message, model) != NULL && strstr(err.message, word) != NULL,
                "the message should name the model \"%s\" and say \"%s\"; it was \"%s\"",
                model, word, err.message);
}

static void test_check_accepts_fair_runs(void **state)
{
    (void)state;
    /* The mlp: sgd and adam with seeds 1, 2, 3 (records in mixed order),
     * budget 100. The cnn: its own seeds 4, 5 and budget 50; a model may
     * differ from another, only its own optimizers must agree. */
    struct run_record runs[10] = {
        record("mlp", "sgd", 0.1f, 3, 100),   record("mlp", "adam", 0.001f, 1, 100),
        record("cnn", "adam", 0.001f, 5, 50), record("mlp", "sgd", 0.1f, 1, 100),
        record("mlp", "adam", 0.001f, 3, 100), record("cnn", "sgd", 0.1f, 4, 50),
        record("mlp", "adam", 0.001f, 2, 100), record("mlp", "sgd", 0.1f, 2, 100),
        record("cnn", "sgd", 0.1f, 5, 50),    record("cnn", "adam", 0.001f, 4, 50),
    };
    struct error err = {{0}};
    struct at where = AT("check_runs_comparable", SECTION_FAIR);
    where.quantity = "a fair set of runs";
    where.hint = "compare seeds as sets (order does not matter), and compare each model's "
                 "runs only with runs of the same model";
    int status = check_runs_comparable(runs, 10, &err);
    expect_that(where, status == 0, "expected 0 for fair runs, got %d (\"%s\")", status,
                err.message);
    where.quantity = "no runs";
    where.hint = "no runs break no rule: return 0";
    status = check_runs_comparable(NULL, 0, &err);
    expect_that(where, status == 0, "expected 0 for no runs, got %d", status);
}

static void test_check_refuses_different_seeds(void **state)
{
    (void)state;
    /* adam has seeds {1, 2}, sgd {1, 2, 3}: one seed fewer. */
    struct run_record fewer[5] = {
        record("mlp", "sgd", 0.1f, 1, 100), record("mlp", "sgd", 0.1f, 2, 100),
        record("mlp", "sgd", 0.1f, 3, 100), record("mlp", "adam", 0.001f, 1, 100),
        record("mlp", "adam", 0.001f, 2, 100),
    };
    expect_refused(fewer, 5, "mlp", "seed", "sgd {1, 2, 3}, adam {1, 2}",
                   "each optimizer must have as many seeds as the others");
    /* The same count, other seeds: adam {1, 2, 4}. */
    struct run_record other[6] = {
        record("mlp", "sgd", 0.1f, 1, 100),   record("mlp", "sgd", 0.1f, 2, 100),
        record("mlp", "sgd", 0.1f, 3, 100),   record("mlp", "adam", 0.001f, 1, 100),
        record("mlp", "adam", 0.001f, 2, 100), record("mlp", "adam", 0.001f, 4, 100),
    };
    expect_refused(other, 6, "mlp", "seed", "sgd {1, 2, 3}, adam {1, 2, 4}",
                   "equal counts are not enough: every seed of one optimizer must be a seed of "
                   "the others");
    /* The extra seed is on the first optimizer: sgd {1, 2, 3}, adam {1, 2}
     * with sgd's seed 3 last in the list. */
    struct run_record extra_last[5] = {
        record("mlp", "adam", 0.001f, 1, 100), record("mlp", "sgd", 0.1f, 1, 100),
        record("mlp", "adam", 0.001f, 2, 100), record("mlp", "sgd", 0.1f, 2, 100),
        record("mlp", "sgd", 0.1f, 3, 100),
    };
    expect_refused(extra_last, 5, "mlp", "seed", "adam {1, 2}, sgd {1, 2, 3}",
                   "check every optimizer against the others, including the one that has "
                   "more seeds");
}

static void test_check_refuses_different_budgets(void **state)
{
    (void)state;
    /* Same seeds, but adam was given 200 steps and sgd 100. */
    struct run_record runs[4] = {
        record("cnn", "sgd", 0.1f, 1, 100),   record("cnn", "adam", 0.001f, 1, 200),
        record("cnn", "sgd", 0.1f, 2, 100),   record("cnn", "adam", 0.001f, 2, 200),
    };
    expect_refused(runs, 4, "cnn", "budget", "sgd 100 steps, adam 200",
                   "every run of one model must have the same budget");
    /* One seed of one optimizer with a different budget. */
    struct run_record one_off[4] = {
        record("cnn", "sgd", 0.1f, 1, 100),   record("cnn", "adam", 0.001f, 1, 100),
        record("cnn", "sgd", 0.1f, 2, 100),   record("cnn", "adam", 0.001f, 2, 101),
    };
    expect_refused(one_off, 4, "cnn", "budget", "adam seed 2 with 101 steps",
                   "compare the budget of every run, not only the first of each optimizer");
    /* Two rules broken: adam has seeds {1} against sgd's {1, 2}, and 200
     * steps against 100. The seed sets are checked last (lesson10.h), so
     * the message is about the budget. */
    struct run_record both[3] = {
        record("cnn", "sgd", 0.1f, 1, 100), record("cnn", "sgd", 0.1f, 2, 100),
        record("cnn", "adam", 0.001f, 1, 200),
    };
    expect_refused(both, 3, "cnn", "budget", "adam {1} with 200 steps, sgd {1, 2} with 100",
                   "runs that break two rules are refused too");
}

static void test_check_refuses_repeated_seed_and_mixed_lr(void **state)
{
    (void)state;
    /* adam ran seed 1 twice: {1, 1} has as many seeds as sgd's {1, 2}, and
     * all of them are sgd seeds, so only the rule "each seed once" sees it. */
    struct run_record twice[4] = {
        record("mlp", "sgd", 0.1f, 1, 100),   record("mlp", "sgd", 0.1f, 2, 100),
        record("mlp", "adam", 0.001f, 1, 100), record("mlp", "adam", 0.001f, 1, 100),
    };
    expect_refused(twice, 4, "mlp", "seed", "adam with seeds {1, 1}",
                   "a (model, optimizer, seed) may appear only once");
    /* adam's seed 2 used lr 0.01, its seed 1 lr 0.001: a row mixing settings. */
    struct run_record mixed[4] = {
        record("mlp", "sgd", 0.1f, 1, 100),   record("mlp", "sgd", 0.1f, 2, 100),
        record("mlp", "adam", 0.001f, 1, 100), record("mlp", "adam", 0.01f, 2, 100),
    };
    expect_refused(mixed, 4, "mlp", "lr", "adam with lr 0.001 and 0.01",
                   "all runs of one optimizer on one model must use the same lr");
}

/* ---- build_comparison_table ------------------------------------------------------------- */

/* Checks one summary of a row field by field; each message names the row's
 * quantity and the field ("mlp sgd final accuracy: std"). */
static void check_row_summary(const char *quantity, const struct seed_summary *got, size_t n,
                              double mean, double std, double min, double max, const char *hint)
{
    struct at where = AT("build_comparison_table", SECTION_TABLE);
    char field[160];
    where.quantity = field;
    where.hint = hint;
    snprintf(field, sizeof field, "%s: n", quantity);
    expect_that(where, got->n == n, "expected %zu, got %zu", n, got->n);
    snprintf(field, sizeof field, "%s: mean", quantity);
    expect_close_tol(where, mean, got->mean, 1e-9, 1e-12);
    snprintf(field, sizeof field, "%s: std", quantity);
    if (isnan(std)) {
        expect_that(where, isnan(got->std), "expected NaN (one value), got %g", got->std);
    } else {
        if (is_population_std(std, got->std, n))
            where.hint = HINT_DIVIDE_BY_N_MINUS_1;
        expect_close_tol(where, std, got->std, 1e-6, 1e-12);
        where.hint = hint;
    }
    snprintf(field, sizeof field, "%s: min", quantity);
    expect_close_tol(where, min, got->min, 1e-12, 1e-12);
    snprintf(field, sizeof field, "%s: max", quantity);
    expect_close_tol(where, max, got->max, 1e-12, 1e-12);
}

/* The six mlp runs and one cnn run of the hand example (target 0.9):
 *
 *   run  model optimizer seed  accuracy at steps 25, 50, 75, 100  seconds then      final
 *   A    mlp   sgd       1     0.80 0.88 0.91 0.93               0.5 1.0 1.5 2.0   0.93
 *   B    mlp   adam      1     0.90 0.92 0.94 0.95               0.6 1.2 1.8 2.4   0.95
 *   X    cnn   momentum  7     0.91 (one evaluation, step 50)    3.0               0.91
 *   C    mlp   sgd       2     0.70 0.85 0.89 0.92               0.4 0.8 1.2 1.6   0.92
 *   D    mlp   adam      2     0.85 0.91 0.93 0.96               0.5 1.0 1.5 2.0   0.96
 *   E    mlp   sgd       3     0.60 0.70 0.80 0.85               0.5 1.0 1.5 2.0   0.85
 *   F    mlp   adam      3     0.88 0.90 0.95 0.97               0.5 1.0 1.5 2.0   0.97
 *
 * First evaluation at >= 0.9: A at step 75 (1.5 s), B at 25 (0.6 s), X at 50
 * (3.0 s), C at 100 (1.6 s), D at 50 (1.0 s), E never, F at 50 (1.0 s).
 *
 * Row 1, mlp sgd (A, C, E):
 *   final 0.93, 0.92, 0.85: mean 2.70/3 = 0.90; deviations 0.03, 0.02, -0.05;
 *     squares 0.0009 + 0.0004 + 0.0025 = 0.0038; std sqrt(0.0038/2) = sqrt(0.0019).
 *   reached 2 of 3; steps 75, 100: mean 87.5, std sqrt(2 * 12.5^2 / 1) = 17.6777;
 *     seconds 1.5, 1.6: mean 1.55, std sqrt(2 * 0.05^2) = 0.0707107.
 * Row 2, mlp adam (B, D, F):
 *   final 0.95, 0.96, 0.97: mean 0.96, std 0.01.
 *   reached 3; steps 25, 50, 50: mean 125/3, deviations -50/3, 25/3, 25/3,
 *     squares (2500 + 625 + 625)/9 = 3750/9, std sqrt(3750/18) = sqrt(208.333);
 *   seconds 0.6, 1.0, 1.0: mean 2.6/3, deviations -0.8/3, 0.4/3, 0.4/3,
 *     squares 0.96/9, std sqrt(0.96/18) = sqrt(0.0533333).
 * Row 3, cnn momentum (X): one seed: final 0.91, std NaN; reached 1, steps 50
 *   (std NaN), seconds 3.0 (std NaN). */
static const double acc_a[4] = {0.80, 0.88, 0.91, 0.93}, sec_a[4] = {0.5, 1.0, 1.5, 2.0};
static const double acc_b[4] = {0.90, 0.92, 0.94, 0.95}, sec_b[4] = {0.6, 1.2, 1.8, 2.4};
static const double acc_c[4] = {0.70, 0.85, 0.89, 0.92}, sec_c[4] = {0.4, 0.8, 1.2, 1.6};
static const double acc_d[4] = {0.85, 0.91, 0.93, 0.96};
static const double acc_e[4] = {0.60, 0.70, 0.80, 0.85};
static const double acc_f[4] = {0.88, 0.90, 0.95, 0.97};
static const long step_x[1] = {50};
static const double acc_x[1] = {0.91}, sec_x[1] = {3.0};

static struct run_record hand_run(const char *model, const char *optimizer, float lr,
                                  uint64_t seed, const double *accuracy, const double *seconds,
                                  double final_accuracy)
{
    return (struct run_record){.model = model, .optimizer = optimizer, .lr = lr, .seed = seed,
                               .budget = 100, .eval_count = 4, .eval_step = steps4,
                               .eval_seconds = seconds, .eval_accuracy = accuracy,
                               .final_accuracy = final_accuracy};
}

static void test_build_table_hand_example(void **state)
{
    (void)state;
    struct run_record runs[7] = {
        hand_run("mlp", "sgd", 0.1f, 1, acc_a, sec_a, 0.93),
        hand_run("mlp", "adam", 0.001f, 1, acc_b, sec_b, 0.95),
        {.model = "cnn", .optimizer = "momentum", .lr = 0.05f, .seed = 7, .budget = 50,
         .eval_count = 1, .eval_step = step_x, .eval_seconds = sec_x, .eval_accuracy = acc_x,
         .final_accuracy = 0.91},
        hand_run("mlp", "sgd", 0.1f, 2, acc_c, sec_c, 0.92),
        hand_run("mlp", "adam", 0.001f, 2, acc_d, sec_a, 0.96),
        hand_run("mlp", "sgd", 0.1f, 3, acc_e, sec_a, 0.85),
        hand_run("mlp", "adam", 0.001f, 3, acc_f, sec_a, 0.97),
    };
    struct comparison_row rows[8];
    size_t row_count = 99;
    struct error err = {{0}};
    int status = build_comparison_table(runs, 7, 0.9, rows, 8, &row_count, &err);
    struct at where = AT("build_comparison_table", SECTION_TABLE);
    where.quantity = "status and row count";
    where.hint = "one row per (model, optimizer) pair: 3 pairs here";
    expect_that(where, status == 0 && row_count == 3,
                "expected status 0 and 3 rows, got status %d and %zu rows (\"%s\")", status,
                row_count, status == 0 ? "" : err.message);
    if (status != 0 || row_count != 3)
        return;

    const char *order[3][2] = {{"mlp", "sgd"}, {"mlp", "adam"}, {"cnn", "momentum"}};
    for (int r = 0; r < 3; r++) {
        where.quantity = "row order";
        where.index = r;
        where.hint = "rows come in the order each pair first appears in runs";
        expect_that(where, strcmp(rows[r].model, order[r][0]) == 0 &&
                    strcmp(rows[r].optimizer, order[r][1]) == 0,
                    "row %d: expected %s %s, got %s %s", r, order[r][0], order[r][1],
                    rows[r].model, rows[r].optimizer);
    }
    const size_t seeds[3] = {3, 3, 1}, reached[3] = {2, 3, 1};
    const long budget[3] = {100, 100, 50};
    const float lr[3] = {0.1f, 0.001f, 0.05f};
    for (int r = 0; r < 3; r++) {
        where.index = r;
        where.quantity = "seed_count, reached, budget, lr";
        where.hint = "seed_count counts the pair's runs, reached those that hit the target; "
                     "lr and budget are copied from the runs";
        expect_that(where, rows[r].seed_count == seeds[r] && rows[r].reached == reached[r] &&
                    rows[r].budget == budget[r] && rows[r].lr == lr[r],
                    "row %d: expected seeds %zu, reached %zu, budget %ld, lr %g; got %zu, %zu, "
                    "%ld, %g", r, seeds[r], reached[r], budget[r], (double)lr[r],
                    rows[r].seed_count, rows[r].reached, rows[r].budget, (double)rows[r].lr);
    }
    if (rows[0].steps_to_target.n == 3 && fabs(rows[0].steps_to_target.mean - 275.0 / 3) < 1e-9)
        where.hint = "a run that never reached the target has no steps to it: leave it out of "
                     "the steps and seconds (reached counts the others)";
    else
        where.hint = "steps and seconds are eval_step and eval_seconds at the first evaluation "
                     "that reached the target, over the seeds that reached it";
    check_row_summary("mlp sgd final accuracy", &rows[0].final_accuracy, 3, 0.90, sqrt(0.0019),
                      0.85, 0.93, "summarize the final_accuracy of every seed of the row");
    check_row_summary("mlp sgd steps to 0.9", &rows[0].steps_to_target, 2, 87.5,
                      sqrt(312.5), 75.0, 100.0, where.hint);
    check_row_summary("mlp sgd seconds to 0.9", &rows[0].seconds_to_target, 2, 1.55,
                      sqrt(0.005), 1.5, 1.6, where.hint);
    check_row_summary("mlp adam final accuracy", &rows[1].final_accuracy, 3, 0.96, 0.01, 0.95,
                      0.97, "summarize the final_accuracy of every seed of the row");
    check_row_summary("mlp adam steps to 0.9", &rows[1].steps_to_target, 3, 125.0 / 3.0,
                      sqrt(3750.0 / 18.0), 25.0, 50.0, where.hint);
    check_row_summary("mlp adam seconds to 0.9", &rows[1].seconds_to_target, 3, 2.6 / 3.0,
                      sqrt(0.96 / 18.0), 0.6, 1.0, where.hint);
    check_row_summary("cnn momentum final accuracy", &rows[2].final_accuracy, 1, 0.91, NAN,
                      0.91, 0.91, "one seed: the spread is unknown (NaN)");
    check_row_summary("cnn momentum steps to 0.9", &rows[2].steps_to_target, 1, 50.0, NAN, 50.0,
                      50.0, where.hint);
}

static void test_build_table_never_reached(void **state)
{
    (void)state;
    /* sgd (seeds 1, 2) never reaches 0.9 (histories E and C at target 0.95
     * both stay below); adam reaches 0.95 with seed 1 (B at step 100, 2.4 s)
     * and seed 2 (D at step 100, 2.0 s). At target 0.95: sgd reached 0 of 2,
     * its steps and seconds are empty (n 0, NaN); adam reached 2, steps
     * 100, 100 (mean 100, std 0), seconds 2.4, 2.0 (mean 2.2, std
     * sqrt(2 * 0.2^2) = 0.282843). */
    struct run_record runs[4] = {
        hand_run("mlp", "sgd", 0.1f, 1, acc_e, sec_a, 0.85),
        hand_run("mlp", "sgd", 0.1f, 2, acc_c, sec_c, 0.92),
        hand_run("mlp", "adam", 0.001f, 1, acc_b, sec_b, 0.95),
        hand_run("mlp", "adam", 0.001f, 2, acc_d, sec_a, 0.96),
    };
    struct comparison_row rows[2];
    size_t row_count = 0;
    struct error err = {{0}};
    int status = build_comparison_table(runs, 4, 0.95, rows, 2, &row_count, &err);
    struct at where = AT("build_comparison_table", SECTION_TABLE);
    where.quantity = "status and row count";
    where.hint = "two pairs, room for exactly two rows: that must succeed";
    expect_that(where, status == 0 && row_count == 2, "expected status 0 and 2 rows, got %d "
                "and %zu (\"%s\")", status, row_count, status == 0 ? "" : err.message);
    if (status != 0 || row_count != 2)
        return;
    where.quantity = "sgd: reached and steps to 0.95";
    where.hint = "no seed reached the target: reached 0, and the steps and seconds summaries "
                 "are of no values (n 0, NaN), not of a made-up value such as -1 or the budget";
    expect_that(where, rows[0].reached == 0 && rows[0].steps_to_target.n == 0 &&
                isnan(rows[0].steps_to_target.mean) && rows[0].seconds_to_target.n == 0 &&
                isnan(rows[0].seconds_to_target.mean),
                "expected reached 0 and empty summaries, got reached %zu, steps n %zu mean %g, "
                "seconds n %zu mean %g", rows[0].reached, rows[0].steps_to_target.n,
                rows[0].steps_to_target.mean, rows[0].seconds_to_target.n,
                rows[0].seconds_to_target.mean);
    check_row_summary("adam steps to 0.95", &rows[1].steps_to_target, 2, 100.0, 0.0, 100.0,
                      100.0, "the first evaluation at or above 0.95 is the last one, step 100");
    check_row_summary("adam seconds to 0.95", &rows[1].seconds_to_target, 2, 2.2, sqrt(0.08),
                      2.0, 2.4, "eval_seconds at that same evaluation");
}

static void test_build_table_refuses(void **state)
{
    (void)state;
    struct at where = AT("build_comparison_table", SECTION_TABLE);
    struct comparison_row rows[4];
    size_t row_count = 0;
    struct error err = {{0}};
    /* adam has seeds {1}, sgd {1, 2}: the table must be refused. */
    struct run_record unfair[3] = {
        hand_run("mlp", "sgd", 0.1f, 1, acc_a, sec_a, 0.93),
        hand_run("mlp", "sgd", 0.1f, 2, acc_c, sec_c, 0.92),
        hand_run("mlp", "adam", 0.001f, 1, acc_b, sec_b, 0.95),
    };
    where.quantity = "runs with different seeds";
    where.hint = "call check_runs_comparable first and return -1 when it fails";
    int status = build_comparison_table(unfair, 3, 0.9, rows, 4, &row_count, &err);
    expect_that(where, status == -1 && strstr(err.message, "seed") != NULL,
                "expected -1 and check_runs_comparable's message, got %d (\"%s\")", status,
                err.message);
    /* Three pairs and room for two rows. */
    struct run_record three[3] = {
        hand_run("mlp", "sgd", 0.1f, 1, acc_a, sec_a, 0.93),
        hand_run("mlp", "adam", 0.001f, 1, acc_b, sec_b, 0.95),
        hand_run("mlp", "momentum", 0.05f, 1, acc_c, sec_c, 0.92),
    };
    where.quantity = "three rows, room for two";
    where.hint = "before writing a row, check that count < max_rows; return -1 if not";
    status = build_comparison_table(three, 3, 0.9, rows, 2, &row_count, &err);
    expect_that(where, status == -1, "expected -1, got %d", status);
}

/* ---- Questions: the exercises answered in answers.txt --------------------------- */

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 2, 0x10814736be552a9fULL,
                         "the seeds before Nesterov's and RMSProp's standard errors part");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 3, 0x695d00b91ab548f0ULL,
                         "the predicted seconds with EVAL_EVERY = 5 (3 significant digits)");
}

static void test_question_ex6(void **state)
{
    (void)state;
    expect_answer_number("ex6", 2, 0xca5c225427c78bf3ULL,
                         "AdaGrad's MLP spread divided by n (2 significant digits)");
}

static const struct harness_test tests[] = {
    {"first_eval_reaching_hand_examples", test_first_eval_reaching_hand_examples, 10, 2,
     "the first evaluation at or above the target, ties included"},
    {"first_eval_reaching_never", test_first_eval_reaching_never, 6, 2,
     "never reached, an empty history, NaN accuracies"},
    {"summarize_seeds_hand_examples", test_summarize_seeds_hand_examples, 12, 2,
     "mean, sample standard deviation (n - 1), min and max of a few values"},
    {"summarize_seeds_one_value_and_none", test_summarize_seeds_one_value_and_none, 8, 2,
     "one seed: std NaN; no seeds: NaN everywhere"},
    {"summarize_seeds_small_spread_far_from_zero", test_summarize_seeds_small_spread_far_from_zero,
     4, 2, "std of 1e9, 1e9+1, 1e9+2 is 1 (two passes, no cancellation)"},
    {"check_accepts_fair_runs", test_check_accepts_fair_runs, 8, 2,
     "fair runs in any order, models with their own seeds and budgets"},
    {"check_refuses_different_seeds", test_check_refuses_different_seeds, 10, 2,
     "an optimizer with fewer or other seeds is refused"},
    {"check_refuses_different_budgets", test_check_refuses_different_budgets, 8, 2,
     "a run with another budget is refused"},
    {"check_refuses_repeated_seed_and_mixed_lr", test_check_refuses_repeated_seed_and_mixed_lr,
     8, 2, "a seed run twice, or one row with two learning rates, is refused"},
    {"build_table_hand_example", test_build_table_hand_example, 16, 2,
     "seven hand-made runs: three rows computed by hand"},
    {"build_table_never_reached", test_build_table_never_reached, 6, 2,
     "a row where no seed reaches the target; a table that exactly fills max_rows"},
    {"build_table_refuses", test_build_table_refuses, 4, 2,
     "unfair runs and too many rows are refused"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: how many seeds"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: predict the cost, then run"},
    {"question_ex6", test_question_ex6, 5, 2, "exercise 6: the spread divided by n"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
