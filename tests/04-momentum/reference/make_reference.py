#!/usr/bin/python3
"""make_reference.py -- reference values for lesson 04 (momentum) from PyTorch.

Run from the repository root with Debian's Python, which has torch:

    /usr/bin/python3 tests/04-momentum/reference/make_reference.py \
        > tests/04-momentum/reference/reference.h

It prints a C header. Every number is a float32 computed by
torch.optim.SGD(momentum=MU) (dampening 0, nesterov False), so the values
round the way the C kernel's floats do. Nothing here uses the course's code.

Two scenarios:
  1. A long run on a fixed diagonal quadratic
         f(w) = sum_i H[i]/2 * (w[i] - C[i])^2,   g = H * (w - C)
     for MU = 0.9 and MU = 0.99, lr = 0.05, 1000 steps; w and the momentum
     buffer are saved at a few checkpoints.
  2. A learning rate that halves: fixed gradients G[t] (drawn once here,
     saved in the header), lr = 0.1 for steps 1..20, then 0.05 for steps
     21..40 (set through param_groups, as a scheduler does); w after every
     step is saved.
"""
import torch

N = 6
H = [0.05, 0.2, 1.0, 3.0, 8.0, 15.0]
C = [1.0, -2.0, 0.5, 3.0, -1.0, 0.25]
W0 = [4.0, -3.0, 2.0, -1.0, 0.5, 5.0]
LONG_LR = 0.05
LONG_MUS = [0.9, 0.99]
LONG_STEPS = 1000
CHECKPOINTS = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000]

CHANGE_N = 3
CHANGE_STEPS = 40
CHANGE_AT = 21          # the first step with the new rate
CHANGE_LR = (0.1, 0.05)
CHANGE_MU = 0.9
CHANGE_W0 = [1.0, -1.0, 0.5]


def f32(x):
    """A decimal that reads back as the same float32 (9 significant digits
    always suffice), written so that C reads it as a floating constant."""
    text = "%.9g" % float(x)
    if "." not in text and "e" not in text and "inf" not in text and "nan" not in text:
        text += ".0"
    return text


def c_array(name, values, per_line=4):
    items = [f32(v) + "f" for v in values]
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("    " + ", ".join(items[i:i + per_line]) + ",")
    return "static const float %s[%d] = {\n%s\n};" % (name, len(values), "\n".join(lines))


def long_run(mu):
    h = torch.tensor(H, dtype=torch.float32)
    c = torch.tensor(C, dtype=torch.float32)
    w = torch.tensor(W0, dtype=torch.float32, requires_grad=True)
    opt = torch.optim.SGD([w], lr=LONG_LR, momentum=mu)
    ws, bs = [], []
    for t in range(1, LONG_STEPS + 1):
        with torch.no_grad():
            w.grad = h * (w - c)   # the gradient in closed form, in float32
        opt.step()
        if t in CHECKPOINTS:
            ws.extend(w.detach().tolist())
            bs.extend(opt.state[w]["momentum_buffer"].tolist())
    return ws, bs


def changing_rate():
    gen = torch.Generator().manual_seed(4)
    grads = torch.randn(CHANGE_STEPS, CHANGE_N, generator=gen, dtype=torch.float32)
    w = torch.tensor(CHANGE_W0, dtype=torch.float32, requires_grad=True)
    opt = torch.optim.SGD([w], lr=CHANGE_LR[0], momentum=CHANGE_MU)
    ws = []
    for t in range(1, CHANGE_STEPS + 1):
        if t == CHANGE_AT:
            for group in opt.param_groups:
                group["lr"] = CHANGE_LR[1]
        w.grad = grads[t - 1].clone()
        opt.step()
        ws.extend(w.detach().tolist())
    return grads.flatten().tolist(), ws


def main():
    out = []
    out.append("/* reference.h -- lesson 04 reference values from PyTorch. GENERATED, do not edit.")
    out.append(" * Produced by tests/04-momentum/reference/make_reference.py with torch %s:"
               % torch.__version__)
    out.append(" *   /usr/bin/python3 tests/04-momentum/reference/make_reference.py \\")
    out.append(" *       > tests/04-momentum/reference/reference.h")
    out.append(" * See the script for what each array holds. */")
    out.append("#ifndef LESSON04_REFERENCE_H")
    out.append("#define LESSON04_REFERENCE_H")
    out.append("")
    out.append("/* Scenario 1: f(w) = sum_i REF_H[i]/2 (w[i] - REF_C[i])^2 from REF_W0,")
    out.append(" * torch.optim.SGD(lr = %g, momentum = mu), %d steps. */" % (LONG_LR, LONG_STEPS))
    out.append("enum { REF_N = %d, REF_LONG_STEPS = %d, REF_CHECKPOINTS = %d };"
               % (N, LONG_STEPS, len(CHECKPOINTS)))
    out.append("static const float REF_LONG_LR = %sf;" % f32(LONG_LR))
    out.append(c_array("REF_H", H))
    out.append(c_array("REF_C", C))
    out.append(c_array("REF_W0", W0))
    out.append("static const long REF_CHECKPOINT_STEP[%d] = {%s};"
               % (len(CHECKPOINTS), ", ".join(str(s) for s in CHECKPOINTS)))
    for mu, tag in zip(LONG_MUS, ["MU90", "MU99"]):
        ws, bs = long_run(mu)
        out.append("/* mu = %g: w and the momentum buffer after each checkpoint step," % mu)
        out.append(" * REF_N values per checkpoint. */")
        out.append("static const float REF_%s_MU = %sf;" % (tag, f32(mu)))
        out.append(c_array("REF_%s_W" % tag, ws, N))
        out.append(c_array("REF_%s_B" % tag, bs, N))
    out.append("")
    grads, ws = changing_rate()
    out.append("/* Scenario 2: fixed gradients REF_CHANGE_G (REF_CHANGE_N per step, from")
    out.append(" * torch.randn with seed 4), momentum %g, lr = %g for steps 1..%d and"
               % (CHANGE_MU, CHANGE_LR[0], CHANGE_AT - 1))
    out.append(" * %g from step %d on (param_groups changed before that step's"
               % (CHANGE_LR[1], CHANGE_AT))
    out.append(" * opt.step()). REF_CHANGE_W holds w after each step. */")
    out.append("enum { REF_CHANGE_N = %d, REF_CHANGE_STEPS = %d, REF_CHANGE_AT = %d };"
               % (CHANGE_N, CHANGE_STEPS, CHANGE_AT))
    out.append("static const float REF_CHANGE_MU = %sf;" % f32(CHANGE_MU))
    out.append("static const float REF_CHANGE_LR_BEFORE = %sf;" % f32(CHANGE_LR[0]))
    out.append("static const float REF_CHANGE_LR_AFTER = %sf;" % f32(CHANGE_LR[1]))
    out.append(c_array("REF_CHANGE_W0", CHANGE_W0))
    out.append(c_array("REF_CHANGE_G", grads, CHANGE_N))
    out.append(c_array("REF_CHANGE_W", ws, CHANGE_N))
    out.append("")
    out.append("#endif")
    print("\n".join(out))


if __name__ == "__main__":
    main()
