/* experiment.c -- lesson 00's pictures (given code: read it, run it).
 *
 *   make run LESSON=0     writes them into build/figures/00-trainer/
 *
 * Lesson 00 has nothing to measure; its "experiment" draws the trainer's
 * two networks and the im2col trick, from the trainer's own sizes:
 *   mlp.svg     the MLP, layer by layer, with tensor shapes and parameter
 *               counts (section "The multilayer perceptron");
 *   cnn.svg     the CNN, the same way (section "The convolutional network");
 *   im2col.svg  im2col on a 4 x 4 image and a 3 x 3 kernel, computed by the
 *               trainer's own im2col() and conv2d_forward() (section "The
 *               convolutional network", where im2col turns a convolution
 *               into one matrix product).
 * Every parameter count is checked against the one model_create() reports,
 * so the pictures cannot drift away from the code.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "conv2d.h"
#include "figure.h"
#include "model.h"
#include "rng.h"

#include <stdio.h>
#include <string.h>

/* ---- Shared: a stack of layers, drawn top to bottom --------------------------- */

/* One stage of a network: an operation, what it holds, and the tensor it hands
 * on (per image; the batch dimension B is left out). */
struct stage {
    char name[64];        /* "dense fc1" */
    char detail[96];      /* "W [128, 784], b [128]" */
    size_t params;        /* weights and biases of this stage (0: none) */
    char output[64];      /* the shape of its output, "128" or "8 x 24 x 24" */
};

enum { MAX_STAGES = 12 };

/* Layout of the layer pictures, in pixels. */
#define STACK_WIDTH 720.0
#define STACK_LEFT 40.0           /* the boxes' left edge */
#define BOX_WIDTH 380.0
#define BOX_HEIGHT 44.0
#define ARROW_GAP 34.0            /* between two boxes: the arrow and the tensor's shape */
#define STACK_TOP 64.0
#define PARAM_COLUMN 470.0        /* where the parameter counts are written */
#define INK "#222222"
#define BOX_FILL "#eef4fa"
#define WEIGHT_FILL "#fdebd9"     /* a stage with parameters */

/* n written with a space between groups of three digits: 101 770. */
static void format_count(char *text, size_t size, size_t n)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%zu", n);
    size_t length = strlen(digits), out = 0;
    for (size_t i = 0; i < length && out + 2 < size; i++) {
        if (i > 0 && (length - i) % 3 == 0)
            text[out++] = ' ';
        text[out++] = digits[i];
    }
    text[out] = '\0';
}

/* Draws the stages as boxes joined by arrows, each arrow labelled with the
 * shape of the tensor it carries, the parameter count of every stage on
 * the right, and their total at the bottom. */
static int draw_stack(const char *folder, const char *file, const char *title,
                      const char *input, const struct stage *stages, size_t count)
{
    double row = BOX_HEIGHT + ARROW_GAP;
    double height = STACK_TOP + ARROW_GAP + row * (double)count + 70.0;
    struct diagram d;
    if (figure_diagram_begin(&d, folder, file, STACK_WIDTH, height) != 0)
        return -1;
    diagram_text(&d, STACK_WIDTH / 2, 30, ANCHOR_MIDDLE, 15, 1, INK, title);
    diagram_text(&d, PARAM_COLUMN, STACK_TOP - 8, ANCHOR_START, 13, 1, INK, "parameters");
    double centre = STACK_LEFT + BOX_WIDTH / 2;
    diagram_textf(&d, centre, STACK_TOP - 8, ANCHOR_MIDDLE, 13, 0, INK, "input: %s", input);
    size_t total = 0;
    double top = STACK_TOP + ARROW_GAP;
    diagram_arrow(&d, centre, STACK_TOP, centre, top, INK, 1.5);
    for (size_t i = 0; i < count; i++) {
        const struct stage *s = &stages[i];
        diagram_rect(&d, STACK_LEFT, top, BOX_WIDTH, BOX_HEIGHT,
                     s->params > 0 ? WEIGHT_FILL : BOX_FILL, INK, 1.2);
        diagram_text(&d, centre, top + 18, ANCHOR_MIDDLE, 14, 1, INK, s->name);
        diagram_text(&d, centre, top + 35, ANCHOR_MIDDLE, 12.5, 0, INK, s->detail);
        char text[32];
        if (s->params > 0) {
            format_count(text, sizeof text, s->params);
            diagram_text(&d, PARAM_COLUMN, top + 27, ANCHOR_START, 14, 0, INK, text);
        } else {
            diagram_text(&d, PARAM_COLUMN, top + 27, ANCHOR_START, 14, 0, "#888888", "-");
        }
        total += s->params;
        double bottom = top + BOX_HEIGHT;
        diagram_arrow(&d, centre, bottom, centre, bottom + ARROW_GAP, INK, 1.5);
        diagram_text(&d, centre + 12, bottom + ARROW_GAP / 2 + 5, ANCHOR_START, 13, 0,
                     "#0072B2", s->output);
        top = bottom + ARROW_GAP;
    }
    char text[32];
    format_count(text, sizeof text, total);
    diagram_line(&d, PARAM_COLUMN, top - 14, STACK_WIDTH - 40, top - 14, INK, 1, NULL);
    diagram_textf(&d, PARAM_COLUMN, top + 4, ANCHOR_START, 14, 1, INK, "total %s", text);
    diagram_text(&d, STACK_LEFT, height - 16, ANCHOR_START, 12, 0, "#555555",
                 "Shapes are per image; a batch of B images adds a first dimension B.");
    return figure_diagram_end(&d);
}

/* The parameter count model_create() reports for a kind of model, or 0 on
 * failure (after saying why). */
static size_t model_param_count(enum model_kind kind)
{
    struct model m;
    struct rng rng;
    struct error err;
    rng_seed(&rng, 1, 0);
    if (model_create(&m, kind, 1, &rng, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return 0;
    }
    size_t count = m.param_count;
    model_free(&m);
    return count;
}

/* Draws the stack if its parameters add up to model_create()'s count. */
static int draw_checked_stack(const char *folder, const char *file, const char *title,
                              const char *input, const struct stage *stages, size_t count,
                              enum model_kind kind)
{
    size_t drawn = 0;
    for (size_t i = 0; i < count; i++)
        drawn += stages[i].params;
    size_t actual = model_param_count(kind);
    printf("  %s: %zu parameters in the picture, %zu in model_create()\n",
           model_kind_name(kind), drawn, actual);
    if (drawn != actual) {
        fprintf(stderr, "experiment: the picture of the %s does not match the trainer\n",
                model_kind_name(kind));
        return -1;
    }
    return draw_stack(folder, file, title, input, stages, count);
}

/* ---- The MLP (mlp.c) -------------------------------------------------------------- */

/* The hidden width of mlp.c (private there; the parameter check above
 * catches a change). */
#define MLP_HIDDEN 128

/* A dense layer from `in` to `out` units: W [out, in] and b [out]. */
static struct stage dense_stage(const char *name, size_t in, size_t out)
{
    struct stage s;
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.detail, sizeof s.detail, "y = W x + b,  W [%zu, %zu],  b [%zu]", out, in, out);
    s.params = out * in + out;
    snprintf(s.output, sizeof s.output, "%zu", out);
    return s;
}

static struct stage plain_stage(const char *name, const char *detail, const char *output)
{
    struct stage s;
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.detail, sizeof s.detail, "%s", detail);
    s.params = 0;
    snprintf(s.output, sizeof s.output, "%s", output);
    return s;
}

/* The MLP 784 -> 128 (ReLU) -> 10 -> softmax + cross-entropy (section "The
 * multilayer perceptron"). */
static int draw_mlp(const char *folder)
{
    char hidden[16];
    snprintf(hidden, sizeof hidden, "%d", MLP_HIDDEN);
    struct stage stages[MAX_STAGES];
    size_t n = 0;
    stages[n++] = dense_stage("dense fc1", MODEL_INPUTS, MLP_HIDDEN);
    stages[n++] = plain_stage("ReLU", "max(0, x), element by element", hidden);
    stages[n++] = dense_stage("dense fc2", MLP_HIDDEN, MODEL_CLASSES);
    stages[n++] = plain_stage("softmax + cross-entropy", "p = softmax(logits),  loss = -log p[label]",
                              "loss: one number");
    char input[64];
    snprintf(input, sizeof input, "%d pixels (28 x 28, flattened)", MODEL_INPUTS);
    return draw_checked_stack(folder, "mlp.svg", "The MLP: every pixel connects to every hidden unit",
                              input, stages, n, MODEL_MLP);
}

/* ---- The CNN (cnn.c) ---------------------------------------------------------------- */

/* cnn.c's two convolutions (private there; the parameter check catches a
 * change): C, H, W, OC, K. */
static const struct conv2d_shape CNN_CONV1 = {1, 28, 28, 8, 5};
enum { CNN_POOL = 2 };

/* A convolution followed by ReLU: OC filters of C x K x K weights, OC biases. */
static struct stage conv_stage(const char *name, const struct conv2d_shape *c)
{
    struct stage s;
    snprintf(s.name, sizeof s.name, "%s: %zu filters %zux%zu + ReLU", name, c->out_channels,
             c->kernel_size, c->kernel_size);
    snprintf(s.detail, sizeof s.detail, "W [%zu, %zu, %zu, %zu],  b [%zu]", c->out_channels,
             c->in_channels, c->kernel_size, c->kernel_size, c->out_channels);
    s.params = c->out_channels * (c->in_channels * c->kernel_size * c->kernel_size + 1);
    snprintf(s.output, sizeof s.output, "%zu x %zu x %zu", c->out_channels,
             conv2d_out_height(c), conv2d_out_width(c));
    return s;
}

/* A 2 x 2 max-pool of a C x H x W tensor. */
static struct stage pool_stage(const char *name, size_t c, size_t h, size_t w)
{
    struct stage s;
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.detail, sizeof s.detail, "the largest of each %dx%d block, per channel",
             CNN_POOL, CNN_POOL);
    s.params = 0;
    snprintf(s.output, sizeof s.output, "%zu x %zu x %zu", c, h / CNN_POOL, w / CNN_POOL);
    return s;
}

/* The CNN: conv 5x5 (8) + ReLU, pool, conv 5x5 (16) + ReLU, pool, flatten,
 * dense -> 10, softmax + cross-entropy; each shape computed from the one
 * before it (section "The convolutional network"). */
static int draw_cnn(const char *folder)
{
    struct stage stages[MAX_STAGES];
    size_t n = 0;
    const struct conv2d_shape *c1 = &CNN_CONV1;
    stages[n++] = conv_stage("conv1", c1);
    size_t h1 = conv2d_out_height(c1), w1 = conv2d_out_width(c1);
    stages[n++] = pool_stage("max-pool 2x2", c1->out_channels, h1, w1);
    const struct conv2d_shape c2 = {c1->out_channels, h1 / CNN_POOL, w1 / CNN_POOL, 16,
                                    c1->kernel_size};
    stages[n++] = conv_stage("conv2", &c2);
    size_t h2 = conv2d_out_height(&c2), w2 = conv2d_out_width(&c2);
    stages[n++] = pool_stage("max-pool 2x2", c2.out_channels, h2, w2);
    size_t features = c2.out_channels * (h2 / CNN_POOL) * (w2 / CNN_POOL);
    char flat[64];
    snprintf(flat, sizeof flat, "%zu", features);
    char detail[96];
    snprintf(detail, sizeof detail, "%zu x %zu x %zu read as one row (no copy)",
             c2.out_channels, h2 / CNN_POOL, w2 / CNN_POOL);
    stages[n++] = plain_stage("flatten", detail, flat);
    stages[n++] = dense_stage("dense fc", features, MODEL_CLASSES);
    stages[n++] = plain_stage("softmax + cross-entropy", "p = softmax(logits),  loss = -log p[label]",
                              "loss: one number");
    char input[64];
    snprintf(input, sizeof input, "%zu x %zu x %zu (channels x height x width)",
             c1->in_channels, c1->in_height, c1->in_width);
    return draw_checked_stack(folder, "cnn.svg",
                              "The CNN: small filters shared across the image",
                              input, stages, n, MODEL_CNN);
}

/* ---- im2col (conv2d.c) ------------------------------------------------------------ */

/* The example: one channel of 4 x 4 pixels, one 3 x 3 filter: 2 x 2 outputs. */
static const struct conv2d_shape TINY = {1, 4, 4, 1, 3};
enum { TINY_PIXELS = 16, TINY_ROWS = 9, TINY_COLUMNS = 4 };

/* One colour per patch (= per output pixel = per column of cols). */
static const char *const PATCH_COLOUR[TINY_COLUMNS] = {"#0072B2", "#D55E00", "#009E73",
                                                       "#CC79A7"};
static const char *const PATCH_TINT[TINY_COLUMNS] = {"#d6e8f4", "#f7dccb", "#d2eee4",
                                                     "#f4e2ec"};

#define CELL 40.0                 /* a pixel of the image, in the picture */
#define IMAGE_LEFT 40.0
#define IMAGE_TOP 160.0
#define COLS_LEFT 350.0           /* the matrix cols */
#define COLS_TOP 136.0
#define COLS_CELL_W 44.0
#define COLS_CELL_H 25.0
#define PRODUCT_LEFT 610.0        /* W, y and the output */
#define IM2COL_WIDTH 900.0
#define IM2COL_HEIGHT 420.0

/* The image with the K x K patch of every output pixel outlined in its
 * colour; the outlines are inset by different amounts so that overlapping
 * patches stay visible. */
static void draw_image(struct diagram *d, const float *image)
{
    size_t H = TINY.in_height, W = TINY.in_width, K = TINY.kernel_size;
    size_t OW = conv2d_out_width(&TINY);
    diagram_text(d, IMAGE_LEFT, IMAGE_TOP - 34, ANCHOR_START, 13, 1, INK, "image x [1, 4, 4]");
    diagram_text(d, IMAGE_LEFT, IMAGE_TOP - 16, ANCHOR_START, 12, 0, INK,
                 "one channel, pixel values");
    for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j < W; j++) {
            double x = IMAGE_LEFT + CELL * (double)j, y = IMAGE_TOP + CELL * (double)i;
            diagram_rect(d, x, y, CELL, CELL, "white", "#999999", 1);
            diagram_textf(d, x + CELL / 2, y + CELL / 2 + 5, ANCHOR_MIDDLE, 14, 0, INK, "%g",
                          (double)image[i * W + j]);
        }
    for (size_t p = 0; p < TINY_COLUMNS; p++) {
        size_t r = p / OW, s = p % OW;
        double inset = 2.0 + 3.0 * (double)p;
        diagram_rect(d, IMAGE_LEFT + CELL * (double)s + inset, IMAGE_TOP + CELL * (double)r + inset,
                     CELL * (double)K - 2 * inset, CELL * (double)K - 2 * inset, NULL,
                     PATCH_COLOUR[p], 2.2);
        diagram_textf(d, IMAGE_LEFT, IMAGE_TOP + CELL * (double)H + 20 + 17 * (double)p,
                      ANCHOR_START, 12.5, 0, PATCH_COLOUR[p], "patch (r, s) = (%zu, %zu)", r, s);
    }
}

/* The matrix cols [C*K*K, OH*OW] as im2col() filled it: column r*OW + s
 * holds the patch of output pixel (r, s), row (c*K + u)*K + v its pixel
 * (c, u, v). */
static void draw_cols(struct diagram *d, const float *cols)
{
    size_t K = TINY.kernel_size, OW = conv2d_out_width(&TINY);
    diagram_text(d, COLS_LEFT, COLS_TOP - 58, ANCHOR_START, 13, 1, INK, "cols [9, 4]");
    diagram_text(d, COLS_LEFT, COLS_TOP - 40, ANCHOR_START, 12, 0, INK,
                 "column r*OW + s: patch (r, s)");
    for (size_t p = 0; p < TINY_COLUMNS; p++)
        diagram_textf(d, COLS_LEFT + COLS_CELL_W * ((double)p + 0.5), COLS_TOP - 8, ANCHOR_MIDDLE,
                      12, 1, PATCH_COLOUR[p], "(%zu,%zu)", p / OW, p % OW);
    for (size_t row = 0; row < TINY_ROWS; row++) {
        double y = COLS_TOP + COLS_CELL_H * (double)row;
        diagram_textf(d, COLS_LEFT - 8, y + COLS_CELL_H / 2 + 4, ANCHOR_END, 11.5, 0, "#555555",
                      "u=%zu v=%zu", row / K % K, row % K);
        for (size_t p = 0; p < TINY_COLUMNS; p++) {
            double x = COLS_LEFT + COLS_CELL_W * (double)p;
            diagram_rect(d, x, y, COLS_CELL_W, COLS_CELL_H, PATCH_TINT[p], "#999999", 1);
            diagram_textf(d, x + COLS_CELL_W / 2, y + COLS_CELL_H / 2 + 5, ANCHOR_MIDDLE, 13, 0,
                          INK, "%g", (double)cols[row * TINY_COLUMNS + p]);
        }
    }
    diagram_text(d, COLS_LEFT, COLS_TOP + COLS_CELL_H * TINY_ROWS + 20, ANCHOR_START, 12, 0,
                 "#555555", "row (c*K + u)*K + v: pixel (u, v)");
    diagram_text(d, COLS_LEFT, COLS_TOP + COLS_CELL_H * TINY_ROWS + 36, ANCHOR_START, 12, 0,
                 "#555555", "of the patch, c = 0");
}

/* y = W cols: the filter read as a 1 x 9 row, the product as a 1 x 4 row,
 * which is the 1 x 2 x 2 output laid out row by row. */
static void draw_product(struct diagram *d, const float *weight, const float *out)
{
    size_t OW = conv2d_out_width(&TINY);
    double w_cell = 30.0, top = COLS_TOP;
    diagram_text(d, PRODUCT_LEFT, top - 58, ANCHOR_START, 13, 1, INK, "W [1, 9]: the 3x3 filter,");
    diagram_text(d, PRODUCT_LEFT, top - 40, ANCHOR_START, 12, 0, INK, "row by row (OC = 1)");
    for (size_t k = 0; k < TINY_ROWS; k++) {
        double x = PRODUCT_LEFT + w_cell * (double)k;
        diagram_rect(d, x, top, w_cell, COLS_CELL_H, "#fdebd9", "#999999", 1);
        diagram_textf(d, x + w_cell / 2, top + COLS_CELL_H / 2 + 5, ANCHOR_MIDDLE, 13, 0, INK,
                      "%g", (double)weight[k]);
    }
    double y_top = top + 92;
    diagram_text(d, PRODUCT_LEFT, y_top - 14, ANCHOR_START, 13, 1, INK,
                 "y = W cols [1, 4]: one matrix product");
    for (size_t p = 0; p < TINY_COLUMNS; p++) {
        double x = PRODUCT_LEFT + COLS_CELL_W * (double)p;
        diagram_rect(d, x, y_top, COLS_CELL_W, COLS_CELL_H, PATCH_TINT[p], PATCH_COLOUR[p], 1.5);
        diagram_textf(d, x + COLS_CELL_W / 2, y_top + COLS_CELL_H / 2 + 5, ANCHOR_MIDDLE, 13, 0,
                      INK, "%g", (double)out[p]);
    }
    double grid_top = y_top + 86;
    diagram_text(d, PRODUCT_LEFT, grid_top - 14, ANCHOR_START, 13, 1, INK,
                 "= output [1, 2, 2], row by row");
    for (size_t p = 0; p < TINY_COLUMNS; p++) {
        double x = PRODUCT_LEFT + CELL * (double)(p % OW);
        double y = grid_top + CELL * (double)(p / OW);
        diagram_rect(d, x, y, CELL, CELL, PATCH_TINT[p], PATCH_COLOUR[p], 1.5);
        diagram_textf(d, x + CELL / 2, y + CELL / 2 + 5, ANCHOR_MIDDLE, 13, 0, INK, "%g",
                      (double)out[p]);
    }
    diagram_text(d, PRODUCT_LEFT + 2 * CELL + 14, grid_top + CELL + 5, ANCHOR_START, 12, 0,
                 "#555555", "y[r, s] = W . column r*2 + s");
}

/* im2col.svg: how conv2d.c turns a convolution into one matrix product
 * (section "The convolutional network"). */
static int draw_im2col(const char *folder)
{
    /* Pixel values 0..9 drawn from seed 1 (any values would do; small
     * integers keep the products easy to check by hand), and a Sobel-like
     * filter that responds to left-right changes. */
    float image[TINY_PIXELS], cols[TINY_ROWS * TINY_COLUMNS], out[TINY_COLUMNS];
    const float weight[TINY_ROWS] = {1, 0, -1, 2, 0, -2, 1, 0, -1}, bias[1] = {0};
    struct rng rng;
    rng_seed(&rng, 1, 0);
    for (size_t i = 0; i < TINY_PIXELS; i++)
        image[i] = (float)(int)(10.0f * rng_uniform(&rng));
    im2col(cols, image, &TINY);
    float kept[TINY_ROWS * TINY_COLUMNS];
    conv2d_forward(out, kept, image, weight, bias, 1, &TINY);

    struct diagram d;
    if (figure_diagram_begin(&d, folder, "im2col.svg", IM2COL_WIDTH, IM2COL_HEIGHT) != 0)
        return -1;
    diagram_text(&d, IM2COL_WIDTH / 2, 30, ANCHOR_MIDDLE, 15, 1, INK,
                 "im2col: each 3x3 patch becomes a column, the convolution one matrix product");
    draw_image(&d, image);
    double arrow_y = IMAGE_TOP + 2 * CELL;
    double arrow_from = IMAGE_LEFT + CELL * (double)TINY.in_width + 10, arrow_to = COLS_LEFT - 84;
    diagram_arrow(&d, arrow_from, arrow_y, arrow_to, arrow_y, INK, 1.5);
    diagram_text(&d, (arrow_from + arrow_to) / 2, arrow_y - 8, ANCHOR_MIDDLE, 13, 1, INK, "im2col");
    draw_cols(&d, cols);
    draw_product(&d, weight, out);
    printf("  im2col: a 4 x 4 image and a 3 x 3 filter give cols [9, 4] and outputs"
           " %g %g / %g %g\n", (double)out[0], (double)out[1], (double)out[2], (double)out[3]);
    return figure_diagram_end(&d);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    printf("Lesson 00: pictures of the trainer's networks and of im2col\n");
    if (draw_mlp(argv[1]) != 0 || draw_cnn(argv[1]) != 0 || draw_im2col(argv[1]) != 0)
        return 1;
    return 0;
}
