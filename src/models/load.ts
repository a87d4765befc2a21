/**
 * Model loading that works in Node and in a browser bundle. The core never imports a
 * Node module statically: in Node the files under `models/` are read through
 * `process.getBuiltinModule` (Node ≥ 20.16); in a browser, call `registerModel(name, bytes)`
 * before the component that needs it runs.
 */
const registered = new Map<string, Uint8Array>();
const cache = new Map<string, unknown>();

export function registerModel(name: string, bytes: Uint8Array): void {
  registered.set(name, bytes);
  cache.delete(name);
}

type NodeFs = { readFileSync(p: string | URL): Uint8Array; existsSync(p: string | URL): boolean };
type NodeZlib = { gunzipSync(b: Uint8Array): Uint8Array };

function nodeBuiltin<T>(name: string): T | null {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  return (p?.getBuiltinModule?.(name) as T | undefined) ?? null;
}

/** The models/ folder of this package (src/models/load.ts and dist/models/load.js both sit two levels down). */
export function modelsDir(): URL {
  return new URL('../../models/', import.meta.url);
}

/** Raw bytes of a model file; `.gz` files are gunzipped. Throws a clear error if it is missing. */
export function loadModelBytes(name: string): Uint8Array {
  let bytes = registered.get(name);
  if (!bytes) {
    const fs = nodeBuiltin<NodeFs>('node:fs');
    if (!fs) throw new Error(`sokhan: model "${name}" is not registered; in a browser call registerModel("${name}", bytes) first`);
    const url = new URL(name, modelsDir());
    if (!fs.existsSync(url)) throw new Error(`sokhan: model file models/${name} is missing; rebuild it with the script named in models/MODEL_CARD.md`);
    bytes = fs.readFileSync(url);
  }
  if (name.endsWith('.gz')) {
    const zlib = nodeBuiltin<NodeZlib>('node:zlib');
    if (!zlib) throw new Error(`sokhan: cannot gunzip models/${name} here; register the uncompressed bytes instead`);
    bytes = zlib.gunzipSync(bytes);
  }
  return bytes;
}

/** A model parsed once and shared: `parse` runs on first use only. */
export function loadModel<T>(name: string, parse: (bytes: Uint8Array) => T): T {
  if (cache.has(name)) return cache.get(name) as T;
  const value = parse(loadModelBytes(name));
  cache.set(name, value);
  return value;
}

/** JSON model (optionally gzipped). */
export function loadJsonModel<T>(name: string): T {
  return loadModel(name, (b) => JSON.parse(new TextDecoder().decode(b)) as T);
}
