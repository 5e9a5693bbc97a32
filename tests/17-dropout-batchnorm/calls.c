/* Lesson 17: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed. Every array your
 * function may write travels both ways, so a test also sees what you left
 * untouched. dropout_forward draws from the test's generator: the generator
 * travels both ways too, and the test checks how many uniforms you drew. */
#include "call.h"
#include "state_call.h"
#include "lessons.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

void dropout_forward(float *y, float *mask, const float *x, size_t n, float p,
                     int training, struct rng *rng)
{
    struct message *in = call_begin("dropout_forward");
    put_floats(in, y, n);
    put_floats(in, mask, mask != NULL ? n : 0);
    put_bool(in, mask != NULL);
    put_floats(in, x, n);
    put_size(in, n);
    put_float(in, p);
    put_int(in, training);
    put_rng(in, rng);
    struct message *out = call_run();
    get_floats(out, y, n);
    if (mask != NULL)
        get_floats(out, mask, n);
    get_input_back(out, x, n);
    get_rng(out, rng);
    call_end();
}

void dropout_backward(float *dx, const float *dy, const float *mask, size_t n, float p)
{
    struct message *in = call_begin("dropout_backward");
    put_floats(in, dx, n);
    put_floats(in, dy, n);
    put_floats(in, mask, n);
    put_size(in, n);
    put_float(in, p);
    struct message *out = call_run();
    get_floats(out, dx, n);
    get_input_back(out, dy, n);
    get_input_back(out, mask, n);
    call_end();
}

void batchnorm_statistics(float *mean, float *var, const float *x, size_t batch,
                          size_t features)
{
    struct message *in = call_begin("batchnorm_statistics");
    put_floats(in, mean, features);
    put_floats(in, var, features);
    put_floats(in, x, batch * features);
    put_size(in, batch);
    put_size(in, features);
    struct message *out = call_run();
    get_floats(out, mean, features);
    get_floats(out, var, features);
    get_input_back(out, x, batch * features);
    call_end();
}

void batchnorm_update_running(float *running_mean, float *running_var, const float *mean,
                              const float *var, size_t batch, size_t features,
                              float momentum)
{
    struct message *in = call_begin("batchnorm_update_running");
    put_floats(in, running_mean, features);
    put_floats(in, running_var, features);
    put_floats(in, mean, features);
    put_floats(in, var, features);
    put_size(in, batch);
    put_size(in, features);
    put_float(in, momentum);
    struct message *out = call_run();
    get_floats(out, running_mean, features);
    get_floats(out, running_var, features);
    get_input_back(out, mean, features);
    get_input_back(out, var, features);
    call_end();
}

void batchnorm_normalize(float *y, float *x_hat, const float *x, const float *mean,
                         const float *var, const float *gamma, const float *beta,
                         size_t batch, size_t features, float eps)
{
    size_t n = batch * features;
    struct message *in = call_begin("batchnorm_normalize");
    put_floats(in, y, n);
    put_bool(in, x_hat != NULL);
    put_floats(in, x_hat, x_hat != NULL ? n : 0);
    put_floats(in, x, n);
    put_floats(in, mean, features);
    put_floats(in, var, features);
    put_floats(in, gamma, features);
    put_floats(in, beta, features);
    put_size(in, batch);
    put_size(in, features);
    put_float(in, eps);
    struct message *out = call_run();
    get_floats(out, y, n);
    if (x_hat != NULL)
        get_floats(out, x_hat, n);
    get_input_back(out, x, n);
    get_input_back(out, mean, features);
    get_input_back(out, var, features);
    get_input_back(out, gamma, features);
    get_input_back(out, beta, features);
    call_end();
}

void batchnorm_backward(float *dx, float *dgamma, float *dbeta, const float *dy,
                        const float *x_hat, const float *var, const float *gamma,
                        size_t batch, size_t features, float eps)
{
    size_t n = batch * features;
    struct message *in = call_begin("batchnorm_backward");
    put_floats(in, dx, n);
    put_floats(in, dgamma, features);
    put_floats(in, dbeta, features);
    put_floats(in, dy, n);
    put_floats(in, x_hat, n);
    put_floats(in, var, features);
    put_floats(in, gamma, features);
    put_size(in, batch);
    put_size(in, features);
    put_float(in, eps);
    struct message *out = call_run();
    get_floats(out, dx, n);
    get_floats(out, dgamma, features);
    get_floats(out, dbeta, features);
    get_input_back(out, dy, n);
    get_input_back(out, x_hat, n);
    get_input_back(out, var, features);
    get_input_back(out, gamma, features);
    call_end();
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_dropout_forward(struct message *in, struct message *out)
{
    float *y = get_new_floats(in, NULL);
    float *mask = get_new_floats(in, NULL);
    if (!get_bool(in))
        mask = NULL; /* the test passed NULL (evaluation) */
    float *x = get_new_floats(in, NULL);
    size_t n = get_size(in);
    float p = get_float(in);
    int training = get_int(in);
    struct rng rng;
    get_rng(in, &rng);
    dropout_forward(y, mask, x, n, p, training, &rng);
    put_floats(out, y, n);
    if (mask != NULL)
        put_floats(out, mask, n);
    put_floats(out, x, n);
    put_rng(out, &rng);
}

static void serve_dropout_backward(struct message *in, struct message *out)
{
    float *dx = get_new_floats(in, NULL);
    float *dy = get_new_floats(in, NULL);
    float *mask = get_new_floats(in, NULL);
    size_t n = get_size(in);
    float p = get_float(in);
    dropout_backward(dx, dy, mask, n, p);
    put_floats(out, dx, n);
    put_floats(out, dy, n);
    put_floats(out, mask, n);
}

static void serve_batchnorm_statistics(struct message *in, struct message *out)
{
    float *mean = get_new_floats(in, NULL);
    float *var = get_new_floats(in, NULL);
    float *x = get_new_floats(in, NULL);
    size_t batch = get_size(in);
    size_t features = get_size(in);
    batchnorm_statistics(mean, var, x, batch, features);
    put_floats(out, mean, features);
    put_floats(out, var, features);
    put_floats(out, x, batch * features);
}

static void serve_batchnorm_update_running(struct message *in, struct message *out)
{
    float *running_mean = get_new_floats(in, NULL);
    float *running_var = get_new_floats(in, NULL);
    float *mean = get_new_floats(in, NULL);
    float *var = get_new_floats(in, NULL);
    size_t batch = get_size(in);
    size_t features = get_size(in);
    float momentum = get_float(in);
    batchnorm_update_running(running_mean, running_var, mean, var, batch, features, momentum);
    put_floats(out, running_mean, features);
    put_floats(out, running_var, features);
    put_floats(out, mean, features);
    put_floats(out, var, features);
}

static void serve_batchnorm_normalize(struct message *in, struct message *out)
{
    float *y = get_new_floats(in, NULL);
    int have_x_hat = get_bool(in);
    float *x_hat = get_new_floats(in, NULL);
    if (!have_x_hat)
        x_hat = NULL;
    float *x = get_new_floats(in, NULL);
    float *mean = get_new_floats(in, NULL);
    float *var = get_new_floats(in, NULL);
    float *gamma = get_new_floats(in, NULL);
    float *beta = get_new_floats(in, NULL);
    size_t batch = get_size(in);
    size_t features = get_size(in);
    float eps = get_float(in);
    size_t n = batch * features;
    batchnorm_normalize(y, x_hat, x, mean, var, gamma, beta, batch, features, eps);
    put_floats(out, y, n);
    if (x_hat != NULL)
        put_floats(out, x_hat, n);
    put_floats(out, x, n);
    put_floats(out, mean, features);
    put_floats(out, var, features);
    put_floats(out, gamma, features);
    put_floats(out, beta, features);
}

static void serve_batchnorm_backward(struct message *in, struct message *out)
{
    float *dx = get_new_floats(in, NULL);
    float *dgamma = get_new_floats(in, NULL);
    float *dbeta = get_new_floats(in, NULL);
    float *dy = get_new_floats(in, NULL);
    float *x_hat = get_new_floats(in, NULL);
    float *var = get_new_floats(in, NULL);
    float *gamma = get_new_floats(in, NULL);
    size_t batch = get_size(in);
    size_t features = get_size(in);
    float eps = get_float(in);
    size_t n = batch * features;
    batchnorm_backward(dx, dgamma, dbeta, dy, x_hat, var, gamma, batch, features, eps);
    put_floats(out, dx, n);
    put_floats(out, dgamma, features);
    put_floats(out, dbeta, features);
    put_floats(out, dy, n);
    put_floats(out, x_hat, n);
    put_floats(out, var, features);
    put_floats(out, gamma, features);
}

SERVED_FUNCTIONS({"dropout_forward", serve_dropout_forward},
                 {"dropout_backward", serve_dropout_backward},
                 {"batchnorm_statistics", serve_batchnorm_statistics},
                 {"batchnorm_update_running", serve_batchnorm_update_running},
                 {"batchnorm_normalize", serve_batchnorm_normalize},
                 {"batchnorm_backward", serve_batchnorm_backward});

#endif
