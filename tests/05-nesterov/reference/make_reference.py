#!/usr/bin/python3
"""make_reference.py -- reference values for lesson 05 (Nesterov) from PyTorch.

Run from the repository root with Debian's Python, which has torch:

    /usr/bin/python3 tests/05-nesterov/reference/make_reference.py \
        > tests/05-nesterov/reference/reference.h

It prints a C header. Every number is a float32 computed by
torch.optim.SGD(momentum=MU, nesterov=True) (dampening 0), so the values
round the way the C kernel's floats do. Nothing here uses the course's code.

The scenario: a long run on a fixed diagonal quadratic
    f(w) = sum_i H[i]/2 * (w[i] - C[i])^2,   g = H * (w - C)
for MU = 0.9 and MU = 0.99, lr = 0.05, 1000 steps; w and the momentum
buffer are saved at a few checkpoints.
"""
import torch

N = 6
H = [0.05, 0.2, 1.0, 3.0, 8.0, 15.0]
C = [1.0, -2.0, 0.5, 3.0, -1.0, 0.25]
W0 = [4.0, -3.0, 2.0, -1.0, 0.5, 5.0]
LR = 0.05
MUS = [(0.9, "MU90"), (0.99, "MU99")]
STEPS = 1000
CHECKPOINTS = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000]


def f32(x):
    """A decimal that reads back as the same float32 (9 significant digits
    always suffice), written so that C reads it as a floating constant."""
    text = "%.9g" % float(x)
    if "." not in text and "e" not in text and "inf" not in text and "nan" not in text:
        text += ".0"
    return text


def c_array(name, values, per_line=6):
    items = [f32(v) + "f" for v in values]
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("    " + ", ".join(items[i:i + per_line]) + ",")
    return "static const float %s[%d] = {\n%s\n};" % (name, len(values), "\n".join(lines))


def long_run(mu):
    h = torch.tensor(H, dtype=torch.float32)
    c = torch.tensor(C, dtype=torch.float32)
    w = torch.tensor(W0, dtype=torch.float32, requires_grad=True)
    opt = torch.optim.SGD([w], lr=LR, momentum=mu, nesterov=True)
    ws, bs = [], []
    for t in range(1, STEPS + 1):
        with torch.no_grad():
            w.grad = h * (w - c)   # the gradient in closed form, in float32
        opt.step()
        if t in CHECKPOINTS:
            ws.extend(w.detach().tolist())
            bs.extend(opt.state[w]["momentum_buffer"].tolist())
    return ws, bs


def main():
    out = [
        "/* reference.h -- lesson 05 reference values from PyTorch. GENERATED, do not edit.",
        " * Produced by tests/05-nesterov/reference/make_reference.py with torch %s:"
        % torch.__version__,
        " *   /usr/bin/python3 tests/05-nesterov/reference/make_reference.py \\",
        " *       > tests/05-nesterov/reference/reference.h",
        " * f(w) = sum_i REF_H[i]/2 (w[i] - REF_C[i])^2 from REF_W0, g = REF_H * (w - REF_C),",
        " * torch.optim.SGD(lr = %g, momentum = mu, nesterov = True), %d steps;" % (LR, STEPS),
        " * w and the momentum buffer after each checkpoint step, REF_N values each. */",
        "#ifndef LESSON05_REFERENCE_H",
        "#define LESSON05_REFERENCE_H",
        "",
        "enum { REF_N = %d, REF_STEPS = %d, REF_CHECKPOINTS = %d };"
        % (N, STEPS, len(CHECKPOINTS)),
        "static const float REF_LR = %sf;" % f32(LR),
        c_array("REF_H", H),
        c_array("REF_C", C),
        c_array("REF_W0", W0),
        "static const long REF_CHECKPOINT_STEP[%d] = {%s};"
        % (len(CHECKPOINTS), ", ".join(str(s) for s in CHECKPOINTS)),
    ]
    for mu, tag in MUS:
        ws, bs = long_run(mu)
        out.append("/* mu = %g */" % mu)
        out.append("static const float REF_%s_MU = %sf;" % (tag, f32(mu)))
        out.append(c_array("REF_%s_W" % tag, ws))
        out.append(c_array("REF_%s_B" % tag, bs))
    out += ["", "#endif"]
    print("\n".join(out))


if __name__ == "__main__":
    main()
