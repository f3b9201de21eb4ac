// Loads tfjs-layers 4.22 with the pure-JS CPU backend from $TFCONV_NPM_DIR (default ~/.cache/tfconv-npm,
// installed by tools/setup.sh from tools/npm/package.json). Shared by the scripts of this folder:
//
//   const {tf, tfl} = require('./tfjs_layers_env.cjs').load();   // exits 2 with a message when missing
//   await tf.setBackend('cpu');
'use strict';
const fs = require('node:fs'), path = require('node:path'), os = require('node:os');
const {createRequire} = require('node:module');

function npmDir() {
  return process.env.TFCONV_NPM_DIR || path.join(os.homedir(), '.cache', 'tfconv-npm');
}

function load({verbose = false} = {}) {
  const dir = npmDir();
  if (!fs.existsSync(path.join(dir, 'node_modules', '@tensorflow', 'tfjs-layers', 'package.json'))) {
    console.error(`tfjs-layers is not installed in ${dir}: run tools/setup.sh (or set TFCONV_NPM_DIR)`);
    process.exit(2);
  }
  // tfjs greets Node users with advice about tfjs-node; that is noise here.
  const warn = console.warn;
  console.warn = (...a) => {
    if (verbose || !/Hi, looks like you are running TensorFlow\.js in Node\.js|tfjs-node/.test(String(a[0]))) warn(...a);
  };
  if (!verbose) console.info = () => {};
  const req = createRequire(path.join(dir, 'package.json'));
  const tf = req('@tensorflow/tfjs-core');
  req('@tensorflow/tfjs-backend-cpu');
  const tfl = req('@tensorflow/tfjs-layers');
  return {tf, tfl, versions: {layers: req('@tensorflow/tfjs-layers/package.json').version}};
}

// Non-finite values as the shared I/O format writes them.
const finite = (v) => (Number.isFinite(v) ? v : String(v));

module.exports = {load, npmDir, finite};
