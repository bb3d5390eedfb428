import { boolean, type Check, closedUnitInterval, oneOf, positive, positiveInteger } from '../validate.js';
import { LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** OneCycleLR's options, PyTorch's in camelCase; give `totalSteps` or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions {
  maxLr: number | number[];
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  pctStart: number;
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  baseMomentum: number;
  maxMomentum: number;
  divFactor: number;
  finalDivFactor: number;
  threePhase: boolean;
}

interface Phase {
  endStep: number;
  startLr: 'initialLr' | 'maxLr' | 'minLr';
  endLr: 'initialLr' | 'maxLr' | 'minLr';
  startMomentum: number;
  endMomentum: number;
}

const maxLrCheck: Check = (owner, option, v) => {
  const list = Array.isArray(v) ? v : [v];
  for (const x of list) positive(owner, option, x);
};

/**
 * The 1cycle policy (Smith & Topin, arXiv:1708.07120): lr up from maxLr/divFactor to maxLr, then down to
 * maxLr/(divFactor·finalDivFactor), with momentum (or Adam's beta1) cycled inversely, as PyTorch's OneCycleLR.
 *
 * @example
 * const sched = new OneCycleLR(opt, { maxLr: 0.01, totalSteps: epochs * batchesPerEpoch });
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  private readonly phases: Phase[];
  private readonly anneal: 'cos' | 'linear';
  private readonly cycleMomentum: boolean;
  private readonly useBeta1: boolean;

  constructor(optimizer: SchedulableOptimizer, options: Partial<OneCycleLROptions> & { maxLr: number | number[] }) {
    super(optimizer, 'OneCycleLR');
    const o = schedulerOptions<OneCycleLROptions>(
      'OneCycleLR',
      options,
      {
        maxLr: undefined as unknown as number,
        pctStart: 0.3,
        annealStrategy: 'cos',
        cycleMomentum: true,
        baseMomentum: 0.85,
        maxMomentum: 0.95,
        divFactor: 25,
        finalDivFactor: 1e4,
        threePhase: false,
      },
      {
        maxLr: maxLrCheck,
        totalSteps: positiveInteger,
        epochs: positiveInteger,
        stepsPerEpoch: positiveInteger,
        pctStart: closedUnitInterval,
        annealStrategy: oneOf('cos', 'linear'),
        cycleMomentum: boolean,
        baseMomentum: closedUnitInterval,
        maxMomentum: closedUnitInterval,
        divFactor: positive,
        finalDivFactor: positive,
        threePhase: boolean,
      },
    );
    maxLrCheck('OneCycleLR', 'maxLr', o.maxLr);
    if (o.totalSteps !== undefined) this.totalSteps = o.totalSteps;
    else if (o.epochs !== undefined && o.stepsPerEpoch !== undefined) this.totalSteps = o.epochs * o.stepsPerEpoch;
    else throw new RangeError('OneCycleLR: give totalSteps, or epochs and stepsPerEpoch');
    const groups = optimizer.paramGroups;
    const maxLrs = Array.isArray(o.maxLr) ? o.maxLr : groups.map(() => o.maxLr as number);
    if (maxLrs.length !== groups.length)
      throw new RangeError(`OneCycleLR: expected ${groups.length} maxLr values, one per group, got ${maxLrs.length}`);
    const n = this.totalSteps;
    const { pctStart: pct, baseMomentum: lo, maxMomentum: hi } = o;
    this.phases = o.threePhase
      ? [
          { endStep: pct * n - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: hi, endMomentum: lo },
          { endStep: 2 * pct * n - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: lo, endMomentum: hi },
          { endStep: n - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: hi, endMomentum: hi },
        ]
      : [
          { endStep: pct * n - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: hi, endMomentum: lo },
          { endStep: n - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: lo, endMomentum: hi },
        ];
    this.anneal = o.annealStrategy;
    this.cycleMomentum = o.cycleMomentum;
    this.useBeta1 = groups.length > 0 && Array.isArray(groups[0].betas);
    if (this.cycleMomentum && !this.useBeta1 && !groups.every((g) => typeof g.momentum === 'number'))
      throw new Error('OneCycleLR: cycleMomentum needs an optimizer with momentum or betas; pass cycleMomentum: false');
    groups.forEach((g, i) => {
      g.initialLr = maxLrs[i] / o.divFactor;
      g.maxLr = maxLrs[i];
      g.minLr = (g.initialLr as number) / o.finalDivFactor;
      if (this.cycleMomentum) {
        this.setMomentum(g, hi);
        g.maxMomentum = hi;
        g.baseMomentum = lo;
      }
    });
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const t = this.lastEpoch;
    if (t > this.totalSteps)
      throw new RangeError(`OneCycleLR: stepped ${t} times, but totalSteps is ${this.totalSteps}`);
    return this.optimizer.paramGroups.map((g) => {
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i];
        if (t <= phase.endStep || i === this.phases.length - 1) {
          const pct = (t - start) / (phase.endStep - start);
          if (this.cycleMomentum) this.setMomentum(g, this.interpolate(phase.startMomentum, phase.endMomentum, pct));
          return this.interpolate(g[phase.startLr] as number, g[phase.endLr] as number, pct);
        }
        start = phase.endStep;
      }
      return g.lr;
    });
  }

  private interpolate(start: number, end: number, pct: number): number {
    return this.anneal === 'cos'
      ? end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (end - start) * pct + start;
  }

  private setMomentum(g: SchedulableOptimizer['paramGroups'][number], m: number): void {
    if (this.useBeta1) g.betas = [m, (g.betas as number[])[1]];
    else g.momentum = m;
  }
}
