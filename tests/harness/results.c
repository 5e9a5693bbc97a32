/* results.c -- the machine-readable results of a run.
 *
 *   results.json  Gradescope's autograder format: score, tests[] with name,
 *                 score, max_score, status, output and visibility.
 *   junit.xml     JUnit XML, which CI systems and IDEs read.
 *   verdicts.tsv  one line per test: name, verdict, points, max, visibility;
 *                 the repository's own checks read it.
 *
 * Each file is written to NAME.tmp and renamed into place, so a reader never
 * sees half a file. Hidden tests show only their description and verdict:
 * their messages would give away the expected values. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Writes s as the body of a JSON string: quotes, backslashes and control
 * characters escaped; bytes outside ASCII replaced by '?' so that the file
 * is valid UTF-8 whatever a student's program printed. */
static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(out, "\\%c", *c);
        else if (*c == '\n')
            fputs("\\n", out);
        else if (*c == '\t')
            fputs("\\t", out);
        else if (*c < 0x20)
            fprintf(out, "\\u%04x", *c);
        else if (*c >= 0x80)
            fputc('?', out);
        else
            fputc(*c, out);
    }
    fputc('"', out);
}

/* Writes s with XML's five special characters escaped. */
static void xml_text(FILE *out, const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++) {
        switch (*c) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default:
            if (*c >= 0x80 || (*c < 0x20 && *c != '\n' && *c != '\t'))
                fputc('?', out);
            else
                fputc(*c, out);
        }
    }
}

/* What a student may read about one test's result. */
static void student_feedback(const struct outcome *o, char *out, size_t size)
{
    if (o->hidden)
        snprintf(out, size, "%s: %s", o->test->description,
                 o->verdict == VERDICT_PASSED ? "passed" : "failed");
    else if (o->verdict == VERDICT_PASSED)
        snprintf(out, size, "%s: passed", o->test->description);
    else
        snprintf(out, size, "%s\n%s", o->test->description, o->feedback);
}

static void write_json(FILE *out, const struct run_summary *run)
{
    char text[8192];
    fprintf(out, "{\n  \"score\": %d,\n  \"max_score\": %d,\n  \"execution_time\": %.3f,\n",
            run->points, run->max_points, run->seconds);
    snprintf(text, sizeof text, "%s: %zu/%zu tests, %d/%d points (seed %llu)%s", run->title,
             run->passed, run->count, run->points, run->max_points, run->seed,
             run->has_hidden ? "" : "; hidden tests run at grading time");
    fputs("  \"output\": ", out);
    json_string(out, text);
    fputs(",\n  \"tests\": [", out);
    for (size_t i = 0; i < run->count; i++) {
        const struct outcome *o = &run->outcomes[i];
        bool ok = o->verdict == VERDICT_PASSED;
        fprintf(out, "%s\n    {\"number\": \"%s.%zu\", \"name\": ", i > 0 ? "," : "",
                run->lesson_dir, i + 1);
        json_string(out, o->test->name);
        fprintf(out, ", \"score\": %d, \"max_score\": %d, \"status\": \"%s\", ",
                ok ? o->test->points : 0, o->test->points, ok ? "passed" : "failed");
        fprintf(out, "\"visibility\": \"%s\", \"tags\": [\"%s\"], \"output\": ",
                o->hidden ? "after_published" : "visible",
                harness_is_question(o->test->name) ? "question" : "code");
        student_feedback(o, text, sizeof text);
        json_string(out, text);
        fputs("}", out);
    }
    fputs("\n  ]\n}\n", out);
}

/* How JUnit readers (Jenkins, GitLab, IDEs) classify a verdict: a wrong
 * value is a <failure>, a crash, a time-out or an early exit is an
 * <error> (the test could not finish), and a function or question not
 * written yet is <skipped>. */
enum junit_kind { JUNIT_PASSED, JUNIT_FAILURE, JUNIT_ERROR, JUNIT_SKIPPED };

static enum junit_kind junit_kind_of(enum verdict v)
{
    switch (v) {
    case VERDICT_PASSED: return JUNIT_PASSED;
    case VERDICT_FAILED: return JUNIT_FAILURE;
    case VERDICT_NOT_IMPLEMENTED: return JUNIT_SKIPPED;
    case VERDICT_CRASHED:
    case VERDICT_TIMED_OUT:
    case VERDICT_EXITED: return JUNIT_ERROR;
    }
    return JUNIT_ERROR;
}

/* JUnit XML as the common schema (Jenkins' junit-10.xsd, Ant's) has it:
 * <testsuites> holding one <testsuite> with tests, failures, errors,
 * skipped and time on both; each <testcase> with at most one <failure>,
 * <error> or <skipped>. tools/checks/junit.sh validates it. */
static void write_junit(FILE *out, const struct run_summary *run)
{
    char text[8192];
    size_t counts[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < run->count; i++)
        counts[junit_kind_of(run->outcomes[i].verdict)]++;
    char totals[256];
    snprintf(totals, sizeof totals,
             "tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\"",
             run->count, counts[JUNIT_FAILURE], counts[JUNIT_ERROR], counts[JUNIT_SKIPPED],
             run->seconds);

    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(out, "<testsuites name=\"descent\" %s>\n", totals);
    fprintf(out, "  <testsuite name=\"");
    xml_text(out, run->title);
    fprintf(out, "\" package=\"%s\" id=\"0\" %s>\n", run->lesson_dir, totals);
    fprintf(out, "    <properties>\n      <property name=\"seed\" value=\"%llu\"/>\n",
            run->seed);
    fprintf(out, "      <property name=\"impl\" value=\"");
    xml_text(out, run->impl);
    fprintf(out, "\"/>\n    </properties>\n");
    for (size_t i = 0; i < run->count; i++) {
        const struct outcome *o = &run->outcomes[i];
        enum junit_kind kind = junit_kind_of(o->verdict);
        fprintf(out, "    <testcase classname=\"%s\" name=\"", run->lesson_dir);
        xml_text(out, o->test->name);
        fprintf(out, "\" time=\"%.3f\"", o->seconds);
        if (kind == JUNIT_PASSED) {
            fputs("/>\n", out);
            continue;
        }
        static const char *const element[] = {"", "failure", "error", "skipped"};
        student_feedback(o, text, sizeof text);
        fprintf(out, ">\n      <%s message=\"%s: ", element[kind], verdict_word(o->verdict));
        xml_text(out, o->test->description);
        if (kind == JUNIT_SKIPPED)
            fputs("\">", out);
        else
            fprintf(out, "\" type=\"%s\">", verdict_word(o->verdict));
        xml_text(out, text);
        fprintf(out, "</%s>\n    </testcase>\n", element[kind]);
    }
    fputs("  </testsuite>\n</testsuites>\n", out);
}

static void write_tsv(FILE *out, const struct run_summary *run)
{
    for (size_t i = 0; i < run->count; i++) {
        const struct outcome *o = &run->outcomes[i];
        bool ok = o->verdict == VERDICT_PASSED;
        fprintf(out, "%s\t%s\t%d\t%d\t%s\n", o->test->name, verdict_word(o->verdict),
                ok ? o->test->points : 0, o->test->points, o->hidden ? "hidden" : "public");
    }
}

/* Writes dir/name by calling write(), through a temporary file and rename. */
static int write_atomically(const char *dir, const char *name,
                            void (*write)(FILE *, const struct run_summary *),
                            const struct run_summary *run)
{
    char path[1024], temporary[1100];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    FILE *out = fopen(temporary, "w");
    if (out == NULL) {
        fprintf(stderr, "harness: cannot write %s: ", temporary);
        perror(NULL);
        return -1;
    }
    write(out, run);
    bool failed = ferror(out) != 0;
    failed |= fclose(out) != 0;
    if (failed || rename(temporary, path) != 0) {
        fprintf(stderr, "harness: writing %s failed\n", path);
        remove(temporary);
        return -1;
    }
    return 0;
}

int write_result_files(const char *dir, const struct run_summary *run)
{
    if (write_atomically(dir, "results.json", write_json, run) != 0 ||
        write_atomically(dir, "junit.xml", write_junit, run) != 0 ||
        write_atomically(dir, "verdicts.tsv", write_tsv, run) != 0)
        return -1;
    return 0;
}
