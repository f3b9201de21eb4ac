// Keras 2 model configs for tfjs-layers 4.22, and where tfjs-layers would compute something else than
// Keras does.
//
//   const {forTfjs, tfjsGaps} = require('./keras_config_for_tfjs.cjs');
//   const topology = forTfjs(caseJson.model_config);   // a rewritten copy; the input is left alone
//   const model = await tfl.models.modelFromJSON({modelTopology: topology});
//   const why = tfjsGaps(caseJson.model_config, model);  // [] or ["ReLU 're_lu': ...", ...]
//
// forTfjs changes only what does not change what a model with loaded weights computes in Keras:
//   - regularizers ("kernel_regularizer": {"class_name": "L2"}: tfjs knows only L1L2) and constraints
//     become null: they act during training only;
//   - initializers become Zeros: the weights are loaded over them anyway, and tfjs lacks some Keras
//     ones (Orthogonal is also slow);
//   - Keras' other names of a class (Convolution2D, MaxPool2D, GlobalAvgPool2D, ...) become the names
//     tfjs registers (Keras defines them as the same class);
//   - layers that are the identity at inference in Keras (SpatialDropout2D/3D: dropout is off;
//     ActivityRegularization: it only adds a loss) become a linear Activation;
//   - integer InputLayer dtypes become int32 (tfjs computes all integers as int32).
// The class names "Functional" (tf.keras >= 2.4), "Model" and "Sequential" are accepted as they are.
//
// tfjsGaps lists settings tfjs-layers 4.22 accepts but computes differently from Keras (each found by
// comparing with Keras' documented shapes or a hand computation); such a case has no tfjs reference.
'use strict';

const ZEROS = {class_name: 'Zeros', config: {}};
const ALIASES = {
  Convolution1D: 'Conv1D', Convolution2D: 'Conv2D', Convolution3D: 'Conv3D',
  Convolution2DTranspose: 'Conv2DTranspose', Deconvolution2D: 'Conv2DTranspose',
  Convolution3DTranspose: 'Conv3DTranspose', Deconvolution3D: 'Conv3DTranspose',
  SeparableConvolution2D: 'SeparableConv2D',
  MaxPool1D: 'MaxPooling1D', MaxPool2D: 'MaxPooling2D', MaxPool3D: 'MaxPooling3D',
  AvgPool1D: 'AveragePooling1D', AvgPool2D: 'AveragePooling2D', AvgPool3D: 'AveragePooling3D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D', GlobalMaxPool2D: 'GlobalMaxPooling2D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D', GlobalAvgPool2D: 'GlobalAveragePooling2D',
};
const INFERENCE_IDENTITIES = new Set(['SpatialDropout2D', 'SpatialDropout3D', 'ActivityRegularization']);
const INTEGER_DTYPES = new Set(['uint8', 'int8', 'int16', 'uint16', 'int64', 'uint32', 'uint64']);

function rewrite(value) {
  if (Array.isArray(value)) return value.map(rewrite);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (/_regularizer$/.test(k) || /_constraint$/.test(k)) out[k] = null;
    else if (/_initializer$/.test(k) && v !== null) out[k] = ZEROS;
    else out[k] = rewrite(v);
  }
  if (typeof out.class_name === 'string' && out.config && typeof out.config === 'object') {
    if (ALIASES[out.class_name]) out.class_name = ALIASES[out.class_name];
    if (INFERENCE_IDENTITIES.has(out.class_name)) {
      out.class_name = 'Activation';
      out.config = {name: out.config.name, trainable: out.config.trainable ?? true, dtype: out.config.dtype ?? 'float32',
        activation: 'linear'};
    }
    if (out.class_name === 'InputLayer' && INTEGER_DTYPES.has(out.config.dtype)) out.config = {...out.config, dtype: 'int32'};
  }
  return out;
}

function forTfjs(modelConfig) {
  return rewrite(modelConfig);
}

// The input rank of every layer of a built tfjs model (nested models included), by layer name.
function inputRanks(model, into = {}) {
  for (const layer of model.layers ?? []) {
    const shape = layer.inboundNodes?.[0]?.inputTensors?.[0]?.shape;
    if (shape) into[layer.name] = shape.length;
    if (layer.layers) inputRanks(layer, into);
  }
  return into;
}

const list = (v, n) => (Array.isArray(v) ? v : Array(n).fill(v));

// One reason per layer whose settings tfjs-layers 4.22 computes differently from Keras.
function layerGap(cls, c, rank) {
  const conv = /^(Conv[123]D|Conv[123]DTranspose|SeparableConv[12]D|DepthwiseConv[12]D)$/.test(cls);
  if (conv && (c.groups ?? 1) !== 1) return `ignores groups=${c.groups}`;
  if (cls === 'Conv1D' && c.data_format === 'channels_first') return 'runs Conv1D channels_first as channels_last';
  if (cls === 'DepthwiseConv2D' && list(c.dilation_rate ?? 1, 2).some((d) => d !== 1)) return 'ignores dilation_rate';
  if (/Transpose$/.test(cls) && c.output_padding != null) return 'ignores output_padding';
  if (cls === 'UpSampling2D' && c.interpolation === 'bilinear') {
    return 'samples bilinear UpSampling2D at the legacy positions (Keras uses half-pixel centers)';
  }
  if (cls === 'BatchNormalization' && rank) {
    const axes = list(c.axis ?? -1, 1).map((a) => (a < 0 ? a + rank : a));
    if (axes.length !== 1 || axes[0] !== rank - 1) return `normalizes wrongly along axis ${JSON.stringify(c.axis)} (only the last axis works)`;
  }
  if (cls === 'ReLU' && ((c.negative_slope ?? 0) !== 0 || (c.threshold ?? 0) !== 0)) return 'ignores negative_slope and threshold';
  if (/^Global(Max|Average|Avg)Pool(ing)?[123]D$/.test(cls) && c.keepdims) return 'ignores keepdims';
  if (cls === 'Concatenate' && (c.axis ?? -1) < -1) return `fails on the negative axis ${c.axis}`;
  return '';
}

function tfjsGaps(modelConfig, model) {
  const ranks = inputRanks(model);
  const gaps = [];
  const walk = (config) => {
    const layers = Array.isArray(config?.config) ? config.config : config?.config?.layers;
    for (const l of layers ?? []) {
      const c = l?.config ?? {};
      const why = layerGap(ALIASES[l?.class_name] ?? l?.class_name, c, ranks[c.name]);
      if (why) gaps.push(`${l.class_name} '${c.name}': tfjs-layers ${why}`);
      if (Array.isArray(c.layers)) walk(l);  // a nested model
    }
  };
  walk(modelConfig);
  return gaps;
}

module.exports = {forTfjs, tfjsGaps};
