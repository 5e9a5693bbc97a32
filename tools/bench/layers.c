/* layers.c -- where the CNN's epoch goes: each layer timed alone.
 *
 * The CNN's training step (cnn.c) is a fixed sequence of layer calls. This
 * file makes the same calls, with the same shapes, on a batch of 64, and
 * times each one over as many steps as an epoch has (125), so every row
 * reads as "seconds of one epoch spent here". The inputs are random
 * numbers of the right scale: the layers' cost does not depend on the
 * values (ReLU and max-pool branch on them, and random signs are, if
 * anything, harder on the branch predictor than real activations).
 *
 * The sequence below must follow cnn.c's cnn_forward and cnn_backward; if
 * the two differ, the split stops adding up to the measured epoch, which
 * bench.c prints next to it. */
#include "layers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv2d.h"
#include "dense.h"
#include "maxpool.h"
#include "peak.h"
#include "relu.h"
#include "rng.h"
#include "softmax_ce.h"

#define B 64
#define CLASSES 10

static const struct conv2d_shape CONV1 = {1, 28, 28, 8, 5};
static const struct conv2d_shape CONV2 = {8, 12, 12, 16, 5};

/* Every buffer of one training step, as in cnn.c. */
struct buffers {
    float *images, *cols1, *conv1, *relu1, *pool1, *cols2, *conv2, *relu2,
        *pool2, *logits, *probs, *dlogits, *dpool2, *drelu2, *dconv2,
        *back2, *dpool1, *drelu1, *dconv1, *back1;
    float *w1, *b1, *w2, *b2, *wf, *bf, *dw1, *db1, *dw2, *db2, *dwf, *dbf;
    float *params, *grads, *velocity; /* the flat blocks of the step */
    size_t *argmax1, *argmax2;
    uint8_t labels[B];
};

enum { PARAMS = 8 * 25 + 8 + 16 * 200 + 16 + CLASSES * 256 + CLASSES };

static float *random_floats(size_t n, struct rng *rng)
{
    float *x = malloc(n * sizeof *x);
    if (x == NULL) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < n; i++)
        x[i] = 0.5f * rng_normal(rng);
    return x;
}

static void allocate(struct buffers *s, struct rng *rng)
{
    s->images = random_floats(B * 784, rng);
    s->cols1 = random_floats(conv2d_cols_size(&CONV1), rng);
    s->conv1 = random_floats(B * 8 * 24 * 24, rng);
    s->relu1 = random_floats(B * 8 * 24 * 24, rng);
    s->pool1 = random_floats(B * 8 * 12 * 12, rng);
    s->cols2 = random_floats(conv2d_cols_size(&CONV2), rng);
    s->conv2 = random_floats(B * 16 * 8 * 8, rng);
    s->relu2 = random_floats(B * 16 * 8 * 8, rng);
    s->pool2 = random_floats(B * 256, rng);
    s->logits = random_floats(B * CLASSES, rng);
    s->probs = random_floats(B * CLASSES, rng);
    s->dlogits = random_floats(B * CLASSES, rng);
    s->dpool2 = random_floats(B * 256, rng);
    s->drelu2 = random_floats(B * 16 * 8 * 8, rng);
    s->dconv2 = random_floats(B * 16 * 8 * 8, rng);
    s->back2 = random_floats(conv2d_backward_scratch_size(&CONV2), rng);
    s->dpool1 = random_floats(B * 8 * 12 * 12, rng);
    s->drelu1 = random_floats(B * 8 * 24 * 24, rng);
    s->dconv1 = random_floats(B * 8 * 24 * 24, rng);
    s->back1 = random_floats(conv2d_backward_scratch_size(&CONV1), rng);
    s->params = random_floats(PARAMS, rng);
    s->grads = random_floats(PARAMS, rng);
    s->velocity = random_floats(PARAMS, rng);
    float *p = s->params, *g = s->grads;
    s->w1 = p; s->dw1 = g; p += 200; g += 200;
    s->b1 = p; s->db1 = g; p += 8; g += 8;
    s->w2 = p; s->dw2 = g; p += 3200; g += 3200;
    s->b2 = p; s->db2 = g; p += 16; g += 16;
    s->wf = p; s->dwf = g; p += 2560; g += 2560;
    s->bf = p; s->dbf = g;
    s->argmax1 = calloc(B * 8 * 12 * 12, sizeof *s->argmax1);
    s->argmax2 = calloc(B * 16 * 4 * 4, sizeof *s->argmax2);
    if (s->argmax1 == NULL || s->argmax2 == NULL) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < B; i++)
        s->labels[i] = (uint8_t)rng_below(rng, CLASSES);
}

static void release(struct buffers *s)
{
    float *all[] = {s->images, s->cols1, s->conv1, s->relu1, s->pool1, s->cols2,
                    s->conv2, s->relu2, s->pool2, s->logits, s->probs, s->dlogits,
                    s->dpool2, s->drelu2, s->dconv2, s->back2, s->dpool1,
                    s->drelu1, s->dconv1, s->back1, s->params, s->grads, s->velocity};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        free(all[i]);
    free(s->argmax1);
    free(s->argmax2);
}

/* The stages of one step, in order. */
enum stage {
    CONV1_FORWARD, RELU1_FORWARD, POOL1_FORWARD, CONV2_FORWARD, RELU2_FORWARD,
    POOL2_FORWARD, FC_FORWARD, LOSS, FC_BACKWARD, POOL2_BACKWARD,
    RELU2_BACKWARD, CONV2_BACKWARD, POOL1_BACKWARD, RELU1_BACKWARD,
    CONV1_BACKWARD, OPTIMIZER_STEP, STAGES
};

static const char *const stage_names[STAGES] = {
    "conv1 forward (5x5, 1->8)", "relu1 forward", "pool1 forward",
    "conv2 forward (5x5, 8->16)", "relu2 forward", "pool2 forward",
    "fc forward (256->10)", "softmax + cross-entropy",
    "fc backward", "pool2 backward", "relu2 backward",
    "conv2 backward (dW, db, dx)", "pool1 backward", "relu1 backward",
    "conv1 backward (dW, db)", "optimizer step (momentum)",
};

static void run_stage(struct buffers *s, enum stage stage)
{
    switch (stage) {
    case CONV1_FORWARD:
        conv2d_forward(s->conv1, s->cols1, s->images, s->w1, s->b1, B, &CONV1);
        break;
    case RELU1_FORWARD:
        relu_forward(s->relu1, s->conv1, B * 8 * 24 * 24);
        break;
    case POOL1_FORWARD:
        maxpool_forward(s->pool1, s->argmax1, s->relu1, B, 8, 24, 24);
        break;
    case CONV2_FORWARD:
        conv2d_forward(s->conv2, s->cols2, s->pool1, s->w2, s->b2, B, &CONV2);
        break;
    case RELU2_FORWARD:
        relu_forward(s->relu2, s->conv2, B * 16 * 8 * 8);
        break;
    case POOL2_FORWARD:
        maxpool_forward(s->pool2, s->argmax2, s->relu2, B, 16, 8, 8);
        break;
    case FC_FORWARD:
        dense_forward(s->logits, s->pool2, s->wf, s->bf, B, 256, CLASSES);
        break;
    case LOSS:
        softmax_ce_forward(s->probs, s->logits, s->labels, B, CLASSES);
        softmax_ce_backward(s->dlogits, s->probs, s->labels, B, CLASSES);
        break;
    case FC_BACKWARD:
        dense_backward(s->dpool2, s->dwf, s->dbf, s->dlogits, s->pool2, s->wf, B,
                       256, CLASSES);
        break;
    case POOL2_BACKWARD:
        maxpool_backward(s->drelu2, s->dpool2, s->argmax2, B, 16, 8, 8);
        break;
    case RELU2_BACKWARD:
        relu_backward(s->dconv2, s->drelu2, s->conv2, B * 16 * 8 * 8);
        break;
    case CONV2_BACKWARD:
        conv2d_backward(s->dpool1, s->dw2, s->db2, s->back2, s->dconv2, s->pool1,
                        s->w2, B, &CONV2);
        break;
    case POOL1_BACKWARD:
        maxpool_backward(s->drelu1, s->dpool1, s->argmax1, B, 8, 24, 24);
        break;
    case RELU1_BACKWARD:
        relu_backward(s->dconv1, s->drelu1, s->conv1, B * 8 * 24 * 24);
        break;
    case CONV1_BACKWARD:
        conv2d_backward(NULL, s->dw1, s->db1, s->back1, s->dconv1, s->images, s->w1,
                        B, &CONV1);
        break;
    case OPTIMIZER_STEP:
        for (size_t i = 0; i < PARAMS; i++) {
            s->velocity[i] = 0.9f * s->velocity[i] + s->grads[i];
            s->params[i] -= 1e-6f * s->velocity[i];
        }
        break;
    case STAGES:
        break;
    }
}

void bench_cnn_layers(size_t steps, int repeats)
{
    struct buffers s;
    struct rng rng;
    rng_seed(&rng, 7, 0);
    allocate(&s, &rng);

    /* Each repeat runs `steps` whole training steps and times every stage
     * inside them; the stage's figure is its fastest repeat. Running whole
     * steps (not one stage many times) keeps the caches as in training:
     * each layer finds in cache what its predecessor left there. */
    double best[STAGES];
    for (int st = 0; st < STAGES; st++)
        best[st] = 1e30;
    for (int r = 0; r < repeats + 1; r++) {
        double spent[STAGES] = {0};
        for (size_t k = 0; k < steps; k++)
            for (int st = 0; st < STAGES; st++) {
                double start = bench_seconds();
                run_stage(&s, (enum stage)st);
                spent[st] += bench_seconds() - start;
            }
        for (int st = 0; r > 0 && st < STAGES; st++) /* r = 0 warms up */
            if (spent[st] < best[st])
                best[st] = spent[st];
    }

    double forward = 0, backward = 0, total = 0;
    printf("CNN epoch by layer (%zu steps of batch %d, each stage timed alone, "
           "fastest of %d):\n", steps, B, repeats);
    for (int st = 0; st < STAGES; st++) {
        printf("  %-30s %8.4f s\n", stage_names[st], best[st]);
        total += best[st];
        if (st <= LOSS)
            forward += best[st];
        else if (st < OPTIMIZER_STEP)
            backward += best[st];
    }
    printf("  %-30s %8.4f s = forward %.4f + backward %.4f + step %.4f\n", "sum",
           total, forward, backward, best[OPTIMIZER_STEP]);
    release(&s);
}
