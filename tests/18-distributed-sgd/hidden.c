/* Lesson 18, hidden tests: distributed SGD.
 *
 * Cases are drawn from the grading seed (harness_rng_for_test); expected
 * values come from the formulas of lesson18.h evaluated here (oracle.h),
 * never from the reference solution. The MPI runs cover what the public
 * tests leave out: an odd number of ranks with empty blocks, a long
 * vector, uneven shards on three ranks, EASGD on four ranks, Downpour
 * without a bound, and Downpour with two and three workers racing, whose
 * interleaving differs from run to run: there the checks are closed forms
 * that hold for every interleaving. */
#include "harness.h"
#include "lessons.h"
#include "lesson18.h"
#include "checks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- The pure functions, on drawn cases ------------------------------------------------ */

static void test_split_range_drawn(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 0; c < 40; c++) {
        /* n up to 2^30 and up to 64 parts (n * parts < 2^64 in the oracle);
         * some cases with fewer items than parts: empty parts. */
        size_t n = c < 10 ? rng_below(&rng, 8) : (size_t)rng_next(&rng) >> 2;
        int parts = 1 + (int)rng_below(&rng, 64);
        for (int part = 0; part < parts; part++) {
            size_t start = 12345, want_start;
            size_t want = oracle_split(n, parts, part, &want_start);
            size_t got = split_range(n, parts, part, &start);
            struct at where = AT("split_range", SPLIT_SECTION);
            where.index = part;
            expect_that(where, got == want && start == want_start,
                        "n = %zu, %d parts, part %d: start %zu and count %zu, expected %zu "
                        "and %zu", n, parts, part, start, got, want_start, want);
        }
    }
}

static void test_ring_schedule_many_ranks(void **state)
{
    (void)state;
    for (int ranks = 7; ranks <= 12; ranks++)
        check_ring_schedule_sums(ranks);
    /* And the formulas themselves on 16 ranks, every rank and step. */
    for (int rank = 0; rank < 16; rank++)
        for (int step = 0; step < 30; step++) {
            int send = -1, recv = -1;
            enum ring_phase phase = ring_schedule(rank, 16, step, &send, &recv);
            int t = step - 15;
            int want_send = step < 15 ? oracle_mod(rank - step, 16) : oracle_mod(rank + 1 - t, 16);
            int want_recv = step < 15 ? oracle_mod(rank - step - 1, 16) : oracle_mod(rank - t, 16);
            struct at where = AT("ring_schedule", RING_SECTION);
            where.step = step + 1;
            expect_that(where, send == want_send && recv == want_recv &&
                               phase == (step < 15 ? RING_REDUCE : RING_GATHER),
                        "rank %d of 16, step %d: send %d, receive %d, expected %d and %d",
                        rank, step, send, recv, want_send, want_recv);
        }
}

static void test_easgd_updates_drawn(void **state)
{
    (void)state;
    enum { N = 50 };
    struct rng rng;
    harness_rng_for_test(&rng);
    float x[N], diff[N], g[N], centre[N], x0[N], diff_sum[N], c0[N];
    for (size_t j = 0; j < N; j++) {
        x[j] = x0[j] = rng_range(&rng, -3, 3);
        g[j] = rng_range(&rng, -3, 3);
        centre[j] = c0[j] = rng_range(&rng, -3, 3);
        diff[j] = 77.0f;
        diff_sum[j] = rng_range(&rng, -1, 1);
    }
    float lr = rng_range(&rng, 0.01f, 0.5f), alpha = rng_range(&rng, 0.01f, 0.5f);
    easgd_worker_update(x, diff, g, centre, N, lr, alpha);
    for (size_t j = 0; j < N; j++) {
        double want_diff = (double)alpha * ((double)x0[j] - c0[j]);
        double want_x = x0[j] - ((double)lr * g[j] + want_diff);
        struct at where = AT("easgd_worker_update", EASGD_SECTION);
        where.index = (long)j;
        where.quantity = "diff";
        expect_close(where, want_diff, diff[j]);
        where.quantity = "x";
        expect_close(where, want_x, x[j]);
        where.quantity = "centre (an input)";
        expect_exact(where, c0[j], centre[j]);
    }
    easgd_centre_update(centre, diff_sum, N);
    for (size_t j = 0; j < N; j++) {
        struct at where = AT("easgd_centre_update", EASGD_SECTION);
        where.index = (long)j;
        where.quantity = "centre";
        expect_close(where, (double)c0[j] + diff_sum[j], centre[j]);
    }
}

static void test_downpour_accept_drawn(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 0; c < 60; c++) {
        long fetched = (long)rng_below(&rng, 1000000);
        long staleness = (long)rng_below(&rng, 20);
        long bound = (long)rng_below(&rng, 22) - 2; /* -2 and -1: no bound */
        int want = bound < 0 || staleness <= bound;
        int got = downpour_accept(fetched + staleness, fetched, bound);
        struct at where = AT("downpour_accept", DOWNPOUR_SECTION);
        expect_that(where, (got != 0) == want,
                    "server %ld, fetched %ld (staleness %ld), bound %ld: returned %d, expected %d",
                    fetched + staleness, fetched, staleness, bound, got, want);
    }
}

/* ---- Under mpirun ---------------------------------------------------------------------- */

static uint64_t drawn_seed(void)
{
    struct rng rng;
    harness_rng_for_test(&rng);
    return rng_next(&rng);
}

static void test_ring_allreduce_three_ranks_empty_blocks(void **state)
{
    (void)state;
    check_ring_allreduce(3, 2, drawn_seed(), 1); /* blocks of 0, 1 and 1 floats */
}

static void test_ring_allreduce_four_ranks_long(void **state)
{
    (void)state;
    check_ring_allreduce(4, 1003, drawn_seed(), 1);
}

static void test_ring_allreduce_three_ranks_large_blocks(void **state)
{
    (void)state;
    check_ring_allreduce(3, 60001, drawn_seed(), 101); /* blocks of 80 KB */
}

static void test_sync_sgd_three_ranks(void **state)
{
    (void)state;
    check_sync_sgd(3, 6, 7, 15, 3, 0.5f, drawn_seed()); /* shards of 2, 2, 3 */
}

static void test_easgd_round_four_ranks(void **state)
{
    (void)state;
    check_easgd(4, 6, 3, 0.1f, 0.15f, drawn_seed());
}

static void test_downpour_one_worker_unbounded(void **state)
{
    (void)state;
    /* No bound: every push applied, staleness 0, 1, 2, 3 in every window. */
    check_downpour_one_worker(4, 8, 12, 2, 4, -1, 0.2f, drawn_seed());
}

/* Several workers race; what holds for every interleaving:
 *   - every push is counted once: accepted + refused = workers * steps,
 *     and the staleness bins sum to the same;
 *   - with bound 0 exactly the pushes of staleness 0 are accepted, and,
 *     with every example's target the same a and batches of 2 (so that
 *     the mean gradient is w - a exactly), each accepted push is one exact
 *     step w <- w - lr (w - a) from the server's current weights:
 *     w = a + (1 - lr)^K (w0 - a) after K accepted pushes. A refusal needs
 *     another worker's accepted push since the fetch, and each accepted
 *     push makes at most one pending push of each other worker stale. */
static void check_downpour_race(int ranks, size_t steps, long bound, uint64_t seed)
{
    enum { n = 3 };
    const size_t examples = 12, batch = 2, fetch_every = 1;
    const float lr = 0.1f;
    struct mpi_results r;
    run_downpour(ranks, n, examples, steps, batch, fetch_every, bound, lr, 1, seed, &r);
    expect_statuses(&r, "downpour_server", DOWNPOUR_SECTION, ranks, 1);
    expect_only_send_and_recv(&r, "downpour_server", DOWNPOUR_SECTION, ranks);
    double pushes = (double)(ranks - 1) * (double)steps;
    double accepted = result(&r, "downpour_server", "accepted", 0, 0);
    double refused = result(&r, "downpour_server", "refused", 0, 0);
    double binned = 0.0;
    for (size_t s = 0; s < 16; s++) /* DOWNPOUR_BINS (lesson18_mpi.h) */
        binned += result(&r, "downpour_server", "staleness", 0, s);
    struct at where = AT("downpour_server", DOWNPOUR_SECTION);
    expect_that(where, accepted + refused == pushes && binned == pushes,
                "%d workers of %zu steps: accepted %g + refused %g, staleness bins %g; "
                "expected every one of the %g pushes counted once", ranks - 1, steps, accepted,
                refused, binned, pushes);
    if (bound < 0) {
        expect_that(where, refused == 0.0, "no bound, yet %g pushes were refused", refused);
        free(r.lines);
        return;
    }
    double fresh = result(&r, "downpour_server", "staleness", 0, 0);
    expect_that(where, accepted == fresh,
                "bound 0: accepted %g, but %g pushes had staleness 0", accepted, fresh);
    expect_that(where, accepted >= (double)steps,
                "bound 0: only %g of %g pushes accepted; each accepted push can make at most "
                "one pending push of each other worker stale", accepted, pushes);
    float a[n], w0[n];
    float *targets = malloc(examples * n * sizeof *targets);
    if (targets == NULL)
        fail_msg("out of memory");
    case_targets(seed, targets, examples, n, 1);
    memcpy(a, targets, sizeof a);
    case_start(seed, 0, w0, n);
    double factor = pow(1.0 - lr, accepted);
    for (size_t j = 0; j < n; j++) {
        struct at at_w = AT("downpour_server", DOWNPOUR_SECTION);
        at_w.quantity = "the server's w";
        at_w.index = (long)j;
        at_w.hint = "an accepted gradient is applied to the server's weights: w - lr * g";
        expect_close_tol(at_w, a[j] + factor * ((double)w0[j] - a[j]),
                         result(&r, "downpour_server", "w", 0, j), 1e-5, 1e-5);
    }
    free(targets);
    free(r.lines);
}

static void test_downpour_two_workers_bound_zero(void **state)
{
    (void)state;
    check_downpour_race(3, 20, 0, drawn_seed());
}

static void test_downpour_three_workers_unbounded(void **state)
{
    (void)state;
    check_downpour_race(4, 10, -1, drawn_seed());
}

/* ---- Questions --------------------------------------------------------------------------- */

static void expect_answer_close(const char *id, const char *what, double expected, double rel)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), rel, 0.0);
}

static void test_hidden_question_ex1(void **state)
{
    (void)state;
    /* The blocks of 101770 over 8: 12721 floats, but blocks 3 and 7 have
     * 12722. Rank r sends every block but r+1 in the reduce-scatter and
     * every block but r+2 in the all-gather: 2n minus two neighbouring
     * blocks. The ranks whose two skipped blocks are both 12721 (r = 0, 3,
     * 4, 7) send the most: 2 * 101770 - 25442 = 178098 floats, 712392
     * bytes. The closed form 2(N-1)/N n = 178097.5 is not a whole number
     * here: the busiest rank sends half a float more, the others half a
     * float less. */
    size_t floats = 0;
    for (int r = 0; r < 8; r++) {
        size_t sent = oracle_ring_floats_sent(101770, 8, r);
        floats = sent > floats ? sent : floats;
    }
    expect_answer_close("ex1", "the bytes the busiest rank sends", 4.0 * (double)floats, 1e-9);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* One worker, fetch every 4, bound 1: pushes 0 and 1 of each window
     * are applied (staleness 0, 1); push 2 has staleness 2 and is refused,
     * and push 3 still has staleness 2 (a refusal leaves the version): 2
     * of 4 refused, 0.5. Within 1%. */
    expect_answer_close("ex2", "the fraction refused", 0.5, 0.01);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* 2(N-1) steps, each a latency of 50 us plus a block of n/N floats at
     * 1.25e9 bytes/s: 6 * 50e-6 + 1.5 * 407080 / 1.25e9 = 0.788 ms.
     * Within 0.5%. */
    double seconds = 6 * 50e-6 + 1.5 * 101770 * 4 / 1.25e9;
    expect_answer_close("ex3", "the time in milliseconds", seconds * 1e3, 0.005);
}

static const struct harness_test tests[] = {
    {"split_range_drawn", test_split_range_drawn, 10, 4,
     "split_range on drawn n and parts, fewer items than parts too"},
    {"ring_schedule_many_ranks", test_ring_schedule_many_ranks, 10, 10,
     "ring_schedule played out for 7..12 ranks, and the formulas on 16"},
    {"easgd_updates_drawn", test_easgd_updates_drawn, 10, 2,
     "easgd_worker_update and easgd_centre_update on 50 drawn weights"},
    {"downpour_accept_drawn", test_downpour_accept_drawn, 5, 2,
     "downpour_accept on drawn versions and bounds"},
    {"ring_allreduce_three_ranks_empty_blocks", test_ring_allreduce_three_ranks_empty_blocks,
     15, 20, "ring_allreduce, mpirun -np 3, 2 floats: an empty block"},
    {"ring_allreduce_four_ranks_long", test_ring_allreduce_four_ranks_long, 15, 20,
     "ring_allreduce, mpirun -np 4, 1003 drawn floats"},
    {"ring_allreduce_three_ranks_large_blocks", test_ring_allreduce_three_ranks_large_blocks,
     15, 20, "ring_allreduce, mpirun -np 3, 60001 floats: large blocks, odd ring"},
    {"sync_sgd_three_ranks", test_sync_sgd_three_ranks, 15, 20,
     "sync_sgd_step, mpirun -np 3: shards of 2, 2, 3"},
    {"easgd_round_four_ranks", test_easgd_round_four_ranks, 15, 20,
     "easgd_round, mpirun -np 4"},
    {"downpour_one_worker_unbounded", test_downpour_one_worker_unbounded, 10, 20,
     "Downpour, one worker, no bound, fetch every 4"},
    {"downpour_two_workers_bound_zero", test_downpour_two_workers_bound_zero, 15, 20,
     "Downpour, two workers racing, bound 0: the closed form in the accepted pushes"},
    {"downpour_three_workers_unbounded", test_downpour_three_workers_unbounded, 10, 20,
     "Downpour, three workers racing, no bound: every push counted and applied"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
