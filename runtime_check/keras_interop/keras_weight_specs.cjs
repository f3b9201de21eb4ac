// The weights every layer of a Keras model needs (names and shapes), as tfjs-layers 4.22 finds them
// when it builds the model from its config: an independent account of Keras's shape rules, so that
// neither the case files nor our own code have to state them.
//
//   node keras_weight_specs.cjs CASES.json... --out specs.json
//
// specs.json: {"<case name>": {"weights": {"<layer>": {"<variable>": [shape], ...}, ...}}} in the form
// a case's optional "weights" entry has (see keras_case.h), layers and variables in Keras's order, with
// "gap": "why" when tfjs-layers would compute the model differently from Keras (tfjsGaps in
// keras_config_for_tfjs.cjs); or {"<case name>": {"error": "why tfjs-layers cannot build it"}}.
'use strict';
const fs = require('node:fs');
const env = require('./tfjs_layers_env.cjs');
const {forTfjs, tfjsGaps} = require('./keras_config_for_tfjs.cjs');

const args = process.argv.slice(2);
const at = args.indexOf('--out');
if (at < 0 || at + 1 >= args.length || args.length < 3) {
  console.error('usage: node keras_weight_specs.cjs CASES.json... --out specs.json');
  process.exit(2);
}
const out = args[at + 1];
const files = args.filter((_, i) => i !== at && i !== at + 1);
const {tf, tfl} = env.load();

// The weights of `layer` under its path ("inner/dense" for layer dense of the nested model inner, the
// key Keras 2 H5 files use). tfjs names a weight "<owning layer>/<variable>" without the enclosing
// models, so the variable's name is what follows the owner's name.
function layerWeights(layer, prefix, into) {
  const cls = layer.getClassName();
  if (layer.layers && cls !== 'Bidirectional' && cls !== 'TimeDistributed') {
    for (const inner of layer.layers) layerWeights(inner, prefix + layer.name + '/', into);  // nested model
    return;
  }
  const vars = {};
  for (const w of layer.weights) {
    const own = layer.name + '/';
    vars[w.originalName.startsWith(own) ? w.originalName.slice(own.length) : w.originalName] = w.shape;
  }
  if (Object.keys(vars).length) into[prefix + layer.name] = vars;
}

(async () => {
  await tf.setBackend('cpu');
  const specs = {};
  for (const file of files) {
    let cases;
    try { cases = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { console.error(`cannot read ${file}: ${e.message}`); process.exit(1); }
    if (!Array.isArray(cases)) { console.error(`${file}: expected a list of cases`); process.exit(1); }
    for (const c of cases) {
      const name = String(c?.name);
      try {
        const model = await tfl.models.modelFromJSON({modelTopology: forTfjs(c.model_config)});
        const weights = {};
        for (const layer of model.layers) layerWeights(layer, '', weights);
        const gaps = tfjsGaps(c.model_config, model);
        specs[name] = gaps.length ? {weights, gap: gaps.join('; ')} : {weights};
        model.layers.forEach((l) => l.dispose?.());
      } catch (e) {
        specs[name] = {error: String(e.message ?? e).split('\n')[0]};
      }
    }
  }
  fs.writeFileSync(out, JSON.stringify(specs));
})().catch((e) => { console.error('FAILED:', e.message ?? e); process.exit(1); });
