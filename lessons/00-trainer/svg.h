/* svg.h -- the course's own small plotting module: SVG files, no libraries.
 *
 * Two kinds of picture, each written by one call:
 *   - a line chart (loss curves: one line per run, optional log axes);
 *   - a contour plot of a 2-D function f(x, y) with optimizer trajectories
 *     drawn over it (the narrow valley, Rosenbrock's banana, a saddle).
 *
 * Both are 640 x 420 px with a viewBox, so they scale in a browser or a
 * slide; a legend that finds no free corner inside the plot goes to its
 * right, and the picture grows wider to hold it. Files are written atomically: the picture goes to PATH.tmp first and
 * is renamed onto PATH only when every byte was written, so PATH is never a
 * half-written SVG. The same input always gives byte-identical files.
 *
 * Points that cannot be drawn -- NaN or Inf, and zero or negative values on
 * a log axis -- are skipped, and the line is broken there: a run that blows
 * up shows as a line that stops, not as garbage.
 *
 * Every series (and every trajectory) is drawn in its own colour AND dash
 * pattern, in turn: solid blue, dashed vermillion, dotted green, dash-dotted
 * purple, then on through the seven colours and four patterns; two series
 * that coincide still both show (dashes over a solid line). The legend never
 * covers data: it goes into the first corner of the plot area (top right,
 * top left, bottom right, bottom left) that no line, dot, arrow or marker
 * crosses, and otherwise outside, to the right of the plot area.
 *
 * The building blocks (tick choice, marching squares) are public too, so
 * the tests and the lesson text can look at them one at a time. */
#ifndef DESCENT_SVG_H
#define DESCENT_SVG_H

#include <stddef.h>

#include "error.h"

/* ---- Line charts --------------------------------------------------------- */

struct svg_series {             /* one line on a chart */
    const char *label;          /* legend text; NULL: no legend entry */
    const double *x, *y;        /* count points; x NULL: x = 0, 1, 2, ... */
    size_t count;
};

struct line_chart {
    const char *title, *x_label, *y_label;  /* each may be NULL */
    int log_y;                  /* 1: logarithmic y axis (decades labelled 1e-3, 1e-2 ...) */
    int log_x;                  /* 1: logarithmic x axis */
    const struct svg_series *series;  /* series_count lines, coloured in turn */
    size_t series_count;
    const size_t *styles;       /* NULL: series k in style k; else in style styles[k]
                                   (style k: colour k mod 7, dash k mod 4), to pick
                                   a line's look on purpose */
    enum svg_marks {
        SVG_LINES,              /* (the default) lines through the points */
        SVG_LINES_AND_POINTS,   /* lines, and a dot on every measured point */
        SVG_POINTS              /* dots alone: points that are not one curve */
    } marks;
    int integer_x;              /* 1: x ticks on whole numbers only (ranks, workers) */
};

/* Writes chart as an SVG file at path (atomically, see above).
 * The axis ranges cover every drawable point with a small margin; a linear
 * axis is labelled at "nice" values, a log axis at powers of ten. A single
 * point or a constant series still gets a sensible range.
 * path and chart must not be NULL. Returns 0, or -1 with a message in err
 * (a series with count > 0 but no y values; a file that cannot be written),
 * in which case no file and no temporary file are left behind. */
int svg_write_line_chart(const char *path, const struct line_chart *chart,
                         struct error *err);

/* ---- Contour plots with trajectories -------------------------------------- */

struct svg_path {               /* an optimizer's trajectory over a contour plot */
    const char *label;          /* legend text; NULL: no legend entry */
    const double *x, *y;        /* count points, in the function's coordinates */
    size_t count;
};

struct svg_arrow {              /* a vector drawn over a contour plot */
    const char *label;          /* written beside the shaft; NULL: none */
    double x0, y0, x1, y1;      /* from (x0, y0) to the head at (x1, y1), in f's coordinates */
    const char *colour;         /* an SVG colour; NULL: black */
    int dashed;                 /* 1: a dashed shaft (a part of another arrow, say) */
    int label_side;             /* 0: the label left of the direction of travel; 1: right */
    double label_at;            /* where along the shaft, from 0 (tail) to 1 (head); 0: the middle */
};

struct svg_point_label {        /* a named point: a small dot and a text beside it */
    double x, y;                /* in f's coordinates */
    const char *text;
    int below_left;             /* 0: the text above and right of the dot; 1: below and left */
};

struct contour_plot {
    const char *title;          /* may be NULL */
    double (*f)(double x, double y, const void *context);  /* the function drawn */
    const void *context;        /* passed to f unchanged; may be NULL */
    double x_min, x_max, y_min, y_max;  /* the box shown; min < max */
    int equal_scale;            /* 1: widen the box along x or y so that one unit
                                 * has the same length on both axes (angles and
                                 * arrows look as they are); 0: show the box as given */
    size_t level_count;         /* number of contour levels */
    int log_levels;             /* 1: levels spaced geometrically above the minimum
                                 * of f on the grid (valleys, Rosenbrock); 0: evenly */
    const struct svg_path *paths;
    size_t path_count;
    double marker_x, marker_y;  /* a marked point (the minimum); NaN for none */
    const char *marker_label;   /* its legend text; NULL: "minimum" */
    const char *start_label;    /* legend text of the rings at the paths' first points;
                                   NULL: "start" (say which step when a path is a window) */
    const char *x_label, *y_label;  /* the axes' names; NULL: "w0" and "w1" */
    const struct svg_arrow *arrows; /* arrow_count vectors drawn over the paths */
    size_t arrow_count;
    const struct svg_point_label *point_labels;  /* point_label_count named points */
    size_t point_label_count;
};

/* Writes plot as an SVG file at path (atomically, see above).
 * f is sampled on a 201 x 201 grid over the box; its contour lines are drawn
 * by marching squares (see svg_contour_segments). Each path is a line with
 * small dots at its points (at most about 200 dots; long paths are
 * subsampled), a ring at its first point (start_label in the legend), and is
 * clipped to the box.
 * Arrows and named points come last, on top; they are clipped too.
 * Grid values of f that are NaN or Inf leave a hole in the contours.
 * path and plot must not be NULL. Returns 0, or -1 with a message in err
 * (no f; an empty box; a path with count > 0 but no x or y; out of memory;
 * a file that cannot be written); on failure no file is left behind. */
int svg_write_contour_plot(const char *path, const struct contour_plot *plot,
                           struct error *err);

/* ---- Building blocks ------------------------------------------------------ */

#define SVG_MAX_TICKS 24

struct svg_ticks {
    size_t count;                       /* ticks in use, at most SVG_MAX_TICKS */
    double value[SVG_MAX_TICKS];        /* ascending, in data units */
    char label[SVG_MAX_TICKS][24];      /* the text printed at each tick */
};

/* Chooses ticks for a linear axis showing [lo, hi]: about target_count of
 * them, at multiples of a "nice" step 1, 2 or 5 x 10^k, all inside [lo, hi].
 * Example: [0, 7.3] with target 6 gives 0, 1, ..., 7.
 * Requires lo < hi, both finite, and target_count >= 1. */
void svg_linear_ticks(double lo, double hi, size_t target_count,
                      struct svg_ticks *ticks);

/* Chooses ticks for a log axis showing data in [lo, hi]: the powers of ten
 * from the one at or below lo to the one at or above hi (every k-th power
 * when there are more than 10 decades), labelled "1e-3", "1e-2", ...
 * The first and last tick are therefore the natural ends of the axis.
 * Example: [0.0013, 0.02] gives 1e-3, 1e-2. Requires 0 < lo <= hi, finite. */
void svg_log_ticks(double lo, double hi, struct svg_ticks *ticks);

struct svg_grid {               /* samples of f on a regular grid */
    const double *value;        /* value[j * nx + i] = f(x_i, y_j) */
    size_t nx, ny;              /* samples along x and along y, each >= 2 */
    double x_min, x_max;        /* x_0 = x_min, x_(nx-1) = x_max */
    double y_min, y_max;        /* y_0 = y_min, y_(ny-1) = y_max */
};

/* Receives one piece of contour line, from (x0, y0) to (x1, y1), in the
 * grid's coordinates. */
typedef void svg_segment_fn(double x0, double y0, double x1, double y1,
                            void *context);

/* Marching squares: calls emit once for every line segment of the contour
 * f = level, cell by cell, passing context along. Crossings are found by
 * linear interpolation along cell edges; the same edge always gives the same
 * point, so the segments of neighbouring cells join exactly and a closed
 * contour comes out closed. Cells with a NaN or Inf corner are skipped. */
void svg_contour_segments(const struct svg_grid *grid, double level,
                          svg_segment_fn *emit, void *context);

#endif
