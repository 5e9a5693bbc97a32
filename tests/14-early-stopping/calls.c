/* Lesson 14: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed.
 *
 * The state machine's struct travels whole, field by field, both ways: the
 * test keeps the state between calls and reads its fields after each one.
 * In the runner it lives in memory of exactly its size (with guard bytes
 * after it), so a write past the struct is noticed. */
#include "call.h"
#include "lessons.h"

static inline void put_early_stopping(struct message *m, const struct early_stopping *s)
{
    put_long(m, s->patience);
    put_double(m, s->min_delta);
    put_double(m, s->best_loss);
    put_long(m, s->best_epoch);
    put_long(m, s->epochs_without_improvement);
}

static inline void get_early_stopping(struct message *m, struct early_stopping *s)
{
    s->patience = get_long(m);
    s->min_delta = get_double(m);
    s->best_loss = get_double(m);
    s->best_epoch = get_long(m);
    s->epochs_without_improvement = get_long(m);
}

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

void early_stopping_init(struct early_stopping *s, long patience, double min_delta)
{
    struct message *in = call_begin("early_stopping_init");
    put_early_stopping(in, s);
    put_long(in, patience);
    put_double(in, min_delta);
    struct message *out = call_run();
    get_early_stopping(out, s);
    call_end();
}

enum early_stopping_decision early_stopping_update(struct early_stopping *s, long epoch,
                                                   double validation_loss)
{
    struct message *in = call_begin("early_stopping_update");
    put_early_stopping(in, s);
    put_long(in, epoch);
    put_double(in, validation_loss);
    struct message *out = call_run();
    enum early_stopping_decision decision = (enum early_stopping_decision)get_int(out);
    get_early_stopping(out, s);
    call_end();
    return decision;
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static struct early_stopping *get_new_early_stopping(struct message *in)
{
    struct early_stopping *s = message_new_memory(in, sizeof *s);
    get_early_stopping(in, s);
    return s;
}

static void serve_early_stopping_init(struct message *in, struct message *out)
{
    struct early_stopping *s = get_new_early_stopping(in);
    long patience = get_long(in);
    double min_delta = get_double(in);
    early_stopping_init(s, patience, min_delta);
    put_early_stopping(out, s);
}

static void serve_early_stopping_update(struct message *in, struct message *out)
{
    struct early_stopping *s = get_new_early_stopping(in);
    long epoch = get_long(in);
    double validation_loss = get_double(in);
    put_int(out, (int)early_stopping_update(s, epoch, validation_loss));
    put_early_stopping(out, s);
}

SERVED_FUNCTIONS({"early_stopping_init", serve_early_stopping_init},
                 {"early_stopping_update", serve_early_stopping_update});

#endif
