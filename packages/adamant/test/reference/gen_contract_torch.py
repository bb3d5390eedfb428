# More PyTorch 1.13 float64 references for contract-torch.test.ts (writes contract-torch.json).
import json, os
import torch
import torch.nn.functional as F
torch.set_default_dtype(torch.float64)
out = {}
g = torch.Generator().manual_seed(0)
def r(*shape):
    return torch.randn(*shape, generator=g)
def T(t):
    return {'shape': list(t.shape), 'data': t.detach().flatten().tolist()}

inp = r(4, 3); tgt_cls = torch.tensor([2, 0, 1, 2]); w = torch.tensor([0.3, 1.0, 2.0])
probs = torch.softmax(r(4, 3), 1)
out['inp'] = T(inp); out['probs'] = T(probs)
out['ce_weight_smooth'] = F.cross_entropy(inp, tgt_cls, weight=w, label_smoothing=0.2).item()
out['ce_probs_smooth'] = F.cross_entropy(inp, probs, label_smoothing=0.2).item()
out['ce_weight_sum'] = F.cross_entropy(inp, tgt_cls, weight=w, reduction='sum').item()
out['ce_weight_none'] = F.cross_entropy(inp, tgt_cls, weight=w, reduction='none').tolist()
lp = F.log_softmax(inp, 1)
out['nll_weight_sum'] = F.nll_loss(lp, tgt_cls, weight=w, reduction='sum').item()
out['nll_weight_none'] = F.nll_loss(lp, tgt_cls, weight=w, reduction='none').tolist()
out['kl_none'] = F.kl_div(lp, probs, reduction='none').flatten().tolist()
t2 = r(4, 3)
out['t2'] = T(t2)
out['smoothl1_beta0'] = F.smooth_l1_loss(inp, t2, beta=0.0).item()
out['huber_sum'] = F.huber_loss(inp, t2, reduction='sum', delta=0.7).item()
out['l1_none'] = F.l1_loss(inp, t2, reduction='none').flatten().tolist()

# conv / pool
x = r(2, 4, 6, 5); out['x'] = T(x)
wg = r(6, 2, 3, 2); bg = r(6); out['wg'] = T(wg); out['bg'] = T(bg)
out['conv_groups_dil'] = T(F.conv2d(x, wg, bg, stride=(2, 1), padding=(2, 1), dilation=(2, 1), groups=2))
out['conv_same_dil'] = T(F.conv2d(x, wg, None, padding='same', dilation=2, groups=2))
out['maxpool_pad'] = T(F.max_pool2d(x, 3, stride=2, padding=1))
out['avgpool_pad'] = T(F.avg_pool2d(x, (3, 2), stride=(2, 1), padding=(1, 1)))
out['maxpool_rect'] = T(F.max_pool2d(x, (2, 3)))

# batchnorm2d train then eval
bn = torch.nn.BatchNorm2d(4, momentum=0.3, eps=1e-3)
y = bn(x)
out['bn2d_train'] = T(y)
out['bn2d_running_mean'] = bn.running_mean.tolist(); out['bn2d_running_var'] = bn.running_var.tolist()
bn.eval(); out['bn2d_eval'] = T(bn(x * 0.5 + 1))
ln = torch.nn.LayerNorm([6, 5], eps=1e-4)
with torch.no_grad():
    ln.weight.copy_(torch.linspace(0.5, 1.5, 30).reshape(6, 5)); ln.bias.copy_(torch.linspace(-1, 1, 30).reshape(6, 5))
out['ln_2d'] = T(ln(x))

# var / std / logsumexp
out['var_dims_c0'] = T(x.var(dim=(1, 3), correction=0) if False else x.var(dim=(1, 3), unbiased=False))
out['std_dims_keep'] = T(x.std(dim=(0, 2), keepdim=True))
out['lse_dims'] = T(torch.logsumexp(x, dim=(1, 2)))

# optimizers: several steps with options
def run(cls, steps=6, **kw):
    p = torch.nn.Parameter(torch.tensor([0.5, -1.5, 2.0, 0.1]))
    opt = cls([p], **kw)
    for i in range(steps):
        p.grad = torch.tensor([0.3, -0.2, 0.0, 1.0]) * (1 + 0.5 * (i % 2)) + 0.2 * p.detach() ** 2
        opt.step()
    return p.detach().tolist()
cases = {
  'adam_amsgrad_max': ('adam', dict(lr=0.05, amsgrad=True, maximize=True, weight_decay=0.1)),
  'adamw_amsgrad': ('adamw', dict(lr=0.05, amsgrad=True, weight_decay=0.3)),
  'sgd_nesterov': ('sgd', dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
  'sgd_dampening': ('sgd', dict(lr=0.05, momentum=0.8, dampening=0.3)),
  'rmsprop_centered': ('rmsprop', dict(lr=0.01, momentum=0.5, centered=True, alpha=0.9, weight_decay=0.1)),
  'adagrad_decay': ('adagrad', dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.2, weight_decay=0.1)),
  'adadelta_opts': ('adadelta', dict(lr=0.5, rho=0.8, weight_decay=0.1)),
  'adamax_wd': ('adamax', dict(lr=0.05, weight_decay=0.1)),
  'nadam_opts': ('nadam', dict(lr=0.05, momentum_decay=0.01, weight_decay=0.1, foreach=True)),
  'radam_opts': ('radam', dict(lr=0.05, weight_decay=0.1, foreach=False)),
  'rprop_opts': ('rprop', dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2))),
  'asgd_t0': ('asgd', dict(lr=0.05, lambd=1e-2, alpha=0.5, t0=2, weight_decay=0.1)),
}
C = {'adam': torch.optim.Adam, 'adamw': torch.optim.AdamW, 'sgd': torch.optim.SGD, 'rmsprop': torch.optim.RMSprop,
     'adagrad': torch.optim.Adagrad, 'adadelta': torch.optim.Adadelta, 'adamax': torch.optim.Adamax, 'nadam': torch.optim.NAdam,
     'radam': torch.optim.RAdam, 'rprop': torch.optim.Rprop, 'asgd': torch.optim.ASGD}
out['opt'] = {k: {'name': n, 'options': {kk: (list(v) if isinstance(v, tuple) else v) for kk, v in kw.items() if kk != 'foreach'}, 'want': run(C[n], **kw)} for k, (n, kw) in cases.items()}
# ASGD averaged parameters ax
p = torch.nn.Parameter(torch.tensor([0.5, -1.5])); opt = torch.optim.ASGD([p], lr=0.05, t0=2)
for i in range(5):
    p.grad = torch.tensor([0.3, -0.2]) + p.detach(); opt.step()
out['asgd_ax'] = opt.state[p]['ax'].tolist(); out['asgd_p'] = p.detach().tolist()

S = torch.optim.lr_scheduler
def lrs(make, steps, metrics=None):
    p = torch.nn.Parameter(torch.zeros(1)); opt = torch.optim.SGD([p], lr=1.0, momentum=0.9)
    s = make(opt); got = [opt.param_groups[0]['lr']]
    for i in range(steps):
        opt.step(); s.step(*( [metrics[i]] if metrics else [])); got.append(opt.param_groups[0]['lr'])
    return got
out['cyclic_exp_range'] = lrs(lambda o: S.CyclicLR(o, base_lr=0.1, max_lr=1.0, step_size_up=2, step_size_down=3, mode='exp_range', gamma=0.9), 12)
out['warm_tmult1'] = lrs(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=4), 10)
out['plateau_opts'] = lrs(lambda o: S.ReduceLROnPlateau(o, mode='max', factor=0.5, patience=1, threshold=0.1, threshold_mode='abs', cooldown=1, min_lr=0.1), 12,
                          metrics=[1, 1.05, 1.2, 1.25, 1.28, 1.3, 1.31, 1.5, 1.5, 1.5, 1.5, 1.5])
out['onecycle_linear'] = lrs(lambda o: S.OneCycleLR(o, max_lr=2.0, total_steps=8, pct_start=0.25, anneal_strategy='linear', div_factor=10, final_div_factor=100), 7)
out['multistep'] = lrs(lambda o: S.MultiStepLR(o, milestones=[2, 5], gamma=0.3), 7)
out['linear_opts'] = lrs(lambda o: S.LinearLR(o, start_factor=0.5, end_factor=0.1, total_iters=3), 5)
out['cosine_etamin'] = lrs(lambda o: S.CosineAnnealingLR(o, T_max=4, eta_min=0.2), 9)

# clip
a = torch.tensor([3.0, -4.0], requires_grad=True); b = torch.tensor([1.0, 2.0, -2.0], requires_grad=True)
a.grad = torch.tensor([3.0, -4.0]); b.grad = torch.tensor([1.0, 2.0, -2.0])
n1 = torch.nn.utils.clip_grad_norm_([a, b], 2.0, norm_type=1.0)
out['clip_l1'] = {'norm': n1.item(), 'a': a.grad.tolist(), 'b': b.grad.tolist()}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'contract-torch.json'), 'w') as f:
    json.dump(out, f)
