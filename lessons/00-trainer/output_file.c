/* output_file.c -- see output_file.h. */
#include "output_file.h"

#include <errno.h>
#include <string.h>

int output_open(struct output_file *out, const char *path, struct error *err)
{
    out->path = path;
    out->stream = NULL;
    if ((size_t)snprintf(out->temporary, sizeof out->temporary, "%s.tmp", path) >=
        sizeof out->temporary)
        return error_set(err, "%s: the path is too long", path);
    out->stream = fopen(out->temporary, "wb");
    if (out->stream == NULL)
        return error_set(err, "%s: cannot create %s: %s", path, out->temporary,
                         strerror(errno));
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
    remove(out->temporary);
}
