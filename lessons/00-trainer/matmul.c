/* matmul.c -- see matmul.h for the contract.
 *
 * How the fast version works, in four ideas.
 *
 * 1. Count the memory traffic, not the arithmetic. The triple loop does
 *    2*m*n*k flops but, for each one, loads one element of A and one of B.
 *    A modern core can do 32 or more float flops per cycle yet load only
 *    two or three vectors per cycle, and far fewer from main memory. So the
 *    fast version makes every loaded number serve many flops.
 *
 * 2. A register tile (the "micro-kernel"). We compute a small MR x NR block
 *    of C at a time, summed in a local array `acc` that the compiler holds
 *    in vector registers for the whole loop over k. Each step p of that loop
 *    loads one row of NR numbers of B (a few vector loads) and MR numbers of
 *    A (each broadcast to all lanes), and does MR*NR multiply-adds. With
 *    MR = 8 and NR = 32 that is 256 multiply-adds for 40 loaded numbers
 *    (MR = 4 where vector registers are fewer, see below), and the
 *    innermost loop
 *
 *        for (j = 0; j < NR; j++) acc[i][j] += a_ip * b_row[j];
 *
 *    runs over contiguous memory with a length known at compile time, which
 *    is exactly the loop gcc and clang turn into vector multiply-adds (2
 *    AVX-512 registers of 16 floats, or 4 AVX2 registers of 8, per row of
 *    the tile).
 *
 * 3. Packing. The row of B must be contiguous. When B is used transposed
 *    it is not, so we copy a KC x NR "sliver" of B into a small contiguous
 *    buffer first (and also at the right edge, padding with zeros so the
 *    micro-kernel always sees a full NR columns). When B is plain and the
 *    sliver is full, its rows are already contiguous and we use them in
 *    place; matmul_padded_b (matmul.h) lets a caller store a narrow B with
 *    rows padded to a full sliver, so that it is never copied. Rows of A
 *    are read in place: the kernel only needs MR scalars per step, from MR
 *    row pointers, which the hardware prefetcher follows easily. Only a partial tile at the bottom edge is copied (with zero
 *    padding) so that the kernel never reads past the end of A.
 *
 * 4. Cache blocking. The k dimension is cut into blocks of KC. The packed
 *    sliver of B, KC x NR floats (32 KiB), is then reused by every tile down
 *    the column (all of m) while it sits in the L1/L2 cache, and the
 *    KC-long pieces of the rows of A stay in L2 from one sliver to the next.
 *    Without the k blocking, a long k would push the sliver out of cache.
 *
 * The order of the sums is fixed, and the same on every machine and with
 * every flag set the Makefile may choose: for each element of C, k is cut
 * into blocks of KC = 256 (p = 0..255, 256..511, ...); each block's
 * products are summed in float, starting from 0, in the order of p; and
 * the blocks' sums are added into C one after the other (the first block
 * overwrites C unless accumulate is set). Vectorising the j loop computes
 * NR such sums side by side, one per lane, and never changes the order
 * inside one of them. tests/00-trainer/matmul_order.c checks this order,
 * written out as a scalar loop, bit for bit on the models' shapes.
 *
 * Everything here is plain C11. Whether the compiler really vectorises the
 * inner loop depends on optimisation flags: at -O2 gcc 12 and clang 14 do
 * for this loop; -O3 -march=native lets them use the widest vectors of the
 * machine. What we do NOT allow is -ffp-contract=fast (or -ffast-math),
 * which would fuse a*b+c into one fused multiply-add (FMA): FMA rounds
 * once instead of twice, so the bits would depend on whether the builder's
 * CPU has FMA. The Makefile says -ffp-contract=off. (matmul_reference sums
 * all of k in one go, so for k > 256 it rounds differently from matmul.) */
#include "matmul.h"

#include <assert.h>
#include <string.h>

/* The register tile and the k block (see above). On the course machine
 * (AVX-512: 32 vector registers of 16 floats) the tile is 8 x 32: 16
 * accumulator registers, and each step p loads 8 numbers of A (broadcast)
 * and 2 vectors of B for 256 multiply-adds. Elsewhere it is 4 x 32, which
 * needs MR * NR / 8 = 16
 * accumulator registers of 8 floats plus one for the broadcast a_ip: that
 * shape both gcc 12 and clang 14 compiled well at -O2 and at -O3
 * -march=native; 6 x 16 and 8 x 16, the classic hand-written AVX2 shapes,
 * ran 10-30x slower with gcc, which did not keep those tiles in registers.
 * With AVX-512 the 8 x 32 tile halves the loads of B per multiply-add and
 * halves the number of tiles, hence the number of times the sums are
 * started and stored: with gcc 12 it ran 1.3-2.5x faster than 4 x 32 on
 * the CNN's small products (k = 16 to 200) and 1.2-2.4x on the MLP's (with
 * clang 14 it was faster on some of those shapes and slower on others,
 * within 1.5x either way). On an AVX2-only
 * machine (16 registers) even the 4 x 32 tile does not quite fit and the
 * compiler spills a few accumulators: there MR = 2 is faster (measured with
 * -march=haswell: about 65 against 50 GFLOP/s), so an AVX2 build without
 * AVX-512 uses 2 x 32. Such constants are found by
 * measuring, not by reasoning alone. The tile's shape never changes the
 * order of any sum (see above), so the bits are the same either way. */
#if defined(__AVX512F__)
#define MR 8
#elif defined(__AVX2__)
#define MR 2
#else
#define MR 4
#endif
#define NR MATMUL_TILE_WIDTH
#define KC 256

/* The element (i, j) of op(X), where op(X) has `cols` columns and X is
 * stored plain (rows x cols) or transposed (cols x rows). */
static float element(const float *x, enum matmul_op op, size_t i, size_t j,
                     size_t rows, size_t cols)
{
    return op == MATMUL_PLAIN ? x[i * cols + j] : x[j * rows + i];
}

void matmul_reference(float *c,
                      const float *a, enum matmul_op a_op,
                      const float *b, enum matmul_op b_op,
                      size_t m, size_t n, size_t k, int accumulate)
{
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            float sum = accumulate ? c[i * n + j] : 0.0f;
            for (size_t p = 0; p < k; p++)
                sum += element(a, a_op, i, p, m, k) * element(b, b_op, p, j, k, n);
            c[i * n + j] = sum;
        }
    }
}

/* The micro-kernel: tile = A_tile * B_sliver, where A_tile is MR x kc and
 * B_sliver is kc x NR.
 *   a: element (i, p) of the tile is a[i*a_row_step + p*a_col_step]
 *   b: element (p, j) of the sliver is b[p*b_row_step + j]; the NR
 *      numbers of each row are contiguous, which is what lets the j loop
 *      become vector instructions.
 * The sums live in `acc`, a local array: the compiler can see that no
 * pointer reaches it, so it keeps all MR*NR sums in registers for the
 * whole loop. (Summing straight into `tile`, which might alias a or b as
 * far as the compiler knows, forces a load and a store per step and is
 * several times slower.) */
static void micro_kernel(float tile[MR][NR], size_t kc,
                         const float *a, size_t a_row_step, size_t a_col_step,
                         const float *b, size_t b_row_step)
{
    float acc[MR][NR] = {{0.0f}};

    for (size_t p = 0; p < kc; p++) {
        const float *b_row = b + p * b_row_step;
        const float *a_col = a + p * a_col_step;
        for (size_t i = 0; i < MR; i++) {
            float a_ip = a_col[i * a_row_step]; /* broadcast to all lanes */
            for (size_t j = 0; j < NR; j++)
                acc[i][j] += a_ip * b_row[j];
        }
    }
    /* A loop, not memcpy: with constant bounds it becomes a few vector
     * stores straight from the registers (memcpy made gcc spill acc to the
     * stack and call the C library to copy it). */
    for (size_t i = 0; i < MR; i++)
        for (size_t j = 0; j < NR; j++)
            tile[i][j] = acc[i][j];
}

/* Copies rows [j0, j0+nr) x depth [p0, p0+kc) of op(B) into a contiguous
 * kc x NR sliver, padding the columns nr..NR-1 with zeros. A plain B is
 * stored in rows of b_width floats (b_width >= n). */
static void pack_b_sliver(float *sliver, const float *b, enum matmul_op b_op,
                          size_t b_width, size_t k, size_t p0, size_t kc,
                          size_t j0, size_t nr)
{
    for (size_t p = 0; p < kc; p++) {
        for (size_t j = 0; j < nr; j++)
            sliver[p * NR + j] = element(b, b_op, p0 + p, j0 + j, k, b_width);
        for (size_t j = nr; j < NR; j++)
            sliver[p * NR + j] = 0.0f;
    }
}

/* Copies the partial tile rows [i0, i0+mr) x depth [p0, p0+kc) of op(A)
 * into an MR x KC buffer (row step KC), with zero rows mr..MR-1. */
static void pack_a_edge(float *tile, const float *a, enum matmul_op a_op,
                        size_t m, size_t k, size_t i0, size_t mr,
                        size_t p0, size_t kc)
{
    for (size_t i = 0; i < MR; i++)
        for (size_t p = 0; p < kc; p++)
            tile[i * KC + p] = i < mr ? element(a, a_op, i0 + i, p0 + p, m, k) : 0.0f;
}

/* Writes the valid mr x nr corner of the tile into C at (i0, j0), adding to
 * what is there when `add` is set. */
static inline void store_rows(float *c, size_t n, size_t i0, size_t j0,
                              size_t mr, size_t nr, float tile[MR][NR], int add)
{
    for (size_t i = 0; i < mr; i++) {
        float *c_row = c + (i0 + i) * n + j0;
        if (add)
            for (size_t j = 0; j < nr; j++)
                c_row[j] += tile[i][j];
        else
            for (size_t j = 0; j < nr; j++)
                c_row[j] = tile[i][j];
    }
}

/* The same, with the full tile's size passed as constants when the tile is
 * full (all but the edges of C): the loops then compile to whole vector
 * loads, adds and stores, with nothing left to decide per element. For a
 * short k (the CNN's input gradient has k = 16) storing a tile costs about
 * as much as computing it, so this matters. */
static void store_tile(float *c, size_t n, size_t i0, size_t j0,
                       size_t mr, size_t nr, float tile[MR][NR], int add)
{
    if (mr == MR && nr == NR)
        store_rows(c, n, i0, j0, MR, NR, tile, add);
    else
        store_rows(c, n, i0, j0, mr, nr, tile, add);
}

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

size_t matmul_padded_width(size_t n)
{
    return (n + NR - 1) / NR * NR;
}

/* matmul and matmul_padded_b. b_width: the length of the stored rows of a
 * plain B (n, or more for a padded one); unused when B is transposed. */
static void product(float *c,
                    const float *a, enum matmul_op a_op,
                    const float *b, enum matmul_op b_op, size_t b_width,
                    size_t m, size_t n, size_t k, int accumulate)
{
    float sliver[KC * NR]; /* a packed kc x NR piece of op(B) */
    float a_edge[MR * KC]; /* a zero-padded partial tile of op(A) */
    float tile[MR][NR];    /* one finished MR x NR block of the product */

    if (k == 0) { /* an empty sum: C = 0, or C unchanged */
        if (!accumulate)
            memset(c, 0, m * n * sizeof *c);
        return;
    }

    /* How to step through op(A) in place: along a row (p) and down a
     * column (i). */
    size_t a_row_step = a_op == MATMUL_PLAIN ? k : 1;
    size_t a_col_step = a_op == MATMUL_PLAIN ? 1 : m;

    for (size_t p0 = 0; p0 < k; p0 += KC) {
        size_t kc = min_size(KC, k - p0);
        /* The first k block overwrites C unless asked to accumulate; every
         * later block adds its part of the sum. */
        int add = accumulate || p0 > 0;

        for (size_t j0 = 0; j0 < n; j0 += NR) {
            size_t nr = min_size(NR, n - j0);
            const float *b_block = sliver;
            size_t b_row_step = NR;
            /* A plain B whose stored rows reach NR columns past j0 is
             * already contiguous: no copy. (Past n, in a padded B, the
             * extra columns only fill lanes of the tile that store_tile
             * leaves out.) */
            if (b_op == MATMUL_PLAIN && j0 + NR <= b_width) {
                b_block = b + p0 * b_width + j0;
                b_row_step = b_width;
            } else {
                pack_b_sliver(sliver, b, b_op, b_width, k, p0, kc, j0, nr);
            }

            for (size_t i0 = 0; i0 < m; i0 += MR) {
                size_t mr = min_size(MR, m - i0);
                if (mr == MR) {
                    const float *a_tile = a + i0 * a_row_step + p0 * a_col_step;
                    micro_kernel(tile, kc, a_tile, a_row_step, a_col_step,
                                 b_block, b_row_step);
                } else {
                    pack_a_edge(a_edge, a, a_op, m, k, i0, mr, p0, kc);
                    micro_kernel(tile, kc, a_edge, KC, 1, b_block, b_row_step);
                }
                store_tile(c, n, i0, j0, mr, nr, tile, add);
            }
        }
    }
}

void matmul(float *c,
            const float *a, enum matmul_op a_op,
            const float *b, enum matmul_op b_op,
            size_t m, size_t n, size_t k, int accumulate)
{
    product(c, a, a_op, b, b_op, n, m, n, k, accumulate);
}

void matmul_padded_b(float *c,
                     const float *a, enum matmul_op a_op,
                     const float *b, size_t b_width,
                     size_t m, size_t n, size_t k, int accumulate)
{
    assert(b_width >= matmul_padded_width(n));
    product(c, a, a_op, b, MATMUL_PLAIN, b_width, m, n, k, accumulate);
}
