"""Reference outputs and gradients of SiLU, ELU, Softplus, LayerNorm and Unflatten, from PyTorch in float64.

Run from the repository root with Debian's python3-torch:
    /usr/bin/python3 packages/nn/test/reference/gen_layers.py
It rewrites layers_round2.json next to this file; the vitest suite reads that and needs no Python.
"""
import torch
import torch.nn as nn

from common import flat, upstream_for, write_cases

torch.manual_seed(5)
torch.set_default_dtype(torch.float64)
cases = []


def record(name, layer, options, module, x):
    x = x.clone().requires_grad_(True)
    out = module(x)
    upstream = upstream_for(out)
    (out * upstream).sum().backward()
    case = {"name": name, "layer": layer, "options": options, "input": flat(x), "upstream": flat(upstream),
            "output": flat(out), "gradInput": flat(x.grad)}
    params = dict(module.named_parameters())
    if params:
        case["params"] = {k: flat(v) for k, v in params.items()}
        case["gradParams"] = {k: flat(v.grad) for k, v in params.items()}
    cases.append(case)


# Inputs include the kinks: 0 for ELU, βx on both sides of the threshold for Softplus.
x = torch.cat([torch.randn(14) * 3, torch.tensor([0.0, 1e-3, -1e-3, -40.0, 25.0, 19.9, 20.1, 9.9, 10.1, -9.0])]).reshape(4, 6)
record("SiLU", "SiLU", {}, nn.SiLU(), x)
for alpha in [1.0, 0.5, 2.0]:
    record(f"ELU alpha={alpha}", "ELU", {"alpha": alpha}, nn.ELU(alpha=alpha), x)
for beta, threshold in [(1.0, 20.0), (2.0, 20.0), (0.5, 5.0), (1.0, 10.0)]:
    record(f"Softplus beta={beta} threshold={threshold}", "Softplus", {"beta": beta, "threshold": threshold},
           nn.Softplus(beta=beta, threshold=threshold), x)

ln_cases = [
    ("[N, D] over D", [7], (5, 7), {}),
    ("[N, T, D] over D, eps 1e-3", [6], (2, 3, 6), {"eps": 1e-3}),
    ("[N, C, H, W] over C, H, W", [3, 2, 4], (2, 3, 2, 4), {}),
    ("[N, T, D] over T, D without affine", [3, 5], (4, 3, 5), {"elementwiseAffine": False}),
    ("a constant row (variance 0)", [4], (2, 4), {}),
]
for name, shape, in_shape, opts in ln_cases:
    ln = nn.LayerNorm(shape, eps=opts.get("eps", 1e-5), elementwise_affine=opts.get("elementwiseAffine", True))
    if ln.elementwise_affine:
        with torch.no_grad():
            ln.weight.copy_(torch.randn(*shape) * 0.5 + 1)
            ln.bias.copy_(torch.randn(*shape) * 0.3)
    x = torch.randn(*in_shape) * 2 + 0.5
    if name.startswith("a constant"):
        # 2.0, not e.g. 3.25, whose mean PyTorch's vectorised sum rounds (x − μ ≈ −1e-13, then ·1/√eps).
        x[0] = 2.0
    record(f"LayerNorm {name}", "LayerNorm", {"normalizedShape": shape, **opts}, ln, x)

record("Unflatten dim 1 to [2, -1, 3]", "Unflatten", {"dim": 1, "shape": [2, -1, 3]}, nn.Unflatten(1, (2, -1, 3)), torch.randn(2, 12))
record("Unflatten dim -1 to [2, 2]", "Unflatten", {"dim": -1, "shape": [2, 2]}, nn.Unflatten(-1, (2, 2)), torch.randn(3, 2, 4))

write_cases("layers_round2.json", "gen_layers.py", cases)
