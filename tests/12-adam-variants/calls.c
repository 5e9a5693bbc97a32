/* Lesson 12: how the tests call your Adam variants (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). The judge's stand-in sends the arguments and gets back the
 * results; the runner's serve function receives the same arguments, in the
 * same order, calls your function, and sends back what it changed.
 *
 * What is special here: a test may pass w and g as the same array (the
 * runner then does too). g is an input, yet it comes back as well: a test
 * checks that your step leaves g alone, so the test's g changes only if
 * your code wrote into it. Nadam's *mu_product is one number: it travels
 * as an array of one double, so a write past it is caught too. */
#include "call.h"
#include "lessons.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

void amsgrad_step(float *w, const float *g, float *m, float *v, float *v_max, size_t n, float lr,
                  float beta1, float beta2, float eps, long t)
{
    struct message *in = call_begin("amsgrad_step");
    put_floats(in, w, n);
    put_bool(in, g == w);
    if (g != w)
        put_floats(in, g, n);
    put_floats(in, m, n);
    put_floats(in, v, n);
    put_floats(in, v_max, n);
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
    get_floats(out, v_max, n);
    call_end();
}

void nadam_step(float *w, const float *g, float *m, float *v, double *mu_product, size_t n,
                float lr, float beta1, float beta2, float eps, float momentum_decay, long t)
{
    struct message *in = call_begin("nadam_step");
    put_floats(in, w, n);
    put_bool(in, g == w);
    if (g != w)
        put_floats(in, g, n);
    put_floats(in, m, n);
    put_floats(in, v, n);
    put_doubles(in, mu_product, 1);
    put_size(in, n);
    put_float(in, lr);
    put_float(in, beta1);
    put_float(in, beta2);
    put_float(in, eps);
    put_float(in, momentum_decay);
    put_long(in, t);
    struct message *out = call_run();
    get_floats(out, w, n);
    if (g != w)
        get_input_back(out, g, n);
    get_floats(out, m, n);
    get_floats(out, v, n);
    get_doubles(out, mu_product, 1);
    call_end();
}

void adamax_step(float *w, const float *g, float *m, float *u, size_t n, float lr, float beta1,
                 float beta2, float eps, long t)
{
    struct message *in = call_begin("adamax_step");
    put_floats(in, w, n);
    put_bool(in, g == w);
    if (g != w)
        put_floats(in, g, n);
    put_floats(in, m, n);
    put_floats(in, u, n);
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
    get_floats(out, u, n);
    call_end();
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_amsgrad_step(struct message *in, struct message *out)
{
    float *w = get_new_floats(in, NULL);
    bool same = get_bool(in);
    float *g = same ? w : get_new_floats(in, NULL);
    float *m = get_new_floats(in, NULL);
    float *v = get_new_floats(in, NULL);
    float *v_max = get_new_floats(in, NULL);
    size_t n = get_size(in);
    float lr = get_float(in);
    float beta1 = get_float(in);
    float beta2 = get_float(in);
    float eps = get_float(in);
    long t = get_long(in);
    amsgrad_step(w, g, m, v, v_max, n, lr, beta1, beta2, eps, t);
    put_floats(out, w, n);
    if (!same)
        put_floats(out, g, n);
    put_floats(out, m, n);
    put_floats(out, v, n);
    put_floats(out, v_max, n);
}

static void serve_nadam_step(struct message *in, struct message *out)
{
    float *w = get_new_floats(in, NULL);
    bool same = get_bool(in);
    float *g = same ? w : get_new_floats(in, NULL);
    float *m = get_new_floats(in, NULL);
    float *v = get_new_floats(in, NULL);
    double *mu_product = get_new_doubles(in, NULL);
    size_t n = get_size(in);
    float lr = get_float(in);
    float beta1 = get_float(in);
    float beta2 = get_float(in);
    float eps = get_float(in);
    float momentum_decay = get_float(in);
    long t = get_long(in);
    nadam_step(w, g, m, v, mu_product, n, lr, beta1, beta2, eps, momentum_decay, t);
    put_floats(out, w, n);
    if (!same)
        put_floats(out, g, n);
    put_floats(out, m, n);
    put_floats(out, v, n);
    put_doubles(out, mu_product, 1);
}

static void serve_adamax_step(struct message *in, struct message *out)
{
    float *w = get_new_floats(in, NULL);
    bool same = get_bool(in);
    float *g = same ? w : get_new_floats(in, NULL);
    float *m = get_new_floats(in, NULL);
    float *u = get_new_floats(in, NULL);
    size_t n = get_size(in);
    float lr = get_float(in);
    float beta1 = get_float(in);
    float beta2 = get_float(in);
    float eps = get_float(in);
    long t = get_long(in);
    adamax_step(w, g, m, u, n, lr, beta1, beta2, eps, t);
    put_floats(out, w, n);
    if (!same)
        put_floats(out, g, n);
    put_floats(out, m, n);
    put_floats(out, u, n);
}

SERVED_FUNCTIONS({"amsgrad_step", serve_amsgrad_step},
                 {"nadam_step", serve_nadam_step},
                 {"adamax_step", serve_adamax_step});

#endif
