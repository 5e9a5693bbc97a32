/* Lesson 14, hidden tests: run only by the grader, never shipped to students.
 *
 * Random sequences of validation losses are drawn from the grading seed
 * (harness_rng_for_test) and fed both to the student's state machine and to
 * an oracle written here from the rules of lesson14.h; the reference
 * solution is never consulted. */
#include "harness.h"
#include "lessons.h"
#include "lesson14.h"

#include <math.h>

enum { SEQUENCES = 60, MAX_EPOCHS = 200 };

/* The oracle: the same rules, in the plainest form. */
struct oracle {
    long patience;
    double min_delta, best;
    long best_epoch, bad_epochs;
};

static int oracle_update(struct oracle *o, long epoch, double loss)
{
    int improved = !isnan(loss) && loss < o->best - o->min_delta;
    if (improved) {
        o->best = loss;
        o->best_epoch = epoch;
        o->bad_epochs = 0;
        return EARLY_STOPPING_NEW_BEST;
    }
    o->bad_epochs += 1;
    return o->bad_epochs >= o->patience ? EARLY_STOPPING_STOP : EARLY_STOPPING_KEEP_GOING;
}

/* A noisy validation curve: falling, then (sometimes) rising, with
 * plateaus, repeated values and the occasional NaN or infinity. */
static double next_loss(struct rng *rng, double previous, long epoch, long turn)
{
    uint32_t kind = rng_below(rng, 20);
    if (kind == 0)
        return NAN;
    if (kind == 1)
        return INFINITY;
    if (kind <= 4)
        return previous; /* exactly the same value again */
    double trend = epoch < turn ? -0.05 : 0.03;
    return fabs(previous + trend + 0.04 * (rng_uniform(rng) - 0.5)) + 1e-3;
}

static void test_random_sequences(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= SEQUENCES; c++) {
        long patience = (long)rng_below(&rng, 8);
        double min_delta = c % 3 == 0 ? 0.0 : 0.03 * rng_uniform(&rng);
        long turn = 1 + (long)rng_below(&rng, MAX_EPOCHS);
        struct early_stopping s;
        early_stopping_init(&s, patience, min_delta);
        struct oracle o = {patience, min_delta, INFINITY, 0, 0};
        double loss = 1.0 + rng_uniform(&rng), finite = loss;
        for (long epoch = 1; epoch <= MAX_EPOCHS; epoch++) {
            int expected = oracle_update(&o, epoch, loss);
            int got = (int)early_stopping_update(&s, epoch, loss);
            struct at where = AT("early_stopping_update", "The state machine");
            where.step = epoch;
            where.unit = "epoch";
            where.quantity = "the decision";
            expect_that(where, got == expected,
                        "sequence %d (patience %ld, min_delta %g), loss %g: expected %d, got %d",
                        c, patience, min_delta, loss, expected, got);
            where.quantity = "best_epoch";
            expect_that(where, s.best_epoch == o.best_epoch, "sequence %d: expected %ld, got %ld",
                        c, o.best_epoch, s.best_epoch);
            where.quantity = "epochs_without_improvement";
            expect_that(where, s.epochs_without_improvement == o.bad_epochs,
                        "sequence %d: expected %ld, got %ld", c, o.bad_epochs,
                        s.epochs_without_improvement);
            if (expected == EARLY_STOPPING_STOP)
                break;
            if (isfinite(loss))
                finite = loss;
            loss = next_loss(&rng, finite, epoch, turn);
        }
        struct at where = AT("early_stopping_update", "The state machine");
        where.quantity = "best_loss";
        expect_that(where, s.best_loss == o.best, "sequence %d: expected %.17g, got %.17g", c,
                    o.best, s.best_loss);
    }
}

static void test_long_run_without_stopping(void **state)
{
    (void)state;
    /* 10 000 epochs, each loss 1e-4 below the last (1 - e * 1e-4), min_delta
     * 5e-5, patience 1: every epoch is a new best and nothing ever stops. */
    struct early_stopping s;
    early_stopping_init(&s, 1, 5e-5);
    for (long epoch = 1; epoch <= 10000; epoch++) {
        double loss = 2.0 - (double)epoch * 1e-4;
        int got = (int)early_stopping_update(&s, epoch, loss);
        struct at where = AT("early_stopping_update", "The state machine");
        where.step = epoch;
        where.unit = "epoch";
        where.quantity = "the decision";
        expect_that(where, got == EARLY_STOPPING_NEW_BEST,
                    "a fall of 1e-4 > min_delta 5e-5 is a new best; got %d", got);
        if (got != EARLY_STOPPING_NEW_BEST)
            return;
    }
    struct at where = AT("early_stopping_update", "The state machine");
    where.quantity = "best_epoch";
    expect_that(where, s.best_epoch == 10000, "expected 10000, got %ld", s.best_epoch);
}

static void test_infinities(void **state)
{
    (void)state;
    /* +inf first: inf < inf - 0 is false, no improvement (counter 1, patience 3).
     * Then 5: new best. Then -inf: -inf < 5: a new best (the loss is a number). */
    struct early_stopping s;
    early_stopping_init(&s, 3, 0.0);
    struct at where = AT("early_stopping_update", "The state machine");
    where.quantity = "the decision";
    where.step = 1;
    where.unit = "epoch";
    expect_that(where, early_stopping_update(&s, 1, INFINITY) == EARLY_STOPPING_KEEP_GOING,
                "an infinite first loss is no improvement over +inf");
    where.step = 2;
    expect_that(where, early_stopping_update(&s, 2, 5.0) == EARLY_STOPPING_NEW_BEST,
                "5 after +inf is a new best");
    where.step = 3;
    expect_that(where, early_stopping_update(&s, 3, -INFINITY) == EARLY_STOPPING_NEW_BEST,
                "-inf is below 5");
    where.quantity = "best_epoch";
    expect_that(where, s.best_epoch == 3, "expected 3, got %ld", s.best_epoch);
}

static void test_epochs_are_taken_as_given(void **state)
{
    (void)state;
    /* The epoch number is recorded as passed in, not counted: a resumed run
     * starts at epoch 41. */
    struct early_stopping s;
    early_stopping_init(&s, 2, 0.0);
    early_stopping_update(&s, 41, 3.0);
    early_stopping_update(&s, 42, 2.0);
    early_stopping_update(&s, 43, 2.5);
    struct at where = AT("early_stopping_update", "The state machine");
    where.quantity = "best_epoch";
    expect_that(where, s.best_epoch == 42, "expected 42 (the epoch passed in), got %ld",
                s.best_epoch);
}

/* ---- Questions: the values themselves ----------------------------------------
 * Each right value is computed here from its derivation (the lesson's
 * exercises), in double, never typed in; the tolerance is the one the
 * exercise states. */

static void expect_answer_close(const char *id, const char *what, double expected, double rel,
                                double abs)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), rel, abs);
}

static void test_hidden_question_ex1(void **state)
{
    (void)state;
    /* The validation losses of epochs 1 to 16 as the lesson's run prints
     * them (README, "The experiment: overfitting on purpose"), fed to the
     * lesson's rule written out here: a new best when the loss is below the
     * best minus min_delta = 0.001, else one more epoch without improvement;
     * stop when that count reaches patience = 2. Exactly (within half an
     * epoch). */
    static const double printed[16] = {0.8606, 0.5532, 0.4564, 0.4126, 0.3768, 0.3608,
                                       0.3651, 0.3576, 0.3606, 0.3744, 0.3360, 0.3430,
                                       0.3368, 0.3375, 0.3413, 0.3401};
    const long patience = 2;
    const double min_delta = 0.001;
    double best = INFINITY;
    long count = 0, stop = 0;
    for (long epoch = 1; epoch <= 16 && stop == 0; epoch++) {
        if (printed[epoch - 1] < best - min_delta) {
            best = printed[epoch - 1];
            count = 0;
        } else if (++count >= patience) {
            stop = epoch;
        }
    }
    expect_answer_close("ex1", "the epoch where patience 2 stops", (double)stop, 0.0, 0.5);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* The coordinate after tau = 100 steps from 0: 1 - (1 - lr*lambda)^tau
     * of the way to w*, at lr*lambda = 0.01. Within 0.5%. */
    expect_answer_close("ex2", "the early-stopping factor", 1.0 - pow(1.0 - 0.01, 100.0), 0.005,
                        0.0);
}

/* The standard error of one accuracy measured on 2000 digits at p = 0.89,
 * in percentage points. */
static double accuracy_standard_error(void)
{
    const double p = 0.89;
    return 100.0 * sqrt(p * (1.0 - p) / 2000.0);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* sqrt(p (1 - p) / 2000) at p = 0.89, in percentage points. Within 2%. */
    expect_answer_close("ex3", "the standard error in points", accuracy_standard_error(), 0.02,
                        0.0);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* The mean of the largest of 40 independent standard normals,
     * E = integral of x * 40 phi(x) Phi(x)^39 dx (the density of the
     * maximum), by the midpoint rule on [-10, 10]; the bias is E times the
     * standard error of ex3. Within 5%. */
    const int n = 40, cells = 20000;
    const double lo = -10.0, hi = 10.0, h = (hi - lo) / cells;
    double mean_of_max = 0.0;
    for (int i = 0; i < cells; i++) {
        double x = lo + (i + 0.5) * h;
        double phi = exp(-0.5 * x * x) / sqrt(2.0 * acos(-1.0));
        double cdf = 0.5 * erfc(-x / sqrt(2.0));
        mean_of_max += x * n * phi * pow(cdf, n - 1) * h;
    }
    expect_answer_close("ex4", "the bias in points", mean_of_max * accuracy_standard_error(), 0.05,
                        0.0);
}

static const struct harness_test tests[] = {
    {"random_sequences", test_random_sequences, 25, 5,
     "60 random validation curves with plateaus, repeats, NaN and inf, against an oracle"},
    {"long_run_without_stopping", test_long_run_without_stopping, 10, 5,
     "10 000 epochs of small improvements above min_delta"},
    {"infinities", test_infinities, 10, 2, "+inf is no improvement over +inf; -inf is one"},
    {"epochs_are_taken_as_given", test_epochs_are_taken_as_given, 5, 2,
     "best_epoch is the epoch number passed in"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 4's first value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's second value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
