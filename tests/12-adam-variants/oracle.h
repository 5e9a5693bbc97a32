/* oracle.h -- lesson 12's test oracles, shared by public.c and hidden.c.
 *
 * One step of each variant on one coordinate, in double, straight from the
 * formulas of the lesson (lessons/12-adam-variants/README.md), or as a
 * named mistake would compute it, so that the tests can say which mistake
 * a wrong result matches. Nothing here calls the code under test. */
#ifndef LESSON12_ORACLE_H
#define LESSON12_ORACLE_H

#include <math.h>

struct hyper {
    float lr, beta1, beta2, eps, psi; /* psi: Nadam's momentum_decay */
};

/* One coordinate's state: w, the first moment m, the second state (v for
 * AMSGrad and Nadam, u for AdaMax) and the third (v_max for AMSGrad). */
struct coordinate {
    double w, m, v, extra;
};

enum mistake {
    CORRECT,
    T_FROM_ZERO,       /* beta^(t-1) in the corrections (and t-1 in Nadam's schedule) */
    AMS_USES_V,        /* AMSGrad: divides by v, not by v_max: plain Adam */
    AMS_MAX_CORRECTED, /* AMSGrad: the maximum taken of v / (1 - beta2^t) */
    NADAM_MU_TWICE,    /* Nadam: mu_product_next = mu_product * mu * mu_next */
    NADAM_NO_NESTEROV, /* Nadam: Adam's step with m_hat = m / (1 - beta1^t) */
    NADAM_CONSTANT_MU, /* Nadam: mu = mu_next = beta1, no schedule */
    MAX_EPS_OUTSIDE,   /* AdaMax: u = max(beta2 u, |g|) + eps */
    MAX_CORRECTED_U,   /* AdaMax: u divided by 1 - beta2^t too */
    MAX_ROOT,          /* AdaMax: divides by sqrt(u) */
    NADAM_STALE_PRODUCT, /* Nadam: 1 - *mu_product = 0 (not multiplied by mu first); */
                         /* only diagnosed from a NaN or Inf, never predicted */
    MISTAKE_COUNT
};

static const char *const mistake_hint[MISTAKE_COUNT] = {
    [CORRECT] = "see the update in the section named below",
    [T_FROM_ZERO] = "this matches t - 1 where t is meant: t already counts from 1",
    [AMS_USES_V] = "this matches plain Adam: divide by sqrt(v_max), the largest v so far, "
                   "not by sqrt(v)",
    [AMS_MAX_CORRECTED] = "this matches the maximum of the corrected v / (1 - beta2^t): "
                          "PyTorch keeps the maximum of the uncorrected v and divides "
                          "sqrt(v_max) by sqrt(1 - beta2^t) afterwards",
    [NADAM_MU_TWICE] = "this matches mu_product * mu * mu_next (torch 1.13's foreach=False "
                       "code): *mu_product already holds mu_1...mu_t, so the next product is "
                       "*mu_product * mu_next",
    [NADAM_NO_NESTEROV] = "this matches Adam's step: Nadam mixes the fresh gradient, weight "
                          "lr (1 - mu)/(1 - mu_1...mu_t), with the momentum, weight "
                          "lr mu_next/(1 - mu_1...mu_t+1)",
    [NADAM_CONSTANT_MU] = "this matches mu = mu_next = beta1: use the schedule "
                          "mu_t = beta1 (1 - 0.5 * 0.96^(t psi))",
    [MAX_EPS_OUTSIDE] = "this matches max(beta2 u, |g|) + eps: eps goes inside, "
                        "u = max(beta2 u, |g| + eps)",
    [MAX_CORRECTED_U] = "this matches a bias correction of u: AdaMax corrects m only",
    [MAX_ROOT] = "this matches dividing by sqrt(u): u is already in the units of g",
    [NADAM_STALE_PRODUCT] = "not a number: 1 - *mu_product is 0 before the first step; multiply "
                            "*mu_product by this step's mu before dividing by 1 - *mu_product",
};

static double oracle_mu(struct hyper h, double t)
{
    return (double)h.beta1 * (1.0 - 0.5 * pow(0.96, t * (double)h.psi));
}

/* AMSGrad (section "AMSGrad: a denominator that never shrinks"). */
static struct coordinate oracle_amsgrad(enum mistake mistake, struct hyper h, long t,
                                        struct coordinate before, double g)
{
    const double beta1 = h.beta1, beta2 = h.beta2;
    const long power = mistake == T_FROM_ZERO ? t - 1 : t;
    const double c1 = 1.0 - pow(beta1, (double)power), c2 = 1.0 - pow(beta2, (double)power);
    struct coordinate after;
    after.m = beta1 * before.m + (1.0 - beta1) * g;
    after.v = beta2 * before.v + (1.0 - beta2) * g * g;
    double root;
    if (mistake == AMS_MAX_CORRECTED) {
        after.extra = fmax(before.extra, after.v / c2);
        root = sqrt(after.extra);
    } else {
        after.extra = fmax(before.extra, after.v);
        root = sqrt(mistake == AMS_USES_V ? after.v : after.extra) / sqrt(c2);
    }
    after.w = before.w - (double)h.lr / c1 * after.m / (root + h.eps);
    return after;
}

/* Nadam (section "Nadam: Adam with a look ahead"). *mu_product is the
 * product before the step and receives the product after it. */
static struct coordinate oracle_nadam(enum mistake mistake, struct hyper h, long t,
                                      struct coordinate before, double g, double *mu_product)
{
    const double beta1 = h.beta1, beta2 = h.beta2, lr = h.lr;
    const long step = mistake == T_FROM_ZERO ? t - 1 : t;
    double mu = oracle_mu(h, (double)step), mu_next = oracle_mu(h, (double)step + 1.0);
    if (mistake == NADAM_CONSTANT_MU)
        mu = mu_next = beta1;
    *mu_product *= mu;
    const double product_next = mistake == NADAM_MU_TWICE ? *mu_product * mu * mu_next
                                                          : *mu_product * mu_next;
    struct coordinate after;
    after.m = beta1 * before.m + (1.0 - beta1) * g;
    after.v = beta2 * before.v + (1.0 - beta2) * g * g;
    after.extra = 0.0;
    const double denominator = sqrt(after.v / (1.0 - pow(beta2, (double)step))) + h.eps;
    if (mistake == NADAM_NO_NESTEROV)
        after.w = before.w - lr * after.m / (1.0 - pow(beta1, (double)t)) / denominator;
    else
        after.w = before.w - lr * (1.0 - mu) / (1.0 - *mu_product) * g / denominator -
                  lr * mu_next / (1.0 - product_next) * after.m / denominator;
    return after;
}

/* AdaMax (section "AdaMax: the infinity norm"); u is kept in .v. */
static struct coordinate oracle_adamax(enum mistake mistake, struct hyper h, long t,
                                       struct coordinate before, double g)
{
    const double beta1 = h.beta1, beta2 = h.beta2;
    const long power = mistake == T_FROM_ZERO ? t - 1 : t;
    struct coordinate after;
    after.m = beta1 * before.m + (1.0 - beta1) * g;
    after.v = mistake == MAX_EPS_OUTSIDE ? fmax(beta2 * before.v, fabs(g)) + h.eps
                                         : fmax(beta2 * before.v, fabs(g) + h.eps);
    after.extra = 0.0;
    double denominator = after.v;
    if (mistake == MAX_CORRECTED_U)
        denominator = after.v / (1.0 - pow(beta2, (double)t));
    else if (mistake == MAX_ROOT)
        denominator = sqrt(after.v);
    after.w = before.w - (double)h.lr / (1.0 - pow(beta1, (double)power)) * after.m / denominator;
    return after;
}

#endif
