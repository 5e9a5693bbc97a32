/* runner.c -- the program that runs your code for the tests.
 *
 * The judge (judge.c, with cmocka and the tests) starts this program once
 * per test, in a sandbox (sandbox.c), and talks to it over two pipes:
 * calls arrive on RUNNER_CALLS_FD, replies leave on RUNNER_REPLIES_FD. Each
 * call names one of your functions and carries its arguments; the runner
 * finds the serve function that tests/NN-name/calls.c lists for that name,
 * which calls your function and puts what it returned and changed into the
 * reply. When the judge closes the pipe, the test is over and the runner
 * ends. This program never learns what the test expects. */
#define DESCENT_RUNNER
#include "call.h"
#include "sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The judge never sends a call longer than this. */
#define MAX_CALL_BYTES ((size_t)1 << 30)

static struct message callback_answer;

struct message *call_back(const struct message *request)
{
    enum frame_kind kind;
    if (frame_send(RUNNER_REPLIES_FD, FRAME_CALLBACK, request) != 0 ||
        frame_receive(RUNNER_CALLS_FD, &kind, &callback_answer, MAX_CALL_BYTES, 0) != 0 ||
        kind != FRAME_REPLY) {
        fputs("runner: the judge did not answer a callback\n", stderr);
        exit(RUNNER_LOST_STATUS);
    }
    return &callback_answer;
}

static const struct served_function *find_served(const char *name)
{
    for (size_t i = 0; i < served_function_count; i++)
        if (strcmp(served_functions[i].name, name) == 0)
            return &served_functions[i];
    return NULL;
}

int main(void)
{
    struct message call = {0}, reply = {0};
    for (;;) {
        enum frame_kind kind;
        if (frame_receive(RUNNER_CALLS_FD, &kind, &call, MAX_CALL_BYTES, 0) != 0)
            return 0; /* the judge closed the pipe: the test is over */
        char *name = get_new_string(&call);
        const struct served_function *served = name != NULL ? find_served(name) : NULL;
        if (kind != FRAME_CALL || served == NULL) {
            fprintf(stderr, "runner: no function \"%s\" to call\n", name != NULL ? name : "");
            return RUNNER_LOST_STATUS;
        }
        message_reset(&reply);
        served->serve(&call, &reply);
        fflush(stdout);
        /* The call's arrays in order: the function's name first, then the
         * arguments' arrays, so the name's position 0 makes argument arrays
         * count from 1. */
        long overrun = message_overrun(&call);
        if (overrun >= 0) {
            fprintf(stderr, "%s wrote past the end of array number %ld it was given\n", name,
                    overrun);
            return RUNNER_OVERRUN_STATUS;
        }
        if (frame_send(RUNNER_REPLIES_FD, FRAME_REPLY, &reply) != 0)
            return RUNNER_LOST_STATUS;
        message_free_arrays(&call);
    }
}
