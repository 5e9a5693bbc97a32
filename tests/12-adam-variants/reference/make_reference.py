#!/usr/bin/python3
"""Reference trajectories of AMSGrad, NAdam and Adamax for lesson 12's tests.

Run from the top of the repository with Debian's Python, which has torch:

    /usr/bin/python3 tests/12-adam-variants/reference/make_reference.py > tests/12-adam-variants/reference/reference.h

Three runs of 1000 steps on an 8-parameter problem, in float32 so that the
reference rounds like the C code's floats, on the separable quadratic
f(w) = sum_i h_i/2 (w_i - c_i)^2 plus a term that flips sign from step to
step, g_i = h_i (w_i - c_i) + s_i * ((t mod 7) - 3). As the weights settle,
the gradients shrink, so Adam's v falls below its earlier peak: the case in
which AMSGrad's v_max differs from v.

  run A, torch.optim.Adam(amsgrad=True), lr 1e-2, betas (0.9, 0.99), eps 1e-8;
  run N, torch.optim.NAdam, its defaults (lr 2e-3, betas (0.9, 0.999),
    eps 1e-8, momentum_decay 4e-3), with foreach=True (see below);
  run X, torch.optim.Adamax, lr 2e-2, betas (0.8, 0.99), eps 1e-6.

NAdam and foreach. In torch 1.13 the default (single-tensor, foreach=False)
NAdam computes mu_product_next = mu_product * mu * mu_next, multiplying by
this step's mu twice, while its documentation, its foreach=True path and
later versions (pytorch/pytorch pull request 92699, January 2023) use
mu_product * mu_next = mu_1 ... mu_{t+1}. The course follows the documented
formula, so this script asks for foreach=True.

The gradient is set by hand (p.grad = ...) with the same float32 operations
the C test performs, and the header records w and the state (m and v,
v_max, or u) after the checkpoint steps."""

import sys

import torch

N = 8
STEPS = 1000
CHECKPOINTS = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000]

PROBLEM = dict(
    h=[1e-4, 1e-2, 0.1, 1.0, 3.0, 10.0, 100.0, 1e3],
    c=[1.0, -2.0, 0.5, 2.0, -1.0, 0.0, 0.75, -0.25],
    w0=[0.0, 0.0, -1.0, 0.0, 1.0, 2.0, 0.0, 0.5],
    s=[0.0, 1e-3, 0.0, 0.1, 0.0, 0.5, 2.0, 0.0],
)

RUNS = [
    dict(name="a", optimizer="Adam", kwargs=dict(lr=1e-2, betas=(0.9, 0.99), eps=1e-8,
                                                 amsgrad=True, foreach=False),
         state=("exp_avg", "exp_avg_sq", "max_exp_avg_sq")),
    dict(name="n", optimizer="NAdam", kwargs=dict(foreach=True),
         state=("exp_avg", "exp_avg_sq")),
    dict(name="x", optimizer="Adamax", kwargs=dict(lr=2e-2, betas=(0.8, 0.99), eps=1e-6,
                                                   foreach=False),
         state=("exp_avg", "exp_inf")),
]


def run(spec):
    f32 = torch.float32
    h = torch.tensor(PROBLEM["h"], dtype=f32)
    c = torch.tensor(PROBLEM["c"], dtype=f32)
    s = torch.tensor(PROBLEM["s"], dtype=f32)
    w = torch.tensor(PROBLEM["w0"], dtype=f32, requires_grad=True)
    opt = getattr(torch.optim, spec["optimizer"])([w], **spec["kwargs"])
    kept = []
    for t in range(1, STEPS + 1):
        with torch.no_grad():
            g = h * (w.detach() - c) + s * torch.tensor(float((t % 7) - 3), dtype=f32)
        w.grad = g.clone()
        opt.step()
        if t in CHECKPOINTS:
            state = opt.state[w]
            kept.append([w.detach().clone()] + [state[k].clone() for k in spec["state"]])
    return opt, kept


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
        "/* reference.h -- AMSGrad, NAdam and Adamax trajectories for lesson 12's tests.",
        " * GENERATED: do not edit. Produced by",
        " *   /usr/bin/python3 tests/12-adam-variants/reference/make_reference.py > tests/12-adam-variants/reference/reference.h",
        " * with torch %s (float32 tensors; see the script for the problem and for" % torch.__version__,
        " * why NAdam runs with foreach=True). Values are the exact float32 results,",
        " * printed as doubles. */",
        "#ifndef LESSON12_REFERENCE_H",
        "#define LESSON12_REFERENCE_H",
        "",
        "enum { REF_N = %d, REF_STEPS = %d, REF_CHECKPOINTS = %d };" % (N, STEPS, len(CHECKPOINTS)),
        "static const long ref_checkpoint_step[REF_CHECKPOINTS] = {%s};"
        % ", ".join(str(t) for t in CHECKPOINTS),
        "",
        c_vector("ref_h", PROBLEM["h"]),
        c_vector("ref_c", PROBLEM["c"]),
        c_vector("ref_w0", PROBLEM["w0"]),
        c_vector("ref_s", PROBLEM["s"]),
    ]
    for spec in RUNS:
        p = spec["name"]
        opt, kept = run(spec)
        group = opt.param_groups[0]
        lines += [
            "",
            "/* Run %s: torch.optim.%s(%s). */" % (
                p, spec["optimizer"],
                ", ".join("%s=%r" % kv for kv in sorted(spec["kwargs"].items()))),
            "static const float ref_%s_lr = %rf, ref_%s_beta1 = %rf, ref_%s_beta2 = %rf, "
            "ref_%s_eps = %rf;" % (p, group["lr"], p, group["betas"][0], p, group["betas"][1],
                                   p, group["eps"]),
        ]
        if "momentum_decay" in group:
            lines.append("static const float ref_%s_momentum_decay = %rf;"
                         % (p, group["momentum_decay"]))
        lines.append(c_array("ref_%s_w" % p, [k[0] for k in kept]))
        for index, key in enumerate(spec["state"]):
            lines.append("/* state['%s'] */" % key)
            lines.append(c_array("ref_%s_state%d" % (p, index), [k[index + 1] for k in kept]))
    lines += ["", "#endif", ""]
    sys.stdout.write("\n".join(lines))


if __name__ == "__main__":
    main()
