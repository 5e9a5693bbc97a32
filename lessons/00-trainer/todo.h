/* todo.h -- what a lesson function says before the student has written it.
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
 * recognises and reports as "not implemented yet" rather than as a crash. */
#ifndef DESCENT_TODO_H
#define DESCENT_TODO_H

#define NOT_IMPLEMENTED_STATUS 3

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
void not_implemented(const char *function, const char *lesson, const char *section);

#endif
