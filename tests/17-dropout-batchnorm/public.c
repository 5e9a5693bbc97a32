/* Lesson 17, public tests: dropout and batch normalization.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * or comes from a formula of the lesson evaluated here in double precision
 * (an oracle written from lesson17.h, never the reference solution). The
 * backward passes are also checked against finite differences of the
 * oracle's forward pass (gradcheck.h), so they are tested against the
 * definition of the derivative, not against a formula that could share a
 * mistake. */
#include "harness.h"
#include "lessons.h"
#include "lesson17.h"
#include "gradcheck.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define DROPOUT_SECTION "Inverted dropout"
#define BN_SECTION "Batch normalization"
#define RUNNING_SECTION "Running statistics"
#define BACKWARD_SECTION "The backward pass"

/* "x_hat (example 1, feature 0)": where element i of a [batch, features]
 * array sits, for the failure message (a flat x_hat[2] would make the
 * student work the position out). Returns text. */
static const char *example_feature(char *text, size_t size, const char *quantity, size_t i,
                                   size_t features)
{
    snprintf(text, size, "%s (example %zu, feature %zu)", quantity, i / features, i % features);
    return text;
}

/* ---- Oracles: the formulas of lesson17.h in double --------------------------- */

/* The batch's mean and biased variance of feature j of x [batch, features]. */
static void oracle_statistics(const float *x, size_t batch, size_t features, size_t j,
                              double *mean, double *var)
{
    double sum = 0.0;
    for (size_t b = 0; b < batch; b++)
        sum += x[b * features + j];
    *mean = sum / (double)batch;
    double squares = 0.0;
    for (size_t b = 0; b < batch; b++)
        squares += (x[b * features + j] - *mean) * (x[b * features + j] - *mean);
    *var = squares / (double)batch;
}

/* ---- dropout_forward ------------------------------------------------------------ */

static void test_dropout_forward_hand_example(void **state)
{
    (void)state;
    /* p = 0.5: scale 1 / (1 - 0.5) = 2. The test replays the generator: a
     * copy draws the same uniforms u_i, and unit i is dropped when u_i < 0.5.
     * Kept units are doubled: x = 1..8 gives y[i] = 2 (i + 1) or 0. */
    enum { N = 8 };
    const float x[N] = {1, 2, 3, 4, 5, 6, 7, 8};
    float y[N], mask[N];
    for (int i = 0; i < N; i++)
        y[i] = mask[i] = -7.0f;
    struct rng rng, copy;
    rng_seed(&rng, 2014, 17);
    copy = rng;
    dropout_forward(y, mask, x, N, 0.5f, 1, &rng);
    for (int i = 0; i < N; i++) {
        float kept = rng_uniform(&copy) < 0.5f ? 0.0f : 1.0f;
        struct at where = AT("dropout_forward", DROPOUT_SECTION);
        where.quantity = "mask";
        where.index = i;
        where.hint = mask[i] == 1.0f - kept
                         ? "the mask is upside down: unit i is DROPPED (mask 0) when u_i < p"
                         : "mask[i] = 0 when rng_uniform(rng) < p, else 1; one draw per "
                           "element, in order";
        expect_exact(where, kept, mask[i]);
        where.quantity = "y";
        if (kept == 1.0f && y[i] == x[i])
            where.hint = "inverted dropout scales the kept units by 1 / (1 - p) = 2 here";
        else if (kept == 1.0f && fabsf(y[i] - x[i] * 0.5f) < 1e-6f)
            where.hint = "multiply the kept units by 1 / (1 - p), not by 1 - p";
        else
            where.hint = "y[i] = mask[i] * x[i] / (1 - p)";
        expect_close(where, 2.0 * kept * x[i], y[i]);
    }
    struct at where = AT("dropout_forward", DROPOUT_SECTION);
    where.quantity = "the generator's state afterwards";
    where.hint = "draw exactly n uniforms with rng_uniform, one per element";
    expect_that(where, rng.state == copy.state && rng.increment == copy.increment,
                "the generator advanced by a different number of draws than n = %d", N);
}

static void test_dropout_forward_scale_and_rate(void **state)
{
    (void)state;
    /* p = 0.2 on 20 000 ones: scale 1 / 0.8 = 1.25 (exact in float), so
     * every y[i] is 0 or 1.25, and the mean of y is 1.25 * (fraction kept).
     * The fraction kept is binomial with mean 0.8 and standard error
     * sqrt(0.8 * 0.2 / 20000) = 0.0028; we allow 4.5 of them (fixed seed,
     * so the test is deterministic). p = 0: nothing dropped, y = x. */
    enum { N = 20000 };
    static float x[N], y[N], mask[N];
    for (int i = 0; i < N; i++)
        x[i] = 1.0f;
    struct rng rng;
    rng_seed(&rng, 5, 17);
    dropout_forward(y, mask, x, N, 0.2f, 1, &rng);
    double kept = 0.0;
    int bad = -1;
    for (int i = 0; i < N; i++) {
        kept += mask[i];
        if (bad < 0 && !(y[i] == 0.0f || y[i] == 1.25f))
            bad = i;
    }
    struct at where = AT("dropout_forward", DROPOUT_SECTION);
    where.quantity = "y with p = 0.2 and x = 1";
    where.index = bad;
    where.hint = "a kept unit is x / (1 - p) = 1.25, a dropped one exactly 0";
    expect_that(where, bad < 0, "expected 0 or 1.25, got %g", bad < 0 ? 0.0 : (double)y[bad]);
    where.index = -1;
    where.quantity = "the fraction of units kept";
    where.hint = kept / N < 0.5 ? "you keep units with probability p: keep them with 1 - p"
                                : "keep each unit with probability 1 - p";
    expect_close_tol(where, 0.8, kept / N, 0.0, 4.5 * sqrt(0.8 * 0.2 / N));

    float ones[16], out[16], m[16];
    for (int i = 0; i < 16; i++)
        ones[i] = (float)i - 3.5f;
    dropout_forward(out, m, ones, 16, 0.0f, 1, &rng);
    for (int i = 0; i < 16; i++) {
        where.quantity = "y with p = 0";
        where.index = i;
        where.hint = "with p = 0 nothing is dropped and the scale is 1: y = x";
        expect_exact(where, ones[i], out[i]);
    }
}

static void test_dropout_forward_same_seed_same_mask(void **state)
{
    (void)state;
    /* The mask is a function of the generator's state only: the same seed
     * gives the same mask, bit for bit, and another seed another mask. */
    enum { N = 64 };
    float x[N], y1[N], y2[N], y3[N], m1[N], m2[N], m3[N];
    for (int i = 0; i < N; i++)
        x[i] = 0.5f + (float)i;
    struct rng a, b, c;
    rng_seed(&a, 42, 17);
    rng_seed(&b, 42, 17);
    rng_seed(&c, 43, 17);
    dropout_forward(y1, m1, x, N, 0.5f, 1, &a);
    dropout_forward(y2, m2, x, N, 0.5f, 1, &b);
    dropout_forward(y3, m3, x, N, 0.5f, 1, &c);
    struct at where = AT("dropout_forward", DROPOUT_SECTION);
    where.quantity = "the mask for the same seed, twice";
    where.hint = "draw only from the rng you are given (never rand() or a generator of "
                 "your own): the same state must give the same mask";
    expect_that(where, memcmp(m1, m2, sizeof m1) == 0 && memcmp(y1, y2, sizeof y1) == 0,
                "two calls with generators seeded alike gave different masks");
    where.quantity = "the masks for seeds 42 and 43";
    where.hint = "the mask must come from the generator's draws";
    expect_that(where, memcmp(m1, m3, sizeof m1) != 0,
                "two different seeds gave the same mask of %d units", N);
}

static void test_dropout_forward_evaluation_is_identity(void **state)
{
    (void)state;
    /* training = 0: y = x exactly (inverted dropout already scaled at
     * training time), no draw, mask untouched; and mask may be NULL. */
    enum { N = 6 };
    const float x[N] = {-2.5f, 0.0f, 1.0f, 3.25f, 1e-30f, 7.0f};
    float y[N], mask[N];
    for (int i = 0; i < N; i++)
        mask[i] = 9.0f;
    struct rng rng, before;
    rng_seed(&rng, 3, 17);
    before = rng;
    dropout_forward(y, mask, x, N, 0.5f, 0, &rng);
    for (int i = 0; i < N; i++) {
        struct at where = AT("dropout_forward", DROPOUT_SECTION);
        where.quantity = "y at evaluation";
        where.index = i;
        where.hint = fabsf(y[i] - 0.5f * x[i]) < 1e-6f && x[i] != 0.0f
                         ? "this is x * (1 - p): with inverted dropout evaluation is the "
                           "identity, y = x"
                         : "at evaluation (training == 0) y = x, every unit present";
        expect_exact(where, x[i], y[i]);
        where.quantity = "mask at evaluation";
        where.hint = "at evaluation do not touch mask";
        expect_exact(where, 9.0f, mask[i]);
    }
    struct at where = AT("dropout_forward", DROPOUT_SECTION);
    where.quantity = "the generator at evaluation";
    where.hint = "at evaluation draw nothing";
    expect_that(where, rng.state == before.state, "the generator advanced at evaluation");
    float z[N];
    dropout_forward(z, NULL, x, N, 0.5f, 0, &rng);
    where.quantity = "y at evaluation with mask NULL";
    where.hint = "at evaluation mask may be NULL: do not write to it";
    expect_that(where, memcmp(z, x, sizeof z) == 0, "y differs from x");
}

/* ---- dropout_backward ----------------------------------------------------------- */

static void test_dropout_backward_hand_example(void **state)
{
    (void)state;
    /* dy = (1, 1, 1, 1, -3), mask = (1, 0, 1, 0, 1), p = 0.5: the kept units
     * pass dy times the same scale 2, the dropped ones pass 0:
     * dx = (2, 0, 2, 0, -6). */
    const float dy[5] = {1, 1, 1, 1, -3}, mask[5] = {1, 0, 1, 0, 1};
    const float expected[5] = {2, 0, 2, 0, -6};
    float dx[5] = {9, 9, 9, 9, 9};
    dropout_backward(dx, dy, mask, 5, 0.5f);
    for (int i = 0; i < 5; i++) {
        struct at where = AT("dropout_backward", DROPOUT_SECTION);
        where.quantity = "dx";
        where.index = i;
        where.hint = dx[i] == dy[i] * mask[i] && mask[i] != 0.0f
                         ? "the backward pass needs the forward pass's scale 1 / (1 - p) too"
                         : "dx[i] = dy[i] * mask[i] / (1 - p)";
        expect_close(where, expected[i], dx[i]);
    }
}

/* The loss of the dropout gradient check: L(x) = sum_i c_i * mask_i * x_i / (1 - p),
 * the forward pass with the mask fixed, in double. */
struct dropout_loss {
    const float *x, *c, *mask;
    size_t n;
    float p;
};

static double dropout_loss_value(void *context)
{
    const struct dropout_loss *d = context;
    double scale = 1.0 / (1.0 - (double)d->p), sum = 0.0;
    for (size_t i = 0; i < d->n; i++)
        sum += (double)d->c[i] * d->mask[i] * d->x[i] * scale;
    return sum;
}

static void test_dropout_backward_gradient_check(void **state)
{
    (void)state;
    /* Your forward pass draws a mask for p = 0.3; with that mask fixed, the
     * finite differences of L(x) = sum c_i y_i must equal your backward
     * pass's dx for dy = c. */
    enum { N = 24 };
    float x[N], c[N], y[N], mask[N], dx[N];
    struct rng rng;
    rng_seed(&rng, 11, 17);
    for (int i = 0; i < N; i++) {
        x[i] = rng_range(&rng, -2.0f, 2.0f);
        c[i] = rng_range(&rng, -1.0f, 1.0f);
    }
    dropout_forward(y, mask, x, N, 0.3f, 1, &rng);
    dropout_backward(dx, c, mask, N, 0.3f);
    struct dropout_loss loss = {x, c, mask, N, 0.3f};
    const struct gradcheck_options options = {.step = 1e-2f, .floor = 1e-3, .samples = 0};
    struct gradcheck_report report;
    double error = gradcheck(x, dx, N, dropout_loss_value, &loss, &options, NULL, &report);
    struct at where = AT("dropout_backward", DROPOUT_SECTION);
    where.quantity = "the largest relative error against finite differences";
    where.index = (long)report.worst_index;
    where.hint = "dx must be the derivative of the forward pass: the same mask, the same "
                 "scale 1 / (1 - p)";
    expect_that(where, error < 1e-3,
                "dx[%zu] is %g, the finite difference %g (relative error %.2g)",
                report.worst_index, report.worst_analytic, report.worst_numeric, error);
}

/* ---- batchnorm_statistics ------------------------------------------------------- */

static void test_batchnorm_statistics_hand_example(void **state)
{
    (void)state;
    /* Three examples, two features:
     *   x = [[1, 2], [3, 6], [5, 10]]
     * feature 0: mean (1 + 3 + 5) / 3 = 3, deviations -2, 0, 2,
     *            var (4 + 0 + 4) / 3 = 8/3 = 2.6667 (biased: divided by B = 3)
     * feature 1: mean 6, deviations -4, 0, 4, var 32/3 = 10.667. */
    const float x[6] = {1, 2, 3, 6, 5, 10};
    float mean[2] = {-1, -1}, var[2] = {-1, -1};
    batchnorm_statistics(mean, var, x, 3, 2);
    const double expected_mean[2] = {3.0, 6.0}, expected_var[2] = {8.0 / 3.0, 32.0 / 3.0};
    for (int j = 0; j < 2; j++) {
        struct at where = AT("batchnorm_statistics", BN_SECTION);
        where.quantity = "mean";
        where.index = j;
        where.hint = fabs(mean[j] - (j == 0 ? 1.5 : 2.0 + 2.0 / 3.0)) < 1e-4
                         ? "you averaged along the wrong axis: the mean of feature j is over "
                           "the batch, x[b * features + j] for b < batch"
                         : "mean[j] = (1/B) sum over the batch of x[b * features + j]";
        expect_close(where, expected_mean[j], mean[j]);
        where.quantity = "var";
        if (fabs(var[j] - expected_var[j] * 1.5) < 1e-4)
            where.hint = "this is the unbiased variance (divided by B - 1): batch "
                         "normalization divides by B";
        else if (fabs(var[j] - sqrt(expected_var[j])) < 1e-4)
            where.hint = "this is the standard deviation: var is its square";
        else
            where.hint = "var[j] = (1/B) sum_b (x[b,j] - mean[j])^2";
        expect_close(where, expected_var[j], var[j]);
    }
}

static void test_batchnorm_statistics_large_offset(void **state)
{
    (void)state;
    /* x = 4096 + (0.25, 0.5, 0.75, 1) (exact floats): mean 4096.625,
     * deviations -0.375, -0.125, 0.125, 0.375, var = 2 (0.140625 + 0.015625)
     * / 4 = 0.078125. E[x^2] - E[x]^2 in float loses all of it (x^2 is
     * about 1.7e7, where a float's spacing is 2); two passes in double
     * keep it. */
    const float x[4] = {4096.25f, 4096.5f, 4096.75f, 4097.0f};
    float mean[1], var[1];
    batchnorm_statistics(mean, var, x, 4, 1);
    struct at where = AT("batchnorm_statistics", BN_SECTION);
    where.quantity = "mean";
    where.hint = "sum in double and divide by B";
    expect_close(where, 4096.625, mean[0]);
    where.quantity = "var of 4096 + (0.25, 0.5, 0.75, 1)";
    where.hint = "subtract the mean first, then square (two passes, in double): "
                 "E[x^2] - E[x]^2 cancels catastrophically";
    expect_close_tol(where, 0.078125, var[0], 1e-4, 0.0);
}

/* ---- batchnorm_update_running --------------------------------------------------- */

static void test_batchnorm_update_running_hand_example(void **state)
{
    (void)state;
    /* PyTorch starts running_mean at 0 and running_var at 1. The batch of
     * the hand example above (B = 3): mean (3, 6), biased var (8/3, 32/3),
     * unbiased var = var * 3/2 = (4, 16). With momentum 0.1:
     *   running_mean = 0.9 * 0 + 0.1 * (3, 6)  = (0.3, 0.6)
     *   running_var  = 0.9 * 1 + 0.1 * (4, 16) = (1.3, 2.5)
     * A second batch with the same statistics:
     *   running_mean = 0.9 * (0.3, 0.6) + 0.1 * (3, 6) = (0.57, 1.14)
     *   running_var  = 0.9 * (1.3, 2.5) + 0.1 * (4, 16) = (1.57, 3.85) */
    float running_mean[2] = {0, 0}, running_var[2] = {1, 1};
    const float mean[2] = {3, 6}, var[2] = {8.0f / 3.0f, 32.0f / 3.0f};
    const double after[2][2][2] = {{{0.3, 0.6}, {1.3, 2.5}}, {{0.57, 1.14}, {1.57, 3.85}}};
    for (int step = 0; step < 2; step++) {
        batchnorm_update_running(running_mean, running_var, mean, var, 3, 2, 0.1f);
        for (int j = 0; j < 2; j++) {
            struct at where = AT("batchnorm_update_running", RUNNING_SECTION);
            where.step = step + 1;
            where.index = j;
            where.quantity = "running_mean";
            where.hint = step == 0 && fabs(running_mean[j] - 0.9 * mean[j]) < 1e-4
                             ? "momentum weighs the NEW batch statistic (PyTorch's "
                               "convention): running = (1 - momentum) running + momentum mean"
                             : "running_mean = (1 - momentum) running_mean + momentum mean";
            expect_close(where, after[step][0][j], running_mean[j]);
            where.quantity = "running_var";
            if (step == 0 && fabs(running_var[j] - (0.9 + 0.1 * var[j])) < 1e-4)
                where.hint = "the running variance averages the UNBIASED batch variance, "
                             "var * B / (B - 1)";
            else if (step == 0 && fabs(running_var[j] - (0.9 + 0.1 * var[j] * 3.0 / 2.0 * 3.0 / 2.0)) < 1e-4)
                where.hint = "var is already biased (divided by B): multiply it by B / (B - 1) once";
            else
                where.hint = "running_var = (1 - momentum) running_var + momentum var B / (B - 1)";
            expect_close(where, after[step][1][j], running_var[j]);
        }
    }
}

static void test_batchnorm_update_running_batch_of_one(void **state)
{
    (void)state;
    /* B = 1: var * B / (B - 1) would divide by zero; the lesson's rule
     * keeps running_var and still updates running_mean:
     *   running_mean = 0.5 * 2 + 0.5 * 4 = 3 (momentum 0.5). */
    float running_mean[1] = {2}, running_var[1] = {0.75f};
    const float mean[1] = {4}, var[1] = {0};
    batchnorm_update_running(running_mean, running_var, mean, var, 1, 1, 0.5f);
    struct at where = AT("batchnorm_update_running", RUNNING_SECTION);
    where.quantity = "running_var after a batch of one";
    where.hint = "with B = 1 the unbiased variance is undefined: leave running_var as it is";
    expect_exact(where, 0.75f, running_var[0]);
    where.quantity = "running_mean after a batch of one";
    where.hint = "the mean is still updated when B = 1";
    expect_close(where, 3.0, running_mean[0]);
}

/* ---- batchnorm_normalize -------------------------------------------------------- */

static void test_batchnorm_normalize_hand_example(void **state)
{
    (void)state;
    /* The batch of the hand example, mean (3, 6), var (8/3, 32/3), eps = 0
     * for the hand: x_hat = (-2, 0, 2) / sqrt(8/3) = (-1, 0, 1) sqrt(3/2)
     * and (-4, 0, 4) / sqrt(32/3) = the same, (-1.2247, 0, 1.2247).
     * gamma = (2, 0.5), beta = (1, -1):
     *   y feature 0 = 1 + 2 x_hat  = (-1.4495, 1, 3.4495)
     *   y feature 1 = -1 + x_hat/2 = (-1.6124, -1, -0.38763) */
    const float x[6] = {1, 2, 3, 6, 5, 10};
    const float mean[2] = {3, 6}, var[2] = {8.0f / 3.0f, 32.0f / 3.0f};
    const float gamma[2] = {2.0f, 0.5f}, beta[2] = {1.0f, -1.0f};
    float y[6], x_hat[6];
    batchnorm_normalize(y, x_hat, x, mean, var, gamma, beta, 3, 2, 0.0f);
    const double r = sqrt(1.5);
    const double expected_x_hat[6] = {-r, -r, 0, 0, r, r};
    for (int i = 0; i < 6; i++) {
        int j = i % 2;
        char name[64];
        struct at where = AT("batchnorm_normalize", BN_SECTION);
        where.quantity = example_feature(name, sizeof name, "x_hat", (size_t)i, 2);
        if (fabs(x_hat[i] - expected_x_hat[i] / sqrt(var[j])) < 1e-4 && i / 2 != 1)
            where.hint = "divide by the standard deviation sqrt(var + eps), not by var";
        else
            where.hint = "x_hat[b,j] = (x[b,j] - mean[j]) / sqrt(var[j] + eps)";
        expect_close(where, expected_x_hat[i], x_hat[i]);
        where.quantity = example_feature(name, sizeof name, "y", (size_t)i, 2);
        where.hint = "y[b,j] = gamma[j] * x_hat[b,j] + beta[j], gamma and beta per feature j";
        expect_close(where, beta[j] + gamma[j] * expected_x_hat[i], y[i]);
    }
}

static void test_batchnorm_normalize_eps_and_evaluation(void **state)
{
    (void)state;
    /* A constant feature: var 0, so only eps keeps 0/0 away:
     * x_hat = 0 / sqrt(0 + 1e-5) = 0 and y = beta = 0.25.
     * Evaluation: one example x = (1, 2) with the running statistics of the
     * running-statistics hand example, mean (0.3, 0.6), var (1.3, 2.5):
     *   y = (1 - 0.3) / sqrt(1.3 + 1e-5) = 0.61394...,
     *       (2 - 0.6) / sqrt(2.5 + 1e-5) = 0.88544...   (gamma 1, beta 0);
     * x_hat is NULL, as the trainer passes at evaluation. */
    const float x[3] = {5, 5, 5}, mean[1] = {5}, var[1] = {0}, gamma[1] = {3}, beta[1] = {0.25f};
    float y[3], x_hat[3];
    batchnorm_normalize(y, x_hat, x, mean, var, gamma, beta, 3, 1, BATCHNORM_EPS);
    for (int b = 0; b < 3; b++) {
        struct at where = AT("batchnorm_normalize", BN_SECTION);
        where.quantity = "y for a constant feature";
        where.index = b;
        where.hint = isnan(y[b]) ? "0/0: add eps to the variance under the square root"
                                 : "a constant feature normalizes to 0, so y = beta";
        expect_close(where, 0.25, y[b]);
    }
    const float one[2] = {1, 2}, running_mean[2] = {0.3f, 0.6f}, running_var[2] = {1.3f, 2.5f};
    const float ones[2] = {1, 1}, zeros[2] = {0, 0};
    float out[2];
    batchnorm_normalize(out, NULL, one, running_mean, running_var, ones, zeros, 1, 2,
                        BATCHNORM_EPS);
    for (int j = 0; j < 2; j++) {
        double expected = (one[j] - (double)running_mean[j]) /
                          sqrt((double)running_var[j] + (double)BATCHNORM_EPS);
        struct at where = AT("batchnorm_normalize", BN_SECTION);
        where.quantity = "y at evaluation (running statistics, x_hat NULL)";
        where.index = j;
        where.hint = "normalize with the statistics you are given; x_hat may be NULL";
        expect_close(where, expected, out[j]);
    }
}

static void test_batchnorm_normalize_rounding(void **state)
{
    (void)state;
    /* lesson17.h fixes the rounding: x_hat is rounded to float, then
     * y = gamma * x_hat + beta is computed in float. Two features, one
     * example, eps = 0 and var = 1, so sqrt(var + eps) = 1 exactly and
     * x_hat = x - mean; every number below is a power of two or 1 plus one,
     * written in hexadecimal floats (0x1p-30 = 2^-30).
     * Feature 0: x = 1, mean = -2^-30. In double x - mean = 1 + 2^-30
     *   exactly (53 bits hold it); rounded to float it is 1, since 2^-30 is
     *   below half the float spacing at 1 (2^-24). gamma = 1, beta = -1:
     *     float:  1 * 1 - 1 = +0 exactly              (bits 0x00000000)
     *     double: (1 + 2^-30) - 1 = 2^-30, to float   (bits 0x30800000)
     * Feature 1: x = 1 + 2^-23 (a float), mean = 0, so x_hat = 1 + 2^-23;
     *   gamma = 1 + 2^-23, beta = -(1 + 2^-22). The exact product is
     *   1 + 2^-22 + 2^-46, which rounds to the float 1 + 2^-22:
     *     float:  (1 + 2^-22) - (1 + 2^-22) = +0       (bits 0x00000000)
     *     double (or a fused multiply-add): 2^-46      (bits 0x28800000)
     * x_hat itself is 1 and 1 + 2^-23 in both cases. */
    const float x[2] = {1.0f, 1.0f + 0x1p-23f}, mean[2] = {-0x1p-30f, 0.0f};
    const float var[2] = {1.0f, 1.0f}, gamma[2] = {1.0f, 1.0f + 0x1p-23f};
    const float beta[2] = {-1.0f, -(1.0f + 0x1p-22f)};
    const float expected_x_hat[2] = {1.0f, 1.0f + 0x1p-23f};
    const float in_double[2] = {0x1p-30f, 0x1p-46f};
    float y[2] = {9, 9}, x_hat[2] = {9, 9};
    batchnorm_normalize(y, x_hat, x, mean, var, gamma, beta, 1, 2, 0.0f);
    for (int j = 0; j < 2; j++) {
        char name[64];
        struct at where = AT("batchnorm_normalize", BN_SECTION);
        where.quantity = example_feature(name, sizeof name, "x_hat", (size_t)j, 2);
        where.hint = "x_hat = (x - mean) / sqrt(var + eps) in double, rounded once to float";
        expect_exact(where, expected_x_hat[j], x_hat[j]);
        where.quantity = example_feature(name, sizeof name, "y", (size_t)j, 2);
        if (y[j] == in_double[j] && j == 0)
            where.hint = "you computed y in double from the unrounded x_hat: round x_hat to "
                         "float first, then y = gamma * x_hat + beta in float (lesson17.h)";
        else if (y[j] == in_double[j])
            where.hint = "you computed gamma * x_hat + beta in double (or with fma): in float "
                         "the product is rounded before beta is added (lesson17.h)";
        else
            where.hint = "y = gamma[j] * x_hat[b,j] + beta[j] in float, from the float x_hat";
        expect_exact(where, 0.0f, y[j]);
    }
}

/* ---- batchnorm_backward --------------------------------------------------------- */

static void test_batchnorm_backward_hand_example(void **state)
{
    (void)state;
    /* One feature, B = 3, x = (-1, 0, 1): mean 0, var 2/3, eps = 0,
     * x_hat = (-1, 0, 1) / sqrt(2/3) = (-r, 0, r), r = sqrt(3/2) = 1.2247.
     * gamma = 1, dy = (1, 0, 0):
     *   dbeta  = sum dy = 1,   dgamma = sum dy x_hat = -r
     *   dx = 1 / (3 sqrt(2/3)) (3 dy - 1 - x_hat (-r))
     *      = 0.40825 ((3 - 1 - 1.5), (0 - 1 + 0), (0 - 1 + 1.5))
     *      = (0.20412, -0.40825, 0.20412)
     * (without the two sums dx would be (1.2247, 0, 0): the gradient that
     * forgets that the mean and the variance depend on x). dgamma and dbeta
     * start at 0.5 and -0.5: they are added to. */
    const double r = sqrt(1.5);
    const float x_hat[3] = {(float)-r, 0.0f, (float)r}, dy[3] = {1, 0, 0};
    const float var[1] = {2.0f / 3.0f}, gamma[1] = {1.0f};
    float dx[3] = {9, 9, 9}, dgamma[1] = {0.5f}, dbeta[1] = {-0.5f};
    batchnorm_backward(dx, dgamma, dbeta, dy, x_hat, var, gamma, 3, 1, 0.0f);
    const double k = 1.0 / (3.0 * sqrt(2.0 / 3.0));
    const double expected[3] = {k * 0.5, -k, k * 0.5};
    struct at where = AT("batchnorm_backward", BACKWARD_SECTION);
    where.quantity = "dbeta (it started at -0.5)";
    where.hint = fabs(dbeta[0] - 1.0) < 1e-6 ? "add to dbeta; do not overwrite it"
                                              : "dbeta[j] += sum over the batch of dy";
    expect_close(where, 0.5, dbeta[0]);
    where.quantity = "dgamma (it started at 0.5)";
    where.hint = fabs(dgamma[0] + r) < 1e-5 ? "add to dgamma; do not overwrite it"
                                             : "dgamma[j] += sum over the batch of dy * x_hat";
    expect_close(where, 0.5 - r, dgamma[0]);
    for (int b = 0; b < 3; b++) {
        char name[64];
        where.quantity = example_feature(name, sizeof name, "dx", (size_t)b, 1);
        if (fabs(dx[0] - r) < 1e-4)
            where.hint = "this is gamma * dy / sqrt(var + eps) alone: the mean and the "
                         "variance depend on x too, hence the two sums";
        else
            where.hint = "dx = gamma / (B sqrt(var + eps)) (B dy - sum dy - x_hat sum dy x_hat)";
        expect_close(where, expected[b], dx[b]);
    }
}

/* The loss of the batch-norm gradient checks: the forward pass of
 * training-mode batch normalization in double (statistics of the batch
 * itself, eps), then L = sum_i c_i y_i. */
struct bn_loss {
    const float *x, *gamma, *beta, *c;
    size_t batch, features;
    float eps;
};

static double bn_loss_value(void *context)
{
    const struct bn_loss *d = context;
    double loss = 0.0;
    for (size_t j = 0; j < d->features; j++) {
        double mean, var;
        oracle_statistics(d->x, d->batch, d->features, j, &mean, &var);
        for (size_t b = 0; b < d->batch; b++) {
            size_t i = b * d->features + j;
            double x_hat = (d->x[i] - mean) / sqrt(var + (double)d->eps);
            loss += (double)d->c[i] * ((double)d->gamma[j] * x_hat + (double)d->beta[j]);
        }
    }
    return loss;
}

/* Checks analytic (n values: dx [batch, features] when per_example, else
 * dgamma or dbeta [features]) against central differences of the loss in
 * values; a failure names the worst element by example and feature. */
static void check_gradient(const char *what, float *values, const float *analytic, size_t n,
                           int per_example, struct bn_loss *loss, double limit)
{
    const struct gradcheck_options options = {.step = 1e-2f, .floor = 1e-3, .samples = 0};
    struct gradcheck_report report;
    double error = gradcheck(values, analytic, n, bn_loss_value, loss, &options, NULL, &report);
    char name[96];
    if (per_example)
        example_feature(name, sizeof name, what, report.worst_index, loss->features);
    else
        snprintf(name, sizeof name, "%s (feature %zu)", what, report.worst_index);
    struct at where = AT("batchnorm_backward", BACKWARD_SECTION);
    where.quantity = name;
    where.hint = "the backward pass must be the derivative of the forward pass: compare "
                 "your formula with the section's derivation term by term";
    expect_that(where, error < limit,
                "%g against the finite difference %g (relative error %.2g)",
                report.worst_analytic, report.worst_numeric, error);
}

static void test_batchnorm_backward_gradient_check(void **state)
{
    (void)state;
    /* B = 5 examples, 3 features; x, gamma, beta and the weights c of
     * L = sum c y drawn from a fixed seed. The forward pass is the oracle's
     * (so this tests your backward pass alone); dx, dgamma and dbeta must
     * match central differences of L in x, gamma and beta. */
    enum { B = 5, F = 3, N = B * F };
    float x[N], c[N], gamma[F], beta[F], x_hat[N], var[F];
    struct rng rng;
    rng_seed(&rng, 2015, 17);
    for (int i = 0; i < N; i++) {
        x[i] = rng_range(&rng, -2.0f, 3.0f);
        c[i] = rng_range(&rng, -1.0f, 1.0f);
    }
    for (int j = 0; j < F; j++) {
        gamma[j] = rng_range(&rng, 0.5f, 2.0f);
        beta[j] = rng_range(&rng, -1.0f, 1.0f);
        double mean, v;
        oracle_statistics(x, B, F, (size_t)j, &mean, &v);
        var[j] = (float)v;
        for (int b = 0; b < B; b++)
            x_hat[b * F + j] = (float)((x[b * F + j] - mean) / sqrt(v + BATCHNORM_EPS));
    }
    float dx[N], dgamma[F] = {0}, dbeta[F] = {0};
    batchnorm_backward(dx, dgamma, dbeta, c, x_hat, var, gamma, B, F, BATCHNORM_EPS);
    struct bn_loss loss = {x, gamma, beta, c, B, F, BATCHNORM_EPS};
    check_gradient("dx", x, dx, N, 1, &loss, 2e-3);
    check_gradient("dgamma", gamma, dgamma, F, 0, &loss, 2e-3);
    check_gradient("dbeta", beta, dbeta, F, 0, &loss, 2e-3);
}

/* ---- Questions: the lesson's checked exercises ------------------------------------
 * The right answers are not in this file: only their hashes (see harness.h,
 * "Questions"). The hidden tests check the values themselves. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 3, 0xea9254c822777c9bULL,
                         "how many times larger the test-time input is without the scale "
                         "(3 significant digits)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0x7a1fbaab01024807ULL,
                         "running_var after ten batches (3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 2, 0xd83099e6b35e3150ULL,
                         "the batches until running_mean is within 1% (2 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 2, 0xa83eaf16477eca5aULL,
                         "the factor on the gradient of the fc1 weights (2 significant "
                         "digits)");
}

static const struct harness_test tests[] = {
    {"dropout_forward_hand_example", test_dropout_forward_hand_example, 10, 2,
     "p = 0.5 on 1..8: the mask replayed from the generator, kept units doubled"},
    {"dropout_forward_scale_and_rate", test_dropout_forward_scale_and_rate, 8, 5,
     "p = 0.2 on 20 000 ones: values 0 or 1.25, about 80 % kept; p = 0 is the identity"},
    {"dropout_forward_same_seed_same_mask", test_dropout_forward_same_seed_same_mask, 6, 2,
     "the same seed gives the same mask, another seed another"},
    {"dropout_forward_evaluation_is_identity", test_dropout_forward_evaluation_is_identity, 8,
     2, "training = 0: y = x bit for bit, no draw, mask untouched or NULL"},
    {"dropout_backward_hand_example", test_dropout_backward_hand_example, 6, 2,
     "dy through the mask and the scale 2, by hand"},
    {"dropout_backward_gradient_check", test_dropout_backward_gradient_check, 8, 2,
     "dx against finite differences of the forward pass with the same mask"},
    {"batchnorm_statistics_hand_example", test_batchnorm_statistics_hand_example, 8, 2,
     "mean (3, 6) and biased variance (8/3, 32/3) of a 3 x 2 batch"},
    {"batchnorm_statistics_large_offset", test_batchnorm_statistics_large_offset, 5, 2,
     "4096 + small values: two passes in double keep the variance"},
    {"batchnorm_update_running_hand_example", test_batchnorm_update_running_hand_example, 10,
     2, "two updates as torch.nn.BatchNorm1d: (0.3, 0.6), (1.3, 2.5), then (0.57, 1.14), "
     "(1.57, 3.85)"},
    {"batchnorm_update_running_batch_of_one", test_batchnorm_update_running_batch_of_one, 4,
     2, "B = 1 leaves running_var and updates running_mean"},
    {"batchnorm_normalize_hand_example", test_batchnorm_normalize_hand_example, 8, 2,
     "x_hat = (-1, 0, 1) sqrt(3/2), then gamma and beta per feature"},
    {"batchnorm_normalize_eps_and_evaluation", test_batchnorm_normalize_eps_and_evaluation, 6,
     2, "a constant feature gives beta; evaluation with running statistics, x_hat NULL"},
    {"batchnorm_normalize_rounding", test_batchnorm_normalize_rounding, 4, 2,
     "x_hat rounded to float, then y in float: bit for bit, by hand"},
    {"batchnorm_backward_hand_example", test_batchnorm_backward_hand_example, 10, 2,
     "B = 3 by hand: dx = (0.204, -0.408, 0.204); dgamma and dbeta added to"},
    {"batchnorm_backward_gradient_check", test_batchnorm_backward_gradient_check, 10, 5,
     "dx, dgamma, dbeta against finite differences of the forward pass"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: dropout without its scale"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: running_var after ten batches"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: how slowly running_mean follows"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: batch norm and the weights' scale"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
