/* demo.h -- a header for the filter's golden tests. */
#ifndef DEMO_H
#define DEMO_H

#include <stddef.h>

/* A general remark, separated by a blank line: not part of any extract. */

/* Scale v by s, in place:
 *   v[i] <- s * v[i]. */
void scale(float *v, size_t n, float s);

// Line comments count as a comment block too.
// Two of them.
double total(const float *v,
             size_t n);

#endif
