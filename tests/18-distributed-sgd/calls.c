/* Lesson 18: how the tests call your functions of distributed.c (see
 * tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed. Every array your
 * function may write travels both ways, so a test also sees what you left
 * untouched. The functions of distributed_mpi.c run under mpirun instead
 * (mpi_cases.c). */
#include "call.h"
#include "lessons.h"

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

size_t split_range(size_t n, int parts, int part, size_t *start)
{
    struct message *in = call_begin("split_range");
    put_size(in, n);
    put_int(in, parts);
    put_int(in, part);
    put_size(in, *start);
    struct message *out = call_run();
    size_t count = get_size(out);
    *start = get_size(out);
    call_end();
    return count;
}

enum ring_phase ring_schedule(int rank, int ranks, int step, int *send_block,
                              int *recv_block)
{
    struct message *in = call_begin("ring_schedule");
    put_int(in, rank);
    put_int(in, ranks);
    put_int(in, step);
    put_int(in, *send_block);
    put_int(in, *recv_block);
    struct message *out = call_run();
    int phase = get_int(out);
    *send_block = get_int(out);
    *recv_block = get_int(out);
    call_end();
    return (enum ring_phase)phase;
}

void easgd_worker_update(float *x, float *diff, const float *g, const float *centre, size_t n,
                         float lr, float alpha)
{
    struct message *in = call_begin("easgd_worker_update");
    put_floats(in, x, n);
    put_floats(in, diff, n);
    put_floats(in, g, n);
    put_floats(in, centre, n);
    put_float(in, lr);
    put_float(in, alpha);
    struct message *out = call_run();
    get_floats(out, x, n);
    get_floats(out, diff, n);
    get_input_back(out, g, n);
    get_input_back(out, centre, n);
    call_end();
}

void easgd_centre_update(float *centre, const float *diff_sum, size_t n)
{
    struct message *in = call_begin("easgd_centre_update");
    put_floats(in, centre, n);
    put_floats(in, diff_sum, n);
    struct message *out = call_run();
    get_floats(out, centre, n);
    get_input_back(out, diff_sum, n);
    call_end();
}

int downpour_accept(long server_version, long fetched_version, long max_staleness)
{
    struct message *in = call_begin("downpour_accept");
    put_long(in, server_version);
    put_long(in, fetched_version);
    put_long(in, max_staleness);
    struct message *out = call_run();
    int accept = get_int(out);
    call_end();
    return accept;
}

#endif

#ifdef DESCENT_RUNNER /* ---- your code's side -------------------------------- */

static void serve_split_range(struct message *in, struct message *out)
{
    size_t n = get_size(in);
    int parts = get_int(in);
    int part = get_int(in);
    size_t start = get_size(in);
    size_t count = split_range(n, parts, part, &start);
    put_size(out, count);
    put_size(out, start);
}

static void serve_ring_schedule(struct message *in, struct message *out)
{
    int rank = get_int(in);
    int ranks = get_int(in);
    int step = get_int(in);
    int send_block = get_int(in);
    int recv_block = get_int(in);
    enum ring_phase phase = ring_schedule(rank, ranks, step, &send_block, &recv_block);
    put_int(out, (int)phase);
    put_int(out, send_block);
    put_int(out, recv_block);
}

static void serve_easgd_worker_update(struct message *in, struct message *out)
{
    size_t n;
    float *x = get_new_floats(in, &n);
    float *diff = get_new_floats(in, NULL);
    float *g = get_new_floats(in, NULL);
    float *centre = get_new_floats(in, NULL);
    float lr = get_float(in);
    float alpha = get_float(in);
    easgd_worker_update(x, diff, g, centre, n, lr, alpha);
    put_floats(out, x, n);
    put_floats(out, diff, n);
    put_floats(out, g, n);
    put_floats(out, centre, n);
}

static void serve_easgd_centre_update(struct message *in, struct message *out)
{
    size_t n;
    float *centre = get_new_floats(in, &n);
    float *diff_sum = get_new_floats(in, NULL);
    easgd_centre_update(centre, diff_sum, n);
    put_floats(out, centre, n);
    put_floats(out, diff_sum, n);
}

static void serve_downpour_accept(struct message *in, struct message *out)
{
    long server_version = get_long(in);
    long fetched_version = get_long(in);
    long max_staleness = get_long(in);
    put_int(out, downpour_accept(server_version, fetched_version, max_staleness));
}

SERVED_FUNCTIONS({"split_range", serve_split_range},
                 {"ring_schedule", serve_ring_schedule},
                 {"easgd_worker_update", serve_easgd_worker_update},
                 {"easgd_centre_update", serve_easgd_centre_update},
                 {"downpour_accept", serve_downpour_accept});

#endif
