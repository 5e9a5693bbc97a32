/* harness.h -- the course's test harness, on top of cmocka.
 *
 * A lesson's tests are ordinary cmocka test functions, listed in a table
 * with points, a time limit and a one-line description:
 *
 *     static const struct harness_test tests[] = {
 *         {"gd_step_one_step", test_gd_step_one_step, 10, 2,
 *          "one step of w <- w - lr*g on three numbers"},
 *         ...
 *     };
 *     const struct harness_suite lesson_public = HARNESS_SUITE(tests);
 *
 * The runner (harness.c) starts every test in a process of its own, so a
 * student function that crashes, aborts or loops forever fails that test
 * only, with a plain-words verdict, and every other test still runs. It
 * prints one line per test and a summary, and writes machine-readable
 * results (Gradescope's results.json, JUnit XML, a TSV of verdicts).
 *
 * Inside a test, check values with the teaching assertions below: on a
 * mismatch they say which function, which element, at which step, what
 * was expected, what came out, and which section of the lesson to reread. */
#ifndef DESCENT_HARNESS_H
#define DESCENT_HARNESS_H

#include <setjmp.h> /* cmocka.h needs these three first */
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <stdbool.h>
#include <stdint.h>

#include "rng.h"

/* ---- Describing tests ------------------------------------------------- */

struct harness_test {
    const char *name;            /* identifier: letters, digits, '_' */
    void (*run)(void **state);   /* a cmocka test function */
    int points;                  /* what passing it is worth */
    int seconds;                 /* time limit; past it the test is stopped */
    const char *description;     /* one line; all a student sees of a hidden test */
};

struct harness_suite {
    const struct harness_test *tests;
    size_t count;
    int (*setup)(void **state);    /* optional cmocka fixtures, run around every */
    int (*teardown)(void **state); /* test in that test's own process; or NULL */
};

#define HARNESS_SUITE(table) {(table), sizeof(table) / sizeof((table)[0]), NULL, NULL}
#define HARNESS_SUITE_WITH_FIXTURES(table, setup, teardown) \
    {(table), sizeof(table) / sizeof((table)[0]), (setup), (teardown)}

/* Every test binary links public.c, which defines lesson_public, and, when
 * the grader has it, hidden.c, which defines lesson_hidden. */
extern const struct harness_suite lesson_public;
extern const struct harness_suite lesson_hidden;

/* ---- Teaching assertions ---------------------------------------------- */

/* Where a checked value comes from; every field but `function` is optional
 * (NULL, or -1 for index and step, leaves it out of the message). */
struct at {
    const char *function;  /* the student function under test, e.g. "gd_step" */
    const char *quantity;  /* what was checked, e.g. "w" or "the loss" */
    long index;            /* element index within quantity, or -1 */
    long step;             /* step number (from 1), or -1 */
    const char *section;   /* lesson section to reread, e.g. "The update rule" */
    const char *hint;      /* the likely mistake, e.g. "did you add instead of subtract?" */
    const char *unit;      /* what `step` counts: "step" (the default, NULL), "epoch"
                              ("after epoch 3") or "case" ("in case 3") */
};

/* A place with no element and no step yet; set the other fields after:
 *     struct at where = AT("gd_step", "The update rule");
 *     where.quantity = "w"; where.index = i; where.step = t;
 * and, when the number counts epochs or test cases rather than steps,
 *     where.unit = "epoch";                                              */
#define AT(function_, section_) \
    ((struct at){.function = (function_), .index = -1, .step = -1, .section = (section_)})

/* The default tolerance for float results compared with an exact or
 * double-precision expectation: a few float roundings (float has a
 * relative precision of 2^-24, about 6e-8). */
#define HARNESS_REL_TOL 1e-5
#define HARNESS_ABS_TOL 1e-6

/* Fails the running test unless |got - expected| <= abs_tol + rel_tol*|expected|.
 * The message reads, for example:
 *   gd_step: w[1] after step 2: expected 0.41723, got 0.39120 (relative error 6.2e-02)
 *   hint: did you subtract lr*g?  Reread lessons/01-gradient-descent/README.md,
 *   section "The update rule". */
#define expect_close(where, expected, got) \
    harness_expect_close(__FILE__, __LINE__, (where), (expected), (got), \
                         HARNESS_REL_TOL, HARNESS_ABS_TOL)
#define expect_close_tol(where, expected, got, rel_tol, abs_tol) \
    harness_expect_close(__FILE__, __LINE__, (where), (expected), (got), (rel_tol), (abs_tol))

/* Fails the running test unless got == expected bit for bit (for results
 * that must be exact, e.g. a value that must not move). */
#define expect_exact(where, expected, got) \
    harness_expect_exact(__FILE__, __LINE__, (where), (expected), (got))

/* Fails the running test unless condition holds; the message is printf-style
 * and should say what was expected and what happened. */
#define expect_that(where, condition, ...) \
    harness_expect_that(__FILE__, __LINE__, (where), (condition), __VA_ARGS__)

void harness_expect_close(const char *file, int line, struct at where, double expected,
                          double got, double rel_tol, double abs_tol);
void harness_expect_exact(const char *file, int line, struct at where, float expected,
                          float got);
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
void harness_expect_that(const char *file, int line, struct at where, bool condition,
                         const char *format, ...);

/* ---- Randomized tests ------------------------------------------------- */

/* The seed of this run (--seed S, or the environment variable SEED, or a
 * fixed default), printed in the summary so any failure can be replayed. */
uint64_t harness_seed(void);

/* A generator seeded from the run's seed and the test's own name, so each
 * test draws the same cases however many tests run before it. */
void harness_rng_for_test(struct rng *rng);

/* ---- Questions: the lesson's exercises, answered in answers.txt ------- */

/* A lesson's checked questions are tests like any other, named
 * question_ID (public) or hidden_question_ID (hidden), and counted apart
 * from the code in the summary ("code 150/150, questions 20/30").
 *
 * The student answers in lessons/NN-name/answers.txt, one line per question:
 *     ex3: 1604
 * (# starts a comment). These read that line; if it is missing or empty,
 * the test ends as TODO ("ex3 is not answered yet"), never as FAIL. */
double harness_answer_number(const char *id);
/* A one-word answer ("b", "yes", "momentum"), lower-cased into out. */
void harness_answer_word(const char *id, char *out, size_t size);

/* The public check of an answer, without the answer in readable form:
 * `hash` is harness_answer_hash(id, canonical), where canonical is the
 * right answer written as harness_canonical_number gives it (rounded to
 * `digits` significant digits) or as the lower-case word. The judge prints
 * hashes for instructors: JUDGE --answer-hash ID DIGITS VALUE (DIGITS 0 for
 * a word). The hidden test then checks the value itself, with a tolerance. */
uint64_t harness_answer_hash(const char *id, const char *canonical);
void harness_canonical_number(double value, int digits, char *out, size_t size);

/* Fails unless the number answered to `id`, rounded to `digits`
 * significant digits, hashes to `hash`; `what` says what was asked, for
 * the message ("the number of steps to f < 1e-6"). */
#define expect_answer_number(id, digits, hash, what) \
    harness_expect_answer_number(__FILE__, __LINE__, (id), (digits), (hash), (what))
#define expect_answer_word(id, hash, what) \
    harness_expect_answer_word(__FILE__, __LINE__, (id), (hash), (what))
void harness_expect_answer_number(const char *file, int line, const char *id, int digits,
                                  uint64_t hash, const char *what);
void harness_expect_answer_word(const char *file, int line, const char *id, uint64_t hash,
                                const char *what);

/* Is this test a question (by its name)? */
bool harness_is_question(const char *test_name);

#endif
