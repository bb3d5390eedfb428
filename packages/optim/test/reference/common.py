"""What gen.py and gen_round2.py share: the optimizer a scheduler case runs on, the lr sequence it records,
and the JSON file it lands in.

Both import it by name (Python puts a script's own folder first on sys.path), so each still runs from the
repository root as `/usr/bin/python3 packages/optim/test/reference/gen<...>.py`.
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def scheduler_optimizer(spec):
    """(optimizer, kind, group lrs) of a scheduler case: one zero parameter per entry of `groupLrs` (default
    [0.1]), under plain SGD, 'sgd-momentum' (momentum 0.9) or 'adam' as `spec['optimizer']` says."""
    lrs = spec.get('groupLrs', [0.1])
    params = [torch.zeros(2, requires_grad=True) for _ in lrs]
    groups = [dict(params=[p], lr=lr) for p, lr in zip(params, lrs)]
    kind = spec.get('optimizer', 'sgd')
    if kind == 'adam':
        opt = torch.optim.Adam(groups)
    elif kind == 'sgd-momentum':
        opt = torch.optim.SGD(groups, lr=0.1, momentum=0.9)
    else:
        opt = torch.optim.SGD(groups, lr=0.1)
    return opt, kind, lrs


def lr_trajectory(opt, sched, steps):
    """Every group's lr and momentum (Adam's beta1) before the first step and after each of `steps`
    optimizer-then-scheduler steps: (lrs, momenta), one list per point."""
    def lrs():
        return [g['lr'] for g in opt.param_groups]

    def moms():
        return [g['betas'][0] if 'betas' in g else g['momentum'] for g in opt.param_groups]

    seq, mom = [lrs()], [moms()]
    for _ in range(steps):
        opt.step()
        sched.step()
        seq.append(lrs())
        mom.append(moms())
    return seq, mom


def write_json(file, data):
    """Writes `data` compactly to `file` beside this script."""
    with open(os.path.join(HERE, file), 'w') as f:
        json.dump(data, f, separators=(',', ':'))
