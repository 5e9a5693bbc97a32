/* output_file.c -- see output_file.h.
 *
 * The checks use POSIX's lstat(), stat() and open(): ISO C alone cannot
 * tell a FIFO from a file, nor create a file only if it is new. */
#include "output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file's type in words, for the error messages. */
static const char *kind_of(const struct stat *st)
{
    if (S_ISREG(st->st_mode)) return NULL;
    if (S_ISLNK(st->st_mode)) return "a symbolic link";
    if (S_ISDIR(st->st_mode)) return "a directory";
    if (S_ISFIFO(st->st_mode)) return "a FIFO";
    if (S_ISCHR(st->st_mode)) return "a character device";
    if (S_ISBLK(st->st_mode)) return "a block device";
    if (S_ISSOCK(st->st_mode)) return "a socket";
    return "not a regular file";
}

const char *output_path_problem(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return NULL; /* a new path (or one we cannot see: creating it will say why) */
    return kind_of(&st);
}

const char *input_path_problem(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL; /* fopen() will name the reason */
    return kind_of(&st);
}

static int temporary_name(char *name, size_t size, const char *path)
{
    return (size_t)snprintf(name, size, "%s.tmp", path) < size ? 0 : -1;
}

void output_remove_stale(const char *path)
{
    char temporary[4096];
    struct stat st;
    if (temporary_name(temporary, sizeof temporary, path) != 0 || lstat(temporary, &st) != 0)
        return;
    if (S_ISREG(st.st_mode) && st.st_uid == geteuid())
        remove(temporary);
}

int output_open(struct output_file *out, const char *path, struct error *err)
{
    out->path = path;
    out->stream = NULL;
    out->temporary[0] = '\0';
    const char *problem = output_path_problem(path);
    if (problem != NULL)
        return error_set(err, "%s: expected a regular file or a new path, found %s", path,
                         problem);
    if (temporary_name(out->temporary, sizeof out->temporary, path) != 0)
        return error_set(err, "%s: the path is too long", path);
    output_remove_stale(path);
    /* O_EXCL: create a new file or fail; it never follows a link. */
    int fd = open(out->temporary, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0) {
        int saved = errno;
        out->temporary[0] = '\0'; /* not ours: never remove it */
        return error_set(err, "%s: cannot create %s.tmp: %s%s", path, path, strerror(saved),
                         saved == EEXIST ? " (it is not a leftover file of ours: remove it)"
                                         : "");
    }
    out->stream = fdopen(fd, "wb");
    if (out->stream == NULL) {
        int saved = errno;
        close(fd);
        remove(out->temporary);
        return error_set(err, "%s: cannot write %s: %s", path, out->temporary,
                         strerror(saved));
    }
    return 0;
}

int output_commit(struct output_file *out, struct error *err)
{
    int failed = ferror(out->stream) != 0;
    failed |= fclose(out->stream) != 0;
    out->stream = NULL;
    if (failed || rename(out->temporary, out->path) != 0) {
        int saved = errno;
        remove(out->temporary);
        return error_set(err, "%s: writing failed: %s", out->path,
                         saved != 0 ? strerror(saved) : "write error");
    }
    return 0;
}

void output_abandon(struct output_file *out)
{
    if (out->stream != NULL)
        fclose(out->stream);
    out->stream = NULL;
    if (out->temporary[0] != '\0')
        remove(out->temporary);
}
