# PyTorch (1 thread) on benchmarks/cnn.ts's job, from the same weights and batch order it wrote:
# conv 1->32 3x3, ReLU, max-pool 2, conv 32->64 3x3, ReLU, max-pool 2, linear 1600->10; Adam; batch 128.
#   /usr/bin/python3 benchmarks/cnn_torch.py <setup dir> <batches timed>
import gzip, json, os, resource, sys, time

# One thread in truth: torch.set_num_threads does not reach the system OpenBLAS's own pool.
os.environ['OPENBLAS_NUM_THREADS'] = '1'
os.environ['OMP_NUM_THREADS'] = '1'
import numpy as np
import torch
from torch import nn

setup, max_batches = sys.argv[1], int(sys.argv[2])
torch.set_num_threads(1)
DATA = '/usr/share/datasets/fashion-mnist'
SHAPES = [('1.weight', (32, 1, 3, 3)), ('1.bias', (32,)), ('4.weight', (64, 32, 3, 3)), ('4.bias', (64,)),
          ('8.weight', (10, 1600)), ('8.bias', (10,))]


def idx(name):
    with gzip.open(f'{DATA}/{name}', 'rb') as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


t0 = time.perf_counter()
xtr = torch.from_numpy(idx('train-images-idx3-ubyte.gz').reshape(-1, 784).astype(np.float32) / 255)
ytr = torch.from_numpy(idx('train-labels-idx1-ubyte.gz').astype(np.int64))
xte = torch.from_numpy(idx('t10k-images-idx3-ubyte.gz').reshape(-1, 784).astype(np.float32) / 255)
yte = torch.from_numpy(idx('t10k-labels-idx1-ubyte.gz').astype(np.int64))
load_s = time.perf_counter() - t0

model = nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600, 10))
flat = np.fromfile(f'{setup}/weights.bin', dtype=np.float32)
state, off = {}, 0
for name, shape in SHAPES:
    n = int(np.prod(shape))
    state[name] = torch.from_numpy(flat[off:off + n].reshape(shape).copy())
    off += n
model.load_state_dict(state, strict=True)
opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-8)
order = torch.from_numpy(np.fromfile(f'{setup}/order.bin', dtype=np.int32).astype(np.int64))
total = (len(order) + 127) // 128
timed = min(total, max_batches)
lossf = nn.CrossEntropyLoss()

start = time.perf_counter()
for b in range(timed):
    ids = order[b * 128:(b + 1) * 128]
    opt.zero_grad()
    loss = lossf(model(xtr[ids]), ytr[ids])
    loss.backward()
    opt.step()
seconds = time.perf_counter() - start
with torch.no_grad():
    acc = (model(xte[:2000]).argmax(1) == yte[:2000]).float().mean().item()
print('RESULT ' + json.dumps(dict(
    framework=f'PyTorch {torch.__version__} CPU', threads=1, loadSeconds=load_s, epochSeconds=seconds * total / timed,
    batchesTimed=timed, batchesTotal=total, extrapolated=timed < total, finalLoss=loss.item(), testAccuracy=acc,
    peakRssMiB=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)), flush=True)
