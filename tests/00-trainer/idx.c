/* test_idx.c -- tests of the IDX loader (lessons/00-trainer/idx.c).
 *
 * Every bad file is written by the test itself into a fresh temporary folder
 * (removed at the end). Each bad case checks three things: loading fails, the
 * message names the file and the field or byte offset, and the output dataset
 * is left empty. Then a small good file loads with exact pixel values, and the
 * real data in data/ loads with the class counts of data/README.md.
 *
 * Run from the repository root, or set DESCENT_DATA_DIR to the data folder. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp, mkdir, rmdir */
#endif

#include <setjmp.h> /* cmocka.h needs these four first */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "harness.h"
#include "idx.h"

/* ---- The temporary folder and the fixtures written into it ---- */

#define MAX_FIXTURES 64
#define PATH_SIZE 512

static char temp_dir[PATH_SIZE];                  /* made by setup */
static char fixture_paths[MAX_FIXTURES][PATH_SIZE]; /* to remove at the end */
static int fixture_is_dir[MAX_FIXTURES];
static size_t fixture_count;

/* Returns the path of `name` inside the temporary folder, and remembers it
 * so teardown removes it. */
static const char *fixture_path(const char *name, int is_dir)
{
    char *path;
    int length;

    assert_true(fixture_count < MAX_FIXTURES);
    path = fixture_paths[fixture_count];
    length = snprintf(path, PATH_SIZE, "%s/%s", temp_dir, name);
    assert_true(length > 0 && length < PATH_SIZE);
    fixture_is_dir[fixture_count] = is_dir;
    fixture_count++;
    return path;
}

/* Writes `size` bytes to a new file `name` in the temporary folder. */
static const char *write_fixture(const char *name, const uint8_t *bytes,
                                 size_t size)
{
    const char *path = fixture_path(name, 0);
    FILE *stream = fopen(path, "wb");

    assert_non_null(stream);
    if (size > 0) {
        assert_int_equal(fwrite(bytes, 1, size, stream), size);
    }
    assert_int_equal(fclose(stream), 0);
    return path;
}

/* Stores `value` big-endian at bytes[0..3], as the IDX header does. */
static void put_big_endian_u32(uint8_t *bytes, uint32_t value)
{
    bytes[0] = (uint8_t)(value >> 24);
    bytes[1] = (uint8_t)(value >> 16);
    bytes[2] = (uint8_t)(value >> 8);
    bytes[3] = (uint8_t)value;
}

/* Writes an images file: magic 0x00000803, the three dimensions given (they
 * need not agree with pixel_count, to make bad files), then the pixels. */
static const char *write_images(const char *name, uint32_t count,
                                uint32_t rows, uint32_t cols,
                                const uint8_t *pixels, size_t pixel_count)
{
    uint8_t bytes[16 + 256];

    assert_true(pixel_count <= 256);
    put_big_endian_u32(bytes + 0, IDX_MAGIC_IMAGES);
    put_big_endian_u32(bytes + 4, count);
    put_big_endian_u32(bytes + 8, rows);
    put_big_endian_u32(bytes + 12, cols);
    if (pixel_count > 0) {
        memcpy(bytes + 16, pixels, pixel_count);
    }
    return write_fixture(name, bytes, 16 + pixel_count);
}

/* Writes a labels file: magic 0x00000801, the count given, then the labels. */
static const char *write_labels(const char *name, uint32_t count,
                                const uint8_t *labels, size_t label_count)
{
    uint8_t bytes[8 + 256];

    assert_true(label_count <= 256);
    put_big_endian_u32(bytes + 0, IDX_MAGIC_LABELS);
    put_big_endian_u32(bytes + 4, count);
    if (label_count > 0) {
        memcpy(bytes + 8, labels, label_count);
    }
    return write_fixture(name, bytes, 8 + label_count);
}

/* Two 2 x 2 images and their labels: a good pair to spoil one thing in. */
static const uint8_t good_pixels[8] = {0, 51, 102, 153, 204, 255, 0, 128};
static const uint8_t good_labels[2] = {7, 3};

static const char *write_good_images(const char *name)
{
    return write_images(name, 2, 2, 2, good_pixels, sizeof good_pixels);
}

static const char *write_good_labels(const char *name)
{
    return write_labels(name, 2, good_labels, sizeof good_labels);
}

static int setup(void **state)
{
    const char *base = getenv("TMPDIR");

    (void)state;
    snprintf(temp_dir, sizeof temp_dir, "%s/descent-test-idx.XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");
    if (mkdtemp(temp_dir) == NULL) {
        perror("mkdtemp");
        return -1;
    }
    fixture_count = 0;
    return 0;
}

static int teardown(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < fixture_count; i++) {
        if (fixture_is_dir[i]) {
            rmdir(fixture_paths[i]);
        } else {
            remove(fixture_paths[i]);
        }
    }
    return rmdir(temp_dir) == 0 ? 0 : -1;
}

/* ---- Checking a failure ---- */

/* Fails the test unless `message` contains `part`. */
static void expect_in_message(const char *message, const char *part)
{
    if (strstr(message, part) == NULL) {
        fail_msg("the error message \"%s\" should contain \"%s\"", message,
                 part);
    }
}

/* Loads and expects failure: -1, a message holding every string in `parts`
 * (a NULL-terminated list), and an empty dataset even though it was not
 * empty before the call. */
static void expect_load_failure(const char *images_path,
                                const char *labels_path,
                                const char *const *parts)
{
    struct dataset data;
    struct error err;
    float not_a_pixel = 0.5f;
    uint8_t not_a_label = 4;
    size_t i;

    /* Garbage in *out, to check that the loader empties it. */
    data.count = 99;
    data.rows = 99;
    data.cols = 99;
    data.images = &not_a_pixel;
    data.labels = &not_a_label;
    strcpy(err.message, "(no message was written)");

    assert_int_equal(dataset_load(&data, images_path, labels_path, &err), -1);
    print_message("    message: %s\n", err.message);
    for (i = 0; parts[i] != NULL; i++) {
        expect_in_message(err.message, parts[i]);
    }
    assert_null(strchr(err.message, '\n')); /* one line */

    assert_int_equal(data.count, 0);
    assert_int_equal(data.rows, 0);
    assert_int_equal(data.cols, 0);
    assert_null(data.images);
    assert_null(data.labels);
}

/* ---- The good cases ---- */

static void test_good_fixture_loads_exact_pixels(void **state)
{
    const char *images_path = write_good_images("good-images");
    const char *labels_path = write_good_labels("good-labels");
    struct dataset data;
    struct error err;

    (void)state;
    assert_int_equal(dataset_load(&data, images_path, labels_path, &err), 0);
    assert_int_equal(data.count, 2);
    assert_int_equal(data.rows, 2);
    assert_int_equal(data.cols, 2);

    /* k / 255 for these k are exactly 0, 0.2, 0.4, 0.6, 0.8, 1: each float
     * must be the float nearest to that number. */
    assert_true(data.images[0] == 0.0f);
    assert_true(data.images[1] == 0.2f);
    assert_true(data.images[2] == 0.4f);
    assert_true(data.images[3] == 0.6f);
    assert_true(data.images[4] == 0.8f);
    assert_true(data.images[5] == 1.0f);
    assert_true(data.images[6] == 0.0f);
    assert_float_equal(data.images[7], 128.0 / 255.0, 1e-7);

    assert_int_equal(data.labels[0], 7);
    assert_int_equal(data.labels[1], 3);

    dataset_free(&data);
    assert_int_equal(data.count, 0);
    assert_null(data.images);
    assert_null(data.labels);
    dataset_free(&data); /* freeing an empty dataset is safe */
    dataset_free(NULL);
}

static void test_idx_read_gives_header_and_data(void **state)
{
    const char *path = write_good_images("header-images");
    struct idx_file file;
    struct error err;

    (void)state;
    assert_int_equal(idx_read(&file, path, IDX_MAGIC_IMAGES, &err), 0);
    assert_int_equal(file.dim_count, 3);
    assert_int_equal(file.dims[0], 2);
    assert_int_equal(file.dims[1], 2);
    assert_int_equal(file.dims[2], 2);
    assert_int_equal(file.header_size, 16);
    assert_int_equal(file.data_size, 8);
    assert_memory_equal(file.data, good_pixels, sizeof good_pixels);
    idx_free(&file);
    assert_null(file.bytes);
    assert_null(file.data);
}

/* ---- The bad cases ---- */

static void test_wrong_magic(void **state)
{
    const char *labels_path = write_good_labels("magic-labels");
    const uint8_t gzip_start[16] = {0x1F, 0x8B, 0x08, 0x00};
    uint8_t float_images[16 + 8] = {0};
    const char *float_path;

    (void)state;
    /* The labels file passed as the images file: 1 dimension, not 3. */
    {
        const char *parts[] = {labels_path, "magic number", "byte offset 0",
                               "0x00000801", "expected 0x00000803",
                               "number of dimensions", "is 1, expected 3",
                               NULL};
        expect_load_failure(labels_path, labels_path, parts);
    }
    /* The images file passed as the labels file: 3 dimensions, not 1. */
    {
        const char *images_path = write_good_images("magic-images");
        const char *parts[] = {images_path, "byte offset 0", "0x00000803",
                               "expected 0x00000801", "is 3, expected 1",
                               NULL};
        expect_load_failure(images_path, images_path, parts);
    }
    /* A gzip file: the first two bytes are not zero. */
    {
        const char *gzip_path = write_fixture("magic-gzip", gzip_start,
                                              sizeof gzip_start);
        const char *parts[] = {gzip_path, "byte offset 0", "0x1F8B0800",
                               "expected 0x00000803", "two zero bytes",
                               NULL};
        expect_load_failure(gzip_path, labels_path, parts);
    }
    /* Floats instead of unsigned bytes: element type 0x0D. */
    put_big_endian_u32(float_images, 0x00000D03u);
    put_big_endian_u32(float_images + 4, 1);
    put_big_endian_u32(float_images + 8, 1);
    put_big_endian_u32(float_images + 12, 2);
    float_path = write_fixture("magic-float", float_images,
                               sizeof float_images);
    {
        const char *parts[] = {float_path, "0x00000D03", "element type",
                               "byte offset 2", "0x0D (32-bit float)",
                               "expected 0x08 (unsigned byte)", NULL};
        expect_load_failure(float_path, labels_path, parts);
    }
}

static void test_truncated_header(void **state)
{
    const char *labels_path = write_good_labels("header-labels");
    uint8_t bytes[10] = {0};
    const char *cut_in_rows;
    const char *cut_in_magic;

    (void)state;
    /* The magic number and the count, then half of the row count. */
    put_big_endian_u32(bytes, IDX_MAGIC_IMAGES);
    put_big_endian_u32(bytes + 4, 2);
    cut_in_rows = write_fixture("header-cut-in-rows", bytes, sizeof bytes);
    {
        const char *parts[] = {cut_in_rows, "header truncated",
                               "has 10 bytes", "row count",
                               "byte offsets 8..11", "expected a header of 16 bytes", NULL};
        expect_load_failure(cut_in_rows, labels_path, parts);
    }
    /* Only 2 bytes: not even the magic number. */
    cut_in_magic = write_fixture("header-cut-in-magic", bytes, 2);
    {
        const char *parts[] = {cut_in_magic, "header truncated",
                               "has 2 bytes", "magic number",
                               "byte offsets 0..3", NULL};
        expect_load_failure(cut_in_magic, labels_path, parts);
    }
    /* A labels file that stops inside its count. */
    {
        const char *images_path = write_good_images("header-images");
        uint8_t label_bytes[6] = {0};
        const char *short_labels;
        const char *parts[6] = {NULL};

        put_big_endian_u32(label_bytes, IDX_MAGIC_LABELS);
        short_labels = write_fixture("header-short-labels", label_bytes,
                                     sizeof label_bytes);
        parts[0] = short_labels;
        parts[1] = "header truncated";
        parts[2] = "item count";
        parts[3] = "byte offsets 4..7";
        expect_load_failure(images_path, short_labels, parts);
    }
}

static void test_truncated_pixels(void **state)
{
    /* The header promises 2 x 2 x 2 = 8 pixels; the file has 5. */
    const char *images_path = write_images("cut-images", 2, 2, 2,
                                           good_pixels, 5);
    const char *labels_path = write_good_labels("cut-labels");
    const char *parts[] = {images_path, "data truncated", "2 x 2 x 2",
                           "8 data bytes", "24 bytes in all",
                           "ends at byte offset 21", NULL};

    (void)state;
    expect_load_failure(images_path, labels_path, parts);
}

static void test_trailing_bytes(void **state)
{
    const uint8_t pixels_and_more[11] = {0, 51, 102, 153, 204, 255, 0, 128,
                                         9, 9, 9};
    const char *images_path = write_images("long-images", 2, 2, 2,
                                           pixels_and_more,
                                           sizeof pixels_and_more);
    const char *labels_path = write_good_labels("long-labels");
    const uint8_t labels_and_more[3] = {7, 3, 0};
    const char *long_labels = write_labels("long-labels-2", 2,
                                           labels_and_more,
                                           sizeof labels_and_more);

    (void)state;
    {
        const char *parts[] = {images_path, "trailing bytes",
                               "has 27 bytes, 3 more than the 24",
                               "dimensions 2 x 2 x 2",
                               "start at byte offset 24", NULL};
        expect_load_failure(images_path, labels_path, parts);
    }
    {
        const char *images_ok = write_good_images("long-images-ok");
        const char *parts[] = {long_labels, "trailing bytes",
                               "start at byte offset 10", NULL};
        expect_load_failure(images_ok, long_labels, parts);
    }
}

static void test_counts_disagree(void **state)
{
    const uint8_t three_labels[3] = {1, 2, 3};
    const char *images_path = write_good_images("count-images");
    const char *labels_path = write_labels("count-labels", 3, three_labels,
                                           sizeof three_labels);
    const char *parts[] = {images_path, labels_path, "has 2 images",
                           "has 3 labels", "byte offset 4",
                           "expected the same number", NULL};

    (void)state;
    expect_load_failure(images_path, labels_path, parts);
}

static void test_label_out_of_range(void **state)
{
    const uint8_t pixels[6 * 4] = {0};
    const uint8_t labels[6] = {0, 9, 2, 3, 4, 11};
    const char *images_path = write_images("range-images", 6, 2, 2, pixels,
                                           sizeof pixels);
    const char *labels_path = write_labels("range-labels", 6, labels,
                                           sizeof labels);
    const char *parts[] = {labels_path,
                           "label 11 at index 5 (byte offset 13): "
                           "expected 0..9",
                           NULL};

    (void)state;
    expect_load_failure(images_path, labels_path, parts);
}

static void test_empty_file(void **state)
{
    const char *empty_path = write_fixture("empty", NULL, 0);
    const char *labels_path = write_good_labels("empty-labels");
    const char *images_path = write_good_images("empty-images");

    (void)state;
    {
        const char *parts[] = {empty_path, "file is empty", "0 bytes",
                               "16 bytes", "0x00000803", NULL};
        expect_load_failure(empty_path, labels_path, parts);
    }
    {
        const char *parts[] = {empty_path, "file is empty", "8 bytes",
                               "0x00000801", NULL};
        expect_load_failure(images_path, empty_path, parts);
    }
}

static void test_directory(void **state)
{
    const char *dir_path = fixture_path("a-directory", 1);
    const char *labels_path = write_good_labels("dir-labels");
    const char *parts[] = {dir_path, "cannot", "directory", NULL};

    (void)state;
    assert_int_equal(mkdir(dir_path, 0700), 0);
    expect_load_failure(dir_path, labels_path, parts);
}

static void test_missing_file(void **state)
{
    const char *missing = fixture_path("no-such-file", 0);
    const char *images_path = write_good_images("missing-images");
    const char *labels_path = write_good_labels("missing-labels");

    (void)state;
    {
        const char *parts[] = {missing, "cannot open", NULL};
        expect_load_failure(missing, labels_path, parts);
    }
    {
        const char *parts[] = {missing, "cannot open", NULL};
        expect_load_failure(images_path, missing, parts);
    }
}

static void test_zero_count(void **state)
{
    const char *images_path = write_images("zero-images", 0, 2, 2, NULL, 0);
    const char *labels_path = write_labels("zero-labels", 0, NULL, 0);
    const char *images_ok = write_good_images("zero-images-ok");
    const char *zero_cols = write_images("zero-cols", 2, 2, 0, NULL, 0);

    (void)state;
    {
        const char *parts[] = {images_path, "item count",
                               "byte offset 4) is 0", "expected at least 1",
                               NULL};
        expect_load_failure(images_path, labels_path, parts);
    }
    {
        const char *parts[] = {labels_path, "item count",
                               "byte offset 4) is 0", NULL};
        expect_load_failure(images_ok, labels_path, parts);
    }
    {
        const char *parts[] = {zero_cols, "column count",
                               "byte offset 12) is 0", NULL};
        expect_load_failure(zero_cols, labels_path, parts);
    }
}

static void test_huge_dimensions_do_not_overflow(void **state)
{
    /* 4294967295 x 4294967295 x 4294967295 bytes overflows any size_t;
     * on a 64-bit machine 65536 x 65536 x 65536 does too. Either way the
     * loader must refuse without allocating. */
    const char *huge = write_images("huge-images", 0xFFFFFFFFu, 0xFFFFFFFFu,
                                    0xFFFFFFFFu, good_pixels, 8);
    const char *labels_path = write_good_labels("huge-labels");
    const char *parts[] = {huge, "4294967295 x 4294967295 x 4294967295",
                           "byte offsets 4..15", NULL};

    (void)state;
    expect_load_failure(huge, labels_path, parts);
}

static void test_null_error_is_allowed(void **state)
{
    const char *missing = fixture_path("null-err-missing", 0);
    struct dataset data;

    (void)state;
    assert_int_equal(dataset_load(&data, missing, missing, NULL), -1);
    assert_int_equal(data.count, 0);
    assert_null(data.images);
}

/* ---- The real data ---- */

/* Per-class counts, digits 0..9, as stated in data/README.md. */
static const size_t train_class_counts[DATASET_CLASSES] = {
    801, 902, 793, 825, 784, 691, 811, 856, 755, 782};
static const size_t test_class_counts[DATASET_CLASSES] = {
    200, 225, 198, 207, 196, 172, 203, 214, 189, 196};

static void expect_real_split(const char *split, size_t expected_count,
                              const size_t *expected_class_counts)
{
    const char *data_dir = getenv("DESCENT_DATA_DIR");
    char images_path[PATH_SIZE];
    char labels_path[PATH_SIZE];
    size_t class_counts[DATASET_CLASSES] = {0};
    struct dataset data;
    struct error err;
    size_t i;

    if (data_dir == NULL || data_dir[0] == '\0') {
        data_dir = "data";
    }
    snprintf(images_path, sizeof images_path, "%s/%s-images.idx3-ubyte",
             data_dir, split);
    snprintf(labels_path, sizeof labels_path, "%s/%s-labels.idx1-ubyte",
             data_dir, split);

    if (dataset_load(&data, images_path, labels_path, &err) != 0) {
        fail_msg("loading the real %s set failed: %s (run from the "
                 "repository root or set DESCENT_DATA_DIR)", split,
                 err.message);
    }
    assert_int_equal(data.count, expected_count);
    assert_int_equal(data.rows, 28);
    assert_int_equal(data.cols, 28);

    for (i = 0; i < data.count; i++) {
        class_counts[data.labels[i]]++;
    }
    for (i = 0; i < DATASET_CLASSES; i++) {
        if (class_counts[i] != expected_class_counts[i]) {
            fail_msg("%s set: %zu images of digit %zu, data/README.md says "
                     "%zu", split, class_counts[i], i,
                     expected_class_counts[i]);
        }
    }

    /* The files interleave the classes: the first ten labels are 0..9. */
    for (i = 0; i < DATASET_CLASSES; i++) {
        assert_int_equal(data.labels[i], i);
    }
    /* Every pixel is in [0, 1], and the images are not blank. */
    {
        double ink = 0.0;
        for (i = 0; i < data.count * data.rows * data.cols; i++) {
            assert_true(data.images[i] >= 0.0f && data.images[i] <= 1.0f);
            ink += data.images[i];
        }
        assert_true(ink / (double)data.count > 10.0);
    }
    dataset_free(&data);
}

static void test_real_training_set(void **state)
{
    (void)state;
    expect_real_split("train", 8000, train_class_counts);
}

static void test_real_test_set(void **state)
{
    (void)state;
    expect_real_split("test", 2000, test_class_counts);
}

static const struct harness_test tests[] = {
    {"idx_good_fixture_loads_exact_pixels", test_good_fixture_loads_exact_pixels, 1, 10, "good fixture loads exact pixels"},
    {"idx_idx_read_gives_header_and_data", test_idx_read_gives_header_and_data, 1, 10, "idx read gives header and data"},
    {"idx_wrong_magic", test_wrong_magic, 1, 10, "wrong magic"},
    {"idx_truncated_header", test_truncated_header, 1, 10, "truncated header"},
    {"idx_truncated_pixels", test_truncated_pixels, 1, 10, "truncated pixels"},
    {"idx_trailing_bytes", test_trailing_bytes, 1, 10, "trailing bytes"},
    {"idx_counts_disagree", test_counts_disagree, 1, 10, "counts disagree"},
    {"idx_label_out_of_range", test_label_out_of_range, 1, 10, "label out of range"},
    {"idx_empty_file", test_empty_file, 1, 10, "empty file"},
    {"idx_directory", test_directory, 1, 10, "directory"},
    {"idx_missing_file", test_missing_file, 1, 10, "missing file"},
    {"idx_zero_count", test_zero_count, 1, 10, "zero count"},
    {"idx_huge_dimensions_do_not_overflow", test_huge_dimensions_do_not_overflow, 1, 10, "huge dimensions do not overflow"},
    {"idx_null_error_is_allowed", test_null_error_is_allowed, 1, 10, "null error is allowed"},
    {"idx_real_training_set", test_real_training_set, 1, 10, "real training set"},
    {"idx_real_test_set", test_real_test_set, 1, 10, "real test set"},
};

const struct harness_suite lesson_public = HARNESS_SUITE_WITH_FIXTURES(tests, setup, teardown);
