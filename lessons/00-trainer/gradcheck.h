/* gradcheck.h -- checking a backward pass against finite differences.
 *
 * A backward pass is easy to get subtly wrong and its mistakes do not crash:
 * the model just learns worse. So we test it against the definition of the
 * derivative. For a scalar loss L(x) and one coordinate x[i], the central
 * difference
 *
 *     numeric[i] = (L(x + h e_i) - L(x - h e_i)) / (2h)
 *
 * differs from dL/dx[i] by O(h^2) (the one-sided difference (L(x+h)-L(x))/h
 * is only O(h) accurate). We compare it with the analytic gradient by the
 * relative error
 *
 *     |analytic - numeric| / max(|analytic|, |numeric|, floor)
 *
 * and report the largest over the coordinates checked. The floor keeps
 * coordinates whose gradient is about zero from dividing noise by noise.
 *
 * Why not a tiny h: the parameters are floats (about 7 digits), so L itself
 * is only known to about 1e-7 relative, and dividing that error by 2h grows
 * as h shrinks; a large h adds the O(h^2) error and, worse, lets x +- h
 * cross a kink (ReLU at 0, a change of max-pool winner), where the
 * derivative jumps. We evaluate L and the difference in double and divide
 * by the step that float rounding really made ((float)(x+h) - (float)(x-h)),
 * not by 2h. What works for the trainer's float code:
 *   one layer, small inputs away from kinks: h = 1e-2, floor 1e-3;
 *     a correct layer gives 1e-5 .. 1e-3
 *   a whole model: h = 1e-3, floor 1e-2; a correct model gives below 1e-2
 * and a wrong backward pass gives 0.1 to 1. */
#ifndef DESCENT_GRADCHECK_H
#define DESCENT_GRADCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "rng.h"

/* The loss as a function of the array being checked: it reads the array
 * (through the context it was given) and returns L. It must not change the
 * array or the analytic gradient. */
typedef double (*gradcheck_loss_fn)(void *context);

struct gradcheck_options {
    float step;      /* h; e.g. 1e-3f */
    double floor;    /* the smallest denominator of the relative error; e.g. 1e-6 */
    size_t samples;  /* 0: check every coordinate; k > 0: k coordinates drawn
                        at random (with replacement) from rng */
};

struct gradcheck_report {
    size_t checked;             /* how many coordinates were compared */
    size_t worst_index;         /* the one with the largest relative error */
    double worst_analytic;      /* its gradient from the backward pass */
    double worst_numeric;       /* its central difference */
    double max_relative_error;  /* the largest relative error */
};

/* Compares analytic[i] with the central difference of loss() at x[i] for
 * the coordinates chosen by options, and returns the largest relative
 * error (0 when n is 0).
 *   x        [n]  the variables; each is changed temporarily and put back
 *                 exactly, so x is unchanged on return
 *   analytic [n]  the gradient to check, dL/dx
 *   loss, context  evaluates L at the current x
 *   rng      needed only when options->samples > 0 (else may be NULL)
 *   report   filled in if not NULL */
double gradcheck(float *x, const float *analytic, size_t n,
                 gradcheck_loss_fn loss, void *context,
                 const struct gradcheck_options *options, struct rng *rng,
                 struct gradcheck_report *report);

/* The whole-model check: computes m->grads with model_loss_and_gradient on
 * the batch, then checks them against central differences of model_loss
 * over the same batch, at options->samples random parameters (or all of
 * them when it is 0). m->params is unchanged on return; m->grads holds the
 * batch's gradient. Returns the largest relative error.
 * images [batch, 784], labels [batch]; 1 <= batch <= m->max_batch. */
double gradcheck_model(struct model *m, const float *images,
                       const uint8_t *labels, size_t batch,
                       const struct gradcheck_options *options,
                       struct rng *rng, struct gradcheck_report *report);

#endif
