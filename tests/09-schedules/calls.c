/* Lesson 09: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed.
 *
 * A schedule travels field by field, every field whatever its kind (the
 * tests fill unused fields with nonsense your code must ignore). A struct
 * error travels whole both ways: all 512 bytes of its message, also those
 * after the first '\0', because a test checks that a successful
 * schedule_validate leaves err untouched. err may be NULL: the runner then
 * passes NULL too. */
#include "call.h"
#include "state_call.h"
#include "lessons.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

/* Every field, whatever the kind: unused ones too. */
static void put_schedule(struct message *m, const struct schedule *s)
{
    put_int(m, (int)s->kind);
    put_double(m, s->base_lr);
    put_double(m, s->gamma);
    put_long(m, s->step_size);
    put_long(m, s->warmup_steps);
    put_long(m, s->total_steps);
    put_double(m, s->min_lr);
    put_double(m, s->d_model);
}

int schedule_validate(const struct schedule *s, struct error *err)
{
    struct message *in = call_begin("schedule_validate");
    put_schedule(in, s);
    put_error(in, err);
    struct message *out = call_run();
    int status = get_int(out);
    get_error(out, err);
    call_end();
    return status;
}

double schedule_lr(const struct schedule *s, long step)
{
    struct message *in = call_begin("schedule_lr");
    put_schedule(in, s);
    put_long(in, step);
    struct message *out = call_run();
    double lr = get_double(out);
    call_end();
    return lr;
}

#else /* ---- your code's side (the runner) ------------------------------------- */

static void get_schedule(struct message *m, struct schedule *s)
{
    s->kind = (enum schedule_kind)get_int(m);
    s->base_lr = get_double(m);
    s->gamma = get_double(m);
    s->step_size = get_long(m);
    s->warmup_steps = get_long(m);
    s->total_steps = get_long(m);
    s->min_lr = get_double(m);
    s->d_model = get_double(m);
}

static void serve_schedule_validate(struct message *in, struct message *out)
{
    struct schedule s;
    get_schedule(in, &s);
    struct error *err = get_new_error(in);
    put_int(out, schedule_validate(&s, err));
    put_error(out, err);
}

static void serve_schedule_lr(struct message *in, struct message *out)
{
    struct schedule s;
    get_schedule(in, &s);
    long step = get_long(in);
    put_double(out, schedule_lr(&s, step));
}

SERVED_FUNCTIONS({"schedule_validate", serve_schedule_validate},
                 {"schedule_lr", serve_schedule_lr});

#endif
