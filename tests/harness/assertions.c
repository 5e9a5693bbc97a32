/* assertions.c -- the teaching assertions of harness.h.
 *
 * Each check that fails writes its message to the harness's message stream
 * (which the runner shows the student) and then fails the cmocka test. */
#include "harness.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

FILE *harness_messages = NULL;

static FILE *message_stream(void)
{
    return harness_messages != NULL ? harness_messages : stderr;
}

/* "gd_step: w[1] after step 2" -- the subject of a message; "after epoch 2"
 * or "in case 2" when where.unit says what the number counts. */
static void print_subject(FILE *out, struct at where)
{
    fprintf(out, "%s", where.function != NULL ? where.function : "(unnamed check)");
    if (where.quantity != NULL || where.index >= 0 || where.step >= 0)
        fputc(':', out);
    if (where.quantity != NULL)
        fprintf(out, " %s", where.quantity);
    if (where.index >= 0)
        fprintf(out, "%s[%ld]", where.quantity != NULL ? "" : " element", where.index);
    if (where.step >= 0) {
        const char *unit = where.unit != NULL ? where.unit : "step";
        fprintf(out, " %s %s %ld", strcmp(unit, "case") == 0 ? "in" : "after", unit, where.step);
    }
}

/* The hint and the section to reread, on lines of their own. */
static void print_advice(FILE *out, struct at where)
{
    if (where.hint != NULL)
        fprintf(out, "  hint: %s\n", where.hint);
    if (where.section != NULL)
        fprintf(out, "  Reread lessons/%s/README.md, section \"%s\".\n", harness_lesson_dir(),
                where.section);
}

/* A NaN or an infinity that nothing in the formula explains is often memory
 * the code does not own: an uninitialised value, a read past the end of an
 * array. The sanitizers find the line. */
static void print_sanitizer_advice(FILE *out, double got)
{
    if (!isfinite(got))
        fprintf(out, "  if nothing in the formula can give %s here, look for a read of memory "
                "the code does not own: make test LESSON=%.2s SAN=1 shows the line.\n",
                isnan(got) ? "NaN" : "an infinity", harness_lesson_dir());
}

static void fail_test(const char *file, int line)
{
    fflush(message_stream());
    _fail(file, line);
}

void harness_expect_close(const char *file, int line, struct at where, double expected,
                          double got, double rel_tol, double abs_tol)
{
    double difference = fabs(got - expected);
    if (isfinite(got) && difference <= abs_tol + rel_tol * fabs(expected))
        return;

    FILE *out = message_stream();
    print_subject(out, where);
    fprintf(out, ": expected %.8g, got %.8g", expected, got);
    if (isnan(got))
        fprintf(out, " (not a number: a 0/0, an uninitialised value, or an overflow?)");
    else if (isinf(got))
        fprintf(out, " (infinite: a division by zero or an overflow?)");
    else if (expected != 0.0)
        fprintf(out, " (relative error %.1e)", difference / fabs(expected));
    else
        fprintf(out, " (absolute error %.1e)", difference);
    fputc('\n', out);
    print_advice(out, where);
    print_sanitizer_advice(out, got);
    fail_test(file, line);
}

void harness_expect_exact(const char *file, int line, struct at where, float expected, float got)
{
    if (memcmp(&expected, &got, sizeof expected) == 0)
        return;
    FILE *out = message_stream();
    print_subject(out, where);
    fprintf(out, ": expected exactly %.9g, got %.9g\n", (double)expected, (double)got);
    print_advice(out, where);
    print_sanitizer_advice(out, got);
    fail_test(file, line);
}

void harness_expect_that(const char *file, int line, struct at where, bool condition,
                         const char *format, ...)
{
    if (condition)
        return;
    FILE *out = message_stream();
    print_subject(out, where);
    fputs(": ", out);
    va_list args;
    va_start(args, format);
    vfprintf(out, format, args);
    va_end(args);
    fputc('\n', out);
    print_advice(out, where);
    fail_test(file, line);
}
