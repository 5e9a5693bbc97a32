/* Lesson 13: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed. Special here:
 * add_gradient_noise draws from the test's generator, so the generator
 * travels both ways -- the test then checks how many normals you drew. */
#include "call.h"
#include "state_call.h"
#include "lessons.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

double clip_by_norm(float *g, size_t n, double max_norm)
{
    struct message *in = call_begin("clip_by_norm");
    put_floats(in, g, n);
    put_size(in, n);
    put_double(in, max_norm);
    struct message *out = call_run();
    double norm = get_double(out);
    get_floats(out, g, n);
    call_end();
    return norm;
}

void clip_by_value(float *g, size_t n, float limit)
{
    struct message *in = call_begin("clip_by_value");
    put_floats(in, g, n);
    put_size(in, n);
    put_float(in, limit);
    struct message *out = call_run();
    get_floats(out, g, n);
    call_end();
}

double gradient_noise_std(double eta, double gamma, long t)
{
    struct message *in = call_begin("gradient_noise_std");
    put_double(in, eta);
    put_double(in, gamma);
    put_long(in, t);
    struct message *out = call_run();
    double sigma = get_double(out);
    call_end();
    return sigma;
}

void add_gradient_noise(float *g, size_t n, double eta, double gamma, long t,
                        struct rng *rng)
{
    struct message *in = call_begin("add_gradient_noise");
    put_floats(in, g, n);
    put_size(in, n);
    put_double(in, eta);
    put_double(in, gamma);
    put_long(in, t);
    put_rng(in, rng);
    struct message *out = call_run();
    get_floats(out, g, n);
    get_rng(out, rng);
    call_end();
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_clip_by_norm(struct message *in, struct message *out)
{
    float *g = get_new_floats(in, NULL);
    size_t n = get_size(in);
    double max_norm = get_double(in);
    put_double(out, clip_by_norm(g, n, max_norm));
    put_floats(out, g, n);
}

static void serve_clip_by_value(struct message *in, struct message *out)
{
    float *g = get_new_floats(in, NULL);
    size_t n = get_size(in);
    float limit = get_float(in);
    clip_by_value(g, n, limit);
    put_floats(out, g, n);
}

static void serve_gradient_noise_std(struct message *in, struct message *out)
{
    double eta = get_double(in);
    double gamma = get_double(in);
    long t = get_long(in);
    put_double(out, gradient_noise_std(eta, gamma, t));
}

static void serve_add_gradient_noise(struct message *in, struct message *out)
{
    float *g = get_new_floats(in, NULL);
    size_t n = get_size(in);
    double eta = get_double(in);
    double gamma = get_double(in);
    long t = get_long(in);
    struct rng rng;
    get_rng(in, &rng);
    add_gradient_noise(g, n, eta, gamma, t, &rng);
    put_floats(out, g, n);
    put_rng(out, &rng);
}

SERVED_FUNCTIONS({"clip_by_norm", serve_clip_by_norm},
                 {"clip_by_value", serve_clip_by_value},
                 {"gradient_noise_std", serve_gradient_noise_std},
                 {"add_gradient_noise", serve_add_gradient_noise});

#endif
