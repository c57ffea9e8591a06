/** What ssgan's own wasm kernels need of tfjs-backend-wasm's backend: its heap and tensor offsets. */
import type * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-backend-wasm's BackendWasm used here (its class is not exported for import). */
export interface WasmBackend extends tf.KernelBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/**
 * The heap as it is now, a byte view over its ArrayBuffer (a SharedArrayBuffer under threaded wasm,
 * which the addon can only reach through a view). It is replaced whenever wasm memory grows, so
 * never keep it.
 */
export function heapOf(backend: WasmBackend): Uint8Array {
  return backend.wasm.HEAPU8;
}

/** Byte offset of a tensor's data in the heap. */
export function offsetOf(backend: WasmBackend, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error(`wasm backend: no data for tensor of shape [${info.shape}]`);
  return data.memoryOffset;
}
