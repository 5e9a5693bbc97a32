/* runner.c -- runs a lesson's tests, each in a process of its own.
 *
 * Why a process per test: cmocka survives a segmentation fault inside a
 * test, but not an abort() (a failed assert in student code), and it has
 * no time limit, so one endless loop would hang the whole run. Here the
 * runner fork()s a child per test; the child runs that one test under
 * cmocka and exits; the parent waits at most the test's time limit, then
 * kills the child. How the child ended -- its exit status or the signal
 * that killed it -- becomes the verdict, in plain words.
 *
 * Usage: TEST_BINARY [--results DIR] [--seed S] [--only NAME] [--list]
 *                    [--no-fork] [--public-only]
 * Exit status: 0 when every test passed, 1 otherwise, 2 on a usage error. */
#include "harness.h"
#include "internal.h"
#include "todo.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef LESSON_DIR
#error "compile with -DLESSON_DIR=\"NN-name\" (the Makefile does)"
#endif
#ifndef IMPL_DIR
#define IMPL_DIR "lessons"
#endif

#ifndef HAVE_HIDDEN
/* Without hidden.c (the student release) the hidden suite is empty. */
const struct harness_suite lesson_hidden = {NULL, 0, NULL, NULL};
#endif

/* ---- Under the sanitizers (make test SAN=1 compiles with -DHARNESS_SAN) --
 * AddressSanitizer and UndefinedBehaviorSanitizer read these hooks when the
 * program starts: a report ends the test's process with the exit status
 * SANITIZER_STATUS, which the parent recognises, and the report itself
 * (in the child's log) names the error and the line. Tests get more time:
 * instrumented code runs two to three times slower. */
#define SANITIZER_STATUS 86
#ifdef HARNESS_SAN
#define TIME_SCALE 3.0
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__asan_default_options(void)
{
    return "exitcode=86:detect_leaks=0:print_legend=0:abort_on_error=0";
}
const char *__ubsan_default_options(void)
{
    return "exitcode=86:halt_on_error=1:print_stacktrace=1";
}
#else
#define TIME_SCALE 1.0
#endif

static const unsigned long long DEFAULT_SEED = 20261121ULL;
static unsigned long long run_seed = DEFAULT_SEED;
static const char *current_test_name = "";
static const struct harness_test *current_test = NULL;

const char *harness_lesson_dir(void) { return LESSON_DIR; }

uint64_t harness_seed(void) { return run_seed; }

void harness_rng_for_test(struct rng *rng)
{
    /* FNV-1a hash of the test's name picks the stream, so the cases of
     * one test do not depend on which other tests ran before it. */
    uint64_t hash = 1469598103934665603ULL;
    for (const char *c = current_test_name; *c != '\0'; c++)
        hash = (hash ^ (unsigned char)*c) * 1099511628211ULL;
    rng_seed(rng, run_seed, hash);
}

const char *verdict_word(enum verdict v)
{
    switch (v) {
    case VERDICT_PASSED: return "PASS";
    case VERDICT_FAILED: return "FAIL";
    case VERDICT_NOT_IMPLEMENTED: return "TODO";
    case VERDICT_CRASHED: return "CRASH";
    case VERDICT_TIMED_OUT: return "TIME";
    case VERDICT_EXITED: return "EXIT";
    }
    return "?";
}

/* ---- Inside the child ------------------------------------------------- */

/* cmocka installs its own handlers for SIGSEGV and friends before calling a
 * test; put back the actions the process had before (the defaults, or the
 * sanitizer's handlers under SAN=1) so that a crash kills the child and
 * the parent can name the signal, or the sanitizer can report it. */
static const int crash_signals[] = {SIGSEGV, SIGFPE, SIGBUS, SIGILL, SIGABRT};
#define CRASH_SIGNAL_COUNT (sizeof crash_signals / sizeof crash_signals[0])
static struct sigaction actions_before_cmocka[CRASH_SIGNAL_COUNT];

static void run_with_default_signals(void **state)
{
    const struct harness_test *test = current_test;
    for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++)
        sigaction(crash_signals[i], &actions_before_cmocka[i], NULL);
    test->run(state);
}

/* Runs one test under cmocka; returns the number of failures (0 or 1). */
static int run_under_cmocka(const struct harness_test *test, const struct harness_suite *suite)
{
    current_test_name = test->name;
    current_test = test;
    for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) {
        sigaction(crash_signals[i], NULL, &actions_before_cmocka[i]);
        if (actions_before_cmocka[i].sa_handler == SIG_IGN)
            actions_before_cmocka[i].sa_handler = SIG_DFL;
    }
    const struct CMUnitTest one[] = {
        {test->name, run_with_default_signals, suite->setup, suite->teardown, NULL},
    };
    return _cmocka_run_group_tests(test->name, one, 1, NULL, NULL);
}

/* ---- In the parent ---------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Reads at most size-1 bytes of f from the start (tail=false) or the end. */
static void read_text(FILE *f, char *buffer, size_t size, bool tail)
{
    fflush(f);
    fseek(f, 0, SEEK_END);
    long length = ftell(f);
    long start = (tail && length > (long)size - 1) ? length - (long)size + 1 : 0;
    fseek(f, start, SEEK_SET);
    size_t got = fread(buffer, 1, size - 1, f);
    buffer[got] = '\0';
}

/* The first line of text containing needle, copied into out (or ""). */
static void find_line(const char *text, const char *needle, char *out, size_t size)
{
    out[0] = '\0';
    const char *hit = strstr(text, needle);
    if (hit == NULL)
        return;
    const char *start = hit;
    while (start > text && start[-1] != '\n')
        start--;
    size_t length = strcspn(start, "\n");
    if (length >= size)
        length = size - 1;
    memcpy(out, start, length);
    out[length] = '\0';
}

static const char *signal_in_plain_words(int sig)
{
    switch (sig) {
    case SIGSEGV:
        return "crashed with a segmentation fault: an array index out of range, "
               "or a NULL pointer dereferenced?";
    case SIGBUS:
        return "crashed with a bus error: a pointer to memory that is not there?";
    case SIGFPE:
        return "crashed with an arithmetic error (SIGFPE): an integer division by zero?";
    case SIGABRT:
        return "aborted (SIGABRT): a failed assert(), or abort() called?";
    case SIGILL:
        return "crashed with an illegal instruction: undefined behaviour that the "
               "compiler turned into a trap?";
    default:
        return NULL;
    }
}

/* ---- Sanitizer reports, in plain words ---------------------------------- */

/* What an AddressSanitizer error kind or an UndefinedBehaviorSanitizer
 * message means, for someone who has not met the tool; NULL if unknown. */
static const char *sanitizer_in_plain_words(const char *what)
{
    static const char *const meanings[][2] = {
        {"heap-buffer-overflow", "an index past either end of an array from malloc"},
        {"stack-buffer-overflow", "an index past either end of a local array"},
        {"global-buffer-overflow", "an index past either end of a global array"},
        {"heap-use-after-free", "memory used after it was freed"},
        {"stack-use-after-return", "a pointer to a local variable used after its function returned"},
        {"stack-use-after-scope", "a pointer to a local variable used after its block ended"},
        {"double-free", "the same memory freed twice"},
        {"SEGV", "a read or write through a bad pointer: NULL, uninitialised or out of range"},
        {"FPE", "an integer division by zero"},
        {"signed integer overflow", "an int computation went past the range of int"},
        {"division by zero", "a division by zero"},
        {"shift exponent", "a shift by a negative amount or by the type's width or more"},
        {"out of bounds for type", "an index past the end of a fixed-size array"},
        {"null pointer", "a NULL pointer used as if it pointed to something"},
        {"misaligned address", "a pointer to a type at an address not aligned for it"},
        {"outside the range of representable values",
         "a float converted to an integer type too small to hold it (or a NaN converted)"},
        {"is not a valid value for type", "a variable read that holds no valid value"},
        {"pointer overflow", "pointer arithmetic that wrapped around"},
    };
    for (size_t i = 0; i < sizeof meanings / sizeof meanings[0]; i++)
        if (strstr(what, meanings[i][0]) != NULL)
            return meanings[i][1];
    return NULL;
}

/* The innermost stack frame of a report ("    #0 0x... in FUNC FILE:LINE"),
 * preferring a frame in the lesson's own folder: its function, and its file
 * name and line without the folders. Returns false if there is none. */
static bool sanitizer_frame(const char *report, char *function, size_t function_size,
                            char *place, size_t place_size)
{
    bool found = false;
    for (const char *line = report; line != NULL && *line != '\0';) {
        const char *end = strchr(line, '\n');
        size_t length = end != NULL ? (size_t)(end - line) : strlen(line);
        char frame[512];
        snprintf(frame, sizeof frame, "%.*s", (int)length, line);
        line = end != NULL ? end + 1 : NULL;

        char *hash = strstr(frame, "#"), *in = strstr(frame, " in ");
        if (hash == NULL || in == NULL || hash > in)
            continue;
        char name[128] = "", file[384] = "";
        if (sscanf(in + 4, "%127s %383s", name, file) < 1)
            continue;
        bool ours = strstr(file, "/" LESSON_DIR "/") != NULL && strstr(file, "tests/") == NULL;
        if (found && !ours)
            continue;
        /* "dir/gd.c:42:13" -> "gd.c:42" */
        char *base = strrchr(file, '/');
        base = base != NULL ? base + 1 : file;
        char *colon = strchr(base, ':');
        if (colon != NULL && (colon = strchr(colon + 1, ':')) != NULL)
            *colon = '\0';
        snprintf(function, function_size, "%s", name);
        snprintf(place, place_size, "%s", base);
        found = true;
        if (ours)
            break;
    }
    return found;
}

/* Reads a sanitizer report from the child's log into one line of feedback:
 *   AddressSanitizer: heap-buffer-overflow (an index past either end of an
 *   array from malloc) in gd_step at gd.c:42
 * Returns false if the log holds no report. */
static bool sanitizer_verdict(const char *log, char *out, size_t size)
{
    char tool[64], what[256] = "";
    const char *report = strstr(log, "ERROR: AddressSanitizer: ");
    if (report != NULL) {
        snprintf(tool, sizeof tool, "AddressSanitizer");
        sscanf(report + strlen("ERROR: AddressSanitizer: "), "%255s", what);
    } else if ((report = strstr(log, "runtime error: ")) != NULL) {
        snprintf(tool, sizeof tool, "UndefinedBehaviorSanitizer");
        const char *message = report + strlen("runtime error: ");
        snprintf(what, sizeof what, "%.*s", (int)strcspn(message, "\n"), message);
        while (report > log && report[-1] != '\n') /* back to the line's start */
            report--;
    } else {
        return false;
    }
    const char *words = sanitizer_in_plain_words(what);
    char function[128], place[384];
    int used = snprintf(out, size, "%s: %s", tool, what);
    if (words != NULL && used >= 0 && (size_t)used < size)
        used += snprintf(out + used, size - (size_t)used, " (%s)", words);
    if (sanitizer_frame(report, function, sizeof function, place, sizeof place) && used >= 0 &&
        (size_t)used < size)
        snprintf(out + used, size - (size_t)used, " in %s at %s", function, place);
    return true;
}

/* Turns how the child ended into a verdict and the student's feedback. */
static void judge(struct outcome *o, int status, bool timed_out, const char *messages,
                  const char *log, const char *log_head, bool reported_pass)
{
    char line[1024];
    if (timed_out) {
        o->verdict = VERDICT_TIMED_OUT;
        snprintf(o->feedback, sizeof o->feedback,
                 "took longer than its limit of %g s and was stopped: an endless loop? "
                 "Check that every loop's condition becomes false and its counter advances.",
                 o->test->seconds * TIME_SCALE);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == SANITIZER_STATUS &&
               sanitizer_verdict(log_head, o->feedback, sizeof o->feedback)) {
        o->verdict = VERDICT_CRASHED;
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        const char *words = signal_in_plain_words(sig);
        o->verdict = VERDICT_CRASHED;
        if (words != NULL)
            snprintf(o->feedback, sizeof o->feedback, "%s", words);
        else
            snprintf(o->feedback, sizeof o->feedback, "was killed by signal %d (%s).", sig,
                     strsignal(sig));
        find_line(log, "Assertion", line, sizeof line);
        if (line[0] != '\0') {
            size_t used = strlen(o->feedback);
            snprintf(o->feedback + used, sizeof o->feedback - used, "\n%s", line);
        }
    } else if (WEXITSTATUS(status) == NOT_IMPLEMENTED_STATUS) {
        o->verdict = VERDICT_NOT_IMPLEMENTED;
        find_line(log, "is not implemented yet", line, sizeof line);
        snprintf(o->feedback, sizeof o->feedback, "%s",
                 line[0] != '\0' ? line : "a function it calls is not implemented yet.");
    } else if (WEXITSTATUS(status) == 0 && reported_pass) {
        o->verdict = VERDICT_PASSED;
    } else if (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1) {
        o->verdict = VERDICT_FAILED;
        if (!reported_pass && WEXITSTATUS(status) == 0)
            snprintf(o->feedback, sizeof o->feedback,
                     "ended the program with exit(0) before the test could finish: a lesson "
                     "function must return, not exit.");
        else if (messages[0] != '\0')
            snprintf(o->feedback, sizeof o->feedback, "%s", messages);
        else
            snprintf(o->feedback, sizeof o->feedback, "failed; cmocka said:\n%s", log);
    } else {
        o->verdict = VERDICT_EXITED;
        snprintf(o->feedback, sizeof o->feedback,
                 "ended the program with exit(%d): a lesson function must return, not exit.",
                 WEXITSTATUS(status));
    }
}

/* Runs one test in a child process and fills in its outcome. */
static void run_isolated(struct outcome *o)
{
    FILE *messages = tmpfile(), *log = tmpfile(), *passed = tmpfile();
    if (messages == NULL || log == NULL || passed == NULL) {
        perror("harness: tmpfile");
        exit(2);
    }
    fflush(stdout);
    fflush(stderr);
    double start = now_seconds();
    pid_t child = fork();
    if (child < 0) {
        perror("harness: fork");
        exit(2);
    }
    if (child == 0) {
        setpgid(0, 0); /* its own process group: a timeout kills all of it */
        dup2(fileno(log), STDOUT_FILENO);
        dup2(fileno(log), STDERR_FILENO);
        harness_messages = messages;
        int failures = run_under_cmocka(o->test, o->suite);
        if (failures == 0) {
            fputs("passed\n", passed);
            fflush(passed);
        }
        fflush(messages);
        fflush(NULL);
        _exit(failures == 0 ? 0 : 1);
    }

    /* Wait for the child, polling every millisecond, until its time limit. */
    int status = 0;
    bool timed_out = false;
    double deadline = start + (double)o->test->seconds * TIME_SCALE;
    for (;;) {
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child)
            break;
        if (done < 0 && errno != EINTR) {
            perror("harness: waitpid");
            exit(2);
        }
        if (now_seconds() > deadline) {
            kill(-child, SIGKILL);
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            timed_out = true;
            break;
        }
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
    o->seconds = now_seconds() - start;

    static char message_text[3072], log_text[2048], log_head[16384], pass_text[16];
    read_text(messages, message_text, sizeof message_text, false);
    read_text(log, log_text, sizeof log_text, true);
    read_text(log, log_head, sizeof log_head, false); /* a sanitizer report starts early */
    read_text(passed, pass_text, sizeof pass_text, false);
    judge(o, status, timed_out, message_text, log_text, log_head,
          strncmp(pass_text, "passed", 6) == 0);
    fclose(messages);
    fclose(log);
    fclose(passed);
}

/* Runs one test in this process (--no-fork, for a debugger): a crash here
 * ends the whole run, as it would in any program. */
static void run_in_process(struct outcome *o)
{
    double start = now_seconds();
    int failures = run_under_cmocka(o->test, o->suite);
    o->seconds = now_seconds() - start;
    o->verdict = failures == 0 ? VERDICT_PASSED : VERDICT_FAILED;
}

/* ---- Reporting --------------------------------------------------------- */

/* Prints text with every line indented, under the test's line. */
static void print_indented(const char *text)
{
    const char *line = text;
    while (*line != '\0') {
        size_t length = strcspn(line, "\n");
        printf("        %.*s\n", (int)length, line);
        line += length;
        if (*line == '\n')
            line++;
    }
}

/* "01-gradient-descent" -> "lesson 01 gradient descent" */
static void lesson_title(char *out, size_t size)
{
    const char *dir = LESSON_DIR;
    snprintf(out, size, "lesson %.2s %s", dir, dir[2] == '-' ? &dir[3] : "");
    for (char *c = out; *c != '\0'; c++)
        if (*c == '-')
            *c = ' ';
}

/* After a student's lesson passes: say so, and name the next lesson (the
 * folder lessons/NN-name/ numbered one higher, if there is one). */
static void say_what_comes_next(const char *title)
{
    int number = atoi(LESSON_DIR);
    char prefix[16], next[256] = "";
    snprintf(prefix, sizeof prefix, "%02d-", number + 1);
    DIR *dir = opendir("lessons");
    for (struct dirent *entry; dir != NULL && (entry = readdir(dir)) != NULL;)
        if (strncmp(entry->d_name, prefix, 3) == 0)
            snprintf(next, sizeof next, "%s", entry->d_name);
    if (dir != NULL)
        closedir(dir);
    printf("\n%.9s passed.", title);
    if (next[0] == '\0') {
        printf(" That was the last lesson: well done.\n");
        return;
    }
    char next_title[256];
    snprintf(next_title, sizeof next_title, "%s", next + 3);
    for (char *c = next_title; *c != '\0'; c++)
        if (*c == '-')
            *c = ' ';
    printf(" Next: lesson %.2s, %s. Read lessons/%s/README.md, then make test LESSON=%d "
           "(make status shows your progress).\n",
           next, next_title, next, number + 1);
}

static void usage(const char *program)
{
    fprintf(stderr,
            "usage: %s [--results DIR] [--seed S] [--only NAME] [--list] [--no-fork] "
            "[--public-only]\n",
            program);
}

int main(int argc, char **argv)
{
    const char *results_dir = NULL, *only = NULL;
    bool list = false, fork_each = true, public_only = false;
    const char *env_seed = getenv("SEED");
    if (env_seed != NULL && env_seed[0] != '\0')
        run_seed = strtoull(env_seed, NULL, 10);

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(arg, "--results") == 0 && has_value) {
            results_dir = argv[++i];
        } else if (strcmp(arg, "--seed") == 0 && has_value) {
            char *end;
            run_seed = strtoull(argv[++i], &end, 10);
            if (*end != '\0') {
                fprintf(stderr, "%s: --seed: expected a whole number, got \"%s\"\n", argv[0],
                        argv[i]);
                return 2;
            }
        } else if (strcmp(arg, "--only") == 0 && has_value) {
            only = argv[++i];
        } else if (strcmp(arg, "--list") == 0) {
            list = true;
        } else if (strcmp(arg, "--no-fork") == 0) {
            fork_each = false;
        } else if (strcmp(arg, "--public-only") == 0) {
            public_only = true;
        } else {
            usage(argv[0]);
            return 2;
        }
    }

    const struct harness_suite *suites[2] = {&lesson_public, &lesson_hidden};
    size_t suite_count = public_only ? 1 : 2;
    size_t total = 0;
    for (size_t s = 0; s < suite_count; s++)
        total += suites[s]->count;
    struct outcome *outcomes = calloc(total > 0 ? total : 1, sizeof *outcomes);
    if (outcomes == NULL) {
        fprintf(stderr, "harness: out of memory\n");
        return 2;
    }

    char title[128];
    lesson_title(title, sizeof title);
    if (!list)
        printf("%s -- testing %s/%s/\n", title, IMPL_DIR, LESSON_DIR);

    size_t count = 0, passed = 0;
    int points = 0, max_points = 0;
    double start = now_seconds();
    for (size_t s = 0; s < suite_count; s++) {
        for (size_t t = 0; t < suites[s]->count; t++) {
            const struct harness_test *test = &suites[s]->tests[t];
            if (list) {
                printf("%s\t%d\t%s\n", test->name, test->points, s == 1 ? "hidden" : "public");
                continue;
            }
            if (only != NULL && strcmp(only, test->name) != 0)
                continue;
            struct outcome *o = &outcomes[count++];
            o->test = test;
            o->suite = suites[s];
            o->hidden = s == 1;
            if (fork_each)
                run_isolated(o);
            else
                run_in_process(o);
            bool ok = o->verdict == VERDICT_PASSED;
            passed += ok;
            points += ok ? test->points : 0;
            max_points += test->points;
            printf("  %-5s %-44s %3d/%-3d %s\n", verdict_word(o->verdict), test->name,
                   ok ? test->points : 0, test->points, o->hidden ? "(hidden)" : "");
            if (!ok)
                print_indented(o->feedback);
            fflush(stdout);
        }
    }
    if (list)
        return 0;
    if (only != NULL && count == 0) {
        fprintf(stderr, "no test is named \"%s\"; --list shows the names\n", only);
        return 2;
    }

    bool hidden_ran = !public_only && lesson_hidden.count > 0;
    printf("%s: %zu/%zu tests, %d/%d points\n", title, passed, count, points, max_points);
    int is_trainer = strcmp(LESSON_DIR, "00-trainer") == 0; /* the given code's own tests */
    if (!hidden_ran && !is_trainer)
        printf("(hidden tests run at grading time; they are not part of this score)\n");
    if (passed < count)
        printf("seed %llu; replay this run exactly with SEED=%llu\n", run_seed, run_seed);
    else if (only == NULL && count > 0 && strcmp(IMPL_DIR, "lessons") == 0 && !is_trainer)
        say_what_comes_next(title);

    if (results_dir != NULL) {
        struct run_summary run = {
            .lesson_dir = LESSON_DIR, .title = title, .impl = IMPL_DIR, .seed = run_seed,
            .outcomes = outcomes, .count = count, .points = points, .max_points = max_points,
            .passed = passed, .seconds = now_seconds() - start,
            .has_hidden = hidden_ran,
        };
        if (write_result_files(results_dir, &run) != 0)
            return 2;
    }
    free(outcomes);
    return passed == count ? 0 : 1;
}
