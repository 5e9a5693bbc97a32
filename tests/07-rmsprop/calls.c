/* Lesson 07: how the tests call your rmsprop_step and adadelta_step (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). The judge's stand-in sends the arguments and gets back the
 * results; the runner's serve function receives the same arguments, in the
 * same order, calls your function, and sends back what it changed.
 *
 * What is special here: a test may pass w and g as the same array (the
 * runner then does too). g is an input, yet it comes back as well: a test
 * checks that your step leaves g alone, so the test's g changes only if
 * your code wrote into it. */
#include "call.h"
#include "lessons.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

void rmsprop_step(float *w, const float *g, float *v, size_t n, float lr, float alpha, float eps)
{
    struct message *in = call_begin("rmsprop_step");
    put_floats(in, w, n);
    put_bool(in, g == w);
    if (g != w)
        put_floats(in, g, n);
    put_floats(in, v, n);
    put_size(in, n);
    put_float(in, lr);
    put_float(in, alpha);
    put_float(in, eps);
    struct message *out = call_run();
    get_floats(out, w, n);
    if (g != w)
        get_input_back(out, g, n);
    get_floats(out, v, n);
    call_end();
}

void adadelta_step(float *w, const float *g, float *v, float *u, size_t n, float lr, float rho,
                   float eps)
{
    struct message *in = call_begin("adadelta_step");
    put_floats(in, w, n);
    put_bool(in, g == w);
    if (g != w)
        put_floats(in, g, n);
    put_floats(in, v, n);
    put_floats(in, u, n);
    put_size(in, n);
    put_float(in, lr);
    put_float(in, rho);
    put_float(in, eps);
    struct message *out = call_run();
    get_floats(out, w, n);
    if (g != w)
        get_input_back(out, g, n);
    get_floats(out, v, n);
    get_floats(out, u, n);
    call_end();
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_rmsprop_step(struct message *in, struct message *out)
{
    float *w = get_new_floats(in, NULL);
    bool same = get_bool(in);
    float *g = same ? w : get_new_floats(in, NULL);
    float *v = get_new_floats(in, NULL);
    size_t n = get_size(in);
    float lr = get_float(in);
    float alpha = get_float(in);
    float eps = get_float(in);
    rmsprop_step(w, g, v, n, lr, alpha, eps);
    put_floats(out, w, n);
    if (!same)
        put_floats(out, g, n);
    put_floats(out, v, n);
}

static void serve_adadelta_step(struct message *in, struct message *out)
{
    float *w = get_new_floats(in, NULL);
    bool same = get_bool(in);
    float *g = same ? w : get_new_floats(in, NULL);
    float *v = get_new_floats(in, NULL);
    float *u = get_new_floats(in, NULL);
    size_t n = get_size(in);
    float lr = get_float(in);
    float rho = get_float(in);
    float eps = get_float(in);
    adadelta_step(w, g, v, u, n, lr, rho, eps);
    put_floats(out, w, n);
    if (!same)
        put_floats(out, g, n);
    put_floats(out, v, n);
    put_floats(out, u, n);
}

SERVED_FUNCTIONS({"rmsprop_step", serve_rmsprop_step},
                 {"adadelta_step", serve_adadelta_step});

#endif
