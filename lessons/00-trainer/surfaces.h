/* surfaces.h -- two-dimensional test functions, for pictures of optimizers.
 *
 * Each surface f(x, y) comes with its gradient, written out by hand, and a
 * box that frames its interesting part. The trajectory experiments draw an
 * optimizer's path over the contour lines of these functions. */
#ifndef DESCENT_SURFACES_H
#define DESCENT_SURFACES_H

#include <stddef.h>

struct surface {
    const char *name;                 /* "valley", "rosenbrock", ... */
    const char *formula;              /* the formula, for titles */
    double (*value)(double x, double y);
    void (*gradient)(double x, double y, double g[2]);
    double x_min, x_max, y_min, y_max; /* the box to draw */
    double start_x, start_y;          /* where the experiments start */
    double minimum_x, minimum_y;      /* a minimiser, or the saddle point */
};

/* The long narrow valley f = 0.1 x^2 + 2 y^2: curvatures 0.2 and 4, a
 * condition number of 20. Minimum at (0, 0). */
extern const struct surface surface_valley;

/* Rosenbrock's banana f = (1 - x)^2 + 100 (y - x^2)^2: a curved valley
 * whose floor is nearly flat. Minimum at (1, 1). */
extern const struct surface surface_rosenbrock;

/* The saddle f = x^2 - y^2: a minimum along x, a maximum along y, and a
 * critical point at (0, 0) that is neither. */
extern const struct surface surface_saddle;

/* Beale's function f = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2
 * + (2.625 - x + xy^3)^2: flat plateaus and sharp ridges. Minimum at (3, 0.5). */
extern const struct surface surface_beale;

/* The surface with this name, or NULL. */
const struct surface *surface_by_name(const char *name);

/* All surfaces, for listing them in --help; *count receives their number. */
const struct surface *const *surface_list(size_t *count);

#endif
