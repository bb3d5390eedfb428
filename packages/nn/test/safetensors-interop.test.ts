import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noGrad, tensor } from '@adamant/tensor';
import { Linear, Module, mlp, parseSafetensors, toSafetensors, fromSafetensors, type StateDict } from '@adamant/nn';

// Cross-checks with a second implementation (reference/safetensors_check.py: json + struct only).
// The fixtures are committed, so this suite needs no Python; with /usr/bin/python3 present, one
// test also runs that reader live on a freshly written file.
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const goldenModel = () => mlp([3, 4, 2], { seed: 7 });
const GOLDEN_METADATA = { format: 'pt', framework: 'adamant' };
const checker = new URL('./reference/safetensors_check.py', import.meta.url).pathname;
const python = '/usr/bin/python3';

if (process.env.UPDATE_FIXTURES)
  writeFileSync(fixture('adamant-written.safetensors'), toSafetensors(goldenModel().stateDict(), GOLDEN_METADATA));

interface Parsed {
  headerLength: number;
  aligned: boolean;
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: string; shape: number[]; data: number[] }>;
  input?: number[][];
  output?: number[][];
}

function expectMatches(parsed: Parsed, state: StateDict): void {
  expect(Object.keys(parsed.tensors).sort()).toEqual(Object.keys(state).sort());
  for (const [name, t] of Object.entries(state)) {
    const p = parsed.tensors[name];
    expect(p.dtype, name).toBe(t.dtype === 'float64' ? 'F64' : 'F32');
    expect(p.shape, name).toEqual(t.shape);
    expect(p.data, name).toEqual(Array.from(t.data));
  }
}

describe('safetensors written by adamant', () => {
  it('are byte for byte the golden file that Python parsed and PyTorch loaded', () => {
    const bytes = toSafetensors(goldenModel().stateDict(), GOLDEN_METADATA);
    expect(Buffer.from(bytes).equals(readFileSync(fixture('adamant-written.safetensors')))).toBe(true);
  });

  it('hold what the independent reader found, and PyTorch computes the same outputs', () => {
    const parsed = JSON.parse(readFileSync(fixture('adamant-written.torch.json'), 'utf8')) as Parsed;
    const model = goldenModel();
    expect(parsed.aligned).toBe(true);
    expect(parsed.metadata).toEqual(GOLDEN_METADATA);
    expectMatches(parsed, model.stateDict());
    const y = noGrad(() => model.forward(tensor(parsed.input!)));
    const expected = parsed.output!.flat();
    for (let i = 0; i < expected.length; i++) expect(y.data[i]).toBeCloseTo(expected[i], 5);
  });

  it.skipIf(!existsSync(python))('parse with the Python reader, live', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adamant-st-'));
    try {
      const state: StateDict = {
        ...mlp([5, 3, 2], { seed: 3 }).stateDict(),
        extra: tensor([1e-300, -2, Math.PI], { dtype: 'float64' }),
      };
      const file = join(dir, 'm.safetensors');
      writeFileSync(file, toSafetensors(state, { note: 'live ✓' }));
      const parsed = JSON.parse(execFileSync(python, [checker, 'read', file], { encoding: 'utf8' })) as Parsed;
      expect(parsed.aligned).toBe(true);
      expect(parsed.metadata).toEqual({ note: 'live ✓' });
      expectMatches(parsed, state);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('safetensors written by Python', () => {
  const bytes = readFileSync(fixture('python-written.safetensors'));

  it('load with their dtypes, shapes, values and metadata', () => {
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', writer: 'python json+struct' });
    expect(Object.keys(tensors)).toEqual(['encoder.0.weight', 'encoder.0.bias', 'scale', 'empty']);
    const w = tensors['encoder.0.weight'];
    expect([w.dtype, w.shape]).toEqual(['float32', [2, 3]]);
    expect(Array.from(w.data)).toEqual([-1, -0.5, 0, 0.5, 1, 1.5]);
    const b = tensors['encoder.0.bias'];
    expect([b.dtype, b.shape]).toEqual(['float64', [2]]);
    expect(Array.from(b.data)).toEqual([1 / 3, -2.5e-300]);
    expect([tensors.scale.shape, tensors.scale.item()]).toEqual([[], 3.25]);
    expect([tensors.empty.shape, tensors.empty.size]).toEqual([[0, 4], 0]);
  });

  it('load into a module whose names match, converting float64 to the parameter dtype', () => {
    class Encoder extends Module {
      encoder = [new Linear(3, 2)];
      forward(x: import('@adamant/tensor').Tensor) {
        return this.encoder[0].forward(x);
      }
    }
    const m = new Encoder();
    const { tensors } = parseSafetensors(bytes);
    const result = m.loadStateDict({
      'encoder.0.weight': tensors['encoder.0.weight'],
      'encoder.0.bias': tensors['encoder.0.bias'],
    });
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(Array.from(m.encoder[0].bias!.data)).toEqual([Math.fround(1 / 3), -0]);
    expect(() => m.loadStateDict(fromSafetensors(bytes))).toThrow(/unexpected keys: 'scale', 'empty'/);
  });
});
