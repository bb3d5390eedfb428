# PyTorch's figure for benchmarks/accuracy.ts's job, for comparison: Fashion-MNIST 60k/10k, MLP
# 784-256-128-10 ReLU, Adam lr 1e-3, batch 128, 10 epochs, shuffled; a few seeds, since one run's
# test accuracy varies by a few tenths of a point with the initial weights and batch order.
#   /usr/bin/python3 benchmarks/accuracy_torch.py [seeds...]
import gzip, sys
import numpy as np
import torch

DATA = '/usr/share/datasets/fashion-mnist'

def idx(name):
    with gzip.open(f'{DATA}/{name}', 'rb') as f:
        raw = f.read()
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(raw[3])]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * raw[3]).reshape(dims)

xtr = torch.from_numpy(idx('train-images-idx3-ubyte.gz').reshape(-1, 784).astype(np.float32) / 255)
ytr = torch.from_numpy(idx('train-labels-idx1-ubyte.gz').astype(np.int64))
xte = torch.from_numpy(idx('t10k-images-idx3-ubyte.gz').reshape(-1, 784).astype(np.float32) / 255)
yte = torch.from_numpy(idx('t10k-labels-idx1-ubyte.gz').astype(np.int64))

for seed in [int(s) for s in sys.argv[1:]] or [1, 2, 3]:
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                                torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    lossf = torch.nn.CrossEntropyLoss()
    curve = []
    for epoch in range(10):
        order = torch.randperm(len(xtr))
        for s in range(0, len(order), 128):
            ids = order[s:s + 128]
            opt.zero_grad()
            lossf(model(xtr[ids]), ytr[ids]).backward()
            opt.step()
        with torch.no_grad():
            curve.append((model(xte).argmax(1) == yte).float().mean().item())
    print(f'seed {seed}: test accuracy per epoch ' + ' '.join(f'{100 * a:.2f}' for a in curve), flush=True)
