#!/usr/bin/python3
"""Reference trajectories of torch.optim.Adam for lesson 08's tests.

Run from the top of the repository with Debian's Python, which has torch:

    /usr/bin/python3 tests/08-adam/reference/make_reference.py > tests/08-adam/reference/reference.h

Two runs of 1000 steps on an 8-parameter problem, in float32 so that the
reference rounds like the C code's floats:

  run A, PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8), on the
    separable quadratic f(w) = sum_i h_i/2 (w_i - c_i)^2, whose curvatures h_i
    range from 1e-6 to 1e4, so gradient sizes span ten orders of magnitude
    and the smallest are below sqrt(eps) = 1e-4 (where eps placement matters);
  run B, other settings (lr 1e-2, betas (0.8, 0.99), eps 1e-6), on the same
    kind of quadratic plus a term that flips sign from step to step,
    g_i = h_i (w_i - c_i) + s_i * ((t mod 7) - 3),
    so that the first moment averages signs away while the second does not.

The gradient is set by hand (p.grad = ...) with the same float32 operations
the C test performs, h * (w - c) [+ s * k], so both sides see the same
gradient whenever they are at the same point. The header records w, m
(exp_avg) and v (exp_avg_sq) after the checkpoint steps."""

import sys

import torch

N = 8
STEPS = 1000
CHECKPOINTS = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000]

# Run A: curvatures from 1e-6 to 1e4; distances to the minimum from 0.25 to
# 3, so some coordinates reach their minimum within 1000 steps of about lr
# (1000 * 1e-3 = 1) and some do not.
RUN_A = dict(
    name="a", lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
    h=[1e-6, 1e-4, 1e-2, 1.0, 10.0, 100.0, 1e3, 1e4],
    c=[0.5, -1.0, 2.0, 0.0, -0.5, 1.0, 0.25, -2.0],
    w0=[1.5, -0.5, 0.0, 0.25, 2.5, 0.0, -0.5, -1.75],
    s=[0.0] * N,
)

# Run B: larger steps, faster averages, a larger eps, and a sign-flipping
# part of size s_i * 3 at most.
RUN_B = dict(
    name="b", lr=1e-2, betas=(0.8, 0.99), eps=1e-6,
    h=[1e-5, 1e-3, 0.1, 1.0, 3.0, 30.0, 300.0, 3e3],
    c=[1.0, -2.0, 0.5, 3.0, -1.0, 0.0, 0.75, -0.25],
    w0=[0.0, 0.0, -1.0, 0.0, 1.0, 2.0, 0.0, 0.5],
    s=[1e-6, 0.0, 0.05, 0.5, 0.0, 2.0, 10.0, 0.0],
)


def run(spec):
    f32 = torch.float32
    h = torch.tensor(spec["h"], dtype=f32)
    c = torch.tensor(spec["c"], dtype=f32)
    s = torch.tensor(spec["s"], dtype=f32)
    w = torch.tensor(spec["w0"], dtype=f32, requires_grad=True)
    opt = torch.optim.Adam([w], lr=spec["lr"], betas=spec["betas"], eps=spec["eps"],
                           foreach=False)
    kept = []
    for t in range(1, STEPS + 1):
        with torch.no_grad():
            g = h * (w.detach() - c)
            if spec["name"] == "b":
                g = g + s * torch.tensor(float((t % 7) - 3), dtype=f32)
        w.grad = g.clone()
        opt.step()
        if t in CHECKPOINTS:
            state = opt.state[w]
            kept.append((w.detach().clone(), state["exp_avg"].clone(),
                         state["exp_avg_sq"].clone()))
    return kept


def c_array(name, rows):
    out = ["static const double %s[REF_CHECKPOINTS][REF_N] = {" % name]
    for row in rows:
        out.append("    {" + ", ".join(repr(float(x)) for x in row.tolist()) + "},")
    out.append("};")
    return "\n".join(out)


def c_vector(name, values):
    return "static const float %s[REF_N] = {%s};" % (
        name, ", ".join(repr(float(torch.tensor(x, dtype=torch.float32))) + "f" for x in values))


def main():
    lines = [
        "/* reference.h -- torch.optim.Adam trajectories for lesson 08's tests.",
        " * GENERATED: do not edit. Produced by",
        " *   /usr/bin/python3 tests/08-adam/reference/make_reference.py > tests/08-adam/reference/reference.h",
        " * with torch %s (float32 tensors, foreach=False; see the script for the" % torch.__version__,
        " * problems). Values are the exact float32 results, printed as doubles. */",
        "#ifndef LESSON08_REFERENCE_H",
        "#define LESSON08_REFERENCE_H",
        "",
        "enum { REF_N = %d, REF_STEPS = %d, REF_CHECKPOINTS = %d };" % (N, STEPS, len(CHECKPOINTS)),
        "static const long ref_checkpoint_step[REF_CHECKPOINTS] = {%s};"
        % ", ".join(str(t) for t in CHECKPOINTS),
    ]
    for spec in (RUN_A, RUN_B):
        p = spec["name"]
        lines += [
            "",
            "/* Run %s: lr %r, betas %r, eps %r. */" % (p, spec["lr"], spec["betas"], spec["eps"]),
            "static const float ref_%s_lr = %rf, ref_%s_beta1 = %rf, ref_%s_beta2 = %rf, ref_%s_eps = %rf;"
            % (p, spec["lr"], p, spec["betas"][0], p, spec["betas"][1], p, spec["eps"]),
            c_vector("ref_%s_h" % p, spec["h"]),
            c_vector("ref_%s_c" % p, spec["c"]),
            c_vector("ref_%s_w0" % p, spec["w0"]),
            c_vector("ref_%s_s" % p, spec["s"]),
        ]
        kept = run(spec)
        lines.append(c_array("ref_%s_w" % p, [k[0] for k in kept]))
        lines.append(c_array("ref_%s_m" % p, [k[1] for k in kept]))
        lines.append(c_array("ref_%s_v" % p, [k[2] for k in kept]))
    lines += ["", "#endif", ""]
    sys.stdout.write("\n".join(lines))


if __name__ == "__main__":
    main()
