/* idx.c -- see idx.h for the format and the contracts.
 *
 * The plan of idx_read: read the whole file into memory, then check it from
 * the first byte to the last (magic number, dimensions, exact length), so
 * every message can name the byte offset where the file went wrong. Nothing
 * is allocated from what the header claims until the file's real length has
 * confirmed it. */
#include "idx.h"
#include "output_file.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The magic number and each dimension size are 4 bytes. */
#define IDX_FIELD_SIZE 4

/* The element type code (byte 2 of the magic) of unsigned bytes. */
#define IDX_TYPE_UBYTE 0x08u

/* The first allocation when reading a file; it doubles from there. */
#define READ_CHUNK_SIZE 65536u

/* Empties an idx_file: no dimensions, no data, NULL pointers. */
static void idx_file_clear(struct idx_file *file)
{
    size_t i;

    file->dim_count = 0;
    for (i = 0; i < IDX_MAX_DIMS; i++) {
        file->dims[i] = 0;
    }
    file->header_size = 0;
    file->data_size = 0;
    file->bytes = NULL;
    file->data = NULL;
}

/* Empties a dataset: no examples, NULL pointers. */
static void dataset_clear(struct dataset *data)
{
    data->count = 0;
    data->rows = 0;
    data->cols = 0;
    data->images = NULL;
    data->labels = NULL;
}

/* The 32-bit big-endian unsigned integer stored at bytes[0..3]: the most
 * significant byte comes first. */
static uint32_t read_big_endian_u32(const uint8_t *bytes)
{
    return ((uint32_t)bytes[0] << 24) | ((uint32_t)bytes[1] << 16) |
           ((uint32_t)bytes[2] << 8) | (uint32_t)bytes[3];
}

/* Sets *product = a * b and returns 0, or returns -1 if that does not fit
 * in a size_t. */
static int multiply_sizes(size_t a, size_t b, size_t *product)
{
    if (a != 0 && b > SIZE_MAX / a) {
        return -1;
    }
    *product = a * b;
    return 0;
}

/* Sets *sum = a + b and returns 0, or returns -1 if that does not fit in a
 * size_t. */
static int add_sizes(size_t a, size_t b, size_t *sum)
{
    if (b > SIZE_MAX - a) {
        return -1;
    }
    *sum = a + b;
    return 0;
}

/* What an element type code (byte 2 of the magic) means, for messages. */
static const char *element_type_name(unsigned type)
{
    switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit integer";
    case 0x0C: return "32-bit integer";
    case 0x0D: return "32-bit float";
    case 0x0E: return "64-bit float";
    default:   return "not an IDX type";
    }
}

/* What dimension i holds, for messages. */
static const char *dimension_name(size_t dim_count, size_t i)
{
    if (i == 0) {
        return "item count";
    }
    if (dim_count == 3) {
        return i == 1 ? "row count" : "column count";
    }
    return "dimension size";
}

/* A hint for a file with the wrong number of dimensions: the usual cause is
 * passing the labels file where the images file belongs, or the reverse. */
static const char *dimension_count_hint(unsigned found_dim_count)
{
    if (found_dim_count == 1) {
        return " (is this a labels file?)";
    }
    if (found_dim_count == 3) {
        return " (is this an images file?)";
    }
    return "";
}

/* Writes the dimensions as text, such as "8000 x 28 x 28". */
static void format_dims(const struct idx_file *file, char *text,
                        size_t text_size)
{
    size_t used = 0;
    size_t i;

    text[0] = '\0';
    for (i = 0; i < file->dim_count && used < text_size; i++) {
        int written = snprintf(text + used, text_size - used, "%s%zu",
                               i == 0 ? "" : " x ", file->dims[i]);
        if (written < 0) {
            return;
        }
        used += (size_t)written;
    }
}

/* Doubles the buffer (or gives it its first READ_CHUNK_SIZE bytes).
 * Returns 0, or -1 if memory runs out (the buffer is then unchanged). */
static int grow_buffer(uint8_t **bytes, size_t *capacity)
{
    size_t new_capacity = READ_CHUNK_SIZE;
    uint8_t *grown;

    if (*capacity != 0 && multiply_sizes(*capacity, 2, &new_capacity) != 0) {
        return -1;
    }
    grown = realloc(*bytes, new_capacity);
    if (grown == NULL) {
        return -1;
    }
    *bytes = grown;
    *capacity = new_capacity;
    return 0;
}

/* Reads the whole file at `path` into a new buffer: on success *bytes_out
 * (owned by the caller) holds *size_out bytes. On failure returns -1 with
 * *bytes_out NULL and *size_out 0. An empty file succeeds with size 0. */
static int read_whole_file(const char *path, uint8_t **bytes_out,
                           size_t *size_out, struct error *err)
{
    FILE *stream;
    uint8_t *bytes = NULL; /* what has been read so far */
    size_t size = 0;       /* how many bytes of it are filled */
    size_t capacity = 0;   /* how many bytes are allocated */

    *bytes_out = NULL;
    *size_out = 0;

    /* A FIFO or a device is refused before fopen(): opening a FIFO waits
     * for a writer forever, and /dev/zero never ends. */
    const char *problem = input_path_problem(path);
    if (problem != NULL)
        return error_set(err, "%s: cannot read it: expected a regular file, found %s", path,
                         problem);

    errno = 0;
    stream = fopen(path, "rb");
    if (stream == NULL) {
        return error_set(err, "%s: cannot open for reading: %s", path,
                         errno != 0 ? strerror(errno) : "unknown reason");
    }

    errno = 0;
    while (!feof(stream) && !ferror(stream)) {
        if (size == capacity && grow_buffer(&bytes, &capacity) != 0) {
            fclose(stream);
            free(bytes);
            return error_set(err, "%s: out of memory after reading %zu bytes",
                             path, size);
        }
        size += fread(bytes + size, 1, capacity - size, stream);
    }

    if (ferror(stream)) {
        int read_errno = errno; /* a directory gives EISDIR here */
        fclose(stream);
        free(bytes);
        return error_set(err, "%s: cannot read at byte offset %zu: %s", path,
                         size, read_errno != 0 ? strerror(read_errno)
                                               : "read error");
    }

    fclose(stream);
    *bytes_out = bytes;
    *size_out = size;
    return 0;
}

/* Checks the magic number (bytes 0..3) against expected_magic and, on
 * success, sets file->dim_count and file->header_size from it. */
static int check_magic(struct idx_file *file, const char *path,
                       const uint8_t *bytes, size_t size,
                       uint32_t expected_magic, struct error *err)
{
    const unsigned expected_type = (expected_magic >> 8) & 0xFFu;
    const unsigned expected_dim_count = expected_magic & 0xFFu;
    const size_t expected_header_size =
        IDX_FIELD_SIZE + IDX_FIELD_SIZE * (size_t)expected_dim_count;
    uint32_t magic;
    unsigned type;
    unsigned dim_count;

    if (size == 0) {
        return error_set(err, "%s: file is empty (0 bytes): expected an IDX "
                         "header of %zu bytes starting with magic number "
                         "0x%08lX", path, expected_header_size,
                         (unsigned long)expected_magic);
    }
    if (size < IDX_FIELD_SIZE) {
        return error_set(err, "%s: header truncated: the file has %zu "
                         "bytes, but the magic number needs byte offsets "
                         "0..3", path, size);
    }

    magic = read_big_endian_u32(bytes);
    type = bytes[2];
    dim_count = bytes[3];

    if (bytes[0] != 0 || bytes[1] != 0) {
        return error_set(err, "%s: magic number at byte offset 0 is 0x%08lX, "
                         "expected 0x%08lX: an IDX file starts with two zero "
                         "bytes (is this an IDX file? a compressed .gz?)",
                         path, (unsigned long)magic,
                         (unsigned long)expected_magic);
    }
    if (type != expected_type) {
        return error_set(err, "%s: magic number at byte offset 0 is 0x%08lX, "
                         "expected 0x%08lX: element type (byte offset 2) is "
                         "0x%02X (%s), expected 0x%02X (%s)",
                         path, (unsigned long)magic,
                         (unsigned long)expected_magic, type,
                         element_type_name(type), expected_type,
                         element_type_name(expected_type));
    }
    if (dim_count != expected_dim_count) {
        return error_set(err, "%s: magic number at byte offset 0 is 0x%08lX, "
                         "expected 0x%08lX: number of dimensions (byte offset "
                         "3) is %u, expected %u%s",
                         path, (unsigned long)magic,
                         (unsigned long)expected_magic, dim_count,
                         expected_dim_count, dimension_count_hint(dim_count));
    }

    file->dim_count = dim_count;
    file->header_size = expected_header_size;
    return 0;
}

/* Reads the dimension sizes (byte offsets 4 onwards) into file->dims, checks
 * that each is at least 1, and sets file->data_size to their product. */
static int read_dims(struct idx_file *file, const char *path,
                     const uint8_t *bytes, size_t size, struct error *err)
{
    size_t i;

    for (i = 0; i < file->dim_count; i++) {
        const size_t offset = IDX_FIELD_SIZE + IDX_FIELD_SIZE * i;
        if (size < offset + IDX_FIELD_SIZE) {
            return error_set(err, "%s: header truncated: the file has %zu "
                             "bytes, so the %s (dimension %zu, byte offsets "
                             "%zu..%zu) is incomplete; expected a header of "
                             "%zu bytes", path, size,
                             dimension_name(file->dim_count, i), i, offset,
                             offset + IDX_FIELD_SIZE - 1, file->header_size);
        }
        file->dims[i] = read_big_endian_u32(bytes + offset);
        if (file->dims[i] == 0) {
            return error_set(err, "%s: %s (dimension %zu, byte offset %zu) "
                             "is 0: expected at least 1", path,
                             dimension_name(file->dim_count, i), i, offset);
        }
    }

    file->data_size = 1;
    for (i = 0; i < file->dim_count; i++) {
        if (multiply_sizes(file->data_size, file->dims[i],
                           &file->data_size) != 0) {
            char dims_text[80];
            format_dims(file, dims_text, sizeof dims_text);
            return error_set(err, "%s: dimensions %s (byte offsets 4..%zu) "
                             "describe more bytes than this machine can "
                             "address", path, dims_text,
                             file->header_size - 1);
        }
    }
    return 0;
}

/* Checks that the file is exactly header + data long. */
static int check_file_size(const struct idx_file *file, const char *path,
                           size_t size, struct error *err)
{
    char dims_text[80];
    size_t expected_size;

    format_dims(file, dims_text, sizeof dims_text);
    if (add_sizes(file->header_size, file->data_size, &expected_size) != 0) {
        return error_set(err, "%s: dimensions %s (byte offsets 4..%zu) "
                         "describe more bytes than this machine can address",
                         path, dims_text, file->header_size - 1);
    }
    if (size < expected_size) {
        return error_set(err, "%s: data truncated: the header (dimensions "
                         "%s) promises %zu data bytes after the %zu-byte "
                         "header, %zu bytes in all, but the file ends at byte "
                         "offset %zu", path, dims_text, file->data_size,
                         file->header_size, expected_size, size);
    }
    if (size > expected_size) {
        return error_set(err, "%s: trailing bytes: the file has %zu bytes, "
                         "%zu more than the %zu that the header (dimensions "
                         "%s) describes; the extra bytes start at byte offset "
                         "%zu", path, size, size - expected_size,
                         expected_size, dims_text, expected_size);
    }
    return 0;
}

int idx_read(struct idx_file *out, const char *path, uint32_t expected_magic,
             struct error *err)
{
    struct idx_file file;
    uint8_t *bytes;
    size_t size;

    assert(out != NULL && path != NULL);
    assert((expected_magic >> 8) == IDX_TYPE_UBYTE); /* unsigned bytes only */
    assert((expected_magic & 0xFFu) >= 1 &&
           (expected_magic & 0xFFu) <= IDX_MAX_DIMS);

    idx_file_clear(out);
    idx_file_clear(&file);

    if (read_whole_file(path, &bytes, &size, err) != 0) {
        return -1;
    }
    if (check_magic(&file, path, bytes, size, expected_magic, err) != 0 ||
        read_dims(&file, path, bytes, size, err) != 0 ||
        check_file_size(&file, path, size, err) != 0) {
        free(bytes);
        return -1;
    }

    file.bytes = bytes;
    file.data = bytes + file.header_size;
    *out = file;
    return 0;
}

void idx_free(struct idx_file *file)
{
    if (file == NULL) {
        return;
    }
    free(file->bytes);
    idx_file_clear(file);
}

/* Checks that the images and labels files hold the same number of items. */
static int check_same_count(const struct idx_file *images,
                            const char *images_path,
                            const struct idx_file *labels,
                            const char *labels_path, struct error *err)
{
    if (images->dims[0] != labels->dims[0]) {
        return error_set(err, "%s has %zu images but %s has %zu labels (the "
                         "item counts at byte offset 4): expected the same "
                         "number", images_path, images->dims[0], labels_path,
                         labels->dims[0]);
    }
    return 0;
}

/* Checks that every label is a digit 0..DATASET_CLASSES-1, and names the
 * first one that is not. */
static int check_labels(const struct idx_file *labels, const char *path,
                        struct error *err)
{
    size_t i;

    for (i = 0; i < labels->data_size; i++) {
        if (labels->data[i] >= DATASET_CLASSES) {
            return error_set(err, "%s: label %u at index %zu (byte offset "
                             "%zu): expected 0..%d", path,
                             (unsigned)labels->data[i], i,
                             labels->header_size + i, DATASET_CLASSES - 1);
        }
    }
    return 0;
}

/* Fills *out from checked files: pixels become floats pixel / 255 in [0, 1],
 * labels are copied. Touches *out only on success. */
static int fill_dataset(struct dataset *out, const struct idx_file *images,
                        const char *images_path,
                        const struct idx_file *labels, struct error *err)
{
    const size_t pixel_count = images->data_size;
    size_t pixel_bytes;
    float *pixels;
    uint8_t *label_copy;
    size_t i;

    if (multiply_sizes(pixel_count, sizeof(float), &pixel_bytes) != 0) {
        return error_set(err, "%s: %zu pixels are too many to hold as floats",
                         images_path, pixel_count);
    }
    pixels = malloc(pixel_bytes);
    label_copy = malloc(labels->data_size);
    if (pixels == NULL || label_copy == NULL) {
        free(pixels);
        free(label_copy);
        return error_set(err, "%s: out of memory for %zu pixels as floats "
                         "(%zu bytes)", images_path, pixel_count,
                         pixel_bytes);
    }

    for (i = 0; i < pixel_count; i++) {
        pixels[i] = (float)images->data[i] / 255.0f;
    }
    memcpy(label_copy, labels->data, labels->data_size);

    out->count = images->dims[0];
    out->rows = images->dims[1];
    out->cols = images->dims[2];
    out->images = pixels;
    out->labels = label_copy;
    return 0;
}

int dataset_load(struct dataset *out, const char *images_path,
                 const char *labels_path, struct error *err)
{
    struct idx_file images;
    struct idx_file labels;
    int status;

    assert(out != NULL && images_path != NULL && labels_path != NULL);

    dataset_clear(out);
    idx_file_clear(&images);
    idx_file_clear(&labels);

    /* Each step runs only if all the steps before it succeeded. */
    status = idx_read(&images, images_path, IDX_MAGIC_IMAGES, err);
    if (status == 0) {
        status = idx_read(&labels, labels_path, IDX_MAGIC_LABELS, err);
    }
    if (status == 0) {
        status = check_same_count(&images, images_path, &labels, labels_path,
                                  err);
    }
    if (status == 0) {
        status = check_labels(&labels, labels_path, err);
    }
    if (status == 0) {
        status = fill_dataset(out, &images, images_path, &labels, err);
    }

    /* The file contents are no longer needed, whatever happened. */
    idx_free(&images);
    idx_free(&labels);
    return status;
}

void dataset_free(struct dataset *data)
{
    if (data == NULL) {
        return;
    }
    free(data->images);
    free(data->labels);
    dataset_clear(data);
}

int dataset_load_course_digits(struct dataset *train, struct dataset *test, struct error *err)
{
    if (dataset_load(train, "data/train-images.idx3-ubyte", "data/train-labels.idx1-ubyte",
                     err) != 0)
        return -1;
    if (dataset_load(test, "data/test-images.idx3-ubyte", "data/test-labels.idx1-ubyte",
                     err) != 0) {
        dataset_free(train);
        return -1;
    }
    return 0;
}
