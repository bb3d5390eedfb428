"""PyTorch references for Conv2d / BatchNorm layers and a conv-bn-relu-pool-flatten-linear model.

Run from the repository root with Debian's python3-torch (1.13):
    /usr/bin/python3 packages/nn/test/reference/gen_cnn.py
It writes, next to this file:
- cnn.safetensors: the state dict of a small trained nn.Sequential (BatchNorm buffers included,
  num_batches_tracked as I64), written in the safetensors format by hand (struct + json) since the
  safetensors Python package is not installed here; the layout follows the reference writer.
- cnn.json: the input and eval-mode logits of that model, and BatchNorm cases (running statistics
  after several training steps, train-mode outputs and gradients, eval outputs) in float64.
packages/nn/test/cnn-reference.test.ts reads both and needs no Python.
"""
import json
import os
import struct

import torch
from torch import nn

from common import HERE, flat

DTYPES = {torch.float32: ("F32", "f"), torch.float64: ("F64", "d"), torch.int64: ("I64", "q")}


def save_safetensors(state, path):
    # The reference writer's layout: larger dtypes first, then by name; header padded to 8 bytes.
    items = sorted(state.items(), key=lambda kv: (-kv[1].element_size(), kv[0]))
    header, blobs, offset = {}, [], 0
    for name, t in items:
        code, fmt = DTYPES[t.dtype]
        data = struct.pack(f"<{t.numel()}{fmt}", *t.reshape(-1).tolist())
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header, data = json.loads(raw[8:8 + n]), raw[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        code = info["dtype"]
        dtype, fmt = next((d, f) for d, (c, f) in DTYPES.items() if c == code)
        b, e = info["data_offsets"]
        count = (e - b) // torch.tensor([], dtype=dtype).element_size()
        out[name] = torch.tensor(struct.unpack(f"<{count}{fmt}", data[b:e]), dtype=dtype).reshape(info["shape"])
    return out


def make_model():
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(4, 6, 3, stride=1, groups=2), nn.BatchNorm2d(6, momentum=0.2), nn.ReLU(),
                         nn.Flatten(), nn.Linear(6 * 2 * 2, 3))


if __name__ == "__main__":
    torch.manual_seed(0)
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(4):
        x = torch.randn(6, 1, 8, 8)
        y = torch.randint(0, 3, (6,))
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    x_test = torch.randn(3, 1, 8, 8)
    with torch.no_grad():
        logits = model(x_test)
    save_safetensors(model.state_dict(), os.path.join(HERE, "cnn.safetensors"))
    # The file loads back into a fresh torch model with strict=True: the check the JS side mirrors.
    fresh = make_model()
    fresh.load_state_dict(load_safetensors(os.path.join(HERE, "cnn.safetensors")), strict=True)
    fresh.eval()
    assert torch.equal(fresh(x_test), logits)

    torch.set_default_dtype(torch.float64)
    bn_cases = []
    for name, layer, shape in [
        ("BatchNorm2d momentum 0.3", nn.BatchNorm2d(3, momentum=0.3), (4, 3, 5, 5)),
        ("BatchNorm2d defaults", nn.BatchNorm2d(2), (3, 2, 4, 3)),
        ("BatchNorm1d [N, C]", nn.BatchNorm1d(5), (8, 5)),
        ("BatchNorm1d [N, C, L] momentum null", nn.BatchNorm1d(3, momentum=None), (4, 3, 6)),
        ("BatchNorm1d no affine", nn.BatchNorm1d(4, affine=False, eps=1e-3), (6, 4)),
        ("BatchNorm2d no running stats", nn.BatchNorm2d(2, track_running_stats=False), (2, 2, 3, 3)),
    ]:
        if layer.affine:
            with torch.no_grad():
                layer.weight.copy_(torch.randn(layer.num_features))
                layer.bias.copy_(torch.randn(layer.num_features))
        batches = [torch.randn(shape) * 2 + 1 for _ in range(4)]
        for b in batches[:-1]:
            layer(b)
        last = batches[-1].clone().requires_grad_(True)
        out = layer(last)
        up = torch.linspace(-1.0, 1.5, out.numel()).reshape(out.shape)
        (out * up).sum().backward()
        layer.eval()
        x_eval = torch.randn(shape)
        with torch.no_grad():
            out_eval = layer(x_eval)
        bn_cases.append({
            "name": name, "kind": type(layer).__name__, "numFeatures": layer.num_features,
            "options": {"eps": layer.eps, "momentum": layer.momentum, "affine": layer.affine,
                        "trackRunningStats": layer.track_running_stats},
            "weight": flat(layer.weight) if layer.affine else None, "bias": flat(layer.bias) if layer.affine else None,
            "batches": [flat(b) for b in batches], "output": flat(out), "upstream": flat(up),
            "gradInput": flat(last.grad), "gradWeight": flat(layer.weight.grad) if layer.affine else None,
            "gradBias": flat(layer.bias.grad) if layer.affine else None,
            "state": {k: flat(v.to(torch.float64)) for k, v in layer.state_dict().items()},
            "evalInput": flat(x_eval), "evalOutput": flat(out_eval),
        })

    with open(os.path.join(HERE, "cnn.json"), "w") as f:
        json.dump({"torch": torch.__version__, "model": {"input": flat(x_test), "logits": flat(logits),
                   "keys": list(model.state_dict().keys())}, "batchNorm": bn_cases}, f, separators=(",", ":"))
    print("wrote cnn.safetensors and cnn.json")
