/* Lesson 03: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed.
 *
 * The objective stays with the test (see objective_call.h): each example
 * gradient your batch_gradient asks for is a callback that the test
 * answers, so the test sees (and counts) every example you use. g and
 * example_g are sent both ways, as the test's garbage in and whatever your
 * code left in them out; batch_bounds's *start comes back too, and the
 * generator's state after minibatch_epoch's shuffle. */
#include "call.h"
#include "state_call.h"
#include "lessons.h"
#include "objective_call.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

size_t batch_count(size_t n, size_t batch_size, enum last_batch rule)
{
    struct message *in = call_begin("batch_count");
    put_size(in, n);
    put_size(in, batch_size);
    put_int(in, (int)rule);
    struct message *out = call_run();
    size_t count = get_size(out);
    call_end();
    return count;
}

size_t batch_bounds(size_t n, size_t batch_size, size_t k, size_t *start)
{
    struct message *in = call_begin("batch_bounds");
    put_size(in, n);
    put_size(in, batch_size);
    put_size(in, k);
    put_sizes(in, start, 1);
    struct message *out = call_run();
    size_t length = get_size(out);
    get_sizes(out, start, 1);
    call_end();
    return length;
}

double batch_gradient(const struct objective *f, const float *w, const uint32_t *batch,
                      size_t count, float *g, float *example_g)
{
    struct message *in = call_begin("batch_gradient");
    put_objective(in, f);
    put_floats(in, w, f->param_count);
    put_u32s(in, batch, count);
    put_size(in, count);
    put_floats(in, g, f->param_count);
    put_floats(in, example_g, f->param_count);
    struct message *out = call_run_with_callbacks(answer_objective, f);
    double loss = get_double(out);
    get_floats(out, g, f->param_count);
    get_floats(out, example_g, f->param_count);
    call_end();
    return loss;
}

double minibatch_epoch(const struct objective *f, float *w, float lr, size_t batch_size,
                       enum last_batch rule, uint32_t *order, float *g, float *example_g,
                       struct rng *rng)
{
    struct message *in = call_begin("minibatch_epoch");
    put_objective(in, f);
    put_floats(in, w, f->param_count);
    put_float(in, lr);
    put_size(in, batch_size);
    put_int(in, (int)rule);
    put_u32s(in, order, f->example_count);
    put_floats(in, g, f->param_count);
    put_floats(in, example_g, f->param_count);
    put_rng(in, rng);
    struct message *out = call_run_with_callbacks(answer_objective, f);
    double loss = get_double(out);
    get_floats(out, w, f->param_count);
    get_u32s(out, order, f->example_count);
    get_floats(out, g, f->param_count);
    get_floats(out, example_g, f->param_count);
    get_rng(out, rng);
    call_end();
    return loss;
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_batch_count(struct message *in, struct message *out)
{
    size_t n = get_size(in);
    size_t batch_size = get_size(in);
    enum last_batch rule = (enum last_batch)get_int(in);
    put_size(out, batch_count(n, batch_size, rule));
}

static void serve_batch_bounds(struct message *in, struct message *out)
{
    size_t n = get_size(in);
    size_t batch_size = get_size(in);
    size_t k = get_size(in);
    size_t *start = get_new_sizes(in, NULL);
    put_size(out, batch_bounds(n, batch_size, k, start));
    put_sizes(out, start, 1);
}

static void serve_batch_gradient(struct message *in, struct message *out)
{
    const struct objective *f = get_new_objective(in);
    const float *w = get_new_floats(in, NULL);
    const uint32_t *batch = get_new_u32s(in, NULL);
    size_t count = get_size(in);
    float *g = get_new_floats(in, NULL);
    float *example_g = get_new_floats(in, NULL);
    double loss = batch_gradient(f, w, batch, count, g, example_g);
    put_double(out, loss);
    put_floats(out, g, f->param_count);
    put_floats(out, example_g, f->param_count);
}

static void serve_minibatch_epoch(struct message *in, struct message *out)
{
    const struct objective *f = get_new_objective(in);
    float *w = get_new_floats(in, NULL);
    float lr = get_float(in);
    size_t batch_size = get_size(in);
    enum last_batch rule = (enum last_batch)get_int(in);
    uint32_t *order = get_new_u32s(in, NULL);
    float *g = get_new_floats(in, NULL);
    float *example_g = get_new_floats(in, NULL);
    struct rng rng;
    get_rng(in, &rng);
    double loss = minibatch_epoch(f, w, lr, batch_size, rule, order, g, example_g, &rng);
    put_double(out, loss);
    put_floats(out, w, f->param_count);
    put_u32s(out, order, f->example_count);
    put_floats(out, g, f->param_count);
    put_floats(out, example_g, f->param_count);
    put_rng(out, &rng);
}

SERVED_FUNCTIONS({"batch_count", serve_batch_count}, {"batch_bounds", serve_batch_bounds},
                 {"batch_gradient", serve_batch_gradient},
                 {"minibatch_epoch", serve_minibatch_epoch});

#endif
