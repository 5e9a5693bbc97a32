/* Lesson 15, hidden tests: run only by the grader, never shipped to students.
 *
 * Cases are drawn from the grading seed (harness_rng_for_test); expected
 * values come from the oracle in oracle.h (sequential SGD on plain floats,
 * written from the lesson's formulas), never from the reference solution.
 * As in public.c, every multi-thread comparison is either exact because the
 * threads' slices share no weight, or statistical with the justified bound
 * of the public test. */
#include "harness.h"
#include "lessons.h"

#include "oracle.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>

#define S_LOSS "Sparse logistic regression"
#define S_STEP "One step on shared weights"
#define S_EPOCH "Starting and joining the threads"
#define S_TRAIN "Hogwild! training"

static size_t between(struct rng *rng, size_t lo, size_t hi) /* uniform in [lo, hi] */
{
    return lo + rng_below(rng, (uint32_t)(hi - lo + 1));
}

/* hogwild_train against the oracle, bit for bit; returns 1 if it matched. */
static int train_matches(const struct problem *p, float lr, size_t epochs, size_t threads,
                         long case_number)
{
    float *expected = calloc(p->dim, sizeof *expected), *w = calloc(p->dim, sizeof *w);
    assert_non_null(expected);
    assert_non_null(w);
    for (size_t j = 0; j < p->dim; j++)
        expected[j] = w[j] = 0.02f * (float)(j % 5) - 0.04f;
    oracle_sgd(expected, p->examples, 0, p->count, lr, epochs);
    long steps = hogwild_train(w, p->dim, p->examples, p->count, lr, epochs, threads);
    struct at where = AT("hogwild_train", S_TRAIN);
    where.step = case_number;
    where.unit = "case";
    where.quantity = "the return value";
    int ok = steps == (long)(epochs * p->count);
    expect_that(where, ok, "expected %zu steps (%zu examples, %zu epochs, %zu threads), got %ld",
                epochs * p->count, p->count, epochs, threads, steps);
    for (size_t j = 0; j < p->dim && ok; j++)
        if (w[j] != expected[j]) {
            where.quantity = "w";
            where.index = (long)j;
            expect_exact(where, expected[j], w[j]);
            ok = 0;
        }
    free(expected);
    free(w);
    return ok;
}

static void test_loss_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= 20; c++) {
        struct problem p;
        size_t dim = between(&rng, 1, 300);
        assert_int_equal(problem_make(&p, &rng, dim, between(&rng, 1, 400),
                                      between(&rng, 1, 12), NULL, NULL), 0);
        float *w = malloc(dim * sizeof *w);
        assert_non_null(w);
        float scale = powf(10.0f, 2.0f * rng_uniform(&rng));
        for (size_t j = 0; j < dim; j++)
            w[j] = scale * rng_normal(&rng);
        struct at where = AT("sparse_logistic_loss", S_LOSS);
        where.quantity = "L(w)";
        where.step = c;
        where.unit = "case";
        expect_close_tol(where, oracle_loss(w, p.examples, p.count),
                         sparse_logistic_loss(w, p.examples, p.count), 1e-9, 1e-12);
        free(w);
        problem_free(&p);
    }
}

static void test_step_at_huge_margins(void **state)
{
    (void)state;
    /* z = +-1e6: sigmoid(z) is exactly 1 or 0 in double, so d is 0 when the
     * label agrees (nothing moves) and +-1 when it does not (each weight
     * moves by exactly lr * value). No NaN, no inf. */
    const size_t index[2] = {0, 1};
    const float value[2] = {1.0f, 2.0f};
    const float cases[4][3] = {/* w0, label, expected move of w0 per unit value */
                               {1e6f, 1.0f, 0.0f}, {1e6f, 0.0f, -1.0f},
                               {-1e6f, 0.0f, 0.0f}, {-1e6f, 1.0f, 1.0f}};
    for (int c = 0; c < 4; c++) {
        _Atomic float w[2];
        atomic_init(&w[0], cases[c][0]);
        atomic_init(&w[1], 0.0f);
        struct sparse_example e = {index, value, 2, cases[c][1]};
        sparse_logistic_sgd_step(w, &e, 0.5f);
        struct at where = AT("sparse_logistic_sgd_step", S_STEP);
        where.quantity = "w[1] after one step at a huge margin";
        where.step = c + 1;
        where.unit = "case";
        where.hint = "d = 1/(1 + exp(-z)) - label in double: exactly 0 or +-1 here";
        expect_exact(where, 0.5f * 2.0f * cases[c][2], atomic_load(&w[1]));
    }
}

static void test_one_thread_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= 8; c++) {
        struct problem p;
        assert_int_equal(problem_make(&p, &rng, between(&rng, 5, 500), between(&rng, 1, 800),
                                      between(&rng, 1, 10), NULL, NULL), 0);
        float lr = 0.05f + rng_uniform(&rng);
        int ok = train_matches(&p, lr, between(&rng, 1, 4), 1, c);
        problem_free(&p);
        if (!ok)
            return;
    }
}

static void test_disjoint_slices_random_thread_counts(void **state)
{
    (void)state;
    /* T from 2 to 6 and a count that T need not divide: the slices
     * [t*count/T, (t+1)*count/T) get disjoint features, so the result is
     * sequential SGD bit for bit. */
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= 6; c++) {
        size_t threads = between(&rng, 2, 6);
        size_t count = between(&rng, threads, 4000);
        size_t dim = threads * between(&rng, 3, 200);
        size_t *lo = malloc(count * sizeof *lo), *hi = malloc(count * sizeof *hi);
        assert_non_null(lo);
        assert_non_null(hi);
        disjoint_blocks(count, dim, threads, lo, hi);
        struct problem p;
        assert_int_equal(problem_make(&p, &rng, dim, count, between(&rng, 1, 6), lo, hi), 0);
        int ok = train_matches(&p, 0.1f + rng_uniform(&rng), between(&rng, 1, 3), threads, c);
        problem_free(&p);
        free(lo);
        free(hi);
        if (!ok)
            return;
    }
}

static void test_more_threads_than_examples(void **state)
{
    (void)state;
    /* count from 1 to 5, up to 16 threads: min(threads, count) workers of
     * one example each (at least), every example on its own features. */
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= 6; c++) {
        size_t count = between(&rng, 1, 5);
        size_t threads = between(&rng, count, 16);
        size_t lo[5], hi[5];
        disjoint_blocks(count, 4 * count, count, lo, hi);
        struct problem p;
        assert_int_equal(problem_make(&p, &rng, 4 * count, count, 3, lo, hi), 0);
        int ok = train_matches(&p, 0.5f, between(&rng, 1, 5), threads, c);
        problem_free(&p);
        if (!ok)
            return;
    }
}

static void test_two_threads_statistical_random_problem(void **state)
{
    (void)state;
    /* The public test's problem shape (2000 examples of at most 10 of 1000
     * features, 5 epochs of lr 0.5) with data drawn from the grading seed,
     * and the same bound: within 10% + 0.01 of the sequential loss, and at
     * most half the starting loss log 2. */
    struct rng rng;
    harness_rng_for_test(&rng);
    struct problem p;
    assert_int_equal(problem_make(&p, &rng, 1000, 2000, 10, NULL, NULL), 0);
    float sequential[1000] = {0}, w[1000] = {0};
    oracle_sgd(sequential, p.examples, 0, p.count, 0.5f, 5);
    double expected = oracle_loss(sequential, p.examples, p.count);
    long steps = hogwild_train(w, 1000, p.examples, p.count, 0.5f, 5, 2);
    double got = oracle_loss(w, p.examples, p.count);
    struct at where = AT("hogwild_train", S_TRAIN);
    where.quantity = "the final loss with 2 threads";
    expect_that(where, steps == 10000 && fabs(got - expected) <= 0.1 * expected + 0.01 &&
                           got < 0.5 * log(2.0),
                "expected 10000 steps and a loss within 10%% + 0.01 of %.4f, got %ld steps "
                "and %.4f", expected, steps, got);
    problem_free(&p);
}

static void test_epoch_many_jobs(void **state)
{
    (void)state;
    /* 1 to 8 jobs, some of them empty slices: every job's steps_done is
     * set (its thread has finished) when hogwild_epoch returns. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { COUNT = 20000, DIM = 64 };
    struct problem p;
    assert_int_equal(problem_make(&p, &rng, DIM, COUNT, 3, NULL, NULL), 0);
    static _Atomic float w[DIM];
    for (int j = 0; j < DIM; j++)
        atomic_init(&w[j], 0.0f);
    for (int c = 1; c <= 4; c++) {
        size_t workers = between(&rng, 1, 8);
        struct hogwild_job jobs[8];
        size_t total = 0;
        for (size_t t = 0; t < workers; t++) {
            size_t first = between(&rng, 0, COUNT), end = between(&rng, first, COUNT);
            jobs[t] = (struct hogwild_job){w, p.examples, first, end, 0.01f, 99999999};
            total += end - first;
        }
        long steps = hogwild_epoch(jobs, workers);
        struct at where = AT("hogwild_epoch", S_EPOCH);
        where.step = c;
        where.unit = "case";
        where.quantity = "steps";
        int all_done = 1;
        for (size_t t = 0; t < workers; t++)
            all_done = all_done && jobs[t].steps_done == jobs[t].end - jobs[t].first;
        expect_that(where, all_done && steps == (long)total,
                    "expected every job finished and %zu steps in all, got %ld (all jobs "
                    "finished: %s)", total, steps, all_done ? "yes" : "no");
    }
    problem_free(&p);
}

/* ---- Questions: the values themselves ----------------------------------------
 * Each right value is computed here from its derivation (the lesson's
 * exercises), in double, never typed in; the tolerance is the one the
 * exercise states. */

static void expect_answer_close(const char *id, const char *what, double expected, double rel)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), rel, 0.0);
}

/* The probability that two examples of nnz distinct features, drawn
 * uniformly from d, share at least one: one minus the chance that the
 * second's features all miss the first's, C(d - nnz, nnz) / C(d, nnz)
 * = prod_{k < nnz} (d - nnz - k) / (d - k). */
static double share_probability(double nnz, double d)
{
    double miss = 1.0;
    for (double k = 0.0; k < nnz; k += 1.0)
        miss *= (d - nnz - k) / (d - k);
    return 1.0 - miss;
}

static void test_hidden_question_ex1(void **state)
{
    (void)state;
    /* The experiment prints 1 - (1 - nnz/d)^nnz; Part 3 with nnz = 10 and
     * d = 500 000. Within 2% (the exact form and nnz^2/d agree with it to
     * far better than that). */
    const double nnz = 10.0, d = 500000.0;
    expect_answer_close("ex1", "the printed probability", 1.0 - pow(1.0 - nnz / d, nnz), 0.02);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* The exact probability for nnz = 100, d = 10 000. Within 0.2% (the
     * independent-draws form 1 - (1 - nnz/d)^nnz is 0.3% off). */
    expect_answer_close("ex2", "the exact probability", share_probability(100.0, 10000.0), 0.002);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* Part 2: each of the other 199 999 examples shares a feature with a
     * given one with the exact probability for nnz = 10, d = 1 000 000; the
     * mean degree is their sum. Within 1%. */
    const double count = 200000.0;
    expect_answer_close("ex3", "the mean degree",
                        (count - 1.0) * share_probability(10.0, 1000000.0), 0.01);
}

static const struct harness_test tests[] = {
    {"hidden_loss_random_cases", test_loss_random_cases, 10, 2,
     "the loss of random weights on 20 random data sets"},
    {"hidden_step_at_huge_margins", test_step_at_huge_margins, 5, 2,
     "one step at z = +-1e6 moves exactly by 0 or lr * value"},
    {"hidden_one_thread_random_cases", test_one_thread_random_cases, 10, 5,
     "1 thread equals sequential SGD bit for bit on 8 random problems"},
    {"hidden_disjoint_slices_random_thread_counts", test_disjoint_slices_random_thread_counts,
     10, 10, "2 to 6 threads on disjoint features equal sequential SGD bit for bit"},
    {"hidden_more_threads_than_examples", test_more_threads_than_examples, 5, 5,
     "up to 16 threads for 1 to 5 examples"},
    {"hidden_two_threads_statistical_random_problem",
     test_two_threads_statistical_random_problem, 5, 10,
     "2 threads reach the sequential loss within 10% on a random sparse problem"},
    {"hidden_epoch_many_jobs", test_epoch_many_jobs, 5, 10,
     "1 to 8 jobs, all finished when hogwild_epoch returns"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's first value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 2's second value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
