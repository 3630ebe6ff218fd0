// marker.mjs — find and read the marker a wasm-threadify patch writes (docs/marker-format.md), strictly, the way the
// Swift reader (Sources/MarkerFormat) does: for the same payload both give the same reading or the same message
// (Tests/Fixtures/marker-vectors/ pins both). Dependency-free; used by threadify-host.mjs, usable on its own.

/** The payload format this reader knows (and the newest it reads). */
export const MARKER_FORMAT = 2;
/** A payload larger than this is refused unread. */
export const MAX_MARKER_BYTES = 65536;

const ROLES = ['stack_size', 'thread_id', 'spawn_arg'];
const CALLS = ['every-instance', 'other-instances', 'host-allocates'];
const VALUE_TYPES = ['i32', 'i64', 'f32', 'f64'];
const I32_MIN = -(2 ** 31);
const U32_MAX = 2 ** 32 - 1;
// Addresses and sizes in memory: a memory64 may pass 4 GiB; a JS number holds integers exactly up to 2^53 - 1.
const MEMORY_MAX = Number.MAX_SAFE_INTEGER;
const PAGES_MAX = 2 ** 48;

/** Why a payload could not be read; `kind` is 'oldFormat', 'newerFormat' or 'malformed'. */
export class MarkerError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = 'MarkerError';
    this.kind = kind;
  }
}

const malformed = (message) => new MarkerError('malformed', message);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNull = (v) => v === undefined || v === null;
const range = (lo, hi) => `${lo}...${hi}`;

/** The custom sections of a module's bytes, as [{ name, payload }] (the module must be valid). */
export function customSections(bytes) {
  const sections = [];
  let pos = 8;
  const leb = () => {
    let value = 0, scale = 1, b;
    do {
      if (pos >= bytes.length) throw new Error('truncated module');
      b = bytes[pos++];
      value += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    return value;
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 0) {
      const length = leb();
      const name = new TextDecoder().decode(bytes.subarray(pos, pos + length));
      sections.push({ name, payload: bytes.subarray(pos + length, end) });
    }
    pos = end;
  }
  return sections;
}

/** Whether a custom section's payload is a marker, whatever the section's name (marker-format.md). */
export function isMarkerPayload(payload) {
  const text = (n) => new TextDecoder().decode(payload.subarray(0, n));
  if (payload.length >= 6 && text(6) === 'rules=') return true;
  if (payload.length === 0 || payload[0] !== 0x7b || payload.length > MAX_MARKER_BYTES) return false;
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    return isObject(value) && 'marker' in value;
  } catch {
    return false;
  }
}

/** The one section among `sections` that holds a marker, or null; several are an error naming them. */
export function markerSection(sections) {
  const found = sections.filter((s) => isMarkerPayload(s.payload));
  if (found.length > 1)
    throw malformed(`${found.length} custom sections hold a marker (${found.map((s) => JSON.stringify(s.name)).join(', ')}), expected one`);
  return found[0] ?? null;
}

/**
 * Reads a marker payload (Uint8Array) strictly: format 1 and 2. Returns the reading in the form the patch writes
 * (format 2 keys; a format-1 start gets "call": "every-instance"); throws a MarkerError naming the first bad key.
 */
export function readMarkerPayload(payload) {
  if (payload.length > MAX_MARKER_BYTES)
    throw malformed(`payload of ${payload.length} bytes (at most ${MAX_MARKER_BYTES} expected)`);
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    throw malformed('the payload is not UTF-8 text');
  }
  if (text.startsWith('rules='))
    throw new MarkerError(
      'oldFormat',
      `the payload "${[...text].slice(0, 80).join('')}" was written by wasm-threadify 0.2, which does not record the thread ABI a host needs: patch the original module again`);
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed('the payload is not JSON');
  }
  if (!isObject(value)) throw malformed('the payload is not a JSON object');
  return readObject(new Fields(value, ''));
}

/** One JSON object of the marker, with messages naming each key by its path. */
class Fields {
  constructor(object, path) {
    this.object = object;
    this.path = path;
  }
  name(key) {
    return `"${this.path}${key}"`;
  }
  has(key) {
    return Object.prototype.hasOwnProperty.call(this.object, key);
  }
  get(key) {
    return this.has(key) ? this.object[key] : undefined;
  }
  value(key) {
    if (!this.has(key)) throw malformed(`no ${this.name(key)} key`);
    return this.object[key];
  }
  string(key) {
    const v = this.value(key);
    if (typeof v !== 'string') throw malformed(`${this.name(key)} is not a string`);
    return v;
  }
  nonEmptyString(key) {
    const v = this.get(key);
    if (typeof v !== 'string' || v === '') throw malformed(`${this.name(key)} is not a non-empty string`);
    return v;
  }
  integer(key, lo, hi) {
    const v = this.value(key);
    if (!Number.isInteger(v) || v < lo || v > hi) throw malformed(`${this.name(key)} is not an integer in ${range(lo, hi)}`);
    return v;
  }
  optionalInteger(key, lo, hi) {
    return isNull(this.get(key)) ? null : this.integer(key, lo, hi);
  }
  nested(key) {
    const v = this.get(key);
    if (isNull(v)) return null;
    if (!isObject(v)) throw malformed(`${this.name(key)} is neither null nor an object`);
    return new Fields(v, `${this.path}${key}.`);
  }
  valueTypes(key) {
    const v = this.get(key);
    if (!Array.isArray(v) || !v.every((t) => VALUE_TYPES.includes(t)))
      throw malformed(`${this.name(key)} is not a list of value types`);
    return v;
  }
  /** Integers fitting an i32, and roles or {"global": NAME} where allowed. */
  args(key, allowRoles, allowGlobals = true) {
    const list = this.get(key);
    if (!Array.isArray(list)) throw malformed(`${this.name(key)} is not a list`);
    if (list.length > 64) throw malformed(`${this.name(key)} has ${list.length} arguments (at most 64)`);
    return list.map((item, index) => {
      if (Number.isInteger(item) && item >= I32_MIN && item <= U32_MAX) return item;
      if (allowRoles && ROLES.includes(item)) return item;
      if (allowGlobals && !allowRoles && isObject(item) && Object.keys(item).length === 1 && typeof item.global === 'string' && item.global !== '')
        return { global: item.global };
      const other = allowRoles
        ? ` nor one of ${ROLES.map((r) => `"${r}"`).join(', ')}`
        : allowGlobals ? ' nor {"global": NAME}' : '';
      throw malformed(`"${this.path}${key}[${index}]" is not an integer in ${range(I32_MIN, U32_MAX)}${other}`);
    });
  }
}

function readObject(f) {
  const format = f.integer('marker', 1, 2 ** 31 - 1);
  if (format > MARKER_FORMAT)
    throw new MarkerError('newerFormat', `format ${format} is newer than this reader understands (${MARKER_FORMAT}): update wasm-threadify`);
  const marker = { marker: format, rules: f.string('rules'), version: f.string('version') };
  const spawnGiven = !isNull(f.get('spawn'));
  const start = f.nested('start');
  if (start) {
    let call;
    if (format === 1 && !start.has('call')) call = 'every-instance';
    else {
      call = start.get('call');
      if (!CALLS.includes(call)) throw malformed(`${start.name('call')} is not one of ${CALLS.map((c) => `"${c}"`).join(', ')}`);
    }
    marker.start = { call, export: start.nonEmptyString('export'), args: start.args('args', true) };
    const index = marker.start.args.indexOf('spawn_arg');
    if (!spawnGiven && index >= 0) throw malformed(`"start.args[${index}]" is "spawn_arg", but the marker has no "spawn"`);
  }
  const spawn = f.nested('spawn');
  if (spawn) {
    const module = spawn.nonEmptyString('module');
    const name = spawn.nonEmptyString('name');
    const params = spawn.valueTypes('params');
    if (params.length === 0) throw malformed(`${spawn.name('params')} is empty: the first parameter is the spawn argument`);
    const results = spawn.valueTypes('results');
    if (results.length !== 1) throw malformed(`${spawn.name('results')} does not list exactly one value type`);
    if (spawn.get('returns') !== 'thread_id') throw malformed(`${spawn.name('returns')} is not "thread_id"`);
    marker.spawn = { module, name, params, results, returns: 'thread_id', error: spawn.integer('error', I32_MIN, U32_MAX) };
    if (marker.start?.call !== 'other-instances') throw malformed('"spawn" needs a "start" with "call": "other-instances"');
  }
  const destroy = f.nested('destroy');
  if (destroy) {
    const name = destroy.nonEmptyString('export');
    const self = destroy.args('self', false, false);
    marker.destroy = { export: name, self, other: destroy.args('other', false) };
  }
  const globals = f.nested('globals');
  if (globals) {
    const g = {};
    for (const key of ['stack-pointer', 'tls-base']) {
      const inner = globals.nested(key);
      if (!inner) continue;
      g[key] = { index: inner.integer('index', 0, U32_MAX) };
      if (inner.has('export')) g[key].export = inner.nonEmptyString('export');
    }
    const sizes = [
      ['tls-size', 0, MEMORY_MAX], ['tls-align', 1, 2 ** 31], ['stack-size', 0, MEMORY_MAX],
      ['data-end', 0, MEMORY_MAX], ['heap-base', 0, MEMORY_MAX],
    ];
    for (const [key, lo, hi] of sizes) {
      const v = globals.optionalInteger(key, lo, hi);
      if (key === 'tls-align' && v !== null && (v & (v - 1)) !== 0) throw malformed(`${globals.name(key)} is not a power of two`);
      if (v !== null) g[key] = v;
    }
    marker.globals = g;
  }
  const reserved = f.nested('reserved');
  if (reserved) marker.reserved = { address: reserved.integer('address', 0, MEMORY_MAX), pages: reserved.integer('pages', 0, PAGES_MAX) };
  return marker;
}
