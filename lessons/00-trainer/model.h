/* model.h -- the two networks of the course, behind one interface.
 *
 *   MODEL_MLP  784 -> dense 128 -> ReLU -> dense 10                (101 770 parameters)
 *   MODEL_CNN  1x28x28 -> conv 5x5, 8 channels -> ReLU -> max-pool 2
 *              -> conv 5x5, 16 channels -> ReLU -> max-pool 2
 *              -> flatten 16x4x4 = 256 -> dense 10                  (  5 994 parameters)
 *
 * Both end in softmax + cross-entropy (softmax_ce.h). Every parameter of a
 * model lives in ONE flat array `params`, and its gradient at the same index
 * of a second array `grads` of the same size; the tensors of the layers
 * (weights, biases) are views into these arrays (see mlp.c and cnn.c for the
 * layouts). So an optimizer never needs to know the architecture: it is one
 * loop over `param_count` numbers,
 *
 *     for (size_t i = 0; i < m->param_count; i++)
 *         m->params[i] -= lr * m->grads[i];
 *
 * and a checkpoint is one array. The buffers for the activations of a batch
 * of up to `max_batch` images are allocated once, by model_create, in the
 * same single allocation; nothing is allocated while training.
 *
 * Initialisation (He et al., 2015, "Delving deep into rectifiers"): every
 * weight is drawn from a normal distribution with mean 0 and standard
 * deviation sqrt(2 / fan_in), where fan_in is the number of inputs of one
 * output unit (784 or 128 for the dense layers of the MLP, C*K*K = 25 or 200
 * for the convolutions, 256 for the CNN's dense layer); every bias starts
 * at 0. The factor 2 keeps the variance of the activations about constant
 * from layer to layer when ReLU zeroes half of them. The weights are drawn
 * in the order they are stored, so the same seed gives the same bits.
 *
 * Images are [count, 784] floats (the 28 x 28 pixels of each digit, row by
 * row, scaled to [0, 1]); labels are [count] bytes in 0..9. */
#ifndef DESCENT_MODEL_H
#define DESCENT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "rng.h"

#define MODEL_INPUTS 784 /* 28 x 28 pixels */
#define MODEL_CLASSES 10 /* the digits 0..9 */

enum model_kind { MODEL_MLP, MODEL_CNN };

/* Lesson 17's functions, as the model calls them (lesson17.h says what
 * each does). The model holds pointers to them rather than calling them by
 * name, so that a program that never turns the layers on links without
 * lesson 17; train.c fills them in. */
struct lesson17_layers {
    void (*dropout_forward)(float *y, float *mask, const float *x, size_t n, float p,
                            int training, struct rng *rng);
    void (*dropout_backward)(float *dx, const float *dy, const float *mask, size_t n, float p);
    void (*batchnorm_statistics)(float *mean, float *var, const float *x, size_t batch,
                                 size_t features);
    void (*batchnorm_update_running)(float *running_mean, float *running_var,
                                     const float *mean, const float *var, size_t batch,
                                     size_t features, float momentum);
    void (*batchnorm_normalize)(float *y, float *x_hat, const float *x, const float *mean,
                                const float *var, const float *gamma, const float *beta,
                                size_t batch, size_t features, float eps);
    void (*batchnorm_backward)(float *dx, float *dgamma, float *dbeta, const float *dy,
                               const float *x_hat, const float *var, const float *gamma,
                               size_t batch, size_t features, float eps);
};

/* Lesson 17's optional layers (lessons/17-dropout-batchnorm/README.md, "The
 * layers in the networks"). In the MLP, around the ReLU of its hidden layer:
 *
 *   dense fc1 -> [batch norm] -> ReLU -> [dropout] -> dense fc2
 *
 * In the CNN, batch normalization per channel after each convolution,
 * before its ReLU, and dropout on the 256 flattened features (cnn.c):
 *
 *   conv1 -> [batch norm] -> ReLU -> pool -> conv2 -> [batch norm] -> ReLU
 *         -> pool -> flatten -> [dropout] -> dense fc
 *
 * Batch normalization adds its parameters at the end of params (the MLP:
 * gamma [128], starting at 1, then beta [128], starting at 0; the CNN: gamma
 * [8] and beta [8] of the first convolution, then gamma [16] and beta [16]
 * of the second) and buffers that are not trained: per normalized layer its
 * running mean, starting at 0, then its running variance, starting at 1
 * (256 numbers in the MLP, 8 + 8 + 16 + 16 = 48 in the CNN). Both layers
 * train in model_loss_and_gradient and evaluate in model_forward,
 * model_loss and model_count_correct. */
struct model_extras {
    float dropout;      /* p in [0, 1): each unit dropped with probability p; 0: off */
    int batch_norm;     /* 1: batch normalization (of the MLP's hidden layer, of the
                           CNN's convolutions); 0: off */
    const struct lesson17_layers *layers; /* needed when either is on */
};

struct model {
    enum model_kind kind;
    size_t max_batch;        /* the largest batch the buffers below can hold */
    size_t param_count;      /* the number of floats in params, and in grads */
    float *params;           /* [param_count] every weight and bias */
    float *grads;            /* [param_count] d loss / d params, same layout */
    float *probs;            /* [max_batch, 10] softmax of the last forward pass */
    float *dlogits;          /* [max_batch, 10] d loss / d logits */
    float *activations;      /* [activation_count] layer outputs and their
                                gradients; the views are in mlp.c / cnn.c */
    size_t activation_count;
    size_t *pool_argmax;     /* [argmax_count] winners of the max-pools (CNN) */
    size_t argmax_count;
    struct model_extras extras; /* lesson 17's layers; all zero: none */
    float *buffers;          /* [buffer_count] state that is not trained: batch
                                norm's running means and variances (see above) */
    size_t buffer_count;
    struct rng dropout_rng;  /* draws the dropout masks of the next training pass */
    void *memory;            /* the one allocation all the arrays point into */
};

/* Builds a model of the given kind whose buffers hold batches of up to
 * max_batch images, and initialises its parameters from rng (see above;
 * rng advances). Returns 0, or -1 with a message in err (unknown kind,
 * max_batch 0, out of memory), in which case there is nothing to free.
 * On success, release the model with model_free. */
int model_create(struct model *m, enum model_kind kind, size_t max_batch,
                 struct rng *rng, struct error *err);

/* The same, with lesson 17's layers as extras says (NULL: none, which is
 * model_create). Refused with a message: a dropout p outside [0, 1),
 * layers missing. The weights drawn from rng are the same as without
 * extras. */
int model_create_with_extras(struct model *m, enum model_kind kind,
                             const struct model_extras *extras, size_t max_batch,
                             struct rng *rng, struct error *err);

/* The layers that batch normalization normalizes in a model of that kind
 * (lesson 17): returns their count (1 in the MLP, 2 in the CNN) and writes
 * into features[k] the features of layer k (the MLP's 128 hidden units; the
 * CNN's 8, then 16 channels). With batch normalization, the buffers hold
 * layer after layer its running mean [features[k]], then its running
 * variance [features[k]]. */
#define MODEL_MAX_NORMALIZED_LAYERS 2
size_t model_normalized_layers(enum model_kind kind,
                               size_t features[MODEL_MAX_NORMALIZED_LAYERS]);

/* The number of buffers (model.buffer_count) of a model of that kind with
 * those extras (NULL: none): twice the features above with batch
 * normalization, 0 without. */
size_t model_buffer_count(enum model_kind kind, const struct model_extras *extras);

/* Releases what model_create allocated and zeroes *m. A zeroed model may be
 * freed again. */
void model_free(struct model *m);

/* "mlp" or "cnn". */
const char *model_kind_name(enum model_kind kind);

/* The forward pass, in evaluation mode (no dropout; batch norm with its
 * running statistics): returns the logits [batch, 10] (the scores before the
 * softmax), which live inside m and stay valid until the next call.
 * images [batch, 784]; 1 <= batch <= m->max_batch. */
const float *model_forward(struct model *m, const float *images, size_t batch);

/* One training step's worth of calculus: sets m->grads to zero, runs the
 * forward pass in training mode (dropout masks drawn from m->dropout_rng;
 * batch norm with the batch's statistics, updating the running ones), the
 * loss and the backward pass, and leaves in m->grads the
 * gradient of the mean loss of the batch with respect to every parameter.
 * Returns that mean loss. Does not change m->params (m->buffers may).
 * images [batch, 784], labels [batch]; 1 <= batch <= m->max_batch. */
double model_loss_and_gradient(struct model *m, const float *images,
                               const uint8_t *labels, size_t batch);

/* Forward passes only, over any count of examples (in chunks of
 * m->max_batch). model_count_correct returns how many are classified
 * correctly (the largest logit is the label; the first on a tie);
 * model_loss returns the mean cross-entropy loss (0 when count is 0).
 * Neither touches m->params or m->grads.
 * images [count, 784], labels [count]. */
size_t model_count_correct(struct model *m, const float *images,
                           const uint8_t *labels, size_t count);
double model_loss(struct model *m, const float *images,
                  const uint8_t *labels, size_t count);

/* Floating-point operations of the forward pass for ONE example, counting
 * 2*M*N*K per matrix product (the multiply-adds dominate everything else).
 * A training step costs about 3 times this per example: the backward pass
 * does two products for every product of the forward pass. */
double model_forward_flops(enum model_kind kind);

#endif
