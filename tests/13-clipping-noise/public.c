/* Lesson 13, public tests: gradient clipping and gradient noise.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * comes from a formula of the lesson evaluated here in double precision, or
 * was produced by PyTorch (tests/13-clipping-noise/reference/); none is
 * produced by the code under test. */
#include "harness.h"
#include "lessons.h"
#include "lesson13.h"

#include <math.h>
#include <string.h>

#include "reference/reference.h"

#define NORM_SECTION "Clipping by norm"
#define VALUE_SECTION "Clipping by value"
#define NOISE_SECTION "The noise schedule"

/* ---- clip_by_norm ----------------------------------------------------------- */

static void expect_norm_returned(double expected, double got, const char *hint)
{
    struct at where = AT("clip_by_norm", NORM_SECTION);
    where.quantity = "the returned norm";
    where.hint = hint;
    expect_close(where, expected, got);
}

/* Checks g against expected, element by element; picks a hint by comparing
 * g with what the common mistakes would give. */
static void expect_clipped(const float *expected, const float *g, const float *before,
                           size_t n, double max_norm, const char *case_hint)
{
    /* What "scale = max_norm / norm" (no 1e-6) and "no clipping" would give. */
    double norm = 0.0;
    for (size_t i = 0; i < n; i++)
        norm += (double)before[i] * before[i];
    norm = sqrt(norm);
    int unchanged = 1, without_eps = 1, clamped = 1;
    for (size_t i = 0; i < n; i++) {
        if (g[i] != before[i])
            unchanged = 0;
        if (fabs(g[i] - before[i] * max_norm / norm) > 1e-7 * fabs(before[i] * max_norm / norm))
            without_eps = 0;
        float c = before[i] > (float)max_norm ? (float)max_norm
                  : before[i] < -(float)max_norm ? -(float)max_norm : before[i];
        if (g[i] != c)
            clamped = 0;
    }
    for (size_t i = 0; i < n; i++) {
        struct at where = AT("clip_by_norm", NORM_SECTION);
        where.quantity = "g";
        where.index = (long)i;
        if (clamped && !unchanged)
            where.hint = "you clamped each element to [-max_norm, max_norm]: that is clipping "
                         "by value; clipping by norm multiplies every element by one factor";
        else if (unchanged)
            where.hint = "g was not changed: scale it whenever max_norm / (norm + 1e-6) < 1 "
                         "(compare that factor with 1, not the norm with max_norm)";
        else if (without_eps)
            where.hint = "this is g * max_norm / norm: the factor is max_norm / (norm + 1e-6)";
        else
            where.hint = case_hint;
        expect_close_tol(where, expected[i], g[i], 1e-6, 1e-12);
    }
}

static void test_clip_by_norm_below_the_threshold(void **state)
{
    (void)state;
    /* g = (3, 4): norm = sqrt(9 + 16) = 5. max_norm = 10: the factor
     * 10 / 5.000001 = 1.9999996 is above 1, so g is left exactly as it is
     * (clipping never makes a gradient longer). */
    float g[2] = {3.0f, 4.0f};
    double norm = clip_by_norm(g, 2, 10.0);
    expect_norm_returned(5.0, norm, "the norm of (3, 4) is 5: sqrt of the sum of squares");
    for (int i = 0; i < 2; i++) {
        struct at where = AT("clip_by_norm", NORM_SECTION);
        where.quantity = "g";
        where.index = i;
        where.hint = fabs(g[i] - (i == 0 ? 6.0 : 8.0)) < 1e-5
                         ? "you made g longer: multiply only when the factor is below 1"
                         : "a gradient shorter than max_norm must not change at all";
        expect_exact(where, i == 0 ? 3.0f : 4.0f, g[i]);
    }
}

static void test_clip_by_norm_above_the_threshold(void **state)
{
    (void)state;
    /* g = (3, 4), norm 5, max_norm = 1: factor 1 / (5 + 1e-6) = 0.19999996,
     * g becomes (0.59999988, 0.79999984), whose length is 0.9999998. */
    float g[2] = {3.0f, 4.0f};
    const float before[2] = {3.0f, 4.0f};
    const float expected[2] = {(float)(3.0 / 5.000001), (float)(4.0 / 5.000001)};
    double norm = clip_by_norm(g, 2, 1.0);
    expect_norm_returned(5.0, norm,
                         fabs(norm - 1.0) < 1e-5
                             ? "you returned the norm after clipping: return it from before"
                             : "return sqrt(sum of g[i]^2) as it was before clipping");
    expect_clipped(expected, g, before, 2, 1.0, "each g[i] becomes g[i] * max_norm / (norm + 1e-6)");

    /* g = (6, -8, 0), norm 10, max_norm = 2.5: factor 2.5 / 10.000001,
     * g becomes (1.49999985, -1.9999998, 0). */
    float h[3] = {6.0f, -8.0f, 0.0f};
    const float h_before[3] = {6.0f, -8.0f, 0.0f};
    const float h_expected[3] = {(float)(6.0 * 2.5 / 10.000001),
                                 (float)(-8.0 * 2.5 / 10.000001), 0.0f};
    norm = clip_by_norm(h, 3, 2.5);
    expect_norm_returned(10.0, norm, "the norm of (6, -8, 0) is 10");
    expect_clipped(h_expected, h, h_before, 3, 2.5,
                   "each g[i] becomes g[i] * max_norm / (norm + 1e-6), the sign kept");
}

static void test_clip_by_norm_the_1e6(void **state)
{
    (void)state;
    /* Small gradients show the 1e-6. g = (3, 4) / 1024 (exact in float),
     * norm = 5/1024 = 0.0048828125 exactly.
     * At the threshold, max_norm = 5/1024: the factor is
     *   0.0048828125 / 0.0048838125 = 0.99979525 < 1,
     * so torch scales g even here (tests/13-clipping-noise/reference: the
     * torch_norm_tiny case, (0.00292908773, 0.00390545023)). */
    float g[2] = {3.0f / 1024, 4.0f / 1024};
    const float before[2] = {3.0f / 1024, 4.0f / 1024};
    const double at_factor = (5.0 / 1024) / (5.0 / 1024 + 1e-6);
    const float at_expected[2] = {(float)(before[0] * at_factor), (float)(before[1] * at_factor)};
    double norm = clip_by_norm(g, 2, 5.0 / 1024);
    expect_norm_returned(5.0 / 1024, norm, "the norm of (3, 4)/1024 is 5/1024");
    expect_clipped(at_expected, g, before, 2, 5.0 / 1024,
                   "at norm == max_norm the factor max_norm / (norm + 1e-6) is below 1");

    /* Above it, max_norm = 1/1024: factor (1/1024) / (5/1024 + 1e-6)
     * = 0.19995905, not 0.2. */
    memcpy(g, before, sizeof g);
    const double above_factor = (1.0 / 1024) / (5.0 / 1024 + 1e-6);
    const float above_expected[2] = {(float)(before[0] * above_factor),
                                     (float)(before[1] * above_factor)};
    clip_by_norm(g, 2, 1.0 / 1024);
    expect_clipped(above_expected, g, before, 2, 1.0 / 1024,
                   "the factor is max_norm / (norm + 1e-6), with the 1e-6 added to the norm");
}

static void test_clip_by_norm_keeps_the_direction(void **state)
{
    (void)state;
    /* 50 elements g_i = sin(1.7 i) * (1 + i), max_norm = 0.5. After clipping
     * every ratio g_after[i] / g_before[i] must be the same number,
     * 0.5 / (norm + 1e-6), so the direction (g / |g|) is unchanged and the
     * new length is 0.5 * norm / (norm + 1e-6). norm is computed here. */
    enum { N = 50 };
    float g[N], before[N];
    double norm = 0.0;
    for (int i = 0; i < N; i++) {
        before[i] = g[i] = (float)(sin(1.7 * i) * (1.0 + i));
        norm += (double)before[i] * before[i];
    }
    norm = sqrt(norm);
    const double factor = 0.5 / (norm + 1e-6);
    clip_by_norm(g, N, 0.5);
    double new_norm = 0.0;
    for (int i = 0; i < N; i++) {
        new_norm += (double)g[i] * g[i];
        if (before[i] == 0.0f)
            continue;
        struct at where = AT("clip_by_norm", NORM_SECTION);
        where.quantity = "g[i] after / g[i] before";
        where.index = i;
        where.hint = "every element must be multiplied by the same factor, "
                     "max_norm / (norm + 1e-6): that keeps the direction";
        expect_close_tol(where, factor, g[i] / before[i], 1e-6, 0.0);
    }
    struct at where = AT("clip_by_norm", NORM_SECTION);
    where.quantity = "the norm after clipping";
    where.hint = "after clipping, |g| = max_norm * norm / (norm + 1e-6), just below max_norm";
    expect_close_tol(where, 0.5 * norm / (norm + 1e-6), sqrt(new_norm), 1e-6, 0.0);
}

static void test_clip_by_norm_sums_in_double(void **state)
{
    (void)state;
    /* (1e20, 1e20): the squares, 1e40, overflow float but not double. The
     * norm is sqrt(2) * 1e20 and, with max_norm = 1, each element becomes
     * 1e20 / (sqrt(2) * 1e20 + 1e-6) = 0.70710678. */
    float g[2] = {1e20f, 1e20f};
    double norm = clip_by_norm(g, 2, 1.0);
    expect_norm_returned(sqrt(2.0) * (double)1e20f, norm,
                         "square and add in double: (double)g[i] * g[i]; 1e40 overflows float");
    for (int i = 0; i < 2; i++) {
        struct at where = AT("clip_by_norm", NORM_SECTION);
        where.quantity = "g";
        where.index = i;
        where.hint = "a huge gradient must come out with length max_norm: sum in double";
        expect_close(where, 1.0 / sqrt(2.0), g[i]);
    }
}

static void test_clip_by_norm_edge_cases(void **state)
{
    (void)state;
    struct at where = AT("clip_by_norm", NORM_SECTION);
    /* n = 0: the empty sum is 0, its root 0, and nothing is touched. */
    float untouched[1] = {7.0f};
    where.quantity = "the returned norm with n = 0";
    where.hint = "an empty gradient has norm 0; loop over i < n only";
    expect_close(where, 0.0, clip_by_norm(untouched, 0, 1.0));
    where.quantity = "g[0] with n = 0";
    expect_exact(where, 7.0f, untouched[0]);

    /* A zero gradient: norm 0, factor max_norm / 1e-6 = 1e6 > 1: nothing
     * changes, and thanks to the 1e-6 there is no 0/0. */
    float zero[3] = {0.0f, 0.0f, 0.0f};
    where.quantity = "the returned norm of a zero gradient";
    where.hint = "the norm of (0, 0, 0) is 0";
    expect_close(where, 0.0, clip_by_norm(zero, 3, 1.0));
    for (int i = 0; i < 3; i++) {
        where.quantity = "g (a zero gradient)";
        where.index = i;
        where.hint = "a zero gradient stays zero: the 1e-6 keeps max_norm / (norm + 1e-6) finite";
        expect_exact(where, 0.0f, zero[i]);
    }
    /* max_norm = 0: factor 0 / (5 + 1e-6) = 0, every element becomes 0. */
    float g[2] = {3.0f, -4.0f};
    clip_by_norm(g, 2, 0.0);
    for (int i = 0; i < 2; i++) {
        where.quantity = "g with max_norm = 0";
        where.index = i;
        where.hint = "with max_norm = 0 the factor is 0: the gradient becomes zero";
        expect_close(where, 0.0, g[i]);
    }
}

static void test_clip_by_norm_non_finite(void **state)
{
    (void)state;
    /* The lesson's decision (section "Non-finite gradients"): a NaN or
     * infinite norm is returned as it is and g is left unchanged. */
    const float before[3] = {1.0f, NAN, 2.0f};
    float g[3] = {1.0f, NAN, 2.0f};
    double norm = clip_by_norm(g, 3, 1.0);
    struct at where = AT("clip_by_norm", "Non-finite gradients");
    where.quantity = "the returned norm with a NaN in g";
    where.hint = "a NaN element makes the norm NaN: return it, do not hide it";
    expect_that(where, isnan(norm), "expected NaN, got %g", norm);
    for (int i = 0; i < 3; i += 2) {
        where.quantity = "g (with a NaN in g[1])";
        where.index = i;
        where.hint = "when the norm is not finite, return before touching g";
        expect_exact(where, before[i], g[i]);
    }
    where.index = 1;
    where.hint = "a NaN element stays NaN";
    expect_that(where, isnan(g[1]), "expected g[1] to stay NaN, got %g", (double)g[1]);

    float h[3] = {1.0f, -INFINITY, 2.0f};
    norm = clip_by_norm(h, 3, 1.0);
    where = AT("clip_by_norm", "Non-finite gradients");
    where.quantity = "the returned norm with -inf in g";
    where.hint = "an infinite element makes the norm infinite: return it";
    expect_that(where, isinf(norm) && norm > 0, "expected +inf, got %g", norm);
    where.quantity = "g (with -inf in g[1])";
    where.hint = "with an infinite norm the factor would be 0: leave g unchanged instead";
    for (int i = 0; i < 3; i++) {
        where.index = i;
        expect_that(where, memcmp(&h[i], i == 1 ? &(float){-INFINITY} : &before[i],
                                  sizeof(float)) == 0,
                    "expected g[%d] unchanged, got %g", i, (double)h[i]);
    }
}

static void test_clip_by_norm_matches_torch(void **state)
{
    (void)state;
    /* torch.nn.utils.clip_grad_norm_ in float32 (reference/reference.h).
     * torch computes the norm in float, we in double: the two agree to a
     * few float roundings, hence a relative tolerance of 1e-6. */
    struct {
        const float *g, *clipped;
        size_t n;
        double max_norm, norm;
    } cases[] = {
        {torch_norm_clipped_g, torch_norm_clipped_clipped, 12, torch_norm_clipped_max_norm,
         torch_norm_clipped_norm},
        {torch_norm_kept_g, torch_norm_kept_clipped, 12, torch_norm_kept_max_norm,
         torch_norm_kept_norm},
        {torch_norm_tiny_g, torch_norm_tiny_clipped, 2, torch_norm_tiny_max_norm,
         torch_norm_tiny_norm},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        float g[12];
        memcpy(g, cases[c].g, cases[c].n * sizeof(float));
        double norm = clip_by_norm(g, cases[c].n, cases[c].max_norm);
        struct at where = AT("clip_by_norm", NORM_SECTION);
        where.quantity = "the returned norm (torch case)";
        where.step = (long)c + 1;
        where.unit = "case";
        where.hint = "return the norm before clipping";
        expect_close_tol(where, cases[c].norm, norm, 1e-6, 0.0);
        expect_clipped(cases[c].clipped, g, cases[c].g, cases[c].n, cases[c].max_norm,
                       "torch multiplies by min(1, max_norm / (norm + 1e-6))");
    }
}

/* ---- clip_by_value ---------------------------------------------------------- */

static void test_clip_by_value_hand_example(void **state)
{
    (void)state;
    /* limit 1: (-3, -0.5, 0, 0.5, 3, 1) -> (-1, -0.5, 0, 0.5, 1, 1).
     * (10, 1) -> (1, 1): the direction turned from almost along x to the
     * diagonal; clipping by value does not keep directions. */
    float g[8] = {-3.0f, -0.5f, 0.0f, 0.5f, 3.0f, 1.0f, 10.0f, 1.0f};
    const float before[8] = {-3.0f, -0.5f, 0.0f, 0.5f, 3.0f, 1.0f, 10.0f, 1.0f};
    const float expected[8] = {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.0f, 1.0f, 1.0f};
    clip_by_value(g, 8, 1.0f);
    for (int i = 0; i < 8; i++) {
        struct at where = AT("clip_by_value", VALUE_SECTION);
        where.quantity = "g";
        where.index = i;
        if (before[i] < -1.0f && g[i] == 1.0f)
            where.hint = "the lower bound is -limit: a large negative element becomes -limit";
        else if (before[i] < -1.0f && g[i] == before[i])
            where.hint = "clip both sides: elements below -limit become -limit";
        else if (fabsf(before[i]) <= 1.0f && g[i] != before[i])
            where.hint = "elements inside [-limit, limit] must not change";
        else
            where.hint = "each element on its own: min(max(g[i], -limit), limit)";
        expect_exact(where, expected[i], g[i]);
    }
}

static void test_clip_by_value_matches_torch(void **state)
{
    (void)state;
    /* torch.nn.utils.clip_grad_value_(p, 1.25) in float32: a clamp is
     * exact, so the results must agree bit for bit. */
    float g[12];
    memcpy(g, torch_value_g, sizeof g);
    clip_by_value(g, 12, torch_value_limit);
    for (int i = 0; i < 12; i++) {
        struct at where = AT("clip_by_value", VALUE_SECTION);
        where.quantity = "g";
        where.index = i;
        where.hint = "clamp each element to [-limit, limit], as torch.clamp does";
        expect_exact(where, torch_value_clipped[i], g[i]);
    }
}

static void test_clip_by_value_nan_stays_nan(void **state)
{
    (void)state;
    /* The lesson's decision: a NaN is not a large number, it stays NaN (as
     * torch.clamp leaves it). fmaxf(NaN, -1) would return -1 and hide it. */
    float g[4] = {NAN, 2.0f, -2.0f, 0.25f};
    clip_by_value(g, 4, 1.0f);
    struct at where = AT("clip_by_value", "Non-finite gradients");
    where.quantity = "g";
    where.index = 0;
    where.hint = "a NaN must stay NaN: fminf/fmaxf replace it by a number; "
                 "use the comparisons g[i] > limit and g[i] < -limit";
    expect_that(where, isnan(g[0]), "expected NaN to stay NaN, got %g", (double)g[0]);
    const float expected[3] = {1.0f, -1.0f, 0.25f};
    for (int i = 1; i < 4; i++) {
        where.index = i;
        where.hint = "the other elements are clipped as usual";
        expect_exact(where, expected[i - 1], g[i]);
    }
    /* n = 0 touches nothing. */
    float untouched[1] = {5.0f};
    clip_by_value(untouched, 0, 1.0f);
    where.quantity = "g[0] with n = 0";
    where.index = -1;
    where.hint = "with n = 0 there is nothing to clip";
    expect_exact(where, 5.0f, untouched[0]);
}

/* ---- Gradient noise --------------------------------------------------------- */

static void test_gradient_noise_std_schedule(void **state)
{
    (void)state;
    /* sigma_t = sqrt(eta / (1 + t)^gamma), t from 0:
     *   eta = 0.3, gamma = 0.55, t = 0:  sqrt(0.3) = 0.54772256
     *   t = 1:   sqrt(0.3 / 2^0.55)      = 0.45066...
     *   t = 99:  sqrt(0.3 / 100^0.55)    = sqrt(0.3) / 10^0.55 = 0.15446...
     *   gamma = 0: sqrt(0.3) at every t. (pow in double, here.) */
    struct { double eta, gamma; long t; } cases[] = {
        {0.3, 0.55, 0}, {0.3, 0.55, 1}, {0.3, 0.55, 99}, {1.0, 0.55, 1000}, {0.3, 0.0, 50},
        {0.01, 1.0, 3},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double eta = cases[c].eta, gamma = cases[c].gamma;
        long t = cases[c].t;
        double expected = sqrt(eta / pow(1.0 + (double)t, gamma));
        double got = gradient_noise_std(eta, gamma, t);
        struct at where = AT("gradient_noise_std", NOISE_SECTION);
        where.quantity = "sigma_t";
        where.step = t;
        if (fabs(got - sqrt(eta / pow(2.0 + (double)t, gamma))) < 1e-12 && gamma > 0)
            where.hint = "this is sigma at t + 1: t counts from 0, the formula uses (1 + t)";
        else if (fabs(got - eta / pow(1.0 + (double)t, gamma)) < 1e-12)
            where.hint = "this is the variance sigma_t^2: return its square root";
        else if (fabs(got - sqrt(eta) / pow(1.0 + (double)t, gamma)) < 1e-12 && gamma > 0)
            where.hint = "the square root covers the whole variance, (1 + t)^gamma included";
        else
            where.hint = "sigma_t = sqrt(eta / (1 + t)^gamma)";
        expect_close(where, expected, got);
    }
}

static void test_add_gradient_noise_replays_the_rng(void **state)
{
    (void)state;
    /* With a copy of the generator the test draws the same normals, in the
     * same order, and adds sigma * z itself:
     *   g[i] + sqrt(0.3 / 4^0.55) * z_i   for t = 3. */
    enum { N = 7 };
    const double eta = 0.3, gamma = 0.55;
    const long t = 3;
    const double sigma = sqrt(eta / pow(4.0, gamma));
    float g[N];
    const float before[N] = {0.5f, -1.0f, 0.0f, 2.0f, -0.25f, 1e-3f, 3.0f};
    memcpy(g, before, sizeof g);
    struct rng rng, copy;
    rng_seed(&rng, 2015, 13);
    copy = rng;
    add_gradient_noise(g, N, eta, gamma, t, &rng);
    for (int i = 0; i < N; i++) {
        double z = rng_normal(&copy);
        double expected = before[i] + sigma * z;
        struct at where = AT("add_gradient_noise", NOISE_SECTION);
        where.quantity = "g";
        where.index = i;
        if (fabs(g[i] - (before[i] + sigma * sigma * z)) < 1e-6)
            where.hint = "you multiplied z by the variance: multiply by sigma_t, its root";
        else if (fabs(g[i] - sigma * z) < 1e-6 && before[i] != 0.0f)
            where.hint = "add the noise to g[i]; do not replace g[i] by it";
        else if (fabs(g[i] - (before[i] + sqrt(eta / pow(5.0, gamma)) * z)) < 1e-6)
            where.hint = "this is sigma at t + 1: the first step is t = 0";
        else
            where.hint = "draw one rng_normal per element, in order i = 0, 1, ..., "
                         "and add sigma_t times it";
        expect_close_tol(where, expected, g[i], 1e-6, 1e-7);
    }
    struct at where = AT("add_gradient_noise", NOISE_SECTION);
    where.quantity = "the generator's state afterwards";
    where.hint = "draw exactly n normals, one per element, from the rng you are given";
    expect_that(where, rng.state == copy.state && rng.increment == copy.increment,
                "the generator advanced by a different number of draws than n = %d normals",
                N);
}

/* The sample variance of n float values, in double. */
static double sample_variance(const float *x, size_t n, double *mean)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    *mean = sum / (double)n;
    double squares = 0.0;
    for (size_t i = 0; i < n; i++)
        squares += (x[i] - *mean) * (x[i] - *mean);
    return squares / (double)(n - 1);
}

static void test_add_gradient_noise_has_the_scheduled_variance(void **state)
{
    (void)state;
    /* 100 000 draws on a zero gradient, fixed seed (so the test is
     * deterministic). For N normal samples the sample variance has a
     * relative standard error of sqrt(2 / (N - 1)) = 0.0045; we allow 2 %,
     * about 4.5 standard errors, and the mean within 4.5 * sigma / sqrt(N).
     * Expected variances: eta / (1 + t)^gamma = 1 at t = 0, and
     * 1 / 10^0.55 = 0.28184 at t = 9 (eta = 1, gamma = 0.55). */
    enum { N = 100000 };
    static float g[N];
    const long steps[2] = {0, 9};
    struct rng rng;
    rng_seed(&rng, 7, 55);
    for (int k = 0; k < 2; k++) {
        memset(g, 0, sizeof g);
        add_gradient_noise(g, N, 1.0, 0.55, steps[k], &rng);
        double expected = 1.0 / pow(1.0 + (double)steps[k], 0.55);
        double mean;
        double variance = sample_variance(g, N, &mean);
        struct at where = AT("add_gradient_noise", NOISE_SECTION);
        where.quantity = "the variance of the noise";
        where.step = steps[k];
        where.hint = fabs(variance - expected * expected) < 0.02 * expected * expected
                         ? "the variance came out as sigma^4: multiply z by sigma_t, not by sigma_t^2"
                         : "the noise must have variance eta / (1 + t)^gamma, t from 0";
        expect_close_tol(where, expected, variance, 0.02, 0.0);
        where.quantity = "the mean of the noise";
        where.hint = "the noise has mean 0: add sigma * z with z = rng_normal(rng)";
        expect_close_tol(where, 0.0, mean, 0.0, 4.5 * sqrt(expected / N));
    }
}

/* ---- Questions: the lesson's checked exercises ------------------------------------
 * The right answers are not in this file: only their hashes (see harness.h,
 * "Questions"). The hidden tests check the values themselves. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 2, 0xebceb78a776d0f10ULL,
                         "the largest step of clipping by norm with max_norm 5 (2 significant "
                         "digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0x9a9fdae8f9c05e35ULL,
                         "the angle between (10, 1) and its value-clipped version, in degrees "
                         "(3 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 2, 0xa0a10e7365264069ULL,
                         "the draws for a 0.5% tolerance (2 significant digits)");
}

static void test_question_ex5(void **state)
{
    (void)state;
    expect_answer_number("ex5", 3, 0x57a8d8aa79ade0dcULL,
                         "the first step with sigma_t at most sigma_0 / 10 (3 significant digits)");
}

static const struct harness_test tests[] = {
    {"clip_by_norm_below_the_threshold", test_clip_by_norm_below_the_threshold, 8, 2,
     "a gradient shorter than max_norm is left exactly as it is; the norm is returned"},
    {"clip_by_norm_above_the_threshold", test_clip_by_norm_above_the_threshold, 10, 2,
     "(3, 4) and (6, -8, 0) scaled by max_norm / (norm + 1e-6), by hand"},
    {"clip_by_norm_the_1e6", test_clip_by_norm_the_1e6, 10, 2,
     "small gradients: at and above the threshold, the 1e-6 shows"},
    {"clip_by_norm_keeps_the_direction", test_clip_by_norm_keeps_the_direction, 8, 2,
     "every element scaled by the same factor; new length just below max_norm"},
    {"clip_by_norm_sums_in_double", test_clip_by_norm_sums_in_double, 5, 2,
     "(1e20, 1e20) is clipped to length 1: squares summed in double"},
    {"clip_by_norm_edge_cases", test_clip_by_norm_edge_cases, 7, 2,
     "n = 0, a zero gradient, max_norm = 0"},
    {"clip_by_norm_non_finite", test_clip_by_norm_non_finite, 7, 2,
     "a NaN or inf element: the norm is returned, g is left unchanged"},
    {"clip_by_norm_matches_torch", test_clip_by_norm_matches_torch, 8, 2,
     "three cases against torch.nn.utils.clip_grad_norm_"},
    {"clip_by_value_hand_example", test_clip_by_value_hand_example, 10, 2,
     "element-wise clamp to [-1, 1], by hand"},
    {"clip_by_value_matches_torch", test_clip_by_value_matches_torch, 5, 2,
     "twelve elements against torch.nn.utils.clip_grad_value_, bit for bit"},
    {"clip_by_value_nan_stays_nan", test_clip_by_value_nan_stays_nan, 5, 2,
     "a NaN element stays NaN; n = 0 touches nothing"},
    {"gradient_noise_std_schedule", test_gradient_noise_std_schedule, 8, 2,
     "sigma_t = sqrt(eta / (1 + t)^gamma) at six (eta, gamma, t)"},
    {"add_gradient_noise_replays_the_rng", test_add_gradient_noise_replays_the_rng, 5, 2,
     "the exact samples of rng_normal, one per element, times sigma_t"},
    {"add_gradient_noise_has_the_scheduled_variance",
     test_add_gradient_noise_has_the_scheduled_variance, 4, 5,
     "100 000 draws: variance within 2 % of eta / (1 + t)^gamma at t = 0 and t = 9"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the largest clipped step"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: the angle clipping by value bends"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: draws for a tighter variance test"},
    {"question_ex5", test_question_ex5, 5, 2, "exercise 5: how slowly the noise anneals"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
