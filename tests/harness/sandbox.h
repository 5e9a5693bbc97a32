/* sandbox.h -- starting the runner (your code) where it can harm nothing.
 *
 * The judge starts one runner per test. The runner gets:
 *   - limits: CPU seconds (the test's time limit), memory, bytes of output,
 *     processes, open files;
 *   - its own process namespace where the kernel allows one: when the test
 *     ends, every process your code started ends with it, however it was
 *     started (fork, setsid, double fork);
 *   - an empty root folder (chroot): no file of the course, the solutions,
 *     the hidden tests or other students can be opened;
 *   - when grading runs as root, a user id of its own, no privileges, and
 *     no network.
 * It talks to the judge only through the two pipes below, and writes its
 * output (stdout and stderr) into one file the judge reads afterwards. */
#ifndef DESCENT_SANDBOX_H
#define DESCENT_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The runner's ends of the pipes. */
#define RUNNER_CALLS_FD 3   /* calls from the judge */
#define RUNNER_REPLIES_FD 4 /* replies (and callbacks) to the judge */

/* The runner's exit status when it lost contact with the judge. */
#define RUNNER_LOST_STATUS 70
/* ... and when the student's function wrote past the end of an array. */
#define RUNNER_OVERRUN_STATUS 71
/* ... and when a sanitizer (SAN=1) reported an error. */
#define SANITIZER_STATUS 86

struct runner_limits {
    double cpu_seconds;  /* RLIMIT_CPU: past it the runner is stopped (TIME) */
    size_t memory_bytes; /* RLIMIT_AS, or 0 for no limit (the sanitizers need none) */
    size_t output_bytes; /* the most output kept; the rest is dropped */
    int processes;       /* RLIMIT_NPROC, where it can be enforced (a user id of its own) */
};

/* How the runner was contained, for the docs and the check:
 *   "pid namespace, chroot, own user id, no network"   (as root)
 *   "user and pid namespaces, chroot, no network"       (as a user)
 *   "process group" (where the kernel allows no namespace; see INSTRUCTORS.md) */
const char *sandbox_containment(void);

/* In a user namespace just entered with unshare(CLONE_NEWUSER | ...), maps
 * the caller's own user and group ids to themselves (and nothing else), so
 * that it keeps its identity but gains no other. 0 on success, -1 if the
 * user map could not be written. Used by the launcher here and by lesson
 * 18's mpirun launcher (mpi_launch.c). */
int sandbox_map_own_ids(uid_t uid, gid_t gid);

struct runner {
    pid_t launcher;   /* the process that set up the namespaces */
    pid_t keeper;     /* the runner's parent: pid 1 of its namespace, or its group leader */
    bool in_namespace;
    int calls_fd;     /* the judge writes calls here */
    int replies_fd;   /* the judge reads replies here */
    int status_fd;    /* the keeper reports how the runner ended here */
};

/* How the runner ended. */
struct runner_end {
    bool known;        /* false if the keeper vanished without saying */
    int wait_status;   /* as from waitpid */
    double cpu_seconds;
};

/* Prepares the sandbox once per judge run (an empty folder to chroot into);
 * returns 0, or -1 with a message on stderr. sandbox_cleanup removes it. */
int sandbox_prepare(void);
void sandbox_cleanup(void);

/* Starts program (a runner binary) with the limits, its output going to
 * output_fd. Returns 0, or -1 with a message on stderr. */
int runner_start(struct runner *r, const char *program, int output_fd,
                 const struct runner_limits *limits);

/* Closes the calls pipe (the runner then ends by itself), waits for the
 * runner's end until deadline (wire_now() seconds; past it, kills it), and
 * makes sure nothing it started is still alive. */
void runner_finish(struct runner *r, double deadline, struct runner_end *end);

/* Kills the runner and everything it started, now. */
void runner_kill(struct runner *r);

#endif
