/* judge.c -- runs a lesson's tests and decides every verdict.
 *
 * The judge is one program: this file, cmocka, the teaching assertions and
 * the lesson's tests. It never runs student code. When a test calls a
 * student function, the stand-in in tests/NN-name/calls.c sends the call to
 * a runner -- a separate program holding the student's code, started by
 * the judge in a sandbox (sandbox.c) -- and gets back what the function
 * returned and changed. The runner can influence nothing but those values.
 *
 * Each test runs in a process of its own (the "test process", a fork of
 * the judge, with no student code in it either), so that one test's runner
 * and state cannot leak into the next. The test process runs the test under
 * cmocka and exits; if the test's runner died, ran out of time or sent
 * garbage, the test process records that fate and exits at once. From the
 * test process's end and the fate, this file decides the verdict, prints
 * it, and writes the result files.
 *
 * Usage: JUDGE [--runner PROGRAM] [--impl NAME] [--results DIR] [--seed S]
 *              [--only NAME] [--list] [--public-only]
 * Exit status: 0 when every test passed, 1 otherwise, 2 on a usage error. */
#include "harness.h"
#include "internal.h"
#include "todo.h"

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

/* Which code is being tested (--impl, for the messages) and the runner
 * program that holds it (--runner). */
static const char *impl_name = "lessons";
static const char *runner_program = NULL;

/* A runner's limits besides CPU time (the test's own limit). Processes
 * count threads too: a lesson whose code starts threads (15, Hogwild!) is
 * compiled with a higher RUNNER_PROCESSES; for every other lesson the
 * runner is alone, and a fork() in student code fails at once. */
#define RUNNER_MEMORY_BYTES ((size_t)512 << 20)
#define RUNNER_OUTPUT_BYTES ((size_t)64 << 10)
#ifndef RUNNER_PROCESSES
#define RUNNER_PROCESSES 1
#endif

#ifndef HAVE_HIDDEN
/* Without hidden.c (the student release) the hidden suite is empty. */
const struct harness_suite lesson_hidden = {NULL, 0, NULL, NULL};
#endif

/* ---- Under the sanitizers (make test SAN=1 compiles with -DHARNESS_SAN) --
 * A sanitizer's report ends the runner with the exit status
 * SANITIZER_STATUS (sandbox.h; the hooks that set it are in wire.c, which
 * both programs link), and the report itself, in the runner's output, names
 * the error and the line. Tests get more time: instrumented code runs two
 * to three times slower. */
#ifdef HARNESS_SAN
#define TIME_SCALE 3.0
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

/* The wall-clock backstop of a test whose CPU-time limit is `limit`
 * seconds: generous, so that a loaded machine never turns a fast test into
 * TIME (the CPU-time limit is what stops an endless loop). */
static double wall_backstop(double limit) { return 3.0 * limit + 5.0; }

/* Appends a line to the feedback. */
static void add_feedback(struct outcome *o, const char *text)
{
    size_t used = strlen(o->feedback);
    if (text[0] != '\0' && used + 1 < sizeof o->feedback)
        snprintf(o->feedback + used, sizeof o->feedback - used, "%s%s", used > 0 ? "\n" : "",
                 text);
}

/* The verdict when the runner ended in the middle of a call. `output` is
 * what the runner printed (stdout and stderr). */
static void judge_runner_end(struct outcome *o, const struct fate_record *fate,
                             const char *output, const char *output_head)
{
    const struct runner_end *end = &fate->end;
    char line[1024];
    if (!end->known) {
        o->verdict = VERDICT_CRASHED;
        snprintf(o->feedback, sizeof o->feedback,
                 "%s stopped, and how it ended could not be learned.", fate->function);
        return;
    }
    int status = end->wait_status;
    double limit = o->test->seconds * TIME_SCALE;
    if (WIFSIGNALED(status) &&
        (WTERMSIG(status) == SIGXCPU ||
         (WTERMSIG(status) == SIGKILL && end->cpu_seconds >= limit))) {
        o->verdict = VERDICT_TIMED_OUT;
        snprintf(o->feedback, sizeof o->feedback,
                 "%s used up the test's %g s of CPU time and was stopped: an endless loop? "
                 "Check that every loop's condition becomes false and its counter advances.",
                 fate->function, limit);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == SANITIZER_STATUS &&
               sanitizer_verdict(output_head, o->feedback, sizeof o->feedback)) {
        o->verdict = VERDICT_CRASHED;
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        const char *words = signal_in_plain_words(sig);
        o->verdict = VERDICT_CRASHED;
        if (words != NULL)
            snprintf(o->feedback, sizeof o->feedback, "%s %s", fate->function, words);
        else
            snprintf(o->feedback, sizeof o->feedback, "%s was killed by signal %d (%s).",
                     fate->function, sig, strsignal(sig));
        find_line(output, "Assertion", line, sizeof line);
        add_feedback(o, line);
    } else if (WEXITSTATUS(status) == NOT_IMPLEMENTED_STATUS) {
        o->verdict = VERDICT_NOT_IMPLEMENTED;
        find_line(output, "is not implemented yet", line, sizeof line);
        snprintf(o->feedback, sizeof o->feedback, "%s",
                 line[0] != '\0' ? line : "a function it calls is not implemented yet.");
    } else if (WEXITSTATUS(status) == RUNNER_OVERRUN_STATUS) {
        o->verdict = VERDICT_CRASHED;
        find_line(output, "wrote past the end", line, sizeof line);
        snprintf(o->feedback, sizeof o->feedback,
                 "%s (an index out of range: a loop that runs to i <= n, or an array indexed "
                 "with the wrong counter?). make test LESSON=%d SAN=1 names the line.",
                 line[0] != '\0' ? line : "wrote past the end of an array", atoi(LESSON_DIR));
    } else if (WEXITSTATUS(status) == RUNNER_LOST_STATUS) {
        o->verdict = VERDICT_FAILED;
        snprintf(o->feedback, sizeof o->feedback,
                 "%s broke the runner's connection to the tests (did it close or write to a "
                 "file descriptor it does not own?).",
                 fate->function);
    } else {
        o->verdict = VERDICT_EXITED;
        snprintf(o->feedback, sizeof o->feedback,
                 "%s ended the program with exit(%d): a lesson function must return, not exit.",
                 fate->function, WEXITSTATUS(status));
    }
}

/* Turns how the test process ended (and its runner's fate, if it recorded
 * one) into a verdict and the student's feedback. */
static void judge(struct outcome *o, int status, bool timed_out, const struct fate_record *fate,
                  const char *messages, const char *log, const char *output,
                  const char *output_head, bool reported_pass)
{
    if (timed_out) {
        o->verdict = VERDICT_TIMED_OUT;
        snprintf(o->feedback, sizeof o->feedback,
                 "took longer than its wall-clock backstop of %g s and was stopped.",
                 wall_backstop(o->test->seconds * TIME_SCALE));
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == FATE_RECORDED_STATUS &&
               fate != NULL) {
        switch (fate->fate) {
        case FATE_DIED:
            judge_runner_end(o, fate, output, output_head);
            break;
        case FATE_LATE:
            o->verdict = VERDICT_TIMED_OUT;
            snprintf(o->feedback, sizeof o->feedback,
                     "%s was still running at the test's wall-clock backstop of %g s and was "
                     "stopped: is it waiting for something that never comes?",
                     fate->function, wall_backstop(o->test->seconds * TIME_SCALE));
            break;
        case FATE_GARBLED:
            o->verdict = VERDICT_FAILED;
            snprintf(o->feedback, sizeof o->feedback,
                     "%s's results came back in a shape the test cannot read (did the code "
                     "write to a file descriptor it does not own?).",
                     fate->function);
            break;
        case FATE_NOT_STARTED:
        default:
            o->verdict = VERDICT_CRASHED;
            snprintf(o->feedback, sizeof o->feedback,
                     "the harness could not start the program that runs your code: %s",
                     log);
            break;
        }
    } else if (WIFSIGNALED(status)) {
        /* The test process itself crashed: only the course's own test code
         * runs there (for lessons, never student code). */
        int sig = WTERMSIG(status);
        const char *words = signal_in_plain_words(sig);
        o->verdict = VERDICT_CRASHED;
        snprintf(o->feedback, sizeof o->feedback, "the test %s", words != NULL ? words : "crashed");
        char line[1024];
        find_line(log, "Assertion", line, sizeof line);
        add_feedback(o, line);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && reported_pass) {
        o->verdict = VERDICT_PASSED;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == NOT_IMPLEMENTED_STATUS) {
        /* A question not answered yet; or, in the trainer's own tests,
         * lesson code called in-process. */
        o->verdict = VERDICT_NOT_IMPLEMENTED;
        char line[1024];
        find_line(log, "is not implemented yet", line, sizeof line);
        if (line[0] == '\0')
            find_line(log, "is not answered yet", line, sizeof line);
        snprintf(o->feedback, sizeof o->feedback, "%s",
                 line[0] != '\0' ? line : "a function it calls is not implemented yet.");
    } else {
        o->verdict = VERDICT_FAILED;
        if (messages[0] != '\0')
            snprintf(o->feedback, sizeof o->feedback, "%s", messages);
        else
            snprintf(o->feedback, sizeof o->feedback, "failed; cmocka said:\n%s", log);
    }
    /* What the student's code printed helps to debug a public test. */
    if (o->verdict != VERDICT_PASSED && !o->hidden && output[0] != '\0' &&
        o->verdict != VERDICT_NOT_IMPLEMENTED && strstr(output_head, "Sanitizer") == NULL) {
        char printed[1200];
        snprintf(printed, sizeof printed, "your code printed (the end of it):\n%s", output);
        add_feedback(o, printed);
    }
}

/* Runs one test in a test process of its own and fills in its outcome. */
static void run_isolated(struct outcome *o)
{
    FILE *messages = tmpfile(), *log = tmpfile(), *passed = tmpfile(), *output = tmpfile(),
         *fate_file = tmpfile();
    if (messages == NULL || log == NULL || passed == NULL || output == NULL || fate_file == NULL) {
        perror("harness: tmpfile");
        exit(2);
    }
    fflush(stdout);
    fflush(stderr);
    double start = now_seconds();
    double limit = o->test->seconds * TIME_SCALE;
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
        struct test_setting setting = {
            .runner_program = runner_program,
            .output_fd = fileno(output),
            .fate_fd = fileno(fate_file),
            .limits = {.cpu_seconds = limit,
                       .memory_bytes = TIME_SCALE > 1.0 ? 0 : RUNNER_MEMORY_BYTES,
                       .output_bytes = RUNNER_OUTPUT_BYTES,
                       .processes = RUNNER_PROCESSES},
            .wall_deadline = start + wall_backstop(limit),
        };
        call_prepare_test(&setting);
        int failures = run_under_cmocka(o->test, o->suite);
        call_test_over();
        if (failures == 0) {
            fputs("passed\n", passed);
            fflush(passed);
        }
        fflush(messages);
        fflush(NULL);
        _exit(failures == 0 ? 0 : 1);
    }

    /* Wait for the test process; past the backstop (and a margin for the
     * test process to notice it itself), kill its whole group. */
    int status = 0;
    bool timed_out = false;
    double deadline = start + wall_backstop(limit) + 5.0;
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

    static char message_text[3072], log_text[2048], output_text[1024], output_head[16384],
        pass_text[16];
    read_text(messages, message_text, sizeof message_text, false);
    read_text(log, log_text, sizeof log_text, true);
    read_text(output, output_text, sizeof output_text, true);
    read_text(output, output_head, sizeof output_head, false); /* a sanitizer report starts early */
    read_text(passed, pass_text, sizeof pass_text, false);
    struct fate_record fate;
    fflush(fate_file);
    rewind(fate_file);
    bool has_fate = fread(&fate, sizeof fate, 1, fate_file) == 1;
    if (has_fate)
        fate.function[sizeof fate.function - 1] = '\0';
    judge(o, status, timed_out, has_fate ? &fate : NULL, message_text, log_text, output_text,
          output_head, strncmp(pass_text, "passed", 6) == 0);
    fseek(output, 0, SEEK_END);
    if ((size_t)ftell(output) >= RUNNER_OUTPUT_BYTES)
        add_feedback(o, "(your code printed more than 64 KiB; the rest was dropped)");
    fclose(messages);
    fclose(log);
    fclose(passed);
    fclose(output);
    fclose(fate_file);
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

/* After a student's lesson passes: say so. What comes next is the
 * Makefile's to say (tools/next-lesson.sh), with the one rule that
 * `make status` uses too: the first lesson not yet passed. */
static void say_lesson_passed(const char *title) { printf("\n%.9s passed.\n", title); }

static void usage(const char *program)
{
    fprintf(stderr,
            "usage: %s [--runner PROGRAM] [--impl NAME] [--answers FILE] [--results DIR] "
            "[--seed S] [--only NAME] [--list] [--public-only]\n"
            "       %s --answer-hash ID DIGITS VALUE   (DIGITS 0: VALUE is a word)\n",
            program, program);
}

int main(int argc, char **argv)
{
    const char *results_dir = NULL, *only = NULL;
    bool list = false, public_only = false;
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
        } else if (strcmp(arg, "--runner") == 0 && has_value) {
            runner_program = argv[++i];
        } else if (strcmp(arg, "--impl") == 0 && has_value) {
            impl_name = argv[++i];
        } else if (strcmp(arg, "--answers") == 0 && has_value) {
            harness_answers_path = argv[++i];
        } else if (strcmp(arg, "--answer-hash") == 0 && i + 3 < argc) {
            /* For instructors writing a question's public check. */
            const char *id = argv[i + 1];
            int digits = atoi(argv[i + 2]);
            char canonical[256];
            if (digits > 0)
                harness_canonical_number(strtod(argv[i + 3], NULL), digits, canonical,
                                         sizeof canonical);
            else
                snprintf(canonical, sizeof canonical, "%s", argv[i + 3]);
            printf("0x%016llxULL  /* %s, canonical \"%s\" */\n",
                   (unsigned long long)harness_answer_hash(id, canonical), id, canonical);
            return 0;
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

    if (!list && runner_program != NULL && sandbox_prepare() != 0)
        return 2;
    atexit(sandbox_cleanup);

    char title[128];
    lesson_title(title, sizeof title);
    if (!list)
        printf("%s -- testing %s/%s/\n", title, impl_name, LESSON_DIR);

    size_t count = 0, passed = 0;
    int points = 0, max_points = 0, question_points = 0, question_max = 0;
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
            run_isolated(o);
            bool ok = o->verdict == VERDICT_PASSED;
            passed += ok;
            points += ok ? test->points : 0;
            max_points += test->points;
            if (harness_is_question(test->name)) {
                question_points += ok ? test->points : 0;
                question_max += test->points;
            }
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
    printf("%s: %zu/%zu tests, %d/%d points", title, passed, count, points, max_points);
    if (question_max > 0)
        printf(" (code %d/%d, questions %d/%d)", points - question_points,
               max_points - question_max, question_points, question_max);
    printf("\n");
    if (points - question_points < max_points - question_max)
        printf("Stuck? make hint LESSON=%d shows a hint for your first unfinished function.\n",
               atoi(LESSON_DIR));
    else if (question_points < question_max)
        printf("Your code passes; the questions left are answered in lessons/%s/answers.txt.\n",
               LESSON_DIR);
    int is_trainer = strcmp(LESSON_DIR, "00-trainer") == 0; /* the given code's own tests */
    if (!hidden_ran && !is_trainer)
        printf("(hidden tests run at grading time; they are not part of this score)\n");
    if (passed < count)
        printf("seed %llu; replay this run exactly with SEED=%llu\n", run_seed, run_seed);
    else if (only == NULL && count > 0 && strcmp(impl_name, "lessons") == 0 && !is_trainer)
        say_lesson_passed(title);

    if (results_dir != NULL) {
        struct run_summary run = {
            .lesson_dir = LESSON_DIR, .title = title, .impl = impl_name, .seed = run_seed,
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
