/* Lesson 16: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed. Special here:
 *   - Everything is double, and travels bit for bit.
 *   - solve_linear_system works in place: a and b both come back.
 *   - newton_step overwrites w, h and d; g is read only, and the tests
 *     check that it stays so, so g comes back too. */
#include "call.h"
#include "lessons.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

int solve_linear_system(double *a, double *b, size_t n)
{
    struct message *in = call_begin("solve_linear_system");
    put_doubles(in, a, n * n);
    put_doubles(in, b, n);
    put_size(in, n);
    struct message *out = call_run();
    int status = get_int(out);
    get_doubles(out, a, n * n);
    get_doubles(out, b, n);
    call_end();
    return status;
}

int newton_step(double *w, const double *g, double *h, size_t n, double *d)
{
    struct message *in = call_begin("newton_step");
    put_doubles(in, w, n);
    put_doubles(in, g, n);
    put_doubles(in, h, n * n);
    put_size(in, n);
    put_doubles(in, d, n);
    struct message *out = call_run();
    int status = get_int(out);
    get_doubles(out, w, n);
    get_doubles(out, (double *)g, n); /* the tests' g is never const */
    get_doubles(out, h, n * n);
    get_doubles(out, d, n);
    call_end();
    return status;
}

double logistic_regression_loss(const float *x, const float *y, size_t count, size_t n,
                                const double *w, double ridge)
{
    struct message *in = call_begin("logistic_regression_loss");
    put_floats(in, x, count * n);
    put_floats(in, y, count);
    put_size(in, count);
    put_size(in, n);
    put_doubles(in, w, n);
    put_double(in, ridge);
    struct message *out = call_run();
    double loss = get_double(out);
    call_end();
    return loss;
}

void logistic_regression_gradient(const float *x, const float *y, size_t count, size_t n,
                                  const double *w, double ridge, double *g)
{
    struct message *in = call_begin("logistic_regression_gradient");
    put_floats(in, x, count * n);
    put_floats(in, y, count);
    put_size(in, count);
    put_size(in, n);
    put_doubles(in, w, n);
    put_double(in, ridge);
    put_doubles(in, g, n);
    struct message *out = call_run();
    get_doubles(out, g, n);
    call_end();
}

void logistic_regression_hessian(const float *x, size_t count, size_t n, const double *w,
                                 double ridge, double *h)
{
    struct message *in = call_begin("logistic_regression_hessian");
    put_floats(in, x, count * n);
    put_size(in, count);
    put_size(in, n);
    put_doubles(in, w, n);
    put_double(in, ridge);
    put_doubles(in, h, n * n);
    struct message *out = call_run();
    get_doubles(out, h, n * n);
    call_end();
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_solve_linear_system(struct message *in, struct message *out)
{
    double *a = get_new_doubles(in, NULL);
    double *b = get_new_doubles(in, NULL);
    size_t n = get_size(in);
    put_int(out, solve_linear_system(a, b, n));
    put_doubles(out, a, n * n);
    put_doubles(out, b, n);
}

static void serve_newton_step(struct message *in, struct message *out)
{
    double *w = get_new_doubles(in, NULL);
    double *g = get_new_doubles(in, NULL);
    double *h = get_new_doubles(in, NULL);
    size_t n = get_size(in);
    double *d = get_new_doubles(in, NULL);
    put_int(out, newton_step(w, g, h, n, d));
    put_doubles(out, w, n);
    put_doubles(out, g, n);
    put_doubles(out, h, n * n);
    put_doubles(out, d, n);
}

static void serve_logistic_regression_loss(struct message *in, struct message *out)
{
    const float *x = get_new_floats(in, NULL);
    const float *y = get_new_floats(in, NULL);
    size_t count = get_size(in);
    size_t n = get_size(in);
    const double *w = get_new_doubles(in, NULL);
    double ridge = get_double(in);
    put_double(out, logistic_regression_loss(x, y, count, n, w, ridge));
}

static void serve_logistic_regression_gradient(struct message *in, struct message *out)
{
    const float *x = get_new_floats(in, NULL);
    const float *y = get_new_floats(in, NULL);
    size_t count = get_size(in);
    size_t n = get_size(in);
    const double *w = get_new_doubles(in, NULL);
    double ridge = get_double(in);
    double *g = get_new_doubles(in, NULL);
    logistic_regression_gradient(x, y, count, n, w, ridge, g);
    put_doubles(out, g, n);
}

static void serve_logistic_regression_hessian(struct message *in, struct message *out)
{
    const float *x = get_new_floats(in, NULL);
    size_t count = get_size(in);
    size_t n = get_size(in);
    const double *w = get_new_doubles(in, NULL);
    double ridge = get_double(in);
    double *h = get_new_doubles(in, NULL);
    logistic_regression_hessian(x, count, n, w, ridge, h);
    put_doubles(out, h, n * n);
}

SERVED_FUNCTIONS({"solve_linear_system", serve_solve_linear_system},
                 {"newton_step", serve_newton_step},
                 {"logistic_regression_loss", serve_logistic_regression_loss},
                 {"logistic_regression_gradient", serve_logistic_regression_gradient},
                 {"logistic_regression_hessian", serve_logistic_regression_hessian});

#endif
