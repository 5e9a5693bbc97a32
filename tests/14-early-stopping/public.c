/* Lesson 14, public tests: early stopping.
 *
 * Each test feeds a hand-made sequence of validation losses and checks the
 * decision after every epoch; the expected decisions are worked out by
 * hand in the comment beside each sequence, from the rule
 *   improvement <=> loss < best - min_delta;  stop when the count of epochs
 *   without improvement reaches patience.
 * The losses are chosen exact in binary (0.5, 0.75, ...) where a comparison
 * sits on its boundary, so no rounding decides a case. */
#include "harness.h"
#include "lessons.h"
#include "lesson14.h"

#include <math.h>

#define UPDATE_SECTION "The state machine"
#define INIT_SECTION "Patience and min_delta"

enum { K = EARLY_STOPPING_KEEP_GOING, B = EARLY_STOPPING_NEW_BEST, S = EARLY_STOPPING_STOP };

static const char *decision_name(int d)
{
    switch (d) {
    case EARLY_STOPPING_KEEP_GOING: return "KEEP_GOING";
    case EARLY_STOPPING_NEW_BEST: return "NEW_BEST";
    case EARLY_STOPPING_STOP: return "STOP";
    default: return "an unknown value";
    }
}

/* Feeds losses[0 .. count) as epochs 1, 2, ... and checks each decision
 * against expected[], and the best epoch and counter after each epoch
 * against best_epoch[] and counter[] (either may be NULL). hint is what to
 * say when nothing more specific fits. */
static void run_sequence(struct early_stopping *s, const double *losses, const int *expected,
                         const long *best_epoch, const long *counter, int count,
                         const char *hint)
{
    for (int e = 0; e < count; e++) {
        long epoch = e + 1;
        int got = (int)early_stopping_update(s, epoch, losses[e]);
        struct at where = AT("early_stopping_update", UPDATE_SECTION);
        where.quantity = "the decision";
        where.step = epoch;
        where.unit = "epoch";
        if (isnan(losses[e]) && got == B)
            where.hint = "a NaN loss is never an improvement: write the test as "
                         "loss < best_loss - min_delta, which is false for NaN";
        else if (expected[e] == S && got == K)
            where.hint = "stop as soon as epochs_without_improvement reaches patience "
                         "(>= patience, not > patience)";
        else if (expected[e] == K && got == S)
            where.hint = "you stopped too early: is the counter reset to 0 on a new best, "
                         "and do you stop only when it reaches patience?";
        else if (expected[e] != B && got == B)
            where.hint = "an improvement must beat the best by MORE than min_delta: "
                         "loss < best_loss - min_delta, strictly";
        else if (expected[e] == B && got != B)
            where.hint = "this loss is below best_loss - min_delta: it is a new best "
                         "(best_loss starts at +infinity)";
        else
            where.hint = hint;
        expect_that(where, got == expected[e], "expected %s, got %s (loss %g)",
                    decision_name(expected[e]), decision_name(got), losses[e]);
        if (best_epoch != NULL) {
            where.quantity = "best_epoch";
            where.hint = "best_epoch changes only on a new best, to the epoch passed in";
            expect_that(where, s->best_epoch == best_epoch[e], "expected %ld, got %ld",
                        best_epoch[e], s->best_epoch);
        }
        if (counter != NULL) {
            where.quantity = "epochs_without_improvement";
            where.hint = "add 1 on every epoch without improvement, reset to 0 on a new best";
            expect_that(where, s->epochs_without_improvement == counter[e],
                        "expected %ld, got %ld", counter[e], s->epochs_without_improvement);
        }
    }
}

static void test_init_sets_the_state(void **state)
{
    (void)state;
    struct early_stopping s = {-7, -7.0, -7.0, -7, -7}; /* garbage to overwrite */
    early_stopping_init(&s, 4, 0.125);
    struct at where = AT("early_stopping_init", INIT_SECTION);
    where.quantity = "patience";
    where.hint = "store the patience you are given";
    expect_that(where, s.patience == 4, "expected 4, got %ld", s.patience);
    where.quantity = "min_delta";
    where.hint = "store the min_delta you are given";
    expect_close(where, 0.125, s.min_delta);
    where.quantity = "best_loss";
    where.hint = "best_loss starts at +infinity (INFINITY), so that any finite loss beats it";
    expect_that(where, isinf(s.best_loss) && s.best_loss > 0, "expected +inf, got %g",
                s.best_loss);
    where.quantity = "best_epoch";
    where.hint = "no epoch has been seen yet: best_epoch = 0";
    expect_that(where, s.best_epoch == 0, "expected 0, got %ld", s.best_epoch);
    where.quantity = "epochs_without_improvement";
    where.hint = "the counter starts at 0";
    expect_that(where, s.epochs_without_improvement == 0, "expected 0, got %ld",
                s.epochs_without_improvement);
}

static void test_first_loss_is_a_new_best(void **state)
{
    (void)state;
    /* best_loss = +inf, and 2.5 < inf - 0.5 = inf: a new best, even with a
     * large min_delta. Afterwards best = (2.5, epoch 1), counter 0. */
    struct early_stopping s;
    early_stopping_init(&s, 3, 0.5);
    const double losses[1] = {2.5};
    const int expected[1] = {B};
    const long best[1] = {1}, counter[1] = {0};
    run_sequence(&s, losses, expected, best, counter, 1,
                 "the first finite loss is always a new best");
    struct at where = AT("early_stopping_update", UPDATE_SECTION);
    where.quantity = "best_loss";
    where.hint = "on a new best, store the loss in best_loss";
    expect_close(where, 2.5, s.best_loss);
}

static void test_improving_sequence(void **state)
{
    (void)state;
    /* Patience 2, min_delta 0.1: 2, 1.5, 1.25, 1 each fall by more than 0.1,
     * so each is a new best: best_epoch = 1, 2, 3, 4, the counter stays 0. */
    struct early_stopping s;
    early_stopping_init(&s, 2, 0.1);
    const double losses[4] = {2.0, 1.5, 1.25, 1.0};
    const int expected[4] = {B, B, B, B};
    const long best[4] = {1, 2, 3, 4}, counter[4] = {0, 0, 0, 0};
    run_sequence(&s, losses, expected, best, counter, 4, "every loss here is a new best");
    struct at where = AT("early_stopping_update", UPDATE_SECTION);
    where.quantity = "best_loss";
    where.hint = "best_loss is the last new best's loss";
    expect_close(where, 1.0, s.best_loss);
}

static void test_plateau_within_min_delta(void **state)
{
    (void)state;
    /* Patience 5, min_delta 0.25 (exact in binary):
     *   epoch 1: 1.0            new best (best 1.0)
     *   epoch 2: 0.875   0.875 < 0.75? no: keep going, counter 1
     *   epoch 3: 0.75    0.75  < 0.75? no (strict): keep going, counter 2
     *   epoch 4: 0.5     0.5   < 0.75? yes: new best at epoch 4, counter 0
     *   epoch 5: 0.5     0.5   < 0.25? no: counter 1
     * The loss fell at epochs 2 and 3, but not by more than min_delta. */
    struct early_stopping s;
    early_stopping_init(&s, 5, 0.25);
    const double losses[5] = {1.0, 0.875, 0.75, 0.5, 0.5};
    const int expected[5] = {B, K, K, B, K};
    const long best[5] = {1, 1, 1, 4, 4}, counter[5] = {0, 1, 2, 0, 1};
    run_sequence(&s, losses, expected, best, counter, 5,
                 "improvement means loss < best_loss - min_delta");
    struct at where = AT("early_stopping_update", UPDATE_SECTION);
    where.quantity = "best_loss";
    where.hint = "a loss that does not beat best_loss - min_delta must not replace best_loss";
    expect_close(where, 0.5, s.best_loss);

    /* min_delta = 0: an equal loss is not an improvement (strictly less). */
    early_stopping_init(&s, 5, 0.0);
    const double equal[2] = {1.0, 1.0};
    const int equal_expected[2] = {B, K};
    const long equal_best[2] = {1, 1}, equal_counter[2] = {0, 1};
    run_sequence(&s, equal, equal_expected, equal_best, equal_counter, 2,
                 "with min_delta 0 an equal loss is no improvement: use <, not <=");
}

static void test_patience_exhausted_exactly(void **state)
{
    (void)state;
    /* Patience 3, min_delta 0:
     *   epoch 1: 1.0   new best
     *   epoch 2: 1.25  counter 1 < 3: keep going
     *   epoch 3: 1.5   counter 2 < 3: keep going
     *   epoch 4: 1.125 counter 3 >= 3: STOP (the best is still epoch 1) */
    struct early_stopping s;
    early_stopping_init(&s, 3, 0.0);
    const double losses[4] = {1.0, 1.25, 1.5, 1.125};
    const int expected[4] = {B, K, K, S};
    const long best[4] = {1, 1, 1, 1}, counter[4] = {0, 1, 2, 3};
    run_sequence(&s, losses, expected, best, counter, 4,
                 "with patience 3, the third epoch in a row without improvement stops");
}

static void test_new_best_after_a_plateau_resets_the_counter(void **state)
{
    (void)state;
    /* Patience 3, min_delta 0:
     *   1: 1.0  new best              5: 1.0  counter 1
     *   2: 1.1  counter 1             6: 0.95 counter 2 (0.95 < 0.9? no)
     *   3: 1.2  counter 2             7: 1.0  counter 3: STOP
     *   4: 0.9  new best, counter 0
     * Without the reset at epoch 4 the run would stop at epoch 5. */
    struct early_stopping s;
    early_stopping_init(&s, 3, 0.0);
    const double losses[7] = {1.0, 1.1, 1.2, 0.9, 1.0, 0.95, 1.0};
    const int expected[7] = {B, K, K, B, K, K, S};
    const long best[7] = {1, 1, 1, 4, 4, 4, 4}, counter[7] = {0, 1, 2, 0, 1, 2, 3};
    run_sequence(&s, losses, expected, best, counter, 7,
                 "a new best resets epochs_without_improvement to 0");
}

static void test_nan_never_improves(void **state)
{
    (void)state;
    /* Patience 2, min_delta 0: 1.0 new best; NaN: not an improvement
     * (counter 1); NaN: counter 2: STOP. best_loss stays 1.0. */
    struct early_stopping s;
    early_stopping_init(&s, 2, 0.0);
    const double losses[3] = {1.0, NAN, NAN};
    const int expected[3] = {B, K, S};
    const long best[3] = {1, 1, 1}, counter[3] = {0, 1, 2};
    run_sequence(&s, losses, expected, best, counter, 3, "a NaN loss counts as no improvement");
    struct at where = AT("early_stopping_update", UPDATE_SECTION);
    where.quantity = "best_loss";
    where.hint = "a NaN must never become the best loss";
    expect_close(where, 1.0, s.best_loss);

    /* A NaN first: still no improvement (NaN < inf is false); best_epoch
     * stays 0. Then 3.0 is the first new best. */
    early_stopping_init(&s, 2, 0.0);
    const double first[2] = {NAN, 3.0};
    const int first_expected[2] = {K, B};
    const long first_best[2] = {0, 2}, first_counter[2] = {1, 0};
    run_sequence(&s, first, first_expected, first_best, first_counter, 2,
                 "a NaN, even the first loss, is no improvement");
}

static void test_patience_zero(void **state)
{
    (void)state;
    /* Patience 0: the first epoch without improvement stops the run
     * (counter 1 >= 0). A new best never stops it. */
    struct early_stopping s;
    early_stopping_init(&s, 0, 0.0);
    const double losses[3] = {2.0, 1.0, 1.5};
    const int expected[3] = {B, B, S};
    const long best[3] = {1, 2, 2}, counter[3] = {0, 0, 1};
    run_sequence(&s, losses, expected, best, counter, 3,
                 "patience 0 stops at the first epoch without improvement");
}

static void test_u_shaped_validation_curve(void **state)
{
    (void)state;
    /* The typical curve: loss(e) = 1 + (e - 20)^2 / 100, falling until
     * epoch 20, rising after. Patience 5, min_delta 0: new bests at epochs
     * 1..20 (each loss is strictly below the one before), then five epochs
     * without improvement: STOP at epoch 25, best epoch 20, best loss 1. */
    enum { EPOCHS = 25 };
    double losses[EPOCHS];
    int expected[EPOCHS];
    long best[EPOCHS], counter[EPOCHS];
    for (int e = 1; e <= EPOCHS; e++) {
        losses[e - 1] = 1.0 + (e - 20.0) * (e - 20.0) / 100.0;
        expected[e - 1] = e <= 20 ? B : e < 25 ? K : S;
        best[e - 1] = e <= 20 ? e : 20;
        counter[e - 1] = e <= 20 ? 0 : e - 20;
    }
    struct early_stopping s;
    early_stopping_init(&s, 5, 0.0);
    run_sequence(&s, losses, expected, best, counter, EPOCHS,
                 "the loss falls to epoch 20 and rises after: stop at 20 + patience");
    struct at where = AT("early_stopping_update", UPDATE_SECTION);
    where.quantity = "best_loss";
    where.hint = "the best loss is the minimum of the curve, 1 at epoch 20";
    expect_close(where, 1.0, s.best_loss);
}

static void test_min_delta_larger_than_the_gains(void **state)
{
    (void)state;
    /* The loss keeps falling, by 1/64 per epoch, but min_delta is 1/16:
     *   1: 1.0 new best; 2..4: 0.984375, 0.96875, 0.953125 are all above
     *   1 - 1/16 = 0.9375: counters 1, 2, 3 = patience: STOP at epoch 4.
     * (Exact in binary.) A min_delta larger than real progress ends a run
     * that was still learning. */
    struct early_stopping s;
    early_stopping_init(&s, 3, 1.0 / 16);
    const double losses[4] = {1.0, 1.0 - 1.0 / 64, 1.0 - 2.0 / 64, 1.0 - 3.0 / 64};
    const int expected[4] = {B, K, K, S};
    const long best[4] = {1, 1, 1, 1}, counter[4] = {0, 1, 2, 3};
    run_sequence(&s, losses, expected, best, counter, 4,
                 "compare with best_loss - min_delta, the best's loss, not the last epoch's");
}

/* ---- Questions: the lesson's checked exercises ------------------------------------
 * The right answers are not in this file: only their hashes (see harness.h,
 * "Questions"). The hidden tests check the values themselves. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 2, 0x6703f123880b85fdULL,
                         "the epoch after which the run stops with patience 2");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0xf8e316b18dbf28e0ULL,
                         "the early-stopping factor at lr*lambda = 0.01 (3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 2, 0x79e6466965091b87ULL,
                         "the standard error in percentage points (2 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 2, 0x9f89afdca86fa502ULL,
                         "the bias of the best of 40, in percentage points (2 significant digits)");
}

static const struct harness_test tests[] = {
    {"init_sets_the_state", test_init_sets_the_state, 8, 2,
     "patience, min_delta stored; best_loss +inf; best_epoch and counter 0"},
    {"first_loss_is_a_new_best", test_first_loss_is_a_new_best, 8, 2,
     "the first finite loss is a new best, whatever min_delta"},
    {"improving_sequence", test_improving_sequence, 10, 2,
     "four falling losses: four new bests"},
    {"plateau_within_min_delta", test_plateau_within_min_delta, 12, 2,
     "falls smaller than min_delta are no improvement; equality is none either"},
    {"patience_exhausted_exactly", test_patience_exhausted_exactly, 15, 2,
     "patience 3 stops at the third epoch without improvement, not before or after"},
    {"new_best_after_a_plateau_resets_the_counter",
     test_new_best_after_a_plateau_resets_the_counter, 12, 2,
     "a new best after two bad epochs resets the count"},
    {"nan_never_improves", test_nan_never_improves, 10, 2,
     "NaN losses count as epochs without improvement, also as the first loss"},
    {"patience_zero", test_patience_zero, 8, 2,
     "patience 0 stops at the first epoch without improvement"},
    {"u_shaped_validation_curve", test_u_shaped_validation_curve, 10, 2,
     "a U-shaped curve with its minimum at epoch 20: stop at 25"},
    {"min_delta_larger_than_the_gains", test_min_delta_larger_than_the_gains, 7, 2,
     "slow progress below min_delta ends the run after patience epochs"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict where patience 2 stops"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: early stopping against weight decay"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 4: the noise of one test accuracy"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: the optimism of the best of 40"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
