/* sandbox.c -- see sandbox.h.
 *
 * Three processes start a runner:
 *
 *   judge's test process
 *     `- launcher: enters new namespaces (unshare), then forks
 *          `- keeper: pid 1 of the new pid namespace; forks the runner,
 *             |       waits for it, reports how it ended, and exits --
 *             |       and when pid 1 exits, the kernel kills every other
 *             |       process of the namespace
 *             `- runner: limits, empty root, own user id, then exec
 *
 * The keeper is our code, never the student's: the runner is pid 2, not
 * pid 1, because pid 1 ignores signals it has no handler for, and an
 * abort() or a CPU limit must kill the runner as it would anywhere else.
 * Linux-specific calls (unshare, chroot, setgroups, prctl, execveat) live
 * in this file only. */
#define _GNU_SOURCE
#include "sandbox.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Unprivileged user ids for runners start here (as root): the judge's
 * process id is added, so two tests running at once never share one, and
 * one test's processes never count against another's RLIMIT_NPROC. */
#define FIRST_RUNNER_UID 200000u

static char empty_root[64] = "";
static char containment[64] = "not started yet";

const char *sandbox_containment(void) { return containment; }

int sandbox_prepare(void)
{
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || tmp[0] == '\0' || strlen(tmp) > 30)
        tmp = "/tmp";
    snprintf(empty_root, sizeof empty_root, "%s/descent-root-XXXXXX", tmp);
    if (mkdtemp(empty_root) == NULL) {
        fprintf(stderr, "harness: cannot make an empty folder in %s: %s\n", tmp, strerror(errno));
        empty_root[0] = '\0';
        return -1;
    }
    chmod(empty_root, 0555); /* nobody can create anything in it */
    return 0;
}

void sandbox_cleanup(void)
{
    if (empty_root[0] != '\0')
        rmdir(empty_root);
    empty_root[0] = '\0';
}

/* ---- Inside the runner process, before exec ---------------------------------- */

static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit limit = {soft, hard};
    setrlimit(resource, &limit);
}

/* Puts fd `from` at `to`; from and to may be equal. */
static void move_fd(int from, int to)
{
    if (from != to)
        dup2(from, to);
    else
        fcntl(to, F_SETFD, 0);
}

/* Never returns: becomes the runner, or exits with 127. */
static void become_runner(int program_fd, int output_fd, int calls_fd, int replies_fd,
                          const struct runner_limits *limits, bool as_root, uid_t runner_uid)
{
    /* Standard input reads nothing; output goes to the judge's file; the
     * pipes go to their fixed numbers. Move every source above 9 first so
     * that no dup2 overwrites a source still needed. */
    int null_fd = open("/dev/null", O_RDONLY);
    int sources[4] = {null_fd, output_fd, calls_fd, replies_fd};
    for (int i = 0; i < 4; i++)
        sources[i] = fcntl(sources[i], F_DUPFD, 10);
    move_fd(sources[0], STDIN_FILENO);
    move_fd(sources[1], STDOUT_FILENO);
    move_fd(sources[1], STDERR_FILENO);
    move_fd(sources[2], RUNNER_CALLS_FD);
    move_fd(sources[3], RUNNER_REPLIES_FD);
    int program = fcntl(program_fd, F_DUPFD_CLOEXEC, 5);
    /* Close everything else: the runner must hold no file of the judge. */
    for (int fd = RUNNER_REPLIES_FD + 1; fd < 1024; fd++)
        if (fd != program)
            close(fd);
    fcntl(program, F_SETFD, FD_CLOEXEC);

    /* Limits. CPU time is the test's time limit: the kernel sends SIGXCPU
     * at the soft limit and SIGKILL one second later. Output past its cap
     * is refused (write fails) rather than killing the runner. */
    rlim_t cpu = (rlim_t)(limits->cpu_seconds + 0.999);
    set_limit(RLIMIT_CPU, cpu, cpu + 1);
    if (limits->memory_bytes > 0)
        set_limit(RLIMIT_AS, limits->memory_bytes, limits->memory_bytes);
    set_limit(RLIMIT_FSIZE, limits->output_bytes, limits->output_bytes);
    set_limit(RLIMIT_NOFILE, 32, 32);
    set_limit(RLIMIT_CORE, 0, 0);
    signal(SIGXFSZ, SIG_IGN);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    /* An empty root: no file of the machine can be opened by name. (Not
     * under the sanitizers, SAN=1: their runtimes are shared libraries that
     * the runner must load, and SAN=1 is for a student's own debugging.) */
#ifndef HARNESS_SAN
    if (empty_root[0] != '\0' && chroot(empty_root) == 0)
        chdir("/");
#endif

    if (as_root) {
        set_limit(RLIMIT_NPROC, (rlim_t)limits->processes, (rlim_t)limits->processes);
        if (setgroups(0, NULL) != 0 || setgid((gid_t)runner_uid) != 0 ||
            setuid(runner_uid) != 0 || setuid(0) == 0) {
            fprintf(stderr, "harness: could not drop root's privileges for the runner\n");
            _exit(127);
        }
    }
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

    char *argv[] = {"runner", NULL};
    char *envp[] = {"PATH=/nonexistent", NULL};
    syscall(SYS_execveat, program, "", argv, envp, AT_EMPTY_PATH);
    fprintf(stderr, "harness: cannot start the runner: %s\n", strerror(errno));
    _exit(127);
}

/* ---- The keeper ----------------------------------------------------------------- */

static void write_record(int fd, const void *record, size_t size)
{
    const char *at = record;
    while (size > 0) {
        ssize_t wrote = write(fd, at, size);
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote <= 0)
            return;
        at += wrote;
        size -= (size_t)wrote;
    }
}

/* Forks the runner, waits for it, reports its end on status_fd. */
static void keep(int program_fd, int output_fd, int calls_fd, int replies_fd, int status_fd,
                 const struct runner_limits *limits, bool as_root, uid_t runner_uid,
                 bool in_namespace)
{
    if (!in_namespace)
        setsid(); /* without a namespace, a process group holds it all */
    pid_t runner = fork();
    if (runner < 0)
        _exit(127);
    if (runner == 0) {
        close(status_fd);
        become_runner(program_fd, output_fd, calls_fd, replies_fd, limits, as_root, runner_uid);
    }
    close(calls_fd);
    close(replies_fd);
    close(output_fd);
    int status;
    struct rusage usage;
    while (wait4(runner, &status, 0, &usage) < 0)
        if (errno != EINTR)
            _exit(127);
    struct runner_end end = {
        .known = true,
        .wait_status = status,
        .cpu_seconds = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec * 1e-6 +
                       (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec * 1e-6,
    };
    write_record(status_fd, &end, sizeof end);
    _exit(0); /* as pid 1: the kernel now kills whatever the runner left behind */
}

/* ---- The launcher: namespaces --------------------------------------------------- */

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -1;
    ssize_t wrote = write(fd, text, strlen(text));
    close(fd);
    return wrote == (ssize_t)strlen(text) ? 0 : -1;
}

int sandbox_map_own_ids(uid_t uid, gid_t gid)
{
    char map[64];
    /* setgroups must be denied before an unprivileged process may write
     * its gid_map (user_namespaces(7)). */
    write_file("/proc/self/setgroups", "deny");
    snprintf(map, sizeof map, "%u %u 1", (unsigned)uid, (unsigned)uid);
    if (write_file("/proc/self/uid_map", map) != 0)
        return -1;
    snprintf(map, sizeof map, "%u %u 1", (unsigned)gid, (unsigned)gid);
    write_file("/proc/self/gid_map", map);
    return 0;
}

/* Enters new pid (and network) namespaces for the children to come: as
 * root directly, as a user inside a new user namespace that maps the user
 * to itself only. Returns what it achieved, for sandbox_containment. */
static const char *enter_namespaces(bool as_root)
{
    if (as_root) {
        if (unshare(CLONE_NEWPID | CLONE_NEWNET) == 0)
            return "pid namespace, chroot, own user id, no network";
        if (unshare(CLONE_NEWPID) == 0)
            return "pid namespace, chroot, own user id";
        return NULL;
    }
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET) != 0)
        return NULL;
    if (sandbox_map_own_ids(uid, gid) != 0)
        return NULL;
    return "user and pid namespaces, chroot, no network";
}

/* Each record the launcher or keeper sends first: who to kill. */
struct keeper_record {
    pid_t keeper;
    char containment[64]; /* what enter_namespaces achieved, or "" */
};

int runner_start(struct runner *r, const char *program, int output_fd,
                 const struct runner_limits *limits)
{
    int calls[2], replies[2], status[2];
    int program_fd = program != NULL ? open(program, O_RDONLY | O_CLOEXEC) : -1;
    if (program_fd < 0) {
        fprintf(stderr, "harness: cannot open the runner %s: %s\n",
                program != NULL ? program : "(none given: --runner)", strerror(errno));
        return -1;
    }
    if (pipe(calls) != 0 || pipe(replies) != 0 || pipe(status) != 0) {
        perror("harness: pipe");
        close(program_fd);
        return -1;
    }
    bool as_root = geteuid() == 0;
    uid_t runner_uid = FIRST_RUNNER_UID + (uid_t)getpid();
    fflush(NULL);
    pid_t launcher = fork();
    if (launcher < 0) {
        perror("harness: fork");
        return -1;
    }
    if (launcher == 0) {
        close(calls[1]);
        close(replies[0]);
        close(status[0]);
        const char *achieved = enter_namespaces(as_root);
        bool in_namespace = achieved != NULL;
        pid_t keeper = fork();
        if (keeper < 0)
            _exit(127);
        if (keeper == 0)
            keep(program_fd, output_fd, calls[0], replies[1], status[1], limits, as_root,
                 runner_uid, in_namespace);
        struct keeper_record record = {.keeper = keeper};
        snprintf(record.containment, sizeof record.containment, "%s", in_namespace ? achieved : "");
        write_record(status[1], &record, sizeof record);
        int keeper_status;
        while (waitpid(keeper, &keeper_status, 0) < 0 && errno == EINTR)
            ;
        _exit(0);
    }
    close(program_fd);
    close(calls[0]);
    close(replies[1]);
    close(status[1]);
    r->launcher = launcher;
    r->calls_fd = calls[1];
    r->replies_fd = replies[0];
    r->status_fd = status[0];
    struct keeper_record record;
    memset(&record, 0, sizeof record);
    if (read(r->status_fd, &record, sizeof record) != (ssize_t)sizeof record) {
        fprintf(stderr, "harness: the runner's keeper did not start\n");
        runner_kill(r);
        return -1;
    }
    r->keeper = record.keeper;
    record.containment[sizeof record.containment - 1] = '\0';
    r->in_namespace = record.containment[0] != '\0';
    snprintf(containment, sizeof containment, "%s",
             r->in_namespace ? record.containment : "process group");
    return 0;
}

void runner_kill(struct runner *r)
{
    /* In a namespace, killing its pid 1 kills all of it; otherwise the
     * keeper's process group holds the runner and its children. */
    if (r->keeper > 0) {
        if (!r->in_namespace)
            kill(-r->keeper, SIGKILL);
        kill(r->keeper, SIGKILL);
    }
}

void runner_finish(struct runner *r, double deadline, struct runner_end *end)
{
    memset(end, 0, sizeof *end);
    if (r->calls_fd >= 0)
        close(r->calls_fd);
    r->calls_fd = -1;

    /* Wait for the keeper's report until the deadline. */
    size_t got = 0;
    while (got < sizeof *end) {
        double left = deadline - wire_now();
        if (left <= 0)
            break;
        struct pollfd wait_for = {.fd = r->status_fd, .events = POLLIN};
        int ready = poll(&wait_for, 1, (int)(left * 1000.0) + 1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            break;
        ssize_t count = read(r->status_fd, (char *)end + got, sizeof *end - got);
        if (count <= 0)
            break;
        got += (size_t)count;
    }
    if (got != sizeof *end)
        memset(end, 0, sizeof *end); /* known = false */
    /* The keeper exits right after its report, and as pid 1 of the
     * namespace takes every leftover process with it. Without a namespace,
     * or without a report, kill what is left. */
    if (!end->known || !r->in_namespace)
        runner_kill(r);
    int status;
    while (waitpid(r->launcher, &status, 0) < 0 && errno == EINTR)
        ;
    close(r->status_fd);
    close(r->replies_fd);
    r->status_fd = r->replies_fd = -1;
}
