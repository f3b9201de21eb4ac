// Reference math of the TF activation ops, written for clarity: each scalar function is the
// formula TensorFlow documents, evaluated in double (the float32 result is then within an ulp of
// the exact value, at least as close as TensorFlow's own float kernels).
//
//   double y = SigmoidRef(0.0, 0.0);                       // 0.5
//   absl::StatusOr<Tensor> out = ApplyElementwise(x, TanhRef, 0.0, nullptr);
//   absl::StatusOr<Tensor> p = SoftmaxLastAxis(logits, /*log=*/false);
#ifndef TFCONV_PLUGINS_ACTIVATION_ACTIVATION_KERNELS_H_
#define TFCONV_PLUGINS_ACTIVATION_ACTIVATION_KERNELS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "converter/graph/tensor.h"

namespace tfconv {
namespace activation {

// A scalar activation; `alpha` is the op's parameter where it has one (LeakyRelu), else unused.
using ScalarFn = double (*)(double x, double alpha);
// The same on integers (Relu, Relu6 accept integer tensors in TensorFlow).
using IntegerFn = int64_t (*)(int64_t x);

double ReluRef(double x, double alpha);
double Relu6Ref(double x, double alpha);
double EluRef(double x, double alpha);
double SeluRef(double x, double alpha);
double LeakyReluRef(double x, double alpha);
double SigmoidRef(double x, double alpha);
double TanhRef(double x, double alpha);
double SoftplusRef(double x, double alpha);
double SoftsignRef(double x, double alpha);

int64_t ReluInt(int64_t x);
int64_t Relu6Int(int64_t x);

// Applies `fn` to every element of a float32 or float64 tensor, or `int_fn` (when given) to every
// element of an 8-64 bit integer tensor. Other types: kUnimplemented.
absl::StatusOr<Tensor> ApplyElementwise(const Tensor& x, ScalarFn fn, double alpha, IntegerFn int_fn);

// Softmax (or log-softmax) over the last axis of a float32/float64 tensor of rank >= 1, computed
// as exp(x - max) / sum(exp(x - max)) so that large logits do not overflow.
absl::StatusOr<Tensor> SoftmaxLastAxis(const Tensor& x, bool log);

}  // namespace activation
}  // namespace tfconv

#endif  // TFCONV_PLUGINS_ACTIVATION_ACTIVATION_KERNELS_H_
