/* Lesson 18, public tests: distributed SGD.
 *
 * The pure functions of distributed.c are called through the runner like
 * every lesson's; each expected value is derived by hand in the comment
 * beside it or follows from a property of the ring. The MPI functions of
 * distributed_mpi.c run under mpirun with 2 or 4 ranks (mpi_tests.h); their
 * expected values come from the judge's own computation on the same inputs
 * (oracle.h, cases.h): the ring's sum in the ring's order bit for bit,
 * MPI_Allreduce's result (bit for bit with 2 ranks, where there is one
 * addition and so one possible result), single-process mini-batch SGD in
 * double, and Downpour with one worker simulated step by step. */
#include "harness.h"
#include "lessons.h"
#include "lesson18.h"
#include "checks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


/* ---- split_range ---------------------------------------------------------------- */

static void test_split_range_hand_example(void **state)
{
    (void)state;
    /* n = 10 over 4 parts: starts floor(0), floor(10/4) = 2, floor(20/4) = 5,
     * floor(30/4) = 7, end 10: counts 2, 3, 2, 3. */
    const size_t starts[4] = {0, 2, 5, 7}, counts[4] = {2, 3, 2, 3};
    for (int part = 0; part < 4; part++) {
        size_t start = 999;
        size_t count = split_range(10, 4, part, &start);
        struct at where = AT("split_range", SPLIT_SECTION);
        where.index = part;
        where.quantity = "start of part";
        expect_that(where, start == starts[part], "part %d of 10 over 4: start %zu, expected %zu",
                    part, start, starts[part]);
        where.quantity = "count of part";
        where.hint = "end = floor((part + 1) * n / parts); the count is end - start";
        expect_that(where, count == counts[part], "part %d of 10 over 4: count %zu, expected %zu",
                    part, count, counts[part]);
    }
}

static void test_split_range_tiles(void **state)
{
    (void)state;
    /* For several n and parts: the parts start where the previous ended,
     * cover 0 .. n-1, and their counts differ by at most one. */
    const size_t ns[] = {1, 3, 7, 64, 101770};
    const int parts_list[] = {1, 2, 3, 4, 8};
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
        for (size_t b = 0; b < sizeof parts_list / sizeof parts_list[0]; b++) {
            size_t n = ns[a], next = 0, smallest = (size_t)-1, largest = 0;
            int parts = parts_list[b];
            for (int part = 0; part < parts; part++) {
                size_t start;
                size_t count = split_range(n, parts, part, &start);
                struct at where = AT("split_range", SPLIT_SECTION);
                where.index = part;
                expect_that(where, start == next,
                            "n = %zu, %d parts: part %d starts at %zu, expected %zu (where "
                            "part %d ended)", n, parts, part, start, next, part - 1);
                next = start + count;
                smallest = count < smallest ? count : smallest;
                largest = count > largest ? count : largest;
            }
            struct at where = AT("split_range", SPLIT_SECTION);
            expect_that(where, next == n, "n = %zu, %d parts: the parts end at %zu, expected %zu",
                        n, parts, next, n);
            expect_that(where, largest - smallest <= 1,
                        "n = %zu, %d parts: counts from %zu to %zu, expected to differ by at "
                        "most one", n, parts, smallest, largest);
        }
}

/* ---- ring_schedule ---------------------------------------------------------------- */

static void test_ring_schedule_hand_example(void **state)
{
    (void)state;
    /* Rank 1 of 4, mod 4: reduce-scatter s = 0, 1, 2 sends 1 - s = 1, 0, 3
     * and receives 1 - s - 1 = 0, 3, 2; all-gather t = 0, 1, 2 sends
     * 1 + 1 - t = 2, 1, 0 and receives 1 - t = 1, 0, 3. */
    const int sends[6] = {1, 0, 3, 2, 1, 0}, receives[6] = {0, 3, 2, 1, 0, 3};
    for (int step = 0; step < 6; step++) {
        int send = -1, recv = -1;
        enum ring_phase phase = ring_schedule(1, 4, step, &send, &recv);
        struct at where = AT("ring_schedule", RING_SECTION);
        where.step = step + 1;
        where.hint = "reduce block indices mod N into 0 .. N-1 (in C, -1 % 4 is -1)";
        expect_that(where, send == sends[step] && recv == receives[step],
                    "rank 1 of 4, step s = %d: sends block %d and receives %d, expected %d "
                    "and %d", step, send, recv, sends[step], receives[step]);
        enum ring_phase expected = step < 3 ? RING_REDUCE : RING_GATHER;
        expect_that(where, phase == expected, "rank 1 of 4, step s = %d: phase %s, expected %s",
                    step, phase == RING_REDUCE ? "RING_REDUCE" : "RING_GATHER",
                    expected == RING_REDUCE ? "RING_REDUCE" : "RING_GATHER");
    }
}

static void test_ring_schedule_sums_everything(void **state)
{
    (void)state;
    for (int ranks = 2; ranks <= 6; ranks++)
        check_ring_schedule_sums(ranks);
}

/* ---- easgd_worker_update, easgd_centre_update ---------------------------------------- */

static void test_easgd_worker_update_hand_example(void **state)
{
    (void)state;
    /* lr = 0.5, alpha = 0.25, x = (1, -2), g = (2, 4), centre = (3, -2):
     *   diff = 0.25 * (1 - 3, -2 + 2) = (-0.5, 0)
     *   x    = (1 - (0.5*2 - 0.5), -2 - (0.5*4 + 0)) = (0.5, -4).
     * Every number is a short binary fraction: exact in float. */
    float x[2] = {1, -2}, diff[2] = {99, 99};
    const float g[2] = {2, 4}, centre[2] = {3, -2};
    easgd_worker_update(x, diff, g, centre, 2, 0.5f, 0.25f);
    const float want_diff[2] = {-0.5f, 0.0f}, want_x[2] = {0.5f, -4.0f};
    for (size_t j = 0; j < 2; j++) {
        struct at where = AT("easgd_worker_update", EASGD_SECTION);
        where.index = (long)j;
        where.quantity = "diff";
        where.hint = "diff = alpha * (x - centre), from x before the update";
        expect_close(where, want_diff[j], diff[j]);
        where.quantity = "x";
        where.hint = "x = x - (lr * g + diff)";
        expect_close(where, want_x[j], x[j]);
    }
}

static void test_easgd_centre_update_hand_example(void **state)
{
    (void)state;
    /* centre = (1, 2, 3) + (0.5, -1, 0) = (1.5, 1, 3). */
    float centre[3] = {1, 2, 3};
    const float diff_sum[3] = {0.5f, -1.0f, 0.0f}, want[3] = {1.5f, 1.0f, 3.0f};
    easgd_centre_update(centre, diff_sum, 3);
    for (size_t j = 0; j < 3; j++) {
        struct at where = AT("easgd_centre_update", EASGD_SECTION);
        where.index = (long)j;
        where.quantity = "centre";
        where.hint = "the centre moves by the summed differences: centre + diff_sum";
        expect_close(where, want[j], centre[j]);
    }
}

/* ---- downpour_accept ------------------------------------------------------------------- */

static void test_downpour_accept_hand_examples(void **state)
{
    (void)state;
    /* staleness = server - fetched; accept iff it is at most the bound, or
     * the bound is negative (none). */
    const struct { long server, fetched, bound; int want; } cases[] = {
        {5, 5, 0, 1},    /* staleness 0, bound 0: fresh */
        {6, 5, 0, 0},    /* staleness 1 > 0 */
        {7, 5, 2, 1},    /* 2 <= 2: the bound itself is allowed */
        {8, 5, 2, 0},    /* 3 > 2 */
        {100, 0, -1, 1}, /* no bound */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = downpour_accept(cases[i].server, cases[i].fetched, cases[i].bound);
        struct at where = AT("downpour_accept", DOWNPOUR_SECTION);
        where.hint = "staleness = server_version - fetched_version; a negative bound means none";
        expect_that(where, (got != 0) == (cases[i].want != 0),
                    "server version %ld, fetched %ld, bound %ld: returned %d, expected %d",
                    cases[i].server, cases[i].fetched, cases[i].bound, got, cases[i].want);
    }
}

/* ---- ring_allreduce under mpirun --------------------------------------------------------- */

static void test_ring_allreduce_two_ranks(void **state)
{
    (void)state;
    check_ring_allreduce(2, 11, 18002, 1); /* 11 floats: blocks of 5 and 6 */
}

static void test_ring_allreduce_four_ranks(void **state)
{
    (void)state;
    check_ring_allreduce(4, 10, 18004, 1); /* 10 floats: blocks of 2, 3, 2, 3 */
}

/* ---- sync_sgd_step under mpirun ---------------------------------------------------------- */

static void test_ring_allreduce_large_blocks(void **state)
{
    (void)state;
    /* 50000 floats on 2 ranks: blocks of 100 KB, which MPI_Send delivers
     * only once the receiver is receiving. Every 97th element comes back. */
    check_ring_allreduce(2, 50000, 18005, 97);
}

static void test_sync_sgd_two_ranks(void **state)
{
    (void)state;
    check_sync_sgd(2, 5, 8, 20, 3, 0.5f, 18102);
}

static void test_sync_sgd_four_ranks(void **state)
{
    (void)state;
    check_sync_sgd(4, 5, 10, 20, 3, 0.5f, 18104); /* shards of 2, 3, 2, 3 */
}

/* ---- easgd_round under mpirun -------------------------------------------------------------- */

static void test_easgd_round_two_ranks(void **state)
{
    (void)state;
    check_easgd(2, 4, 3, 0.1f, 0.2f, 18202);
}

/* ---- downpour_server and downpour_worker under mpirun ------------------------------------- */

static void test_downpour_one_worker(void **state)
{
    (void)state;
    check_downpour_one_worker(3, 6, 12, 2, 3, 1, 0.2f, 18302);
}

/* The two edge cases lesson18_mpi.h specifies, in one run: 3 ranks, so 2
 * workers share 1 example. Worker 1's shard, split_range(1, 2, 0), is
 * empty: it takes no step and sends DOWNPOUR_DONE at once. Worker 2 holds
 * example 0 and, with fetch_every 0, fetches only before step 0, at version
 * 0. Without a bound every push is applied, so push t arrives at version t:
 * staleness t. With 5 steps: 5 accepted, 0 refused, one push each of
 * staleness 0, 1, 2, 3, 4, the largest 4 -- and not 10 pushes, which a
 * worker stepping on an empty shard would send (if it did not divide by 0). */
static void test_downpour_empty_shard_fetch_once(void **state)
{
    (void)state;
    const size_t steps = 5;
    struct mpi_results r;
    run_downpour(3, 3, 1, steps, 2, 0, -1, 0.2f, 0, 18303, &r);
    expect_statuses(&r, "downpour_worker", DOWNPOUR_SECTION, 3, 1);
    struct at where = AT("downpour_worker", DOWNPOUR_SECTION);
    where.hint = "a worker with an empty shard (m = 0) sends DOWNPOUR_DONE at once; "
                 "fetch_every 0 fetches before the first step only";
    double accepted = result(&r, "downpour_server", "accepted", 0, 0);
    double refused = result(&r, "downpour_server", "refused", 0, 0);
    expect_that(where, accepted == (double)steps && refused == 0.0,
                "accepted %g and refused %g pushes: expected %zu and 0 (one worker's %zu "
                "steps; the other's shard is empty)", accepted, refused, steps, steps);
    for (size_t s = 0; s < 16; s++) {
        double seen = result(&r, "downpour_server", "staleness", 0, s);
        double want = s < steps ? 1.0 : 0.0;
        expect_that(where, seen == want, "%g pushes had staleness %zu, expected %g", seen, s,
                    want);
    }
    double max_seen = result(&r, "downpour_server", "max_seen", 0, 0);
    expect_that(where, max_seen == (double)(steps - 1), "max_seen %g, expected %zu", max_seen,
                steps - 1);
}

/* ---- Questions ---------------------------------------------------------------------------- */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 6, 0x51c3b545e601fb8cULL,
                         "the bytes the busiest of 8 ranks sends in one ring all-reduce of the "
                         "MLP's 101 770 gradients (exact)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 2, 0x89bdbdf08436aa4aULL,
                         "the fraction of pushes refused (2 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0x3540508d28e495c3ULL,
                         "the time of one ring all-reduce in milliseconds (3 significant "
                         "digits)");
}

static const struct harness_test tests[] = {
    {"split_range_hand_example", test_split_range_hand_example, 10, 2,
     "split_range: 10 items over 4 parts, by hand"},
    {"split_range_tiles", test_split_range_tiles, 10, 2,
     "split_range: the parts tile 0 .. n-1, counts within one of each other"},
    {"ring_schedule_hand_example", test_ring_schedule_hand_example, 10, 2,
     "ring_schedule: rank 1 of 4, all six steps, by hand"},
    {"ring_schedule_sums_everything", test_ring_schedule_sums_everything, 10, 4,
     "ring_schedule: played out for 2..6 ranks, every rank ends with every block's full sum"},
    {"easgd_worker_update_hand_example", test_easgd_worker_update_hand_example, 10, 2,
     "easgd_worker_update: two weights, by hand"},
    {"easgd_centre_update_hand_example", test_easgd_centre_update_hand_example, 5, 2,
     "easgd_centre_update: three weights, by hand"},
    {"downpour_accept_hand_examples", test_downpour_accept_hand_examples, 5, 2,
     "downpour_accept: fresh, stale, at the bound, no bound"},
    {"ring_allreduce_two_ranks", test_ring_allreduce_two_ranks, 20, 20,
     "ring_allreduce, mpirun -np 2: 11 floats, bit for bit as MPI_Allreduce"},
    {"ring_allreduce_four_ranks", test_ring_allreduce_four_ranks, 20, 20,
     "ring_allreduce, mpirun -np 4: 10 floats, the ring's sum bit for bit, 6 messages a rank"},
    {"ring_allreduce_large_blocks", test_ring_allreduce_large_blocks, 15, 20,
     "ring_allreduce, mpirun -np 2: 50000 floats, blocks too large to send without a receiver"},
    {"sync_sgd_two_ranks", test_sync_sgd_two_ranks, 15, 20,
     "sync_sgd_step, mpirun -np 2: three steps as single-process mini-batch SGD"},
    {"sync_sgd_four_ranks", test_sync_sgd_four_ranks, 15, 20,
     "sync_sgd_step, mpirun -np 4: uneven shards, three steps as single-process SGD"},
    {"easgd_round_two_ranks", test_easgd_round_two_ranks, 15, 20,
     "easgd_round, mpirun -np 2: three rounds on a quadratic"},
    {"downpour_one_worker", test_downpour_one_worker, 15, 20,
     "downpour_server and downpour_worker, mpirun -np 2: staleness bound 1, fetch every 3"},
    {"downpour_empty_shard_fetch_once", test_downpour_empty_shard_fetch_once, 10, 20,
     "downpour_worker, mpirun -np 3: an empty shard, fetch_every 0 (fetch once)"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: the ring's bytes per rank"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: pushes refused by the bound"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: the ring on a real network"},
};
const struct harness_suite lesson_public = HARNESS_SUITE(tests);
