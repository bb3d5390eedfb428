# Reference numbers for contract.test.ts / contract-round2.test.ts: what PyTorch (1.13, float64)
# gives for the defaults DESIGN.md promises. Run: /usr/bin/python3 gen_contract.py (writes contract.json).
import json, math, os
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
out = {}

def lrs(make, steps, lr=1.0, opt_cls=torch.optim.SGD, **okw):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = opt_cls([p], lr=lr, **okw)
    s = make(opt)
    got = [opt.param_groups[0]['lr']]
    for _ in range(steps):
        opt.step()
        s.step()
        got.append(opt.param_groups[0]['lr'])
    return got

S = torch.optim.lr_scheduler
out['stepLR_default'] = lrs(lambda o: S.StepLR(o, step_size=2), 6)
out['cosine_past_tmax'] = lrs(lambda o: S.CosineAnnealingLR(o, T_max=3), 10)
out['linearLR_default'] = lrs(lambda o: S.LinearLR(o), 7)
out['oneCycle_default'] = lrs(lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=10, cycle_momentum=False), 9)
out['cyclic_default'] = lrs(lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3, cycle_momentum=False), 14)
out['cyclic_tri2'] = lrs(lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2, mode='triangular2', cycle_momentum=False), 12)
out['warm_restarts'] = lrs(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.01), 12)
out['poly_default'] = lrs(lambda o: S.PolynomialLR(o), 7)
out['poly_power2'] = lrs(lambda o: S.PolynomialLR(o, total_iters=4, power=2.0), 6)
out['multiplicative'] = lrs(lambda o: S.MultiplicativeLR(o, lr_lambda=lambda e: 0.9), 4)
def chained(o):
    return S.ChainedScheduler([S.ExponentialLR(o, gamma=0.9), S.StepLR(o, step_size=2, gamma=0.5)])
out['chained'] = lrs(chained, 6)

# one step of each optimizer from its defaults
x0 = [0.5, -1.5, 2.0]
g = [0.3, -0.2, 0.0]
def one(opt_cls, steps=3, **kw):
    p = torch.nn.Parameter(torch.tensor(x0))
    opt = opt_cls([p], **kw)
    for _ in range(steps):
        p.grad = torch.tensor(g) + 0.1 * p.detach()
        opt.step()
    return p.detach().tolist()
out['opt_steps'] = {
    'adam': one(torch.optim.Adam), 'adamw': one(torch.optim.AdamW), 'adamax': one(torch.optim.Adamax),
    'nadam': one(torch.optim.NAdam, foreach=True), 'radam': one(torch.optim.RAdam, foreach=False),
    'rmsprop': one(torch.optim.RMSprop), 'adagrad': one(torch.optim.Adagrad), 'adadelta': one(torch.optim.Adadelta),
    'sgd': one(torch.optim.SGD, lr=0.1), 'rprop': one(torch.optim.Rprop), 'asgd': one(torch.optim.ASGD),
}
# Lion (not in torch 1.13): the paper's update, by hand, from lr 1e-4, betas (0.9, 0.99), wd 0.
p = torch.tensor(x0); m = torch.zeros(3)
for _ in range(3):
    gr = torch.tensor(g) + 0.1 * p
    c = 0.9 * m + 0.1 * gr
    p = p - 1e-4 * torch.sign(c)
    m = 0.99 * m + 0.01 * gr
out['opt_steps']['lion'] = p.tolist()

# LBFGS on a quadratic, defaults, one step(closure)
A = torch.tensor([[3.0, 0.5], [0.5, 1.0]]); b = torch.tensor([1.0, -2.0])
def lbfgs(**kw):
    x = torch.nn.Parameter(torch.tensor([2.0, 2.0]))
    opt = torch.optim.LBFGS([x], **kw)
    def closure():
        opt.zero_grad()
        l = 0.5 * x @ A @ x - b @ x
        l.backward()
        return l
    first = opt.step(closure).item()
    return {'first_loss': first, 'x': x.detach().tolist()}
out['lbfgs_default'] = lbfgs()
out['lbfgs_wolfe'] = lbfgs(line_search_fn='strong_wolfe')

# losses
inp = torch.tensor([[0.2, -1.0, 3.0], [1.5, 0.0, -0.5]])
tgt = torch.tensor([[0.0, -0.5, 1.0], [1.0, 1.0, -0.4]])
out['l1'] = F.l1_loss(inp, tgt).item()
out['smoothL1_default'] = F.smooth_l1_loss(inp, tgt).item()
out['smoothL1_beta'] = F.smooth_l1_loss(inp, tgt, beta=0.5).item()
out['huber_default'] = F.huber_loss(inp, tgt).item()
out['huber_delta'] = F.huber_loss(inp, tgt, delta=0.5).item()
logp = F.log_softmax(inp, dim=1)
q = F.softmax(tgt, dim=1)
out['kl_mean'] = F.kl_div(logp, q, reduction='mean').item()
out['kl_batchmean'] = F.kl_div(logp, q, reduction='batchmean').item()
out['kl_sum_logtarget'] = F.kl_div(logp, q.log(), reduction='sum', log_target=True).item()
cls = torch.tensor([2, 0])
w = torch.tensor([0.5, 2.0, 1.5])
out['nll_weight'] = F.nll_loss(logp, cls, weight=w).item()
out['nll_ignore'] = F.nll_loss(logp, torch.tensor([2, -100])).item()
logits4 = torch.tensor([[[[0.1, 0.5], [-0.3, 1.0]], [[1.2, -0.4], [0.0, 0.3]], [[-1.0, 0.2], [0.7, -0.2]]]])  # [1,3,2,2]
t4 = torch.tensor([[[0, 2], [1, 1]]])
out['ce_spatial'] = F.cross_entropy(logits4, t4).item()
out['ce_weight_ignore'] = F.cross_entropy(inp, torch.tensor([1, 2]), weight=w, ignore_index=2).item()
out['ce_smooth'] = F.cross_entropy(inp, cls, label_smoothing=0.1).item()
out['mse_sum'] = F.mse_loss(inp, tgt, reduction='sum').item()
out['bce'] = F.binary_cross_entropy_with_logits(inp, torch.sigmoid(tgt)).item()

# tensor ops
xv = torch.tensor([[1.0, 2.0, 4.0], [3.0, -1.0, 0.5]])
out['var_default'] = xv.var().item()
out['var_dim1'] = xv.var(1).tolist()
out['var_c0'] = xv.var(1, correction=0).tolist() if hasattr(torch.Tensor, 'var') else None
out['std_dim0'] = xv.std(0).tolist()
out['logsumexp1'] = xv.logsumexp(1).tolist()

# conv / pool
torch.manual_seed(0)
xc = torch.arange(1 * 2 * 5 * 5, dtype=torch.float64).reshape(1, 2, 5, 5) / 10
wc = (torch.arange(3 * 2 * 3 * 3, dtype=torch.float64).reshape(3, 2, 3, 3) - 20) / 30
out['conv_nobias'] = F.conv2d(xc, wc).flatten().tolist()
out['conv_s2p1'] = F.conv2d(xc, wc, torch.tensor([0.1, -0.2, 0.3]), stride=2, padding=1).flatten().tolist()
out['conv_same_shape'] = list(F.conv2d(xc, wc, padding='same').shape)
out['maxpool2'] = F.max_pool2d(xc, 2).flatten().tolist()
out['avgpool3s1p1'] = F.avg_pool2d(xc, 3, stride=1, padding=1).flatten().tolist()

# batchnorm running stats after one train forward
bn = torch.nn.BatchNorm1d(3)
xb = torch.tensor([[1.0, 2.0, 3.0], [2.0, 0.0, -1.0], [0.5, 1.0, 4.0], [3.0, -2.0, 0.0]])
yb = bn(xb)
out['bn1d'] = {'y': yb.detach().flatten().tolist(), 'mean': bn.running_mean.tolist(), 'var': bn.running_var.tolist()}
ln = torch.nn.LayerNorm(3)
out['layernorm'] = ln(xb).detach().flatten().tolist()

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'contract.json'), 'w') as f:
    json.dump(out, f, indent=1)

# round 2b: CyclicLR cycles SGD's momentum (cycleMomentum default true, 0.8..0.9); Adam in float32
def cyc_mom():
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0, momentum=0.9)
    s = S.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2)
    got = [opt.param_groups[0]['momentum']]
    for _ in range(5):
        opt.step(); s.step(); got.append(opt.param_groups[0]['momentum'])
    return got
out2 = {'cyclic_momentum': cyc_mom()}
p = torch.nn.Parameter(torch.tensor(x0, dtype=torch.float32))
opt = torch.optim.Adam([p], lr=0.01)
for i in range(20):
    p.grad = torch.tensor(g, dtype=torch.float32) + 0.1 * p.detach() * (1 + i % 3)
    opt.step()
out2['adam_f32'] = p.detach().tolist()
# OneCycleLR with SGD momentum: cycles momentum 0.95 -> 0.85 -> 0.95
def onecycle_mom():
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0, momentum=0.9)
    s = S.OneCycleLR(opt, max_lr=0.1, total_steps=10)
    got = [opt.param_groups[0]['momentum']]
    for _ in range(9):
        opt.step(); s.step(); got.append(opt.param_groups[0]['momentum'])
    return got
out2['onecycle_momentum'] = onecycle_mom()
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'contract-more.json'), 'w') as f:
    json.dump(out2, f, indent=1)
