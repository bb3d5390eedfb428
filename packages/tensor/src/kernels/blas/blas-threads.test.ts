// blasThreadsFor: below BLAS_THREAD_MIN_WORK multiply-adds a product runs on one BLAS thread, above
// on setNumThreads's count, and the library is called only when the count changes. A recording
// stand-in for the library, so this runs with or without a system BLAS.
import { afterEach, describe, expect, it } from 'vitest';
import { BLAS_THREAD_MIN_WORK, type BlasLibrary, blasThreadCount, blasThreadsFor, setBlasThreads } from '../backend.js';

function recorder(): { lib: BlasLibrary; calls: number[] } {
  const calls: number[] = [];
  const unused = () => {
    throw new Error('no products here');
  };
  return { lib: { name: 'recorder', sgemm: unused, dgemm: unused, setNumThreads: (n) => calls.push(n) }, calls };
}

describe('blasThreadsFor', () => {
  afterEach(() => setBlasThreads(1));

  it('drops to one thread for small products and goes back for large ones, calling only on a change', () => {
    setBlasThreads(2);
    expect(blasThreadCount()).toBe(2);
    const { lib, calls } = recorder();
    blasThreadsFor(lib, BLAS_THREAD_MIN_WORK); // large: already 2, no call
    blasThreadsFor(lib, 128 * 128 * 256); // small
    blasThreadsFor(lib, 10 * 128 * 128); // small again: no call
    blasThreadsFor(lib, 128 * 256 * 784); // large
    blasThreadsFor(lib, BLAS_THREAD_MIN_WORK - 1); // small
    expect(calls).toEqual([1, 2, 1]);
  });

  it('with one thread set, never calls the library', () => {
    setBlasThreads(1);
    const { lib, calls } = recorder();
    for (const work of [1, BLAS_THREAD_MIN_WORK, 2 ** 30]) blasThreadsFor(lib, work);
    expect(calls).toEqual([]);
  });
});
