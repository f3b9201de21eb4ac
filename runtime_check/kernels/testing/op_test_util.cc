#include "runtime_check/kernels/testing/op_test_util.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/interpreter/quant_math.h"

namespace tfconv {
namespace kernel_test {

std::vector<float> Iota(int n, float start) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = start + static_cast<float>(i);
  return v;
}

TflQuantization Quant(float scale, int64_t zero_point) {
  TflQuantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

TflQuantization PerAxisQuant(std::vector<float> scales, std::vector<int64_t> zero_points, int axis) {
  TflQuantization q;
  q.scale = std::move(scales);
  q.zero_point = std::move(zero_points);
  q.quantized_dimension = axis;
  return q;
}

template <>
std::vector<uint8_t> BytesOf<bool>(const std::vector<bool>& values) {
  std::vector<uint8_t> bytes(values.size());
  for (size_t i = 0; i < values.size(); ++i) bytes[i] = values[i] ? 1 : 0;
  return bytes;
}

template <>
std::vector<bool> ValuesOf<bool>(const RtTensor& t) {
  std::vector<bool> values(static_cast<size_t>(t.num_elements()));
  for (size_t i = 0; i < values.size(); ++i) values[i] = t.raw()[i] != 0;
  return values;
}

TestTensor BoolTensor(std::vector<int32_t> shape, const std::vector<int>& values) {
  TestTensor t{tflite::TensorType::BOOL, std::move(shape), {}, std::nullopt};
  for (int v : values) t.bytes.push_back(v != 0 ? 1 : 0);
  return t;
}

TestTensor Quantized(TestTensor t, float scale, int64_t zero_point) {
  t.quant = Quant(scale, zero_point);
  return t;
}

OpTest::OpTest(tflite::BuiltinOperator op, const KernelRegistry& registry, int version)
    : op_(op), registry_(registry), version_(version) {}

OpTest& OpTest::Input(TestTensor t) {
  inputs_.push_back(InputSpec{std::move(t), /*constant=*/false, /*omitted=*/false});
  return *this;
}

OpTest& OpTest::ConstInput(TestTensor t) {
  inputs_.push_back(InputSpec{std::move(t), /*constant=*/true, /*omitted=*/false});
  return *this;
}

OpTest& OpTest::OmittedInput() {
  inputs_.push_back(InputSpec{TestTensor{}, /*constant=*/false, /*omitted=*/true});
  return *this;
}

OpTest& OpTest::Output(tflite::TensorType type, std::optional<TflQuantization> q, std::vector<int32_t> shape) {
  outputs_.push_back(OutputSpec{type, std::move(q), std::move(shape)});
  return *this;
}

TflModel OpTest::Build(std::vector<RtTensor>* feeds) const {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  TflOperator op;
  op.opcode_index = m.OpcodeIndex(op_);
  m.operator_codes[op.opcode_index].version = version_;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    const InputSpec& in = inputs_[i];
    if (in.omitted) {
      op.inputs.push_back(-1);
      continue;
    }
    const TestTensor& value = in.tensor;
    TflTensor t;
    t.name = absl::StrCat("in", i);
    t.type = value.type;
    t.shape = value.shape;
    t.has_rank = true;
    t.quantization = value.quant;
    if (in.constant) t.buffer = m.AddBuffer(ByteBuffer::Copy(value.bytes.data(), value.bytes.size()));
    const int index = g.AddTensor(std::move(t));
    op.inputs.push_back(index);
    if (!in.constant) {
      g.inputs.push_back(index);
      RtTensor feed = RtTensor::Make(value.type, {});
      feed.SetBytes(value.shape, value.bytes.data(), value.bytes.size());
      feeds->push_back(std::move(feed));
    }
  }
  for (size_t i = 0; i < outputs_.size(); ++i) {
    TflTensor t;
    t.name = absl::StrCat("out", i);
    t.type = outputs_[i].type;
    t.quantization = outputs_[i].quant;
    t.shape = outputs_[i].shape;
    t.has_rank = !t.shape.empty();
    const int index = g.AddTensor(std::move(t));
    op.outputs.push_back(index);
    g.outputs.push_back(index);
  }
  op.builtin_options = options_;
  g.operators.push_back(std::move(op));
  return m;
}

absl::StatusOr<std::string> OpTest::Serialize() const {
  std::vector<RtTensor> feeds;
  return SerializeModel(Build(&feeds));
}

absl::StatusOr<std::vector<RtTensor>> OpTest::Run() const {
  std::vector<RtTensor> feeds;
  absl::StatusOr<std::string> bytes = SerializeModel(Build(&feeds));
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<TflModel> read = ReadModel(ByteBuffer::FromString(*bytes));
  if (!read.ok()) return read.status();
  auto interp = Interpreter::Create(std::make_shared<TflModel>(*std::move(read)), registry_);
  if (!interp.ok()) return interp.status();
  return (*interp)->Invoke(0, feeds);
}

absl::StatusOr<RtTensor> OpTest::RunOne() const {
  absl::StatusOr<std::vector<RtTensor>> out = Run();
  if (!out.ok()) return out.status();
  if (out->empty()) return absl::InternalError("the operator has no outputs");
  return std::move((*out)[0]);
}

RtTensor RunOk(const OpTest& t) {
  absl::StatusOr<RtTensor> y = t.RunOne();
  if (!y.ok()) {
    ADD_FAILURE() << y.status();
    return RtTensor();
  }
  return *std::move(y);
}

std::shared_ptr<const TflModel> RoundTrip(const TflModel& model) {
  absl::StatusOr<std::string> bytes = SerializeModel(model);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  if (!bytes.ok()) return std::make_shared<TflModel>(model);
  absl::StatusOr<TflModel> read = ReadModel(ByteBuffer::FromString(*bytes));
  EXPECT_TRUE(read.ok()) << read.status();
  if (!read.ok()) return std::make_shared<TflModel>(model);
  return std::make_shared<TflModel>(*std::move(read));
}

std::string RealModelPath(const RealModels& models, const std::string& suffix) {
  for (const std::string& p : models.paths) {
    if (absl::EndsWith(p, suffix)) return p;
  }
  return "";
}

std::vector<float> RandomFloats(std::mt19937& rng, size_t n, float lo, float hi) {
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

float MaxAbs(const std::vector<float>& v) {
  float m = 0;
  for (float x : v) m = std::max(m, std::abs(x));
  return m;
}

int32_t Requantize(int64_t acc, double real_multiplier, bool wide) {
  int32_t q;
  int shift;
  QuantizeMultiplier(real_multiplier, &q, &shift);
  return wide ? MultiplyByQuantizedMultiplier(acc, q, shift)
              : MultiplyByQuantizedMultiplier(static_cast<int32_t>(acc), q, shift);
}

void ExpectedAsymmetricRow(const float* values, int n, int8_t* codes, float* scale, int32_t* zero_point) {
  const double rmin = std::min(0.0f, *std::min_element(values, values + n));
  const double rmax = std::max(0.0f, *std::max_element(values, values + n));
  const double s = (rmax - rmin) / 255;
  const double zmin = -128 - rmin / s, zmax = 127 - rmax / s;
  // The zero point from the end with the smaller error, nudged into [-128, 127].
  const double z = (128 + std::abs(rmin / s)) < (127 + std::abs(rmax / s)) ? zmin : zmax;
  *zero_point = z <= -128 ? -128 : z >= 127 ? 127 : static_cast<int32_t>(std::round(z));
  *scale = static_cast<float>(s);
  for (int i = 0; i < n; ++i) {
    const int r = static_cast<int>(std::round(*zero_point + values[i] * (1.0f / *scale)));
    codes[i] = static_cast<int8_t>(std::clamp(r, -128, 127));
  }
}

}  // namespace kernel_test
}  // namespace tfconv
