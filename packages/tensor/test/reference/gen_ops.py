"""Forward values and gradients of the everyday tensor ops, from PyTorch, in float64 and float32.

Run from the repository root with Debian's python3-torch (1.13):
    /usr/bin/python3 packages/tensor/test/reference/gen_ops.py
It rewrites ops.json next to this file; packages/tensor/test/ops-reference.test.ts reads it and
needs no Python. Each case holds the inputs, the op's arguments (in adamant's names), the outputs,
a fixed upstream gradient per output and the gradient of sum(output * upstream) for each input.
"""
import json
import os

import torch

torch.manual_seed(0)
cases = []


def finite_or_name(v):
    # JSON has no Infinity or NaN: those go in as the strings JavaScript's Number() reads back.
    return v if v == v and abs(v) != float("inf") else str(v).replace("inf", "Infinity").replace("nan", "NaN")


def flat(t):
    return {"shape": list(t.shape), "data": [finite_or_name(v) for v in t.detach().reshape(-1).tolist()]}


def squeeze(x, dim):
    # torch 1.13's squeeze takes one dim; a list (torch 2.0) squeezes each listed dim of size 1.
    if dim is None:
        return x.squeeze()
    if isinstance(dim, int):
        return x.squeeze(dim)
    for d in sorted((d % max(x.dim(), 1) for d in dim), reverse=True):
        x = x.squeeze(d)
    return x


def var_like(fn):
    def run(x, dim=None, correction=1, keepDims=False):
        # 1.13 takes correction only with dims: all of them reduce everything, as dim=None does.
        return fn(x, list(range(x.dim())) if dim is None else dim, correction=correction, keepdim=keepDims)
    return run


def extremum(fn, amax):
    def run(x, dim=None, keepDims=False):
        if dim is None:
            return fn(x)
        if isinstance(dim, int):
            return fn(x, dim, keepdim=keepDims)[0]
        return amax(x, dim, keepdim=keepDims)
    return run


def matmul(a, b, transA=False, transB=False):
    return torch.matmul(a.transpose(-2, -1) if transA else a, b.transpose(-2, -1) if transB else b)


def reduce_all(fn):
    return lambda x, dim=None, keepDims=False: fn(x) if dim is None else fn(x, dim, keepdim=keepDims)


OPS = {
    "where": lambda c, a, b: torch.where(c != 0, a, b),
    "squeeze": lambda x, dim=None: squeeze(x, dim),
    "unsqueeze": lambda x, dim: x.unsqueeze(dim),
    "permute": lambda x, dims: x.permute(*dims),
    "sin": torch.sin,
    "cos": torch.cos,
    "logsumexp": lambda x, dim, keepDims=False: torch.logsumexp(x, dim, keepdim=keepDims),
    "var": var_like(torch.var),
    "std": var_like(torch.std),
    "split": lambda x, size, dim=0: list(torch.split(x, size, dim)),
    "chunk": lambda x, chunks, dim=0: list(torch.chunk(x, chunks, dim)),
    "sum": reduce_all(torch.sum),
    "mean": reduce_all(torch.mean),
    "max": extremum(torch.max, torch.amax),
    "min": extremum(torch.min, torch.amin),
    "matmul": matmul,
}


def record(name, op, inputs, args=None, grad=None):
    """inputs: tensors (float64) or numbers; grad: which tensor inputs get a gradient (default all)."""
    args = args or {}
    for dtype, tag in [(torch.float64, "float64"), (torch.float32, "float32")]:
        ts = [x.to(dtype).clone().requires_grad_(grad is None or grad[i]) if torch.is_tensor(x) else x
              for i, x in enumerate(inputs)]
        out = OPS[op](*ts, **args)
        outs = out if isinstance(out, list) else [out]
        ups = [torch.linspace(-1.0, 1.5, o.numel(), dtype=dtype).reshape(o.shape) if o.numel() > 1
               else torch.full(o.shape, 0.75, dtype=dtype) for o in outs]
        loss = sum((o * u).sum() for o, u in zip(outs, ups))
        if torch.is_tensor(loss) and loss.requires_grad:
            loss.backward()
        grads = []
        for t in ts:
            if not torch.is_tensor(t) or not t.requires_grad:
                grads.append(None)
            else:
                grads.append(flat(t.grad if t.grad is not None else torch.zeros_like(t)))
        cases.append({
            "name": name, "op": op, "dtype": tag, "args": args, "list": isinstance(out, list),
            "inputs": [flat(t) if torch.is_tensor(t) else {"number": t} for t in ts],
            "outputs": [flat(o) for o in outs], "upstream": [flat(u) for u in ups], "grads": grads,
        })


r = lambda *shape: torch.randn(shape, dtype=torch.float64)
mask = lambda *shape: (torch.rand(shape, dtype=torch.float64) > 0.5).double()

# where: the condition broadcast against both branches, scalar branches, and no gradient for cond.
record("where same shapes", "where", [mask(3, 4), r(3, 4), r(3, 4)], grad=[False, True, True])
record("where broadcast", "where", [mask(3, 1), r(1, 4), r(3, 4)], grad=[False, True, True])
record("where 3-D broadcast", "where", [mask(4), r(2, 3, 4), r(3, 1)], grad=[False, True, True])
record("where scalar else", "where", [mask(2, 3), r(2, 3), 0.25], grad=[False, True, False])
record("where scalar then", "where", [mask(5), -1.5, r(5)], grad=[False, False, True])

record("squeeze all", "squeeze", [r(2, 1, 3, 1)])
record("squeeze dim 1", "squeeze", [r(2, 1, 3, 1)], {"dim": 1})
record("squeeze dim -1", "squeeze", [r(2, 1, 3, 1)], {"dim": -1})
record("squeeze non-1 dim leaves it", "squeeze", [r(2, 1, 3, 1)], {"dim": 0})
record("squeeze dim list", "squeeze", [r(1, 2, 1, 3, 1)], {"dim": [0, -1, 1]})
record("squeeze scalar", "squeeze", [r()], {"dim": 0})
record("squeeze all-ones", "squeeze", [r(1, 1)])
for d in [0, 1, 2, -1, -3]:
    record(f"unsqueeze {d}", "unsqueeze", [r(3, 4)], {"dim": d})
record("unsqueeze scalar", "unsqueeze", [r()], {"dim": -1})

for dims in [[2, 0, 1], [-1, 0, 1], [0, 2, 1], [1, 2, 0]]:
    record(f"permute 3-D {dims}", "permute", [r(2, 3, 4)], {"dims": dims})
record("permute NHWC to NCHW", "permute", [r(2, 3, 4, 5)], {"dims": [0, 3, 1, 2]})
record("permute 2-D", "permute", [r(3, 5)], {"dims": [1, 0]})

for size, shape, dim in [(2, (5, 3), 0), (3, (4, 6), -1), (4, (2, 3), 1), (1, (3, 2), 0), ([1, 0, 4], (5, 2), 0),
                         ([2, 1], (2, 3, 2), 1), (2, (0, 3), 0), ([3], (2, 3), 1)]:
    record(f"split {size} dim {dim} of {list(shape)}", "split", [r(*shape)], {"size": size, "dim": dim})
for chunks, shape, dim in [(4, (10,), 0), (4, (6,), 0), (4, (5, 2), 0), (3, (2, 7), -1), (5, (3, 2), 1), (3, (0, 2), 0)]:
    record(f"chunk {chunks} dim {dim} of {list(shape)}", "chunk", [r(*shape)], {"chunks": chunks, "dim": dim})

record("sin", "sin", [r(3, 4) * 3])
record("cos", "cos", [r(3, 4) * 3])
record("sin large arguments", "sin", [torch.tensor([1e3, -1e4, 123.456, 0.0, 1e-8], dtype=torch.float64)])
record("cos large arguments", "cos", [torch.tensor([1e3, -1e4, 123.456, 0.0, 1e-8], dtype=torch.float64)])

for dim, keep in [(1, False), (-1, True), (0, False), ([0, 2], False), ([0, 2], True), ([-1, -2], False), ([0, 1, 2], False)]:
    record(f"logsumexp dim {dim} keepDims {keep}", "logsumexp", [r(2, 3, 4) * 2], {"dim": dim, "keepDims": keep})
big = torch.tensor([[1000.0, -1000.0, 999.0], [-1000.0, -1001.0, -999.5]], dtype=torch.float64)
record("logsumexp of +-1000", "logsumexp", [big], {"dim": 1})
record("logsumexp with -inf", "logsumexp", [torch.tensor([[-float("inf"), 0.5, 1.0], [2.0, -float("inf"), -1.0]],
                                                         dtype=torch.float64)], {"dim": -1})

for op in ["var", "std"]:
    for dim, corr, keep in [(None, 1, False), (0, 1, False), (1, 0, True), (1, 2, False), (-1, 2, False), ([0, 2], 1, False),
                            ([0, 2], 0, True), ([-1, -3], 1, True), (None, 0, True)]:
        args = {"correction": corr, "keepDims": keep}
        if dim is not None:
            args["dim"] = dim
        record(f"{op} dim {dim} correction {corr} keepDims {keep}", op, [r(3, 4, 2) + 5], args)

for op in ["sum", "mean", "max", "min"]:
    for dim, keep in [([0, 2], False), ([0, 2], True), ([-1, -3], False), ([1], True), ([0, 1, 2], False), ([1, 2], False),
                      ([], False)]:
        record(f"{op} dims {dim} keepDims {keep}", op, [r(3, 2, 4)], {"dim": dim, "keepDims": keep})
    # Ties: the gradient of amax/amin over a list of dims is shared among equal extrema.
    ties = torch.tensor([[[1.0, 3.0], [3.0, 0.0]], [[-2.0, -2.0], [-2.0, 5.0]]], dtype=torch.float64)
    record(f"{op} dims [1, 2] with ties", op, [ties], {"dim": [1, 2]})
    record(f"{op} dims [0, 2] with ties", op, [ties], {"dim": [0, 2], "keepDims": True})

for sa, sb in [((4,), (4,)), ((3,), (3, 5)), ((4, 3), (3,)), ((3,), (2, 3, 4)), ((2, 4, 3), (3,)), ((2, 3, 4), (4, 5)),
               ((3, 4), (2, 4, 5)), ((2, 1, 3, 4), (3, 4, 2)), ((5, 1, 2, 3), (1, 2, 3, 4)), ((2, 3, 4), (2, 4, 2)),
               ((1, 3, 4), (2, 4, 2)), ((2, 2, 3), (2, 2, 3, 2))]:
    record(f"matmul {list(sa)} @ {list(sb)}", "matmul", [r(*sa), r(*sb)])
for ta, tb in [(True, False), (False, True), (True, True)]:
    sa, sb = (2, 1, 3, 4), (3, 4, 5)
    a = r(*sa[:-2], sa[-1], sa[-2]) if ta else r(*sa)
    b = r(*sb[:-2], sb[-1], sb[-2]) if tb else r(*sb)
    record(f"matmul broadcast transA {ta} transB {tb}", "matmul", [a, b], {"transA": ta, "transB": tb})
    k = 3 if ta else 4
    record(f"matmul 3-D @ 2-D transA {ta} transB {tb}", "matmul", [r(2, 3, 4), r(5, k) if tb else r(k, 5)],
           {"transA": ta, "transB": tb})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops.json")
with open(path + ".tmp", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
os.replace(path + ".tmp", path)
print(f"wrote {len(cases)} cases to {path}")
