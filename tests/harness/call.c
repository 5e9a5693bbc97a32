/* call.c -- the judge's side of a call to student code; see call.h.
 *
 * One runner serves one test: it is started at the test's first call and
 * finished when the test ends (call_test_over). If it dies, runs past the
 * wall-clock backstop or replies with something that is not a reply, the
 * test ends at once: the judge's test process records the runner's fate for
 * the judge (judge.c) and exits. Nothing here trusts what the runner sends
 * beyond its being the outputs of a call. */
#define DESCENT_JUDGE
#include "call.h"
#include "internal.h"
#include "sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The longest reply the judge accepts. */
#define MAX_REPLY_BYTES ((size_t)1 << 28)

static struct test_setting setting;
static struct runner runner;
static bool runner_running = false;
static struct message call_message, reply_message, callback_request, callback_reply;
static char current_function[64] = "";

void call_prepare_test(const struct test_setting *s)
{
    setting = *s;
    runner_running = false;
    current_function[0] = '\0';
}

const char *call_runner_program(void) { return setting.runner_program; }

/* Ends the test process with the runner's fate (never returns). */
static void end_test_with(enum runner_fate fate, const struct runner_end *end)
{
    struct fate_record record;
    memset(&record, 0, sizeof record);
    record.fate = fate;
    if (end != NULL)
        record.end = *end;
    snprintf(record.function, sizeof record.function, "%s", current_function);
    if (write(setting.fate_fd, &record, sizeof record) != (ssize_t)sizeof record)
        perror("harness: writing a test's fate");
    fflush(NULL);
    _exit(FATE_RECORDED_STATUS);
}

/* The runner stopped answering: find out how it ended and end the test. */
static void runner_lost(enum runner_fate fate)
{
    struct runner_end end;
    if (fate == FATE_LATE)
        runner_kill(&runner);
    runner_finish(&runner, wire_now() + 2.0, &end);
    runner_running = false;
    end_test_with(fate, &end);
}

struct message *call_begin(const char *function)
{
    if (!runner_running) {
        if (runner_start(&runner, setting.runner_program, setting.output_fd, &setting.limits) != 0)
            end_test_with(FATE_NOT_STARTED, NULL);
        runner_running = true;
    }
    snprintf(current_function, sizeof current_function, "%s", function);
    message_reset(&call_message);
    put_string(&call_message, function);
    return &call_message;
}

struct message *call_run_with_callbacks(callback_answer answer, const void *context)
{
    if (frame_send(runner.calls_fd, FRAME_CALL, &call_message) != 0)
        runner_lost(FATE_DIED);
    for (;;) {
        enum frame_kind kind;
        int status = frame_receive(runner.replies_fd, &kind, &reply_message, MAX_REPLY_BYTES,
                                   setting.wall_deadline);
        if (status == FRAME_LATE)
            runner_lost(FATE_LATE);
        if (status != 0)
            runner_lost(FATE_DIED);
        if (kind == FRAME_REPLY)
            return &reply_message;
        if (kind != FRAME_CALLBACK || answer == NULL)
            runner_lost(FATE_GARBLED);
        /* Your function asked the test something (e.g. an example's
         * gradient): answer, then wait again. */
        callback_request = reply_message;
        reply_message = (struct message){0};
        message_reset(&callback_reply);
        answer(context, &callback_request, &callback_reply);
        bool broken = callback_request.broken;
        free(callback_request.bytes);
        if (broken)
            runner_lost(FATE_GARBLED);
        if (frame_send(runner.calls_fd, FRAME_REPLY, &callback_reply) != 0)
            runner_lost(FATE_DIED);
    }
}

struct message *call_run(void) { return call_run_with_callbacks(NULL, NULL); }

void call_end(void)
{
    if (reply_message.broken || reply_message.read_at != reply_message.length)
        runner_lost(FATE_GARBLED);
}

void get_input_back(struct message *out, const float *input, size_t n)
{
    float *back = malloc(n > 0 ? n * sizeof *back : 1);
    if (back == NULL)
        abort();
    get_floats(out, back, n);
    if (n > 0 && !out->broken && memcmp(back, input, n * sizeof *back) != 0)
        memcpy((float *)input, back, n * sizeof *back);
    free(back);
}

void call_test_over(void)
{
    if (!runner_running)
        return;
    struct runner_end end;
    runner_finish(&runner, wire_now() + 2.0, &end);
    runner_running = false;
}
