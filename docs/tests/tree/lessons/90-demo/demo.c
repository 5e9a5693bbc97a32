/* demo.c -- a source for the filter's golden tests: braces in strings,
 * comments and character literals, a prototype before the definition, a
 * signature over two lines, nested and indented regions. */
#include "demo.h"

#define BRACE '{'

static double helper(double x);

/* Not the comment of total: a blank line follows. */

/* The sum of v in double.
 * A brace in a comment: { */
double total(const float *v,
             size_t n)
{
    /* STUDENT CODE BEGIN */
    /* TODO: add up v[0..n-1] in double and return the sum. */
    (void)v; (void)n;
    return helper(0.0);
    /* STUDENT CODE END */
}

// helper: a line comment above a function spread over two lines.
static double
helper(double x)
{
    const char *text = "} not the end {";
    char c = '}';
    (void)text; (void)c;
    return x;
}

void scale(float *v, size_t n, float s)
{
    /* region scale_loop */
    for (size_t i = 0; i < n; i++) {
        /* region scale_body */
        v[i] = s * v[i];
        /* endregion scale_body */
    }
    /* endregion scale_loop */
    (void)helper(total(v, n));
}
