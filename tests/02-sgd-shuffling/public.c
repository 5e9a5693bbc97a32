/* Lesson 02, public tests: SGD with shuffling.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * or comes from an oracle written here straight from the definition: the
 * Fisher-Yates shuffle replayed on a copy of the generator, and SGD steps
 * on a line computed in double precision. None is produced by the code
 * under test. Every random test uses a fixed seed, so it is deterministic. */
#include "harness.h"
#include "lessons.h"

#include <math.h>
#include <string.h>

/* ---- The objective used by the tests: fitting a line ------------------------
 * Example i is a point (x[i], y[i]); the parameters are w = (a, b), and
 *   J_i(a, b) = (a*x[i] + b - y[i])^2 = r_i^2,
 *   grad J_i  = (2 r_i x[i], 2 r_i)      (lesson 01, one point at a time). */
struct line_data {
    const float *x, *y;
};

static double line_example(const void *context, const float *w, size_t i, float *g)
{
    const struct line_data *data = context;
    double r = (double)w[0] * data->x[i] + w[1] - data->y[i];
    g[0] = (float)(2.0 * r * data->x[i]);
    g[1] = (float)(2.0 * r);
    return r * r;
}

static struct objective line_objective(const struct line_data *data, size_t n)
{
    return (struct objective){.param_count = 2, .example_count = n,
                              .example_loss_and_gradient = line_example, .context = data};
}

/* The oracle for SGD on the line: the steps w <- w - lr * grad J_i(w) for
 * i = order[0], order[1], ..., in double. Returns the mean of the losses
 * taken just before each step. */
static double line_sgd_oracle(const struct line_data *data, const uint32_t *order, size_t n,
                              double lr, double w[2])
{
    double loss_sum = 0.0;
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        double r = w[0] * data->x[i] + w[1] - data->y[i];
        loss_sum += r * r;
        double g0 = 2.0 * r * data->x[i], g1 = 2.0 * r;
        w[0] -= lr * g0;
        w[1] -= lr * g1;
    }
    return n > 0 ? loss_sum / (double)n : 0.0;
}

/* ---- Oracles for the shuffle ----------------------------------------------- */

/* Fisher-Yates, straight from the definition in lesson02.h. */
static void fisher_yates_oracle(uint32_t *order, size_t n, struct rng *rng)
{
    for (size_t i = n; i >= 2; i--) {
        size_t top = i - 1; /* top = n-1 down to 1 */
        size_t j = rng_below(rng, (uint32_t)(top + 1));
        uint32_t held = order[top];
        order[top] = order[j];
        order[j] = held;
    }
}

/* Plausible wrong shuffles, used only to pick a hint. */
enum wrong_shuffle {
    NAIVE_ANY_J, UPWARD_FISHER_YATES, UPWARD_FROM_ONE, SATTOLO_J_BELOW_I, WRONG_SHUFFLES
};

static void wrong_shuffle(enum wrong_shuffle kind, uint32_t *order, size_t n, struct rng *rng)
{
    for (size_t step = 0; step + 1 < n + (kind == NAIVE_ANY_J); step++) {
        size_t i, j;
        if (kind == NAIVE_ANY_J) { /* i = 0 .. n-1, j anywhere in [0, n) */
            i = step;
            j = rng_below(rng, (uint32_t)n);
        } else if (kind == UPWARD_FISHER_YATES) { /* i = 0 .. n-2, j in [i, n) */
            i = step;
            j = i + rng_below(rng, (uint32_t)(n - i));
        } else if (kind == UPWARD_FROM_ONE) { /* i = 1 .. n-1, j in [0, i] */
            i = step + 1;
            j = rng_below(rng, (uint32_t)(i + 1));
        } else { /* i = n-1 .. 1, j in [0, i): never leaves order[i] in place */
            i = n - 1 - step;
            j = rng_below(rng, (uint32_t)i);
        }
        uint32_t held = order[i];
        order[i] = order[j];
        order[j] = held;
    }
}

static int same_rng(const struct rng *a, const struct rng *b)
{
    return a->state == b->state && a->increment == b->increment;
}

static int same_order(const uint32_t *a, const uint32_t *b, size_t n)
{
    return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

/* Checks that got[0..n-1] holds exactly the values of original[0..n-1]
 * (both lists of distinct values), in any order. */
static void expect_permutation_of(const char *function, const char *section,
                                  const uint32_t *original, const uint32_t *got, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        size_t times = 0;
        for (size_t p = 0; p < n; p++)
            times += got[p] == original[k];
        struct at where = AT(function, section);
        where.quantity = "order";
        where.hint = times == 0 ? "a value was lost: exchange order[i] and order[j] through a "
                                  "temporary, and never write an index in place of a value"
                                : "a value now appears twice: a swap needs a temporary "
                                  "(held = order[i]; order[i] = order[j]; order[j] = held)";
        expect_that(where, times == 1,
                    "the value %u, which was in the array before, should appear exactly once "
                    "afterwards; it appears %zu times (n = %zu)",
                    (unsigned)original[k], times, n);
        if (times != 1)
            return;
    }
}

/* ---- shuffle ------------------------------------------------------------------ */

static void test_shuffle_is_a_permutation(void **state)
{
    (void)state;
    struct rng rng;
    rng_seed(&rng, 2024, 1);
    /* 0 .. 99, and then values that are not their own positions: a shuffle
     * moves the values it is given, whatever they are. */
    uint32_t original[100], order[100];
    for (size_t k = 0; k < 100; k++)
        original[k] = order[k] = (uint32_t)k;
    shuffle(order, 100, &rng);
    expect_permutation_of("shuffle", "The shuffle: Fisher-Yates", original, order, 100);
    for (size_t k = 0; k < 37; k++)
        original[k] = order[k] = 1000u + 7u * (uint32_t)k;
    shuffle(order, 37, &rng);
    expect_permutation_of("shuffle", "The shuffle: Fisher-Yates", original, order, 37);
}

/* The likely mistake behind a wrong shuffle, or NULL: the one wrong variant
 * that gives the student's order for EVERY n = 2 .. 12 of the test below.
 * One n alone cannot tell them apart: with n = 2, Fisher-Yates counting
 * upwards and Sattolo's algorithm often give the same order. */
static const char *shuffle_diagnosis(void)
{
    static const char *const hints[WRONG_SHUFFLES] = {
        "j must be drawn from [0, i] (rng_below(rng, i + 1)), not from the whole array: "
        "swapping with any j in [0, n) makes some orders more likely than others",
        "that is Fisher-Yates counting upwards (j in [i, n)); the course's version counts i "
        "DOWN from n-1 to 1 with j = rng_below(rng, i + 1), so a seed gives one exact order",
        "that is Fisher-Yates counting upwards (i = 1 .. n-1); the course's version counts i "
        "DOWN from n-1 to 1 with j = rng_below(rng, i + 1), so a seed gives one exact order",
        "j = rng_below(rng, i) never lets an element stay where it is (Sattolo's "
        "algorithm); draw rng_below(rng, i + 1) so that j = i is possible"};
    for (int w = 0; w < WRONG_SHUFFLES; w++) {
        int matches_every_n = 1;
        for (size_t n = 2; n <= 12 && matches_every_n; n++) {
            struct rng rng, wrong_rng;
            rng_seed(&rng, 42 + n, 7);
            wrong_rng = rng;
            uint32_t order[12], wrong[12];
            for (size_t k = 0; k < n; k++)
                order[k] = wrong[k] = (uint32_t)(10 * k);
            shuffle(order, n, &rng);
            wrong_shuffle((enum wrong_shuffle)w, wrong, n, &wrong_rng);
            matches_every_n = same_order(order, wrong, n);
        }
        if (matches_every_n)
            return hints[w];
    }
    return NULL;
}

static void test_shuffle_matches_fisher_yates(void **state)
{
    (void)state;
    /* For n = 2 .. 12, the order and the generator's state after the call
     * must equal the oracle's, run on a copy of the generator seeded alike:
     * j = rng_below(rng, i + 1) for i = n-1 down to 1, one draw per i. */
    const char *diagnosis = shuffle_diagnosis();
    for (size_t n = 2; n <= 12; n++) {
        struct rng rng, oracle_rng;
        rng_seed(&rng, 42 + n, 7);
        oracle_rng = rng;
        uint32_t order[12], expected[12];
        for (size_t k = 0; k < n; k++)
            order[k] = expected[k] = (uint32_t)(10 * k);
        const struct rng start = rng;
        shuffle(order, n, &rng);
        fisher_yates_oracle(expected, n, &oracle_rng);

        struct at where = AT("shuffle", "The shuffle: Fisher-Yates");
        where.quantity = "order";
        where.hint = "for i = n-1 down to 1: j = rng_below(rng, i + 1), swap order[i], order[j]";
        if (!same_order(order, expected, n) && diagnosis != NULL)
            where.hint = diagnosis;
        for (size_t k = 0; k < n; k++) {
            where.index = (long)k;
            expect_that(where, order[k] == expected[k],
                        "with n = %zu, after the shuffle order[%zu] should be %u, got %u", n, k,
                        (unsigned)expected[k], (unsigned)order[k]);
            if (order[k] != expected[k])
                return;
        }
        where.index = -1;
        where.quantity = "the generator's state";
        where.hint = same_rng(&rng, &start)
                         ? "the generator did not advance: draw from rng itself (the pointer "
                           "you are given), not from a copy of *rng"
                         : "draw exactly one number per i = n-1 .. 1: none for i = 0 (the loop "
                           "stops at 1), and no extra draws";
        expect_that(where, same_rng(&rng, &oracle_rng),
                    "with n = %zu the shuffle should draw exactly %zu numbers from rng; the "
                    "generator ended in a different state",
                    n, n - 1);
    }
}

static void test_shuffle_positions_are_uniform(void **state)
{
    (void)state;
    /* Shuffle (0, 1, 2, 3, 4) T = 20 000 times (each time from the identity)
     * and count C[v][p] = how often value v lands at position p. A uniform
     * shuffle puts v at p with probability 1/5, so E[C[v][p]] = T/5 = 4000.
     *
     * The Pearson statistic S = sum over the 25 cells of (C - E)^2 / E. Its
     * cells are tied together (every row and every column sums to T), and
     * working out the covariance of one permutation's 25 indicators gives
     * cov(Z) = n/(n-1) * (P kron P) for Z = (C - E)/sqrt(E), where
     * P = I - 11^T/n is a projection of rank n-1. So for large T,
     *   (n-1)/n * S  ~  chi-square with (n-1)^2 = 16 degrees of freedom.
     * Its 0.999 quantile is 39.252 (computed from the regularised gamma
     * function). The seed is fixed, so this test is deterministic: a right
     * shuffle gives the same statistic on every machine. The naive shuffle
     * "swap order[i] with any j in [0, n)" scores in the thousands. */
    enum { N = 5, T = 20000 };
    const double critical_value = 39.252;
    struct rng rng;
    rng_seed(&rng, 12345, 3);
    long count[N][N] = {{0}};
    for (int t = 0; t < T; t++) {
        uint32_t order[N] = {0, 1, 2, 3, 4};
        shuffle(order, N, &rng);
        for (int p = 0; p < N; p++) {
            if (order[p] >= N) {
                struct at where = AT("shuffle", "The shuffle: Fisher-Yates");
                where.quantity = "order";
                where.index = p;
                expect_that(where, 0, "shuffling (0, 1, 2, 3, 4) gave the value %u, which was "
                            "not in the array", (unsigned)order[p]);
                return;
            }
            count[order[p]][p]++;
        }
    }
    const double expected = (double)T / N;
    double pearson = 0.0;
    long fewest = T, most = 0;
    for (int v = 0; v < N; v++)
        for (int p = 0; p < N; p++) {
            pearson += (count[v][p] - expected) * (count[v][p] - expected) / expected;
            fewest = count[v][p] < fewest ? count[v][p] : fewest;
            most = count[v][p] > most ? count[v][p] : most;
        }
    double statistic = (N - 1.0) / N * pearson;
    struct at where = AT("shuffle", "Why every order is equally likely");
    where.quantity = "the chi-square statistic";
    where.hint = fewest == 0 ? "some value never reaches some position: is j drawn from [0, i], "
                               "including i itself?"
                             : "some positions are favoured: draw j from [0, i] with "
                               "rng_below(rng, i + 1), not from [0, n)";
    expect_that(where, statistic < critical_value,
                "over %d shuffles of 5 values every value should land at every position about "
                "%.0f times; the counts ranged from %ld to %ld, a chi-square of %.1f on 16 "
                "degrees of freedom (a uniform shuffle stays below %.3f with probability "
                "0.999)",
                T, expected, fewest, most, statistic, critical_value);
}

static void test_shuffle_replays_and_advances(void **state)
{
    (void)state;
    /* Two generators with the same seed give the same order: the run can be
     * replayed. One generator used twice gives two different orders: each
     * epoch sees a new order (two equal orders of 20 values would have
     * probability 1/20!, about 4e-19). */
    struct rng first, second;
    rng_seed(&first, 99, 4);
    rng_seed(&second, 99, 4);
    uint32_t a[20], b[20], c[20];
    for (uint32_t k = 0; k < 20; k++)
        a[k] = b[k] = c[k] = k;
    shuffle(a, 20, &first);
    shuffle(b, 20, &second);
    struct at where = AT("shuffle", "The shuffle: Fisher-Yates");
    where.quantity = "order";
    where.hint = "draw every random number from the rng argument, nothing else (no rand(), no "
                 "time, no static state)";
    expect_that(where, same_order(a, b, 20),
                "two generators seeded alike should give the same order; they did not");
    shuffle(c, 20, &first); /* the second epoch: same generator, advanced */
    where.hint = "use the generator through the pointer you are given (rng_below(rng, ...)); a "
                 "copy of *rng would give the same numbers every epoch";
    expect_that(where, !same_order(a, c, 20),
                "shuffling 0..19 twice with one generator gave the same order twice: the "
                "generator did not advance");
}

static void test_shuffle_of_zero_or_one_element_draws_nothing(void **state)
{
    (void)state;
    /* n = 0 and n = 1: there is nothing to permute. The loop over
     * i = n-1 .. 1 is empty, so no number is drawn and the generator's
     * state is unchanged. With size_t, n - 1 for n = 0 is SIZE_MAX: a loop
     * that starts there reads far outside the array. */
    struct rng rng, before;
    rng_seed(&rng, 5, 5);
    before = rng;
    uint32_t order[2] = {17, 23};
    for (size_t n = 0; n <= 1; n++) {
        shuffle(order, n, &rng);
        struct at where = AT("shuffle", "The shuffle: Fisher-Yates");
        where.quantity = n == 0 ? "order and rng with n = 0" : "order and rng with n = 1";
        where.hint = "with n < 2 return before the loop: nothing to swap, nothing to draw";
        expect_that(where, order[0] == 17 && order[1] == 23,
                    "with n = %zu the array must not change; it now holds (%u, %u)", n,
                    (unsigned)order[0], (unsigned)order[1]);
        expect_that(where, same_rng(&rng, &before),
                    "with n = %zu no number may be drawn from rng, but its state changed", n);
    }
}

/* ---- sgd_epoch -------------------------------------------------------------------- */

static void check_w(const char *quantity_hint, const float *w, const double *expected, int epoch)
{
    for (int p = 0; p < 2; p++) {
        struct at where = AT("sgd_epoch", "One epoch of SGD");
        where.quantity = "w";
        where.index = p;
        where.step = epoch; /* -1 for a single epoch; else the epoch number */
        where.unit = "epoch";
        where.hint = quantity_hint;
        expect_close(where, expected[p], w[p]);
    }
}

static void test_sgd_epoch_one_example_by_hand(void **state)
{
    (void)state;
    /* One point (x, y) = (2, 3), w = (0, 0), lr = 0.1. No shuffle draws
     * (n = 1). The residual is r = 0*2 + 0 - 3 = -3, so J = 9 and
     * g = (2 r x, 2 r) = (-12, -6); one step gives
     * w = (0 + 0.1*12, 0 + 0.1*6) = (1.2, 0.6). The epoch's mean loss is 9. */
    const float x[1] = {2.0f}, y[1] = {3.0f};
    const struct line_data data = {x, y};
    const struct objective f = line_objective(&data, 1);
    float w[2] = {0.0f, 0.0f}, g[2];
    uint32_t order[1] = {0};
    struct rng rng, before;
    rng_seed(&rng, 1, 1);
    before = rng;
    double loss = sgd_epoch(&f, w, 0.1f, order, g, &rng);
    const double expected[2] = {1.2, 0.6};
    const char *hint = fabs(w[0] + 1.2) < 1e-4 ? "you moved up the gradient: w -= lr * g"
                                                : "one step: w[p] -= lr * g[p] for every p";
    check_w(hint, w, expected, -1);
    struct at where = AT("sgd_epoch", "One epoch of SGD");
    where.quantity = "the returned mean loss";
    where.hint = fabs(loss) < 1e-6 ? "return the mean of the losses, each taken before its step "
                                   : "the loss of the example before its step: (0*2 + 0 - 3)^2";
    expect_close(where, 9.0, loss);
    where.quantity = "rng";
    where.hint = "shuffling one example draws nothing";
    expect_that(where, same_rng(&rng, &before), "with one example the rng must not be used");
}

static void test_sgd_epoch_two_examples_by_hand(void **state)
{
    (void)state;
    /* Points 0: (1, 2) and 1: (2, 1); w = (0, 0), lr = 0.1. The generator
     * (seed 5, stream 2) gives j = rng_below(2) = 0 for i = 1, so the shuffle
     * swaps: order = (1, 0). (The oracle below confirms it.)
     * Example 1 first: r = 0*2 + 0 - 1 = -1, loss 1, g = (2*(-1)*2, 2*(-1))
     *   = (-4, -2), w = (0.4, 0.2).
     * Then example 0: r = 0.4*1 + 0.2 - 2 = -1.4, loss 1.96,
     *   g = (-2.8, -2.8), w = (0.4 + 0.28, 0.2 + 0.28) = (0.68, 0.48).
     * Mean loss (1 + 1.96) / 2 = 1.48.
     * In the unshuffled order (0, 1) the result would be w = (0.32, 0.36)
     * and a mean loss of 2.02: example 0 first, r = -2, g = (-4, -4),
     * w = (0.4, 0.4); then r = 0.8 + 0.4 - 1 = 0.2, g = (0.8, 0.4). */
    const float x[2] = {1.0f, 2.0f}, y[2] = {2.0f, 1.0f};
    const struct line_data data = {x, y};
    const struct objective f = line_objective(&data, 2);
    float w[2] = {0.0f, 0.0f}, g[2];
    uint32_t order[2] = {0, 1}, replay[2] = {0, 1};
    struct rng rng, oracle_rng;
    rng_seed(&rng, 5, 2);
    oracle_rng = rng;
    fisher_yates_oracle(replay, 2, &oracle_rng);
    assert_true(replay[0] == 1 && replay[1] == 0); /* the premise of the hand derivation */

    double loss = sgd_epoch(&f, w, 0.1f, order, g, &rng);
    struct at where = AT("sgd_epoch", "One epoch of SGD");
    where.quantity = "order";
    where.hint = "start the epoch by shuffling order with your shuffle(order, N, rng)";
    expect_that(where, order[0] == 1 && order[1] == 0,
                "after the epoch order should be (1, 0), the shuffled order; got (%u, %u)",
                (unsigned)order[0], (unsigned)order[1]);
    const double expected[2] = {0.68, 0.48};
    const char *hint = "take example order[0] = 1 first, then order[1] = 0";
    if (fabs(w[0] - 0.32) < 1e-4 && fabs(w[1] - 0.36) < 1e-4)
        hint = "these are the steps in the order 0, 1: visit example order[k] at step k, "
               "not example k";
    check_w(hint, w, expected, -1);
    where.quantity = "the returned mean loss";
    where.hint = fabs(loss - 2.96) < 1e-5 ? "this is the sum of the losses: divide by N"
                                          : "each loss is J_i(w) just before that example's step";
    expect_close(where, 1.48, loss);
}

static void test_sgd_epoch_matches_single_steps(void **state)
{
    (void)state;
    /* Seven points, three epochs with lr = 0.05. The oracle replays each
     * epoch's shuffle on a copy of the generator and then takes the seven
     * single-example steps in that order, in double. */
    enum { N = 7, EPOCHS = 3 };
    const float x[N] = {-1.5f, -1.0f, -0.25f, 0.0f, 0.5f, 1.25f, 2.0f};
    const float y[N] = {-1.0f, 0.5f, 0.0f, 1.5f, 1.0f, 3.5f, 4.0f};
    const struct line_data data = {x, y};
    const struct objective f = line_objective(&data, N);
    const float lr = 0.05f;
    float w[2] = {0.5f, -0.5f}, g[2];
    double oracle_w[2] = {0.5, -0.5};
    uint32_t order[N], oracle_order[N];
    for (uint32_t k = 0; k < N; k++)
        order[k] = oracle_order[k] = k;
    struct rng rng, oracle_rng;
    rng_seed(&rng, 77, 0);
    oracle_rng = rng;
    for (int epoch = 1; epoch <= EPOCHS; epoch++) {
        double loss = sgd_epoch(&f, w, lr, order, g, &rng);
        fisher_yates_oracle(oracle_order, N, &oracle_rng);
        double expected_loss = line_sgd_oracle(&data, oracle_order, N, lr, oracle_w);

        struct at where = AT("sgd_epoch", "One epoch of SGD");
        where.quantity = "order";
        where.step = epoch;
        where.unit = "epoch";
        where.hint = "shuffle once at the start of every epoch, with the rng you are given "
                     "(if a shuffle test fails too, fix the shuffle first)";
        expect_that(where, same_order(order, oracle_order, N),
                    "after epoch %d order should be the Fisher-Yates order of the previous "
                    "one; it is not", epoch);
        expect_that(where, same_rng(&rng, &oracle_rng),
                    "after epoch %d the generator should have made exactly the shuffle's %d "
                    "draws", epoch, N - 1);
        check_w("N single-example steps w -= lr * grad J_i(w), i = order[0], ..., order[N-1]",
                w, oracle_w, epoch);
        where.quantity = "the returned mean loss";
        where.hint = "add up J_i(w) for each example just before its step, divide by N";
        expect_close_tol(where, expected_loss, loss, 1e-5, 1e-7);
    }
}

static void test_sgd_epoch_with_no_examples(void **state)
{
    (void)state;
    /* N = 0: no steps, no draws, and a mean loss of 0 by convention. */
    const struct line_data data = {NULL, NULL};
    const struct objective f = line_objective(&data, 0);
    float w[2] = {3.0f, -4.0f}, g[2] = {0.0f, 0.0f};
    uint32_t order[1] = {0};
    struct rng rng, before;
    rng_seed(&rng, 9, 9);
    before = rng;
    double loss = sgd_epoch(&f, w, 0.5f, order, g, &rng);
    struct at where = AT("sgd_epoch", "One epoch of SGD");
    where.quantity = "the returned mean loss with N = 0";
    where.hint = "with no examples return 0.0 (0.0 / 0 is NaN)";
    expect_close(where, 0.0, loss);
    where.quantity = "w with N = 0";
    where.hint = "with no examples there are no steps";
    expect_exact(where, 3.0f, w[0]);
    expect_exact(where, -4.0f, w[1]);
    where.quantity = "rng with N = 0";
    expect_that(where, same_rng(&rng, &before), "with no examples nothing may be drawn");
}

static void test_sgd_fits_a_line(void **state)
{
    (void)state;
    /* 21 points exactly on y = 2x + 1, x = -1, -0.9, ..., 1. Every example's
     * gradient vanishes at (2, 1), so constant-rate SGD converges there
     * exactly (no noise floor). With lr = 0.1 each single step is stable:
     * the per-example Hessian 2*[[x^2, x], [x, 1]] has largest eigenvalue
     * 2(1 + x^2) <= 4 and 0.1 * 4 < 2. 300 epochs bring w within 1e-4. */
    enum { N = 21, EPOCHS = 300 };
    float x[N], y[N];
    uint32_t order[N];
    for (int k = 0; k < N; k++) {
        x[k] = -1.0f + 0.1f * (float)k;
        y[k] = 2.0f * x[k] + 1.0f;
        order[k] = (uint32_t)k;
    }
    const struct line_data data = {x, y};
    const struct objective f = line_objective(&data, N);
    float w[2] = {0.0f, 0.0f}, g[2];
    struct rng rng;
    rng_seed(&rng, 3, 3);
    double loss = 0.0;
    for (int epoch = 0; epoch < EPOCHS; epoch++)
        loss = sgd_epoch(&f, w, 0.1f, order, g, &rng);
    const double expected[2] = {2.0, 1.0};
    for (int p = 0; p < 2; p++) {
        struct at where = AT("sgd_epoch", "The experiment: SGD against full-batch GD");
        where.quantity = "w";
        where.index = p;
        where.step = EPOCHS;
        where.unit = "epoch";
        where.hint = "the other tests of this lesson point to what is off";
        expect_close_tol(where, expected[p], w[p], 0.0, 1e-4);
    }
    expect_permutation_of("sgd_epoch", "One epoch of SGD",
                          (const uint32_t[N]){0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                                              15, 16, 17, 18, 19, 20},
                          order, N);
    struct at where = AT("sgd_epoch", "One epoch of SGD");
    where.quantity = "the mean loss of the last epoch";
    where.hint = "the points lie on the line, so the loss goes to zero";
    expect_close_tol(where, 0.0, loss, 0.0, 1e-8);
}

/* ---- Questions: the exercises answered in answers.txt -------------------------
 * Each check compares a hash of the student's answer, rounded as the
 * exercise asks, with the hash of the right answer (made with
 * `judge --answer-hash ID DIGITS VALUE`), so the release holds no answer in
 * readable form. The right values are derived in hidden.c, which checks
 * them with the tolerance the exercise states. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 2, 0xd844959de191874eULL,
                         "the percentage never seen after 3N draws with replacement, N = 100000 "
                         "(2 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0xb7547c152ebd27a2ULL,
                         "the probability of a most likely order of the naive shuffle "
                         "(3 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 2, 0x1e26e227b8b8e3f7ULL,
                         "the number of orders Sattolo's algorithm can produce for n = 5");
}

static const struct harness_test tests[] = {
    {"shuffle_is_a_permutation", test_shuffle_is_a_permutation, 10, 2,
     "every value is still there exactly once, whatever the values are"},
    {"shuffle_matches_fisher_yates", test_shuffle_matches_fisher_yates, 20, 2,
     "the exact order and the draws of Fisher-Yates, n = 2 .. 12"},
    {"shuffle_positions_are_uniform", test_shuffle_positions_are_uniform, 15, 5,
     "chi-square test: 20 000 shuffles of 5 values, every value at every position"},
    {"shuffle_replays_and_advances",
     test_shuffle_replays_and_advances, 5, 2,
     "the same seed replays the order; the next call gives a new one"},
    {"shuffle_of_zero_or_one_element_draws_nothing",
     test_shuffle_of_zero_or_one_element_draws_nothing, 10, 2,
     "n = 0 and n = 1 change nothing and draw nothing"},
    {"sgd_epoch_one_example_by_hand", test_sgd_epoch_one_example_by_hand, 10, 2,
     "one example: one step and its loss, derived by hand"},
    {"sgd_epoch_two_examples_by_hand", test_sgd_epoch_two_examples_by_hand, 10, 2,
     "two examples in the shuffled order, derived by hand"},
    {"sgd_epoch_matches_single_steps", test_sgd_epoch_matches_single_steps, 10, 2,
     "three epochs equal the oracle's single steps in the replayed order"},
    {"sgd_epoch_with_no_examples", test_sgd_epoch_with_no_examples, 5, 2,
     "N = 0: no step, no draw, mean loss 0"},
    {"sgd_fits_a_line", test_sgd_fits_a_line, 5, 5,
     "300 epochs of SGD reach the line through 21 exact points"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the share never seen, then run"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: the naive shuffle's most likely order"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: how many orders Sattolo's algorithm makes"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
