"""What the generators in this folder share: tensors as JSON, the case a loss suite reads, and the output file.

The gen_*.py scripts import it by name (Python puts a script's own folder first on sys.path), so each
still runs from the repository root as `/usr/bin/python3 packages/nn/test/reference/gen_<topic>.py`.
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def flat(t):
    """A tensor as the tests' `Flat`: its shape and its values in row-major order."""
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def upstream_for(out):
    """A fixed upstream gradient, so reduction 'none' (and a scalar) exercises every output element."""
    if out.numel() > 1:
        return torch.linspace(-1.0, 1.5, out.numel(), dtype=out.dtype).reshape(out.shape)
    return torch.ones((), dtype=out.dtype)


def loss_case(name, loss, fn, inp, target, options, target_kind, grad_target):
    """fn(inp, target) with its value and gradients, as losses-reference.test.ts and the round-2 suite read them."""
    inp = inp.clone().requires_grad_(True)
    if grad_target:
        target = target.clone().requires_grad_(True)
    out = fn(inp, target)
    upstream = upstream_for(out)
    (out * upstream).sum().backward()
    case = {
        "name": name,
        "loss": loss,
        "options": options,
        "input": flat(inp),
        "target": {"kind": target_kind, **flat(target)},
        "upstream": flat(upstream),
        "value": flat(out),
        "gradInput": flat(inp.grad),
    }
    if grad_target:
        case["gradTarget"] = flat(target.grad)
    return case


def write_cases(file, generator, cases, indent=None):
    """Writes {generator, torch, cases} to `file` beside this script and says so."""
    out = os.path.join(HERE, file)
    with open(out, "w") as f:
        json.dump({"generator": f"packages/nn/test/reference/{generator}", "torch": torch.__version__, "cases": cases}, f,
                  indent=indent)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {out}")
