// Cast: element-wise type conversion between the numeric types and bool.
//
// Reference semantics: to bool is "!= 0"; from bool gives 0 or 1; integer to integer wraps like a
// C++ conversion; float to integer truncates toward zero, with NaN giving 0 and values beyond the
// target range saturating (TensorFlow leaves those undefined; this is the defined choice).
// Lowering: CAST without options, as the official converter writes it; a cast to the same type is
// no operation (the converter's RemoveShapeOnlyCast) and forwards its input.
#include <cmath>
#include <limits>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

// Like VisitNumeric, with bool included.
template <typename Fn>
bool VisitCastable(DataType type, Fn&& fn) {
  if (type == DataType::kBool) {
    fn(bool{});
    return true;
  }
  return VisitNumeric(type, fn);
}

// How elements of T sit in a Tensor (bools are bytes).
template <typename T>
using Stored = std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>;

template <typename Dst, typename Src>
Stored<Dst> Convert(Stored<Src> v) {
  if constexpr (std::is_same_v<Dst, bool>) {
    return v != 0 ? 1 : 0;
  } else if constexpr (std::is_same_v<Src, bool>) {
    return static_cast<Dst>(v != 0 ? 1 : 0);
  } else if constexpr (std::is_floating_point_v<Src> && std::is_integral_v<Dst>) {
    if (std::isnan(v)) return 0;
    // Compare in long double: the integer limits are exact there, so no bound rounds inward.
    const long double x = static_cast<long double>(v);
    if (x <= static_cast<long double>(std::numeric_limits<Dst>::lowest()))
      return std::numeric_limits<Dst>::lowest();
    if (x >= static_cast<long double>(std::numeric_limits<Dst>::max()))
      return std::numeric_limits<Dst>::max();
    return static_cast<Dst>(v);
  } else {
    return static_cast<Dst>(v);
  }
}

template <typename Src, typename Dst>
Tensor CastTyped(const Tensor& in, DataType dst_type) {
  Tensor out = Tensor::Zeros(dst_type, in.shape());
  if (in.NumElements() == 0) return out;
  absl::Span<const Stored<Src>> src = in.data<Stored<Src>>();
  absl::Span<Stored<Dst>> dst = out.mutable_data<Stored<Dst>>();
  for (size_t i = 0; i < src.size(); ++i) dst[i] = Convert<Dst, Src>(src[i]);
  return out;
}

absl::StatusOr<DataType> DstType(const Node& node) { return GetAttr<DataType>(node, "DstT"); }

absl::Status InferCast(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType dst, DstType(c.node()));
  c.set_output(0, dst, c.input_shape(0));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalCast(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType dst, DstType(c.node()));
  const Tensor& in = c.input(0);
  if (in.dtype() == dst) return std::vector<Tensor>{in};
  std::optional<Tensor> out;
  VisitCastable(in.dtype(), [&](auto src_zero) {
    VisitCastable(dst,
                  [&](auto dst_zero) { out = CastTyped<decltype(src_zero), decltype(dst_zero)>(in, dst); });
  });
  if (!out.has_value()) {
    return NodeUnsupported(c.node(), absl::StrCat("no reference kernel for casting ",
                                                  DataTypeName(in.dtype()), " to ", DataTypeName(dst)));
  }
  return std::vector<Tensor>{*std::move(out)};
}

absl::Status LowerCast(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  const DataType src = c.input_type(0), dst = c.output_type(0);
  if (src == dst) return c.ForwardOutput(0, in);
  for (DataType t : {src, dst}) {
    if (!TfliteTypeOf(t).has_value()) {
      return c.Unsupported(absl::StrCat("TFLite has no tensor type for ", DataTypeName(t)));
    }
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(tflite::BuiltinOperator::CAST, {in}, {out});
  return absl::OkStatus();
}

}  // namespace

void RegisterCastOps(OpRegistry& registry) {
  OpRegistration cast;
  cast.op = "Cast";
  cast.infer = InferCast;
  cast.evaluate = EvalCast;
  cast.lower = LowerCast;
  cast.tflite_ops = {"CAST"};
  registry.Add(std::move(cast));
}

}  // namespace array
}  // namespace tfconv
