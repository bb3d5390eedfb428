"""Forward values and gradients of conv2d, maxPool2d and avgPool2d from PyTorch, in float64 and float32.

Run from the repository root with Debian's python3-torch (1.13):
    /usr/bin/python3 packages/tensor/test/reference/gen_conv.py
It rewrites conv.json next to this file; packages/tensor/test/conv-reference.test.ts reads it and needs
no Python. Each case holds the inputs, the options (in adamant's names), the output, a fixed upstream
gradient and the gradient of sum(output * upstream) for each input.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(11)
cases = []


def flat(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def conv(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    return F.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)


def max_pool(x, kernelSize, stride=None, padding=0, dilation=1):
    return F.max_pool2d(x, kernelSize, stride=stride, padding=padding, dilation=dilation)


def avg_pool(x, kernelSize, stride=None, padding=0):
    return F.avg_pool2d(x, kernelSize, stride=stride, padding=padding)


OPS = {"conv2d": conv, "maxPool2d": max_pool, "avgPool2d": avg_pool}


def record(name, op, inputs, args):
    for dtype, tag in [(torch.float64, "float64"), (torch.float32, "float32")]:
        ts = [x.to(dtype).clone().requires_grad_(True) for x in inputs]
        out = OPS[op](*ts, **args)
        up = torch.linspace(-1.0, 1.5, out.numel(), dtype=dtype).reshape(out.shape)
        (out * up).sum().backward()
        cases.append({"name": name, "op": op, "dtype": tag, "args": args, "inputs": [flat(t) for t in ts],
                      "output": flat(out), "upstream": flat(up), "grads": [flat(t.grad) for t in ts]})


r = lambda *shape: torch.randn(shape, dtype=torch.float64)

for xs, ws, bias, args in [
    ((2, 3, 6, 7), (4, 3, 3, 3), True, {}),
    ((2, 3, 6, 7), (4, 3, 3, 3), False, {"padding": 1}),
    ((1, 4, 9, 8), (6, 2, 3, 2), True, {"stride": [2, 1], "padding": [1, 2], "groups": 2}),
    ((2, 2, 8, 8), (4, 1, 3, 3), True, {"dilation": 2, "padding": "same", "groups": 2}),
    ((1, 3, 7, 6), (2, 3, 2, 4), True, {"padding": "same"}),
    ((1, 3, 7, 6), (2, 3, 3, 2), True, {"padding": "same", "dilation": [1, 3]}),
    ((2, 2, 5, 5), (3, 2, 5, 5), True, {"padding": "valid"}),
    ((1, 6, 5, 5), (6, 1, 3, 3), True, {"groups": 6, "stride": 2, "padding": 1}),
    ((2, 1, 4, 5), (2, 1, 5, 5), True, {"padding": 2, "stride": [3, 2], "dilation": [1, 1]}),
    ((3, 1, 10, 10), (8, 1, 3, 3), True, {"stride": 1}),
]:
    inputs = [r(*xs), r(*ws)] + ([r(ws[0])] if bias else [])
    record(f"conv2d x {list(xs)} w {list(ws)} {args}{'' if bias else ' no bias'}", "conv2d", inputs, args)

ties = torch.tensor([[[[1.0, 1.0, 2.0, 2.0], [1.0, 0.0, 2.0, 2.0], [3.0, 3.0, 0.0, 0.0], [3.0, 3.0, 0.0, -1.0]]]],
                    dtype=torch.float64)
for xs, args in [((2, 3, 6, 6), {"kernelSize": 2}), ((1, 2, 7, 5), {"kernelSize": 3, "stride": 2, "padding": 1}),
                 ((1, 2, 6, 7), {"kernelSize": [2, 3], "stride": [1, 2], "padding": [1, 1]}),
                 ((2, 1, 5, 5), {"kernelSize": 3, "stride": 1}), ((1, 1, 3, 3), {"kernelSize": 3}),
                 ((1, 2, 8, 8), {"kernelSize": 2, "stride": 2, "dilation": 2})]:
    record(f"maxPool2d {list(xs)} {args}", "maxPool2d", [r(*xs)], args)
    if "dilation" not in args:
        record(f"avgPool2d {list(xs)} {args}", "avgPool2d", [r(*xs)], args)
record("maxPool2d ties go to the first maximum", "maxPool2d", [ties], {"kernelSize": 2})
record("maxPool2d overlapping windows with ties", "maxPool2d", [ties], {"kernelSize": 2, "stride": 1})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv.json")
with open(path + ".tmp", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
os.replace(path + ".tmp", path)
print(f"wrote {len(cases)} cases to {path}")
