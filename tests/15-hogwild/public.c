/* Lesson 15, public tests: Hogwild!, lock-free parallel SGD.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * or comes from the oracle in oracle.h: sequential SGD on plain floats,
 * written here from the lesson's formulas. None is produced by the code
 * under test.
 *
 * Threads make results depend on timing, so the tests are built to be
 * deterministic anyway: with one thread, or with threads whose slices touch
 * disjoint weights, Hogwild! must give sequential SGD bit for bit (no two
 * updates can collide, so their order does not matter). Only one test is
 * statistical, with a loose bound justified beside it. */
#include "harness.h"
#include "lessons.h"

#include "oracle.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define S_LOSS "Sparse logistic regression"
#define S_STEP "One step on shared weights"
#define S_WORKER "A worker thread"
#define S_EPOCH "Starting and joining the threads"
#define S_TRAIN "Hogwild! training"

/* ---- The hand example ---------------------------------------------------------
 * Four weights w = (0, 1, -2, 0.5) and two examples:
 *   A: features 1 and 2 with values 1 and 0.5, label 1:
 *      z = 1*1 + (-2)*0.5 = 0, loss = log(1 + e^0) - 1*0 = log 2 = 0.693147...
 *   B: feature 3 with value 2, label 0:
 *      z = 0.5*2 = 1, loss = log(1 + e^1) - 0 = 1.313261687...
 * Mean loss: (log 2 + log(1 + e)) / 2 = 1.003204...                         */
static const size_t a_index[2] = {1, 2};
static const float a_value[2] = {1.0f, 0.5f};
static const size_t b_index[1] = {3};
static const float b_value[1] = {2.0f};
static const struct sparse_example hand[2] = {
    {a_index, a_value, 2, 1.0f},
    {b_index, b_value, 1, 0.0f},
};

static void test_loss_hand_example(void **state)
{
    (void)state;
    const float w[4] = {0.0f, 1.0f, -2.0f, 0.5f};
    struct at where = AT("sparse_logistic_loss", S_LOSS);
    where.quantity = "L(w) of the two hand examples";
    double expected = (log(2.0) + log(1.0 + exp(1.0))) / 2.0;
    double got = sparse_logistic_loss(w, hand, 2);
    if (fabs(got - 2.0 * expected) < 1e-5)
        where.hint = "twice the expected value: divide the sum by count, it is a mean";
    else if (fabs(got - (log(2.0) + log(1.0 + exp(1.0)) - 2.0) / 2.0) < 1e-5)
        where.hint = "did you subtract y*z for B too? its label is 0; use label * z";
    else
        where.hint = "per example: z = sum_k w[index[k]] * value[k], loss = log(1 + exp(z)) - "
                     "label * z; return the mean";
    expect_close(where, expected, got);
    where.quantity = "L(w) of no examples";
    where.hint = "with count = 0 return 0.0 before dividing";
    expect_close(where, 0.0, sparse_logistic_loss(w, hand, 0));
}

static void test_loss_is_stable_for_large_margins(void **state)
{
    (void)state;
    /* One feature of value 1 and weight 1000, so z = 1000:
     *   label 1: log(1 + e^1000) - 1000 = log(1 + e^-1000), which is 0 in double;
     *   label 0: log(1 + e^1000) = 1000 + log(1 + e^-1000) = 1000.
     * With the weight -1000 (z = -1000) and label 0: log(1 + e^-1000) = 0.
     * exp(1000) overflows to inf, so the naive formula gives inf or NaN. */
    const size_t index[1] = {0};
    const float value[1] = {1.0f};
    const float plus[1] = {1000.0f}, minus[1] = {-1000.0f};
    struct sparse_example e = {index, value, 1, 1.0f};
    struct at where = AT("sparse_logistic_loss", S_LOSS);
    where.hint = "log(1 + exp(z)) overflows for large z: use fmax(z, 0) + log1p(exp(-fabs(z)))";
    where.quantity = "loss at z = 1000, label 1";
    expect_close_tol(where, 0.0, sparse_logistic_loss(plus, &e, 1), 0.0, 1e-9);
    e.label = 0.0f;
    where.quantity = "loss at z = 1000, label 0";
    expect_close(where, 1000.0, sparse_logistic_loss(plus, &e, 1));
    where.quantity = "loss at z = -1000, label 0";
    expect_close_tol(where, 0.0, sparse_logistic_loss(minus, &e, 1), 0.0, 1e-9);
}

static void test_sgd_step_hand_example(void **state)
{
    (void)state;
    /* Example A at w = (0, 1, -2, 0.5): z = 0, sigmoid(0) = 0.5, label 1,
     * so d = 0.5 - 1 = -0.5. With lr = 0.1 the two features move by
     * -lr * d * value = +0.05 * value:
     *   w1 = 1 + 0.05 * 1 = 1.05,   w2 = -2 + 0.05 * 0.5 = -1.975;
     * w0 and w3 are not features of A and keep their values exactly. */
    _Atomic float w[4];
    const float start[4] = {0.0f, 1.0f, -2.0f, 0.5f};
    for (int j = 0; j < 4; j++)
        atomic_init(&w[j], start[j]);
    sparse_logistic_sgd_step(w, &hand[0], 0.1f);
    const double expected[4] = {0.0, 1.05, -1.975, 0.5};
    const double climbed[4] = {0.0, 0.95, -2.025, 0.5};
    for (int j = 0; j < 4; j++) {
        float got = atomic_load(&w[j]);
        struct at where = AT("sparse_logistic_sgd_step", S_STEP);
        where.quantity = "w";
        where.index = j;
        where.step = 1;
        if (j == 0 || j == 3) {
            where.hint = "only the example's own features (index[k]) may change";
            expect_exact(where, start[j], got);
            continue;
        }
        if (fabs(got - climbed[j]) < 1e-6)
            where.hint = "you moved up the gradient: d = sigmoid(z) - label, and the step "
                         "subtracts lr * d * value[k]";
        else if (j == 2 && fabs(got - (-1.95)) < 1e-6)
            where.hint = "multiply by value[k]: the gradient of the loss for weight index[k] "
                         "is d * value[k]";
        else
            where.hint = "z = sum_k w[index[k]] * value[k]; d = 1/(1 + exp(-z)) - label; "
                         "w[index[k]] -= lr * d * value[k]";
        expect_close(where, expected[j], got);
    }
}

static void test_sgd_step_matches_the_oracle(void **state)
{
    (void)state;
    /* 200 steps on random examples, each compared after the step with the
     * oracle's plain-float step (same arithmetic): bit for bit. */
    struct rng rng;
    rng_seed(&rng, 15, 1);
    struct problem p;
    assert_int_equal(problem_make(&p, &rng, 40, 200, 8, NULL, NULL), 0);
    float mine[40] = {0};
    _Atomic float w[40];
    for (int j = 0; j < 40; j++)
        atomic_init(&w[j], 0.0f);
    for (size_t i = 0; i < p.count; i++) {
        oracle_step(mine, &p.examples[i], 0.3f);
        sparse_logistic_sgd_step(w, &p.examples[i], 0.3f);
        for (int j = 0; j < 40; j++) {
            float got = atomic_load(&w[j]);
            if (got == mine[j])
                continue;
            struct at where = AT("sparse_logistic_sgd_step", S_STEP);
            where.quantity = "w";
            where.index = j;
            where.step = (long)i + 1;
            where.hint = fabs(got - mine[j]) <= 1e-5 * (fabs(mine[j]) + 1e-3)
                ? "nearly right, not bit for bit: compute z and d in double and store "
                  "(float)(old - lr * d * value[k]) exactly as written"
                : "z = sum_k w[index[k]] * value[k] from the weights before this step; "
                  "d = 1/(1 + exp(-z)) - label; w[index[k]] -= lr * d * value[k]";
            expect_exact(where, mine[j], got);
            problem_free(&p);
            return;
        }
    }
    problem_free(&p);
}

static void test_worker_runs_its_slice_once(void **state)
{
    (void)state;
    /* A job for the slice [3, 7) of 10 examples: exactly those four steps,
     * in order, as the oracle takes them; steps_done = 4. Weights the
     * slice's examples never touch keep their values exactly. */
    struct rng rng;
    rng_seed(&rng, 15, 2);
    struct problem p;
    assert_int_equal(problem_make(&p, &rng, 30, 10, 5, NULL, NULL), 0);
    float expected[30];
    _Atomic float w[30];
    for (int j = 0; j < 30; j++) {
        expected[j] = 0.1f * (float)j - 1.0f;
        atomic_init(&w[j], expected[j]);
    }
    oracle_sgd(expected, p.examples, 3, 7, 0.5f, 1);
    struct hogwild_job job = {.w = w, .examples = p.examples, .first = 3, .end = 7,
                              .lr = 0.5f, .steps_done = 12345};
    int status = hogwild_worker(&job);
    struct at where = AT("hogwild_worker", S_WORKER);
    where.quantity = "the return value";
    where.hint = "a worker returns 0 when it is done";
    expect_that(where, status == 0, "expected 0, got %d", status);
    where.quantity = "steps_done";
    where.hint = "steps_done = end - first: one step per example of the slice";
    expect_that(where, job.steps_done == 4, "expected 4 steps for the slice [3, 7), got %zu",
                job.steps_done);
    for (int j = 0; j < 30; j++) {
        where.quantity = "w";
        where.index = j;
        where.hint = "one sparse_logistic_sgd_step per example i with first <= i < end, "
                     "in order: not from 0, not up to and including end";
        expect_exact(where, expected[j], atomic_load(&w[j]));
    }
    problem_free(&p);
}

static void test_epoch_joins_every_thread(void **state)
{
    (void)state;
    /* Three jobs on disjoint features, each long enough (40 000 steps) that
     * a thread not waited for would still be running when hogwild_epoch
     * returns. After the return every steps_done must be set and every
     * weight final: equal, bit for bit, to the oracle's sequential pass,
     * because no two jobs share a weight. */
    enum { COUNT = 120000, DIM = 300, JOBS = 3 };
    struct rng rng;
    rng_seed(&rng, 15, 3);
    size_t *lo = malloc(COUNT * sizeof *lo), *hi = malloc(COUNT * sizeof *hi);
    assert_non_null(lo);
    assert_non_null(hi);
    disjoint_blocks(COUNT, DIM, JOBS, lo, hi);
    struct problem p;
    assert_int_equal(problem_make(&p, &rng, DIM, COUNT, 4, lo, hi), 0);
    static float expected[DIM];
    static _Atomic float w[DIM];
    for (int j = 0; j < DIM; j++) {
        expected[j] = 0.0f;
        atomic_init(&w[j], 0.0f);
    }
    oracle_sgd(expected, p.examples, 0, COUNT, 0.05f, 1);
    struct hogwild_job jobs[JOBS];
    for (size_t t = 0; t < JOBS; t++)
        jobs[t] = (struct hogwild_job){w, p.examples, t * COUNT / JOBS, (t + 1) * COUNT / JOBS,
                                       0.05f, 0};
    long steps = hogwild_epoch(jobs, JOBS);
    struct at where = AT("hogwild_epoch", S_EPOCH);
    where.quantity = "the return value";
    where.hint = "return the sum of the jobs' steps_done, read after thrd_join";
    expect_that(where, steps == COUNT, "expected %d steps, got %ld", COUNT, steps);
    for (size_t t = 0; t < JOBS; t++) {
        where.quantity = "steps_done of a job";
        where.index = (long)t;
        where.hint = "every job must have run to its end before hogwild_epoch returns: "
                     "thrd_join each thread you started";
        expect_that(where, jobs[t].steps_done == COUNT / JOBS,
                    "expected %d, got %zu (its thread was not finished)", COUNT / JOBS,
                    jobs[t].steps_done);
    }
    for (int j = 0; j < DIM; j++) {
        where.quantity = "w";
        where.index = j;
        where.hint = "start one thread per job with thrd_create(&id, hogwild_worker, &jobs[t]) "
                     "and join them all before returning";
        if (atomic_load(&w[j]) != expected[j]) {
            expect_exact(where, expected[j], atomic_load(&w[j]));
            break;
        }
    }
    where = AT("hogwild_epoch", S_EPOCH);
    where.quantity = "the return value for 0 workers";
    where.hint = "no jobs: start nothing and return 0";
    long none = hogwild_epoch(jobs, 0);
    expect_that(where, none == 0, "expected 0, got %ld", none);
    problem_free(&p);
    free(lo);
    free(hi);
}

/* Trains with hogwild_train and compares with the oracle's sequential SGD,
 * bit for bit. */
static void check_train_exact(const struct problem *p, float lr, size_t epochs, size_t threads,
                              const char *hint)
{
    float *expected = calloc(p->dim, sizeof *expected), *w = calloc(p->dim, sizeof *w);
    assert_non_null(expected);
    assert_non_null(w);
    for (size_t j = 0; j < p->dim; j++)
        expected[j] = w[j] = 0.01f * (float)(j % 7);
    oracle_sgd(expected, p->examples, 0, p->count, lr, epochs);
    long steps = hogwild_train(w, p->dim, p->examples, p->count, lr, epochs, threads);
    struct at where = AT("hogwild_train", S_TRAIN);
    where.quantity = "the return value";
    where.hint = "return the number of SGD steps: epochs * count";
    expect_that(where, steps == (long)(epochs * p->count),
                "expected %zu steps (%zu epochs of %zu examples, %zu threads), got %ld",
                epochs * p->count, epochs, p->count, threads, steps);
    for (size_t j = 0; j < p->dim; j++) {
        if (w[j] == expected[j])
            continue;
        where.quantity = "w";
        where.index = (long)j;
        where.step = (long)epochs;
        where.unit = "epoch";
        where.hint = hint;
        expect_exact(where, expected[j], w[j]);
        break;
    }
    free(expected);
    free(w);
}

static void test_train_one_thread_is_sequential_sgd(void **state)
{
    (void)state;
    /* One thread has one slice, all the examples, in order, every epoch:
     * sequential SGD exactly. */
    struct rng rng;
    rng_seed(&rng, 15, 4);
    struct problem p;
    assert_int_equal(problem_make(&p, &rng, 200, 500, 6, NULL, NULL), 0);
    check_train_exact(&p, 0.5f, 4, 1,
                      "with one thread: copy w in (atomic_init), run every epoch over all "
                      "examples in order, copy the result back into w");
    problem_free(&p);
}

static void test_train_threads_on_disjoint_features_match_sequential(void **state)
{
    (void)state;
    /* 2 and then 3 threads, where the slices of the contract,
     * [t*count/T, (t+1)*count/T), touch disjoint blocks of weights: no two
     * updates can collide and each weight sees its updates in sequential
     * order, so the result is sequential SGD bit for bit. A wrong slice, a
     * thread not joined, or weights not copied back shows here. */
    enum { COUNT = 3000, DIM = 600 };
    struct rng rng;
    rng_seed(&rng, 15, 5);
    size_t lo[COUNT], hi[COUNT];
    for (size_t threads = 2; threads <= 3; threads++) {
        disjoint_blocks(COUNT, DIM, threads, lo, hi);
        struct problem p;
        assert_int_equal(problem_make(&p, &rng, DIM, COUNT, 5, lo, hi), 0);
        check_train_exact(&p, 0.5f, 3, threads,
                          "slice t is [t*count/T, (t+1)*count/T); every thread joined each "
                          "epoch; the shared weights copied back into w at the end");
        problem_free(&p);
    }
}

static void test_train_two_threads_reach_the_sequential_loss(void **state)
{
    (void)state;
    /* The statistical test. 2000 examples of at most 10 features out of
     * 1000, 5 epochs with lr = 0.5, from w = 0 (loss log 2 = 0.693).
     * Two examples processed at the same moment share a weight with
     * probability about 10*10/1000 = 0.1, and then at most one small update
     * is lost; moreover any order of the examples lands near the same
     * point: fully interleaving the two slices instead of running them one
     * after the other changed the final loss by less than 1% over 40 seeds
     * (sequential about 0.12). The bound allows 10% of the sequential loss
     * plus 0.01, ten times the spread measured; and training must at
     * least halve the starting loss. */
    struct rng rng;
    rng_seed(&rng, 15, 6);
    struct problem p;
    assert_int_equal(problem_make(&p, &rng, 1000, 2000, 10, NULL, NULL), 0);
    float sequential[1000] = {0}, w[1000] = {0};
    oracle_sgd(sequential, p.examples, 0, p.count, 0.5f, 5);
    double expected = oracle_loss(sequential, p.examples, p.count);
    long steps = hogwild_train(w, 1000, p.examples, p.count, 0.5f, 5, 2);
    double got = oracle_loss(w, p.examples, p.count);
    struct at where = AT("hogwild_train", S_TRAIN);
    where.quantity = "the return value";
    where.hint = "return the number of SGD steps: epochs * count";
    expect_that(where, steps == 10000, "expected 10000 steps, got %ld", steps);
    where.quantity = "the final loss with 2 threads";
    where.hint = "both threads must share one weight array and every step must be applied";
    expect_that(where, fabs(got - expected) <= 0.1 * expected + 0.01 && got < 0.5 * log(2.0),
                "expected within 0.1*%.4f + 0.01 of the sequential loss %.4f, got %.4f",
                expected, expected, got);
    problem_free(&p);
}

static void test_train_edge_cases(void **state)
{
    (void)state;
    struct at where = AT("hogwild_train", S_TRAIN);
    float w[4] = {0.0f, 1.0f, -2.0f, 0.5f};
    const float start[4] = {0.0f, 1.0f, -2.0f, 0.5f};
    /* threads = 0: nobody to do the work: -1, w untouched. */
    long r = hogwild_train(w, 4, hand, 2, 0.1f, 3, 0);
    where.quantity = "the return value for threads = 0";
    where.hint = "threads = 0 is an error: return -1 and leave w alone";
    expect_that(where, r == -1, "expected -1, got %ld", r);
    /* threads = 0 is checked first: -1 even when there is no work either. */
    long r_empty = hogwild_train(w, 4, hand, 0, 0.1f, 3, 0);
    where.quantity = "the return value for threads = 0 and count = 0";
    where.hint = "check threads = 0 first: it is an error (-1) even with no examples";
    expect_that(where, r_empty == -1, "expected -1, got %ld", r_empty);
    /* count = 0 and epochs = 0: nothing to do: 0 steps, w untouched. */
    long none = hogwild_train(w, 4, hand, 0, 0.1f, 3, 2);
    long zero_epochs = hogwild_train(w, 4, hand, 2, 0.1f, 0, 2);
    where.quantity = "the return value for count = 0 or epochs = 0";
    where.hint = "no examples or no epochs: no steps, return 0";
    expect_that(where, none == 0 && zero_epochs == 0, "expected 0 and 0, got %ld and %ld",
                none, zero_epochs);
    for (int j = 0; j < 4; j++) {
        where.quantity = "w after calls that must do nothing";
        where.index = j;
        where.hint = "with threads = 0, count = 0 or epochs = 0, w must not change";
        expect_exact(where, start[j], w[j]);
    }
    /* 8 threads for the 2 hand examples: min(8, 2) = 2 workers with one
     * example each. A and B share no weight, so the result is the
     * sequential one exactly, and 3 epochs take 6 steps. */
    struct problem p = {.dim = 4, .count = 2, .examples = (struct sparse_example *)hand};
    check_train_exact(&p, 0.1f, 3, 8,
                      "more threads than examples: use min(threads, count) workers, each "
                      "with a non-empty slice");
}

/* ---- Questions: the lesson's checked exercises ------------------------------------
 * The right answers are not in this file: only their hashes (see harness.h,
 * "Questions"). The hidden tests check the values themselves. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 2, 0x4cd6c3c20a6d7dc9ULL,
                         "the printed probability with dim 500 000 (2 significant digits)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0x2625e6472cf0b872ULL,
                         "the exact probability for nnz = 100, d = 10 000 (3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0x089a8f9e56297c88ULL,
                         "the mean degree of Part 2's conflict graph (3 significant digits)");
}

static const struct harness_test tests[] = {
    {"loss_hand_example", test_loss_hand_example, 10, 2,
     "the mean loss of two examples, derived by hand; no examples gives 0"},
    {"loss_is_stable_for_large_margins", test_loss_is_stable_for_large_margins, 5, 2,
     "the loss at z = +-1000 is finite and right"},
    {"sgd_step_hand_example", test_sgd_step_hand_example, 15, 2,
     "one step on one example, derived by hand; other weights untouched"},
    {"sgd_step_matches_the_oracle", test_sgd_step_matches_the_oracle, 10, 2,
     "200 steps on random examples, bit for bit as the contract computes them"},
    {"worker_runs_its_slice_once", test_worker_runs_its_slice_once, 10, 2,
     "a worker takes one step per example of [first, end) and counts them"},
    {"epoch_joins_every_thread", test_epoch_joins_every_thread, 15, 10,
     "three threads started and all joined before hogwild_epoch returns"},
    {"train_one_thread_is_sequential_sgd", test_train_one_thread_is_sequential_sgd, 10, 5,
     "with 1 thread, Hogwild! is sequential SGD bit for bit"},
    {"train_threads_on_disjoint_features_match_sequential",
     test_train_threads_on_disjoint_features_match_sequential, 10, 10,
     "2 and 3 threads whose slices share no weight give sequential SGD bit for bit"},
    {"train_two_threads_reach_the_sequential_loss",
     test_train_two_threads_reach_the_sequential_loss, 10, 10,
     "2 threads on a sparse problem reach the sequential loss within 10%"},
    {"train_edge_cases", test_train_edge_cases, 5, 5,
     "0 threads, no examples, no epochs, more threads than examples"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the printed collision odds"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: the exact collision probability"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 2: the degree of the conflict graph"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
