import { describe, expect, it } from 'vitest';
import { defaultRng } from '@adamant/tensor';
import { mlp, parseSafetensors, toSafetensors } from '@adamant/nn';
import { Adam, StepLR } from '@adamant/optim';
import {
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
  LRSchedulerCallback,
  Trainer,
  type Callback,
} from './index.js';
import { checksum } from './checkpoint.js';
import { blobs } from '../test/data.js';

// A small run with dropout (a model generator) and a scheduler (a callback state): every part of a checkpoint.
function setup(seed = 1) {
  const model = mlp([8, 6, 3], { seed, dropout: 0.2 });
  const optimizer = new Adam(model.parameters(), { lr: 0.02 });
  const callbacks: Callback[] = [new LRSchedulerCallback(new StepLR(optimizer, { stepSize: 1, gamma: 0.5 }))];
  return new Trainer({ model, optimizer, callbacks });
}
const fit = { batchSize: 16, seed: 3, verbose: 0 as const };
async function checkpointBytes(): Promise<Uint8Array> {
  const t = setup();
  await t.fit(blobs(48), { ...fit, epochs: 2 });
  return encodeCheckpoint(t.checkpoint());
}
/** Everything a failed resume must leave as it was. */
function snapshot(t: Trainer) {
  return JSON.stringify({
    w: t.model.parameters().map((p) => Array.from(p.data)),
    opt: t.optimizer.stateDict(),
    rng: defaultRng.state(),
    cb: t.callbacks.map((c) => c.stateDict?.()),
  });
}
async function resumeFails(bytes: Uint8Array, message: RegExp): Promise<void> {
  const t = setup(9);
  await t.fit(blobs(48), { ...fit, epochs: 1 });
  const before = snapshot(t);
  const error = await t.fit(blobs(48), { ...fit, epochs: 4, resumeFrom: bytes }).then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect(error.message).toMatch(message);
  expect(snapshot(t)).toBe(before);
}

/** The checkpoint with its state edited and a checksum that agrees: a consistent file that lies. */
function consistent(bytes: Uint8Array, change: (state: any) => void): Uint8Array {
  const { tensors, metadata } = parseSafetensors(bytes);
  const state = JSON.parse(metadata.state);
  change(state);
  const text = JSON.stringify(state);
  return withState(bytes, text, checksum(text, tensors));
}
function withState(bytes: Uint8Array, state: string, checksum?: string): Uint8Array {
  const { tensors, metadata } = parseSafetensors(bytes);
  const meta: Record<string, string> = { format: metadata.format, state };
  if (checksum !== undefined) meta.checksum = checksum;
  return toSafetensors(tensors, meta);
}

describe('checkpoint restore is all or nothing (restoreCheckpoint)', () => {
  it('a valid checkpoint resumes', async () => {
    const t = setup(9);
    const h = await t.fit(blobs(48), { ...fit, epochs: 3, resumeFrom: await checkpointBytes() });
    expect(h.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });
  it.each([
    [
      'loader.epoch -1',
      (s: any) => {
        s.loader.epoch = -1;
      },
      /(decodeCheckpoint|Trainer\.fit): (resumeFrom )?checkpoint: loader must be \{ epoch: 2 \}/,
    ],
    [
      'no history',
      (s: any) => {
        delete s.history;
      },
      /the checkpoint has no history/,
    ],
    [
      'no rngs',
      (s: any) => {
        delete s.rngs;
      },
      /the checkpoint has no rngs/,
    ],
    [
      'epoch 2**53',
      (s: any) => {
        s.epoch = 2 ** 53;
        s.loader.epoch = 2 ** 53;
      },
      /epoch must be an integer in \[0, 1000000000\], got 9007199254740992/,
    ],
    [
      'epoch "2"',
      (s: any) => {
        s.epoch = '2';
        s.loader.epoch = '2';
      },
      /epoch must be an integer in \[0, 1000000000\], got "2"/,
    ],
    [
      'epoch 3 with a History of 2',
      (s: any) => {
        s.epoch = 3;
        s.loader.epoch = 3;
      },
      /history has 2 epochs but epoch is 3/,
    ],
    [
      'no run.batchSize',
      (s: any) => {
        delete s.run.batchSize;
      },
      /run\.batchSize must be an integer >= 1, got undefined/,
    ],
    [
      'history garbage',
      (s: any) => {
        s.history[1].loss = 'x';
      },
      /history\[1\]\.loss must be a number, got "x"/,
    ],
    [
      'a crafted RNG state',
      (s: any) => {
        s.rngs.defaultRng.arc4.S[255] = 1e308;
      },
      /rngs\["defaultRng"\].*arc4\.S\[255\] must be an integer/,
    ],
    [
      'a missing model generator',
      (s: any) => {
        for (const k of Object.keys(s.rngs)) if (k !== 'defaultRng') delete s.rngs[k];
      },
      /rngs has no state for the model's generator at "layers\.2\.rng"/,
    ],
    [
      'an unknown field',
      (s: any) => {
        s.extra = 1;
      },
      /unknown field "extra"/,
    ],
    [
      'StepLR gamma -0.5',
      (s: any) => {
        s.callbacks['LRSchedulerCallback#0'].gamma = -0.5;
      },
      /StepLR\.loadStateDict: gamma must be a finite number >= 0, got -0\.5/,
    ],
  ])('refuses %s with a named error and changes nothing', async (_what, change, message) => {
    await resumeFails(consistent(await checkpointBytes(), change), message);
  });
  it('refuses a checkpoint whose optimizer is missing a buffer, and changes nothing', async () => {
    const bytes = await checkpointBytes();
    const ckpt = decodeCheckpoint(bytes) as any;
    delete ckpt.optimizer.state['0.weight'].buffers.expAvg;
    await resumeFails(encodeCheckpoint(ckpt), /Adam\.loadStateDict: state\["0\.weight"\]\.buffers has no 'expAvg'/);
  });
  it('refuses NaN weights', async () => {
    const ckpt = decodeCheckpoint(await checkpointBytes());
    ckpt.weights['0.weight'].data[4] = Number.NaN;
    await resumeFails(encodeCheckpoint(ckpt), /weight "0\.weight" holds NaN at index 4/);
  });
  it('puts everything back when a callback refuses its state after the optimizer loaded', async () => {
    const refusing: Callback = {
      stateDict: () => ({ ok: true }),
      loadStateDict: () => {
        throw new Error('Refusing.loadStateDict: no');
      },
    };
    const t = setup(9);
    t.callbacks.push(refusing);
    await t.fit(blobs(48), { ...fit, epochs: 1 });
    const ckpt = encodeCheckpoint(t.checkpoint());
    const other = setup(5);
    other.callbacks.push(refusing);
    await other.fit(blobs(48), { ...fit, epochs: 1 });
    const before = snapshot(other);
    await expect(other.fit(blobs(48), { ...fit, epochs: 3, resumeFrom: ckpt })).rejects.toThrow(
      /Refusing\.loadStateDict: no/,
    );
    expect(snapshot(other)).toBe(before);
  });
});

describe('decodeCheckpoint', () => {
  it('names the field where the engine said "byte length … multiple of 4" or "Invalid character"', async () => {
    const bytes = await checkpointBytes();
    const odd = consistent(bytes, (s) => {
      s.optimizer.state['0.bias'].buffers.expAvg = 'AAA=';
    });
    expect(() => decodeCheckpoint(odd, 'run.ckpt')).toThrow(
      /decodeCheckpoint: run\.ckpt: optimizer\.state\["0\.bias"\]\.buffers\.expAvg holds 2 bytes, not a whole number of float32 values/,
    );
    const notBase64 = consistent(bytes, (s) => {
      s.optimizer.state['0.bias'].buffers.expAvg = '@@@@';
    });
    expect(() => decodeCheckpoint(notBase64, 'run.ckpt')).toThrow(
      /decodeCheckpoint: run\.ckpt: optimizer\.state\["0\.bias"\]\.buffers\.expAvg must be base64 text, got "@@@@"/,
    );
    expect(() => decodeCheckpoint(notBase64)).toThrow(CheckpointError);
  });
  it('catches a flipped bit in a weight by the checksum', async () => {
    const bytes = (await checkpointBytes()).slice();
    bytes[bytes.length - 3] ^= 0x10;
    expect(() => decodeCheckpoint(bytes, 'run.ckpt')).toThrow(
      /decodeCheckpoint: run\.ckpt: checksum mismatch: the file says "crc32:[0-9a-f]{8}", its contents give/,
    );
  });
  it('catches a consistent lie in the state (valid JSON, every field in range) by the checksum', async () => {
    const bytes = await checkpointBytes();
    const { metadata } = parseSafetensors(bytes);
    const state = JSON.parse(metadata.state);
    state.run.seed = 4; // was 3: every check passes, the run would silently differ
    expect(() => decodeCheckpoint(withState(bytes, JSON.stringify(state), metadata.checksum))).toThrow(
      /checksum mismatch/,
    );
  });
  it('still reads a checkpoint written before the checksum existed', async () => {
    const bytes = await checkpointBytes();
    const old = withState(bytes, parseSafetensors(bytes).metadata.state);
    expect(parseSafetensors(old).metadata.checksum).toBeUndefined();
    expect(decodeCheckpoint(old).epoch).toBe(2);
    const t = setup(9);
    expect((await t.fit(blobs(48), { ...fit, epochs: 3, resumeFrom: old })).epochs).toHaveLength(3);
  });
});
