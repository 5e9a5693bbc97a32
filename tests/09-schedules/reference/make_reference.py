#!/usr/bin/env python3
"""make_reference.py -- lesson 09's reference values from PyTorch's own schedulers.

Run from the repository root with the Python that has torch (Debian's python3-torch):

    /usr/bin/python3 tests/09-schedules/reference/make_reference.py \
        > tests/09-schedules/reference/reference.h

For each scheduler it records the rate that optimizer step k (k = 0, 1, ...) uses:
read the group's lr, call optimizer.step(), then scheduler.step(), PyTorch's
documented order. Our schedule_lr(s, k) must give the same numbers wherever
the conventions agree. Where they do not (CosineAnnealingLR beyond T_max
climbs back up; ours stays at min_lr), the values are recorded only up to
the point where they agree, and the difference is stated in the lesson.

Learning rates in torch.optim are Python floats (IEEE double), so these are
double-precision numbers, printed with 17 significant digits.
"""
import math

import torch
from torch.optim.lr_scheduler import (CosineAnnealingLR, ExponentialLR, LinearLR,
                                      SequentialLR, StepLR)


def rates(make_scheduler, base_lr, steps):
    """The lr of optimizer steps 0 .. steps-1 under the scheduler."""
    weight = torch.zeros(1, dtype=torch.float32, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=base_lr)
    scheduler = make_scheduler(optimizer)
    out = []
    for _ in range(steps):
        out.append(optimizer.param_groups[0]["lr"])
        weight.grad = torch.zeros_like(weight)
        optimizer.step()
        scheduler.step()
    return out


# Each case: C name, our schedule's fields (as a C initializer), the rates.
CASES = [
    ("step", "{SCHEDULE_STEP, .base_lr = 0.1, .gamma = 0.5, .step_size = 3}",
     rates(lambda o: StepLR(o, step_size=3, gamma=0.5), 0.1, 12)),
    ("exponential", "{SCHEDULE_EXPONENTIAL, .base_lr = 0.1, .gamma = 0.9}",
     rates(lambda o: ExponentialLR(o, gamma=0.9), 0.1, 12)),
    # T_max = 10: steps 0..10 agree (step 10 is eta_min). Beyond, PyTorch rises again.
    ("cosine", "{SCHEDULE_COSINE, .base_lr = 0.1, .total_steps = 10, .min_lr = 0.001}",
     rates(lambda o: CosineAnnealingLR(o, T_max=10, eta_min=0.001), 0.1, 11)),
    # Our warmup (step + 1) / W is LinearLR from 1/W to 1 over W - 1 steps.
    ("warmup", "{SCHEDULE_WARMUP, .base_lr = 0.1, .warmup_steps = 4}",
     rates(lambda o: LinearLR(o, start_factor=1 / 4, end_factor=1.0, total_iters=3), 0.1, 8)),
    # Warmup then cosine: SequentialLR switches to the cosine at step W = 4,
    # which then runs T - W = 8 steps down to eta_min (steps 4 .. 12).
    ("warmup_cosine",
     "{SCHEDULE_WARMUP_COSINE, .base_lr = 0.1, .warmup_steps = 4, .total_steps = 12, "
     ".min_lr = 0.001}",
     rates(lambda o: SequentialLR(o, schedulers=[
         LinearLR(o, start_factor=1 / 4, end_factor=1.0, total_iters=3),
         CosineAnnealingLR(o, T_max=8, eta_min=0.001)], milestones=[4]), 0.1, 13)),
]

# Where PyTorch and we differ: CosineAnnealingLR past T_max (printed as a comment).
BEYOND = rates(lambda o: CosineAnnealingLR(o, T_max=10, eta_min=0.001), 0.1, 16)[10:]


def main():
    print("/* reference.h -- lesson 09's rates from PyTorch's schedulers. Generated: do not edit.")
    print(" * Produced by tests/09-schedules/reference/make_reference.py with torch %s:"
          % torch.__version__)
    print(" *   /usr/bin/python3 tests/09-schedules/reference/make_reference.py "
          "> tests/09-schedules/reference/reference.h")
    print(" * rate[k] is the lr PyTorch gives optimizer step k (read lr, optimizer.step(),")
    print(" * scheduler.step()). Learning rates are Python floats, i.e. doubles.")
    print(" * For contrast (not tested): CosineAnnealingLR(T_max=10, eta_min=0.001) past")
    print(" * T_max climbs back up: steps 10..15 give %s;"
          % ", ".join("%.6g" % r for r in BEYOND))
    print(" * our SCHEDULE_COSINE stays at min_lr = 0.001 from step 10 on. */")
    print("#ifndef LESSON09_REFERENCE_H")
    print("#define LESSON09_REFERENCE_H")
    print()
    print("#include \"lessons.h\"")
    print()
    print("struct torch_case {")
    print("    const char *name;")
    print("    struct schedule schedule;")
    print("    long count;")
    print("    double rate[16];")
    print("};")
    print()
    print("static const struct torch_case torch_cases[] = {")
    for name, fields, values in CASES:
        assert len(values) <= 16 and all(math.isfinite(v) for v in values)
        print("    {\"%s\", %s, %d," % (name, fields, len(values)))
        print("     {%s}}," % ", ".join("%.17g" % v for v in values))
    print("};")
    print()
    print("#endif")


if __name__ == "__main__":
    main()
