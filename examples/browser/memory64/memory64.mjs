// memory64.mjs — what a JS host needs to run a memory64 module: the shared memory with BigInt limits and
// `address: 'i64'`, detected from the module's memory import, and a clear error where the runtime lacks memory64
// or table64. Standalone (no other file of the host), so that examples/host/threadify-host.mjs can import it.

/** Reads memory 0's import from `bytes` (a WebAssembly binary): `{module, name, initial, maximum, shared,
 * address}` with page counts as BigInt, or null when the module imports no memory. Only the import section is read. */
export function memoryImport(bytes) {
  const view = new Uint8Array(bytes);
  let offset = 8;
  const u32 = () => Number(uleb());
  function uleb() {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = view[offset++];
      if (byte === undefined) throw new Error(`truncated module at byte ${offset - 1}`);
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  const name = () => {
    const length = u32();
    const text = new TextDecoder().decode(view.subarray(offset, offset + length));
    offset += length;
    return text;
  };
  while (offset < view.length) {
    const id = view[offset++];
    const size = u32();
    const end = offset + size;
    if (id !== 2) {
      offset = end;
      continue;
    }
    for (let count = u32(); count > 0; count--) {
      const module = name();
      const field = name();
      const kind = view[offset++];
      if (kind === 0x00) u32();
      else if (kind === 0x01) {
        offset++; // reference type
        limits();
      } else if (kind === 0x03) offset += 2;
      else if (kind === 0x02) return { module, name: field, ...limits() };
      else throw new Error(`unknown import kind ${kind} at byte ${offset - 1}`);
    }
    return null;
  }
  return null;
  function limits() {
    const flags = view[offset++];
    const initial = uleb();
    const maximum = flags & 0x01 ? uleb() : undefined;
    return { initial, maximum, shared: (flags & 0x02) !== 0, address: flags & 0x04 ? 'i64' : 'i32' };
  }
}

/** A `WebAssembly.Memory` for `described` (from memoryImport): BigInt limits and `address: 'i64'` for a memory64.
 * Throws a clear error when this runtime has no memory64 (node 20 needs --experimental-wasm-memory64). */
export function sharedMemory(described) {
  if (described.address !== 'i64') {
    return new WebAssembly.Memory({
      initial: Number(described.initial), maximum: Number(described.maximum), shared: described.shared,
    });
  }
  try {
    return new WebAssembly.Memory({
      initial: described.initial, maximum: described.maximum, shared: described.shared, address: 'i64',
    });
  } catch (error) {
    // node 20 (V8 11.3) implements the older draft: Number limits and `index: 'i64'`, behind a flag.
    if (described.maximum <= BigInt(Number.MAX_SAFE_INTEGER)) {
      try {
        return new WebAssembly.Memory({
          initial: Number(described.initial), maximum: Number(described.maximum), shared: described.shared,
          index: 'i64',
        });
      } catch {
        // reported below
      }
    }
    throw new Error(`this runtime cannot create a shared 64-bit memory (memory64): ${error.message}` +
      ' (node 20: run with --experimental-wasm-memory64; Chromium >= 133 has it)');
  }
}

/** Compiles `bytes`, naming memory64 or table64 when the runtime refuses a 64-bit memory or table (node 20 has
 * memory64 behind --experimental-wasm-memory64, and no table64). */
export async function compile(bytes) {
  try {
    return await WebAssembly.compile(bytes);
  } catch (error) {
    if (/table.*limits/i.test(error.message)) {
      throw new Error(`this runtime has no 64-bit tables (table64), which wasm64 modules use: ${error.message}`);
    }
    if (/memory limits/i.test(error.message)) {
      throw new Error(`this runtime has no 64-bit memories (memory64): ${error.message}`);
    }
    throw error;
  }
}
