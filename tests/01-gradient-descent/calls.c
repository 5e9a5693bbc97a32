/* Lesson 01: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed. */
#include "call.h"
#include "lessons.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

double line_mse(const float *x, const float *y, size_t n, const float w[2])
{
    struct message *in = call_begin("line_mse");
    put_floats(in, x, n);
    put_floats(in, y, n);
    put_size(in, n);
    put_floats(in, w, 2);
    struct message *out = call_run();
    double loss = get_double(out);
    call_end();
    return loss;
}

void line_mse_gradient(const float *x, const float *y, size_t n, const float w[2], float g[2])
{
    struct message *in = call_begin("line_mse_gradient");
    put_floats(in, x, n);
    put_floats(in, y, n);
    put_size(in, n);
    put_floats(in, w, 2);
    put_floats(in, g, 2);
    struct message *out = call_run();
    get_floats(out, g, 2);
    call_end();
}

/* A test may pass w and g as the same array: the runner then does too. */
void gd_step(float *w, const float *g, size_t n, float lr)
{
    struct message *in = call_begin("gd_step");
    put_floats(in, w, n);
    put_bool(in, g == w);
    if (g != w)
        put_floats(in, g, n);
    put_size(in, n);
    put_float(in, lr);
    struct message *out = call_run();
    get_floats(out, w, n);
    if (g != w)
        get_input_back(out, g, n);
    call_end();
}

double l2_norm(const float *v, size_t n)
{
    struct message *in = call_begin("l2_norm");
    put_floats(in, v, n);
    put_size(in, n);
    struct message *out = call_run();
    double norm = get_double(out);
    call_end();
    return norm;
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_line_mse(struct message *in, struct message *out)
{
    const float *x = get_new_floats(in, NULL);
    const float *y = get_new_floats(in, NULL);
    size_t n = get_size(in);
    const float *w = get_new_floats(in, NULL);
    put_double(out, line_mse(x, y, n, w));
}

static void serve_line_mse_gradient(struct message *in, struct message *out)
{
    const float *x = get_new_floats(in, NULL);
    const float *y = get_new_floats(in, NULL);
    size_t n = get_size(in);
    const float *w = get_new_floats(in, NULL);
    float *g = get_new_floats(in, NULL);
    line_mse_gradient(x, y, n, w, g);
    put_floats(out, g, 2);
}

static void serve_gd_step(struct message *in, struct message *out)
{
    float *w = get_new_floats(in, NULL);
    float *g = get_bool(in) ? w : get_new_floats(in, NULL);
    size_t n = get_size(in);
    float lr = get_float(in);
    gd_step(w, g, n, lr);
    put_floats(out, w, n);
    if (g != w)
        put_floats(out, g, n);
}

static void serve_l2_norm(struct message *in, struct message *out)
{
    const float *v = get_new_floats(in, NULL);
    size_t n = get_size(in);
    put_double(out, l2_norm(v, n));
}

SERVED_FUNCTIONS({"line_mse", serve_line_mse},
                 {"line_mse_gradient", serve_line_mse_gradient},
                 {"gd_step", serve_gd_step},
                 {"l2_norm", serve_l2_norm});

#endif
