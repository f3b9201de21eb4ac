#include "converter/tflite/runtime_version.h"

#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace tfconv {
namespace {

using Op = tflite::BuiltinOperator;

// The runtime release that introduced each version of a builtin: entry i is version i + 1, ""
// where that version does not exist (BROADCAST_TO starts at 2).
struct OpRuntimeVersions {
  Op op;
  std::vector<const char*> by_version;
};

const std::vector<OpRuntimeVersions>& Table() {
  static const auto* table = new std::vector<OpRuntimeVersions>{
      {Op::ABS, {"1.13.0", "2.4.0", "2.5.0", "2.6.0", "2.12.0"}},
      {Op::ADD, {"1.5.0", "1.14.0", "2.4.0", "2.6.0", "2.13.0"}},
      {Op::ADD_N, {"1.14.0"}},
      {Op::ARG_MAX, {"1.9.0", "1.14.0", "2.9.0"}},
      {Op::ARG_MIN, {"1.9.0", "1.14.0", "2.9.0"}},
      {Op::ASSIGN_VARIABLE, {"2.6.0"}},
      {Op::ATAN2, {"2.10.0"}},
      {Op::AVERAGE_POOL_2D, {"1.5.0", "1.14.0", "2.3.0"}},
      {Op::BATCH_MATMUL, {"2.3.0", "2.3.0", "2.4.0", "2.5.0"}},
      {Op::BATCH_TO_SPACE_ND, {"1.6.0", "1.14.0", "2.3.0", "2.12.0"}},
      {Op::BIDIRECTIONAL_SEQUENCE_LSTM, {"1.14.0", "1.14.0", "1.14.0"}},
      {Op::BIDIRECTIONAL_SEQUENCE_RNN, {"1.14.0", "1.14.0", "2.3.0"}},
      {Op::BITCAST, {"2.13.0"}},
      {Op::BITWISE_XOR, {"2.13.0"}},
      {Op::BROADCAST_ARGS, {"2.6.0"}},
      {Op::BROADCAST_TO, {"", "2.5.0", "2.5.0"}},
      {Op::BUCKETIZE, {"2.8.0"}},
      {Op::CALL_ONCE, {"2.5.0"}},
      {Op::CAST, {"1.5.0", "2.7.0", "2.8.0", "2.9.0", "2.12.0", "2.15.0", "2.17.0", "2.21.0"}},
      {Op::CEIL, {"1.14.0"}},
      {Op::COMPLEX_ABS, {"2.5.0"}},
      {Op::CONCATENATION, {"1.5.0", "1.14.0", "2.3.0", "2.14.0", "2.21.0"}},
      {Op::CONV_2D, {"1.5.0", "1.14.0", "1.14.0", "2.3.0", "2.4.0", "2.9.0", "2.11.0", "2.15.0"}},
      {Op::CONV_3D, {"2.5.0"}},
      {Op::CONV_3D_TRANSPOSE, {"2.6.0"}},
      {Op::COS, {"1.14.0"}},
      {Op::CUMSUM, {"2.4.0"}},
      {Op::DENSIFY, {"2.2.0"}},
      {Op::DEPTH_TO_SPACE, {"2.1.0", "2.5.0"}},
      {Op::DEPTHWISE_CONV_2D, {"1.5.0", "1.12.0", "1.14.0", "2.2.0", "2.3.0", "2.3.0", "2.11.0"}},
      {Op::DEQUANTIZE,
       {"1.13.1", "1.14.0", "1.15.0", "2.2.0", "2.7.0", "2.18.0", "2.21.0", "2.22.0"}},
      {Op::DILATE, {"2.15.0"}},
      {Op::DIV, {"1.6.0", "2.3.0"}},
      {Op::DYNAMIC_UPDATE_SLICE, {"2.9.0", "2.17.0", "2.19.0", "2.20.0", "2.21.0"}},
      {Op::ELU, {"1.14.0"}},
      {Op::EMBEDDING_LOOKUP, {"1.13.0", "1.14.0", "1.14.0", "2.18.0", "2.21.0"}},
      {Op::EMBEDDING_LOOKUP_SPARSE, {"1.5.0"}},
      {Op::EQUAL, {"1.14.0", "1.14.0", "2.3.0", "2.13.0", "2.21.0"}},
      {Op::EXP, {"1.7.0", "2.12.0"}},
      {Op::EXPAND_DIMS, {"1.10.0"}},
      {Op::FAKE_QUANT, {"1.5.0", "1.10.0"}},
      {Op::FILL, {"1.13.0", "2.3.0", "2.5.0", "2.12.0"}},
      {Op::FLOOR, {"1.9.0"}},
      {Op::FLOOR_DIV, {"1.14.0", "1.14.0", "2.13.0"}},
      {Op::FLOOR_MOD, {"1.13.0", "2.13.0"}},
      {Op::FULLY_CONNECTED,
       {"1.5.0", "1.10.0", "1.14.0", "1.14.0", "2.0.0", "2.1.0", "2.3.0", "2.3.0", "2.3.0",
        "2.11.0", "2.15.0", "2.17.0", "2.18.0", "2.21.0"}},
      {Op::GATHER, {"1.6.0", "1.14.0", "1.15.0", "2.4.0", "2.5.0", "2.13.0", "2.15.0"}},
      {Op::GATHER_ND, {"1.14.0", "2.3.0", "2.5.0", "2.13.0", "2.16.0"}},
      {Op::GELU, {"2.9.0", "2.9.0"}},
      {Op::GREATER, {"1.14.0", "1.14.0"}},
      {Op::GREATER_EQUAL, {"1.14.0", "1.14.0", "2.13.0"}},
      {Op::HARD_SWISH, {"1.15.0"}},
      {Op::HASHTABLE, {"2.5.0"}},
      {Op::HASHTABLE_FIND, {"2.5.0"}},
      {Op::HASHTABLE_IMPORT, {"2.5.0"}},
      {Op::HASHTABLE_LOOKUP, {"1.5.0"}},
      {Op::HASHTABLE_SIZE, {"2.5.0"}},
      {Op::IF, {"1.15.0"}},
      {Op::IMAG, {"2.5.0"}},
      {Op::L2_NORMALIZATION, {"1.5.0", "1.14.0"}},
      {Op::L2_POOL_2D, {"1.5.0"}},
      {Op::LEAKY_RELU, {"1.13.1", "2.3.0"}},
      {Op::LESS, {"1.14.0", "1.14.0", "2.13.0"}},
      {Op::LESS_EQUAL, {"1.14.0", "1.14.0"}},
      {Op::LOCAL_RESPONSE_NORMALIZATION, {"1.5.0"}},
      {Op::LOG, {"1.14.0", "2.15.0"}},
      {Op::LOG_SOFTMAX, {"1.14.0", "1.14.0"}},
      {Op::LOGICAL_AND, {"1.11.0"}},
      {Op::LOGICAL_NOT, {"1.11.0"}},
      {Op::LOGICAL_OR, {"1.11.0"}},
      {Op::LOGISTIC, {"1.14.0", "1.14.0", "2.3.0"}},
      {Op::LSH_PROJECTION, {"1.5.0"}},
      {Op::LSTM, {"1.7.0", "1.10.0", "1.14.0", "2.3.0"}},
      {Op::MATRIX_DIAG, {"1.14.0"}},
      {Op::MATRIX_SET_DIAG, {"1.14.0"}},
      {Op::MAX_POOL_2D, {"1.5.0", "1.14.0", "2.3.0"}},
      {Op::MAXIMUM, {"1.14.0", "1.14.0", "2.3.0", "2.3.0"}},
      {Op::MEAN, {"1.6.0", "1.14.0", "2.4.0"}},
      {Op::MINIMUM, {"1.14.0", "1.14.0", "2.3.0", "2.3.0"}},
      {Op::MIRROR_PAD, {"1.13.1", "2.3.0", "2.12.0"}},
      {Op::MUL, {"1.5.0", "1.14.0", "1.15.0", "2.3.0", "2.6.0", "2.11.0", "2.13.0"}},
      {Op::MULTINOMIAL, {"2.8.0"}},
      {Op::NEG, {"1.9.0"}},
      {Op::NON_MAX_SUPPRESSION_V4, {"2.1.0"}},
      {Op::NON_MAX_SUPPRESSION_V5, {"2.1.0"}},
      {Op::NOT_EQUAL, {"1.14.0", "1.14.0", "2.3.0", "2.21.0"}},
      {Op::ONE_HOT, {"1.11.0"}},
      {Op::PACK, {"1.11.0", "1.14.0", "2.3.0", "2.13.0"}},
      {Op::PAD, {"1.5.0", "1.14.0", "2.4.0", "2.6.0", "2.20.0"}},
      {Op::PADV2, {"1.9.0", "1.14.0", "2.4.0", "2.6.0", "2.20.0"}},
      {Op::POW, {"1.10.0"}},
      {Op::PRELU, {"1.8.0"}},
      {Op::QUANTIZE, {"1.14.0", "1.15.0", "2.7.0", "2.21.0", "2.21.0", "2.21.0"}},
      {Op::RANDOM_STANDARD_NORMAL, {"2.8.0"}},
      {Op::RANDOM_UNIFORM, {"2.8.0"}},
      {Op::RANGE, {"1.13.0", "2.14.0"}},
      {Op::RANK, {"1.14.0"}},
      {Op::READ_VARIABLE, {"2.6.0"}},
      {Op::REAL, {"2.5.0"}},
      {Op::REDUCE_ALL, {"2.6.0"}},
      {Op::REDUCE_ANY, {"1.11.0"}},
      {Op::REDUCE_MAX, {"1.11.0", "1.14.0", "2.5.0"}},
      {Op::REDUCE_MIN, {"1.11.0", "1.14.0", "2.5.0"}},
      {Op::REDUCE_PROD, {"1.11.0", "2.6.0"}},
      {Op::REDUCE_WINDOW, {"2.15.0"}},
      {Op::RELU, {"1.5.0", "2.1.0", "2.5.0"}},
      {Op::RELU_0_TO_1, {"2.10.0"}},
      {Op::RELU_N1_TO_1, {"1.5.0"}},
      {Op::RELU6, {"1.5.0", "1.14.0", "2.5.0"}},
      {Op::RESHAPE, {"1.5.0"}},
      {Op::RESIZE_BILINEAR, {"1.7.0", "1.14.0", "2.2.0", "2.5.0"}},
      {Op::RESIZE_NEAREST_NEIGHBOR, {"1.13.1", "1.14.0", "2.3.0", "2.4.0"}},
      {Op::REVERSE_SEQUENCE, {"1.14.0"}},
      {Op::REVERSE_V2, {"1.14.0", "2.2.0", "2.5.0"}},
      {Op::RFFT2D, {"2.5.0"}},
      {Op::RIGHT_SHIFT, {"2.13.0"}},
      {Op::RNN, {"1.5.0", "1.14.0", "2.3.0"}},
      {Op::ROUND, {"1.14.0"}},
      {Op::RSQRT, {"1.10.0", "2.5.0", "2.15.0"}},
      {Op::SCATTER_ND, {"2.1.0"}},
      {Op::SEGMENT_SUM, {"2.2.0"}},
      {Op::SELECT, {"1.14.0", "1.14.0", "2.12.0", "2.12.0"}},
      {Op::SELECT_V2, {"2.2.0", "2.12.0"}},
      {Op::SHAPE, {"1.10.0"}},
      {Op::SIGN, {"2.11.0", "2.12.0"}},
      {Op::SIN, {"1.9.0"}},
      {Op::SKIP_GRAM, {"1.5.0"}},
      {Op::SLICE, {"1.14.0", "1.14.0", "1.14.0", "2.4.0", "2.5.0", "2.14.0", "2.21.0"}},
      {Op::SOFTMAX, {"1.5.0", "1.14.0", "2.3.0"}},
      {Op::SPACE_TO_BATCH_ND, {"1.6.0", "1.14.0", "2.3.0", "2.12.0"}},
      {Op::SPACE_TO_DEPTH, {"1.5.0", "1.14.0"}},
      {Op::SPARSE_TO_DENSE, {"1.9.0", "1.14.0", "1.15.0"}},
      {Op::SPLIT, {"1.5.0", "1.14.0", "1.14.0", "2.3.0"}},
      {Op::SPLIT_V, {"1.13.1", "2.3.0"}},
      {Op::SQRT, {"1.10.0", "2.21.0"}},
      {Op::SQUARE, {"1.12.0"}},
      {Op::SQUARED_DIFFERENCE, {"1.13.1", "2.5.0"}},
      {Op::SQUEEZE, {"1.6.0", "2.5.0"}},
      {Op::STABLEHLO_ADD, {"2.16.0"}},
      {Op::STABLEHLO_AND, {"2.17.0"}},
      {Op::STABLEHLO_CASE, {"2.17.0"}},
      {Op::STABLEHLO_CBRT, {"2.17.0"}},
      {Op::STABLEHLO_COMPOSITE, {"2.17.0"}},
      {Op::STABLEHLO_GATHER, {"2.16.0"}},
      {Op::STABLEHLO_MAXIMUM, {"2.16.0"}},
      {Op::STABLEHLO_MINIMUM, {"2.16.0"}},
      {Op::STABLEHLO_MULTIPLY, {"2.16.0"}},
      {Op::STABLEHLO_PAD, {"2.16.0"}},
      {Op::STABLEHLO_REDUCE_WINDOW, {"2.16.0"}},
      {Op::STABLEHLO_RNG_BIT_GENERATOR, {"2.15.0"}},
      {Op::STABLEHLO_SCATTER, {"2.15.0"}},
      {Op::STABLEHLO_SHIFT_LEFT, {"2.17.0"}},
      {Op::STRIDED_SLICE,
       {"1.6.0", "1.14.0", "2.1.0", "2.2.0", "2.5.0", "2.6.0", "2.14.0", "2.14.0"}},
      {Op::SUB, {"1.6.0", "1.14.0", "2.3.0", "2.4.0", "2.4.0"}},
      {Op::SUM, {"1.10.0", "1.15.0"}},
      {Op::SVDF, {"1.5.0", "1.14.0", "2.2.0", "2.3.0"}},
      {Op::TANH, {"1.14.0", "1.14.0", "2.3.0"}},
      {Op::TILE, {"1.10.1", "2.2.0", "2.8.0"}},
      {Op::TOPK_V2, {"1.7.0", "1.14.0", "2.13.0"}},
      {Op::TRANSPOSE, {"1.6.0", "1.14.0", "1.15.0", "2.3.0", "2.4.0", "2.12.0", "2.14.4"}},
      {Op::TRANSPOSE_CONV, {"1.9.0", "2.2.0", "2.3.0", "2.13.0", "2.15.0"}},
      {Op::UNIDIRECTIONAL_SEQUENCE_LSTM, {"1.13.1", "1.14.0", "2.3.0", "2.12.0"}},
      {Op::UNIDIRECTIONAL_SEQUENCE_RNN, {"1.14.0", "1.14.0", "2.3.0"}},
      {Op::UNIQUE, {"1.14.0"}},
      {Op::UNPACK, {"1.11.0", "1.14.0", "2.2.0", "2.3.0"}},
      {Op::UNSORTED_SEGMENT_MAX, {"2.10.0"}},
      {Op::UNSORTED_SEGMENT_MIN, {"2.11.0"}},
      {Op::UNSORTED_SEGMENT_PROD, {"2.10.0"}},
      {Op::UNSORTED_SEGMENT_SUM, {"2.10.0"}},
      {Op::VAR_HANDLE, {"2.6.0"}},
      {Op::WHERE, {"1.14.0", "2.8.0"}},
      {Op::WHILE, {"1.15.0"}},
      {Op::ZEROS_LIKE, {"1.12.0"}},
  };
  return *table;
}

constexpr size_t kMetadataBufferSize = 16;

}  // namespace

std::string RuntimeVersionOf(tflite::BuiltinOperator op, int version) {
  if (version < 1) return "";
  for (const OpRuntimeVersions& row : Table()) {
    if (row.op != op) continue;
    if (static_cast<size_t>(version) > row.by_version.size()) return "";
    return row.by_version[version - 1];
  }
  return "";
}

bool RuntimeVersionOlder(const std::string& a, const std::string& b) {
  const std::vector<std::string> pa = absl::StrSplit(a, '.', absl::SkipEmpty());
  const std::vector<std::string> pb = absl::StrSplit(b, '.', absl::SkipEmpty());
  for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
    int va = 0, vb = 0;
    if (!absl::SimpleAtoi(pa[i], &va) || !absl::SimpleAtoi(pb[i], &vb)) continue;
    if (va != vb) return va < vb;
  }
  return pa.size() < pb.size();  // "2.1" is older than "2.1.1"
}

std::string MinRuntimeVersion(const TflModel& model) {
  std::string newest;
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflOperator& op : g.operators) {
      if (op.opcode_index >= model.operator_codes.size()) continue;
      const TflOperatorCode& code = model.operator_codes[op.opcode_index];
      std::string v = RuntimeVersionOf(code.builtin_code, code.version);
      if (!v.empty() && RuntimeVersionOlder(newest, v)) newest = v;
    }
  }
  return newest;
}

void SetMinRuntimeVersionMetadata(TflModel& model) {
  const std::string version = MinRuntimeVersion(model);
  std::string bytes(kMetadataBufferSize, '\0');
  if (version.size() < kMetadataBufferSize) std::memcpy(&bytes[0], version.data(), version.size());
  const uint32_t buffer = model.AddBuffer(ByteBuffer::FromString(std::move(bytes)));
  for (auto& [name, index] : model.metadata) {
    if (name == kMinRuntimeVersionMetadata) {
      index = buffer;  // the old buffer stays (unreferenced) for a later dedupe pass to drop
      return;
    }
  }
  model.metadata.emplace_back(kMinRuntimeVersionMetadata, buffer);
}

}  // namespace tfconv
