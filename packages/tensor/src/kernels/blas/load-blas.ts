// Node-only: finds the system's BLAS and binds cblas_sgemm / cblas_dgemm with the koffi FFI package
// (prebuilt binaries in its npm package, so no compiler is involved). Reached from src/index-node.ts
// only, through registerBlasLoader, so platform-neutral code never loads native code; koffi itself
// is required lazily, when a product first asks for the backend.
import { createRequire } from 'node:module';
import type { BlasLibrary } from '../backend.js';

/** One candidate library: the file to dlopen and the name of its thread-count setter, if any. */
interface Candidate {
  file: string;
  threads?: { fn: string; int64?: boolean };
}

const OPENBLAS = { fn: 'openblas_set_num_threads' };
const MKL = { fn: 'MKL_Set_Num_Threads' };
const BLIS = { fn: 'bli_thread_set_num_threads', int64: true };

/**
 * Where BLAS libraries live, best first: OpenBLAS (Debian's libopenblas0, Homebrew, Windows
 * builds), MKL's single dynamic library, BLIS, Apple Accelerate. ADAMANT_BLAS_LIB, a path or file
 * name, replaces the list: that library only (`ADAMANT_BLAS_LIB=none` finds none).
 */
export function blasCandidates(platform: string = process.platform): Candidate[] {
  const own = process.env.ADAMANT_BLAS_LIB?.trim();
  if (own) return own === 'none' ? [] : [{ file: own, threads: guessThreads(own) }];
  if (platform === 'darwin')
    return [
      { file: '/opt/homebrew/opt/openblas/lib/libopenblas.dylib', threads: OPENBLAS },
      { file: '/usr/local/opt/openblas/lib/libopenblas.dylib', threads: OPENBLAS },
      { file: 'libmkl_rt.dylib', threads: MKL },
      { file: '/System/Library/Frameworks/Accelerate.framework/Accelerate' },
    ];
  if (platform === 'win32')
    return [
      { file: 'libopenblas.dll', threads: OPENBLAS },
      { file: 'openblas.dll', threads: OPENBLAS },
      { file: 'mkl_rt.2.dll', threads: MKL },
      { file: 'mkl_rt.dll', threads: MKL },
    ];
  return [
    { file: 'libopenblas.so.0', threads: OPENBLAS },
    { file: 'libopenblas.so', threads: OPENBLAS },
    { file: '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0', threads: OPENBLAS },
    { file: '/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0', threads: OPENBLAS },
    { file: 'libmkl_rt.so.2', threads: MKL },
    { file: 'libmkl_rt.so', threads: MKL },
    { file: 'libblis.so.4', threads: BLIS },
    { file: 'libblis.so', threads: BLIS },
  ];
}

function guessThreads(file: string): Candidate['threads'] {
  if (/openblas/i.test(file)) return OPENBLAS;
  if (/mkl/i.test(file)) return MKL;
  if (/blis/i.test(file)) return BLIS;
  return undefined;
}

// CBLAS enum values (cblas.h): the same in every implementation.
const ROW_MAJOR = 101,
  NO_TRANS = 111,
  TRANS = 112;

interface Koffi {
  load(file: string): { func(signature: string): (...args: unknown[]) => unknown };
}

/**
 * Loads the first BLAS of blasCandidates that exports cblas_sgemm and cblas_dgemm. Throws an Error
 * listing what was tried when koffi or every library is missing.
 *
 * @example
 * const blas = loadSystemBlas();
 * blas.sgemm(false, false, 2, 2, 2, 1, a, 0, 2, b, 0, 2, 0, c, 0, 2);
 */
export function loadSystemBlas(): BlasLibrary {
  let koffi: Koffi;
  try {
    koffi = createRequire(import.meta.url)('koffi') as Koffi;
  } catch (e) {
    throw new Error(`the koffi package could not be loaded (${(e as Error).message.split('\n')[0]})`);
  }
  const tried: string[] = [];
  for (const c of blasCandidates()) {
    let lib: ReturnType<Koffi['load']>;
    try {
      lib = koffi.load(c.file);
    } catch {
      tried.push(c.file);
      continue;
    }
    let sgemm: (...args: unknown[]) => unknown, dgemm: (...args: unknown[]) => unknown;
    try {
      sgemm = lib.func(
        'void cblas_sgemm(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int)',
      );
      dgemm = lib.func(
        'void cblas_dgemm(int, int, int, int, int, int, double, const double *, int, const double *, int, double, double *, int)',
      );
    } catch {
      tried.push(`${c.file} (no cblas_sgemm/cblas_dgemm)`);
      continue;
    }
    let setThreads: (n: number) => void = () => {};
    if (c.threads) {
      try {
        const f = lib.func(`void ${c.threads.fn}(${c.threads.int64 ? 'int64_t' : 'int'})`);
        setThreads = c.threads.int64 ? (n) => f(BigInt(n)) : (n) => f(n);
      } catch {
        /* no setter: the library keeps its own thread count */
      }
    }
    // A view starting at the offset: koffi passes a typed array's own start (its byteOffset) to C.
    const at = <T extends Float32Array | Float64Array>(x: T, offset: number): T =>
      offset === 0 ? x : (x.subarray(offset) as T);
    return {
      name: c.file,
      sgemm(tA, tB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, out, co, ldc) {
        sgemm(
          ROW_MAJOR,
          tA ? TRANS : NO_TRANS,
          tB ? TRANS : NO_TRANS,
          m,
          n,
          k,
          alpha,
          at(a, ao),
          lda,
          at(b, bo),
          ldb,
          beta,
          at(out, co),
          ldc,
        );
      },
      dgemm(tA, tB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, out, co, ldc) {
        dgemm(
          ROW_MAJOR,
          tA ? TRANS : NO_TRANS,
          tB ? TRANS : NO_TRANS,
          m,
          n,
          k,
          alpha,
          at(a, ao),
          lda,
          at(b, bo),
          ldb,
          beta,
          at(out, co),
          ldc,
        );
      },
      setNumThreads: setThreads,
    };
  }
  throw new Error(
    `no system BLAS was found (tried ${tried.length ? tried.join(', ') : 'none: ADAMANT_BLAS_LIB=none'}); ` +
      'install OpenBLAS (e.g. apt-get install libopenblas0) or set ADAMANT_BLAS_LIB to a library with cblas_sgemm',
  );
}
