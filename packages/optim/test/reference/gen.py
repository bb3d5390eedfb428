"""Reference trajectories and lr sequences from PyTorch, read by the optim tests.

Run with Debian's python3-torch (1.13): /usr/bin/python3 packages/optim/test/reference/gen.py
We follow torch 2.x semantics; two torch 1.13 bugs are avoided by choosing the implementation:
NAdam runs with foreach=True (the single-tensor path multiplies an extra mu into mu_product) and
RAdam with foreach=False (the foreach path drops eps).
"""
import math

import torch

from common import lr_trajectory, scheduler_optimizer, write_json

STEPS = 25
SNAKE = {
    'weightDecay': 'weight_decay', 'lrDecay': 'lr_decay', 'initialAccumulatorValue': 'initial_accumulator_value',
    'momentumDecay': 'momentum_decay', 'stepSize': 'step_size', 'tMax': 'T_max', 'etaMin': 'eta_min',
    'startFactor': 'start_factor', 'endFactor': 'end_factor', 'totalIters': 'total_iters', 'maxLr': 'max_lr',
    'totalSteps': 'total_steps', 'pctStart': 'pct_start', 'divFactor': 'div_factor',
    'finalDivFactor': 'final_div_factor', 'annealStrategy': 'anneal_strategy', 'threePhase': 'three_phase',
    'cycleMomentum': 'cycle_momentum', 'baseMomentum': 'base_momentum', 'maxMomentum': 'max_momentum',
    'minLr': 'min_lr', 'thresholdMode': 'threshold_mode',
}
OPTIMIZERS = {
    'sgd': torch.optim.SGD, 'adam': torch.optim.Adam, 'adamw': torch.optim.AdamW, 'adamax': torch.optim.Adamax,
    'nadam': torch.optim.NAdam, 'radam': torch.optim.RAdam, 'rmsprop': torch.optim.RMSprop,
    'adagrad': torch.optim.Adagrad, 'adadelta': torch.optim.Adadelta,
}


def torch_kwargs(options):
    out = {}
    for k, v in options.items():
        out[SNAKE.get(k, k)] = tuple(v) if k == 'betas' else v
    return out


def make_optimizer(name, params, options):
    kwargs = torch_kwargs(options)
    if name == 'nadam':
        kwargs['foreach'] = True
    elif name in ('radam', 'adam', 'adamw', 'sgd', 'adamax', 'rmsprop', 'adagrad', 'adadelta'):
        kwargs['foreach'] = False
    return OPTIMIZERS[name](params, **kwargs)


# Problem data: generated once in float64, stored in the JSON, cast to each dtype.
gen = torch.Generator().manual_seed(0)
QX = torch.randn(8, 4, generator=gen, dtype=torch.float64)
QY = torch.randn(8, 3, generator=gen, dtype=torch.float64)
QW = torch.randn(3, 4, generator=gen, dtype=torch.float64) * 0.5
QB = torch.randn(3, generator=gen, dtype=torch.float64) * 0.5
ROSEN0 = [-1.2, 1.0]


def rosenbrock(params):
    (xy,) = params
    x, y = xy[0], xy[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def quadratic(params, X, Y):
    W, b = params
    r = X @ W.T + b - Y
    return 0.5 * (r * r).sum() / X.shape[0]


def run_case(case, dtype):
    torch.set_default_dtype(dtype)
    if case['problem'] == 'rosenbrock':
        params = [torch.tensor(ROSEN0, dtype=dtype, requires_grad=True)]
        loss_fn = rosenbrock
    else:
        params = [QW.clone().to(dtype).requires_grad_(True), QB.clone().to(dtype).requires_grad_(True)]
        X, Y = QX.to(dtype), QY.to(dtype)
        loss_fn = lambda ps: quadratic(ps, X, Y)  # noqa: E731
    groups = case.get('groups')
    if groups:
        arg = [dict(params=[p], **torch_kwargs(g)) for p, g in zip(params, groups)]
    else:
        arg = params
    if case.get('manual'):
        opt = ManualOptimizer(case['optimizer'], params, case['options'])
    else:
        opt = make_optimizer(case['optimizer'], arg, case['options'])
    sign = -1.0 if case.get('negate') else 1.0
    zero_steps = set(case.get('zeroSteps', []))
    trajectory = []
    for t in range(STEPS):
        opt.zero_grad()
        if t in zero_steps:
            for p in params:
                p.grad = torch.zeros_like(p)
        else:
            (sign * loss_fn(params)).backward()
        opt.step()
        flat = torch.cat([p.detach().reshape(-1) for p in params]).tolist()
        assert all(math.isfinite(v) and abs(v) < 1e3 for v in flat), (case, flat)
        trajectory.append(flat)
    torch.set_default_dtype(torch.float64)
    return trajectory


LR = {  # (rosenbrock, quadratic): large enough to move, small enough to stay stable
    'sgd': (2e-4, 0.1), 'adam': (0.02, 0.05), 'adamw': (0.02, 0.05), 'adamax': (0.02, 0.05), 'nadam': (0.02, 0.05),
    'radam': (5e-4, 0.05), 'rmsprop': (1e-3, 1e-2), 'adagrad': (0.1, 0.1), 'adadelta': (1.0, 1.0),
}
VARIANTS = {
    'sgd': [{}, {'momentum': 0.9}, {'momentum': 0.9, 'dampening': 0.5}, {'momentum': 0.9, 'nesterov': True},
            {'weightDecay': 0.1}, {'momentum': 0.5, 'weightDecay': 0.1, 'maximize': True}],
    'adam': [{}, {'weightDecay': 0.1}, {'amsgrad': True}, {'maximize': True}, {'betas': [0.8, 0.99], 'eps': 1e-6},
             {'amsgrad': True, 'weightDecay': 0.05}],
    'adamw': [{}, {'weightDecay': 0.1}, {'amsgrad': True}, {'maximize': True}],
    'adamax': [{}, {'weightDecay': 0.1}, {'maximize': True}, {'betas': [0.8, 0.99]}],
    'nadam': [{}, {'momentumDecay': 1e-2}, {'weightDecay': 0.1}],
    'radam': [{}, {'weightDecay': 0.1}, {'betas': [0.9, 0.99]}],
    'rmsprop': [{}, {'momentum': 0.9}, {'centered': True}, {'centered': True, 'momentum': 0.5},
                {'weightDecay': 0.1, 'alpha': 0.9}, {'maximize': True}],
    'adagrad': [{}, {'lrDecay': 0.1}, {'initialAccumulatorValue': 0.5}, {'weightDecay': 0.1}, {'maximize': True}],
    'adadelta': [{}, {'rho': 0.95}, {'weightDecay': 0.1}, {'maximize': True}],
}


def optimizer_cases():
    cases = []
    for name, variants in VARIANTS.items():
        for variant in variants:
            for problem, lr in zip(('rosenbrock', 'quadratic'), LR[name]):
                options = dict(lr=lr, **variant)
                case = dict(optimizer=name, problem=problem, options=options)
                if variant.get('maximize'):
                    case['negate'] = True  # maximise −f: the same descent, taken through the maximize path
                cases.append(case)
        # torch's defaults (SGD has no default lr in 1.13)
        cases.append(dict(optimizer=name, problem='quadratic', options={'lr': 0.1} if name == 'sgd' else {}))
    for name, options in [('adam', {'lr': 0.05}), ('adamw', {'lr': 0.05}), ('sgd', {'lr': 0.1, 'momentum': 0.9}),
                          ('rmsprop', {'lr': 0.01, 'centered': True}), ('nadam', {'lr': 0.05}),
                          ('radam', {'lr': 0.05}), ('adamax', {'lr': 0.05}), ('adagrad', {'lr': 0.1}),
                          ('adadelta', {})]:
        cases.append(dict(optimizer=name, problem='quadratic', options=options, zeroSteps=[3, 4, 5, 6, 7]))
    cases.append(dict(optimizer='adam', problem='quadratic', options={'lr': 0.01},
                      groups=[{}, {'lr': 0.03, 'weightDecay': 0.1, 'betas': [0.8, 0.99]}]))
    cases.append(dict(optimizer='sgd', problem='quadratic', options={'lr': 0.05, 'momentum': 0.9},
                      groups=[{'nesterov': True}, {'lr': 0.2, 'momentum': 0.0}]))
    out = []
    for case in cases:
        for dtype, dname in ((torch.float64, 'float64'), (torch.float32, 'float32')):
            out.append(dict(case, dtype=dname, trajectory=run_case(case, dtype)))
    return out


# ----- options torch 1.13 lacks: computed by hand in torch ops, checked against torch where torch has them -----
MANUAL_DEFAULTS = {
    'adam': dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weightDecay=0.0, amsgrad=False, maximize=False),
    'adamw': dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weightDecay=1e-2, amsgrad=False, maximize=False),
    'adamax': dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weightDecay=0.0, maximize=False),
    'nadam': dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weightDecay=0.0, momentumDecay=4e-3, maximize=False),
    'radam': dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weightDecay=0.0, maximize=False),
}


class ManualOptimizer:
    """Adam, AdamW, Adamax, NAdam and RAdam written out as in torch 2.x, plus two switches:
    biasCorrection=False drops every bias correction (1 - beta1^t, 1 - beta2^t, NAdam's 1 - prod(mu));
    decoupledWeightDecay=True decays the weights (p *= 1 - lr*wd) instead of adding L2 (torch 2.1+)."""

    def __init__(self, name, params, options):
        self.name = name
        self.params = list(params)
        self.o = dict(MANUAL_DEFAULTS[name], biasCorrection=True, decoupledWeightDecay=name == 'adamw')
        self.o.update(options)
        if name == 'adamw':
            self.o['decoupledWeightDecay'] = True
        self.state = {}

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self):
        o = self.o
        lr, (b1, b2), eps, wd, bc = o['lr'], o['betas'], o['eps'], o['weightDecay'], o['biasCorrection']
        for p in self.params:
            if p.grad is None:
                continue
            g = -p.grad if o['maximize'] else p.grad.clone()
            s = self.state.setdefault(p, dict(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p),
                                              vmax=torch.zeros_like(p), mu_product=1.0))
            s['t'] += 1
            t = s['t']
            if wd != 0:
                if o['decoupledWeightDecay']:
                    p.mul_(1 - lr * wd)
                else:
                    g = g + wd * p
            m, v = s['m'], s['v']
            m.mul_(b1).add_(g, alpha=1 - b1)
            bc1 = 1 - b1 ** t if bc else 1.0
            bc2 = 1 - b2 ** t if bc else 1.0
            if self.name == 'adamax':
                torch.maximum(v.mul_(b2), g.abs().add_(eps), out=v)
                p.addcdiv_(m, v, value=-lr / bc1)
                continue
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            if self.name in ('adam', 'adamw'):
                vv = v
                if o['amsgrad']:
                    torch.maximum(s['vmax'], v, out=s['vmax'])
                    vv = s['vmax']
                denom = vv.sqrt() / math.sqrt(bc2) + eps
                p.addcdiv_(m, denom, value=-lr / bc1)
            elif self.name == 'nadam':
                md = o['momentumDecay']
                mu = b1 * (1 - 0.5 * 0.96 ** (t * md))
                mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * md))
                s['mu_product'] *= mu
                prod = s['mu_product'] if bc else 0.0
                denom = (v / bc2).sqrt() + eps
                p.addcdiv_(g, denom, value=-lr * (1 - mu) / (1 - prod))
                p.addcdiv_(m, denom, value=-lr * mu_next / (1 - prod * mu_next))
            else:  # radam
                m_hat = m / bc1
                rho_inf = 2 / (1 - b2) - 1
                rho_t = rho_inf - 2 * t * b2 ** t / (1 - b2 ** t)
                if rho_t > 5:
                    rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
                    p.add_(m_hat * lr * (math.sqrt(1 - b2 ** t) / (v.sqrt() + eps)) * rect, alpha=-1.0)
                else:
                    p.add_(m_hat * lr, alpha=-1.0)


MANUAL_VARIANTS = {
    'adam': [{'biasCorrection': False}, {'biasCorrection': False, 'amsgrad': True, 'weightDecay': 0.05},
             {'biasCorrection': False, 'maximize': True}],
    'adamw': [{'biasCorrection': False}, {'biasCorrection': False, 'weightDecay': 0.1}],
    'adamax': [{'biasCorrection': False}, {'biasCorrection': False, 'weightDecay': 0.1}],
    'nadam': [{'biasCorrection': False}, {'decoupledWeightDecay': True, 'weightDecay': 0.1},
              {'biasCorrection': False, 'decoupledWeightDecay': True, 'weightDecay': 0.1}],
    'radam': [{'decoupledWeightDecay': True, 'weightDecay': 0.1}, {'decoupledWeightDecay': True, 'weightDecay': 0.5}],
}


def check_manual_against_torch():
    """The hand-written updates reproduce torch where torch has the option, so the new switches are all they add."""
    for name, variants in VARIANTS.items():
        if name not in MANUAL_DEFAULTS:
            continue
        for variant in variants:
            for problem, lr in zip(('rosenbrock', 'quadratic'), LR[name]):
                case = dict(optimizer=name, problem=problem, options=dict(lr=lr, **variant),
                            negate=bool(variant.get('maximize')))
                a = run_case(case, torch.float64)
                b = run_case(dict(case, manual=True), torch.float64)
                err = max(abs(x - y) for ra, rb in zip(a, b) for x, y in zip(ra, rb))
                assert err < 1e-13, (case, err)


def manual_cases():
    check_manual_against_torch()
    out = []
    for name, variants in MANUAL_VARIANTS.items():
        for variant in variants:
            for problem, lr in zip(('rosenbrock', 'quadratic'), LR[name]):
                case = dict(optimizer=name, problem=problem, options=dict(lr=lr, **variant), manual=True)
                if variant.get('maximize'):
                    case['negate'] = True
                for dtype, dname in ((torch.float64, 'float64'), (torch.float32, 'float32')):
                    out.append(dict(case, dtype=dname, trajectory=run_case(case, dtype)))
    return out


# ----- schedulers -----
S = torch.optim.lr_scheduler
LAMBDAS = {'pow095': lambda e: 0.95 ** e, 'inverse': lambda e: 1.0 / (1 + e)}
SCHED_CLASSES = {
    'StepLR': S.StepLR, 'MultiStepLR': S.MultiStepLR, 'ExponentialLR': S.ExponentialLR,
    'CosineAnnealingLR': S.CosineAnnealingLR, 'LinearLR': S.LinearLR, 'OneCycleLR': S.OneCycleLR,
    'LambdaLR': S.LambdaLR, 'ConstantLR': S.ConstantLR,
}


def make_sched(opt, spec):
    kwargs = torch_kwargs(spec.get('options', {}))
    if 'lrLambda' in kwargs:
        kwargs['lr_lambda'] = LAMBDAS[kwargs.pop('lrLambda')]
    return SCHED_CLASSES[spec['scheduler']](opt, **kwargs)


def scheduler_cases():
    specs = [
        dict(scheduler='StepLR', options={'stepSize': 3, 'gamma': 0.5}),
        dict(scheduler='StepLR', options={'stepSize': 4}, groupLrs=[0.1, 0.02]),
        dict(scheduler='MultiStepLR', options={'milestones': [3, 7, 7, 12], 'gamma': 0.5}),
        dict(scheduler='MultiStepLR', options={'milestones': [5, 10]}),
        dict(scheduler='ExponentialLR', options={'gamma': 0.9}),
        dict(scheduler='CosineAnnealingLR', options={'tMax': 10, 'etaMin': 0.01}),
        dict(scheduler='CosineAnnealingLR', options={'tMax': 7}, groupLrs=[0.1, 0.05]),
        dict(scheduler='LinearLR', options={}),
        dict(scheduler='LinearLR', options={'startFactor': 0.1, 'endFactor': 1.0, 'totalIters': 8}),
        dict(scheduler='LinearLR', options={'startFactor': 1.0, 'endFactor': 0.25, 'totalIters': 10}),
        dict(scheduler='ConstantLR', options={'factor': 0.5, 'totalIters': 4}),
        dict(scheduler='LambdaLR', options={'lrLambda': 'pow095'}),
        dict(scheduler='LambdaLR', options={'lrLambda': 'inverse'}, groupLrs=[0.1, 1.0]),
        dict(scheduler='OneCycleLR', options={'maxLr': 0.1, 'totalSteps': 35}, optimizer='adam'),
        dict(scheduler='OneCycleLR', options={'maxLr': 0.5, 'totalSteps': 35, 'pctStart': 0.25,
                                              'annealStrategy': 'linear'}, optimizer='sgd-momentum'),
        dict(scheduler='OneCycleLR', options={'maxLr': 1.0, 'totalSteps': 35, 'threePhase': True,
                                              'divFactor': 10, 'finalDivFactor': 100}, optimizer='adam'),
        dict(scheduler='OneCycleLR', options={'maxLr': 0.2, 'totalSteps': 35, 'cycleMomentum': False}),
        dict(scheduler='SequentialLR', schedulers=[
            dict(scheduler='LinearLR', options={'startFactor': 0.1, 'totalIters': 4}),
            dict(scheduler='CosineAnnealingLR', options={'tMax': 10})], milestones=[4]),
        dict(scheduler='SequentialLR', schedulers=[
            dict(scheduler='ConstantLR', options={'factor': 0.1, 'totalIters': 2}),
            dict(scheduler='ExponentialLR', options={'gamma': 0.9}),
            dict(scheduler='StepLR', options={'stepSize': 3, 'gamma': 0.5})], milestones=[2, 9]),
    ]
    out = []
    for spec in specs:
        opt, kind, lrs = scheduler_optimizer(spec)
        if spec['scheduler'] == 'SequentialLR':
            subs = [make_sched(opt, s) for s in spec['schedulers']]
            sched = S.SequentialLR(opt, subs, milestones=spec['milestones'])
        else:
            sched = make_sched(opt, spec)
        steps = spec['options']['totalSteps'] - 1 if spec['scheduler'] == 'OneCycleLR' else 30
        seq, mom = lr_trajectory(opt, sched, steps)
        assert seq[-1] == sched.get_last_lr()
        entry = dict(spec, optimizer=kind, groupLrs=lrs, lrs=seq)
        if spec['scheduler'] == 'OneCycleLR':
            entry['momentum'] = mom
        out.append(entry)

    plateau = [1.0, 0.9, 0.95, 0.97, 0.96, 0.89, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8,
               0.79999, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]
    for options in [{'patience': 2}, {}, {'mode': 'max', 'patience': 1, 'factor': 0.5},
                    {'patience': 1, 'threshold': 0.05, 'thresholdMode': 'abs'},
                    {'patience': 1, 'cooldown': 2, 'minLr': 0.004, 'factor': 0.3},
                    {'patience': 0, 'threshold': 0.0, 'eps': 1e-3}]:
        p = torch.zeros(2, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1)
        sched = S.ReduceLROnPlateau(opt, **torch_kwargs(options))
        seq = [[g['lr'] for g in opt.param_groups]]
        for m in plateau:
            opt.step()
            sched.step(m)
            seq.append([g['lr'] for g in opt.param_groups])
        out.append(dict(scheduler='ReduceLROnPlateau', options=options, optimizer='sgd', groupLrs=[0.1],
                        metrics=plateau, lrs=seq))
    return out


def clip_cases():
    g1 = torch.tensor([[3.0, -4.0, 0.5], [1.0, 2.0, -2.5]], dtype=torch.float64)
    g2 = torch.tensor([0.25, -7.0], dtype=torch.float64)
    out = []
    for norm_type in [2.0, 1.0, 3.0, 'inf']:
        for max_norm in [1.0, 100.0]:
            ps = [torch.zeros_like(g1, requires_grad=True), torch.zeros_like(g2, requires_grad=True)]
            ps[0].grad, ps[1].grad = g1.clone(), g2.clone()
            nt = math.inf if norm_type == 'inf' else norm_type
            norm = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=nt)
            out.append(dict(normType=norm_type, maxNorm=max_norm, norm=norm.item(),
                            grads=[p.grad.reshape(-1).tolist() for p in ps]))
    return dict(grads=[g1.reshape(-1).tolist(), g2.tolist()], shapes=[[2, 3], [2]], cases=out)


def main():
    torch.set_default_dtype(torch.float64)
    data = dict(
        torch=torch.__version__,
        steps=STEPS,
        rosenbrock=ROSEN0,
        quadratic=dict(X=QX.reshape(-1).tolist(), Y=QY.reshape(-1).tolist(), W=QW.reshape(-1).tolist(),
                       b=QB.tolist(), n=8, inFeatures=4, outFeatures=3),
        cases=optimizer_cases(),
    )
    write_json('optimizers.json', data)
    write_json('schedulers.json', dict(torch=torch.__version__, cases=scheduler_cases(), clip=clip_cases()))
    write_json('options.json', dict(torch=torch.__version__, steps=STEPS, cases=manual_cases()))


if __name__ == '__main__':
    main()
