/* todo.c -- see todo.h.
 *
 * How lesson_written() tells a written function from an unwritten one.
 * There is no way to look at a compiled function and see whether its body
 * is still the skeleton's, so the trainer simply tries it. Before the trial,
 * setjmp() marks a return point, and `trial_return` points at it. An
 * unwritten function calls not_implemented(), which, while a trial is
 * running, does not end the program: it jumps back to the return point with
 * longjmp(), and setjmp() then returns a second time, with the value 1 --
 * "not written". A written function never calls not_implemented(): the
 * trial returns normally and lesson_written() answers 1. Outside a trial
 * (trial_return is NULL) not_implemented() stops the program as always. */
#include "todo.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

static jmp_buf *trial_return = NULL; /* set only while a trial runs */

void not_implemented(const char *function, const char *lesson, const char *section)
{
    if (trial_return != NULL)
        longjmp(*trial_return, 1); /* back into lesson_written(): "not written" */
    /* An experiment may stop in the middle of a table row it prints cell by
     * cell: end stdout's line first, so the message starts a line of its own
     * (at worst after an empty one). */
    fputc('\n', stdout);
    fflush(stdout);
    fprintf(stderr, "%s is not implemented yet: see lessons/%s/README.md, section \"%s\".\n",
            function, lesson, section);
    exit(NOT_IMPLEMENTED_STATUS);
}

int lesson_written(void (*trial)(void *context), void *context)
{
    jmp_buf here;
    if (setjmp(here) != 0) {
        /* Arrived here from not_implemented(), in the middle of the trial. */
        trial_return = NULL;
        return 0;
    }
    trial_return = &here;
    trial(context);
    trial_return = NULL;
    return 1;
}
