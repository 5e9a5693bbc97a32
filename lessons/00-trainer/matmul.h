/* matmul.h -- matrix multiplication, the one kernel that does the work.
 *
 * Almost every floating-point operation of a training run happens here: a
 * dense layer is one product, and a convolution becomes one product after
 * im2col (see conv2d.h). So the trainer has two versions:
 *
 *   matmul_reference  the textbook triple loop; obviously right, slow.
 *   matmul            a blocked version with a small register tile that the
 *                     compiler turns into vector instructions; about 20x
 *                     faster on the course machine at -O3 -march=native.
 *
 * The tests check the fast one against the reference on awkward sizes.
 *
 * Layout. Matrices are float, row-major: element (i, j) of an r x c matrix
 * stored at `x` is x[i*c + j]. The backward passes also need products with a
 * transposed operand, so each operand carries a flag saying how it is stored:
 *
 *   MATMUL_PLAIN       use the matrix as stored
 *   MATMUL_TRANSPOSED  use its transpose (the stored matrix has the other shape)
 *
 * and the call computes
 *
 *   C = op(A) * op(B)        (accumulate == 0: C is overwritten)
 *   C = C + op(A) * op(B)    (accumulate != 0: e.g. gradients summed over a batch)
 *
 * where op(A) is m x k, op(B) is k x n and C is m x n. So
 *
 *   A*B    : matmul(c, a, MATMUL_PLAIN,      b, MATMUL_PLAIN,      m, n, k, acc)
 *            a is stored m x k, b is stored k x n
 *   A^T*B  : matmul(c, a, MATMUL_TRANSPOSED, b, MATMUL_PLAIN,      m, n, k, acc)
 *            a is stored k x m, b is stored k x n
 *   A*B^T  : matmul(c, a, MATMUL_PLAIN,      b, MATMUL_TRANSPOSED, m, n, k, acc)
 *            a is stored m x k, b is stored n x k
 *
 * C must not overlap A or B. Sizes may be zero (then nothing is read; with
 * accumulate == 0 and k == 0, C is set to zero). Both versions are
 * deterministic: the same inputs give the same bits. They round differently
 * from each other (they add in a different order), by a few units in the
 * last place times sqrt(k). */
#ifndef DESCENT_MATMUL_H
#define DESCENT_MATMUL_H

#include <stddef.h>

enum matmul_op {
    MATMUL_PLAIN,      /* the operand as stored */
    MATMUL_TRANSPOSED  /* the transpose of the operand as stored */
};

/* The readable version: for each (i, j), a dot product over k, summed in
 * float in the order p = 0, 1, ..., k-1. Used as the oracle in the tests.
 *   c: [m, n]   a: [m, k] or [k, m] (transposed)   b: [k, n] or [n, k] */
void matmul_reference(float *c,
                      const float *a, enum matmul_op a_op,
                      const float *b, enum matmul_op b_op,
                      size_t m, size_t n, size_t k, int accumulate);

/* The fast version, same contract as matmul_reference. It needs no heap
 * memory (its packing buffers, 40 KiB, are on the stack) and never fails.
 * How it works is explained at the top of matmul.c. */
void matmul(float *c,
            const float *a, enum matmul_op a_op,
            const float *b, enum matmul_op b_op,
            size_t m, size_t n, size_t k, int accumulate);

/* ---- A plain B with padded rows (im2row in conv2d.c) ----------------------
 *
 * The fast version reads B one sliver of MATMUL_TILE_WIDTH columns at a
 * time. When B is plain and its width n is a multiple of that, every
 * sliver is read in place; otherwise the last one is copied, with zero
 * padding, into a buffer first, for every k block, on every call. For a
 * narrow B (the first convolution's weight gradient has n = 25) that copy
 * costs more than the product itself. A caller that can store B with
 * padded rows avoids it: */

#define MATMUL_TILE_WIDTH 32 /* the columns of the register tile (NR in matmul.c) */

/* n rounded up to a multiple of MATMUL_TILE_WIDTH. */
size_t matmul_padded_width(size_t n);

/* C = op(A) * B  (or C + op(A) * B), where B is k x n and plain, stored in
 * rows of b_width >= matmul_padded_width(n) floats: element (p, j) is
 * b[p*b_width + j]. The columns n .. b_width-1 are read but never reach C
 * (their products fill lanes of the register tile that are not stored):
 * they must be initialised, and zeros keep them cheap. The result has the
 * same bits as matmul() on the same B stored with rows of n floats. */
void matmul_padded_b(float *c,
                     const float *a, enum matmul_op a_op,
                     const float *b, size_t b_width,
                     size_t m, size_t n, size_t k, int accumulate);

#endif
