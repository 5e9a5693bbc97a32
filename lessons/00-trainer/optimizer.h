/* optimizer.h -- the optimizers of lessons 01 and 04-08, looked up by name.
 *
 * Every optimizer is a kernel that a lesson writes: a loop over the flat
 * parameter array w, its gradient g and one or two state arrays of the
 * same length (a velocity, a sum of squares, two moments). This file only
 * names them, knows their hyperparameters and defaults, owns their state
 * and counts the steps; the mathematics is in the lessons.
 *
 *   name       lesson              state            hyperparameters
 *   sgd        01 gradient descent  -                lr
 *   momentum   04 momentum          b                lr, momentum
 *   nesterov   05 nesterov          b                lr, momentum
 *   adagrad    06 adagrad           s                lr, eps
 *   rmsprop    07 rmsprop           v                lr, alpha, eps
 *   adadelta   07 rmsprop           v, u             lr, rho, eps
 *   adam       08 adam              m, v             lr, beta1, beta2, eps
 *   adam-l2    11 weight decay      m, v             lr, beta1, beta2, eps, weight_decay
 *   adamw      11 weight decay      m, v             lr, beta1, beta2, eps, weight_decay
 *   amsgrad    12 adam variants     m, v, v_max      lr, beta1, beta2, eps
 *   nadam      12 adam variants     m, v             lr, beta1, beta2, eps, momentum_decay
 *   adamax     12 adam variants     m, u             lr, beta1, beta2, eps
 */
#ifndef DESCENT_OPTIMIZER_H
#define DESCENT_OPTIMIZER_H

#include <stddef.h>

#include "error.h"

/* Every hyperparameter any optimizer uses; each optimizer reads its own. */
struct hyperparameters {
    float lr;       /* the learning rate (before any schedule) */
    float momentum; /* mu, momentum and nesterov */
    float alpha;    /* rmsprop's averaging constant */
    float rho;      /* adadelta's averaging constant */
    float beta1;    /* adam's first-moment constant */
    float beta2;    /* adam's second-moment constant */
    float eps;      /* the small constant in adaptive denominators */
    float weight_decay;   /* adam-l2 and adamw */
    float momentum_decay; /* nadam's psi */
};

#define OPTIMIZER_MAX_STATE 3

struct optimizer_kind {
    const char *name;              /* "adam" */
    const char *lesson;            /* "08-adam": where the kernel is written */
    const char *summary;           /* one line for --help */
    size_t state_count;            /* state arrays, each param_count floats */
    struct hyperparameters defaults;
    /* One step with step number t (from 1) and learning rate lr. */
    void (*step)(const struct hyperparameters *h, float *w, const float *g,
                 float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t);
};

/* The optimizer with this name, or NULL. */
const struct optimizer_kind *optimizer_find(const char *name);

/* All optimizers, in lesson order; *count receives their number. */
const struct optimizer_kind *const *optimizer_list(size_t *count);

/* An optimizer at work on n parameters: its kind, settings, state and step
 * counter. The state starts at zero, as every kernel expects. */
struct optimizer {
    const struct optimizer_kind *kind;
    struct hyperparameters hyper;
    size_t n;
    float *state[OPTIMIZER_MAX_STATE]; /* kind->state_count arrays of n floats */
    long t;                            /* steps taken so far */
};

/* Allocates zeroed state for n parameters. Returns 0, or -1 with a message
 * (out of memory). Release with optimizer_free. */
int optimizer_create(struct optimizer *opt, const struct optimizer_kind *kind,
                     const struct hyperparameters *hyper, size_t n, struct error *err);
void optimizer_free(struct optimizer *opt);

/* Advances the step counter t and applies the kernel with rate lr
 * (the schedule's value for this step). */
void optimizer_step(struct optimizer *opt, float *w, const float *g, float lr);

#endif
