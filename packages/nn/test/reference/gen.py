"""Reference values and gradients of the losses, from PyTorch in float64.

Run from the repository root with Debian's python3-torch:
    /usr/bin/python3 packages/nn/test/reference/gen.py
It rewrites losses.json next to this file; the vitest suite reads that and needs no Python.
"""
import torch
import torch.nn as nn

from common import loss_case, write_cases

torch.manual_seed(0)
D = torch.float64
cases = []


def record(*args):
    cases.append(loss_case(*args))


for reduction in ["mean", "sum", "none"]:
    x = torch.randn(4, 3, dtype=D)
    y = torch.randn(4, 3, dtype=D)
    record(f"mse {reduction}", "mse", nn.MSELoss(reduction=reduction), x, y, {"reduction": reduction}, "tensor", True)

for reduction in ["mean", "sum", "none"]:
    for smoothing in [0.0, 0.1]:
        logits = torch.randn(5, 4, dtype=D) * 3
        labels = torch.tensor([0, 3, 1, 2, 3])
        opts = {"reduction": reduction, "labelSmoothing": smoothing}
        ce = nn.CrossEntropyLoss(reduction=reduction, label_smoothing=smoothing)
        record(f"cross-entropy classes {reduction} ls={smoothing}", "cross-entropy", ce, logits, labels, opts, "classes", False)
        probs = torch.softmax(torch.randn(5, 4, dtype=D), dim=1)
        record(f"cross-entropy probabilities {reduction} ls={smoothing}", "cross-entropy", ce, logits, probs, opts, "tensor", True)

big = torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]], dtype=D)
record("cross-entropy logits of ±1000", "cross-entropy", nn.CrossEntropyLoss(), big, torch.tensor([1, 2]), {"reduction": "mean", "labelSmoothing": 0.0}, "classes", False)
record("cross-entropy logits of ±1000 smoothed", "cross-entropy", nn.CrossEntropyLoss(reduction="sum", label_smoothing=0.2), big, torch.tensor([0, 1]), {"reduction": "sum", "labelSmoothing": 0.2}, "classes", False)

for reduction in ["mean", "sum", "none"]:
    x = torch.cat([torch.randn(10, dtype=D) * 4, torch.tensor([0.0, 30.0, -30.0, 100.0, -100.0, 2.5], dtype=D)]).reshape(4, 4)
    t = torch.rand(4, 4, dtype=D)
    t[0, 0], t[1, 1] = 0.0, 1.0
    record(f"bce-with-logits {reduction}", "bce-with-logits", nn.BCEWithLogitsLoss(reduction=reduction), x, t, {"reduction": reduction}, "tensor", True)
pw = torch.tensor([0.5, 1.0, 2.0, 3.0], dtype=D)
x = torch.randn(3, 4, dtype=D) * 2
t = torch.rand(3, 4, dtype=D)
record("bce-with-logits posWeight", "bce-with-logits", nn.BCEWithLogitsLoss(pos_weight=pw), x, t, {"reduction": "mean", "posWeight": pw.tolist()}, "tensor", True)

write_cases("losses.json", "gen.py", cases, indent=1)
