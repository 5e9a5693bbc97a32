/* diagram.h -- small SVG drawing helpers for the course's concept pictures
 * (the networks, im2col, learning-rate regimes): boxes, lines, arrows, dots
 * and text at pixel coordinates the caller computes.
 *
 * Like svg.h, a diagram is written atomically (PATH.tmp, renamed onto PATH
 * when complete; see output_file.h), every number is printed with "%.2f",
 * and the same calls always give the same bytes. A failed write is
 * remembered and reported once, by diagram_end; the drawing calls return
 * nothing, so a picture reads as a list of shapes. */
#ifndef DESCENT_DIAGRAM_H
#define DESCENT_DIAGRAM_H

#include <stddef.h>

#include "error.h"
#include "output_file.h"

struct diagram {
    struct output_file file;
    char path[4096];
    int failed;                 /* 1 after the first failed write */
    double width, height;       /* the canvas, in pixels */
};

enum diagram_anchor { ANCHOR_START, ANCHOR_MIDDLE, ANCHOR_END };

/* Starts a width x height picture at path, on a white page. Returns 0, or
 * -1 with a message in err (the path is too long or cannot be written). */
int diagram_begin(struct diagram *d, const char *path, double width, double height,
                  struct error *err);

/* Finishes the picture and renames it into place. Returns 0, or -1 with a
 * message in err (a write failed; the file is then not left behind). */
int diagram_end(struct diagram *d, struct error *err);

/* A rectangle; fill and stroke are SVG colours, or NULL for none. */
void diagram_rect(struct diagram *d, double x, double y, double width, double height,
                  const char *fill, const char *stroke, double stroke_width);

/* A straight line; dash is an SVG stroke-dasharray, or NULL for solid. */
void diagram_line(struct diagram *d, double x0, double y0, double x1, double y1,
                  const char *colour, double width, const char *dash);

/* An arrow from (x0, y0) to a filled head whose tip is at (x1, y1). */
void diagram_arrow(struct diagram *d, double x0, double y0, double x1, double y1,
                   const char *colour, double width);

/* A polyline through count points (x[i], y[i]). */
void diagram_polyline(struct diagram *d, const double *x, const double *y, size_t count,
                      const char *colour, double width, const char *dash);

/* A filled dot. */
void diagram_dot(struct diagram *d, double x, double y, double radius, const char *colour);

/* Text whose baseline starts at, is centred on, or ends at (x, y); bold 0
 * or 1. The text is escaped for XML; UTF-8 passes through. */
void diagram_text(struct diagram *d, double x, double y, enum diagram_anchor anchor,
                  double size, int bold, const char *colour, const char *text);

/* The same with printf formatting. */
#if defined(__GNUC__)
__attribute__((format(printf, 8, 9)))
#endif
void diagram_textf(struct diagram *d, double x, double y, enum diagram_anchor anchor,
                   double size, int bold, const char *colour, const char *format, ...);

#endif
