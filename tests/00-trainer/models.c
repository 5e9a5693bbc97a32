/* test_models.c -- the two networks: deterministic initialisation, the
 * whole model's gradient against finite differences, and the evaluation
 * functions. */
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "model.h"
#include "harness.h"
#include "test_util.h"

enum { BATCH = 4 };

/* A few random "images" and labels (random_examples, test_util.h). */
struct batch {
    float images[BATCH * MODEL_INPUTS];
    uint8_t labels[BATCH];
};

static void create(struct model *m, enum model_kind kind, size_t max_batch,
                   uint64_t seed)
{
    struct rng rng;
    struct error err;
    rng_seed(&rng, seed, 0);
    if (model_create(m, kind, max_batch, &rng, &err) != 0)
        fail_msg("model_create(%s) failed: %s", model_kind_name(kind), err.message);
}

static void check_parameter_count(enum model_kind kind, size_t expected)
{
    struct model m;
    create(&m, kind, 2, 1);
    check_close("param_count", 0, (double)m.param_count, (double)expected, 0.0);
    model_free(&m);
}

/* MLP: 784*128 + 128 + 128*10 + 10 = 101 770.
 * CNN: 8*1*5*5 + 8 + 16*8*5*5 + 16 + 10*256 + 10 = 5 994. */
static void test_parameter_counts(void **state)
{
    (void)state;
    check_parameter_count(MODEL_MLP, 101770);
    check_parameter_count(MODEL_CNN, 5994);
}

/* Same seed, same bits; another seed, other numbers. */
static void check_init_determinism(enum model_kind kind)
{
    struct model a, b, c;
    create(&a, kind, 3, 42);
    create(&b, kind, 5, 42); /* max_batch does not change the parameters */
    create(&c, kind, 3, 43);
    assert_int_equal(a.param_count, b.param_count);
    if (memcmp(a.params, b.params, a.param_count * sizeof(float)) != 0)
        fail_msg("%s: two models from seed 42 have different parameters",
                 model_kind_name(kind));
    if (memcmp(a.params, c.params, a.param_count * sizeof(float)) == 0)
        fail_msg("%s: seeds 42 and 43 gave the same parameters", model_kind_name(kind));
    for (size_t i = 0; i < a.param_count; i++)
        if (a.grads[i] != 0.0f)
            fail_msg("%s: grads[%zu] is %g after model_create, expected 0",
                     model_kind_name(kind), i, a.grads[i]);
    model_free(&a);
    model_free(&b);
    model_free(&c);
}

static void test_init_deterministic(void **state)
{
    (void)state;
    check_init_determinism(MODEL_MLP);
    check_init_determinism(MODEL_CNN);
}

/* He initialisation: the first 784*128 parameters of the MLP are fc1's
 * weights, drawn with std sqrt(2/784) = 0.0505; the next 128 are its
 * biases, all 0. With 100 352 draws the sample std is within 1%. */
static void test_init_he_scale(void **state)
{
    (void)state;
    struct model m;
    size_t n = 784 * 128;
    double sum = 0.0, sum_sq = 0.0;
    create(&m, MODEL_MLP, 1, 5);
    for (size_t i = 0; i < n; i++) {
        sum += m.params[i];
        sum_sq += (double)m.params[i] * m.params[i];
    }
    double mean = sum / (double)n;
    double std = sqrt(sum_sq / (double)n - mean * mean);
    check_close("fc1 weight mean", 0, mean, 0.0, 1e-3);
    check_close("fc1 weight std", 0, std, sqrt(2.0 / 784.0), 0.01 * sqrt(2.0 / 784.0));
    for (size_t i = n; i < n + 128; i++)
        check_close("fc1 bias", i - n, m.params[i], 0.0, 0.0);
    model_free(&m);
}

static void test_create_rejects_bad_arguments(void **state)
{
    (void)state;
    struct model m;
    struct rng rng;
    struct error err = {{0}};
    rng_seed(&rng, 1, 0);
    assert_int_equal(model_create(&m, MODEL_MLP, 0, &rng, &err), -1);
    assert_non_null(strstr(err.message, "max_batch"));
    assert_int_equal(model_create(&m, (enum model_kind)7, 4, &rng, &err), -1);
    assert_non_null(strstr(err.message, "kind"));
    model_free(&m); /* a failed create leaves a zeroed model: freeing is harmless */
}

/* The model's gradient against central differences of its loss, at 300
 * random parameters. The model computes in float, so the loss is rounded
 * by about 1e-7 and the central difference carries noise of about
 * 1e-7 / (2h) = 5e-5 with h = 1e-3; a floor of 1e-2 on the denominator keeps
 * that noise on near-zero gradients from looking like a relative error.
 * (A larger h is worse here: x +- h then crosses ReLU kinks and changes
 * max-pool winners.) Measured: worst 3e-3 for the MLP, 8e-3 for the CNN; a
 * wrong backward pass gives 0.1 to 1. */
static void check_model_gradient(enum model_kind kind)
{
    static struct batch b;
    struct model m;
    struct rng rng;
    struct gradcheck_report report;
    const struct gradcheck_options options = {1e-3f, 1e-2, 300};
    const double tolerance = 3e-2;
    random_examples(b.images, b.labels, BATCH, 3);
    create(&m, kind, BATCH, 9);
    rng_seed(&rng, 99, 0);

    double error = gradcheck_model(&m, b.images, b.labels, BATCH, &options, &rng, &report);
    if (!(error <= tolerance))
        fail_msg("%s: d loss / d params[%zu] is %.6g by backprop but %.6g by finite "
                 "differences (relative error %.2e, allowed %.0e)",
                 model_kind_name(kind), report.worst_index, report.worst_analytic,
                 report.worst_numeric, error, tolerance);
    print_message("%s: worst relative error %.2e over %zu parameters\n",
                  model_kind_name(kind), error, report.checked);
    model_free(&m);
}

static void test_mlp_gradient(void **state)
{
    (void)state;
    check_model_gradient(MODEL_MLP);
}

static void test_cnn_gradient(void **state)
{
    (void)state;
    check_model_gradient(MODEL_CNN);
}

/* model_loss_and_gradient: returns the same loss as model_loss on the same
 * batch, leaves the parameters alone, and gives the same gradient when
 * called twice (it zeroes the gradient first, so nothing piles up). */
static void check_loss_and_gradient_contract(enum model_kind kind)
{
    static struct batch b;
    struct model m;
    random_examples(b.images, b.labels, BATCH, 4);
    create(&m, kind, BATCH, 2);
    float *params_before = malloc(m.param_count * sizeof(float));
    float *grads_first = malloc(m.param_count * sizeof(float));
    assert_non_null(params_before);
    assert_non_null(grads_first);
    memcpy(params_before, m.params, m.param_count * sizeof(float));

    double loss = model_loss_and_gradient(&m, b.images, b.labels, BATCH);
    memcpy(grads_first, m.grads, m.param_count * sizeof(float));
    double again = model_loss_and_gradient(&m, b.images, b.labels, BATCH);

    assert_true(isfinite(loss));
    check_close("loss of the same batch twice", 0, again, loss, 0.0);
    check_close("model_loss vs model_loss_and_gradient", 0,
                model_loss(&m, b.images, b.labels, BATCH), loss, 1e-12);
    if (memcmp(grads_first, m.grads, m.param_count * sizeof(float)) != 0)
        fail_msg("%s: the gradient changed between two identical calls "
                 "(is it accumulating instead of starting from zero?)",
                 model_kind_name(kind));
    if (memcmp(params_before, m.params, m.param_count * sizeof(float)) != 0)
        fail_msg("%s: model_loss_and_gradient changed the parameters",
                 model_kind_name(kind));
    free(params_before);
    free(grads_first);
    model_free(&m);
}

static void test_loss_and_gradient_contract(void **state)
{
    (void)state;
    check_loss_and_gradient_contract(MODEL_MLP);
    check_loss_and_gradient_contract(MODEL_CNN);
}

/* Evaluating 4 examples in chunks of max_batch 3 (3 + 1) gives the same
 * loss and count as one batch of 4; the count matches the argmax of the
 * logits; a fresh model's loss is near log(10) = 2.30 (it guesses). */
static void check_evaluation(enum model_kind kind)
{
    static struct batch b;
    struct model whole, chunked;
    random_examples(b.images, b.labels, BATCH, 5);
    create(&whole, kind, BATCH, 8);
    create(&chunked, kind, 3, 8);

    double loss = model_loss(&whole, b.images, b.labels, BATCH);
    check_close("loss evaluated in chunks", 0,
                model_loss(&chunked, b.images, b.labels, BATCH), loss, 1e-6);
    assert_true(loss > 0.5 && loss < 10.0);

    const float *logits = model_forward(&whole, b.images, BATCH);
    size_t expected = 0;
    for (size_t i = 0; i < BATCH; i++) {
        size_t best = 0;
        for (size_t k = 1; k < MODEL_CLASSES; k++)
            if (logits[i * MODEL_CLASSES + k] > logits[i * MODEL_CLASSES + best])
                best = k;
        expected += best == b.labels[i];
    }
    assert_int_equal(model_count_correct(&whole, b.images, b.labels, BATCH), expected);
    assert_int_equal(model_count_correct(&chunked, b.images, b.labels, BATCH), expected);
    model_free(&whole);
    model_free(&chunked);
}

static void test_evaluation(void **state)
{
    (void)state;
    check_evaluation(MODEL_MLP);
    check_evaluation(MODEL_CNN);
}

/* The suite for the course harness (tests/harness): one process per test,
 * 1 point and a 5-second limit each (each runs in well under a second). */
static const struct harness_test tests[] = {
    {"trainer_parameter_counts", test_parameter_counts, 1, 5, "parameter counts"},
    {"trainer_init_deterministic", test_init_deterministic, 1, 5, "init deterministic"},
    {"trainer_init_he_scale", test_init_he_scale, 1, 5, "init he scale"},
    {"trainer_create_rejects_bad_arguments", test_create_rejects_bad_arguments, 1, 5, "create rejects bad arguments"},
    {"trainer_mlp_gradient", test_mlp_gradient, 1, 5, "mlp gradient"},
    {"trainer_cnn_gradient", test_cnn_gradient, 1, 5, "cnn gradient"},
    {"trainer_loss_and_gradient_contract", test_loss_and_gradient_contract, 1, 5, "loss and gradient contract"},
    {"trainer_evaluation", test_evaluation, 1, 5, "evaluation"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
