// Inputs with a dynamic batch: what the converter writes (shape_signature -1, static shape 1), the
// warning it gives, --batch_size, and the dynamic model run at batch 3 in the reference interpreter.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "converter/api/builtin_converter_for_tests.h"
#include "converter/api/converter.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

using Dims = std::vector<int32_t>;

const Converter& BuiltinConverter() { return BuiltinConverterForTests(/*strict=*/false); }

// r = Relu(MatMul(x, w)), x: [?, 5] (or `x_shape`), w: 5x2.
std::string WriteGraph(const std::string& name, const std::string& x_shape) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(tmp != nullptr ? tmp : "/tmp") + "/" + name + ".pbtxt";
  std::ofstream(path) << R"(
node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "shape" value { shape { )" << x_shape << R"( } } } }
node { name: "w" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 5 } dim { size: 2 } }
         float_val: [1, 0, 0, 1, 1, 1, 2, -1, 0, 0.5] } } } }
node { name: "y" op: "MatMul" input: "x" input: "w" attr { key: "T" value { type: DT_FLOAT } } }
node { name: "r" op: "Relu" input: "y" attr { key: "T" value { type: DT_FLOAT } } }
)";
  return path;
}

constexpr char kBatchDynamic[] = "dim { size: -1 } dim { size: 5 }";

// Through the flatbuffer, so the test sees what a runtime reads.
TflModel ConvertAndReload(const ConversionRequest& request, std::vector<std::string>* warnings) {
  absl::StatusOr<TflModel> model = BuiltinConverter().Convert(request, warnings);
  EXPECT_TRUE(model.ok()) << model.status();
  if (!model.ok()) return {};
  absl::StatusOr<std::string> bytes = SerializeModel(*model);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  auto owner = std::make_shared<std::string>(*std::move(bytes));
  ByteBuffer buffer(reinterpret_cast<const uint8_t*>(owner->data()), owner->size(), owner);
  absl::StatusOr<TflModel> read = ReadModel(buffer);
  EXPECT_TRUE(read.ok()) << read.status();
  return read.ok() ? *std::move(read) : TflModel{};
}

const TflTensor& Input(const TflModel& m) { return m.subgraphs[0].tensors[m.subgraphs[0].inputs[0]]; }
const TflTensor& Output(const TflModel& m) { return m.subgraphs[0].tensors[m.subgraphs[0].outputs[0]]; }

TEST(DynamicBatch, KeptInShapeSignatureWithAWarning) {
  ConversionRequest r;
  r.graph_def_file = WriteGraph("dynamic", kBatchDynamic);
  std::vector<std::string> warnings;
  TflModel m = ConvertAndReload(r, &warnings);
  ASSERT_EQ(m.subgraphs.size(), 1u);
  EXPECT_EQ(Input(m).shape, (Dims{1, 5}));
  EXPECT_EQ(Input(m).shape_signature, (Dims{-1, 5}));
  EXPECT_EQ(Output(m).shape, (Dims{1, 2}));
  EXPECT_EQ(Output(m).shape_signature, (Dims{-1, 2}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "input 'x' has the dynamic shape [-1,5] (kept as -1 in shape_signature); its static shape is "
            "written as [1,5], so a runtime runs that size unless the input is resized; fix it with "
            "--batch_size=N or --input_arrays and --input_shapes");
}

TEST(DynamicBatch, BatchSizeFixesIt) {
  ConversionRequest r;
  r.graph_def_file = WriteGraph("fixed", kBatchDynamic);
  r.batch_size = 3;
  std::vector<std::string> warnings;
  TflModel m = ConvertAndReload(r, &warnings);
  ASSERT_EQ(m.subgraphs.size(), 1u);
  EXPECT_EQ(Input(m).shape, (Dims{3, 5}));
  // Written only when it differs from the shape; a reader that fills it in has it equal.
  EXPECT_TRUE(Input(m).shape_signature.empty() || Input(m).shape_signature == (Dims{3, 5}));
  EXPECT_EQ(Output(m).shape, (Dims{3, 2}));
  EXPECT_TRUE(Output(m).shape_signature.empty() || Output(m).shape_signature == (Dims{3, 2}));
  EXPECT_TRUE(warnings.empty()) << warnings[0];
}

TEST(DynamicBatch, OtherDynamicDimsNeedInputShapes) {
  ConversionRequest r;
  r.graph_def_file = WriteGraph("two_dynamic", "dim { size: -1 } dim { size: -1 }");
  r.batch_size = 2;  // fixes dim 0 only
  std::vector<std::string> warnings;
  absl::StatusOr<TflModel> m = BuiltinConverter().Convert(r, &warnings);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "input 'x' has the dynamic shape [2,-1] (kept as -1 in shape_signature); its static shape is "
            "written as [2,1], so a runtime runs that size unless the input is resized; fix it with "
            "--input_arrays and --input_shapes");
}

TEST(DynamicBatch, UnknownRankIsReported) {
  ConversionRequest r;
  r.graph_def_file = WriteGraph("unknown_rank", "unknown_rank: true");
  r.output_arrays = {"x"};  // MatMul needs a rank; the input alone is enough here
  std::vector<std::string> warnings;
  absl::StatusOr<TflModel> m = BuiltinConverter().Convert(r, &warnings);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "input 'x' has an unknown rank: it is written with an empty shape, so a runtime must resize it "
            "before use; give its shape with --input_arrays and --input_shapes");
}

// The dynamic model runs at batch 3 in our interpreter; rows by hand: x·w, then Relu.
TEST(DynamicBatch, DynamicModelRunsAtBatchThree) {
  ConversionRequest r;
  r.graph_def_file = WriteGraph("run", kBatchDynamic);
  auto model = std::make_shared<TflModel>(ConvertAndReload(r, nullptr));
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(model, BuiltinKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  RtTensor x = RtTensor::Make(tflite::TensorType::FLOAT32, {3, 5});
  const float rows[15] = {1, 2, 3, 4, 5, -1, 0, 0, 1, 0, 0, 0, 0, 0, 2};
  std::copy(rows, rows + 15, x.mutable_data<float>());
  absl::StatusOr<std::vector<RtTensor>> out = (*interp)->Invoke(0, {x});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].shape(), (Dims{3, 2}));
  // [1,2,3,4,5]·w = [1+3+8, 2+3-4+2.5] = [12, 3.5]; [-1,0,0,1,0]·w = [1, -1] -> [1, 0]; [0,0,0,0,2]·w = [0, 1]
  const std::vector<float> want = {12, 3.5f, 1, 0, 0, 1};
  std::vector<float> got((*out)[0].data<float>(), (*out)[0].data<float>() + 6);
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace tfconv
