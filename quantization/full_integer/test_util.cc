#include "quantization/full_integer/test_util.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>

#include "absl/strings/str_cat.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

struct IntRange {
  int64_t lo, hi;
};
bool IntegerType(TT t, IntRange* r) {
  switch (t) {
    case TT::INT8: *r = {-128, 127}; return true;
    case TT::UINT8: *r = {0, 255}; return true;
    case TT::INT16: *r = {-32768, 32767}; return true;
    default: return false;
  }
}

bool Quantized(const TflTensor& t) {
  return t.quantization.has_value() && !t.quantization->scale.empty() &&
         !t.quantization->zero_point.empty();
}

double ReadAsDouble(const RtTensor& t, int64_t i) {
  switch (t.type()) {
    case TT::FLOAT32: return t.data<float>()[i];
    case TT::INT8: return t.data<int8_t>()[i];
    case TT::UINT8: return t.data<uint8_t>()[i];
    case TT::INT16: return t.data<int16_t>()[i];
    case TT::INT32: return t.data<int32_t>()[i];
    case TT::INT64: return static_cast<double>(t.data<int64_t>()[i]);
    case TT::BOOL: return t.data<bool>()[i];
    default: return 0;
  }
}

// The tensor whose integer parameters describe output `t`: t itself, or the integer input of the
// DEQUANTIZE that produces it.
const TflTensor* IntegerSource(const TflModel& m, int t) {
  const TflSubgraph& g = m.subgraphs[0];
  if (Quantized(g.tensors[t])) return &g.tensors[t];
  for (const TflOperator& op : g.operators) {
    if (op.outputs.size() == 1 && op.outputs[0] == t &&
        m.CodeOf(op).builtin_code == tflite::BuiltinOperator::DEQUANTIZE && !op.inputs.empty() &&
        Quantized(g.tensors[op.inputs[0]])) {
      return &g.tensors[op.inputs[0]];
    }
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<TflModel> LoadQuantTestdata(const std::string& shared, const std::string& name) {
  return ReadModelFile(absl::StrCat(shared, "/testdata/real/litert/quant_testdata/", name));
}

QuantizeOptions Int8Options(TT in, TT out, bool integer_only) {
  QuantizeOptions o;
  o.mode = QuantizationMode::kInt8;
  o.inference_input_type = in;
  o.inference_output_type = out;
  o.integer_only = integer_only;
  return o;
}

QuantizeOptions Int16Options(TT in, TT out, bool integer_only) {
  QuantizeOptions o = Int8Options(in, out, integer_only);
  o.mode = QuantizationMode::kInt16x8;
  return o;
}

absl::StatusOr<TflModel> RoundTrip(const TflModel& model) {
  absl::StatusOr<std::string> bytes = SerializeModel(model);
  if (!bytes.ok()) return bytes.status();
  return ReadModel(ByteBuffer::FromString(*std::move(bytes)));
}

double RunComparison::max_error() const {
  double m = 0;
  for (double e : max_error_lsb) m = std::max(m, e);
  return m;
}

absl::StatusOr<RunComparison> CompareRuns(const TflModel& float_model, const TflModel& quantized,
                                          int samples, const std::vector<std::vector<float>>* values) {
  absl::StatusOr<TflModel> f = RoundTrip(float_model);
  if (!f.ok()) return f.status();
  absl::StatusOr<TflModel> q = RoundTrip(quantized);
  if (!q.ok()) return q.status();
  auto fm = std::make_shared<TflModel>(*std::move(f));
  auto qm = std::make_shared<TflModel>(*std::move(q));
  absl::StatusOr<std::unique_ptr<Interpreter>> fi = Interpreter::Create(fm, BuiltinKernels());
  if (!fi.ok()) return fi.status();
  absl::StatusOr<std::unique_ptr<Interpreter>> qi = Interpreter::Create(qm, BuiltinKernels());
  if (!qi.ok()) {
    return absl::Status(qi.status().code(),
                        absl::StrCat("the quantized model does not load: ", qi.status().message()));
  }
  const TflSubgraph& fg = fm->subgraphs[0];
  const TflSubgraph& qg = qm->subgraphs[0];
  if (fg.inputs.size() != qg.inputs.size() || fg.outputs.size() != qg.outputs.size()) {
    return absl::InvalidArgumentError("the models have different numbers of inputs or outputs");
  }
  RunComparison result;
  result.max_error_lsb.assign(fg.outputs.size(), 0);
  result.max_abs_error.assign(fg.outputs.size(), 0);
  std::mt19937 rng(7);
  for (int s = 0; s < samples; ++s) {
    std::vector<RtTensor> fin, qin;
    for (size_t i = 0; i < fg.inputs.size(); ++i) {
      const TflTensor& ft = fg.tensors[fg.inputs[i]];
      const TflTensor& qt = qg.tensors[qg.inputs[i]];
      std::vector<int32_t> shape = ft.shape;
      for (int32_t& d : shape) d = std::max(d, 1);
      RtTensor a = RtTensor::Make(ft.type, shape);
      RtTensor b = RtTensor::Make(qt.type, shape);
      std::memset(a.mutable_raw(), 0, a.byte_size());
      std::memset(b.mutable_raw(), 0, b.byte_size());
      if (ft.type == TT::FLOAT32) {
        float lo = 0, hi = 1;
        if (ft.quantization.has_value() && !ft.quantization->min.empty()) {
          lo = ft.quantization->min[0];
          hi = ft.quantization->max[0];
        }
        std::uniform_real_distribution<float> dist(lo, hi);
        IntRange r;
        for (int64_t k = 0; k < a.num_elements(); ++k) {
          float x = dist(rng);
          if (values != nullptr && i < values->size() && !(*values)[i].empty()) {
            x = (*values)[i][k % (*values)[i].size()];
          }
          if (IntegerType(qt.type, &r) && Quantized(qt)) {
            // Both models see the same value: the quantized input, dequantized for the float one.
            const float scale = qt.quantization->scale[0];
            const int64_t zp = qt.quantization->zero_point[0];
            const int64_t code = std::clamp<int64_t>(std::lround(x / scale) + zp, r.lo, r.hi);
            x = static_cast<float>((code - zp) * static_cast<double>(scale));
            if (qt.type == TT::INT8) b.mutable_data<int8_t>()[k] = static_cast<int8_t>(code);
            if (qt.type == TT::UINT8) b.mutable_data<uint8_t>()[k] = static_cast<uint8_t>(code);
            if (qt.type == TT::INT16) b.mutable_data<int16_t>()[k] = static_cast<int16_t>(code);
          } else if (qt.type == TT::FLOAT32) {
            b.mutable_data<float>()[k] = x;
          }
          a.mutable_data<float>()[k] = x;
        }
      }
      fin.push_back(std::move(a));
      qin.push_back(std::move(b));
    }
    absl::StatusOr<std::vector<RtTensor>> fo = (*fi)->Invoke(0, fin);
    if (!fo.ok()) return fo.status();
    absl::StatusOr<std::vector<RtTensor>> qo = (*qi)->Invoke(0, qin);
    if (!qo.ok()) {
      return absl::Status(qo.status().code(),
                          absl::StrCat("the quantized model does not run: ", qo.status().message()));
    }
    for (size_t i = 0; i < fo->size(); ++i) {
      const RtTensor& a = (*fo)[i];
      const RtTensor& b = (*qo)[i];
      if (a.num_elements() != b.num_elements()) {
        return absl::InternalError(absl::StrCat("output ", i, " has ", b.num_elements(),
                                                " elements, the float model's ", a.num_elements()));
      }
      const TflTensor& qt = qg.tensors[qg.outputs[i]];
      const TflTensor* src = IntegerSource(*qm, qg.outputs[i]);
      IntRange r{0, 0};
      const bool int_src = src != nullptr && IntegerType(src->type, &r);
      const double scale = int_src ? src->quantization->scale[0] : 1.0;
      const double zp = int_src ? static_cast<double>(src->quantization->zero_point[0]) : 0.0;
      for (int64_t k = 0; k < a.num_elements(); ++k) {
        double ref = ReadAsDouble(a, k);
        double got = ReadAsDouble(b, k);
        IntRange own;
        if (IntegerType(qt.type, &own) && Quantized(qt)) {
          got = (got - qt.quantization->zero_point[0]) * qt.quantization->scale[0];
        }
        if (int_src) ref = std::clamp(ref, (r.lo - zp) * scale, (r.hi - zp) * scale);
        const double err = std::abs(got - ref);
        result.max_abs_error[i] = std::max(result.max_abs_error[i], err);
        result.max_error_lsb[i] = std::max(result.max_error_lsb[i], err / scale);
      }
    }
  }
  return result;
}

std::string DescribeTensors(const TflModel& model) {
  std::string out;
  const TflSubgraph& g = model.subgraphs[0];
  for (size_t i = 0; i < g.tensors.size(); ++i) {
    const TflTensor& t = g.tensors[i];
    absl::StrAppend(&out, i, " '", t.name, "' ", tflite::EnumNameTensorType(t.type));
    if (Quantized(t)) {
      absl::StrAppend(&out, " scale=", t.quantization->scale[0], " zp=", t.quantization->zero_point[0]);
      if (t.quantization->scale.size() > 1) absl::StrAppend(&out, " (", t.quantization->scale.size(), " ch)");
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

}  // namespace tfconv
