// The built-in table of output arguments (facts from the op registrations of
// tensorflow/core/ops/*.cc). It is data: one row per group or op, parsed once on first use.
// An op missing here is reported, not guessed; a MetaGraphDef's stripped_op_list can supply it.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"
#include "converter/frontend/functions/output_args.h"

namespace tfconv {
namespace {

// Ops with exactly one output argument holding one tensor, grouped by that argument's name.
struct SingleOutputGroup {
  const char* arg;
  const char* ops;  // space separated
};

constexpr SingleOutputGroup kSingleOutputOps[] = {
    {"y",
     "Abs Acos Acosh Asin Asinh Atan Atanh Cast Ceil ComplexAbs ConjugateTranspose Cos Cosh Digamma "
     "Erf Erfc Erfinv Exp Expm1 Floor Inv Invert InvertPermutation IsFinite IsInf IsNan Lgamma Log "
     "Log1p LogicalNot Ndtri Neg OnesLike Reciprocal Rint Round Rsqrt Sigmoid Sign Sin Sinh Sqrt "
     "Square Tan Tanh Transpose ZerosLike"},
    {"z",
     "Add AddV2 ApproximateEqual Atan2 BitwiseAnd BitwiseOr BitwiseXor Div DivNoNan Equal FloorDiv "
     "FloorMod Greater GreaterEqual Igamma Igammac LeftShift Less LessEqual LogicalAnd LogicalOr "
     "Maximum Minimum Mod Mul MulNoNan NotEqual Polygamma Pow RealDiv RightShift Sub "
     "SquaredDifference TruncateDiv TruncateMod Xdivy Xlog1py Xlogy Zeta"},
    {"activations", "Elu LeakyRelu Relu Relu6 Selu Softplus Softsign"},
    {"softmax", "Softmax"},
    {"logsoftmax", "LogSoftmax"},
    {"product", "MatMul SparseMatMul SparseTensorDenseMatMul"},
    {"sum", "AccumulateNV2 AddN"},
    {"out", "Complex Cumprod Cumsum CumulativeLogsumexp HistogramFixedWidth"},
    {"index", "Where"},
    {"resized_images", "ResizeArea ResizeBicubic ResizeBilinear ResizeNearestNeighbor ScaleAndTranslate"},
    {"crops", "CropAndResize"},
    {"patches", "ExtractImagePatches ExtractVolumePatches"},
    {"selected_indices",
     "NonMaxSuppression NonMaxSuppressionV2 NonMaxSuppressionV3 NonMaxSuppressionWithOverlaps"},
    {"band", "MatrixBandPart"},
    {"diagonal", "MatrixDiagPart MatrixDiagPartV2 MatrixDiagPartV3"},
    {"r0", "BroadcastArgs"},
    {"merged", "DynamicStitch ParallelDynamicStitch"},
    {"precision", "InTopK InTopKV2"},
    {"value", "ReadVariableOp TensorArrayGatherV3 TensorArrayReadV3"},
    {"resource", "VarHandleOp"},
    {"is_initialized", "IsVariableInitialized VarIsInitializedOp"},
    {"ref", "TemporaryVariable Variable VariableV2"},
    {"output_ref", "Assign AssignAdd AssignSub ScatterAdd ScatterNdUpdate ScatterUpdate"},
    {"filename", "ShardedFilename ShardedFilespec"},
    {"tensor", "Restore RestoreSlice TensorListStack"},
    {"flow_out", "TensorArrayScatterV3 TensorArrayWriteV3"},
    {"size", "LookupTableSizeV2 TensorArraySizeV3"},
    {"values", "LookupTableFindV2 TensorListGather"},
    {"table_handle",
     "HashTableV2 MutableDenseHashTableV2 MutableHashTableOfTensorsV2 MutableHashTableV2"},
    {"output_handle",
     "TensorListFromTensor TensorListPushBack TensorListResize TensorListScatterIntoExistingList "
     "TensorListScatterV2 TensorListSetItem TensorListSplit"},
    {"handle", "EmptyTensorList TensorListReserve"},
    {"item", "TensorListGetItem"},
    {"length", "TensorListLength"},
    {"element_shape", "TensorListElementShape"},
    {"outputs", "FakeQuantWithMinMaxArgs FakeQuantWithMinMaxVars FakeQuantWithMinMaxVarsPerChannel"},
    {"dense", "SparseToDense"},
    {"image", "DecodeBmp DecodeGif DecodeImage DecodeJpeg DecodePng"},
    {"contents", "EncodeJpeg EncodePng"},
    {"spectrogram", "AudioSpectrogram"},
    {"output",
     // nn
     "AvgPool AvgPool3D BiasAdd BiasAddV1 Conv2D Conv2DBackpropFilter Conv2DBackpropInput Conv3D "
     "Conv3DBackpropInputV2 DepthwiseConv2dNative DepthwiseConv2dNativeBackpropInput L2Loss LRN "
     "MaxPool MaxPool3D MaxPoolV2 "
     // reductions and indices
     "All Any ArgMax ArgMin EuclideanNorm Max Mean Min Prod Sum "
     // shapes and layout
     "BatchToSpace BatchToSpaceND BroadcastTo Concat ConcatV2 DepthToSpace Empty ExpandDims Fill "
     "MirrorPad OneHot Pack Pad PadV2 Rank Reshape ReverseSequence ReverseV2 Roll Shape Size Slice "
     "SpaceToBatch SpaceToBatchND SpaceToDepth Squeeze StridedSlice StridedSliceGrad Tile "
     // gathers and scatters
     "Gather GatherNd GatherV2 ResourceGather ResourceGatherNd ScatterNd TensorScatterAdd "
     "TensorScatterMax TensorScatterMin TensorScatterSub TensorScatterUpdate "
     // segments
     "SegmentMax SegmentMean SegmentMin SegmentProd SegmentSum SparseSegmentMean SparseSegmentSqrtN "
     "SparseSegmentSum UnsortedSegmentMax UnsortedSegmentMin UnsortedSegmentProd UnsortedSegmentSum "
     // math
     "Angle BatchMatMul BatchMatMulV2 BatchMatMulV3 Bucketize Cholesky ClipByValue Conj Einsum FFT "
     "FFT2D IFFT IFFT2D IRFFT IRFFT2D Imag LinSpace LowerBound MatrixDeterminant MatrixDiag "
     "MatrixDiagV2 MatrixDiagV3 MatrixInverse MatrixSetDiag MatrixSetDiagV2 MatrixSetDiagV3 "
     "MatrixSolve MatrixTriangularSolve RFFT RFFT2D Range Real Select SelectV2 UpperBound "
     // random
     "Multinomial RandomStandardNormal RandomUniform RandomUniformInt StatelessMultinomial "
     "StatelessRandomNormal StatelessRandomNormalV2 StatelessRandomUniform StatelessRandomUniformInt "
     "StatelessRandomUniformV2 StatelessTruncatedNormal TruncatedNormal "
     // quantization
     "Dequantize QuantizeAndDequantize QuantizeAndDequantizeV2 QuantizeAndDequantizeV3 "
     "QuantizeAndDequantizeV4 "
     // images and audio
     "AdjustContrastv2 AdjustHue AdjustSaturation HSVToRGB Mfcc RGBToHSV "
     // graph plumbing
     "Bitcast CheckNumerics CheckNumericsV2 Const EnsureShape Enter Exit Identity LoopCond "
     "NextIteration Placeholder PlaceholderV2 PlaceholderWithDefault PreventGradient Print RefEnter "
     "RefExit RefNextIteration Snapshot StopGradient "
     // strings
     "AsString DecodeBase64 DecodeRaw EncodeBase64 ReduceJoin RegexFullMatch RegexReplace "
     "StaticRegexFullMatch StaticRegexReplace StringFormat StringJoin StringLength StringLower "
     "StringStrip StringToHashBucket StringToHashBucketFast StringToHashBucketStrong StringToNumber "
     "StringUpper Substr"},
};

// Ops without outputs: a data reference to them is an error.
constexpr const char* kNoOutputOps =
    "Abort Assert AssignAddVariableOp AssignSubVariableOp AssignVariableOp ControlTrigger "
    "DestroyResourceOp DisableCopyOnRead InitializeTableFromTextFileV2 InitializeTableV2 "
    "MergeV2Checkpoints NoOp PrintV2 Save SaveSlices SaveV2";

// Ops with several output arguments, or one whose length an attr gives. Arguments in order:
// "name" is one tensor, "name*attr" a list of attr (int) tensors, "name@attr" one tensor per type
// in the list(type) attr.
struct MultiOutputOp {
  const char* ops;   // space separated, all with the same arguments
  const char* args;  // space separated
};

constexpr MultiOutputOp kMultiOutputOps[] = {
    {"FusedBatchNorm FusedBatchNormV2",
     "y batch_mean batch_variance reserve_space_1 reserve_space_2"},
    {"FusedBatchNormV3",
     "y batch_mean batch_variance reserve_space_1 reserve_space_2 reserve_space_3"},
    {"Unique UniqueV2", "y idx"},
    {"UniqueWithCounts UniqueWithCountsV2", "y idx count"},
    {"ApproxTopK TopK TopKV2", "values indices"},
    {"RefSwitch Switch", "output_false output_true"},
    {"Merge RefMerge", "output value_index"},
    {"Split SplitV", "output*num_split"},
    {"Unpack", "output*num"},
    {"ShapeN", "output*N"},
    {"ConcatOffset", "offset*N"},
    {"DynamicPartition", "outputs*num_partitions"},
    {"IdentityN", "output@T"},
    {"Case If PartitionedCall RemoteCall StatefulPartitionedCall StatelessCase StatelessIf "
     "SymbolicGradient",
     "output@Tout"},
    {"StatelessWhile While", "output@T"},
    {"BatchFunction", "out_tensors@Tout"},
    {"RestoreV2", "tensors@dtypes"},
    {"DecodeCSV", "output@OUT_TYPE"},
    {"Svd", "s u v"},
    {"Qr", "q r"},
    {"Eig SelfAdjointEigV2", "e v"},
    {"BroadcastGradientArgs", "r0 r1"},
    {"ListDiff", "out idx"},
    {"NonMaxSuppressionV4", "selected_indices valid_outputs"},
    {"NonMaxSuppressionV5", "selected_indices selected_scores valid_outputs"},
    {"CombinedNonMaxSuppression", "nmsed_boxes nmsed_scores nmsed_classes valid_detections"},
    {"MaxPoolWithArgmax", "output argmax"},
    {"QuantizeV2 QuantizeDownAndShrinkRange QuantizedConcat QuantizedReshape Requantize",
     "output output_min output_max"},
    {"RequantizationRange", "output_min output_max"},
    {"QuantizedAvgPool QuantizedConv2D QuantizedMaxPool", "output min_output max_output"},
    {"QuantizedBiasAdd", "output min_out max_out"},
    {"QuantizedMatMul", "out min_out max_out"},
    {"QuantizedRelu QuantizedRelu6", "activations min_activations max_activations"},
    {"QuantizedAdd QuantizedMul", "z min_z max_z"},
    {"SparseReshape", "output_indices output_shape"},
    {"SparseFillEmptyRows", "output_indices output_values empty_row_indicator reverse_index_map"},
    {"SparseConcat SparseSlice", "output_indices output_values output_shape"},
    {"SparseAdd", "sum_indices sum_values sum_shape"},
    {"SparseReorder", "output_indices output_values"},
    {"DeserializeSparse", "sparse_indices sparse_values sparse_shape"},
    {"StringSplit StringSplitV2", "indices values shape"},
    {"StringNGrams", "ngrams ngrams_splits"},
    {"ParseExample",
     "sparse_indices*Nsparse sparse_values@sparse_types sparse_shapes*Nsparse dense_values@Tdense"},
    {"ParseSingleExample",
     "sparse_indices*num_sparse sparse_values@sparse_types sparse_shapes*num_sparse "
     "dense_values@Tdense"},
    {"ParseExampleV2",
     "sparse_indices*num_sparse sparse_values@sparse_types sparse_shapes*num_sparse "
     "dense_values@Tdense ragged_values@ragged_value_types ragged_row_splits@ragged_split_types"},
    {"DecodeWav", "audio sample_rate"},
    {"SampleDistortedBoundingBox SampleDistortedBoundingBoxV2", "begin size bboxes"},
    {"TensorArrayV3", "handle flow"},
    {"TensorArrayGradV3", "grad_handle flow_out"},
    {"TensorArrayConcatV3", "value lengths"},
    {"TensorListPopBack", "output_handle tensor"},
    {"TensorListConcat TensorListConcatV2", "tensor lengths"},
    {"BlockLSTM BlockLSTMV2 LSTMBlockCell", "i cs f o ci co h"},
    {"GRUBlockCell", "r u c h"},
};

OutputArg ParseArg(absl::string_view text) {
  OutputArg arg;
  size_t star = text.find('*');
  size_t at = text.find('@');
  if (star != absl::string_view::npos) {
    arg.name = std::string(text.substr(0, star));
    arg.kind = OutputArg::Kind::kNumberAttr;
    arg.attr = std::string(text.substr(star + 1));
  } else if (at != absl::string_view::npos) {
    arg.name = std::string(text.substr(0, at));
    arg.kind = OutputArg::Kind::kTypeListAttr;
    arg.attr = std::string(text.substr(at + 1));
  } else {
    arg.name = std::string(text);
  }
  return arg;
}

using Table = absl::flat_hash_map<std::string, std::vector<OutputArg>>;

struct ParsedTable {
  Table ops;
  std::vector<std::string> listed_twice;  // a typo in the data above; a test keeps it empty
};

const ParsedTable& Parsed() {
  static const ParsedTable* parsed = [] {
    auto* p = new ParsedTable();
    auto add = [p](absl::string_view op, std::vector<OutputArg> args) {
      if (!p->ops.emplace(std::string(op), std::move(args)).second) p->listed_twice.emplace_back(op);
    };
    for (const SingleOutputGroup& group : kSingleOutputOps) {
      for (absl::string_view op : absl::StrSplit(group.ops, ' ', absl::SkipEmpty())) {
        add(op, {ParseArg(group.arg)});
      }
    }
    for (absl::string_view op : absl::StrSplit(kNoOutputOps, ' ', absl::SkipEmpty())) add(op, {});
    for (const MultiOutputOp& row : kMultiOutputOps) {
      std::vector<OutputArg> args;
      for (absl::string_view a : absl::StrSplit(row.args, ' ', absl::SkipEmpty())) {
        args.push_back(ParseArg(a));
      }
      for (absl::string_view op : absl::StrSplit(row.ops, ' ', absl::SkipEmpty())) add(op, args);
    }
    return p;
  }();
  return *parsed;
}

const Table& BuiltinTable() { return Parsed().ops; }

}  // namespace

const std::vector<OutputArg>* BuiltinOutputArgs(absl::string_view op) {
  const Table& table = BuiltinTable();
  auto it = table.find(op);
  return it == table.end() ? nullptr : &it->second;
}

std::vector<std::string> BuiltinOutputArgOps() {
  std::vector<std::string> ops;
  for (const auto& [op, args] : BuiltinTable()) ops.push_back(op);
  std::sort(ops.begin(), ops.end());
  return ops;
}

std::vector<std::string> BuiltinOutputArgOpsListedTwice() { return Parsed().listed_twice; }

}  // namespace tfconv
