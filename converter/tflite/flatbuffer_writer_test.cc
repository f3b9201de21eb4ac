#include "converter/tflite/flatbuffer_writer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include "converter/tflite/flatbuffer_reader.h"
#include "flatbuffers/flatbuffers.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;

ByteBuffer Bytes(size_t size, uint8_t seed) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>(seed + i * 7);
  return ByteBuffer::FromString(std::move(s));
}

// input -> ADD(input, const) -> GELU -> output, with a signature, metadata and a description.
TflModel SmallModel() {
  TflModel m;
  m.description = "hand built";
  TflSubgraph& g = m.subgraphs.emplace_back();
  g.name = "main";
  TflTensor in;
  in.name = "input";
  in.shape = {1, 4};
  in.shape_signature = {-1, 4};
  in.has_rank = true;
  int a = g.AddTensor(in);
  TflTensor c;
  c.name = "bias";
  c.shape = {4};
  c.shape_signature = {4};  // equal to shape: must not be written
  c.buffer = m.AddBuffer(Bytes(16, 1));
  int b = g.AddTensor(c);
  TflTensor mid;
  mid.name = "sum";
  mid.shape = {1, 4};
  mid.quantization = TflQuantization{};  // empty: must not be written
  int s = g.AddTensor(mid);
  TflTensor out;
  out.name = "output";
  out.type = tflite::TensorType::INT8;
  out.shape = {1, 4};
  out.quantization = TflQuantization{};
  out.quantization->scale = {0.5f};
  out.quantization->zero_point = {-3};
  int o = g.AddTensor(out);

  TflOperator& add = g.operators.emplace_back();
  add.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::ADD);
  add.inputs = {a, b};
  add.outputs = {s};
  auto* add_options = new tflite::AddOptionsT();
  add_options->fused_activation_function = tflite::ActivationFunctionType::RELU;
  add.builtin_options.type = tflite::BuiltinOptions::AddOptions;
  add.builtin_options.value = add_options;
  TflOperator& gelu = g.operators.emplace_back();
  gelu.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::GELU);
  gelu.inputs = {s};
  gelu.outputs = {o};
  g.inputs = {a};
  g.outputs = {o};

  TflSignatureDef sig;
  sig.signature_key = "serving_default";
  sig.inputs = {{"x", 0}};
  sig.outputs = {{"y", 3}};
  m.signature_defs.push_back(sig);
  m.metadata.emplace_back("note", m.AddBuffer(Bytes(5, 9)));
  return m;
}

const tflite::Model* Verified(const std::string& bytes) {
  flatbuffers::Verifier v(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  EXPECT_TRUE(tflite::VerifyModelBuffer(v));
  return tflite::GetModel(bytes.data());
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return (fs::path(dir != nullptr ? dir : "/tmp") / name).string();
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(FlatbufferWriterTest, WritesTheFieldsOfTheModel) {
  absl::StatusOr<std::string> bytes = SerializeModel(SmallModel());
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  ASSERT_GE(bytes->size(), 8u);
  EXPECT_EQ(bytes->substr(4, 4), "TFL3");
  const tflite::Model* m = Verified(*bytes);
  EXPECT_EQ(m->version(), 3u);
  ASSERT_NE(m->description(), nullptr);
  EXPECT_EQ(m->description()->str(), "hand built");

  ASSERT_EQ(m->buffers()->size(), 3u);
  const tflite::Buffer* sentinel = m->buffers()->Get(0);
  EXPECT_TRUE(sentinel->data() == nullptr || sentinel->data()->size() == 0);
  EXPECT_EQ(sentinel->offset(), 0u);

  const tflite::SubGraph* g = m->subgraphs()->Get(0);
  EXPECT_EQ(g->name()->str(), "main");
  ASSERT_EQ(g->tensors()->size(), 4u);
  const tflite::Tensor* input = g->tensors()->Get(0);
  ASSERT_NE(input->shape_signature(), nullptr);
  EXPECT_EQ(input->shape_signature()->Get(0), -1);
  EXPECT_TRUE(input->has_rank());
  EXPECT_EQ(g->tensors()->Get(1)->shape_signature(), nullptr);  // same as shape
  EXPECT_EQ(g->tensors()->Get(1)->buffer(), 1u);
  EXPECT_EQ(g->tensors()->Get(2)->quantization(), nullptr);  // empty parameters
  const tflite::QuantizationParameters* q = g->tensors()->Get(3)->quantization();
  ASSERT_NE(q, nullptr);
  EXPECT_FLOAT_EQ(q->scale()->Get(0), 0.5f);
  EXPECT_EQ(q->zero_point()->Get(0), -3);
  EXPECT_EQ(g->tensors()->Get(3)->type(), tflite::TensorType::INT8);

  ASSERT_EQ(g->operators()->size(), 2u);
  const tflite::Operator* add = g->operators()->Get(0);
  ASSERT_EQ(add->builtin_options_type(), tflite::BuiltinOptions::AddOptions);
  EXPECT_EQ(add->builtin_options_as_AddOptions()->fused_activation_function(),
            tflite::ActivationFunctionType::RELU);
  EXPECT_EQ(add->inputs()->Get(1), 1);

  ASSERT_EQ(m->signature_defs()->size(), 1u);
  const tflite::SignatureDef* sig = m->signature_defs()->Get(0);
  EXPECT_EQ(sig->signature_key()->str(), "serving_default");
  EXPECT_EQ(sig->inputs()->Get(0)->name()->str(), "x");
  EXPECT_EQ(sig->outputs()->Get(0)->tensor_index(), 3u);
  ASSERT_EQ(m->metadata()->size(), 1u);
  EXPECT_EQ(m->metadata()->Get(0)->name()->str(), "note");
  EXPECT_EQ(m->metadata()->Get(0)->buffer(), 2u);
}

TEST(FlatbufferWriterTest, CodesAbove127KeepTheByteFieldAt127) {
  absl::StatusOr<std::string> bytes = SerializeModel(SmallModel());
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  const tflite::Model* m = Verified(*bytes);
  ASSERT_EQ(m->operator_codes()->size(), 2u);
  const tflite::OperatorCode* add = m->operator_codes()->Get(0);
  EXPECT_EQ(add->builtin_code(), tflite::BuiltinOperator::ADD);
  EXPECT_EQ(add->deprecated_builtin_code(), 0);
  const tflite::OperatorCode* gelu = m->operator_codes()->Get(1);
  EXPECT_EQ(static_cast<int>(gelu->builtin_code()), 150);
  EXPECT_EQ(gelu->deprecated_builtin_code(), 127);
  EXPECT_EQ(gelu->version(), 1);
}

TEST(FlatbufferWriterTest, DeprecatedCodeEqualsTheCodeBelow127) {
  TflModel m = SmallModel();
  m.operator_codes[0].builtin_code = tflite::BuiltinOperator::CONV_2D;  // 3
  m.subgraphs[0].operators[0].builtin_options.Reset();
  absl::StatusOr<std::string> bytes = SerializeModel(m);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(Verified(*bytes)->operator_codes()->Get(0)->deprecated_builtin_code(), 3);
}

// Buffers of awkward sizes: every data vector starts 16-byte aligned from the start of the file,
// holds the right bytes, and the data vectors lie at the end of the file.
TEST(FlatbufferWriterTest, EveryBufferIsAlignedAndTheDataLiesAtTheEnd) {
  TflModel m = SmallModel();
  const std::vector<size_t> sizes = {1, 3, 17, 33, 100, 4096, 5};
  for (size_t i = 0; i < sizes.size(); ++i) m.AddBuffer(Bytes(sizes[i], static_cast<uint8_t>(i)));
  absl::StatusOr<std::string> bytes = SerializeModel(m);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  const tflite::Model* fb = Verified(*bytes);
  const auto* base = reinterpret_cast<const uint8_t*>(bytes->data());
  ASSERT_EQ(fb->buffers()->size(), m.buffers.size());
  size_t data_begin = bytes->size(), data_end = 0;
  for (size_t i = 1; i < m.buffers.size(); ++i) {
    const auto* data = fb->buffers()->Get(i)->data();
    ASSERT_NE(data, nullptr) << "buffer " << i;
    const size_t offset = data->data() - base;
    EXPECT_EQ(offset % 16, 0u) << "buffer " << i << " at " << offset;
    ASSERT_EQ(data->size(), m.buffers[i].data.size());
    EXPECT_EQ(std::memcmp(data->data(), m.buffers[i].data.data(), data->size()), 0);
    data_begin = std::min(data_begin, offset);
    data_end = std::max(data_end, offset + data->size());
    if (i > 1) {  // in buffer order
      EXPECT_GT(offset, static_cast<size_t>(fb->buffers()->Get(i - 1)->data()->data() - base));
    }
  }
  EXPECT_LE(data_end, bytes->size());
  EXPECT_LT(bytes->size() - data_end, 16u);  // only alignment padding after the weights
  // Every table of the model lies before the weights.
  const size_t root = reinterpret_cast<const uint8_t*>(fb) - base;
  const size_t last_tensor =
      reinterpret_cast<const uint8_t*>(fb->subgraphs()->Get(0)->tensors()->Get(3)) - base;
  EXPECT_LT(root, data_begin);
  EXPECT_LT(last_tensor, data_begin);
}

TEST(FlatbufferWriterTest, OutputIsDeterministic) {
  TflModel a = SmallModel();
  TflModel b = SmallModel();
  absl::StatusOr<std::string> x = SerializeModel(a);
  absl::StatusOr<std::string> y = SerializeModel(b);
  absl::StatusOr<std::string> z = SerializeModel(a);
  ASSERT_TRUE(x.ok() && y.ok() && z.ok());
  EXPECT_EQ(*x, *y);
  EXPECT_EQ(*x, *z);
}

TEST(FlatbufferWriterTest, ExternalBuffersFollowTheFlatbufferAndReadBack) {
  TflModel m = SmallModel();
  for (size_t size : {3, 40, 1000}) m.AddBuffer(Bytes(size, static_cast<uint8_t>(size)));
  SerializeOptions options;
  options.external_buffer_threshold = 16;  // the model holds more: data goes outside
  absl::StatusOr<std::string> bytes = SerializeModel(m, options);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  const tflite::Model* fb = Verified(*bytes);
  uint64_t previous_end = 0;
  for (size_t i = 1; i < m.buffers.size(); ++i) {
    const tflite::Buffer* b = fb->buffers()->Get(i);
    EXPECT_TRUE(b->data() == nullptr) << "buffer " << i;
    EXPECT_EQ(b->size(), m.buffers[i].data.size());
    EXPECT_EQ(b->offset() % 16, 0u);
    EXPECT_GE(b->offset(), previous_end);
    ASSERT_LE(b->offset() + b->size(), bytes->size());
    EXPECT_EQ(std::memcmp(bytes->data() + b->offset(), m.buffers[i].data.data(), b->size()), 0);
    previous_end = b->offset() + b->size();
  }
  EXPECT_EQ(fb->buffers()->Get(0)->offset(), 0u);
  EXPECT_EQ(bytes->size() % 16, 0u);

  absl::StatusOr<TflModel> back = ReadModel(ByteBuffer::FromString(*bytes));
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->buffers.size(), m.buffers.size());
  for (size_t i = 0; i < m.buffers.size(); ++i) {
    ASSERT_EQ(back->buffers[i].data.size(), m.buffers[i].data.size());
    if (m.buffers[i].data.empty()) continue;
    EXPECT_EQ(std::memcmp(back->buffers[i].data.data(), m.buffers[i].data.data(),
                          m.buffers[i].data.size()),
              0);
  }
  // Read back and written inline, it is the same model as the original written inline.
  absl::StatusOr<std::string> inline_original = SerializeModel(m);
  absl::StatusOr<std::string> inline_back = SerializeModel(*back);
  ASSERT_TRUE(inline_original.ok() && inline_back.ok());
  EXPECT_EQ(*inline_original, *inline_back);
}

TEST(FlatbufferWriterTest, WriteModelFileMatchesSerializeModel) {
  const std::string path = TempPath("written.tflite");
  TflModel m = SmallModel();
  ASSERT_TRUE(WriteModelFile(m, path).ok());
  absl::StatusOr<std::string> bytes = SerializeModel(m);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(FileBytes(path), *bytes);

  SerializeOptions external;
  external.external_buffer_threshold = 0;
  const std::string external_path = TempPath("written_external.tflite");
  ASSERT_TRUE(WriteModelFile(m, external_path, external).ok());
  absl::StatusOr<std::string> external_bytes = SerializeModel(m, external);
  ASSERT_TRUE(external_bytes.ok());
  EXPECT_EQ(FileBytes(external_path), *external_bytes);
  absl::StatusOr<TflModel> back = ReadModelFile(external_path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->buffers[1].data.size(), 16u);
}

// The file writer streams each weight from the model instead of building it into memory; with
// buffers of odd sizes (alignment padding between them) and the consuming overload, the file must
// still equal the in-memory serialization byte for byte and release every weight.
TEST(FlatbufferWriterTest, StreamedWeightsGiveTheSameBytesAsSerializeModel) {
  TflModel m = SmallModel();
  for (size_t size : {1u, 7u, 33u, 4096u, 5u}) {
    TflTensor t;
    t.name = "w" + std::to_string(size);
    t.type = tflite::TensorType::UINT8;
    t.shape = {static_cast<int32_t>(size)};
    t.buffer = m.AddBuffer(Bytes(size, static_cast<uint8_t>(size)));
    m.subgraphs[0].AddTensor(t);
  }
  absl::StatusOr<std::string> expected = SerializeModel(m);
  ASSERT_TRUE(expected.ok()) << expected.status();
  const std::string path = TempPath("streamed.tflite");
  TflModel consumed = m;
  ASSERT_TRUE(WriteModelFile(std::move(consumed), path).ok());
  EXPECT_EQ(FileBytes(path), *expected);
  for (size_t i = 1; i < consumed.buffers.size(); ++i) EXPECT_TRUE(consumed.buffers[i].data.empty()) << i;
  absl::StatusOr<TflModel> back = ReadModelFile(path);
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->buffers.size(), m.buffers.size());
  for (size_t i = 1; i < m.buffers.size(); ++i) {
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(back->buffers[i].data.data()), back->buffers[i].data.size()),
              std::string(reinterpret_cast<const char*>(m.buffers[i].data.data()), m.buffers[i].data.size()));
  }
}

// A device is written in place: renaming a temporary file over /dev/null would replace the device.
TEST(FlatbufferWriterTest, ADeviceIsWrittenInPlace) {
  ASSERT_TRUE(WriteModelFile(SmallModel(), "/dev/null").ok());
  struct stat st;
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_FALSE(WriteModelFile(SmallModel(), ::testing::TempDir()).ok());  // a directory
}

TEST(FlatbufferWriterTest, FailedWritesLeaveNoFileAndNameThePath) {
  const std::string dir = TempPath("failed_writes");
  fs::create_directories(dir);
  const std::string path = (fs::path(dir) / "model.tflite").string();

  TflModel bad = SmallModel();
  bad.subgraphs[0].operators[1].inputs = {17};
  absl::Status s = WriteModelFile(bad, path);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(path), std::string::npos) << s;
  EXPECT_NE(s.message().find("operator 1 (GELU)"), std::string::npos) << s;
  EXPECT_NE(s.message().find("tensor 17"), std::string::npos) << s;

  const std::string missing = (fs::path(dir) / "no_such_dir" / "model.tflite").string();
  s = WriteModelFile(SmallModel(), missing);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(missing), std::string::npos) << s;

  EXPECT_TRUE(fs::is_empty(dir)) << "a temporary or partial file was left in " << dir;
}

TEST(FlatbufferWriterTest, RejectsAModelItCannotWriteFaithfully) {
  TflModel m = SmallModel();
  m.buffers[0].data = Bytes(4, 0);
  EXPECT_FALSE(SerializeModel(m).ok());

  m = SmallModel();
  m.subgraphs[0].operators[1].builtin_options.type = tflite::BuiltinOptions::Conv2DOptions;
  absl::StatusOr<std::string> r = SerializeModel(m);  // a type without a table
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("builtin_options"), std::string::npos) << r.status();

  m = SmallModel();
  m.subgraphs[0].tensors[1].buffer = 99;
  r = SerializeModel(m);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("tensor 1 ('bias')"), std::string::npos) << r.status();

  m = SmallModel();
  m.signature_defs[0].outputs = {{"y", 4}};
  r = SerializeModel(m);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'serving_default'"), std::string::npos) << r.status();
}

TEST(FlatbufferWriterTest, SparsityAndQuantizationDetailsSurviveARoundTrip) {
  TflModel m = SmallModel();
  TflTensor& bias = m.subgraphs[0].tensors[1];
  bias.sparsity.emplace();
  bias.sparsity->traversal_order = {0};
  auto dim = std::make_unique<tflite::DimensionMetadataT>();
  dim->format = tflite::DimensionType::SPARSE_CSR;
  tflite::Int32VectorT segments;
  segments.values = {0, 2};
  dim->array_segments.Set(std::move(segments));
  tflite::Int32VectorT indices;
  indices.values = {1, 3};
  dim->array_indices.Set(std::move(indices));
  bias.sparsity->dim_metadata.push_back(std::move(dim));
  bias.is_variable = true;
  TflQuantization q;
  tflite::BlockwiseQuantizationT block;
  block.block_size = 32;
  q.details.Set(std::move(block));
  bias.quantization = std::move(q);
  m.subgraphs[0].operators[0].mutating_variable_inputs = {false, true};

  absl::StatusOr<std::string> bytes = SerializeModel(m);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<TflModel> back = ReadModel(ByteBuffer::FromString(*bytes));
  ASSERT_TRUE(back.ok()) << back.status();
  const TflTensor& t = back->subgraphs[0].tensors[1];
  ASSERT_TRUE(t.sparsity.has_value());
  ASSERT_EQ(t.sparsity->dim_metadata.size(), 1u);
  const tflite::Int32VectorT* seg = t.sparsity->dim_metadata[0]->array_segments.AsInt32Vector();
  ASSERT_NE(seg, nullptr);
  EXPECT_EQ(seg->values, (std::vector<int32_t>{0, 2}));
  EXPECT_TRUE(t.is_variable);
  ASSERT_TRUE(t.quantization.has_value());
  ASSERT_NE(t.quantization->details.AsBlockwiseQuantization(), nullptr);
  EXPECT_EQ(t.quantization->details.AsBlockwiseQuantization()->block_size, 32);
  EXPECT_EQ(back->subgraphs[0].operators[0].mutating_variable_inputs,
            (std::vector<bool>{false, true}));
  absl::StatusOr<std::string> again = SerializeModel(*back);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *bytes);
}

}  // namespace
}  // namespace tfconv
