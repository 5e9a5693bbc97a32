/* lesson17_models.c -- the two networks with lesson 17's layers switched on
 * (model.h, struct model_extras; cnn.c, mlp.c): their sizes, the gradient
 * of the whole model in training mode against finite differences, the
 * running statistics that training updates and evaluation uses.
 *
 * The layers themselves are lesson 17's functions; here they are the
 * reference solution's (the Makefile links the trainer's tests with
 * solutions/, and the student release leaves this file out, as it leaves
 * out train.c). What is tested is the trainer's wiring of them: every
 * expected value comes from a hand count, a closed form or a direct
 * computation in this file, never from the model under test. */
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "harness.h"
#include "lessons.h"
#include "model.h"
#include "test_util.h"

enum { BATCH = 4 };

/* The CNN's parameter layout (cnn.c; model.h for lesson 17's part):
 * conv1 weight [8, 1, 5, 5] = 200, conv1 bias [8], conv2 weight
 * [16, 8, 5, 5] = 3200, conv2 bias [16], fc weight [10, 256] = 2560, fc bias
 * [10]: 5994 in all; then bn1 gamma [8], beta [8], bn2 gamma [16], beta [16].
 * Its buffers: bn1's running mean [8] and variance [8], then bn2's [16], [16]. */
enum {
    CONV1_WEIGHT = 0, CONV1_BIAS = 200, CONV2_WEIGHT = 208, CONV2_BIAS = 3408,
    FC_WEIGHT = 3424, FC_BIAS = 5984, CNN_PLAIN = 5994,
    BN1_GAMMA = 5994, BN1_BETA = 6002, BN2_GAMMA = 6010, BN2_BETA = 6026, CNN_WITH_BN = 6042,
    RUNNING_MEAN1 = 0, RUNNING_VAR1 = 8, RUNNING_MEAN2 = 16, RUNNING_VAR2 = 32,
};

static const struct lesson17_layers layers = {
    dropout_forward, dropout_backward, batchnorm_statistics,
    batchnorm_update_running, batchnorm_normalize, batchnorm_backward,
};

/* A few random "images" and labels (random_examples, test_util.h). */
struct batch {
    float images[BATCH * MODEL_INPUTS];
    uint8_t labels[BATCH];
};

static void create(struct model *m, enum model_kind kind, float dropout, int batch_norm,
                   size_t max_batch, uint64_t seed)
{
    struct rng rng;
    struct error err;
    const struct model_extras extras = {dropout, batch_norm, &layers};
    rng_seed(&rng, seed, 0);
    if (model_create_with_extras(m, kind, &extras, max_batch, &rng, &err) != 0)
        fail_msg("model_create_with_extras(%s) failed: %s", model_kind_name(kind),
                 err.message);
}

/* Batch norm adds gamma and beta per normalized feature and a running mean
 * and variance as buffers: the MLP 2 * 128 of each, the CNN 2 * (8 + 16).
 * Dropout adds nothing. The weights drawn are those of the plain model. */
static void check_sizes(enum model_kind kind, size_t plain, size_t features)
{
    struct model base, bn, dropout;
    create(&base, kind, 0.0f, 0, 2, 5);
    create(&bn, kind, 0.0f, 1, 2, 5);
    create(&dropout, kind, 0.5f, 0, 2, 5);
    const char *name = model_kind_name(kind);
    if (base.param_count != plain || bn.param_count != plain + 2 * features ||
        dropout.param_count != plain)
        fail_msg("%s: %zu parameters plain, %zu with batch norm, %zu with dropout: expected "
                 "%zu, %zu, %zu", name, base.param_count, bn.param_count,
                 dropout.param_count, plain, plain + 2 * features, plain);
    if (bn.buffer_count != 2 * features || base.buffer_count != 0)
        fail_msg("%s: %zu buffers with batch norm (expected %zu), %zu without (expected 0)",
                 name, bn.buffer_count, 2 * features, base.buffer_count);
    if (memcmp(base.params, bn.params, plain * sizeof(float)) != 0)
        fail_msg("%s: batch norm changed the initial weights of the seed", name);
    /* After them, per normalized layer: gamma [C] (all 1), then beta [C] (all 0). */
    size_t channels[MODEL_MAX_NORMALIZED_LAYERS], at = plain;
    size_t layers = model_normalized_layers(kind, channels);
    for (size_t k = 0; k < layers; k++) {
        for (size_t j = 0; j < channels[k]; j++) {
            check_close("gamma (starts at 1)", at + j, bn.params[at + j], 1.0, 0.0);
            check_close("beta (starts at 0)", at + j, bn.params[at + channels[k] + j], 0.0, 0.0);
        }
        at += 2 * channels[k];
    }
    assert_int_equal(at, bn.param_count);
    model_free(&base);
    model_free(&bn);
    model_free(&dropout);
}

static void test_sizes(void **state)
{
    (void)state;
    check_sizes(MODEL_MLP, 101770, 128);
    check_sizes(MODEL_CNN, CNN_PLAIN, 8 + 16);
    size_t features[MODEL_MAX_NORMALIZED_LAYERS];
    assert_int_equal(model_normalized_layers(MODEL_CNN, features), 2);
    assert_true(features[0] == 8 && features[1] == 16);
    assert_int_equal(model_normalized_layers(MODEL_MLP, features), 1);
    assert_true(features[0] == 128);
}

/* ---- The gradient in training mode -------------------------------------------- */

/* The training-mode loss with the same dropout mask every time: the mask's
 * generator is seeded anew before each pass. (The running statistics that
 * each pass updates do not enter the training-mode loss.) */
struct training_loss {
    struct model *m;
    const struct batch *b;
};

#define MASK_SEED 2024

static double training_loss(void *context)
{
    struct training_loss *t = context;
    rng_seed(&t->m->dropout_rng, MASK_SEED, 17);
    return model_loss_and_gradient(t->m, t->b->images, t->b->labels, BATCH);
}

/* Kinks. A ReLU's 0 and a max-pool's choice of winner are kinks of the
 * loss, and batch normalization makes them frequent: a step h in one conv1
 * weight moves all B * 24 * 24 = 2304 normalized values of its channel, and
 * as the normal density at 0 is 0.4, about 2 * 0.4 * h * 2304 of them (2
 * for h = 1e-3) cross a ReLU's 0 within [-h, h]; the central difference then
 * measures a slope averaged across kinks. Measured on this test's batch: params[6009]
 * (beta of bn1's channel 7) has backprop -0.1438 and central differences
 * -0.1277, -0.1341, -0.1360, -0.1402 for h = 1e-2, 1e-3, 3e-4, 1e-4: they
 * approach backprop as h shrinks (float noise forbids a smaller h). With
 * h = 1e-3, of conv1's 208 weights and biases 18 are beyond the tolerance
 * (3 in the plain CNN), of conv2's first 400 weights none, of the 48 gammas
 * and betas 1.
 *   So each coordinate is checked alone (h = 1e-3 and floor 1e-2 as in
 * models.c) and the test asks that at least 85% of the coordinates of each
 * range agree within 3e-2. A wrong backward pass fails by far: batch norm's
 * backward without its two sums over the batch (the gradient of a fixed
 * normalization) leaves 198 of the 208, 400 of the 400 and 16 of the 48
 * beyond the tolerance. */
#define TOLERANCE 3e-2
#define ENOUGH 0.85

static void check_range(struct model *m, const float *analytic, struct training_loss *loss,
                        const char *what, size_t first, size_t count, size_t samples)
{
    const struct gradcheck_options options = {1e-3f, 1e-2, 0};
    struct rng rng;
    rng_seed(&rng, 99, 0);
    size_t checked = samples > 0 ? samples : count, bad = 0, worst_index = first;
    double worst = 0.0, worst_numeric = 0.0;
    for (size_t k = 0; k < checked; k++) {
        size_t i = first + (samples > 0 ? rng_below(&rng, count) : k);
        struct gradcheck_report report;
        double error = gradcheck(m->params + i, analytic + i, 1, training_loss, loss,
                                 &options, NULL, &report);
        bad += !(error <= TOLERANCE);
        if (!(error <= worst)) {
            worst = error;
            worst_index = i;
            worst_numeric = report.worst_numeric;
        }
    }
    if (!((double)(checked - bad) >= ENOUGH * (double)checked))
        fail_msg("%s with lesson 17's layers, %s: %zu of %zu gradients disagree with finite "
                 "differences by more than %.0e (allowed: %.0f%%); the worst, d loss / d "
                 "params[%zu], is %.6g by backprop but %.6g by finite differences",
                 model_kind_name(m->kind), what, bad, checked, TOLERANCE,
                 100.0 * (1.0 - ENOUGH), worst_index, analytic[worst_index], worst_numeric);
    print_message("%s, %s: %zu of %zu beyond %.0e, worst relative error %.2e\n",
                  model_kind_name(m->kind), what, bad, checked, TOLERANCE, worst);
}

static void check_training_gradient(enum model_kind kind)
{
    static struct batch b;
    struct model m;
    random_examples(b.images, b.labels, BATCH, 3);
    create(&m, kind, 0.5f, 1, BATCH, 9);
    struct training_loss loss = {&m, &b};
    training_loss(&loss);
    float *analytic = malloc(m.param_count * sizeof(float));
    assert_non_null(analytic);
    memcpy(analytic, m.grads, m.param_count * sizeof(float));

    check_range(&m, analytic, &loss, "300 random parameters", 0, m.param_count, 300);
    if (kind == MODEL_CNN) {
        check_range(&m, analytic, &loss, "every gamma and beta", BN1_GAMMA, 48, 0);
        check_range(&m, analytic, &loss, "conv1's weights and biases", CONV1_WEIGHT, 208, 0);
        check_range(&m, analytic, &loss, "conv2's first 400 weights", CONV2_WEIGHT, 400, 0);
        /* Before batch norm a bias cannot change the loss (cnn.c): exactly 0. */
        for (size_t i = 0; i < 8; i++)
            check_close("d loss / d conv1 bias", i, analytic[CONV1_BIAS + i], 0.0, 0.0);
        for (size_t i = 0; i < 16; i++)
            check_close("d loss / d conv2 bias", i, analytic[CONV2_BIAS + i], 0.0, 0.0);
    } else {
        check_range(&m, analytic, &loss, "every gamma and beta", 101770, 256, 0);
    }
    free(analytic);
    model_free(&m);
}

static void test_cnn_training_gradient(void **state)
{
    (void)state;
    check_training_gradient(MODEL_CNN);
}

static void test_mlp_training_gradient(void **state)
{
    (void)state;
    check_training_gradient(MODEL_MLP);
}

/* ---- Running statistics --------------------------------------------------------- */

/* conv1 computed directly from its definition (conv2d.h), in double:
 *   z[b, c, r, s] = bias[c] + sum_{u,v} W[c, 0, u, v] * x[b, r+u, s+v]. */
static double conv1_direct(const float *params, const float *images, size_t b, size_t c,
                           size_t r, size_t s)
{
    double z = params[CONV1_BIAS + c];
    for (size_t u = 0; u < 5; u++)
        for (size_t v = 0; v < 5; v++)
            z += (double)params[CONV1_WEIGHT + c * 25 + u * 5 + v] *
                 images[b * MODEL_INPUTS + (r + u) * 28 + (s + v)];
    return z;
}

/* One training pass from the initial running statistics (mean 0, variance
 * 1) updates bn1's as torch.nn.BatchNorm2d does, over the n = B * 24 * 24
 * values of each channel: running mean = 0.1 * their mean, running variance
 * = 0.9 * 1 + 0.1 * their unbiased variance (n / (n - 1) times the biased
 * one). Statistics per pixel or per image would give other numbers. The
 * evaluation passes leave them as they are. */
static void test_cnn_training_updates_running_statistics(void **state)
{
    (void)state;
    static struct batch b;
    struct model m;
    random_examples(b.images, b.labels, BATCH, 11);
    create(&m, MODEL_CNN, 0.0f, 1, BATCH, 4);
    const double n = BATCH * 24 * 24;
    double mean[8], var[8];
    for (size_t c = 0; c < 8; c++) {
        double sum = 0.0, squares = 0.0;
        for (size_t i = 0; i < BATCH; i++)
            for (size_t r = 0; r < 24; r++)
                for (size_t s = 0; s < 24; s++)
                    sum += conv1_direct(m.params, b.images, i, c, r, s);
        mean[c] = sum / n;
        for (size_t i = 0; i < BATCH; i++)
            for (size_t r = 0; r < 24; r++)
                for (size_t s = 0; s < 24; s++) {
                    double d = conv1_direct(m.params, b.images, i, c, r, s) - mean[c];
                    squares += d * d;
                }
        var[c] = squares / n;
    }

    (void)model_loss(&m, b.images, b.labels, BATCH); /* evaluation: no update */
    for (size_t c = 0; c < 8; c++) {
        check_close("bn1 running mean after evaluating", c, m.buffers[RUNNING_MEAN1 + c],
                    0.0, 0.0);
        check_close("bn1 running variance after evaluating", c, m.buffers[RUNNING_VAR1 + c],
                    1.0, 0.0);
    }
    (void)model_loss_and_gradient(&m, b.images, b.labels, BATCH);
    for (size_t c = 0; c < 8; c++) {
        double expected_mean = 0.1 * mean[c];
        double expected_var = 0.9 + 0.1 * var[c] * n / (n - 1.0);
        check_close("bn1 running mean after one training pass", c,
                    m.buffers[RUNNING_MEAN1 + c], expected_mean,
                    1e-5 * (1.0 + fabs(expected_mean)));
        check_close("bn1 running variance after one training pass", c,
                    m.buffers[RUNNING_VAR1 + c], expected_var, 1e-5 * expected_var);
    }
    for (size_t c = 0; c < 16; c++)
        if (m.buffers[RUNNING_MEAN2 + c] == 0.0f || m.buffers[RUNNING_VAR2 + c] == 1.0f)
            fail_msg("bn2's running statistics of channel %zu were not updated by training", c);
    model_free(&m);
}

/* In evaluation, batch norm is a fixed affine map per channel, with the
 * RUNNING statistics mu, v and the parameters gamma, beta:
 *   y = gamma * (z + bias - mu) / s + beta,   s = sqrt(v + eps),
 * which folds into the convolution before it: weights W * gamma / s and
 * bias (bias - mu) * gamma / s + beta. So the plain CNN with folded weights
 * must give the same logits. Running statistics far from the batch's make
 * the training-mode loss (batch statistics) visibly different. */
static void fold(float *plain, const float *normed, const float *buffers, size_t weight,
                 size_t bias, size_t gamma, size_t beta, size_t mean, size_t var,
                 size_t channels, size_t fan_in)
{
    for (size_t c = 0; c < channels; c++) {
        double scale = normed[gamma + c] / sqrt((double)buffers[var + c] + 1e-5);
        for (size_t k = 0; k < fan_in; k++)
            plain[weight + c * fan_in + k] = (float)(normed[weight + c * fan_in + k] * scale);
        plain[bias + c] = (float)((normed[bias + c] - buffers[mean + c]) * scale +
                                  normed[beta + c]);
    }
}

static void test_cnn_evaluation_uses_running_statistics(void **state)
{
    (void)state;
    static struct batch b;
    struct model normed, plain;
    random_examples(b.images, b.labels, BATCH, 12);
    create(&normed, MODEL_CNN, 0.5f, 1, BATCH, 6);
    create(&plain, MODEL_CNN, 0.0f, 0, BATCH, 6);
    float *p = normed.params, *buffers = normed.buffers;
    for (size_t c = 0; c < 8; c++) {
        p[CONV1_BIAS + c] = 0.05f * (float)c;
        p[BN1_GAMMA + c] = 0.5f + 0.1f * (float)c;
        p[BN1_BETA + c] = 0.2f - 0.05f * (float)c;
        buffers[RUNNING_MEAN1 + c] = 0.1f * (float)(c % 3) - 0.1f;
        buffers[RUNNING_VAR1 + c] = 0.5f + 0.25f * (float)c;
    }
    for (size_t c = 0; c < 16; c++) {
        p[CONV2_BIAS + c] = -0.02f * (float)c;
        p[BN2_GAMMA + c] = 1.5f - 0.05f * (float)c;
        p[BN2_BETA + c] = 0.01f * (float)c;
        buffers[RUNNING_MEAN2 + c] = 0.3f - 0.04f * (float)c;
        buffers[RUNNING_VAR2 + c] = 2.0f + 0.1f * (float)c;
    }
    memcpy(plain.params, normed.params, CNN_PLAIN * sizeof(float));
    fold(plain.params, p, buffers, CONV1_WEIGHT, CONV1_BIAS, BN1_GAMMA, BN1_BETA,
         RUNNING_MEAN1, RUNNING_VAR1, 8, 25);
    fold(plain.params, p, buffers, CONV2_WEIGHT, CONV2_BIAS, BN2_GAMMA, BN2_BETA,
         RUNNING_MEAN2, RUNNING_VAR2, 16, 200);

    float logits[BATCH * MODEL_CLASSES];
    memcpy(logits, model_forward(&normed, b.images, BATCH), sizeof logits);
    const float *expected = model_forward(&plain, b.images, BATCH);
    for (size_t i = 0; i < BATCH * MODEL_CLASSES; i++)
        check_close("logits in evaluation vs the folded plain CNN", i, logits[i], expected[i],
                    1e-4 * (1.0 + fabs(expected[i])));
    /* One image alone gets the same logits as in the batch: evaluation
     * does not look at the other images. */
    const float *alone = model_forward(&normed, b.images + MODEL_INPUTS, 1);
    for (size_t k = 0; k < MODEL_CLASSES; k++)
        check_close("logits of image 1 evaluated alone", k, alone[k],
                    logits[MODEL_CLASSES + k], 1e-5 * (1.0 + fabs(logits[MODEL_CLASSES + k])));
    double evaluation = model_loss(&normed, b.images, b.labels, BATCH);
    double training = model_loss_and_gradient(&normed, b.images, b.labels, BATCH);
    if (!(fabs(training - evaluation) > 1e-2))
        fail_msg("the training-mode loss %.6g equals the evaluation loss %.6g: training "
                 "should use the batch's statistics, evaluation the running ones",
                 training, evaluation);
    model_free(&normed);
    model_free(&plain);
}

static const struct harness_test tests[] = {
    {"trainer_lesson17_sizes", test_sizes, 1, 5,
     "batch norm adds gamma, beta and running statistics; the initial weights are the same"},
    {"trainer_lesson17_cnn_training_gradient", test_cnn_training_gradient, 1, 20,
     "the CNN with batch norm and dropout: backprop agrees with finite differences"},
    {"trainer_lesson17_mlp_training_gradient", test_mlp_training_gradient, 1, 20,
     "the MLP with batch norm and dropout: backprop agrees with finite differences"},
    {"trainer_lesson17_cnn_running_statistics", test_cnn_training_updates_running_statistics,
     1, 10, "a training pass updates the CNN's running statistics per channel"},
    {"trainer_lesson17_cnn_evaluation", test_cnn_evaluation_uses_running_statistics, 1, 10,
     "the CNN evaluates with the running statistics (folded into the convolutions)"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
