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
    void *memory;            /* the one allocation all the arrays point into */
};

/* Builds a model of the given kind whose buffers hold batches of up to
 * max_batch images, and initialises its parameters from rng (see above;
 * rng advances). Returns 0, or -1 with a message in err (unknown kind,
 * max_batch 0, out of memory), in which case there is nothing to free.
 * On success, release the model with model_free. */
int model_create(struct model *m, enum model_kind kind, size_t max_batch,
                 struct rng *rng, struct error *err);

/* Releases what model_create allocated and zeroes *m. A zeroed model may be
 * freed again. */
void model_free(struct model *m);

/* "mlp" or "cnn". */
const char *model_kind_name(enum model_kind kind);

/* The forward pass: returns the logits [batch, 10] (the scores before the
 * softmax), which live inside m and stay valid until the next call.
 * images [batch, 784]; 1 <= batch <= m->max_batch. */
const float *model_forward(struct model *m, const float *images, size_t batch);

/* One training step's worth of calculus: sets m->grads to zero, runs the
 * forward pass, the loss and the backward pass, and leaves in m->grads the
 * gradient of the mean loss of the batch with respect to every parameter.
 * Returns that mean loss. Does not change m->params.
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
