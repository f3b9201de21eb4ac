#include "plugins/nn/tensor_transforms.h"

#include <cstring>

namespace tfconv {
namespace {

std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

}  // namespace

namespace {

// Copies with the innermost output dimension as a strided loop over the input; the outer index
// advances like an odometer. T is an element-sized unsigned type, so any dtype moves as raw bits.
template <typename T>
void PermuteElements(const T* src, T* dst, const std::vector<int64_t>& out_shape,
                     const std::vector<int64_t>& step) {
  const int rank = static_cast<int>(out_shape.size());
  const int64_t inner = out_shape[rank - 1];
  const int64_t inner_step = step[rank - 1];
  int64_t outer = 1;
  for (int i = 0; i < rank - 1; ++i) outer *= out_shape[i];
  std::vector<int64_t> index(rank, 0);
  int64_t base = 0;  // input offset of the current outer index
  for (int64_t o = 0; o < outer; ++o) {
    const T* s = src + base;
    for (int64_t k = 0; k < inner; ++k) dst[k] = s[k * inner_step];
    dst += inner;
    for (int i = rank - 2; i >= 0; --i) {
      base += step[i];
      if (++index[i] < out_shape[i]) break;
      base -= step[i] * out_shape[i];
      index[i] = 0;
    }
  }
}

}  // namespace

Tensor Permute(const Tensor& t, const std::vector<int>& perm) {
  const int rank = t.rank();
  std::vector<int64_t> out_shape(rank);
  for (int i = 0; i < rank; ++i) out_shape[i] = t.dim(perm[i]);
  Tensor out = Tensor::Uninitialized(t.dtype(), out_shape);
  if (rank == 0 || out.NumElements() == 0) return t.Reshaped(out_shape);
  const std::vector<int64_t> in_strides = RowMajorStrides(t.shape());
  // Input stride of each output dimension.
  std::vector<int64_t> step(rank);
  for (int i = 0; i < rank; ++i) step[i] = in_strides[perm[i]];
  const uint8_t* src = t.bytes().data();
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  switch (DataTypeSize(t.dtype())) {
    case 1: PermuteElements(src, dst, out_shape, step); break;
    case 2: PermuteElements(reinterpret_cast<const uint16_t*>(src), reinterpret_cast<uint16_t*>(dst), out_shape, step); break;
    case 4: PermuteElements(reinterpret_cast<const uint32_t*>(src), reinterpret_cast<uint32_t*>(dst), out_shape, step); break;
    case 8: PermuteElements(reinterpret_cast<const uint64_t*>(src), reinterpret_cast<uint64_t*>(dst), out_shape, step); break;
    default: {  // 16-byte complex128
      struct Pair { uint64_t a, b; };
      PermuteElements(reinterpret_cast<const Pair*>(src), reinterpret_cast<Pair*>(dst), out_shape, step);
    }
  }
  return out;
}

Tensor ConvFilterHwioToOhwi(const Tensor& hwio) { return Permute(hwio, {3, 0, 1, 2}); }

Tensor DepthwiseFilterToTflite(const Tensor& hwcm) {
  return hwcm.Reshaped({1, hwcm.dim(0), hwcm.dim(1), hwcm.dim(2) * hwcm.dim(3)});
}

Tensor TransposeConvFilterToTflite(const Tensor& hwoi) { return Permute(hwoi, {2, 0, 1, 3}); }

Tensor TransposeMatrix(const Tensor& m) { return Permute(m, {1, 0}); }

Tensor NchwToNhwc(const Tensor& t) { return Permute(t, {0, 2, 3, 1}); }

Tensor NhwcToNchw(const Tensor& t) { return Permute(t, {0, 3, 1, 2}); }

}  // namespace tfconv
