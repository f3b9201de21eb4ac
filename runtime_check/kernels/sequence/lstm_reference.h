// A plain double-precision LSTM (tests only): the yardstick the LSTM kernels are checked
// against, written from the textbook equations rather than from any runtime's code.
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_REFERENCE_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_REFERENCE_H_

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace tfconv {
namespace seqtest {

// Weights in TFLite's layout; empty vectors for absent tensors. Gate order: input, forget, cell,
// output.
struct LstmWeights {
  int n_input = 3, n_cell = 4, n_output = 4;
  bool cifg = false, peephole = false, layer_norm = false, projection = false;
  std::vector<float> wx[4], wh[4], wc[4], bias[4], ln[4], proj_w, proj_b;
  float cell_clip = 0, proj_clip = 0;
  // Reference only: the fixed ranges of an integer LSTM, which a float LSTM does not have. The
  // cell is limited to its int16 range; `hidden_map` (if set) maps each o * tanh(c) to the value
  // the integer kernel carries on (its int8 range and zero-point conventions).
  double cell_limit = 0;
  std::function<double(double)> hidden_map;
};

// ---- The reference: one LSTM step for one batch row, in double precision.

inline double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

inline std::vector<double> ReferenceStep(const LstmWeights& w, const float* x, std::vector<double>& h,
                                         std::vector<double>& c) {
  auto pre = [&](int g, const std::vector<double>& cell) {
    std::vector<double> a(w.n_cell);
    for (int j = 0; j < w.n_cell; ++j) {
      double s = 0;
      for (int k = 0; k < w.n_input; ++k) s += w.wx[g][j * w.n_input + k] * x[k];
      for (int k = 0; k < w.n_output; ++k) s += w.wh[g][j * w.n_output + k] * h[k];
      if (!w.wc[g].empty()) s += w.wc[g][j] * cell[j];
      a[j] = s;
    }
    if (w.layer_norm) {
      double mean = 0, var = 0;
      for (double v : a) mean += v / w.n_cell;
      for (double v : a) var += (v - mean) * (v - mean) / w.n_cell;
      for (int j = 0; j < w.n_cell; ++j) a[j] = (a[j] - mean) / std::sqrt(var + 1e-8) * w.ln[g][j];
    }
    for (int j = 0; j < w.n_cell; ++j) a[j] += w.bias[g][j];
    return a;
  };
  const std::vector<double> f = pre(1, c), g = pre(2, c);
  std::vector<double> i = w.cifg ? std::vector<double>(w.n_cell) : pre(0, c);
  for (int j = 0; j < w.n_cell; ++j) {
    const double fj = Sigmoid(f[j]);
    const double ij = w.cifg ? 1 - fj : Sigmoid(i[j]);
    c[j] = fj * c[j] + ij * std::tanh(g[j]);
    if (w.cell_clip > 0) c[j] = std::max<double>(-w.cell_clip, std::min<double>(w.cell_clip, c[j]));
    if (w.cell_limit > 0) c[j] = std::max(-w.cell_limit, std::min(w.cell_limit, c[j]));
  }
  const std::vector<double> o = pre(3, c);
  std::vector<double> m(w.n_cell);
  for (int j = 0; j < w.n_cell; ++j) {
    m[j] = Sigmoid(o[j]) * std::tanh(c[j]);
    if (w.hidden_map) m[j] = w.hidden_map(m[j]);
  }
  std::vector<double> out(w.n_output);
  for (int k = 0; k < w.n_output; ++k) {
    if (!w.projection) {
      out[k] = m[k];
      continue;
    }
    double s = w.proj_b[k];
    for (int j = 0; j < w.n_cell; ++j) s += w.proj_w[k * w.n_cell + j] * m[j];
    if (w.proj_clip > 0) s = std::max<double>(-w.proj_clip, std::min<double>(w.proj_clip, s));
    out[k] = s;
  }
  h = out;
  return out;
}

// Runs the reference over input [batch][time][n_input] (batch-major), giving the same layout.
inline std::vector<double> ReferenceSequence(const LstmWeights& w, const std::vector<float>& input, int batch,
                                             int time) {
  std::vector<double> out;
  for (int b = 0; b < batch; ++b) {
    std::vector<double> h(w.n_output, 0.0), c(w.n_cell, 0.0);
    for (int t = 0; t < time; ++t) {
      for (double v : ReferenceStep(w, input.data() + (b * time + t) * w.n_input, h, c)) out.push_back(v);
    }
  }
  return out;
}

}  // namespace seqtest
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_REFERENCE_H_
