import { describe, expect, it } from 'vitest';
import { parseRunLog } from './parse-run-log.js';

const line = (o: object) => `${JSON.stringify(o)}\n`;
const epoch = (e: number, extra: object = {}) =>
  line({ epoch: e, loss: 1 / e, accuracy: 0.5, lr: 0.01, seconds: 1, ...extra });

describe('parseRunLog', () => {
  it('reads epochs, concatenates per-step losses and lrs, takes the first settings and the test line', () => {
    const text =
      epoch(1, { steps: { loss: [3, 2], lr: [0.01, 0.01] }, run: { optimizer: { name: 'adam', lr: 0.01 }, seed: 1 } }) +
      epoch(2, { steps: { loss: [1.5, null], lr: [0.01, 0.005] }, run: { seed: 99 } }) +
      line({
        test: {
          loss: 0.3,
          accuracy: 0.9,
          confusionMatrix: [
            [4, 1],
            [0, 5],
          ],
          misclassified: [{ pixels: '/wA=', label: 0, predicted: 1 }],
        },
      });
    const run = parseRunLog(text, { name: 'adam' });
    expect(run.name).toBe('adam');
    expect(run.epochs.map((e) => e.loss)).toEqual([1, 0.5]);
    expect(run.epochs[0]).toEqual({ epoch: 1, loss: 1, accuracy: 0.5, lr: 0.01, seconds: 1 });
    expect(run.steps).toEqual({ loss: [3, 2, 1.5, NaN], lr: [0.01, 0.01, 0.01, 0.005] });
    expect(run.settings).toEqual({ optimizer: { name: 'adam', lr: 0.01 }, seed: 1 });
    expect(run.confusionMatrix).toEqual([
      [4, 1],
      [0, 5],
    ]);
    expect(run.misclassified).toEqual([{ pixels: [1, 0], label: 0, predicted: 1, width: undefined }]);
    expect(run.notes).toBeUndefined();
  });

  it('reads plain epoch logs (the round-1 format) and turns null (a NaN loss) back into NaN', () => {
    const run = parseRunLog(epoch(1) + line({ epoch: 2, loss: null, lr: 0.01, seconds: 1 }));
    expect(run.epochs.map((e) => e.loss)).toEqual([1, NaN]);
    expect(run.steps).toBeUndefined();
  });

  it('drops only per-step lr when a line lacks it', () => {
    const run = parseRunLog(epoch(1, { steps: { loss: [1], lr: [0.1] } }) + epoch(2, { steps: { loss: [2] } }));
    expect(run.steps).toEqual({ loss: [1, 2] });
  });

  it('leaves out a last line cut short, with a note', () => {
    const text = `${epoch(1)}${epoch(2)}{"epoch":3,"loss":0.3`;
    const run = parseRunLog(text, { name: 'r' });
    expect(run.epochs).toHaveLength(2);
    expect(run.notes).toEqual(['line 3 is cut short (the run stopped while writing it), so it is left out']);
  });

  it('names the line that is not JSON, or not an epoch log', () => {
    expect(() => parseRunLog(`${epoch(1)}hello world\n${epoch(3)}`, { source: 'a.jsonl' })).toThrow(
      /^parseRunLog: a\.jsonl line 2 is not JSON \(.*\): "hello world"$/,
    );
    expect(() => parseRunLog(`${epoch(1)}[1, 2]\n`, { source: 'a.jsonl' })).toThrow(
      'parseRunLog: a.jsonl line 2: expected a JSON object (an epoch log), got [1,2]',
    );
    expect(() => parseRunLog(line({ epoch: 1, loss: '0.5' }), { source: 'a.jsonl' })).toThrow(
      'parseRunLog: a.jsonl line 1: expected an epoch log { epoch, loss, ... } with a numeric loss, got {"epoch":1,"loss":"0.5"}',
    );
    expect(() => parseRunLog(epoch(1, { steps: [1, 2] }), { source: 'a.jsonl' })).toThrow(
      'parseRunLog: a.jsonl line 1: expected steps to be { loss: number[], lr: number[] }, got [1,2]',
    );
  });

  it('says an empty or epoch-less file is one', () => {
    expect(() => parseRunLog('', { source: 'e.jsonl' })).toThrow(
      'parseRunLog: e.jsonl is empty; expected one JSON object per line, as JSONLLogger writes',
    );
    expect(() => parseRunLog('\n \n', { source: 'e.jsonl' })).toThrow('parseRunLog: e.jsonl is empty');
    expect(() => parseRunLog('{"epoch":1,"lo', { source: 't.jsonl' })).toThrow(
      'parseRunLog: t.jsonl has no complete epoch log',
    );
  });
});
