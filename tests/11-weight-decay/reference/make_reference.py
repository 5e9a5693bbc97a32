#!/usr/bin/python3
"""Reference trajectories of torch.optim.Adam(weight_decay=...) and
torch.optim.AdamW for lesson 11's tests.

Run from the top of the repository with Debian's Python, which has torch:

    /usr/bin/python3 tests/11-weight-decay/reference/make_reference.py > tests/11-weight-decay/reference/reference.h

Three runs of 1000 steps on an 8-parameter problem, in float32 so that the
reference rounds like the C code's floats, all on the separable quadratic
f(w) = sum_i h_i/2 (w_i - c_i)^2 plus a term that flips sign from step to
step, g_i = h_i (w_i - c_i) + s_i * ((t mod 5) - 2):

  run L, torch.optim.Adam with weight_decay 0.1 (L2 inside Adam), lr 1e-2;
  run W, torch.optim.AdamW with weight_decay 0.1, lr 1e-2, the same problem;
  run D, torch.optim.AdamW with its defaults (lr 1e-3, weight_decay 1e-2)
    and betas (0.8, 0.99), eps 1e-6 on another problem.

The curvatures h_i range from 1e-4 to 1e3, so the L2 term wd * w dominates
the gradient of some coordinates and is lost in others: the two methods
part where the lesson says they do. The gradient is set by hand
(p.grad = ...) with the same float32 operations the C test performs,
h * (w - c) + s * k, and the header records w, m (exp_avg) and
v (exp_avg_sq) after the checkpoint steps."""

import sys

import torch

N = 8
STEPS = 1000
CHECKPOINTS = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000]

PROBLEM_1 = dict(
    h=[1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0, 1e3],
    c=[2.0, -1.5, 1.0, 3.0, -2.0, 0.5, -0.25, 1.5],
    w0=[1.0, -1.0, 2.0, 0.0, 1.0, -1.0, 0.5, 1.0],
    s=[0.0, 0.0, 0.01, 0.0, 0.5, 0.0, 5.0, 0.0],
)
PROBLEM_2 = dict(
    h=[1e-5, 3e-3, 0.03, 0.3, 3.0, 30.0, 300.0, 3e3],
    c=[0.5, 2.0, -1.0, 1.0, 0.0, -0.5, 0.25, -2.0],
    w0=[3.0, 0.0, -2.5, 1.5, 2.0, 0.0, -1.0, -1.0],
    s=[1e-5, 0.0, 0.0, 0.2, 0.0, 1.0, 0.0, 20.0],
)

RUNS = [
    dict(name="l", optimizer="Adam", lr=1e-2, betas=(0.9, 0.999), eps=1e-8, wd=0.1, **PROBLEM_1),
    dict(name="w", optimizer="AdamW", lr=1e-2, betas=(0.9, 0.999), eps=1e-8, wd=0.1, **PROBLEM_1),
    dict(name="d", optimizer="AdamW", lr=1e-3, betas=(0.8, 0.99), eps=1e-6, wd=1e-2, **PROBLEM_2),
]


def run(spec):
    f32 = torch.float32
    h = torch.tensor(spec["h"], dtype=f32)
    c = torch.tensor(spec["c"], dtype=f32)
    s = torch.tensor(spec["s"], dtype=f32)
    w = torch.tensor(spec["w0"], dtype=f32, requires_grad=True)
    cls = getattr(torch.optim, spec["optimizer"])
    opt = cls([w], lr=spec["lr"], betas=spec["betas"], eps=spec["eps"],
              weight_decay=spec["wd"], foreach=False)
    kept = []
    for t in range(1, STEPS + 1):
        with torch.no_grad():
            g = h * (w.detach() - c) + s * torch.tensor(float((t % 5) - 2), dtype=f32)
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
        "/* reference.h -- torch.optim.Adam(weight_decay) and AdamW trajectories for",
        " * lesson 11's tests. GENERATED: do not edit. Produced by",
        " *   /usr/bin/python3 tests/11-weight-decay/reference/make_reference.py > tests/11-weight-decay/reference/reference.h",
        " * with torch %s (float32 tensors, foreach=False; see the script for the" % torch.__version__,
        " * problems). Values are the exact float32 results, printed as doubles. */",
        "#ifndef LESSON11_REFERENCE_H",
        "#define LESSON11_REFERENCE_H",
        "",
        "enum { REF_N = %d, REF_STEPS = %d, REF_CHECKPOINTS = %d };" % (N, STEPS, len(CHECKPOINTS)),
        "static const long ref_checkpoint_step[REF_CHECKPOINTS] = {%s};"
        % ", ".join(str(t) for t in CHECKPOINTS),
    ]
    for spec in RUNS:
        p = spec["name"]
        lines += [
            "",
            "/* Run %s: torch.optim.%s, lr %r, betas %r, eps %r, weight_decay %r. */"
            % (p, spec["optimizer"], spec["lr"], spec["betas"], spec["eps"], spec["wd"]),
            "static const float ref_%s_lr = %rf, ref_%s_beta1 = %rf, ref_%s_beta2 = %rf, "
            "ref_%s_eps = %rf, ref_%s_wd = %rf;"
            % (p, spec["lr"], p, spec["betas"][0], p, spec["betas"][1], p, spec["eps"], p,
               spec["wd"]),
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
