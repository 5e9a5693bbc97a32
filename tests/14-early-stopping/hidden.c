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

static const struct harness_test tests[] = {
    {"random_sequences", test_random_sequences, 25, 5,
     "60 random validation curves with plateaus, repeats, NaN and inf, against an oracle"},
    {"long_run_without_stopping", test_long_run_without_stopping, 10, 5,
     "10 000 epochs of small improvements above min_delta"},
    {"infinities", test_infinities, 10, 2, "+inf is no improvement over +inf; -inf is one"},
    {"epochs_are_taken_as_given", test_epochs_are_taken_as_given, 5, 2,
     "best_epoch is the epoch number passed in"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
