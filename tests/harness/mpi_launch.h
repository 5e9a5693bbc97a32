/* mpi_launch.h -- running an MPI program's ranks for a test (lesson 18).
 *
 * A lesson's tests usually call student functions one at a time in the
 * runner (call.h). An MPI function needs several processes started by
 * mpirun, and Open MPI needs the machine's files (its plugins, its helper
 * programs), which the runner's empty root folder hides. So for these
 * tests the judge's test process starts `tools/mpirun.sh -np N PROGRAM
 * RESULTS ARGS...` (PROGRAM: the lesson's MPI test program, built from the
 * student's files), contained like the runner except for the root folder:
 *   - its own pid namespace where the kernel allows one (when the test
 *     ends, every rank ends with it), else a process group of its own;
 *   - its own network namespace with only the loopback interface up
 *     (mpirun talks to its ranks over it): no other network;
 *   - as root, a user id of its own and no privileges, with RLIMIT_NPROC
 *     (MPI_LAUNCH_PROCESSES processes and threads for all the ranks);
 *   - per process: RLIMIT_CPU (the test's time limit), memory, file size;
 *   - a wall-clock deadline after which everything is killed.
 * The ranks write their results into the file RESULTS (in a fresh folder
 * that only they and the judge can write), which the test then reads and
 * checks like any other untrusted output. Linux-specific calls (unshare,
 * setgroups, the loopback's flags) live in mpi_launch.c and sandbox.c. */
#ifndef DESCENT_MPI_LAUNCH_H
#define DESCENT_MPI_LAUNCH_H

#include <stddef.h>

/* Processes and threads that the ranks, mpirun and its helpers may have
 * together (Open MPI starts a few threads per process). */
#define MPI_LAUNCH_PROCESSES 96

enum mpi_launch_end {
    MPI_LAUNCH_EXITED,     /* mpirun exited (code: its exit status) */
    MPI_LAUNCH_SIGNALED,   /* mpirun was killed by a signal (code) */
    MPI_LAUNCH_LATE,       /* still running at the deadline: everything was killed */
    MPI_LAUNCH_NOT_STARTED /* could not be started (output says why) */
};

struct mpi_launch_result {
    enum mpi_launch_end end;
    int code;
    double cpu_seconds;  /* of mpirun and its ranks */
    char output[4096];   /* the end of what mpirun and the ranks printed */
    char *results;       /* the RESULTS file's text (NUL-terminated, malloc'd), or NULL */
    size_t results_length;
};

/* Runs tools/mpirun.sh (or $DESCENT_MPIRUN) -np ranks program RESULTS
 * args... (args ends with NULL), each process limited to cpu_seconds of CPU
 * time, everything killed at 3 * cpu_seconds + 5 s of wall-clock time.
 * Fills *result; free result->results when done. */
void mpi_launch(const char *program, int ranks, const char *const args[], double cpu_seconds,
                struct mpi_launch_result *result);

#endif
