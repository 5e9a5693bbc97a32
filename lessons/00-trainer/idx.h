/* idx.h -- loading the MNIST digits from IDX files.
 *
 * IDX is the simple binary format MNIST is distributed in. A file is a header
 * followed by the data, every number in the header a 32-bit big-endian
 * unsigned integer:
 *
 *   byte offset  field
 *   0..3         magic number 0x0000TTNN: two zero bytes, then the element
 *                type TT (0x08 = unsigned byte), then the number of
 *                dimensions NN
 *   4..7         size of dimension 0 (the number of items)
 *   8..11        size of dimension 1 (if NN >= 2), and so on
 *   4 + 4*NN     the data: the product of all dimension sizes elements, in
 *                row-major order (the last dimension varies fastest)
 *
 * The course uses two kinds (see data/README.md):
 *   images: magic 0x00000803, dimensions count x 28 x 28, one byte per pixel
 *           (0 = background, 255 = full ink), 16-byte header;
 *   labels: magic 0x00000801, dimension count, one byte per label (0..9),
 *           8-byte header.
 *
 * Everything that can fail follows error.h: it returns 0 or -1, and on -1 has
 * written one line naming the file, the field or byte offset, and what was
 * expected. Nothing here exits or prints. */
#ifndef DESCENT_IDX_H
#define DESCENT_IDX_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The two magic numbers the course reads. */
#define IDX_MAGIC_LABELS 0x00000801u /* unsigned bytes, 1 dimension: count */
#define IDX_MAGIC_IMAGES 0x00000803u /* unsigned bytes, 3 dimensions: count x rows x cols */

/* The most dimensions idx_read accepts (images have 3). */
#define IDX_MAX_DIMS 3

/* The number of classes in MNIST: labels are 0..DATASET_CLASSES-1. */
#define DATASET_CLASSES 10

/* The contents of one IDX file of unsigned bytes, as read by idx_read. */
struct idx_file {
    size_t dim_count;          /* number of dimensions (byte 3 of the magic) */
    size_t dims[IDX_MAX_DIMS]; /* size of each dimension, from the header;
                                  dims[0] is the number of items */
    size_t header_size;        /* bytes before the data: 4 + 4 * dim_count */
    size_t data_size;          /* number of data bytes: product of the dims */
    uint8_t *bytes;            /* the whole file, header included (owned) */
    const uint8_t *data;       /* the data: bytes + header_size */
};

/* A labelled set of images, ready for training. */
struct dataset {
    size_t count;     /* number of examples */
    size_t rows;      /* pixel rows per image (28 for MNIST) */
    size_t cols;      /* pixel columns per image (28 for MNIST) */
    float *images;    /* count * rows * cols pixels, pixel byte / 255 so each is
                         in [0, 1]; image i starts at images + i * rows * cols,
                         its pixel (r, c) is at offset r * cols + c */
    uint8_t *labels;  /* count labels, each 0..DATASET_CLASSES-1; labels[i]
                         is the digit shown in image i */
};

/* Reads the IDX file at `path` and checks it against `expected_magic`, which
 * must be an unsigned-byte magic with 1 to IDX_MAX_DIMS dimensions (such as
 * IDX_MAGIC_IMAGES or IDX_MAGIC_LABELS).
 *
 * Checks: the file can be opened and read; the magic number equals
 * expected_magic (first two bytes zero, element type, number of dimensions);
 * the header is complete; every dimension is at least 1; the file is exactly
 * header + data long (not truncated, no trailing bytes).
 *
 * On success returns 0 and fills *out; the caller releases it with idx_free.
 * On failure returns -1, writes the reason into err (which may be NULL), and
 * leaves *out empty (all zero, NULL pointers): nothing to free. */
int idx_read(struct idx_file *out, const char *path, uint32_t expected_magic,
             struct error *err);

/* Releases what idx_read allocated and empties *file. Safe on an empty
 * idx_file and on NULL. */
void idx_free(struct idx_file *file);

/* Loads a dataset from an images file (IDX_MAGIC_IMAGES) and a labels file
 * (IDX_MAGIC_LABELS), with every check of idx_read on each, and also: both
 * files hold the same number of items, and every label is 0..9.
 * Any image size rows x cols is accepted; code that needs 28 x 28 checks
 * out->rows and out->cols.
 *
 * On success returns 0 and fills *out; the caller releases it with
 * dataset_free. On failure returns -1, writes the reason into err (which may
 * be NULL), and leaves *out empty (count, rows, cols 0; images and labels
 * NULL): never a partly loaded dataset, nothing to free. */
int dataset_load(struct dataset *out, const char *images_path,
                 const char *labels_path, struct error *err);

/* Releases what dataset_load allocated and empties *data. Safe on an empty
 * dataset and on NULL. */
void dataset_free(struct dataset *data);

/* The course's digits as the lessons' experiments load them, from the paths
 * data/train-*.idx?-ubyte and data/test-*.idx?-ubyte (relative: make run
 * starts experiments at the top of the repository). Returns 0 with both
 * loaded, or -1 with err set and both left empty. */
int dataset_load_course_digits(struct dataset *train, struct dataset *test, struct error *err);

#endif
