/* Lesson 08: how the tests call your adam_step (see tests/harness/call.h).
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

void adam_step(float *w, const float *g, float *m, float *v, size_t n, float lr, float beta1,
               float beta2, float eps, long t)
{
    struct message *in = call_begin("adam_step");
    put_floats(in, w, n);
    put_bool(in, g == w);
    if (g != w)
        put_floats(in, g, n);
    put_floats(in, m, n);
    put_floats(in, v, n);
    put_size(in, n);
    put_float(in, lr);
    put_float(in, beta1);
    put_float(in, beta2);
    put_float(in, eps);
    put_long(in, t);
    struct message *out = call_run();
    get_floats(out, w, n);
    if (g != w)
        get_input_back(out, g, n);
    get_floats(out, m, n);
    get_floats(out, v, n);
    call_end();
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_adam_step(struct message *in, struct message *out)
{
    float *w = get_new_floats(in, NULL);
    bool same = get_bool(in);
    float *g = same ? w : get_new_floats(in, NULL);
    float *m = get_new_floats(in, NULL);
    float *v = get_new_floats(in, NULL);
    size_t n = get_size(in);
    float lr = get_float(in);
    float beta1 = get_float(in);
    float beta2 = get_float(in);
    float eps = get_float(in);
    long t = get_long(in);
    adam_step(w, g, m, v, n, lr, beta1, beta2, eps, t);
    put_floats(out, w, n);
    if (!same)
        put_floats(out, g, n);
    put_floats(out, m, n);
    put_floats(out, v, n);
}

SERVED_FUNCTIONS({"adam_step", serve_adam_step});

#endif
