/* Lesson 02: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed. The objective
 * your sgd_epoch calls stays with the test: see objective_call.h; the
 * generator travels whole, as state_call.h shows. */
#include "call.h"
#include "state_call.h"
#include "lessons.h"
#include "objective_call.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

void shuffle(uint32_t *order, size_t n, struct rng *rng)
{
    struct message *in = call_begin("shuffle");
    put_u32s(in, order, n);
    put_size(in, n);
    put_rng(in, rng);
    struct message *out = call_run();
    get_u32s(out, order, n);
    get_rng(out, rng);
    call_end();
}

double sgd_epoch(const struct objective *f, float *w, float lr, uint32_t *order, float *g,
                 struct rng *rng)
{
    struct message *in = call_begin("sgd_epoch");
    put_objective(in, f);
    put_floats(in, w, f->param_count);
    put_float(in, lr);
    put_u32s(in, order, f->example_count);
    put_floats(in, g, f->param_count);
    put_rng(in, rng);
    struct message *out = call_run_with_callbacks(answer_objective, f);
    double loss = get_double(out);
    get_floats(out, w, f->param_count);
    get_u32s(out, order, f->example_count);
    get_floats(out, g, f->param_count);
    get_rng(out, rng);
    call_end();
    return loss;
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void serve_shuffle(struct message *in, struct message *out)
{
    uint32_t *order = get_new_u32s(in, NULL);
    size_t n = get_size(in);
    struct rng rng;
    get_rng(in, &rng);
    shuffle(order, n, &rng);
    put_u32s(out, order, n);
    put_rng(out, &rng);
}

static void serve_sgd_epoch(struct message *in, struct message *out)
{
    const struct objective *f = get_new_objective(in);
    float *w = get_new_floats(in, NULL);
    float lr = get_float(in);
    uint32_t *order = get_new_u32s(in, NULL);
    float *g = get_new_floats(in, NULL);
    struct rng rng;
    get_rng(in, &rng);
    double loss = sgd_epoch(f, w, lr, order, g, &rng);
    put_double(out, loss);
    put_floats(out, w, f->param_count);
    put_u32s(out, order, f->example_count);
    put_floats(out, g, f->param_count);
    put_rng(out, &rng);
}

SERVED_FUNCTIONS({"shuffle", serve_shuffle}, {"sgd_epoch", serve_sgd_epoch});

#endif
