# PyTorch's side of benchmarks/scaling.ts: median seconds per training step of an MLP 784-W-W-10
# (ReLU, cross-entropy, Adam), one thread, synthetic data; prints the number.
#   /usr/bin/python3 benchmarks/scaling_torch.py <width> <batch> <budget seconds>
import os, sys, time

# One thread in truth: torch.set_num_threads does not reach the system OpenBLAS's own pool.
os.environ['OPENBLAS_NUM_THREADS'] = '1'
os.environ['OMP_NUM_THREADS'] = '1'
import torch

width, batch, budget = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
torch.set_num_threads(1)
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(784, width), torch.nn.ReLU(), torch.nn.Linear(width, width), torch.nn.ReLU(),
                            torch.nn.Linear(width, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.rand(batch, 784) - 0.5
y = torch.arange(batch) % 10
lossf = torch.nn.CrossEntropyLoss()

def step():
    opt.zero_grad()
    loss = lossf(model(x), y)
    loss.backward()
    opt.step()

for _ in range(2):
    step()
times, start = [], time.perf_counter()
while len(times) < 3 or time.perf_counter() - start < budget:
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
    if len(times) >= 200:
        break
times.sort()
print(times[len(times) // 2])
