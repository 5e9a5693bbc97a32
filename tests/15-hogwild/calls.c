/* Lesson 15: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed. Special here:
 *   - An example is a struct with two arrays: it travels field by field.
 *   - Your threads run in the runner, all inside one call: hogwild_epoch
 *     and hogwild_train start and join them there, on the runner's copy of
 *     the shared weights, which then comes back whole.
 *   - _Atomic float arrays travel as their values; the runner rebuilds an
 *     _Atomic float array of the same length (atomic_init).
 *   - Only hogwild_train is told how many weights there are (dim). For the
 *     other functions the weights sent are w[0], ..., w[m], m the largest
 *     index of the examples the call can use: the runner's array ends
 *     there, so a write to any weight past it is noticed.
 *   - A worker (and an epoch) gets the examples 0, ..., end - 1: the ones
 *     before its slice too, as in the test's array, but none after. Reading
 *     examples[end] reads past the runner's copy (it would past the data
 *     set on the last slice of any epoch) and usually crashes. */
#include "call.h"
#include "lessons.h"

#include <stdatomic.h>

/* Both sides: an _Atomic float array travels as its length and values. */
static inline void put_atomic_floats(struct message *m, _Atomic float *w, size_t n)
{
    put_size(m, n);
    for (size_t j = 0; j < n; j++)
        put_float(m, atomic_load(&w[j]));
}

/* A job's own fields (its w and examples are sent once per call). */
static inline void put_job(struct message *m, const struct hogwild_job *job)
{
    put_size(m, job->first);
    put_size(m, job->end);
    put_float(m, job->lr);
    put_size(m, job->steps_done);
}

static inline void get_job(struct message *m, struct hogwild_job *job)
{
    job->first = get_size(m);
    job->end = get_size(m);
    job->lr = get_float(m);
    job->steps_done = get_size(m);
}

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

#include "harness.h" /* fail_msg */

static void put_examples(struct message *m, const struct sparse_example *examples, size_t count)
{
    put_size(m, count);
    for (size_t i = 0; i < count; i++) {
        put_sizes(m, examples[i].index, examples[i].nnz);
        put_floats(m, examples[i].value, examples[i].nnz);
        put_size(m, examples[i].nnz);
        put_float(m, examples[i].label);
    }
}

/* How many weights examples[0], ..., examples[count - 1] reach: 1 + the
 * largest index among them (0 for none). */
static size_t weights_reached(const struct sparse_example *examples, size_t count)
{
    size_t dim = 0;
    for (size_t i = 0; i < count; i++)
        for (size_t k = 0; k < examples[i].nnz; k++)
            if (examples[i].index[k] + 1 > dim)
                dim = examples[i].index[k] + 1;
    return dim;
}

static void get_atomic_floats(struct message *m, _Atomic float *w, size_t n)
{
    if (get_size(m) != n)
        m->broken = true;
    for (size_t j = 0; j < n && !m->broken; j++)
        atomic_store(&w[j], get_float(m));
}

double sparse_logistic_loss(const float *w, const struct sparse_example *examples,
                            size_t count)
{
    struct message *in = call_begin("sparse_logistic_loss");
    put_floats(in, w, weights_reached(examples, count));
    put_examples(in, examples, count);
    struct message *out = call_run();
    double loss = get_double(out);
    call_end();
    return loss;
}

void sparse_logistic_sgd_step(_Atomic float *w, const struct sparse_example *example,
                              float lr)
{
    size_t dim = weights_reached(example, 1);
    struct message *in = call_begin("sparse_logistic_sgd_step");
    put_atomic_floats(in, w, dim);
    put_examples(in, example, 1);
    put_float(in, lr);
    struct message *out = call_run();
    get_atomic_floats(out, w, dim);
    call_end();
}

int hogwild_worker(void *job_pointer)
{
    struct hogwild_job *job = job_pointer;
    size_t dim = weights_reached(job->examples, job->end);
    struct message *in = call_begin("hogwild_worker");
    put_atomic_floats(in, job->w, dim);
    put_examples(in, job->examples, job->end);
    put_job(in, job);
    struct message *out = call_run();
    int status = get_int(out);
    get_atomic_floats(out, job->w, dim);
    get_job(out, job);
    call_end();
    return status;
}

/* The jobs of one epoch share one weight array and one data set (they do
 * in every test, as in hogwild_train): those are sent once. */
long hogwild_epoch(struct hogwild_job *jobs, size_t workers)
{
    size_t count = 0, dim = 0;
    for (size_t t = 0; t < workers; t++) {
        if (jobs[t].w != jobs[0].w || jobs[t].examples != jobs[0].examples)
            fail_msg("hogwild_epoch's stand-in (tests/15-hogwild/calls.c) carries one "
                     "shared w and one data set: job %zu has others than job 0", t);
        count = jobs[t].end > count ? jobs[t].end : count;
    }
    if (workers > 0)
        dim = weights_reached(jobs[0].examples, count);
    struct message *in = call_begin("hogwild_epoch");
    put_atomic_floats(in, workers > 0 ? jobs[0].w : NULL, dim);
    put_examples(in, workers > 0 ? jobs[0].examples : NULL, count);
    put_size(in, workers);
    for (size_t t = 0; t < workers; t++)
        put_job(in, &jobs[t]);
    struct message *out = call_run();
    long steps = get_long(out);
    get_atomic_floats(out, workers > 0 ? jobs[0].w : NULL, dim);
    for (size_t t = 0; t < workers; t++)
        get_job(out, &jobs[t]);
    call_end();
    return steps;
}

long hogwild_train(float *w, size_t dim, const struct sparse_example *examples, size_t count,
                   float lr, size_t epochs, size_t threads)
{
    struct message *in = call_begin("hogwild_train");
    put_floats(in, w, dim);
    put_size(in, dim);
    put_examples(in, examples, count);
    put_float(in, lr);
    put_size(in, epochs);
    put_size(in, threads);
    struct message *out = call_run();
    long steps = get_long(out);
    get_floats(out, w, dim);
    call_end();
    return steps;
}

#else /* ---- your code's side (the runner) ------------------------------------- */

/* The examples, rebuilt; *count receives how many. */
static struct sparse_example *get_new_examples(struct message *m, size_t *count)
{
    *count = get_size(m);
    struct sparse_example *examples = message_new_memory(m, *count * sizeof *examples);
    for (size_t i = 0; i < *count && !m->broken; i++) {
        examples[i].index = get_new_sizes(m, NULL);
        examples[i].value = get_new_floats(m, NULL);
        examples[i].nnz = get_size(m);
        examples[i].label = get_float(m);
    }
    return examples;
}

/* A new _Atomic float array of the length sent; *n receives it. */
static _Atomic float *get_new_atomic_floats(struct message *m, size_t *n)
{
    *n = get_size(m);
    _Atomic float *w = message_new_memory(m, *n * sizeof *w);
    for (size_t j = 0; j < *n && !m->broken; j++)
        atomic_init(&w[j], get_float(m));
    return w;
}

static void serve_sparse_logistic_loss(struct message *in, struct message *out)
{
    const float *w = get_new_floats(in, NULL);
    size_t count;
    const struct sparse_example *examples = get_new_examples(in, &count);
    put_double(out, sparse_logistic_loss(w, examples, count));
}

static void serve_sparse_logistic_sgd_step(struct message *in, struct message *out)
{
    size_t dim, count;
    _Atomic float *w = get_new_atomic_floats(in, &dim);
    const struct sparse_example *example = get_new_examples(in, &count);
    float lr = get_float(in);
    sparse_logistic_sgd_step(w, example, lr);
    put_atomic_floats(out, w, dim);
}

static void serve_hogwild_worker(struct message *in, struct message *out)
{
    size_t dim, count;
    struct hogwild_job job = {0};
    job.w = get_new_atomic_floats(in, &dim);
    job.examples = get_new_examples(in, &count);
    get_job(in, &job);
    put_int(out, hogwild_worker(&job));
    put_atomic_floats(out, job.w, dim);
    put_job(out, &job);
}

static void serve_hogwild_epoch(struct message *in, struct message *out)
{
    size_t dim, count;
    _Atomic float *w = get_new_atomic_floats(in, &dim);
    const struct sparse_example *examples = get_new_examples(in, &count);
    size_t workers = get_size(in);
    struct hogwild_job *jobs = message_new_memory(in, workers * sizeof *jobs);
    for (size_t t = 0; t < workers && !in->broken; t++) {
        jobs[t].w = w;
        jobs[t].examples = examples;
        get_job(in, &jobs[t]);
    }
    put_long(out, hogwild_epoch(jobs, workers));
    put_atomic_floats(out, w, dim);
    for (size_t t = 0; t < workers; t++)
        put_job(out, &jobs[t]);
}

static void serve_hogwild_train(struct message *in, struct message *out)
{
    float *w = get_new_floats(in, NULL);
    size_t dim = get_size(in), count;
    const struct sparse_example *examples = get_new_examples(in, &count);
    float lr = get_float(in);
    size_t epochs = get_size(in);
    size_t threads = get_size(in);
    put_long(out, hogwild_train(w, dim, examples, count, lr, epochs, threads));
    put_floats(out, w, dim);
}

SERVED_FUNCTIONS({"sparse_logistic_loss", serve_sparse_logistic_loss},
                 {"sparse_logistic_sgd_step", serve_sparse_logistic_sgd_step},
                 {"hogwild_worker", serve_hogwild_worker},
                 {"hogwild_epoch", serve_hogwild_epoch},
                 {"hogwild_train", serve_hogwild_train});

#endif
