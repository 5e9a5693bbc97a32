/* gradcheck.c -- see gradcheck.h for the method and its limits. */
#include "gradcheck.h"

#include <assert.h>
#include <math.h>

/* The central difference (L(x+h) - L(x-h)) / (step really taken) at x[i]. */
static double central_difference(float *x, size_t i, float h,
                                 gradcheck_loss_fn loss, void *context)
{
    float original = x[i];
    float plus = original + h, minus = original - h;

    x[i] = plus;
    double loss_plus = loss(context);
    x[i] = minus;
    double loss_minus = loss(context);
    x[i] = original;

    return (loss_plus - loss_minus) / ((double)plus - (double)minus);
}

static double relative_error(double a, double b, double floor)
{
    double scale = fmax(fmax(fabs(a), fabs(b)), floor);
    return fabs(a - b) / scale;
}

double gradcheck(float *x, const float *analytic, size_t n,
                 gradcheck_loss_fn loss, void *context,
                 const struct gradcheck_options *options, struct rng *rng,
                 struct gradcheck_report *report)
{
    struct gradcheck_report result = {0, 0, 0.0, 0.0, 0.0};
    size_t checks = options->samples > 0 ? options->samples : n;

    for (size_t c = 0; n > 0 && c < checks; c++) {
        size_t i = c;
        if (options->samples > 0) {
            assert(rng != NULL && n <= UINT32_MAX);
            i = rng_below(rng, (uint32_t)n);
        }
        double numeric = central_difference(x, i, options->step, loss, context);
        double error = relative_error((double)analytic[i], numeric, options->floor);
        if (result.checked == 0 || error > result.max_relative_error) {
            result.worst_index = i;
            result.worst_analytic = (double)analytic[i];
            result.worst_numeric = numeric;
            result.max_relative_error = error;
        }
        result.checked++;
    }
    if (report != NULL)
        *report = result;
    return result.max_relative_error;
}

/* The context of the whole-model loss: the batch it is evaluated on. */
struct model_batch {
    struct model *model;
    const float *images;
    const uint8_t *labels;
    size_t batch;
};

static double model_batch_loss(void *context)
{
    struct model_batch *mb = context;
    return model_loss(mb->model, mb->images, mb->labels, mb->batch);
}

double gradcheck_model(struct model *m, const float *images,
                       const uint8_t *labels, size_t batch,
                       const struct gradcheck_options *options,
                       struct rng *rng, struct gradcheck_report *report)
{
    struct model_batch context = {m, images, labels, batch};

    model_loss_and_gradient(m, images, labels, batch);
    /* model_loss runs forward passes only, so m->grads stays as it is. */
    return gradcheck(m->params, m->grads, m->param_count, model_batch_loss,
                     &context, options, rng, report);
}
