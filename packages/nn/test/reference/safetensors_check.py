"""An independent safetensors reader and writer (json + struct only), to cross-check @adamant/nn.

    /usr/bin/python3 packages/nn/test/reference/safetensors_check.py read FILE
        Parses FILE with nothing but json and struct and prints {metadata, tensors} as JSON.
        The vitest suite runs this on a file it just wrote when python3 is available.
    /usr/bin/python3 packages/nn/test/reference/safetensors_check.py fixtures
        Writes test/fixtures/python-written.safetensors (a file from another writer), and loads
        test/fixtures/adamant-written.safetensors into a torch nn.Sequential, recording what
        PyTorch reads and computes in test/fixtures/adamant-written.torch.json.
"""
import json
import math
import os
import struct
import sys

FORMATS = {"F32": ("f", 4), "F64": ("d", 8)}
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError("truncated")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise ValueError("header length beyond file")
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    buf = raw[8 + n :]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    spans = []
    for name, info in header.items():
        fmt, size = FORMATS[info["dtype"]]
        begin, end = info["data_offsets"]
        count = math.prod(info["shape"])
        if end - begin != count * size or end > len(buf):
            raise ValueError(f"bad offsets for {name}")
        spans.append((begin, end))
        data = list(struct.unpack("<%d%s" % (count, fmt), buf[begin:end]))
        tensors[name] = {"dtype": info["dtype"], "shape": info["shape"], "data": data}
    pos = 0
    for begin, end in sorted(spans):
        if begin != pos:
            raise ValueError("offsets do not tile the buffer")
        pos = end
    if pos != len(buf):
        raise ValueError("trailing bytes")
    return {"headerLength": n, "aligned": (8 + n) % 8 == 0, "metadata": metadata, "tensors": tensors}


def write(path, tensors, metadata):
    """Writes in tensor insertion order with json's default ', ' / ': ' spacing: unlike the
    reference writer's layout, but the same format, so the reader under test sees another style."""
    header = {"__metadata__": metadata}
    data = b""
    for name, (dtype, shape, values) in tensors.items():
        fmt, _ = FORMATS[dtype]
        chunk = struct.pack("<%d%s" % (len(values), fmt), *values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(chunk)]}
        data += chunk
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def fixtures():
    write(
        os.path.join(FIXTURES, "python-written.safetensors"),
        {
            "encoder.0.weight": ("F32", [2, 3], [0.5 * i - 1 for i in range(6)]),
            "encoder.0.bias": ("F64", [2], [1 / 3, -2.5e-300]),
            "scale": ("F32", [], [3.25]),
            "empty": ("F32", [0, 4], []),
        },
        {"format": "pt", "writer": "python json+struct"},
    )
    import torch

    parsed = read(os.path.join(FIXTURES, "adamant-written.safetensors"))
    state = {k: torch.tensor(v["data"], dtype=torch.float32).reshape(v["shape"]) for k, v in parsed["tensors"].items()}
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    model.load_state_dict(state)  # strict: PyTorch's own names and shapes must match
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype=torch.float32)
    with torch.no_grad():
        y = model(x)
    with open(os.path.join(FIXTURES, "adamant-written.torch.json"), "w") as f:
        json.dump({**parsed, "input": x.tolist(), "output": y.tolist()}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["read"]:
        print(json.dumps(read(sys.argv[2])))
    elif sys.argv[1:2] == ["fixtures"]:
        fixtures()
    else:
        sys.exit(__doc__)
