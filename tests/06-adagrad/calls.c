/* Lesson 06: how the tests call your adagrad_step (see tests/harness/call.h).
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

void adagrad_step(float *w, const float *g, float *s, size_t n, float lr, float eps)
{
    struct message *in = call_begin("adagrad_step");
    put_floats(in, w, n);
    put_bool(in, g == w);
    if (g != w)
        put_floats(in, g, n);
    put_floats(in, s, n);
    put_size(in, n);
    put_float(in, lr);
    put_float(in, eps);
    struct message *out = call_run();
    get_floats(out, w, n);
    if (g != w)
        get_input_back(out, g, n);
    get_floats(out, s, n);
    call_end();
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_adagrad_step(struct message *in, struct message *out)
{
    float *w = get_new_floats(in, NULL);
    bool same = get_bool(in);
    float *g = same ? w : get_new_floats(in, NULL);
    float *s = get_new_floats(in, NULL);
    size_t n = get_size(in);
    float lr = get_float(in);
    float eps = get_float(in);
    adagrad_step(w, g, s, n, lr, eps);
    put_floats(out, w, n);
    if (!same)
        put_floats(out, g, n);
    put_floats(out, s, n);
}

SERVED_FUNCTIONS({"adagrad_step", serve_adagrad_step});

#endif
