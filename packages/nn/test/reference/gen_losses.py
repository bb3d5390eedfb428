"""Reference values and gradients of the round-2 losses and options, from PyTorch in float64.

l1, smoothL1 (beta), huber (delta), nll (weight, ignoreIndex, [N, C, d1, ...]), klDiv (every
reduction incl. 'batchmean', logTarget) and crossEntropy's weight, ignoreIndex and [N, C, d1, ...]
inputs, each with every reduction. Run from the repository root with Debian's python3-torch:
    /usr/bin/python3 packages/nn/test/reference/gen_losses.py
It rewrites losses_round2.json next to this file; the vitest suite reads that and needs no Python.
"""
import torch
import torch.nn.functional as F

from common import loss_case, write_cases

torch.manual_seed(11)
torch.set_default_dtype(torch.float64)
D = torch.float64
cases = []
REDUCTIONS = ["mean", "sum", "none"]


def record(*args):
    cases.append(loss_case(*args))


def pair(shape, scale=2.0):
    x = torch.randn(*shape) * scale
    y = torch.randn(*shape) * scale
    return x, y


# l1: a few equal elements, where PyTorch's gradient is sign(0) = 0.
for reduction in REDUCTIONS:
    x, y = pair((3, 4))
    y[0, 1], y[2, 3] = x[0, 1], x[2, 3]
    record(f"l1 {reduction}", "l1", lambda a, b, r=reduction: F.l1_loss(a, b, reduction=r), x, y,
           {"reduction": reduction}, "tensor", True)


def with_boundary(x, y, at):
    # |x − y| exactly `at` (all exactly representable), so both sides of the kink meet in the test.
    x[0, 0], y[0, 0] = 1.5, 1.5 - at
    x[1, 2], y[1, 2] = -1.0, -1.0 + at
    return x, y


for reduction in REDUCTIONS:
    for beta in [1.0, 0.5, 2.5, 0.0]:
        # At beta = 0 the kink is d = 0, where PyTorch's kernel gives -1 (its `x <= -beta` test) and
        # we give l1's 0; the unit tests pin ours, so no element sits there.
        x, y = with_boundary(*pair((4, 3)), beta) if beta > 0 else pair((4, 3))
        record(f"smoothL1 {reduction} beta={beta}", "smooth-l1",
               lambda a, b, r=reduction, be=beta: F.smooth_l1_loss(a, b, reduction=r, beta=be), x, y,
               {"reduction": reduction, "beta": beta}, "tensor", True)

for reduction in REDUCTIONS:
    for delta in [1.0, 0.25, 2.0]:
        x, y = with_boundary(*pair((4, 3)), delta)
        record(f"huber {reduction} delta={delta}", "huber",
               lambda a, b, r=reduction, d=delta: F.huber_loss(a, b, reduction=r, delta=d), x, y,
               {"reduction": reduction, "delta": delta}, "tensor", True)


def class_case(shape, c, ignore=None, ignore_index=-100):
    """Log-probs-or-logits of [N, C, d...] and labels of [N, d...] with some positions ignored."""
    n, rest = shape[0], shape[1:]
    logits = torch.randn(n, c, *rest) * 2
    labels = torch.randint(0, c, (n, *rest))
    if ignore is not None:
        flat_labels = labels.view(-1)
        for i in ignore:
            flat_labels[i] = ignore_index
    return logits, labels


nll_layouts = [("[N, C]", (6,), 4), ("[N, C, d1, d2]", (3, 2, 3), 4)]
for layout, shape, c in nll_layouts:
    for reduction in REDUCTIONS:
        for weighted in [False, True]:
            for ignore_index in [-100, 1]:
                logits, labels = class_case(shape, c, ignore=[0, 3], ignore_index=ignore_index)
                logp = torch.log_softmax(logits, dim=1)
                weight = torch.tensor([0.5, 2.0, 1.0, 3.0]) if weighted else None
                opts = {"reduction": reduction}
                if weighted:
                    opts["weight"] = weight.tolist()
                if ignore_index != -100:
                    opts["ignoreIndex"] = ignore_index
                record(f"nll {layout} {reduction} weight={weighted} ignoreIndex={ignore_index}", "nll",
                       lambda a, b, r=reduction, w=weight, ii=ignore_index: F.nll_loss(a, b, weight=w, ignore_index=ii, reduction=r),
                       logp, labels, opts, "classes", False)

ce_layouts = [("[N, C]", (5,), 3), ("[N, C, d1]", (2, 3), 3), ("[N, C, d1, d2]", (2, 2, 3), 3)]
for layout, shape, c in ce_layouts:
    for reduction in REDUCTIONS:
        for weighted in [False, True]:
            for smoothing in [0.0, 0.2]:
                weight = torch.tensor([0.3, 1.0, 2.5]) if weighted else None
                ignore_index = 2 if weighted else -100
                logits, labels = class_case(shape, c, ignore=[1], ignore_index=ignore_index)
                opts = {"reduction": reduction, "labelSmoothing": smoothing}
                if weighted:
                    opts["weight"] = weight.tolist()
                    opts["ignoreIndex"] = ignore_index
                ce = lambda a, b, r=reduction, w=weight, ii=ignore_index, ls=smoothing: F.cross_entropy(
                    a, b, weight=w, ignore_index=ii, reduction=r, label_smoothing=ls)
                record(f"crossEntropy classes {layout} {reduction} weight={weighted} ls={smoothing}", "cross-entropy",
                       ce, logits, labels, opts, "classes", False)
                # ignore_index is an error with probabilities in PyTorch too ("not supported for floating point target").
                pce = lambda a, b, r=reduction, w=weight, ls=smoothing: F.cross_entropy(a, b, weight=w, reduction=r, label_smoothing=ls)
                probs = torch.softmax(torch.randn(*logits.shape), dim=1)
                popts = {k: v for k, v in opts.items() if k != "ignoreIndex"}
                record(f"crossEntropy probabilities {layout} {reduction} weight={weighted} ls={smoothing}", "cross-entropy",
                       pce, logits, probs, popts, "tensor", True)

for shape in [(4, 5), (2, 3, 4)]:
    for reduction in ["mean", "batchmean", "sum", "none"]:
        for log_target in [False, True]:
            inp = torch.log_softmax(torch.randn(*shape), dim=1)
            tgt = torch.softmax(torch.randn(*shape) * 1.5, dim=1)
            if log_target:
                tgt = tgt.log()
            record(f"klDiv {list(shape)} {reduction} logTarget={log_target}", "kl-div",
                   lambda a, b, r=reduction, lt=log_target: F.kl_div(a, b, reduction=r, log_target=lt),
                   inp, tgt, {"reduction": reduction, "logTarget": log_target}, "tensor", True)
# Zero target probabilities contribute 0 (xlogy); PyTorch's gradient to such a target is NaN, so
# only the input's gradient is compared here.
inp = torch.log_softmax(torch.randn(3, 4), dim=1)
tgt = torch.tensor([[0.0, 0.5, 0.5, 0.0], [1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]])
record("klDiv zero target probabilities", "kl-div", lambda a, b: F.kl_div(a, b, reduction="batchmean"),
       inp, tgt, {"reduction": "batchmean", "logTarget": False}, "tensor", False)

write_cases("losses_round2.json", "gen_losses.py", cases)
