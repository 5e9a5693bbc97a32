/* reference.h -- lesson 09's rates from PyTorch's schedulers. Generated: do not edit.
 * Produced by tests/09-schedules/reference/make_reference.py with torch 1.13.0a0:
 *   /usr/bin/python3 tests/09-schedules/reference/make_reference.py > tests/09-schedules/reference/reference.h
 * rate[k] is the lr PyTorch gives optimizer step k (read lr, optimizer.step(),
 * scheduler.step()). Learning rates are Python floats, i.e. doubles.
 * For contrast (not tested): CosineAnnealingLR(T_max=10, eta_min=0.001) past
 * T_max climbs back up: steps 10..15 give 0.001, 0.0034227, 0.0104537, 0.0214046, 0.0352037, 0.0505;
 * our SCHEDULE_COSINE stays at min_lr = 0.001 from step 10 on. */
#ifndef LESSON09_REFERENCE_H
#define LESSON09_REFERENCE_H

#include "lessons.h"

struct torch_case {
    const char *name;
    struct schedule schedule;
    long count;
    double rate[16];
};

static const struct torch_case torch_cases[] = {
    {"step", {SCHEDULE_STEP, .base_lr = 0.1, .gamma = 0.5, .step_size = 3}, 12,
     {0.10000000000000001, 0.10000000000000001, 0.10000000000000001, 0.050000000000000003, 0.050000000000000003, 0.050000000000000003, 0.025000000000000001, 0.025000000000000001, 0.025000000000000001, 0.012500000000000001, 0.012500000000000001, 0.012500000000000001}},
    {"exponential", {SCHEDULE_EXPONENTIAL, .base_lr = 0.1, .gamma = 0.9}, 12,
     {0.10000000000000001, 0.090000000000000011, 0.081000000000000016, 0.07290000000000002, 0.065610000000000016, 0.059049000000000018, 0.05314410000000002, 0.047829690000000022, 0.043046721000000024, 0.03874204890000002, 0.034867844010000017, 0.031381059609000013}},
    {"cosine", {SCHEDULE_COSINE, .base_lr = 0.1, .total_steps = 10, .min_lr = 0.001}, 11,
     {0.10000000000000001, 0.097577297556610113, 0.090546341221559898, 0.079595369988477424, 0.065796341221559904, 0.050500000000000003, 0.03520365877844011, 0.021404630011522589, 0.010453658778440109, 0.0034227024433899004, 0.001}},
    {"warmup", {SCHEDULE_WARMUP, .base_lr = 0.1, .warmup_steps = 4}, 8,
     {0.025000000000000001, 0.050000000000000003, 0.075000000000000011, 0.10000000000000001, 0.10000000000000001, 0.10000000000000001, 0.10000000000000001, 0.10000000000000001}},
    {"warmup_cosine", {SCHEDULE_WARMUP_COSINE, .base_lr = 0.1, .warmup_steps = 4, .total_steps = 12, .min_lr = 0.001}, 13,
     {0.025000000000000001, 0.050000000000000003, 0.075000000000000011, 0.10000000000000001, 0.10000000000000001, 0.096232036859308701, 0.085501785668734107, 0.069442829902071956, 0.050500000000000003, 0.031557170097928057, 0.0154982143312659, 0.0047679631406913059, 0.001}},
};

#endif
