// DESIGN.md "Install and use anywhere": every options object rejects unknown keys at run time, naming
// the known ones, and a string where a number belongs is quoted in the message (`got "8"`). These are
// the entry points an audit found accepting typos silently; called as a user's program calls them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BatchNorm2d,
  Conv2d,
  EMAWeights,
  Flatten,
  RunRecorder,
  TensorDataset,
  clipGradNorm,
  confusionMatrix,
  conv2d,
  createRng,
  DataLoader,
  init,
  mlp,
  parseRunLog,
  tensor,
  zeros,
} from 'adamant';
import { loadFashionMnist, loadMnist, loadMnistIdx, readRunLog, setNumThreads } from 'adamant/node';

const dir = mkdtempSync(join(tmpdir(), 'adamant-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = '{"epoch":1,"loss":0.5}\n';

describe('options objects reject unknown keys, naming the known ones', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'loadMnist',
      () => loadMnist({ testfraction: 0.5 } as never),
      /loadMnist: unknown option "testfraction" \(did you mean "testFraction"\?\); known options: testFraction/,
    ],
    [
      'loadFashionMnist',
      () => loadFashionMnist(dir, { limt: 5 } as never),
      /loadFashionMnist: unknown option "limt" \(did you mean "limit"\?\)/,
    ],
    [
      'loadMnistIdx',
      () => loadMnistIdx(dir, { count: 5 } as never),
      /loadMnistIdx: unknown option "count"; known options: limit/,
    ],
    [
      'Flatten',
      () => new Flatten({ startdim: 2 } as never),
      /Flatten: unknown option "startdim" \(did you mean "startDim"\?\); known options: startDim, endDim/,
    ],
    [
      'RunRecorder',
      () => new RunRecorder({ image: 4 } as never),
      /RunRecorder: unknown option "image" \(did you mean "images"\?\)/,
    ],
    [
      'parseRunLog',
      () => parseRunLog(log, { title: 'x' } as never),
      /parseRunLog: unknown option "title"; known options: name, source/,
    ],
    [
      'readRunLog',
      () => readRunLog(join(dir, 'absent.jsonl'), { nam: 'x' } as never),
      /readRunLog: unknown option "nam" \(did you mean "name"\?\)/,
    ],
    [
      'Conv2d',
      () => new Conv2d(1, 2, 3, { strides: 2 } as never),
      /Conv2d: unknown option "strides" \(did you mean "stride"\?\); known options: stride, padding, dilation, groups, bias, rng, dtype/,
    ],
    [
      'conv2d',
      () => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 2, 2]), undefined, { dilations: 1 } as never),
      /conv2d: unknown option "dilations" \(did you mean "dilation"\?\)/,
    ],
    [
      'BatchNorm2d',
      () => new BatchNorm2d(2, { momentun: 0.2 } as never),
      /BatchNorm2d: unknown option "momentun" \(did you mean "momentum"\?\)/,
    ],
    [
      'var',
      () => zeros([3]).var(0, { keepdims: true } as never),
      /var: unknown option "keepdims" \(did you mean "keepDims"\?\)/,
    ],
    [
      'EMAWeights',
      () => new EMAWeights({ decy: 0.9 } as never),
      /EMAWeights: unknown option "decy" \(did you mean "decay"\?\); known options: decay, validation, copyOnEnd/,
    ],
    [
      'numParameters',
      () => mlp([2, 2]).numParameters({ trainable: true } as never),
      /numParameters: unknown option "trainable" \(did you mean "trainableOnly"\?\)/,
    ],
    [
      'backward',
      () =>
        tensor([1, 2], { requiresGrad: true })
          .sum()
          .backward(undefined, { retain: true } as never),
      /backward: unknown option "retain" \(did you mean "retainGraph"\?\)/,
    ],
  ];
  for (const [name, call, message] of cases) it(name, () => expect(call).toThrow(message));

  it('the right keys still work', () => {
    writeFileSync(join(dir, 'adam.jsonl'), log);
    expect(readRunLog(join(dir, 'adam.jsonl'), { name: 'mine' }).name).toBe('mine');
    expect(parseRunLog(log, { name: 'a', source: 'b' }).epochs).toHaveLength(1);
    expect(new Flatten({ startDim: 2, endDim: 3 })).toMatchObject({ startDim: 2, endDim: 3 });
    expect(mlp([2, 3]).numParameters({ trainableOnly: true })).toBe(9);
    expect(loadMnist({ testFraction: 0.5 }).test.length).toBe(5000);
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(Array.from(x.grad!.data)).toEqual([4, 8]);
  });
});

describe('strings where numbers belong are rejected, quoted', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'loadMnist testFraction',
      () => loadMnist({ testFraction: '0.5' as never }),
      /testFraction must be a number in \(0, 1\), got "0.5"/,
    ],
    [
      'loadFashionMnist limit',
      () => loadFashionMnist(dir, { limit: '5' as never }),
      /limit must be a positive integer, got "5"/,
    ],
    [
      'Flatten',
      () => new Flatten('1' as never),
      /Flatten: expected startDim \(an integer\) or options \{ startDim, endDim \}, got "1"/,
    ],
    ['setNumThreads', () => setNumThreads('2' as never), /setNumThreads: expected an integer from 1 to 64, got "2"/],
    [
      'clipGradNorm normType',
      () => clipGradNorm([zeros([1])], 1, { normType: '2' as never }),
      /normType must be .*, got "2"/,
    ],
    [
      'TensorDataset labels',
      () => new TensorDataset(zeros([1, 1]), ['1' as never]),
      /labels must be integers, got "1" at index 0/,
    ],
    ['init', () => init.uniform(zeros([2]), { low: '1' as never }), /must be a finite number, got "1"/],
    ['Rng.int', () => createRng(1).int('3' as never), /Rng.int: n must be a positive integer, got "3"/],
    [
      'confusionMatrix numClasses',
      () => confusionMatrix(tensor([[1, 0]]), new Int32Array([0]), '2' as never),
      /numClasses must be a positive integer, got "2"/,
    ],
    [
      'DataLoader.order epoch',
      () => new DataLoader(new TensorDataset(zeros([2, 1]), [0, 1]), { batchSize: 1 }).order('1' as never),
      /epoch must be a non-negative integer, got "1"/,
    ],
  ];
  for (const [name, call, message] of cases) it(name, () => expect(call).toThrow(message));
});
