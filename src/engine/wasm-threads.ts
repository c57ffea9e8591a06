/**
 * The threaded SIMD build of tfjs-backend-wasm in Node. The package's own loader turns threads off
 * under Node, and would fail anyway: it hands emscripten its pthread worker and main script as
 * blob URLs, which Node's worker_threads cannot load. Here the same module is started with real
 * files: the package's main script (wasm-out/) and its worker script, written once to a file.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type * as wasmBackend from '@tensorflow/tfjs-backend-wasm';

const WASM = 'wasm';
/** tfjs-backend-wasm's own priority for its backend. */
const WASM_PRIORITY = 2;
const OUT_DIR = '@tensorflow/tfjs-backend-wasm/wasm-out';
const MAIN_SCRIPT = `${OUT_DIR}/tfjs-backend-wasm-threaded-simd.js`;
const WORKER_SOURCE = `${OUT_DIR}/tfjs-backend-wasm-threaded-simd.worker.js`;
const WASM_FILE = 'tfjs-backend-wasm-threaded-simd.wasm';

/** What emscripten's module offers beyond what BackendWasm needs; see init() in the package. */
interface EmscriptenModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
  PThread?: { unusedWorkers: Worker[]; runningWorkers: Worker[] };
}
interface Worker {
  unref(): void;
}
type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** The part of the WebAssembly global used here (the project's TypeScript libs leave it out). */
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
};
type WasmModule = object;

/** The thread count the registered 'wasm' backend was made for (1: the package's own loader). */
let registeredThreads = 1;

/**
 * Makes the 'wasm' backend the threaded SIMD build with `threads` threads (the single-threaded
 * package loader for 1). Replaces an initialised wasm backend of another thread count, which
 * disposes its tensors. Returns why threads are not possible here, or undefined.
 */
export async function useWasmThreads(threads: number): Promise<string | undefined> {
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof wasmBackend;
  const missing = threads > 1 ? await missingSupport() : undefined;
  const wanted = missing ? 1 : threads;
  if (wanted !== registeredThreads) {
    const registered = tf.findBackendFactory(WASM);
    originalFactory ??= registered;
    tf.removeBackend(WASM);
    wasm.setThreadsCount(wanted);
    tf.registerBackend(WASM, wanted === 1 ? originalFactory : () => createThreaded(wasm, wanted), WASM_PRIORITY);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', wanted > 1);
    registeredThreads = wanted;
  }
  return missing;
}

/** The thread count the 'wasm' backend is registered for. */
export function wasmThreadsRegistered(): number {
  return registeredThreads;
}

/** Threads of the initialised wasm backend (XNNPACK's pool, which includes the calling thread). */
export function wasmThreads(): number {
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof wasmBackend;
  return wasm.getThreadsCount();
}

let originalFactory: ReturnType<typeof tf.findBackendFactory> | undefined;

async function missingSupport(): Promise<string | undefined> {
  if (typeof SharedArrayBuffer === 'undefined') return 'no SharedArrayBuffer';
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) return 'no wasm SIMD';
  return undefined;
}

async function createThreaded(wasm: typeof wasmBackend, threads: number): Promise<tf.KernelBackend> {
  const mainScript = require.resolve(MAIN_SCRIPT);
  const factory = require(mainScript) as Factory;
  const workerScript = workerFile();
  const compiled = await WebAssembly.compile(fs.readFileSync(path.join(path.dirname(mainScript), WASM_FILE)));
  const module = await factory({
    // The worker evaluates the main script itself (importScripts of a path), so both are files.
    mainScriptUrlOrBlob: mainScript,
    locateFile: (file: string, prefix: string) => (file.endsWith('.worker.js') ? workerScript : prefix + file),
    instantiateWasm: (info: { env: Record<string, unknown> }, receive: (instance: object, module: WasmModule) => void) => {
      // tfjs caps its pool at half the logical cores (it assumes two hardware threads per core),
      // so a 2-core machine would get one thread: report twice the threads asked for.
      info.env.emscripten_num_logical_cores = () => 2 * threads;
      const instance = new WebAssembly.Instance(compiled, info);
      receive(instance, compiled);
      return instance.exports;
    },
  });
  // The same bridge the package's init() builds.
  Object.assign(module, {
    tfjs: {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    },
  });
  const backend = new wasm.BackendWasm(module as unknown as ConstructorParameters<typeof wasm.BackendWasm>[0]);
  // XNNPACK's pool threads wait for work for ever; they must not keep Node from exiting.
  for (const worker of [...(module.PThread?.unusedWorkers ?? []), ...(module.PThread?.runningWorkers ?? [])]) worker.unref();
  return backend;
}

/**
 * The package's pthread worker source (shipped as a JavaScript string) as a file, named by its
 * hash so that concurrent processes and other package versions never clash.
 */
function workerFile(): string {
  const { wasmWorkerContents } = require(WORKER_SOURCE) as { wasmWorkerContents: string };
  // The string's template literal turned the source's one escaped newline (in a string) into a real one.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = crypto.createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `ssgan-tfjs-wasm-worker-${hash}.js`);
  if (!fs.existsSync(file)) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, source);
    fs.renameSync(temporary, file);
  }
  return file;
}
