/* surfaces.c -- the test functions of surfaces.h, with hand-derived gradients. */
#include "surfaces.h"

#include <string.h>

/* f = 0.1 x^2 + 2 y^2;  df/dx = 0.2 x,  df/dy = 4 y. */
static double valley_value(double x, double y) { return 0.1 * x * x + 2.0 * y * y; }
static void valley_gradient(double x, double y, double g[2])
{
    g[0] = 0.2 * x;
    g[1] = 4.0 * y;
}

/* f = (1 - x)^2 + 100 (y - x^2)^2;
 * df/dx = -2 (1 - x) - 400 x (y - x^2),  df/dy = 200 (y - x^2). */
static double rosenbrock_value(double x, double y)
{
    double across = y - x * x;
    return (1.0 - x) * (1.0 - x) + 100.0 * across * across;
}
static void rosenbrock_gradient(double x, double y, double g[2])
{
    double across = y - x * x;
    g[0] = -2.0 * (1.0 - x) - 400.0 * x * across;
    g[1] = 200.0 * across;
}

/* f = x^2 - y^2;  df/dx = 2 x,  df/dy = -2 y. */
static double saddle_value(double x, double y) { return x * x - y * y; }
static void saddle_gradient(double x, double y, double g[2])
{
    g[0] = 2.0 * x;
    g[1] = -2.0 * y;
}

/* f = sum_k (c_k - x + x y^k)^2 for k = 1, 2, 3 with c = (1.5, 2.25, 2.625);
 * with e_k = c_k - x + x y^k:
 * df/dx = sum_k 2 e_k (y^k - 1),  df/dy = sum_k 2 e_k k x y^(k-1). */
static double beale_value(double x, double y)
{
    double e1 = 1.5 - x + x * y, e2 = 2.25 - x + x * y * y, e3 = 2.625 - x + x * y * y * y;
    return e1 * e1 + e2 * e2 + e3 * e3;
}
static void beale_gradient(double x, double y, double g[2])
{
    double e1 = 1.5 - x + x * y, e2 = 2.25 - x + x * y * y, e3 = 2.625 - x + x * y * y * y;
    g[0] = 2.0 * e1 * (y - 1.0) + 2.0 * e2 * (y * y - 1.0) + 2.0 * e3 * (y * y * y - 1.0);
    g[1] = 2.0 * e1 * x + 2.0 * e2 * 2.0 * x * y + 2.0 * e3 * 3.0 * x * y * y;
}

const struct surface surface_valley = {
    "valley", "f(x, y) = 0.1 x^2 + 2 y^2", valley_value, valley_gradient,
    -11.0, 11.0, -3.0, 3.0, -10.0, 1.0, 0.0, 0.0,
};
const struct surface surface_rosenbrock = {
    "rosenbrock", "f(x, y) = (1 - x)^2 + 100 (y - x^2)^2", rosenbrock_value,
    rosenbrock_gradient, -2.0, 2.0, -1.0, 3.0, -1.5, 2.0, 1.0, 1.0,
};
const struct surface surface_saddle = {
    "saddle", "f(x, y) = x^2 - y^2", saddle_value, saddle_gradient,
    -2.0, 2.0, -2.0, 2.0, -1.5, 1e-3, 0.0, 0.0,
};
const struct surface surface_beale = {
    "beale", "Beale's function", beale_value, beale_gradient,
    -4.5, 4.5, -4.5, 4.5, 1.0, 1.5, 3.0, 0.5,
};

static const struct surface *const all_surfaces[] = {
    &surface_valley, &surface_rosenbrock, &surface_saddle, &surface_beale,
};

const struct surface *const *surface_list(size_t *count)
{
    *count = sizeof all_surfaces / sizeof all_surfaces[0];
    return all_surfaces;
}

const struct surface *surface_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof all_surfaces / sizeof all_surfaces[0]; i++)
        if (strcmp(all_surfaces[i]->name, name) == 0)
            return all_surfaces[i];
    return NULL;
}
