#include "converter/tflite/flatbuffer_reader.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/model_printer.h"
#include "converter/tflite/testing/json_checker.h"
#include "converter/tflite/testing/real_models.h"
#include "flatbuffers/flatbuffers.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

std::vector<std::string> RealModelPaths() {
  RealModels models = FindRealModels();
  if (!models.error.empty()) ADD_FAILURE() << models.error;
  return models.paths;
}

#define SKIP_WITHOUT_REAL_MODELS(paths)           \
  if (paths.empty()) {                            \
    if (HasFailure()) return;                     \
    GTEST_SKIP() << FindRealModels().skip_reason; \
  }

std::string OptionsBytes(const tflite::BuiltinOptionsUnion& u) {
  if (u.type == tflite::BuiltinOptions::NONE) return "";
  flatbuffers::FlatBufferBuilder b;
  b.Finish(u.Pack(b));
  return std::string(reinterpret_cast<const char*>(b.GetBufferPointer()), b.GetSize());
}

std::string Bytes(const ByteBuffer& b) {
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

// Field-by-field comparison of two IR models (what the writer must preserve).
void ExpectSameModel(const TflModel& a, const TflModel& b, const std::string& label) {
  SCOPED_TRACE(label);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.description, b.description);
  ASSERT_EQ(a.operator_codes.size(), b.operator_codes.size());
  for (size_t i = 0; i < a.operator_codes.size(); ++i) {
    EXPECT_TRUE(a.operator_codes[i] == b.operator_codes[i]) << "operator code " << i;
  }
  ASSERT_EQ(a.buffers.size(), b.buffers.size());
  for (size_t i = 0; i < a.buffers.size(); ++i) {
    EXPECT_EQ(Bytes(a.buffers[i].data), Bytes(b.buffers[i].data)) << "buffer " << i;
  }
  ASSERT_EQ(a.subgraphs.size(), b.subgraphs.size());
  for (size_t gi = 0; gi < a.subgraphs.size(); ++gi) {
    const TflSubgraph& ga = a.subgraphs[gi];
    const TflSubgraph& gb = b.subgraphs[gi];
    EXPECT_EQ(ga.name, gb.name);
    EXPECT_EQ(ga.inputs, gb.inputs);
    EXPECT_EQ(ga.outputs, gb.outputs);
    ASSERT_EQ(ga.tensors.size(), gb.tensors.size());
    for (size_t ti = 0; ti < ga.tensors.size(); ++ti) {
      const TflTensor& ta = ga.tensors[ti];
      const TflTensor& tb = gb.tensors[ti];
      SCOPED_TRACE(absl::StrCat("subgraph ", gi, " tensor ", ti, " ", ta.name));
      EXPECT_EQ(ta.name, tb.name);
      EXPECT_EQ(ta.type, tb.type);
      EXPECT_EQ(ta.shape, tb.shape);
      const auto& sa = ta.shape_signature.empty() ? ta.shape : ta.shape_signature;
      const auto& sb = tb.shape_signature.empty() ? tb.shape : tb.shape_signature;
      EXPECT_EQ(sa, sb);
      EXPECT_EQ(ta.buffer, tb.buffer);
      EXPECT_EQ(ta.is_variable, tb.is_variable);
      EXPECT_EQ(ta.has_rank, tb.has_rank);
      EXPECT_EQ(ta.sparsity.has_value(), tb.sparsity.has_value());
      ASSERT_EQ(ta.quantization.has_value(), tb.quantization.has_value());
      if (ta.quantization.has_value()) {
        EXPECT_EQ(ta.quantization->scale, tb.quantization->scale);
        EXPECT_EQ(ta.quantization->zero_point, tb.quantization->zero_point);
        EXPECT_EQ(ta.quantization->min, tb.quantization->min);
        EXPECT_EQ(ta.quantization->max, tb.quantization->max);
        EXPECT_EQ(ta.quantization->quantized_dimension, tb.quantization->quantized_dimension);
      }
    }
    ASSERT_EQ(ga.operators.size(), gb.operators.size());
    for (size_t oi = 0; oi < ga.operators.size(); ++oi) {
      const TflOperator& oa = ga.operators[oi];
      const TflOperator& ob = gb.operators[oi];
      SCOPED_TRACE(absl::StrCat("subgraph ", gi, " operator ", oi));
      EXPECT_EQ(oa.opcode_index, ob.opcode_index);
      EXPECT_EQ(oa.inputs, ob.inputs);
      EXPECT_EQ(oa.outputs, ob.outputs);
      EXPECT_EQ(oa.intermediates, ob.intermediates);
      EXPECT_EQ(oa.custom_options, ob.custom_options);
      EXPECT_EQ(oa.mutating_variable_inputs, ob.mutating_variable_inputs);
      EXPECT_EQ(oa.builtin_options.type, ob.builtin_options.type);
      EXPECT_EQ(OptionsBytes(oa.builtin_options), OptionsBytes(ob.builtin_options));
    }
  }
  ASSERT_EQ(a.signature_defs.size(), b.signature_defs.size());
  for (size_t i = 0; i < a.signature_defs.size(); ++i) {
    EXPECT_EQ(a.signature_defs[i].signature_key, b.signature_defs[i].signature_key);
    EXPECT_EQ(a.signature_defs[i].subgraph_index, b.signature_defs[i].subgraph_index);
    EXPECT_EQ(a.signature_defs[i].inputs, b.signature_defs[i].inputs);
    EXPECT_EQ(a.signature_defs[i].outputs, b.signature_defs[i].outputs);
  }
  EXPECT_EQ(a.metadata, b.metadata);
  EXPECT_EQ(a.metadata_buffer, b.metadata_buffer);
}

TEST(FlatbufferReaderTest, ReadsEveryRealModel) {
  const std::vector<std::string> paths = RealModelPaths();
  SKIP_WITHOUT_REAL_MODELS(paths);
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    absl::StatusOr<TflModel> model = ReadModelFile(path);
    ASSERT_TRUE(model.ok()) << model.status();
    // Compare with the flatbuffer as the generated accessors see it.
    const std::string file = ReadFileBytes(path);
    const tflite::Model* fb = tflite::GetModel(file.data());
    ASSERT_EQ(model->subgraphs.size(), fb->subgraphs()->size());
    ASSERT_GE(model->subgraphs.size(), 1u);
    ASSERT_EQ(model->buffers.size(), fb->buffers()->size());
    for (size_t i = 0; i < model->buffers.size(); ++i) {
      const auto* data = fb->buffers()->Get(i)->data();
      const std::string expected =
          data == nullptr ? ""
                          : std::string(reinterpret_cast<const char*>(data->data()), data->size());
      EXPECT_EQ(Bytes(model->buffers[i].data), expected) << "buffer " << i;
    }
    for (size_t g = 0; g < model->subgraphs.size(); ++g) {
      const tflite::SubGraph* fg = fb->subgraphs()->Get(g);
      EXPECT_EQ(model->subgraphs[g].tensors.size(), fg->tensors()->size());
      EXPECT_EQ(model->subgraphs[g].operators.size(),
                fg->operators() == nullptr ? 0u : fg->operators()->size());
    }
    EXPECT_NE(DescribeModel(*model).find("Subgraph 0"), std::string::npos);
    const std::string json = DescribeModelJson(*model);
    EXPECT_EQ(JsonChecker(json).FirstError(), std::string::npos)
        << "the JSON description does not parse";
  }
  std::cout << "read " << paths.size() << " real models\n";
}

// write(read(x)) keeps every field the reader produced, and writing what it reads back gives
// the same bytes again: write(read(write(read(x)))) == write(read(x)).
TEST(FlatbufferReaderTest, RoundTripsEveryRealModel) {
  const std::vector<std::string> paths = RealModelPaths();
  SKIP_WITHOUT_REAL_MODELS(paths);
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    absl::StatusOr<TflModel> first = ReadModelFile(path);
    ASSERT_TRUE(first.ok()) << first.status();
    absl::StatusOr<std::string> second_bytes = SerializeModel(*first);
    ASSERT_TRUE(second_bytes.ok()) << second_bytes.status();
    absl::StatusOr<TflModel> second = ReadModel(ByteBuffer::FromString(*second_bytes));
    ASSERT_TRUE(second.ok()) << second.status();
    ExpectSameModel(*first, *second, "after one write");
    absl::StatusOr<std::string> third_bytes = SerializeModel(*second);
    ASSERT_TRUE(third_bytes.ok()) << third_bytes.status();
    EXPECT_TRUE(*third_bytes == *second_bytes) << "second and third generation differ";
  }
}

TEST(FlatbufferReaderTest, WritingIsDeterministicForRealModels) {
  const std::vector<std::string> paths = RealModelPaths();
  SKIP_WITHOUT_REAL_MODELS(paths);
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    absl::StatusOr<TflModel> a = ReadModelFile(path);
    absl::StatusOr<TflModel> b = ReadModelFile(path);
    ASSERT_TRUE(a.ok() && b.ok());
    absl::StatusOr<std::string> wa = SerializeModel(*a);
    absl::StatusOr<std::string> wb = SerializeModel(*b);
    absl::StatusOr<std::string> wa2 = SerializeModel(*a);
    ASSERT_TRUE(wa.ok() && wb.ok() && wa2.ok());
    EXPECT_TRUE(*wa == *wb && *wa == *wa2);
  }
}

TEST(FlatbufferReaderTest, RealModelsSurviveTheExternalBufferForm) {
  const std::vector<std::string> paths = RealModelPaths();
  SKIP_WITHOUT_REAL_MODELS(paths);
  SerializeOptions external;
  external.external_buffer_threshold = 0;
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    absl::StatusOr<TflModel> model = ReadModelFile(path);
    ASSERT_TRUE(model.ok()) << model.status();
    absl::StatusOr<std::string> bytes = SerializeModel(*model, external);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    absl::StatusOr<TflModel> back = ReadModel(ByteBuffer::FromString(*bytes));
    ASSERT_TRUE(back.ok()) << back.status();
    ExpectSameModel(*model, *back, "external form");
  }
}

// ---------------------------------------------------------------------------------------------
// Files that are not valid models

std::string ValidModelBytes() {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  TflTensor t;
  t.name = "x";
  t.shape = {2};
  int a = g.AddTensor(t);
  t.name = "y";
  int b = g.AddTensor(t);
  TflOperator& op = g.operators.emplace_back();
  op.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::RELU);
  op.inputs = {a};
  op.outputs = {b};
  g.inputs = {a};
  g.outputs = {b};
  absl::StatusOr<std::string> bytes = SerializeModel(m);
  EXPECT_TRUE(bytes.ok());
  return *bytes;
}

absl::Status ReadStatus(const std::string& bytes) {
  return ReadModel(ByteBuffer::FromString(bytes)).status();
}

TEST(FlatbufferReaderTest, RejectsWhatIsNotATfliteModel) {
  EXPECT_NE(ReadStatus("").message().find("too short"), std::string::npos);
  std::string bytes = ValidModelBytes();
  ASSERT_TRUE(ReadStatus(bytes).ok());
  std::string wrong_id = bytes;
  wrong_id.replace(4, 4, "ABCD");
  EXPECT_NE(ReadStatus(wrong_id).message().find("'ABCD', expected 'TFL3'"), std::string::npos);
  EXPECT_FALSE(ReadStatus(bytes.substr(0, bytes.size() / 2)).ok());
}

TEST(FlatbufferReaderTest, ErrorsFromFilesNameTheFile) {
  const std::string missing = "/nonexistent/dir/model.tflite";
  absl::StatusOr<TflModel> m = ReadModelFile(missing);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find(missing), std::string::npos);

  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/not_a_model.tflite");
  FILE* f = fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  fputs("this is not a flatbuffer at all", f);
  fclose(f);
  m = ReadModelFile(path);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find(path), std::string::npos) << m.status();
  EXPECT_NE(m.status().message().find("TFL3"), std::string::npos) << m.status();
}

// Builds a flatbuffer by hand, so that it can hold what our writer refuses to write.
struct HandBuilt {
  int32_t op_input = 0;
  uint32_t opcode_index = 0;
  uint32_t tensor_buffer = 0;
  uint64_t buffer_offset = 0;
  uint64_t buffer_size = 0;
  int8_t deprecated_code = 0;
  tflite::BuiltinOperator code = tflite::BuiltinOperator::RELU;
  uint32_t signature_tensor = 0;
};

std::string Build(const HandBuilt& h) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<int32_t> shape = {2};
  std::vector<flatbuffers::Offset<tflite::Tensor>> tensors = {
      tflite::CreateTensor(b, b.CreateVector(shape), tflite::TensorType::FLOAT32, h.tensor_buffer,
                           b.CreateString("x")),
      tflite::CreateTensor(b, b.CreateVector(shape), tflite::TensorType::FLOAT32, 0,
                           b.CreateString("y"))};
  std::vector<int32_t> ins = {h.op_input}, outs = {1}, gin = {0};
  auto op = tflite::CreateOperator(b, h.opcode_index, b.CreateVector(ins), b.CreateVector(outs));
  std::vector<flatbuffers::Offset<tflite::Operator>> ops = {op};
  auto g =
      tflite::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(gin), b.CreateVector(outs),
                             b.CreateVector(ops), b.CreateString("main"));
  std::vector<flatbuffers::Offset<tflite::SubGraph>> gs = {g};
  std::vector<flatbuffers::Offset<tflite::OperatorCode>> codes = {
      tflite::CreateOperatorCode(b, h.deprecated_code, 0, 1, h.code)};
  std::vector<flatbuffers::Offset<tflite::Buffer>> buffers = {
      tflite::CreateBuffer(b), tflite::CreateBuffer(b, 0, h.buffer_offset, h.buffer_size)};
  std::vector<flatbuffers::Offset<tflite::TensorMap>> maps = {
      tflite::CreateTensorMap(b, b.CreateString("in"), h.signature_tensor)};
  std::vector<flatbuffers::Offset<tflite::SignatureDef>> sigs = {
      tflite::CreateSignatureDef(b, b.CreateVector(maps), 0, b.CreateString("serving"), 0)};
  auto model = tflite::CreateModel(b, 3, b.CreateVector(codes), b.CreateVector(gs), 0,
                                   b.CreateVector(buffers), 0, 0, b.CreateVector(sigs));
  b.Finish(model, tflite::ModelIdentifier());
  return std::string(reinterpret_cast<const char*>(b.GetBufferPointer()), b.GetSize());
}

TEST(FlatbufferReaderTest, HandBuiltBaselineReads) {
  absl::StatusOr<TflModel> m = ReadModel(ByteBuffer::FromString(Build({})));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->operator_codes[0].builtin_code, tflite::BuiltinOperator::RELU);
}

TEST(FlatbufferReaderTest, IndexErrorsNameWhereTheyAre) {
  HandBuilt h;
  h.op_input = 7;
  std::string msg(ReadStatus(Build(h)).message());
  EXPECT_NE(msg.find("subgraph 0 ('main'), operator 0 (RELU): input 0 refers to tensor 7"),
            std::string::npos)
      << msg;
  h = {};
  h.opcode_index = 3;
  msg = std::string(ReadStatus(Build(h)).message());
  EXPECT_NE(msg.find("operator 0 (unknown code): opcode index 3"), std::string::npos) << msg;
  h = {};
  h.tensor_buffer = 9;
  msg = std::string(ReadStatus(Build(h)).message());
  EXPECT_NE(msg.find("tensor 0 ('x'): buffer index 9"), std::string::npos) << msg;
  h = {};
  h.signature_tensor = 5;
  msg = std::string(ReadStatus(Build(h)).message());
  EXPECT_NE(msg.find("signature 0 ('serving'): input 'in' refers to tensor 5"), std::string::npos)
      << msg;
  h = {};
  h.buffer_offset = 1000000;
  h.buffer_size = 8;
  msg = std::string(ReadStatus(Build(h)).message());
  EXPECT_NE(msg.find("buffer 1: data at offset 1000000"), std::string::npos) << msg;
}

TEST(FlatbufferReaderTest, OldWritersFillOnlyTheByteCode) {
  HandBuilt h;
  h.code = tflite::BuiltinOperator::ADD;  // 0: not written
  h.deprecated_code = 22;                 // RESHAPE
  absl::StatusOr<TflModel> m = ReadModel(ByteBuffer::FromString(Build(h)));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->operator_codes[0].builtin_code, tflite::BuiltinOperator::RESHAPE);
}

TEST(FlatbufferReaderTest, ResolvesBufferOffsetsAgainstTheFile) {
  // Append 8 bytes to a valid model and point buffer 1 at them.
  HandBuilt h;
  h.tensor_buffer = 1;
  h.buffer_offset = 2;  // placeholder, fixed below once the size is known
  h.buffer_size = 8;
  std::string probe = Build(h);
  h.buffer_offset = (probe.size() + 15) / 16 * 16;
  std::string bytes = Build(h);
  ASSERT_EQ(bytes.size(), probe.size());
  bytes.resize(h.buffer_offset, '\0');
  bytes += "ABCDEFGH";
  absl::StatusOr<TflModel> m = ReadModel(ByteBuffer::FromString(bytes));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(Bytes(m->buffers[1].data), "ABCDEFGH");
}

}  // namespace
}  // namespace tfconv
