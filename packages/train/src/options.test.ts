import { describe, expect, it } from 'vitest';
import { mlp } from '@adamant/nn';
import { SGD, StepLR } from '@adamant/optim';
import { EarlyStopping, LRSchedulerCallback, Progress, Trainer, EMAWeights } from './index.js';
import { CSVLogger, JSONLLogger, ModelCheckpoint } from './node.js';
import { blobs } from '../test/data.js';

describe('unknown keys and quoted strings in every options object', () => {
  const trainer = new Trainer({ model: mlp([8, 3], { seed: 1 }) });

  it('fit, evaluate and predict reject unknown keys, suggesting the right one', async () => {
    await expect(trainer.fit(blobs(30), { epoch: 5 } as never)).rejects.toThrow(
      /^Trainer\.fit: unknown option "epoch" \(did you mean "epochs"\?\); known options: epochs, batchSize, validation, validationSplit, accumulateSteps/,
    );
    await expect(trainer.fit(blobs(30), { batch_size: 8, verbose: 0 } as never)).rejects.toThrow(
      '(did you mean "batchSize"?)',
    );
    expect(() => trainer.evaluate(blobs(30), { batchsize: 8 } as never)).toThrow(
      'Trainer.evaluate: unknown option "batchsize" (did you mean "batchSize"?); known options: batchSize',
    );
    expect(() => trainer.predict(blobs(30).x, { size: 8 } as never)).toThrow('Trainer.predict: unknown option "size"');
  });

  it('quotes a string where a number is expected', async () => {
    await expect(trainer.fit(blobs(30), { epochs: '5' as never, verbose: 0 })).rejects.toThrow(
      'Trainer.fit: epochs must be a non-negative integer, got "5"',
    );
    await expect(trainer.fit(blobs(30), { batchSize: '8' as never, verbose: 0 })).rejects.toThrow(
      'Trainer.fit: batchSize must be a positive integer, got "8"',
    );
    await expect(trainer.fit(blobs(30), { verbose: '1' as never })).rejects.toThrow(
      'Trainer.fit: verbose must be 0, 1, 2, true or false, got "1"',
    );
    await expect(trainer.fit(blobs(30), { shuffle: 'yes' as never, verbose: 0 })).rejects.toThrow(
      'Trainer.fit: shuffle must be true or false, got "yes"',
    );
    expect(() => trainer.evaluate(blobs(30), { batchSize: '8' as never })).toThrow(
      'Trainer.evaluate: batchSize must be a positive integer, got "8"',
    );
  });

  it('the Trainer and every callback reject unknown keys', () => {
    const model = mlp([8, 3]);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    const cases: Array<[() => unknown, string]> = [
      [
        () => new Trainer({ model, metric: ['accuracy'] } as never),
        'Trainer: unknown option "metric" (did you mean "metrics"?)',
      ],
      [() => new Trainer({ model, clipNorm: 1 } as never), 'Trainer: unknown option "clipNorm"'],
      [
        () => new EarlyStopping({ patients: 3 } as never),
        'EarlyStopping: unknown option "patients" (did you mean "patience"?)',
      ],
      [
        () => new EarlyStopping({ patience: '3' as never }),
        'EarlyStopping: patience must be a non-negative integer, got "3"',
      ],
      [
        () => new LRSchedulerCallback(new StepLR(opt, { stepSize: 1 }), { intervall: 'batch' } as never),
        'LRSchedulerCallback: unknown option "intervall" (did you mean "interval"?)',
      ],
      [() => new Progress({ verbos: 2 } as never), 'Progress: unknown option "verbos" (did you mean "verbose"?)'],
      [() => new ModelCheckpoint('a.ckpt', { saveBest: true } as never), 'ModelCheckpoint: unknown option "saveBest"'],
      [
        () => new ModelCheckpoint({ path: 'a.ckpt', every: '2' as never }),
        'ModelCheckpoint: every must be a positive integer, got "2"',
      ],
      [
        () => new CSVLogger('a.csv', { apend: true } as never),
        'CSVLogger: unknown option "apend" (did you mean "append"?)',
      ],
      [
        () => new JSONLLogger({ path: 'a.jsonl', append: 'yes' as never }),
        'JSONLLogger: append must be true or false, got "yes"',
      ],
      [() => new EMAWeights({ decay: '0.9' as never }), 'got "0.9"'],
    ];
    for (const [make, message] of cases) expect(make).toThrow(message);
  });
});
