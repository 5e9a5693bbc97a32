/* figure.c -- see figure.h. */
#include "figure.h"

#include <stdio.h>

/* Joins folder and file, or returns -1 (after saying so) if it is too long. */
static int join(char *path, size_t size, const char *folder, const char *file)
{
    if ((size_t)snprintf(path, size, "%s/%s", folder, file) >= size) {
        fprintf(stderr, "experiment: the path %s/%s is too long\n", folder, file);
        return -1;
    }
    return 0;
}

/* Reports the outcome of writing path. */
static int report(int status, const char *path, const struct error *err)
{
    if (status != 0) {
        fprintf(stderr, "experiment: %s\n", err->message);
        return -1;
    }
    printf("  wrote %s\n", path);
    return 0;
}

int figure_line_chart(const char *folder, const char *file, const struct line_chart *chart)
{
    char path[4096];
    struct error err;
    if (join(path, sizeof path, folder, file) != 0)
        return -1;
    return report(svg_write_line_chart(path, chart, &err), path, &err);
}

int figure_contour_plot(const char *folder, const char *file, const struct contour_plot *plot)
{
    char path[4096];
    struct error err;
    if (join(path, sizeof path, folder, file) != 0)
        return -1;
    return report(svg_write_contour_plot(path, plot, &err), path, &err);
}

int figure_diagram_begin(struct diagram *d, const char *folder, const char *file, double width,
                         double height)
{
    char path[4096];
    struct error err;
    if (join(path, sizeof path, folder, file) != 0)
        return -1;
    if (diagram_begin(d, path, width, height, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    return 0;
}

int figure_diagram_end(struct diagram *d)
{
    struct error err;
    return report(diagram_end(d, &err), d->path, &err);
}
