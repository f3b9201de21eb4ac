// Lookup tables of the quantized activation kernels, filled as TFLite's LUTPopulate fills them.
//   8-bit: one entry per input value; the entry of value v is at index uint8_t(v).
//   16-bit: 513 samples over the input range; a lookup interpolates between two of them with the
//   low 7 bits of the input.
//
//   uint8_t lut[256];
//   PopulateLut8(/*is_signed=*/true, in_scale, in_zp, 1.f / 256, -128,
//                [](float x) { return 1.f / (1.f + std::exp(-x)); }, lut);
//   int8_t y = static_cast<int8_t>(lut[static_cast<uint8_t>(x)]);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ACTIVATION_LUT_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ACTIVATION_LUT_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {
namespace activation {

inline constexpr int kLut16Size = 513;

// f is applied to dequantized inputs in float; results are rounded, shifted by the output zero
// point and clamped to the type (int8 when is_signed, else uint8).
void PopulateLut8(bool is_signed, float input_scale, int32_t input_zero_point, float output_scale,
                  int32_t output_zero_point, const std::function<float(float)>& f, uint8_t lut[256]);

// The int16 table with TFLite's midpoint bias correction, computed in FloatT (float for most ops;
// the int16 softmax tables use double).
void PopulateLut16(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                   const std::function<float(float)>& f, int16_t lut[kLut16Size]);
void PopulateLut16(double input_scale, int32_t input_zero_point, double output_scale, int32_t output_zero_point,
                   const std::function<double(double)>& f, int16_t lut[kLut16Size]);

int16_t LookupLut16(int16_t value, const int16_t lut[kLut16Size]);

// y = f(x) elementwise for per-tensor quantized uint8/int8 x and y (y already sized), through the
// table PopulateLut8 fills from their quantization parameters.
absl::Status ApplyLut8(KernelContext& c, float (*f)(float), const RtTensor& x, RtTensor& y);

}  // namespace activation
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ACTIVATION_LUT_H_
