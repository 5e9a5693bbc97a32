/* objective_call.h -- passing an objective (objective.h) to student code.
 *
 * Lessons 02 and 03 give your epoch an objective: a function it calls for
 * each example's loss and gradient. That function belongs to the test, so
 * it stays in the judge. The runner hands your code a stand-in objective
 * with the same sizes whose function sends (i, w) back to the judge as a
 * callback and returns the judge's answer (the loss, and g). So the test
 * sees every example your code asks for, in order, with the w it asked at.
 *
 * Judge:   put_objective(in, f);  out = call_run_with_callbacks(answer_objective, f);
 * Runner:  const struct objective *f = get_new_objective(in);           */
#ifndef DESCENT_OBJECTIVE_CALL_H
#define DESCENT_OBJECTIVE_CALL_H

#include "call.h"
#include "objective.h"

#include <math.h>
#include <stdlib.h>

#ifdef DESCENT_JUDGE
static inline void put_objective(struct message *m, const struct objective *f)
{
    put_size(m, f->param_count);
    put_size(m, f->example_count);
}

/* Answers one callback: request (i, w), reply (loss, g). An example index
 * out of range is answered with a NaN loss and gradient (it never reaches
 * the test's function), so the student's results go wrong, visibly. */
static inline void answer_objective(const void *context, struct message *request,
                                    struct message *reply)
{
    const struct objective *f = context;
    size_t i = get_size(request);
    size_t count = f->param_count;
    float *w = calloc(count > 0 ? count : 1, sizeof *w);
    float *g = calloc(count > 0 ? count : 1, sizeof *g);
    get_floats(request, w, count);
    double loss = (double)NAN;
    if (i < f->example_count && !request->broken)
        loss = f->example_loss_and_gradient(f->context, w, i, g);
    else
        for (size_t k = 0; k < count; k++)
            g[k] = NAN;
    put_double(reply, loss);
    put_floats(reply, g, count);
    free(w);
    free(g);
}
#endif

#ifdef DESCENT_RUNNER
static inline double forward_example(const void *context, const float *w, size_t i, float *g)
{
    const struct objective *f = context;
    struct message request = {0};
    put_size(&request, i);
    put_floats(&request, w, f->param_count);
    struct message *answer = call_back(&request);
    free(request.bytes);
    double loss = get_double(answer);
    get_floats(answer, g, f->param_count);
    return loss;
}

/* The stand-in objective, alive until the call's arrays are freed. */
static inline const struct objective *get_new_objective(struct message *in)
{
    struct objective *f = message_new_memory(in, sizeof *f);
    f->param_count = get_size(in);
    f->example_count = get_size(in);
    f->example_loss_and_gradient = forward_example;
    f->context = f;
    return f;
}
#endif

#endif
