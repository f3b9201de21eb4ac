// The official quantizer's before/after pairs (quant_testdata/*_calibrated.bin -> *_quantized.bin):
// our quantization of the calibrated model must give, tensor by tensor, the same types, the same
// scales (within 1e-6 relative) and zero points, and the same quantized bytes. Operator versions are
// listed separately: the pairs were made by the old tool, whose table versions predate
// op_version.cc (see the notes in each test).
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converter/frontend/shared_testdata.h"
#include "gtest/gtest.h"
#include "quantization/full_integer/full_integer.h"
#include "quantization/full_integer/test_util.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

struct Differences {
  std::vector<std::string> tensors;  // type, scale, zero point, shape, name, buffer bytes
  std::vector<std::string> operators;
};

std::string Params(const TflTensor& t) {
  if (!t.quantization.has_value() || t.quantization->scale.empty()) return "-";
  return absl::StrCat("scale=", absl::StrJoin(t.quantization->scale, ","),
                      " zp=", absl::StrJoin(t.quantization->zero_point, ","));
}

Differences Compare(const TflModel& ours, const TflModel& official) {
  Differences d;
  const TflSubgraph& a = ours.subgraphs[0];
  const TflSubgraph& b = official.subgraphs[0];
  if (a.tensors.size() != b.tensors.size()) {
    d.tensors.push_back(absl::StrCat("tensor count ", a.tensors.size(), " vs ", b.tensors.size()));
  }
  for (size_t i = 0; i < std::min(a.tensors.size(), b.tensors.size()); ++i) {
    const TflTensor& x = a.tensors[i];
    const TflTensor& y = b.tensors[i];
    const std::string at = absl::StrCat("tensor ", i, " '", y.name, "': ");
    if (x.name != y.name) d.tensors.push_back(absl::StrCat(at, "named '", x.name, "'"));
    if (x.type != y.type) {
      d.tensors.push_back(absl::StrCat(at, tflite::EnumNameTensorType(x.type), " vs ",
                                       tflite::EnumNameTensorType(y.type)));
    }
    if (x.shape != y.shape) d.tensors.push_back(absl::StrCat(at, "shape differs"));
    if (x.is_variable != y.is_variable) d.tensors.push_back(absl::StrCat(at, "is_variable differs"));
    const bool xq = x.quantization.has_value() && !x.quantization->scale.empty();
    const bool yq = y.quantization.has_value() && !y.quantization->scale.empty();
    if (xq != yq) {
      d.tensors.push_back(absl::StrCat(at, Params(x), " vs ", Params(y)));
    } else if (xq) {
      bool same = x.quantization->scale.size() == y.quantization->scale.size() &&
                  x.quantization->zero_point == y.quantization->zero_point;
      for (size_t c = 0; same && c < x.quantization->scale.size(); ++c) {
        const double s = x.quantization->scale[c], e = y.quantization->scale[c];
        same = std::abs(s - e) <= 1e-6 * std::abs(e);
      }
      if (!same) d.tensors.push_back(absl::StrCat(at, Params(x), " vs ", Params(y)));
    }
    const bool xd = x.buffer > 0 && !ours.buffers[x.buffer].data.empty();
    const bool yd = y.buffer > 0 && !official.buffers[y.buffer].data.empty();
    if (xd != yd || (xd && ours.buffers[x.buffer].data.span() != official.buffers[y.buffer].data.span())) {
      d.tensors.push_back(absl::StrCat(at, "quantized bytes differ"));
    }
  }
  if (a.operators.size() != b.operators.size()) {
    d.operators.push_back(absl::StrCat("operator count ", a.operators.size(), " vs ", b.operators.size()));
  }
  for (size_t i = 0; i < std::min(a.operators.size(), b.operators.size()); ++i) {
    const TflOperatorCode& x = ours.CodeOf(a.operators[i]);
    const TflOperatorCode& y = official.CodeOf(b.operators[i]);
    if (x.builtin_code != y.builtin_code || x.version != y.version ||
        a.operators[i].inputs != b.operators[i].inputs ||
        a.operators[i].outputs != b.operators[i].outputs) {
      d.operators.push_back(absl::StrCat("operator ", i, ": ",
                                         tflite::EnumNameBuiltinOperator(x.builtin_code), " v",
                                         x.version, " vs ",
                                         tflite::EnumNameBuiltinOperator(y.builtin_code), " v",
                                         y.version));
    }
  }
  if (a.inputs != b.inputs || a.outputs != b.outputs) d.operators.push_back("model inputs/outputs differ");
  return d;
}

class OfficialPairsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shared_ = SharedDir();
    if (shared_.empty()) {
      if (IsCiRun()) FAIL() << "the shared test data is missing: set TFCONV_SHARED_DIR";
      GTEST_SKIP() << "the shared test data is missing (set TFCONV_SHARED_DIR)";
    }
  }
  // Quantizes `calibrated` as the official test did and compares with `expected`.
  Differences Run(const std::string& calibrated, const std::string& expected, TT io_type) {
    absl::StatusOr<TflModel> f = LoadQuantTestdata(shared_, calibrated);
    absl::StatusOr<TflModel> e = LoadQuantTestdata(shared_, expected);
    EXPECT_TRUE(f.ok() && e.ok());
    if (!f.ok() || !e.ok()) return {};
    float_ = *f;
    quant_ = *f;
    absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(quant_, Int8Options(io_type, io_type));
    EXPECT_TRUE(r.ok()) << r.status();
    Differences d = Compare(quant_, *e);
    std::cout << calibrated << " -> " << expected << ": " << d.tensors.size()
              << " tensor difference(s), " << d.operators.size() << " operator difference(s)\n";
    for (const std::string& s : d.tensors) std::cout << "  " << s << "\n";
    for (const std::string& s : d.operators) std::cout << "  " << s << "\n";
    return d;
  }
  std::string shared_;
  TflModel float_, quant_;
};

TEST_F(OfficialPairsTest, Svdf) {
  // The official test: int8 input and output, integer only.
  Differences d = Run("svdf_calibrated.bin", "svdf_quantized.bin", TT::INT8);
  EXPECT_TRUE(d.tensors.empty());
  // SVDF v3 (op_version.cc, int8 input) where the older tool wrote v2.
  ASSERT_EQ(d.operators.size(), 1u);
  EXPECT_EQ(d.operators[0], "operator 0: SVDF v3 vs SVDF v2");
}

// The SVDF test model declares a state of 9 elements where its weights need memory x filters =
// 7 x 6 = 42, so neither it nor its official quantized form can run. With the state resized, the
// quantized model runs in the reference interpreter close to the float one (the calibrated state
// range [-80, 128] is wide, so a few output steps).
TEST_F(OfficialPairsTest, SvdfRuns) {
  absl::StatusOr<TflModel> f = LoadQuantTestdata(shared_, "svdf_calibrated.bin");
  ASSERT_TRUE(f.ok()) << f.status();
  f->subgraphs[0].tensors[4].shape = {1, 42};
  TflModel q = *f;
  ASSERT_TRUE(QuantizeFullIntegerModel(q, Int8Options(TT::INT8, TT::INT8)).ok());
  absl::StatusOr<RunComparison> c = CompareRuns(*f, q);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_LE(c->max_error(), 3.0);
}

// The LSTM pairs: float input and output as the official tests. Our QUANTIZE / DEQUANTIZE / LSTM
// versions (1, 2, 1) follow op_version.cc; the older tool wrote the full-integer LSTM as v2.
void ExpectLstmVersionNote(const Differences& d, const std::string& op) {
  ASSERT_EQ(d.operators.size(), 1u) << absl::StrJoin(d.operators, "; ");
  EXPECT_EQ(d.operators[0], absl::StrCat("operator 1: ", op, " v1 vs ", op, " v2"));
}

TEST_F(OfficialPairsTest, LstmWithLayerNormAndProjection) {
  Differences d = Run("lstm_calibrated.bin", "lstm_quantized.bin", TT::FLOAT32);
  EXPECT_TRUE(d.tensors.empty());
  ExpectLstmVersionNote(d, "LSTM");
}

TEST_F(OfficialPairsTest, LstmWithPeepholeWithoutLayerNorm) {
  Differences d = Run("lstm_calibrated2.bin", "lstm_quantized2.bin", TT::FLOAT32);
  EXPECT_TRUE(d.tensors.empty());
  ExpectLstmVersionNote(d, "LSTM");
}

TEST_F(OfficialPairsTest, UnidirectionalSequenceLstm) {
  Differences d = Run("unidirectional_sequence_lstm_calibrated.bin",
                      "unidirectional_sequence_lstm_quantized.bin", TT::FLOAT32);
  EXPECT_TRUE(d.tensors.empty());
  ExpectLstmVersionNote(d, "UNIDIRECTIONAL_SEQUENCE_LSTM");
}

// Our quantized LSTMs run in the reference interpreter and give exactly the outputs of the official
// quantized models. (Both are far from the float LSTM: with these recipes the official tool gives
// the hidden intermediate zero point -128, and LiteRT's integer kernel, as the interpreter models it,
// then clamps o*tanh(c) to <= 0 before the projection, or writes it to the output state at the
// hidden intermediate's scale when there is no projection; see
// runtime_check/kernels/sequence/sequence_real_models_test.cc.)
TEST_F(OfficialPairsTest, LstmsRunLikeTheOfficialOnes) {
  struct Pair {
    const char* calibrated;
    const char* quantized;
  };
  for (const Pair& p : {Pair{"lstm_calibrated.bin", "lstm_quantized.bin"},
                        Pair{"lstm_calibrated2.bin", "lstm_quantized2.bin"},
                        Pair{"unidirectional_sequence_lstm_calibrated.bin",
                             "unidirectional_sequence_lstm_quantized.bin"}}) {
    SCOPED_TRACE(p.calibrated);
    absl::StatusOr<TflModel> f = LoadQuantTestdata(shared_, p.calibrated);
    absl::StatusOr<TflModel> official = LoadQuantTestdata(shared_, p.quantized);
    ASSERT_TRUE(f.ok() && official.ok());
    TflModel q = *f;
    ASSERT_TRUE(QuantizeFullIntegerModel(q, Int8Options(TT::FLOAT32, TT::FLOAT32)).ok());
    absl::StatusOr<RunComparison> c = CompareRuns(*official, q, 4);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->max_abs_error[0], 0);
  }
}

}  // namespace
}  // namespace tfconv
