#include "runtime_check/profiles/compat_check.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/testing/real_models.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;
using BO = tflite::BuiltinOperator;

const HardwareProfile& Profile(const std::string& name) {
  static auto* cache = new std::map<std::string, HardwareProfile>;
  auto it = cache->find(name);
  if (it == cache->end()) {
    absl::StatusOr<HardwareProfile> p = LoadProfile(name);
    EXPECT_TRUE(p.ok()) << p.status();
    it = cache->emplace(name, p.ok() ? *p : HardwareProfile{}).first;
  }
  return it->second;
}

// Builds one-subgraph models operator by operator.
class Builder {
 public:
  Builder() { m_.subgraphs.emplace_back(); }
  TflSubgraph& g() { return m_.subgraphs[0]; }

  int Act(const char* name, T type, std::vector<int32_t> shape, std::vector<int32_t> sig = {}) {
    return g().AddTensor(
        {.name = name, .type = type, .shape = std::move(shape), .shape_signature = std::move(sig)});
  }
  // A constant holding `values` (int32 or int8 data as given), or zeros when empty.
  int Const(const char* name, T type, std::vector<int32_t> shape, std::vector<int32_t> values = {}) {
    int64_t n = 1;
    for (int32_t d : shape) n *= d;
    std::string bytes;
    for (int64_t i = 0; i < n; ++i) {
      int32_t v = i < static_cast<int64_t>(values.size()) ? values[i] : 0;
      if (type == T::INT32) {
        bytes.append(reinterpret_cast<const char*>(&v), 4);
      } else if (type == T::FLOAT32) {
        float f = static_cast<float>(v);
        bytes.append(reinterpret_cast<const char*>(&f), 4);
      } else {
        bytes.push_back(static_cast<char>(v));
      }
    }
    const uint32_t buffer = m_.AddBuffer(ByteBuffer::FromString(bytes));
    return g().AddTensor({.name = name, .type = type, .shape = std::move(shape), .buffer = buffer});
  }
  TflOperator& Op(BO code, int version, std::vector<int32_t> in, std::vector<int32_t> out) {
    TflOperator& op = g().operators.emplace_back();
    op.opcode_index = m_.OpcodeIndex(code);
    m_.operator_codes[op.opcode_index].version = version;
    op.inputs = std::move(in);
    op.outputs = std::move(out);
    return op;
  }
  TflOperator& Custom(const char* name, std::vector<int32_t> in, std::vector<int32_t> out) {
    TflOperator& op = g().operators.emplace_back();
    op.opcode_index = m_.CustomOpcodeIndex(name);
    op.inputs = std::move(in);
    op.outputs = std::move(out);
    return op;
  }
  void Io(std::vector<int32_t> in, std::vector<int32_t> out) {
    g().inputs = std::move(in);
    g().outputs = std::move(out);
  }
  TflModel& model() { return m_; }

 private:
  TflModel m_;
};

void SetConv(TflOperator& op, int stride, int dilation_h = 1, int dilation_w = 1,
             tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE) {
  tflite::Conv2DOptionsT o;
  o.stride_h = o.stride_w = stride;
  o.dilation_h_factor = dilation_h;
  o.dilation_w_factor = dilation_w;
  o.fused_activation_function = act;
  op.builtin_options.Set(std::move(o));
}

// x -> CONV_2D(w, b) -> y, with activations of `type` (weights int8, bias int32).
TflModel ConvModel(T type, int version, bool const_weights = true) {
  Builder b;
  int x = b.Act("x", type, {1, 8, 8, 3});
  int w = const_weights ? b.Const("w", T::INT8, {4, 3, 3, 3}) : b.Act("w", T::INT8, {4, 3, 3, 3});
  int bias = b.Const("b", T::INT32, {4});
  int y = b.Act("y", type, {1, 8, 8, 4});
  SetConv(b.Op(BO::CONV_2D, version, {x, w, bias}, {y}), 1);
  b.Io(const_weights ? std::vector<int32_t>{x} : std::vector<int32_t>{x, w}, {y});
  return b.model();
}

std::vector<std::string> AllReasons(const CompatReport& r) {
  std::vector<std::string> all;
  for (const OpVerdict& v : r.ops) all.insert(all.end(), v.reasons.begin(), v.reasons.end());
  return all;
}

bool AnyContains(const std::vector<std::string>& texts, const std::string& part) {
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& t) { return absl::StrContains(t, part); });
}

#define EXPECT_ANY_CONTAINS(texts, part)                                                \
  EXPECT_TRUE(AnyContains(texts, part)) << "'" << part << "' not in:\n  "               \
                                        << absl::StrJoin(texts, "\n  ")

TEST(CompatCheckTest, EdgeTpuRejectsInt16ConvNamingOpAndType) {
  CompatReport r = CheckModel(ConvModel(T::INT16, 3), Profile("edgetpu"));
  ASSERT_EQ(r.ops.size(), 1u);
  EXPECT_EQ(r.ops[0].op_name, "CONV_2D");
  EXPECT_EQ(r.ops[0].version, 3);
  EXPECT_ANY_CONTAINS(r.ops[0].reasons,
                      "CONV_2D v3: input 'x' (#0) type INT16 not allowed by edgetpu (INT8/UINT8 only)");
  EXPECT_ANY_CONTAINS(r.ops[0].reasons,
                      "CONV_2D v3: output 'y' (#0) type INT16 not allowed by edgetpu (INT8/UINT8 only)");
  EXPECT_ANY_CONTAINS(r.model_issues,
                      "runtime tensors of type INT16 not allowed by edgetpu (INT8/UINT8 only): 'x', 'y'");
  EXPECT_FALSE(r.compatible());
  EXPECT_EQ(r.rejected_ops(), 1);
}

TEST(CompatCheckTest, EdgeTpuAcceptsInt8ConvWithConstantWeights) {
  CompatReport r = CheckModel(ConvModel(T::INT8, 3), Profile("edgetpu"));
  EXPECT_TRUE(r.compatible()) << absl::StrJoin(AllReasons(r), "\n")
                              << absl::StrJoin(r.model_issues, "\n");
}

TEST(CompatCheckTest, EdgeTpuNeedsConstantWeights) {
  CompatReport r = CheckModel(ConvModel(T::INT8, 1, /*const_weights=*/false), Profile("edgetpu"));
  EXPECT_ANY_CONTAINS(r.ops[0].reasons,
                      "CONV_2D v1: input 'w' (#1) is not constant; edgetpu needs it constant");
}

TEST(CompatCheckTest, CpuChecksVersionRanges) {
  CompatReport ok = CheckModel(ConvModel(T::FLOAT32, 8), Profile("cpu"));
  EXPECT_TRUE(ok.compatible()) << absl::StrJoin(AllReasons(ok), "\n");
  CompatReport r = CheckModel(ConvModel(T::FLOAT32, 9), Profile("cpu"));
  EXPECT_ANY_CONTAINS(r.ops[0].reasons, "CONV_2D v9: version 9 not supported by cpu (versions 1-8)");

  Builder b;
  int x = b.Act("x", T::FLOAT32, {3});
  int shape = b.Const("shape", T::INT32, {2}, {2, 3});
  int y = b.Act("y", T::FLOAT32, {2, 3});
  b.Op(BO::BROADCAST_TO, 1, {x, shape}, {y});
  b.Io({x}, {y});
  EXPECT_ANY_CONTAINS(AllReasons(CheckModel(b.model(), Profile("cpu"))),
                      "BROADCAST_TO v1: version 1 not supported by cpu (versions 2-3)");
}

// The GPU delegate runs SIN (model_builder.cc has an elementwise parser for it); the Edge TPU
// does not list it, and neither lists EMBEDDING_LOOKUP_SPARSE.
TEST(CompatCheckTest, OpsMissingFromTheListAreNamed) {
  Builder b;
  int x = b.Act("x", T::FLOAT32, {1, 4});
  int y = b.Act("y", T::FLOAT32, {1, 4});
  b.Op(BO::SIN, 1, {x}, {y});
  b.Io({x}, {y});
  CompatReport gpu = CheckModel(b.model(), Profile("gpu_fp16"));
  EXPECT_TRUE(gpu.compatible()) << absl::StrJoin(AllReasons(gpu), "\n");
  CompatReport tpu = CheckModel(b.model(), Profile("edgetpu"));
  ASSERT_EQ(tpu.ops[0].reasons.size(), 1u);
  EXPECT_EQ(tpu.ops[0].reasons[0], "op SIN not in the edgetpu op list");

  Builder c;
  int a = c.Act("a", T::FLOAT32, {1, 4});
  int d = c.Act("d", T::FLOAT32, {1, 4});
  c.Op(BO::EMBEDDING_LOOKUP_SPARSE, 1, {a}, {d});
  c.Io({a}, {d});
  CompatReport s = CheckModel(c.model(), Profile("gpu_fp16"));
  ASSERT_EQ(s.ops[0].reasons.size(), 1u);
  EXPECT_EQ(s.ops[0].reasons[0], "op EMBEDDING_LOOKUP_SPARSE not in the gpu_fp16 op list");
}

TEST(CompatCheckTest, DynamicShapesNeedAProfileThatAllowsThem) {
  Builder b;
  int x = b.Act("x", T::INT8, {1, 3}, {-1, 3});
  int y = b.Act("y", T::INT8, {1, 3}, {-1, 3});
  b.Op(BO::RELU, 1, {x}, {y});
  b.Io({x}, {y});
  CompatReport tpu = CheckModel(b.model(), Profile("edgetpu"));
  EXPECT_ANY_CONTAINS(tpu.model_issues,
                      "dynamic shape [-1,3] in input 'x': edgetpu needs static shapes");
  EXPECT_ANY_CONTAINS(tpu.model_issues, "dynamic shapes in 'y' [-1,3]: edgetpu needs static shapes");
  EXPECT_TRUE(CheckModel(b.model(), Profile("cpu")).compatible());
}

TEST(CompatCheckTest, FusedActivationsStridesAndDilations) {
  Builder b;
  int x = b.Act("x", T::INT8, {1, 8, 8, 3});
  int y = b.Act("y", T::INT8, {1, 4, 4, 3});
  TflOperator& pool = b.Op(BO::AVERAGE_POOL_2D, 1, {x}, {y});
  tflite::Pool2DOptionsT o;
  o.stride_h = o.stride_w = o.filter_height = o.filter_width = 2;
  o.fused_activation_function = tflite::ActivationFunctionType::RELU;
  pool.builtin_options.Set(std::move(o));
  int w = b.Const("w", T::INT8, {4, 3, 3, 3});
  int z = b.Act("z", T::INT8, {1, 4, 4, 4});
  SetConv(b.Op(BO::CONV_2D, 1, {y, w}, {z}), 1, /*dilation_h=*/2, /*dilation_w=*/1);
  b.Io({x}, {z});
  CompatReport r = CheckModel(b.model(), Profile("edgetpu"));
  EXPECT_ANY_CONTAINS(r.ops[0].reasons,
                      "AVERAGE_POOL_2D v1: fused activation RELU not supported by edgetpu (NONE only)");
  EXPECT_ANY_CONTAINS(r.ops[1].reasons,
                      "CONV_2D v1: dilation 2x1 differs between height and width; edgetpu needs "
                      "them equal");
  EXPECT_EQ(r.ops[1].note, "Must use the same dilation in x and y dimensions.");
}

TEST(CompatCheckTest, EdgeTpuSoftmaxLimits) {
  Builder b;
  int x = b.Act("x", T::INT8, {1, 20000});
  int y = b.Act("y", T::INT8, {1, 20000});
  b.Op(BO::SOFTMAX, 1, {x}, {y});
  int u = b.Act("u", T::INT8, {2, 100});
  int v = b.Act("v", T::INT8, {2, 100});
  b.Op(BO::SOFTMAX, 1, {u}, {v});
  b.Io({x, u}, {y, v});
  CompatReport r = CheckModel(b.model(), Profile("edgetpu"));
  EXPECT_ANY_CONTAINS(r.ops[0].reasons, "input 'x' (#0) has 20000 elements; edgetpu allows at most 16000");
  EXPECT_ANY_CONTAINS(r.ops[1].reasons, "input [2,100] is not one-dimensional");
}

TEST(CompatCheckTest, StridedSliceRules) {
  for (const char* profile : {"gpu_fp16", "edgetpu"}) {
    Builder b;
    T type = std::string(profile) == "edgetpu" ? T::INT8 : T::FLOAT32;
    int x = b.Act("x", type, {1, 4, 4, 3});
    int begin = b.Const("begin", T::INT32, {4}, {0, 0, 0, 0});
    int end = b.Const("end", T::INT32, {4}, {1, 4, 4, 3});
    int strides = b.Const("strides", T::INT32, {4}, {1, 2, 1, 1});
    int y = b.Act("y", type, {4, 2, 3});
    TflOperator& op = b.Op(BO::STRIDED_SLICE, 1, {x, begin, end, strides}, {y});
    tflite::StridedSliceOptionsT o;
    o.shrink_axis_mask = 1;
    op.builtin_options.Set(std::move(o));
    b.Io({x}, {y});
    std::vector<std::string> reasons = AllReasons(CheckModel(b.model(), Profile(profile)));
    if (std::string(profile) == "gpu_fp16") {
      EXPECT_ANY_CONTAINS(reasons, "STRIDED_SLICE v1: shrink_axis_mask = 1");
    } else {
      EXPECT_ANY_CONTAINS(reasons, "STRIDED_SLICE v1: strides [1,2,1,1] are not all 1");
    }
  }
}

TEST(CompatCheckTest, CustomOps) {
  Builder b;
  int x = b.Act("x", T::FLOAT32, {1, 4});
  int y = b.Act("y", T::FLOAT32, {1, 4});
  int z = b.Act("z", T::FLOAT32, {1, 4});
  b.Custom("Foo", {x}, {y});
  b.Custom("TFLite_Detection_PostProcess", {y}, {z});
  b.Io({x}, {z});
  CompatReport tpu = CheckModel(b.model(), Profile("edgetpu"));
  EXPECT_EQ(tpu.ops[0].op_name, "CUSTOM(Foo)");
  EXPECT_ANY_CONTAINS(tpu.ops[0].reasons,
                      "custom op 'Foo' not supported by edgetpu (it runs no custom ops)");
  CompatReport cpu = CheckModel(b.model(), Profile("cpu"));
  EXPECT_FALSE(cpu.ops[0].allowed());
  EXPECT_TRUE(cpu.ops[1].allowed()) << absl::StrJoin(cpu.ops[1].reasons, "\n");
}

TEST(CompatCheckTest, TflmArenaLimit) {
  Builder b;
  int x = b.Act("x", T::FLOAT32, {1, 100, 100, 8});  // 320000 bytes
  int y = b.Act("y", T::FLOAT32, {1, 100, 100, 8});
  b.Op(BO::RELU, 1, {x}, {y});
  b.Io({x}, {y});
  CompatReport r = CheckModel(b.model(), Profile("tflm"));
  EXPECT_EQ(r.arena_estimate_bytes, 640000);
  EXPECT_ANY_CONTAINS(r.model_issues, "activation arena estimate 640000 bytes");
  EXPECT_ANY_CONTAINS(r.model_issues, "exceeds tflm's arena limit of 139264 bytes");
  EXPECT_EQ(r.rejected_ops(), 0);

  Builder small;
  int a = small.Act("a", T::INT8, {1, 32, 32, 8});
  int c = small.Act("c", T::INT8, {1, 32, 32, 8});
  small.Op(BO::RELU, 1, {a}, {c});
  small.Io({a}, {c});
  CompatReport ok = CheckModel(small.model(), Profile("tflm"));
  EXPECT_EQ(ok.arena_estimate_bytes, 16384);
  EXPECT_TRUE(ok.compatible()) << absl::StrJoin(ok.model_issues, "\n");
}

TEST(CompatCheckTest, TflmRejectsHybridQuantization) {
  Builder b;
  int x = b.Act("x", T::FLOAT32, {1, 8});
  int w = b.Const("w", T::INT8, {4, 8});
  int y = b.Act("y", T::FLOAT32, {1, 4});
  b.Op(BO::FULLY_CONNECTED, 1, {x, w, -1}, {y});
  b.Io({x}, {y});
  EXPECT_ANY_CONTAINS(AllReasons(CheckModel(b.model(), Profile("tflm"))),
                      "FULLY_CONNECTED v1: hybrid quantization (FLOAT32 input with INT8 weights)");
}

TEST(CompatCheckTest, EdgeTpuBatchAxisSqueezeAndConcat) {
  Builder b;
  int x = b.Act("x", T::INT8, {1, 4, 4, 8});
  int axes_batch = b.Const("axes_batch", T::INT32, {1}, {0});
  int axes_hw = b.Const("axes_hw", T::INT32, {2}, {1, 2});
  int m0 = b.Act("m0", T::INT8, {4, 4, 8});
  int m1 = b.Act("m1", T::INT8, {1, 8});
  b.Op(BO::MEAN, 1, {x, axes_batch}, {m0});
  b.Op(BO::MEAN, 1, {x, axes_hw}, {m1});
  int s_in = b.Act("s_in", T::INT8, {5, 1, 10});
  int s_out = b.Act("s_out", T::INT8, {5, 10});
  TflOperator& sq = b.Op(BO::SQUEEZE, 1, {s_in}, {s_out});
  tflite::SqueezeOptionsT so;
  so.squeeze_dims = {1};
  sq.builtin_options.Set(std::move(so));
  int pad = b.Const("pad", T::INT8, {1, 8}, {0, 0, 0, 3});
  int cat = b.Act("cat", T::INT8, {1, 16});
  b.Op(BO::CONCATENATION, 1, {m1, pad}, {cat});
  b.Io({x, s_in}, {m0, s_out, cat});
  CompatReport r = CheckModel(b.model(), Profile("edgetpu"));
  ASSERT_EQ(r.ops.size(), 4u);
  EXPECT_ANY_CONTAINS(r.ops[0].reasons, "MEAN v1: operates on the batch dimension (axis 0)");
  EXPECT_TRUE(r.ops[1].allowed()) << absl::StrJoin(r.ops[1].reasons, "\n");
  EXPECT_ANY_CONTAINS(r.ops[2].reasons, "squeezes axis 1 of [5,1,10], which is not a leading 1");
  EXPECT_ANY_CONTAINS(r.ops[3].reasons, "constant input #1 is not all zeros");
}

TEST(CompatCheckTest, ModelLevelShapeLimits) {
  Builder b;
  int x = b.Act("x", T::INT8, {2, 4, 4, 3});
  int y = b.Act("y", T::INT8, {2, 4, 4, 3});
  b.Op(BO::RELU, 1, {x}, {y});
  b.Io({x}, {y});
  b.model().subgraphs.emplace_back();
  CompatReport tpu = CheckModel(b.model(), Profile("edgetpu"));
  EXPECT_ANY_CONTAINS(tpu.model_issues,
                      "only the 3 innermost dimensions may exceed 1 on edgetpu: 'x' (subgraph 0) [2,4,4,3]");
  EXPECT_ANY_CONTAINS(tpu.model_issues, "the model has 2 subgraphs; edgetpu supports 1");

  Builder c;
  int u = c.Act("u", T::FLOAT32, {1, 2, 2, 2, 2});
  int v = c.Act("v", T::FLOAT32, {1, 2, 2, 2, 2});
  c.Op(BO::RELU, 1, {u}, {v});
  c.Io({u}, {v});
  EXPECT_ANY_CONTAINS(CheckModel(c.model(), Profile("gpu_fp16")).model_issues,
                      "tensors of rank above 4: 'u' [1,2,2,2,2]");
}

TEST(CompatCheckTest, IntermediatesOnlyCarryQuantizationAndAreNotTypeChecked) {
  Builder b;
  int x = b.Act("x", T::INT8, {1, 4});
  int y = b.Act("y", T::INT8, {1, 4});
  int scratch = b.Act("scratch", T::FLOAT32, {});
  TflOperator& op = b.Op(BO::RELU, 1, {x}, {y});
  op.intermediates = {scratch};
  b.Io({x}, {y});
  EXPECT_TRUE(CheckModel(b.model(), Profile("edgetpu")).model_issues.empty());
  // The same tensor as an output is data, and is checked.
  b.g().operators[0].outputs.push_back(scratch);
  EXPECT_ANY_CONTAINS(CheckModel(b.model(), Profile("edgetpu")).model_issues,
                      "runtime tensors of type FLOAT32 not allowed by edgetpu (INT8/UINT8 only): 'scratch'");
}

// --- Real models --------------------------------------------------------------------------------

std::string RealModel(const std::string& suffix) {
  RealModels models = FindRealModels();
  for (const std::string& p : models.paths) {
    if (absl::EndsWith(p, suffix)) return p;
  }
  return "";
}

#define REAL_MODEL_OR_SKIP(var, suffix)                              \
  RealModels _models = FindRealModels();                             \
  if (!_models.error.empty()) FAIL() << _models.error;               \
  if (_models.paths.empty()) GTEST_SKIP() << _models.skip_reason;    \
  const std::string var = RealModel(suffix);                         \
  ASSERT_FALSE(var.empty()) << "no real model ending in " << suffix; \
  absl::StatusOr<TflModel> var##_model = ReadModelFile(var);         \
  ASSERT_TRUE(var##_model.ok()) << var##_model.status()

TEST(CompatCheckRealModelsTest, FloatModelFailsEdgeTpuWithOpAndTypeNamed) {
  REAL_MODEL_OR_SKIP(path, "hello_world/hello_world_float.tflite");
  CompatReport r = CheckModel(*path_model, Profile("edgetpu"));
  EXPECT_FALSE(r.compatible());
  EXPECT_GT(r.rejected_ops(), 0);
  EXPECT_ANY_CONTAINS(AllReasons(r), "FULLY_CONNECTED v");
  EXPECT_ANY_CONTAINS(AllReasons(r), "type FLOAT32 not allowed by edgetpu (INT8/UINT8 only)");
  EXPECT_ANY_CONTAINS(r.model_issues, "runtime tensors of type FLOAT32 not allowed by edgetpu");
}

TEST(CompatCheckRealModelsTest, Int8ModelPassesEdgeTpuTypeChecks) {
  REAL_MODEL_OR_SKIP(path, "hello_world/hello_world_int8.tflite");
  CompatReport r = CheckModel(*path_model, Profile("edgetpu"));
  for (const std::string& why : AllReasons(r)) {
    EXPECT_FALSE(absl::StrContains(why, " type ")) << why;
  }
  for (const std::string& issue : r.model_issues) {
    EXPECT_FALSE(absl::StrContains(issue, "tensors of type")) << issue;
  }
}

TEST(CompatCheckRealModelsTest, PersonDetectionFitsTheTflmArena) {
  REAL_MODEL_OR_SKIP(path, "person_detection/person_detect.tflite");
  CompatReport r = CheckModel(*path_model, Profile("tflm"));
  EXPECT_TRUE(r.compatible()) << absl::StrJoin(AllReasons(r), "\n") << "\n"
                              << absl::StrJoin(r.model_issues, "\n");
  EXPECT_GT(r.arena_estimate_bytes, 0);
  EXPECT_LE(r.arena_estimate_bytes, 136 * 1024);
}

// Every real model: the cpu profile knows all their builtin ops and versions (the models ran on
// LiteRT; their custom ops need their own registrations), and the greedy plan never puts two
// buffers that are live together at overlapping addresses.
TEST(CompatCheckRealModelsTest, AllRealModelsRunOnCpuAndPlansAreSound) {
  RealModels models = FindRealModels();
  if (!models.error.empty()) FAIL() << models.error;
  if (models.paths.empty()) GTEST_SKIP() << models.skip_reason;
  for (const std::string& path : models.paths) {
    absl::StatusOr<TflModel> model = ReadModelFile(path);
    if (!model.ok()) continue;  // the reader's own tests cover unreadable files
    CompatReport cpu = CheckModel(*model, Profile("cpu"));
    for (const OpVerdict& v : cpu.ops) {
      if (absl::StartsWith(v.op_name, "CUSTOM(")) continue;
      EXPECT_TRUE(v.allowed()) << path << "\n" << absl::StrJoin(v.reasons, "\n");
    }
    for (const char* p : {"gpu_fp16", "edgetpu", "tflm"}) CheckModel(*model, Profile(p));
    for (size_t s = 0; s < model->subgraphs.size(); ++s) {
      ArenaPlan plan = PlanArena(*model, static_cast<int>(s), 16);
      EXPECT_LE(plan.peak_live_bytes, plan.arena_bytes) << path;
      EXPECT_LE(plan.arena_bytes, plan.total_bytes) << path;
      for (size_t i = 0; i < plan.buffers.size(); ++i) {
        for (size_t j = i + 1; j < plan.buffers.size(); ++j) {
          const ArenaBuffer& a = plan.buffers[i];
          const ArenaBuffer& b = plan.buffers[j];
          const bool same_time = a.first_op <= b.last_op && b.first_op <= a.last_op;
          const bool same_space = a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
          ASSERT_FALSE(same_time && same_space && a.bytes > 0 && b.bytes > 0)
              << path << ": tensors " << a.tensor << " and " << b.tensor << " overlap";
        }
      }
    }
  }
}

}  // namespace
}  // namespace tfconv
