# PyTorch's epoch on the same job, weights and batch order (written by benchmarks/epoch.ts).
#   /usr/bin/python3 benchmarks/epoch/torch_epoch.py <setup dir> <threads> [<BLAS threads>]
# <threads> is torch.set_num_threads (OpenMP, the elementwise ops); the BLAS's own thread pool is set
# apart, before torch loads it: Debian's torch calls the system OpenBLAS, whose pool set_num_threads
# does not reach, so without OPENBLAS_NUM_THREADS a "1-thread" PyTorch runs its products on every core.
import gzip, json, os, resource, sys, time

setup, threads = sys.argv[1], int(sys.argv[2])
blas_threads = int(sys.argv[3]) if len(sys.argv) > 3 else threads
os.environ['OPENBLAS_NUM_THREADS'] = str(blas_threads)
os.environ['OMP_NUM_THREADS'] = str(threads)

import numpy as np
import torch

torch.set_num_threads(threads)
DATA = '/usr/share/datasets/fashion-mnist'
SIZES = [784, 256, 128, 10]

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

flat = np.fromfile(f'{setup}/weights.bin', dtype=np.float32)
layers, off = [], 0
for i in range(len(SIZES) - 1):
    lin = torch.nn.Linear(SIZES[i], SIZES[i + 1])
    n = SIZES[i] * SIZES[i + 1]
    with torch.no_grad():
        lin.weight.copy_(torch.from_numpy(flat[off:off + n].reshape(SIZES[i + 1], SIZES[i]))); off += n
        lin.bias.copy_(torch.from_numpy(flat[off:off + SIZES[i + 1]])); off += SIZES[i + 1]
    layers += [lin, torch.nn.ReLU()]
model = torch.nn.Sequential(*layers[:-1])
opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-8)
order = torch.from_numpy(np.fromfile(f'{setup}/order.bin', dtype=np.int32).astype(np.int64))
lossf = torch.nn.CrossEntropyLoss()

start = time.perf_counter()
nb = 0
for s in range(0, len(order), 128):
    ids = order[s:s + 128]
    x, y = xtr[ids], ytr[ids]
    opt.zero_grad()
    loss = lossf(model(x), y)
    loss.backward()
    opt.step()
    nb += 1
epoch_s = time.perf_counter() - start
with torch.no_grad():
    acc = (model(xte).argmax(1) == yte).float().mean().item()
print('RESULT ' + json.dumps(dict(
    framework=f'PyTorch {torch.__version__} CPU (OpenMP {threads}, OpenBLAS {blas_threads})',
    threads=max(threads, blas_threads), loadSeconds=load_s, epochSeconds=epoch_s,
    batchesTimed=nb, batchesTotal=nb, extrapolated=False, finalLoss=loss.item(), testAccuracy=acc,
    peakRssMiB=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)), flush=True)
