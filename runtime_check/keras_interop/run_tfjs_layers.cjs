// Runs a Keras model saved as a tfjs layers model (model.json whose modelTopology is the Keras config,
// + weight files) with tfjs-layers 4.22 on the pure-JS CPU backend: an executor of Keras semantics
// written independently of TensorFlow, of TFLite and of our converter.
//
//   node run_tfjs_layers.cjs MODEL.json [--inputs in.json] [--out out.json] [--save-inputs used.json] [--verbose]
//   node run_tfjs_layers.cjs --cases DIR...     # many models in one node process (node start dominates)
//
// --cases runs DIR/tfjs/model.json on DIR/inputs.json and writes DIR/tfjs_layers.json, printing one line
// per DIR ("ok DIR" or "FAIL DIR: why"); exits 1 when any failed.
// Inputs and outputs use the shared I/O format of ../shared/validators/README.md. Inputs are matched
// by name (the InputLayer names), else by position; an input without "data" gets the shared default
// pattern (float i -> 0.1*(i%17)-0.5, int i -> (i%7)-3). Outputs are written in the model's output
// order, named after the layers producing them (made distinct with "_1", "_2", ...).
// The weights are matched by their Keras names ("conv2d/kernel"), all of them required (strict).
// The config goes through keras_config_for_tfjs.cjs first (regularizers etc. tfjs cannot build); a
// warning names the settings tfjs-layers computes differently from Keras (then its outputs are no
// reference for Keras).
'use strict';
const fs = require('node:fs'), path = require('node:path');
const env = require('./tfjs_layers_env.cjs');
const {forTfjs, tfjsGaps} = require('./keras_config_for_tfjs.cjs');

const USAGE = 'usage: node run_tfjs_layers.cjs MODEL.json [--inputs in.json] [--out out.json] ' +
  '[--save-inputs used.json] [--verbose]\n       node run_tfjs_layers.cjs --cases DIR...';
const die = (msg) => { console.error(msg); process.exit(2); };
const opt = {};
const pos = [];
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const val = () => { if (i + 1 >= process.argv.length) die(`${a} needs a value`); return process.argv[++i]; };
  if (a === '--inputs') opt.inputs = val();
  else if (a === '--out') opt.out = val();
  else if (a === '--save-inputs') opt.saveInputs = val();
  else if (a === '--cases') opt.cases = true;
  else if (a === '--verbose') opt.verbose = true;
  else if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
  else if (a.startsWith('--')) die(`unknown option ${a}\n${USAGE}`);
  else pos.push(a);
}
if (opt.cases ? pos.length === 0 || opt.inputs || opt.out || opt.saveInputs : pos.length !== 1) die(USAGE);

const {tf, tfl} = env.load({verbose: opt.verbose});

const topologies = new Map();  // model.json -> the Keras config as the file gives it

// IOHandler reading model.json and its weight files from disk (tfjs-node is not used).
function fileHandler(modelJson) {
  return {
    load: async () => {
      let mj;
      try { mj = JSON.parse(fs.readFileSync(modelJson, 'utf8')); } catch (e) { throw new Error(`cannot read ${modelJson}: ${e.message}`); }
      if (!mj.modelTopology || mj.modelTopology.node) throw new Error(`${modelJson} is not a tfjs layers model (modelTopology must be a Keras config)`);
      const specs = [], bufs = [];
      for (const g of mj.weightsManifest ?? []) {
        specs.push(...g.weights);
        for (const p of g.paths) bufs.push(fs.readFileSync(path.join(path.dirname(modelJson), p)));
      }
      const all = Buffer.concat(bufs);
      topologies.set(modelJson, mj.modelTopology);
      return {modelTopology: forTfjs(mj.modelTopology), weightSpecs: specs, format: mj.format,
        generatedBy: mj.generatedBy, convertedBy: mj.convertedBy,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.length)};
    },
  };
}

function readInputs(file) {
  if (!file) return [];
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  return Array.isArray(j) ? j : Object.entries(j).map(([name, v]) => ({name, ...v}));
}

// The names of the layers producing the model outputs, in output order. A layer giving two outputs
// (or an output named like an input) gets "_1", "_2", ... as the official converter's signatures do.
function outputNames(model, inputNames) {
  const layers = model.outputLayers?.length ? model.outputLayers.map((l) => l.name) :
    model.outputs.map((o) => String(o.name).split('/')[0]);
  const used = new Set(inputNames);
  return layers.map((layer) => {
    let name = layer;
    for (let k = 1; used.has(name); k++) name = `${layer}_${k}`;
    used.add(name);
    return name;
  });
}

async function runOne(modelJson, inputsFile, outFile, saveInputs) {
  const model = await tfl.loadLayersModel(fileHandler(modelJson), {strict: true});
  for (const gap of tfjsGaps(topologies.get(modelJson), model)) console.error(`warning: ${modelJson}: ${gap}`);
  const given = readInputs(inputsFile);
  const names = model.inputLayers?.length ? model.inputLayers.map((l) => l.name) : model.inputs.map((t) => String(t.name).split('/')[0]);
  const byName = given.some((g) => names.includes(g.name));
  const feeds = [], used = [];
  model.inputs.forEach((t, k) => {
    const g = byName ? given.find((x) => x.name === names[k]) : given[k];
    const shape = (g?.shape ?? t.shape).map((v) => (v == null || v < 0 ? 1 : Number(v)));
    const dtype = t.dtype ?? 'float32';
    const n = shape.reduce((a, b) => a * b, 1);
    const src = g?.data != null ? g.data.flat(Infinity).map((v) => (typeof v === 'boolean' ? +v : Number(v))) : null;
    if (src && src.length !== n) throw new Error(`input ${names[k]}: ${src.length} values given for shape [${shape}]`);
    const vals = src ?? Array.from({length: n}, (_, i) => (dtype === 'float32' ? 0.1 * (i % 17) - 0.5 : (i % 7) - 3));
    const x = tf.tensor(vals, shape, dtype);
    feeds.push(x);
    used.push({name: names[k], shape, dtype, data: Array.from(x.dataSync(), Number)});
  });
  if (saveInputs) fs.writeFileSync(saveInputs, JSON.stringify(used));
  let outs = model.predict(feeds.length === 1 ? feeds[0] : feeds);
  if (!Array.isArray(outs)) outs = [outs];
  const onames = outputNames(model, names);
  const res = outs.map((o, k) => ({name: onames[k], shape: o.shape, dtype: o.dtype,
    data: Array.from(o.dataSync(), (v) => env.finite(Number(v)))}));
  if (outFile) fs.writeFileSync(outFile, JSON.stringify(res));
  tf.dispose([...outs, ...feeds]);
  model.layers.forEach((l) => l.dispose?.());
  return res;
}

(async () => {
  await tf.setBackend('cpu');
  if (!opt.cases) {
    const res = await runOne(pos[0], opt.inputs, opt.out, opt.saveInputs);
    for (const r of res) console.log('output', r.name, `[${r.shape}]`, r.dtype, JSON.stringify(r.data.slice(0, 8)));
    return;
  }
  let failed = 0;
  for (const dir of pos) {
    try {
      await runOne(path.join(dir, 'tfjs', 'model.json'), path.join(dir, 'inputs.json'), path.join(dir, 'tfjs_layers.json'));
      console.log(`ok ${dir}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${dir}: ${String(e.message ?? e).split('\n')[0]}`);
      if (opt.verbose) console.error(e);
    }
  }
  process.exitCode = failed ? 1 : 0;
})().catch((e) => { console.error('FAILED:', e.message ?? e); if (opt.verbose) console.error(e); process.exit(1); });
