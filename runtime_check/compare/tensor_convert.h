// Conversions between the converter's host Tensor (TF element types, int64 dims) and the reference
// interpreter's RtTensor (TFLite element types, int32 dims), so values can cross between the source-
// graph evaluator and the interpreter (feeding the same inputs to both, comparing their outputs).
//
//   absl::StatusOr<RtTensor> rt = ToRtTensor(Tensor::FromVector<float>({2}, {1, 2}));
//   absl::StatusOr<Tensor> back = ToTensor(*rt);            // float32[2]
//   // A quantized interpreter tensor keeps its parameters on the RtTensor side only:
//   TflQuantization q;  q.scale = {0.5f};  q.zero_point = {3};
//   absl::StatusOr<RtTensor> qt = ToRtTensor(int8_tensor, &q);   // `q` must outlive `qt`
//
// Strings are re-encoded (a host Tensor holds a list of strings, an RtTensor TFLite's offset
// table). Resources and variants are refused, and so are element types only one side has
// (bfloat16, the TF q* types, TFLite INT4...).
#ifndef TFCONV_RUNTIME_CHECK_COMPARE_TENSOR_CONVERT_H_
#define TFCONV_RUNTIME_CHECK_COMPARE_TENSOR_CONVERT_H_

#include "absl/status/statusor.h"
#include "converter/graph/tensor.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// A read-only RtTensor over the same bytes (no copy; strings are copied into TFLite's layout).
// `quantization`, when given, is attached as the tensor's parameters (RtTensor only points to it).
// Dimensions must fit in int32.
absl::StatusOr<RtTensor> ToRtTensor(const Tensor& tensor, const TflQuantization* quantization = nullptr);

// A Tensor holding a copy of the RtTensor's values (quantized values stay the raw integers).
absl::StatusOr<Tensor> ToTensor(const RtTensor& tensor);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_COMPARE_TENSOR_CONVERT_H_
