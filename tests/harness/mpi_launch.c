/* mpi_launch.c -- see mpi_launch.h.
 *
 * The same three processes as the runner's sandbox (sandbox.c):
 *
 *   judge's test process: waits for the keeper's report until the deadline,
 *   |                     then kills the keeper (and so the namespace)
 *   `- launcher: enters new pid and network namespaces, brings up the
 *        |       loopback interface, forks the keeper
 *        `- keeper: pid 1 of the namespace; forks mpirun, waits for it,
 *           |       reports how it ended; when it exits, the kernel kills
 *           |       every process left in the namespace
 *           `- mpirun.sh -> mpirun -> the ranks: limits, own user id */
#define _GNU_SOURCE
#include "mpi_launch.h"
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The user id of the ranks (as root): above the runners' (sandbox.c), and
 * the test process's id added, so that tests running at once never share
 * one and RLIMIT_NPROC counts this test's processes only. */
#define FIRST_MPI_UID 600000u

#define MPI_MEMORY_BYTES ((rlim_t)1 << 30) /* per process; Open MPI maps a lot */
#define MPI_FILE_BYTES ((rlim_t)16 << 20)
#define MAX_RESULTS_BYTES ((size_t)8 << 20)
#define MAX_ARGS 32

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void set_limit(int resource, rlim_t value)
{
    struct rlimit limit = {value, value};
    setrlimit(resource, &limit);
}

/* The loopback interface of a new network namespace starts down. */
static int loopback_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0)
        return -1;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    snprintf(request.ifr_name, sizeof request.ifr_name, "lo");
    int status = ioctl(s, SIOCGIFFLAGS, &request);
    if (status == 0) {
        request.ifr_flags |= IFF_UP | IFF_RUNNING;
        status = ioctl(s, SIOCSIFFLAGS, &request);
    }
    close(s);
    return status;
}

/* New pid and network namespaces for the children to come; as a user,
 * inside a new user namespace that maps the user to itself. Returns true
 * if they were entered. */
static bool enter_namespaces(bool as_root)
{
    if (as_root)
        return unshare(CLONE_NEWPID | CLONE_NEWNET) == 0 && loopback_up() == 0;
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET) != 0)
        return false;
    return sandbox_map_own_ids(uid, gid) == 0 && loopback_up() == 0;
}

/* In mpirun's process, before exec: limits, user id, exec. Never returns. */
static void become_mpirun(char *const argv[], char *const envp[], int output_fd, bool as_root,
                          uid_t uid, double cpu_seconds)
{
    int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, STDIN_FILENO);
    dup2(output_fd, STDOUT_FILENO);
    dup2(output_fd, STDERR_FILENO);
    for (int fd = STDERR_FILENO + 1; fd < 1024; fd++)
        close(fd);
    rlim_t cpu = (rlim_t)(cpu_seconds + 0.999);
    struct rlimit cpu_limit = {cpu, cpu + 1};
    setrlimit(RLIMIT_CPU, &cpu_limit);
#ifndef HARNESS_SAN
    /* (Not under the sanitizers, SAN=1: AddressSanitizer reserves terabytes
     * of address space for its shadow memory, and would not start.) */
    set_limit(RLIMIT_AS, MPI_MEMORY_BYTES);
#endif
    set_limit(RLIMIT_FSIZE, MPI_FILE_BYTES);
    set_limit(RLIMIT_CORE, 0);
    signal(SIGXFSZ, SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (as_root) {
        set_limit(RLIMIT_NPROC, MPI_LAUNCH_PROCESSES);
        if (setgroups(0, NULL) != 0 || setgid((gid_t)uid) != 0 || setuid(uid) != 0 ||
            setuid(0) == 0) {
            fprintf(stderr, "harness: could not drop root's privileges for mpirun\n");
            _exit(127);
        }
    }
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    execve(argv[0], argv, envp);
    fprintf(stderr, "harness: cannot start %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

struct keeper_report {
    int wait_status;
    double cpu_seconds;
};

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *at)
{
    (void)info; (void)type; (void)at;
    remove(path);
    return 0;
}

/* Reads at most limit bytes of path into a malloc'd NUL-terminated text. */
static char *read_file(const char *path, size_t limit, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *text = malloc(limit + 1);
    size_t got = text != NULL ? fread(text, 1, limit, f) : 0;
    fclose(f);
    if (text != NULL) {
        text[got] = '\0';
        *length = got;
    }
    return text;
}

void mpi_launch(const char *program, int ranks, const char *const args[], double cpu_seconds,
                struct mpi_launch_result *result)
{
    memset(result, 0, sizeof *result);
    result->end = MPI_LAUNCH_NOT_STARTED;
    const char *script = getenv("DESCENT_MPIRUN");
    if (script == NULL || script[0] == '\0')
        script = "tools/mpirun.sh";
    if (access(program, X_OK) != 0) {
        snprintf(result->output, sizeof result->output,
                 "the MPI test program %s is not there: it is built only when Open MPI is "
                 "installed (sudo apt-get install -y libopenmpi-dev openmpi-bin)", program);
        return;
    }
    if (access(script, R_OK) != 0) {
        snprintf(result->output, sizeof result->output,
                 "%s is not there: run the tests from the course's folder (make test)", script);
        return;
    }

    /* A fresh folder for the results, the output and Open MPI's session
     * files, that the ranks' user id owns. */
    const char *tmp = getenv("TMPDIR");
    char folder[256], results_path[300], output_path[300], home[300];
    snprintf(folder, sizeof folder, "%s/descent-mpi-XXXXXX",
             tmp != NULL && tmp[0] != '\0' && strlen(tmp) < 200 ? tmp : "/tmp");
    if (mkdtemp(folder) == NULL) {
        snprintf(result->output, sizeof result->output, "harness: cannot make a folder %s: %s",
                 folder, strerror(errno));
        return;
    }
    snprintf(results_path, sizeof results_path, "%s/results.txt", folder);
    snprintf(output_path, sizeof output_path, "%s/output.txt", folder);
    snprintf(home, sizeof home, "HOME=%s", folder);
    bool as_root = geteuid() == 0;
    uid_t uid = FIRST_MPI_UID + (uid_t)getpid();
    int output_fd = open(output_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (output_fd < 0 || (as_root && chown(folder, uid, uid) != 0)) {
        snprintf(result->output, sizeof result->output, "harness: cannot prepare %s: %s",
                 folder, strerror(errno));
        if (output_fd >= 0)
            close(output_fd);
        nftw(folder, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
        return;
    }

    char ranks_text[16];
    snprintf(ranks_text, sizeof ranks_text, "%d", ranks);
    char *argv[MAX_ARGS + 8];
    size_t argc = 0;
    argv[argc++] = "/bin/sh";
    argv[argc++] = (char *)script;
    argv[argc++] = "-np";
    argv[argc++] = ranks_text;
    argv[argc++] = (char *)program;
    argv[argc++] = results_path;
    for (size_t i = 0; args[i] != NULL && i < MAX_ARGS; i++)
        argv[argc++] = (char *)args[i];
    argv[argc] = NULL;
    char path[1024], tmpdir[300];
    const char *inherited_path = getenv("PATH");
    snprintf(path, sizeof path, "PATH=%s",
             inherited_path != NULL ? inherited_path : "/usr/local/bin:/usr/bin:/bin");
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", folder);
    char *envp[] = {path, home, tmpdir, NULL};

    int status_pipe[2];
    if (pipe(status_pipe) != 0) {
        snprintf(result->output, sizeof result->output, "harness: pipe: %s", strerror(errno));
        close(output_fd);
        nftw(folder, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
        return;
    }
    fflush(NULL);
    double start = now_seconds();
    double deadline = start + 3.0 * cpu_seconds + 5.0;
    pid_t launcher = fork();
    if (launcher == 0) {
        close(status_pipe[0]);
        bool in_namespace = enter_namespaces(as_root);
        pid_t keeper = fork();
        if (keeper == 0) {
            if (!in_namespace)
                setsid(); /* without a namespace, a process group holds it all */
            pid_t mpirun = fork();
            if (mpirun == 0)
                become_mpirun(argv, envp, output_fd, as_root, uid, cpu_seconds);
            struct keeper_report report = {0};
            struct rusage usage;
            if (mpirun < 0)
                _exit(127);
            while (wait4(mpirun, &report.wait_status, 0, &usage) < 0)
                if (errno != EINTR)
                    _exit(127);
            report.cpu_seconds = (double)usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6 +
                                 (double)usage.ru_stime.tv_sec + usage.ru_stime.tv_usec * 1e-6;
            if (write(status_pipe[1], &report, sizeof report) != (ssize_t)sizeof report)
                _exit(127);
            if (!in_namespace)
                kill(-getpid(), SIGKILL); /* whatever is left in the group, the keeper too */
            _exit(0); /* as pid 1: the kernel kills what is left in the namespace */
        }
        pid_t ids[2] = {keeper, in_namespace};
        if (write(status_pipe[1], ids, sizeof ids) != (ssize_t)sizeof ids)
            _exit(127);
        int keeper_status;
        while (keeper > 0 && waitpid(keeper, &keeper_status, 0) < 0 && errno == EINTR)
            ;
        _exit(0);
    }
    close(status_pipe[1]);
    close(output_fd);
    pid_t ids[2] = {0, 0};
    bool started = launcher > 0 &&
                   read(status_pipe[0], ids, sizeof ids) == (ssize_t)sizeof ids && ids[0] > 0;
    struct keeper_report report;
    size_t got = 0;
    while (started && got < sizeof report) {
        double left = deadline - now_seconds();
        if (left <= 0)
            break;
        struct pollfd wait_for = {.fd = status_pipe[0], .events = POLLIN};
        int ready = poll(&wait_for, 1, (int)(left * 1000.0) + 1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            break;
        ssize_t count = read(status_pipe[0], (char *)&report + got, sizeof report - got);
        if (count <= 0)
            break;
        got += (size_t)count;
    }
    if (started && got != sizeof report) {
        /* Late, or the keeper vanished: kill the namespace (or the group). */
        kill(-ids[0], SIGKILL);
        kill(ids[0], SIGKILL);
    }
    close(status_pipe[0]);
    int launcher_status;
    while (launcher > 0 && waitpid(launcher, &launcher_status, 0) < 0 && errno == EINTR)
        ;

    size_t output_length = 0;
    char *output = read_file(output_path, 1 << 20, &output_length);
    if (output != NULL) {
        size_t keep = sizeof result->output - 1;
        const char *tail = output_length > keep ? output + output_length - keep : output;
        snprintf(result->output, sizeof result->output, "%s", tail);
        free(output);
    }
    if (!started) {
        snprintf(result->output, sizeof result->output,
                 "harness: the process that starts mpirun did not start");
    } else if (got != sizeof report) {
        result->end = MPI_LAUNCH_LATE;
    } else if (WIFSIGNALED(report.wait_status)) {
        result->end = MPI_LAUNCH_SIGNALED;
        result->code = WTERMSIG(report.wait_status);
    } else {
        result->end = MPI_LAUNCH_EXITED;
        result->code = WEXITSTATUS(report.wait_status);
    }
    result->cpu_seconds = started && got == sizeof report ? report.cpu_seconds : 0.0;
    result->results = read_file(results_path, MAX_RESULTS_BYTES, &result->results_length);
    nftw(folder, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}
