// Runs many .tflite models in one LiteRT.js process: the runtime and the conventions of
// ../shared/validators/run_litert.mjs (which takes one model per process), without paying the node
// start and the wasm load per model, which dominate a small model's run.
//
//   node run_litert_cases.mjs DIR...
//
// For each DIR: DIR/m.tflite on DIR/inputs.json -> DIR/litert.json, one line "ok DIR" or "FAIL DIR: why";
// exit 1 when any failed. As in run_litert.mjs: inputs are matched by name (signature or tensor name),
// else by position; outputs are written in the subgraph's output order, named after their tensors, with
// signature_name beside; -1 entries of shape_signature are made static in memory (LiteRT.js 2.5.3 cannot
// run dynamic shapes); non-finite values are written as "NaN", "Infinity", "-Infinity".
// The runtime comes from $TFLITE_VALIDATORS_DIR (default ~/.cache/tflite-validators).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import vm from 'node:vm';
import {createRequire} from 'node:module';
import {fileURLToPath, pathToFileURL} from 'node:url';

const dirs = process.argv.slice(2);
if (!dirs.length || dirs.some((d) => d.startsWith('--'))) {
  console.error('usage: node run_litert_cases.mjs DIR...');
  process.exit(2);
}
const rtDir = process.env.TFLITE_VALIDATORS_DIR || path.join(os.homedir(), '.cache', 'tflite-validators');
const coreDir = path.join(rtDir, 'node_modules', '@litertjs', 'core');
if (!fs.existsSync(path.join(coreDir, 'package.json'))) {
  console.error(`LiteRT.js not found in ${rtDir}: run ../shared/validators/setup.sh`);
  process.exit(2);
}

// What we need of a .tflite, read straight from the flatbuffer (TFLite schema field ids: Model
// subgraphs 2, signature_defs 7; SubGraph tensors 0, inputs 1, outputs 2; Tensor shape 0, name 3,
// shape_signature 7; SignatureDef inputs 0, outputs 1; TensorMap name 0, tensor_index 1).
function readModel(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at) => view.getUint32(at, true);
  const deref = (at) => at + u32(at);
  const fieldAt = (table, id) => {
    const vtable = table - view.getInt32(table, true);
    const slot = 4 + 2 * id;
    const off = slot < view.getUint16(vtable, true) ? view.getUint16(vtable + slot, true) : 0;
    return off ? table + off : 0;
  };
  const vector = (table, id) => {
    const at = fieldAt(table, id);
    if (!at) return {length: 0, start: 0};
    const v = deref(at);
    return {length: u32(v), start: v + 4};
  };
  const tables = (table, id) => { const v = vector(table, id); return Array.from({length: v.length}, (_, k) => deref(v.start + 4 * k)); };
  const ints = (table, id) => { const v = vector(table, id); return {start: v.start, values: Array.from({length: v.length}, (_, k) => view.getInt32(v.start + 4 * k, true))}; };
  const text = (table, id) => { const v = vector(table, id); return Buffer.from(bytes.buffer, bytes.byteOffset + v.start, v.length).toString('utf8'); };
  const uint = (table, id) => { const at = fieldAt(table, id); return at ? u32(at) : 0; };
  if (bytes.length < 8 || Buffer.from(bytes.buffer, bytes.byteOffset + 4, 4).toString('latin1') !== 'TFL3') {
    throw new Error('not a TFLite flatbuffer (no TFL3 identifier)');
  }
  const root = deref(0);
  const subgraphs = tables(root, 2).map((sg) => ({
    tensors: tables(sg, 0).map((t) => ({name: text(t, 3), shape: ints(t, 0).values, signature: ints(t, 7)})),
    inputs: ints(sg, 1).values,
    outputs: ints(sg, 2).values,
  }));
  const maps = (table, id) => tables(table, id).map((m) => ({name: text(m, 0), tensor: uint(m, 1)}));
  const signatures = tables(root, 7).map((s) => ({inputs: maps(s, 0), outputs: maps(s, 1), subgraph: uint(s, 4)}));
  // Static sizes for -1 entries (the static shape's size, or 1).
  for (const sg of subgraphs) {
    for (const t of sg.tensors) {
      t.signature.values.forEach((v, k) => {
        if (v < 0) view.setInt32(t.signature.start + 4 * k, t.shape[k] > 0 ? t.shape[k] : 1, true);
      });
    }
  }
  return {subgraphs, signatures};
}

// LiteRT.js loads its emscripten glue with importScripts() (workers) or <script> tags (pages); in
// Node the glue is evaluated in the global scope instead.
globalThis.self = globalThis;
if (typeof globalThis.navigator === 'undefined') globalThis.navigator = {gpu: {requestAdapter: async () => null}};
globalThis.require = createRequire(path.join(coreDir, 'package.json'));
globalThis.importScripts = (url) => {
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  globalThis.__dirname = path.dirname(file);
  globalThis.__filename = file;
  vm.runInThisContext(fs.readFileSync(file, 'utf8'), {filename: file});
};
const patched = path.join(coreDir, 'dist', 'index.patched.js');  // int8/int16/int64/bool I/O (setup.sh)
const entry = fs.existsSync(patched) ? patched : path.join(coreDir, 'dist', 'index.js');
const {loadLiteRt, loadAndCompile, Tensor} = await import(pathToFileURL(entry).href);
const say = console.log.bind(console);
// The runtime's own INFO/WARNING lines and the WebGPU probe are noise here.
const quiet = (orig) => (...a) => {
  if (!/^(INFO|WARNING): \[?|^Failed to create default WebGPU/.test(String(a[0]))) orig(...a);
};
console.log = quiet(console.log);
console.error = quiet(console.error);
console.warn = quiet(console.warn);

const ARRAYS = {float32: Float32Array, float64: Float64Array, int32: Int32Array, int8: Int8Array, uint8: Uint8Array,
  int16: Int16Array, int64: BigInt64Array, bool: Uint8Array};
const finite = (v) => (Number.isFinite(v) ? v : String(v));

async function runCase(dir) {
  const bytes = new Uint8Array(fs.readFileSync(path.join(dir, 'm.tflite')));
  const info = readModel(bytes);
  const sig = info.signatures[0];
  const sg = info.subgraphs[sig ? sig.subgraph : 0];
  let given = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8'));
  if (!Array.isArray(given)) given = Object.entries(given).map(([name, v]) => ({name, ...v}));
  const model = await loadAndCompile(bytes, {accelerator: 'wasm'});
  const fed = [];
  try {
    const tensorOf = (maps, name, k, fallback) => {
      const m = maps?.find((x) => x.name === name);
      if (m) return m.tensor;
      const byName = sg.tensors.findIndex((t) => t.name === name);
      return byName >= 0 ? byName : fallback[k];
    };
    const inDetails = model.getInputDetails();
    const inTensors = inDetails.map((d, k) => tensorOf(sig?.inputs, d.name, k, sg.inputs));
    const byName = given.some((g) => inDetails.some((d, k) => g.name === d.name || g.name === sg.tensors[inTensors[k]]?.name));
    inDetails.forEach((d, k) => {
      const tensorName = sg.tensors[inTensors[k]]?.name ?? d.name;
      const g = byName ? given.find((x) => x.name === d.name || x.name === tensorName) : given[Math.max(0, sg.inputs.indexOf(inTensors[k]))];
      if (!g?.data) throw new Error(`inputs.json has no data for input ${tensorName}`);
      const Arr = ARRAYS[d.dtype];
      if (!Arr) throw new Error(`input ${tensorName}: dtype ${d.dtype} is not supported here`);
      const values = g.data.flat(Infinity).map((v) => (typeof v === 'boolean' ? +v : Number(v)));
      const shape = g.shape.map(Number);
      if (values.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`input ${tensorName}: ${values.length} values for shape [${shape}]`);
      const arr = Arr === BigInt64Array ? BigInt64Array.from(values, (v) => BigInt(Math.trunc(v))) : Arr.from(values);
      fed.push(new Tensor(arr, shape));
    });
    const outs = await model.run(fed);
    const outDetails = model.getOutputDetails();
    const results = outs.map((o, k) => {
      const d = outDetails[k];
      const t = tensorOf(sig?.outputs, d.name, k, sg.outputs);
      const r = {name: sg.tensors[t]?.name ?? d.name, signature_name: d.name, order: sg.outputs.indexOf(t),
        shape: Array.from(o.type?.layout?.dimensions ?? d.shape), dtype: d.dtype,
        data: Array.from(o.toTypedArray(), (v) => finite(Number(v)))};
      o.delete();
      return r;
    });
    results.sort((a, b) => (a.order < 0 || b.order < 0 ? 0 : a.order - b.order));
    results.forEach((r) => delete r.order);
    fs.writeFileSync(path.join(dir, 'litert.json'), JSON.stringify(results));
  } finally {
    fed.forEach((t) => t.delete());
    model.delete();
  }
}

await loadLiteRt(path.join(coreDir, 'wasm') + '/');
let failed = 0;
for (const dir of dirs) {
  try {
    await runCase(dir);
    say(`ok ${dir}`);
  } catch (e) {
    failed++;
    say(`FAIL ${dir}: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}
process.exitCode = failed ? 1 : 0;
