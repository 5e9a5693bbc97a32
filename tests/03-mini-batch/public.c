/* Lesson 03, public tests: mini-batch SGD.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * or comes from an oracle written here in double precision straight from
 * the formulas of the lesson (the batches by their definition, the average
 * of closed-form example gradients, the Fisher-Yates order replayed on a
 * copy of the generator). None is produced by the code under test. */
#include "harness.h"
#include "lessons.h"

#include <math.h>
#include <string.h>

/* ---- The objective used by the tests: fitting a line ------------------------
 * Example i is a point (x[i], y[i]); the parameters are w = (a, b), and
 *   J_i(a, b) = (a*x[i] + b - y[i])^2 = r_i^2,   grad J_i = (2 r_i x[i], 2 r_i).
 * When `calls` is not NULL, calls[i] counts how often example i was used. */
struct line_data {
    const float *x, *y;
    unsigned *calls;
};

static double line_example(const void *context, const float *w, size_t i, float *g)
{
    const struct line_data *data = context;
    if (data->calls != NULL)
        data->calls[i]++;
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

/* The oracle for one epoch on the line, given the epoch's order: batches of
 * b consecutive positions (the last one kept or dropped), each step
 * w <- w - lr * (mean of the batch's example gradients), all in double.
 * Returns the mean loss over the examples used. */
static double line_minibatch_oracle(const struct line_data *data, const uint32_t *order,
                                    size_t n, size_t b, enum last_batch rule, double lr,
                                    double w[2])
{
    size_t used = rule == LAST_BATCH_KEEP ? n : n - n % b;
    double loss_sum = 0.0;
    for (size_t start = 0; start < used; start += b) {
        size_t length = used - start < b ? used - start : b;
        double g0 = 0.0, g1 = 0.0;
        for (size_t k = start; k < start + length; k++) {
            size_t i = order[k];
            double r = w[0] * data->x[i] + w[1] - data->y[i];
            loss_sum += r * r;
            g0 += 2.0 * r * data->x[i];
            g1 += 2.0 * r;
        }
        w[0] -= lr * g0 / (double)length;
        w[1] -= lr * g1 / (double)length;
    }
    return used > 0 ? loss_sum / (double)used : 0.0;
}

/* Fisher-Yates, straight from its definition (lesson02.h). */
static void fisher_yates_oracle(uint32_t *order, size_t n, struct rng *rng)
{
    for (size_t i = n; i >= 2; i--) {
        size_t j = rng_below(rng, (uint32_t)i); /* uniform in [0, i-1] */
        uint32_t held = order[i - 1];
        order[i - 1] = order[j];
        order[j] = held;
    }
}

static int same_rng(const struct rng *a, const struct rng *b)
{
    return a->state == b->state && a->increment == b->increment;
}

static const char *rule_name(enum last_batch rule)
{
    return rule == LAST_BATCH_KEEP ? "KEEP" : "DROP";
}

/* ---- batch_count and batch_bounds ------------------------------------------- */

static void test_batch_count_hand_examples(void **state)
{
    (void)state;
    /* n = 10, b = 3: three full batches (9 examples) and 1 left over:
     * KEEP 4, DROP 3. n = 9, b = 3: exactly 3 batches either way.
     * n = 0: no batch. b = 8 > n = 5: KEEP one short batch of 5, DROP none.
     * b = 1: one batch per example. b = n = 7: one batch. */
    const struct {
        size_t n, b, keep, drop;
    } cases[] = {{10, 3, 4, 3}, {9, 3, 3, 3}, {0, 4, 0, 0}, {5, 8, 1, 0}, {7, 1, 7, 7},
                 {7, 7, 1, 1}, {1000, 32, 32, 31}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (int r = 0; r < 2; r++) {
            enum last_batch rule = r == 0 ? LAST_BATCH_KEEP : LAST_BATCH_DROP;
            size_t expected = r == 0 ? cases[c].keep : cases[c].drop;
            size_t got = batch_count(cases[c].n, cases[c].b, rule);
            struct at where = AT("batch_count", "Splitting an epoch into batches");
            where.quantity = "the number of batches";
            if (rule == LAST_BATCH_KEEP && got + 1 == expected)
                where.hint = "KEEP rounds up: the left-over examples form one more, shorter batch";
            else if (rule == LAST_BATCH_DROP && got == expected + 1)
                where.hint = "DROP rounds down: the left-over examples are not a batch";
            else
                where.hint = "full batches: n / batch_size; KEEP adds one if n % batch_size > 0";
            expect_that(where, got == expected,
                        "n = %zu, batch_size = %zu, %s: expected %zu batches, got %zu",
                        cases[c].n, cases[c].b, rule_name(rule), expected, got);
        }
    }
}

static void test_batch_bounds_hand_examples(void **state)
{
    (void)state;
    /* n = 10, b = 3: positions [0,3), [3,6), [6,9) and the kept last batch
     * [9,10) of length 1. n = 5, b = 8: one kept batch [0,5). */
    const struct {
        size_t n, b, k, start, length;
    } cases[] = {{10, 3, 0, 0, 3}, {10, 3, 1, 3, 3}, {10, 3, 2, 6, 3}, {10, 3, 3, 9, 1},
                 {5, 8, 0, 0, 5},  {9, 3, 2, 6, 3},  {64, 32, 1, 32, 32}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t start = 12345;
        size_t length = batch_bounds(cases[c].n, cases[c].b, cases[c].k, &start);
        struct at where = AT("batch_bounds", "Splitting an epoch into batches");
        where.quantity = "the batch's start";
        where.hint = "batch k starts at position k * batch_size";
        expect_that(where, start == cases[c].start,
                    "n = %zu, batch_size = %zu, batch %zu: expected start %zu, got %zu",
                    cases[c].n, cases[c].b, cases[c].k, cases[c].start, start);
        where.quantity = "the batch's length";
        where.hint = length == cases[c].b ? "the last batch holds only the n - start positions "
                                            "left: min(batch_size, n - start)"
                                          : "a batch has batch_size positions, fewer only at "
                                            "the end of the epoch";
        expect_that(where, length == cases[c].length,
                    "n = %zu, batch_size = %zu, batch %zu: expected length %zu, got %zu",
                    cases[c].n, cases[c].b, cases[c].k, cases[c].length, length);
    }
}

static void test_batches_cover_every_position_once(void **state)
{
    (void)state;
    /* For every n in 0..40, every b in 1..12 and both rules, walk the
     * batches k = 0 .. batch_count - 1 and mark the positions they cover.
     * KEEP must cover each of the n positions exactly once; DROP exactly the
     * first n - n % b, once each; every batch has 1 .. b positions. */
    for (size_t n = 0; n <= 40; n++)
        for (size_t b = 1; b <= 12; b++)
            for (int r = 0; r < 2; r++) {
                enum last_batch rule = r == 0 ? LAST_BATCH_KEEP : LAST_BATCH_DROP;
                unsigned covered[40] = {0};
                size_t count = batch_count(n, b, rule);
                struct at where = AT("batch_bounds", "Splitting an epoch into batches");
                where.quantity = "the batches of an epoch";
                if (count > n) {
                    where.function = "batch_count";
                    expect_that(where, 0, "n = %zu, batch_size = %zu, %s: %zu batches for %zu "
                                "examples", n, b, rule_name(rule), count, n);
                    return;
                }
                for (size_t k = 0; k < count; k++) {
                    size_t start = 0, length = batch_bounds(n, b, k, &start);
                    int ok = length >= 1 && length <= b && start <= n && length <= n - start;
                    expect_that(where, ok, "n = %zu, batch_size = %zu, %s: batch %zu is "
                                "[%zu, %zu), outside [0, n) or of a wrong length",
                                n, b, rule_name(rule), k, start, start + length);
                    if (!ok)
                        return;
                    for (size_t p = start; p < start + length; p++)
                        covered[p]++;
                }
                size_t used = rule == LAST_BATCH_KEEP ? n : n - n % b;
                for (size_t p = 0; p < n; p++) {
                    unsigned expected = p < used ? 1u : 0u;
                    where.hint = covered[p] > 1 ? "two batches overlap: batch k starts where "
                                                  "batch k-1 ends, at k * batch_size"
                                                : "check both functions: the batches must "
                                                  "tile the positions without gaps";
                    expect_that(where, covered[p] == expected,
                                "n = %zu, batch_size = %zu, %s: position %zu should be in %u "
                                "batch(es), it is in %u",
                                n, b, rule_name(rule), p, expected, covered[p]);
                    if (covered[p] != expected)
                        return;
                }
            }
}

/* ---- batch_gradient ---------------------------------------------------------- */

static void test_batch_gradient_hand_example(void **state)
{
    (void)state;
    /* Points (0, 1), (1, 3), (2, 2) and w = (a, b) = (1, 0). Residuals
     * r = a*x + b - y: (-1, -2, 0); losses (1, 4, 0); example gradients
     * (2 r x, 2 r): (0, -2), (-4, -4), (0, 0).
     * The batch (1, 2, 0) (order does not matter): g = the mean
     *   ((0 - 4 + 0)/3, (-2 - 4 + 0)/3) = (-4/3, -2), mean loss 5/3.
     * The batch (1) alone: g = (-4, -4), loss 4. */
    const float x[3] = {0.0f, 1.0f, 2.0f}, y[3] = {1.0f, 3.0f, 2.0f};
    const struct line_data data = {x, y, NULL};
    const struct objective f = line_objective(&data, 3);
    const float w[2] = {1.0f, 0.0f};
    const uint32_t batches[2][3] = {{1, 2, 0}, {1, 0, 0}};
    const double last_example_g[2] = {0.0, -2.0}; /* example 0, the last of batch 0 */
    const size_t counts[2] = {3, 1};
    const double expected_g[2][2] = {{-4.0 / 3.0, -2.0}, {-4.0, -4.0}};
    const double expected_loss[2] = {5.0 / 3.0, 4.0};
    for (int c = 0; c < 2; c++) {
        float g[2] = {100.0f, 100.0f}, example_g[2] = {-7.0f, -7.0f}; /* garbage */
        double loss = batch_gradient(&f, w, batches[c], counts[c], g, example_g);
        for (int p = 0; p < 2; p++) {
            struct at where = AT("batch_gradient", "The gradient of a batch");
            where.quantity = "g";
            where.index = p;
            double e = expected_g[c][p];
            if (fabs(g[p] - e * (double)counts[c]) < 1e-4 && counts[c] > 1)
                where.hint = "this is the sum of the example gradients: divide by count";
            else if (fabs(g[p] - (e + 100.0 / (double)counts[c])) < 1e-3 ||
                     fabs(g[p] - (e + 100.0)) < 1e-3)
                where.hint = "g held 100 before the call: set g to zero before adding";
            else if (c == 0 && (fabs(g[0] - last_example_g[0]) < 1e-4 ||
                                fabs(g[0] - last_example_g[0] / 3.0) < 1e-4) &&
                     (fabs(g[1] - last_example_g[1]) < 1e-4 ||
                      fabs(g[1] - last_example_g[1] / 3.0) < 1e-4))
                where.hint = "g is the last example's gradient: add each example's gradient "
                             "to g instead of overwriting it";
            else
                where.hint = "g = (1/count) * sum of the example gradients";
            expect_close(where, e, g[p]);
        }
        struct at where = AT("batch_gradient", "The gradient of a batch");
        where.quantity = "the returned mean loss";
        where.hint = fabs(loss - expected_loss[c] * (double)counts[c]) < 1e-6 && counts[c] > 1
                         ? "this is the sum of the losses: divide by count"
                         : "return the mean of J_i(w) over the batch";
        expect_close(where, expected_loss[c], loss);
    }
}

static void test_batch_gradient_of_everything_is_the_full_gradient(void **state)
{
    (void)state;
    /* b = n: the batch gradient over all 50 examples is the full gradient of
     * lesson 01, (2/n) * (sum r_i x_i, sum r_i), computed here in double.
     * g is summed in float by the contract, so allow a float rounding per
     * term, relative to the sum of the terms' sizes. */
    enum { N = 50 };
    float x[N], y[N];
    uint32_t all[N];
    struct rng rng;
    rng_seed(&rng, 8, 8);
    for (int i = 0; i < N; i++) {
        x[i] = 4.0f * rng_uniform(&rng) - 2.0f;
        y[i] = 3.0f * x[i] - 1.0f + rng_normal(&rng);
        all[i] = (uint32_t)i;
    }
    const struct line_data data = {x, y, NULL};
    const struct objective f = line_objective(&data, N);
    const float w[2] = {0.5f, 0.25f};
    double sum_rx = 0.0, sum_r = 0.0, size0 = 0.0, size1 = 0.0, sum_rr = 0.0;
    for (int i = 0; i < N; i++) {
        double r = (double)w[0] * x[i] + w[1] - y[i];
        sum_rx += r * x[i];
        sum_r += r;
        sum_rr += r * r;
        size0 += fabs(2.0 * r * x[i]);
        size1 += fabs(2.0 * r);
    }
    float g[2], example_g[2];
    double loss = batch_gradient(&f, w, all, N, g, example_g);
    const double expected[2] = {2.0 * sum_rx / N, 2.0 * sum_r / N};
    const double size[2] = {size0 / N, size1 / N};
    for (int p = 0; p < 2; p++) {
        struct at where = AT("batch_gradient", "The gradient of a batch");
        where.quantity = "g with b = n";
        where.index = p;
        where.hint = "with the whole data set as the batch, g is the full gradient of lesson 01";
        expect_close_tol(where, expected[p], g[p], 0.0, 1e-5 * size[p]);
    }
    struct at where = AT("batch_gradient", "The gradient of a batch");
    where.quantity = "the returned mean loss with b = n";
    where.hint = "the mean of J_i over the batch: the full loss J(w)";
    expect_close(where, sum_rr / N, loss);
}

/* ---- minibatch_epoch ----------------------------------------------------------- */

/* Ten points used by the epoch tests. */
static const float ten_x[10] = {-2.0f, -1.5f, -1.0f, -0.5f, 0.0f, 0.25f, 0.5f, 1.0f, 1.5f, 2.0f};
static const float ten_y[10] = {-3.0f, -2.0f, -1.5f, 0.0f, 1.0f, 1.0f, 2.5f, 3.0f, 3.5f, 5.0f};

static void test_minibatch_epoch_keep_uses_every_example_once(void **state)
{
    (void)state;
    /* n = 10, b = 3, KEEP: batches of 3, 3, 3, 1 -> each example used
     * exactly once (one call of the objective per example). */
    unsigned calls[10] = {0};
    const struct line_data data = {ten_x, ten_y, calls};
    const struct objective f = line_objective(&data, 10);
    float w[2] = {0.0f, 0.0f}, g[2], example_g[2];
    uint32_t order[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    struct rng rng;
    rng_seed(&rng, 10, 3);
    minibatch_epoch(&f, w, 0.05f, 3, LAST_BATCH_KEEP, order, g, example_g, &rng);
    unsigned most = 0;
    for (int i = 0; i < 10; i++)
        most = calls[i] > most ? calls[i] : most;
    for (int i = 0; i < 10; i++) {
        struct at where = AT("minibatch_epoch", "One epoch of mini-batch SGD");
        where.quantity = "uses of each example";
        where.index = i;
        if (most > 1)
            where.hint = "some examples are used twice: batch k is order[start .. start+length), "
                         "so pass order + start to batch_gradient";
        else if (calls[i] == 0)
            where.hint = "an example was skipped: with KEEP the last, shorter batch (here 1 "
                         "example) is used too";
        else
            where.hint = "every example once per epoch: one batch_gradient call per batch";
        expect_that(where, calls[i] == 1,
                    "n = 10, batch_size = 3, KEEP: example %d should be used once in the epoch, "
                    "it was used %u times", i, calls[i]);
    }
}

static void test_minibatch_epoch_drop_leaves_out_the_tail(void **state)
{
    (void)state;
    /* n = 10, b = 3, DROP: three batches of 3 -> 9 examples used once, and
     * the one left out is the last of the shuffled order, order[9]. */
    unsigned calls[10] = {0};
    const struct line_data data = {ten_x, ten_y, calls};
    const struct objective f = line_objective(&data, 10);
    float w[2] = {0.0f, 0.0f}, g[2], example_g[2];
    uint32_t order[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    struct rng rng;
    rng_seed(&rng, 10, 4);
    minibatch_epoch(&f, w, 0.05f, 3, LAST_BATCH_DROP, order, g, example_g, &rng);
    for (int k = 0; k < 10; k++) {
        uint32_t i = order[k];
        unsigned expected = k < 9 ? 1u : 0u;
        struct at where = AT("minibatch_epoch", "One epoch of mini-batch SGD");
        where.quantity = "uses of each example";
        where.index = (long)i;
        where.hint = k == 9 ? "with DROP the left-over examples order[9] (here one) are not used"
                            : "the full batches cover order[0 .. 8], each example once";
        expect_that(where, calls[i] == expected,
                    "n = 10, batch_size = 3, DROP: example %u (at position %d of the shuffled "
                    "order) should be used %u times, it was used %u times",
                    (unsigned)i, k, expected, calls[i]);
    }
}

/* Whether got is expected within rel_tol * |expected| + abs_tol, as the
 * expect_close_tol below checks it. */
static int within(double expected, double got, double rel_tol, double abs_tol)
{
    return fabs(got - expected) <= abs_tol + rel_tol * fabs(expected);
}

/* An epoch steps with the g that batch_gradient returns, so a wrong
 * batch_gradient makes every epoch wrong, whatever the epoch's own code.
 * Runs batch_gradient once on the hand example of its own test (batch
 * (1, 2, 0) of the three points there, garbage 100 in g; expected
 * g = (-4/3, -2) and mean loss 5/3) and returns a hint that points to it,
 * or NULL when it is right. */
static const char *batch_gradient_to_fix_first(void)
{
    const float x[3] = {0.0f, 1.0f, 2.0f}, y[3] = {1.0f, 3.0f, 2.0f};
    const struct line_data data = {x, y, NULL};
    const struct objective f = line_objective(&data, 3);
    const float w[2] = {1.0f, 0.0f};
    const uint32_t batch[3] = {1, 2, 0};
    float g[2] = {100.0f, 100.0f}, example_g[2] = {-7.0f, -7.0f};
    double loss = batch_gradient(&f, w, batch, 3, g, example_g);
    if (within(-4.0 / 3.0, g[0], 1e-5, 1e-6) && within(-2.0, g[1], 1e-5, 1e-6) &&
        within(5.0 / 3.0, loss, 1e-5, 1e-7))
        return NULL;
    if (within(-4.0 / 3.0 + 100.0 / 3.0, g[0], 1e-4, 1e-4) ||
        within(-4.0 + 100.0, g[0], 1e-4, 1e-4))
        return "batch_gradient does not set g to zero before adding (see its test "
               "batch_gradient_hand_example): fix it first, every step of the epoch uses its g";
    return "batch_gradient is wrong (see its test batch_gradient_hand_example): fix it first, "
           "every step of the epoch uses its g";
}

static void check_epoch(const char *hint, const float *w, const double *expected_w,
                        double expected_loss, double loss, int epoch)
{
    int right = within(expected_loss, loss, 1e-5, 1e-7);
    for (int p = 0; p < 2; p++)
        right = right && within(expected_w[p], w[p], 1e-5, 1e-6);
    const char *first = right ? NULL : batch_gradient_to_fix_first();
    for (int p = 0; p < 2; p++) {
        struct at where = AT("minibatch_epoch", "One epoch of mini-batch SGD");
        where.quantity = "w";
        where.index = p;
        where.step = epoch;
        where.unit = "epoch";
        where.hint = first != NULL ? first : hint;
        expect_close_tol(where, expected_w[p], w[p], 1e-5, 1e-6);
    }
    struct at where = AT("minibatch_epoch", "One epoch of mini-batch SGD");
    where.quantity = "the returned mean loss";
    where.step = epoch;
    where.unit = "epoch";
    where.hint = first != NULL ? first
                               : "weight each batch's mean loss by its length, divide by the "
                                 "examples used";
    expect_close_tol(where, expected_loss, loss, 1e-5, 1e-7);
}

static void test_minibatch_epoch_matches_the_oracle(void **state)
{
    (void)state;
    /* n = 10, b = 3, three epochs with each rule. The oracle replays the
     * shuffle on a copy of the generator, then takes one step per batch with
     * the batch's mean gradient, in double. */
    for (int r = 0; r < 2; r++) {
        enum last_batch rule = r == 0 ? LAST_BATCH_KEEP : LAST_BATCH_DROP;
        const struct line_data data = {ten_x, ten_y, NULL};
        const struct objective f = line_objective(&data, 10);
        const float lr = 0.05f;
        float w[2] = {1.0f, -1.0f}, g[2], example_g[2];
        double oracle_w[2] = {1.0, -1.0};
        uint32_t order[10], oracle_order[10];
        for (uint32_t k = 0; k < 10; k++)
            order[k] = oracle_order[k] = k;
        struct rng rng, oracle_rng;
        rng_seed(&rng, 2718, 28);
        oracle_rng = rng;
        for (int epoch = 1; epoch <= 3; epoch++) {
            double loss = minibatch_epoch(&f, w, lr, 3, rule, order, g, example_g, &rng);
            fisher_yates_oracle(oracle_order, 10, &oracle_rng);
            double expected_loss =
                line_minibatch_oracle(&data, oracle_order, 10, 3, rule, lr, oracle_w);
            struct at where = AT("minibatch_epoch", "The shuffle is given");
            where.quantity = "order";
            where.step = epoch;
            where.unit = "epoch";
            where.hint = "the given code shuffles once per epoch: do not shuffle again";
            expect_that(where, memcmp(order, oracle_order, sizeof order) == 0 &&
                                   same_rng(&rng, &oracle_rng),
                        "%s, epoch %d: the order or the generator differs from one "
                        "Fisher-Yates shuffle per epoch", rule_name(rule), epoch);
            check_epoch(rule == LAST_BATCH_KEEP
                            ? "one step per batch of 3, 3, 3 and 1 examples, each with its "
                              "batch's mean gradient (divide the last one by 1, not 3)"
                            : "one step per full batch of 3 examples; the tenth is dropped",
                        w, oracle_w, expected_loss, loss, epoch);
        }
    }
}

static void test_minibatch_epoch_b1_is_sgd_and_bn_is_gd(void **state)
{
    (void)state;
    const struct line_data data = {ten_x, ten_y, NULL};
    const struct objective f = line_objective(&data, 10);
    const float lr = 0.05f;
    float g[2], example_g[2];
    uint32_t order[10];
    struct rng rng;

    /* b = 1: ten steps, one per example, in the shuffled order: lesson 02's
     * SGD. The oracle takes them in the order left in `order`. */
    for (uint32_t k = 0; k < 10; k++)
        order[k] = k;
    rng_seed(&rng, 1, 1);
    float w[2] = {0.0f, 0.0f};
    double oracle_w[2] = {0.0, 0.0};
    double loss = minibatch_epoch(&f, w, lr, 1, LAST_BATCH_KEEP, order, g, example_g, &rng);
    double expected_loss = line_minibatch_oracle(&data, order, 10, 1, LAST_BATCH_KEEP, lr,
                                                 oracle_w);
    check_epoch("batch_size 1 is SGD: one step per example, in the order of order[]", w,
                oracle_w, expected_loss, loss, 1);

    /* b = n = 10: one step with the full gradient, whatever the order:
     * w = (0, 0) - lr * (2/n) * (sum r x, sum r) with r = -y at w = 0, i.e.
     * w = lr * (2/n) * (sum x y, sum y). Sums over the ten points:
     * sum x*y = 6 + 3 + 1.5 + 0 + 0 + 0.25 + 1.25 + 3 + 5.25 + 10 = 30.25,
     * sum y = 9.5, so w = 0.05 * 0.2 * (30.25, 9.5) = (0.3025, 0.095).
     * The mean loss is mean(y^2) = (9 + 4 + 2.25 + 0 + 1 + 1 + 6.25 + 9
     * + 12.25 + 25) / 10 = 69.75 / 10 = 6.975. */
    float w_full[2] = {0.0f, 0.0f};
    loss = minibatch_epoch(&f, w_full, lr, 10, LAST_BATCH_KEEP, order, g, example_g, &rng);
    const double expected_full[2] = {0.3025, 0.095};
    check_epoch("batch_size n is full-batch gradient descent: one step with the mean of all "
                "ten example gradients",
                w_full, expected_full, 6.975, loss, 1);
}

static void test_minibatch_epoch_edge_cases(void **state)
{
    (void)state;
    float g[2], example_g[2];
    struct rng rng, before;
    rng_seed(&rng, 4, 4);

    /* n = 0: no batch, no step, nothing drawn, mean loss 0. */
    const struct line_data none = {NULL, NULL, NULL};
    const struct objective empty = line_objective(&none, 0);
    float w[2] = {3.0f, -2.0f};
    uint32_t order[10] = {0};
    before = rng;
    double loss = minibatch_epoch(&empty, w, 0.5f, 4, LAST_BATCH_KEEP, order, g, example_g,
                                  &rng);
    struct at where = AT("minibatch_epoch", "One epoch of mini-batch SGD");
    where.quantity = "n = 0: the loss, w and rng";
    where.hint = "with no examples: no batch, no step, and return 0.0 (0.0 / 0 is NaN)";
    expect_that(where, loss == 0.0 && w[0] == 3.0f && w[1] == -2.0f && same_rng(&rng, &before),
                "expected loss 0, w = (3, -2) and an unused generator; got loss %g, "
                "w = (%g, %g)", loss, (double)w[0], (double)w[1]);

    /* b = 16 > n = 10 with DROP: the only batch would be partial, so there
     * is no batch at all: w unchanged, loss 0. */
    const struct line_data data = {ten_x, ten_y, NULL};
    const struct objective f = line_objective(&data, 10);
    for (uint32_t k = 0; k < 10; k++)
        order[k] = k;
    loss = minibatch_epoch(&f, w, 0.5f, 16, LAST_BATCH_DROP, order, g, example_g, &rng);
    where.quantity = "batch_size > n with DROP: the loss and w";
    where.hint = "batch_count is 0 here: no step, and the mean over no examples is 0";
    expect_that(where, loss == 0.0 && w[0] == 3.0f && w[1] == -2.0f,
                "expected loss 0 and w = (3, -2); got loss %g, w = (%g, %g)", loss,
                (double)w[0], (double)w[1]);
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
    expect_answer_number("ex1", 2, 0xa8b724a7150d4e6dULL,
                         "the steps per epoch for b = 300 (exact)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0x8e1d9111a9fb264dULL,
                         "the variance of a batch of two out of ten, in units of sigma^2 "
                         "(3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0x9e37b48465182b2cULL,
                         "the variance ratio of the one-example batch to a batch of the "
                         "full size 100 (3 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 4, 0xf1f89898f6b028aeULL,
                         "the rate of the summed gradient (4 significant digits)");
}

static const struct harness_test tests[] = {
    {"batch_count_hand_examples", test_batch_count_hand_examples, 10, 2,
     "KEEP and DROP counts for n = 10, b = 3 and six more cases"},
    {"batch_bounds_hand_examples", test_batch_bounds_hand_examples, 10, 2,
     "start and length of each batch, the kept last one included"},
    {"batches_cover_every_position_once", test_batches_cover_every_position_once, 10, 2,
     "n <= 40, b <= 12, both rules: batches tile the epoch without overlap"},
    {"batch_gradient_hand_example", test_batch_gradient_hand_example, 15, 2,
     "the mean gradient and loss of two batches, derived by hand"},
    {"batch_gradient_of_all_is_the_full_gradient",
     test_batch_gradient_of_everything_is_the_full_gradient, 10, 2,
     "b = n gives lesson 01's full gradient"},
    {"minibatch_epoch_keep_uses_every_example_once",
     test_minibatch_epoch_keep_uses_every_example_once, 10, 2,
     "n = 10, b = 3, KEEP: every example exactly once"},
    {"minibatch_epoch_drop_leaves_out_the_tail", test_minibatch_epoch_drop_leaves_out_the_tail,
     10, 2, "n = 10, b = 3, DROP: 9 examples once, the last of the order never"},
    {"minibatch_epoch_matches_the_oracle", test_minibatch_epoch_matches_the_oracle, 10, 2,
     "three epochs per rule against the oracle"},
    {"minibatch_epoch_b1_is_sgd_and_bn_is_gd", test_minibatch_epoch_b1_is_sgd_and_bn_is_gd, 10,
     2, "b = 1 is SGD; b = n is one full-batch step (by hand)"},
    {"minibatch_epoch_edge_cases", test_minibatch_epoch_edge_cases, 5, 2,
     "n = 0; b > n with DROP"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the steps per epoch, then run"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: the variance of a batch of two"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: how much noisier the short last batch is"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: the rate of the summed gradient"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
