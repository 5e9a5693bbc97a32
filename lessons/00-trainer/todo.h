/* todo.h -- what a lesson function says before the student has written it,
 * and how the trainer finds out whether it is written.
 *
 * Every skeleton function body starts as a call to not_implemented(). The
 * program then stops with a message that names the function and the part of
 * the lesson that explains it:
 *
 *   gd_step is not implemented yet: see lessons/01-gradient-descent/README.md,
 *   section "The update rule".
 *
 * It is the one place where given code ends the program itself: a lesson
 * function has no way to report "I do not exist yet" through its return
 * value. The exit status is NOT_IMPLEMENTED_STATUS, which the test harness
 * recognises and reports as "not implemented yet" rather than as a crash.
 *
 * The trainer can train before lessons 02, 03 and 09 are written (it then
 * uses a trivial stand-in and says so). To know which lessons are written it
 * asks lesson_written(), which tries the function once on a tiny input: see
 * todo.c for how a trial that reaches not_implemented() comes back instead
 * of ending the program. */
#ifndef DESCENT_TODO_H
#define DESCENT_TODO_H

#define NOT_IMPLEMENTED_STATUS 3

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
void not_implemented(const char *function, const char *lesson, const char *section);

/* Calls trial(context) once and returns 1 if it came back normally, 0 if it
 * reached not_implemented(): 1 means "every lesson function the trial calls
 * is written". The trial should call the lesson's functions on a small
 * input it owns (a few numbers on the stack); a written function is really
 * run, so a crash in it is a crash here. Not for use from several threads
 * at once. */
int lesson_written(void (*trial)(void *context), void *context);

#endif
