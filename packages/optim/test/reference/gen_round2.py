"""Round-2 references, read by the optim tests: Lion, Rprop, ASGD, L-BFGS trajectories and the new schedulers.

Run with Debian's python3-torch (1.13): /usr/bin/python3 packages/optim/test/reference/gen_round2.py
Writes round2.json beside this file. The problems (Rosenbrock from (-1.2, 1), the 8x4 -> 3 least squares) and
their data are gen.py's, imported from it, so both reference files share optimizers.json's problem data.

Lion is not in torch: its reference is Chen et al. 2023 (arXiv:2302.06675), Algorithm 2, written out in NumPy.
Rprop, ASGD and L-BFGS are torch 1.13's single-tensor code, whose arithmetic torch 2.x keeps unchanged.
"""
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen import QB, QW, QX, QY, ROSEN0, quadratic, rosenbrock, run_case as run_torch_case  # noqa: E402
from common import lr_trajectory, scheduler_optimizer, write_json  # noqa: E402

STEPS = 25
SNAKE = {
    'stepSizes': 'step_sizes', 'weightDecay': 'weight_decay', 'maxIter': 'max_iter', 'maxEval': 'max_eval',
    'toleranceGrad': 'tolerance_grad', 'toleranceChange': 'tolerance_change', 'historySize': 'history_size',
    'lineSearchFn': 'line_search_fn',
}
TORCH = {'rprop': torch.optim.Rprop, 'asgd': torch.optim.ASGD, 'lbfgs': torch.optim.LBFGS}
DTYPES = ((torch.float64, 'float64', np.float64), (torch.float32, 'float32', np.float32))


def kwargs_of(options):
    out = {}
    for k, v in options.items():
        key = SNAKE.get(k, k)
        out[key] = tuple(v) if isinstance(v, list) else v
    return out


class NumpyLion:
    """Lion, Algorithm 2 of Chen et al. 2023, with decoupled weight decay:
    c = b1*m + (1-b1)*g;  theta = theta*(1 - lr*wd) - lr*sign(c);  m = b2*m + (1-b2)*g."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weightDecay=0.0, maximize=False):
        self.params, self.lr, self.b1, self.b2, self.wd, self.maximize = params, lr, betas[0], betas[1], weightDecay, maximize
        self.m = [None] * len(params)

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self):
        for i, p in enumerate(self.params):
            dt = np.float64 if p.dtype == torch.float64 else np.float32
            g = p.grad.numpy().astype(dt)
            if self.maximize:
                g = -g
            theta = p.detach().numpy().astype(dt)
            if self.m[i] is None:
                self.m[i] = np.zeros_like(theta)
            m = self.m[i]
            c = dt(self.b1) * m + dt(1 - self.b1) * g
            theta = theta * dt(1 - self.lr * self.wd) - dt(self.lr) * np.sign(c)
            self.m[i] = dt(self.b2) * m + dt(1 - self.b2) * g
            p.copy_(torch.from_numpy(theta))


def problem(case, dtype):
    if case['problem'] == 'rosenbrock':
        params = [torch.tensor(ROSEN0, dtype=dtype, requires_grad=True)]
        return params, rosenbrock
    params = [QW.clone().to(dtype).requires_grad_(True), QB.clone().to(dtype).requires_grad_(True)]
    X, Y = QX.to(dtype), QY.to(dtype)
    return params, lambda ps: quadratic(ps, X, Y)


def by_hand(prob, params, dtype):
    """L-BFGS's closure: the loss and gradients in Python floats, term for term as the tests' helpers compute them,
    so the comparison is of L-BFGS alone (its line search branches on f to the last bit)."""
    if prob == 'rosenbrock':
        x, y = params[0].detach().tolist()
        r = y - x * x
        params[0].grad = torch.tensor([-2 * (1 - x) - 400 * x * r, 200 * r], dtype=dtype)
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2
    cast = (lambda v: float(np.float32(v))) if dtype == torch.float32 else float
    X = [cast(v) for v in QX.reshape(-1).tolist()]
    Y = [cast(v) for v in QY.reshape(-1).tolist()]
    W = params[0].detach().reshape(-1).tolist()
    b = params[1].detach().tolist()
    n, in_f, out_f = 8, 4, 3
    gW, gb, total = [0.0] * (out_f * in_f), [0.0] * out_f, 0.0
    for s in range(n):
        for j in range(out_f):
            r = b[j] - Y[s * out_f + j]
            for k in range(in_f):
                r += X[s * in_f + k] * W[j * in_f + k]
            gb[j] += r / n
            for k in range(in_f):
                gW[j * in_f + k] += (r * X[s * in_f + k]) / n
            total += r * r
    params[0].grad = torch.tensor(gW, dtype=dtype).reshape(3, 4)
    params[1].grad = torch.tensor(gb, dtype=dtype)
    return (0.5 * total) / n


def run_case(case, dtype, steps):
    torch.set_default_dtype(dtype)
    params, loss_fn = problem(case, dtype)
    name = case['optimizer']
    opt = NumpyLion(params, **case['options']) if name == 'lion' else TORCH[name](params, **kwargs_of(case['options']))
    sign = -1.0 if case.get('negate') else 1.0
    trajectory, losses, evals = [], [], []
    for _ in range(steps):
        if name == 'lbfgs':
            def closure():
                return by_hand(case['problem'], params, dtype)
            losses.append(float(opt.step(closure)))
            evals.append(opt.state[params[0]]['func_evals'])
        else:
            opt.zero_grad()
            (sign * loss_fn(params)).backward()
            opt.step()
        flat = torch.cat([p.detach().reshape(-1) for p in params]).tolist()
        assert all(math.isfinite(v) and abs(v) < 1e3 for v in flat), (case, flat)
        trajectory.append(flat)
    out = dict(trajectory=trajectory)
    if name == 'lbfgs':
        out.update(losses=losses, funcEvals=evals, nIter=opt.state[params[0]]['n_iter'])
    if name == 'asgd':
        out['ax'] = torch.cat([opt.state[p]['ax'].reshape(-1) for p in params]).tolist()
        out['eta'] = [opt.state[p]['eta'].item() for p in params]
        out['mu'] = [opt.state[p]['mu'].item() for p in params]
    torch.set_default_dtype(torch.float64)
    return out


VARIANTS = {  # (options, problems) pairs; each runs in both dtypes
    'lion': [({'lr': 0.01}, ('rosenbrock', 'quadratic')), ({}, ('quadratic',)),
             ({'lr': 0.01, 'betas': [0.95, 0.98], 'weightDecay': 0.5}, ('rosenbrock', 'quadratic')),
             ({'lr': 0.02, 'maximize': True}, ('quadratic',))],
    'rprop': [({}, ('rosenbrock', 'quadratic')), ({'lr': 0.05, 'etas': [0.3, 1.5]}, ('rosenbrock', 'quadratic')),
              ({'lr': 0.1, 'stepSizes': [1e-3, 0.2]}, ('rosenbrock', 'quadratic')),
              ({'maximize': True}, ('quadratic',))],
    'asgd': [({'lr': 1e-4}, ('rosenbrock',)), ({}, ('quadratic',)), ({'lr': 0.05, 't0': 5}, ('quadratic',)),
             ({'lr': 0.1, 'lambd': 0.05, 'alpha': 0.5, 't0': 3, 'weightDecay': 0.1}, ('quadratic',)),
             ({'lr': 2e-4, 't0': 10, 'lambd': 1e-2}, ('rosenbrock',)),
             ({'lr': 0.05, 't0': 2, 'maximize': True}, ('quadratic',))],
    'lbfgs': [({}, ('quadratic',)), ({'lineSearchFn': 'strong_wolfe'}, ('rosenbrock', 'quadratic')),
              ({'lr': 0.1, 'maxIter': 4}, ('rosenbrock',)),
              ({'lr': 0.5, 'maxIter': 5, 'historySize': 3}, ('quadratic',)),
              ({'maxIter': 6, 'historySize': 2, 'lineSearchFn': 'strong_wolfe'}, ('rosenbrock',)),
              ({'maxIter': 20, 'maxEval': 12, 'lineSearchFn': 'strong_wolfe'}, ('rosenbrock',)),
              ({'lr': 0.2, 'maxIter': 3, 'toleranceGrad': 1e-3, 'toleranceChange': 1e-6}, ('quadratic',))],
}
LBFGS_STEPS = 6


def optimizer_cases():
    out = []
    for name, variants in VARIANTS.items():
        for options, problems in variants:
            for prob in problems:
                case = dict(optimizer=name, problem=prob, options=options)
                if options.get('maximize'):
                    case['negate'] = True  # maximise -f: the same descent, taken through the maximize path
                steps = LBFGS_STEPS if name == 'lbfgs' else STEPS
                for dtype, dname, _ in DTYPES:
                    out.append(dict(case, dtype=dname, **run_case(case, dtype, steps)))
    return out


# ----- schedulers: lr (and momentum) sequences. torch 1.13's CyclicLR cycles SGD's momentum only; 2.x also cycles
# Adam's beta1 by the same formula, which the tests check against the SGD sequences. -----
S = torch.optim.lr_scheduler
SCHED_SNAKE = {
    'baseLr': 'base_lr', 'maxLr': 'max_lr', 'stepSizeUp': 'step_size_up', 'stepSizeDown': 'step_size_down',
    'cycleMomentum': 'cycle_momentum', 'baseMomentum': 'base_momentum', 'maxMomentum': 'max_momentum',
    't0': 'T_0', 'tMult': 'T_mult', 'etaMin': 'eta_min', 'totalIters': 'total_iters', 'startFactor': 'start_factor',
    'endFactor': 'end_factor', 'scaleMode': 'scale_mode', 'tMax': 'T_max',
}
LAMBDAS = {'const095': lambda e: 0.95, 'shrinking': lambda e: 1.0 / (1 + 0.1 * e), 'pow095': lambda e: 0.95 ** e}
SCALE_FNS = {'halfSqrt': lambda x: 1.0 / math.sqrt(x + 1)}


def make_scheduler(opt, spec):
    kwargs = {SCHED_SNAKE.get(k, k): v for k, v in spec.get('options', {}).items()}
    if 'lrLambda' in kwargs:
        kwargs['lr_lambda'] = LAMBDAS[kwargs.pop('lrLambda')]
    if 'scaleFn' in kwargs:
        kwargs['scale_fn'] = SCALE_FNS[kwargs.pop('scaleFn')]
    name = spec['scheduler']
    cls = {'CyclicLR': S.CyclicLR, 'CosineAnnealingWarmRestarts': S.CosineAnnealingWarmRestarts,
           'PolynomialLR': S.PolynomialLR, 'MultiplicativeLR': S.MultiplicativeLR,
           'LinearLR': S.LinearLR, 'ExponentialLR': S.ExponentialLR, 'StepLR': S.StepLR,
           'ConstantLR': S.ConstantLR, 'CosineAnnealingLR': S.CosineAnnealingLR}[name]
    return cls(opt, **kwargs)


def scheduler_cases():
    specs = [
        dict(scheduler='CyclicLR', options={'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 4}, optimizer='sgd-momentum'),
        dict(scheduler='CyclicLR', options={'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 3, 'stepSizeDown': 5,
                                            'mode': 'triangular2'}, optimizer='sgd-momentum'),
        dict(scheduler='CyclicLR', options={'baseLr': [0.01, 0.02], 'maxLr': 0.1, 'stepSizeUp': 4,
                                            'mode': 'exp_range', 'gamma': 0.9}, optimizer='sgd-momentum',
             groupLrs=[0.1, 0.1]),
        dict(scheduler='CyclicLR', options={'baseLr': 0.001, 'maxLr': 0.01, 'stepSizeUp': 2, 'cycleMomentum': False}),
        dict(scheduler='CyclicLR', options={'baseLr': 0.01, 'maxLr': 0.05, 'stepSizeUp': 3, 'baseMomentum': 0.7,
                                            'maxMomentum': 0.95, 'scaleFn': 'halfSqrt', 'scaleMode': 'iterations'},
             optimizer='sgd-momentum'),
        dict(scheduler='CosineAnnealingWarmRestarts', options={'t0': 5}),
        dict(scheduler='CosineAnnealingWarmRestarts', options={'t0': 3, 'tMult': 2, 'etaMin': 0.001}, groupLrs=[0.1, 0.5]),
        dict(scheduler='PolynomialLR', options={}),
        dict(scheduler='PolynomialLR', options={'totalIters': 12, 'power': 2.0}, groupLrs=[0.1, 0.03]),
        dict(scheduler='PolynomialLR', options={'totalIters': 7, 'power': 0.5}),
        dict(scheduler='MultiplicativeLR', options={'lrLambda': 'const095'}),
        dict(scheduler='MultiplicativeLR', options={'lrLambda': 'shrinking'}, groupLrs=[0.1, 1.0]),
        dict(scheduler='ChainedScheduler', schedulers=[
            dict(scheduler='ConstantLR', options={'factor': 0.1, 'totalIters': 3}),
            dict(scheduler='ExponentialLR', options={'gamma': 0.9})]),
        dict(scheduler='ChainedScheduler', schedulers=[
            dict(scheduler='LinearLR', options={'startFactor': 0.2, 'totalIters': 4}),
            dict(scheduler='CosineAnnealingLR', options={'tMax': 10}),
            dict(scheduler='MultiplicativeLR', options={'lrLambda': 'const095'})], groupLrs=[0.1, 0.2]),
        # The fuzz's case: LinearLR down to endFactor 0 (torch's chained form ends a hair below zero).
        dict(scheduler='LinearLR', options={'startFactor': 1.0, 'endFactor': 0.0, 'totalIters': 10}),
        dict(scheduler='LinearLR', options={'startFactor': 0.7, 'endFactor': 0.0, 'totalIters': 3}),
    ]
    out = []
    for spec in specs:
        opt, kind, lrs = scheduler_optimizer(spec)
        if spec['scheduler'] == 'ChainedScheduler':
            sched = S.ChainedScheduler([make_scheduler(opt, s) for s in spec['schedulers']])
        else:
            sched = make_scheduler(opt, spec)
        seq, mom = lr_trajectory(opt, sched, 30)
        out.append(dict(spec, optimizer=kind, groupLrs=lrs, lrs=seq, momentum=mom))
    # CosineAnnealingWarmRestarts stepped with fractional epochs, as its docs show.
    p = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = S.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2)
    epochs = [i / 4 for i in range(1, 60)] + [2.5, 30.0, 9.0]
    seq = [[opt.param_groups[0]['lr']]]
    for e in epochs:
        sched.step(e)
        seq.append([opt.param_groups[0]['lr']])
    out.append(dict(scheduler='CosineAnnealingWarmRestarts', options={'t0': 3, 'tMult': 2}, optimizer='sgd',
                    groupLrs=[0.1], epochs=epochs, lrs=seq))
    return out


# ----- what a differential fuzz against torch found: group options torch ignores or does not validate -----
FUZZ = [
    # Adagrad fills `sum` from the constructor's initial_accumulator_value; a group's own value is ignored.
    dict(optimizer='adagrad', problem='quadratic', options={'lr': 0.1, 'initialAccumulatorValue': 0.1},
         groups=[{'initialAccumulatorValue': 2.0}, {}]),
    dict(optimizer='adagrad', problem='quadratic', options={'lr': 0.1}, groups=[{}, {'initialAccumulatorValue': 0.5}]),
    # torch validates nesterov against the constructor's momentum and dampening only: a group inheriting
    # nesterov with its own dampening (or no momentum) runs.
    dict(optimizer='sgd', problem='quadratic', options={'lr': 0.05, 'momentum': 0.9, 'nesterov': True},
         groups=[{'dampening': 0.5}, {'momentum': 0.0}]),
]


def fuzz_cases():
    out = []
    for case in FUZZ:
        for dtype, dname, _ in DTYPES:
            out.append(dict(case, dtype=dname, trajectory=run_torch_case(case, dtype)))
    return out


def main():
    torch.set_default_dtype(torch.float64)
    data = dict(torch=torch.__version__, numpy=np.__version__, optimizers=optimizer_cases(),
                schedulers=scheduler_cases(), fuzz=fuzz_cases())
    write_json('round2.json', data)


if __name__ == '__main__':
    main()
