#include "plugins/nn/reference_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tfconv {
namespace {

// Row-major offset into an [N, H, W, C] tensor.
struct Nhwc {
  int64_t n, h, w, c;
  explicit Nhwc(const std::vector<int64_t>& s) : n(s[0]), h(s[1]), w(s[2]), c(s[3]) {}
  int64_t At(int64_t b, int64_t y, int64_t x, int64_t ch) const { return ((b * h + y) * w + x) * c + ch; }
};

}  // namespace

template <typename T>
Tensor Conv2DReference(const Tensor& input, const Tensor& filter, const Window2D& g) {
  const Nhwc in(input.shape());
  const int64_t kh = filter.dim(0), kw = filter.dim(1), cf = filter.dim(2), co = filter.dim(3);
  const int64_t groups = in.c / cf;
  const int64_t co_per_group = co / groups;
  Tensor out = Tensor::Zeros(DataTypeOf<T>(), {in.n, g.h.out, g.w.out, co});
  const Nhwc o(out.shape());
  auto x = input.data<T>();
  auto f = filter.data<T>();
  auto y = out.mutable_data<T>();
  for (int64_t b = 0; b < in.n; ++b) {
    for (int64_t oy = 0; oy < g.h.out; ++oy) {
      for (int64_t ox = 0; ox < g.w.out; ++ox) {
        for (int64_t oc = 0; oc < co; ++oc) {
          const int64_t group = oc / co_per_group;
          T sum = 0;
          for (int64_t ky = 0; ky < kh; ++ky) {
            const int64_t iy = oy * g.stride_h - g.h.pad_before + ky * g.dilation_h;
            if (iy < 0 || iy >= in.h) continue;
            for (int64_t kx = 0; kx < kw; ++kx) {
              const int64_t ix = ox * g.stride_w - g.w.pad_before + kx * g.dilation_w;
              if (ix < 0 || ix >= in.w) continue;
              for (int64_t ic = 0; ic < cf; ++ic) {
                sum += x[in.At(b, iy, ix, group * cf + ic)] * f[((ky * kw + kx) * cf + ic) * co + oc];
              }
            }
          }
          y[o.At(b, oy, ox, oc)] = sum;
        }
      }
    }
  }
  return out;
}

template <typename T>
Tensor DepthwiseConv2DReference(const Tensor& input, const Tensor& filter, const Window2D& g) {
  const Nhwc in(input.shape());
  const int64_t kh = filter.dim(0), kw = filter.dim(1), c = filter.dim(2), m = filter.dim(3);
  Tensor out = Tensor::Zeros(DataTypeOf<T>(), {in.n, g.h.out, g.w.out, c * m});
  const Nhwc o(out.shape());
  auto x = input.data<T>();
  auto f = filter.data<T>();
  auto y = out.mutable_data<T>();
  for (int64_t b = 0; b < in.n; ++b) {
    for (int64_t oy = 0; oy < g.h.out; ++oy) {
      for (int64_t ox = 0; ox < g.w.out; ++ox) {
        for (int64_t ic = 0; ic < c; ++ic) {
          for (int64_t q = 0; q < m; ++q) {
            T sum = 0;
            for (int64_t ky = 0; ky < kh; ++ky) {
              const int64_t iy = oy * g.stride_h - g.h.pad_before + ky * g.dilation_h;
              if (iy < 0 || iy >= in.h) continue;
              for (int64_t kx = 0; kx < kw; ++kx) {
                const int64_t ix = ox * g.stride_w - g.w.pad_before + kx * g.dilation_w;
                if (ix < 0 || ix >= in.w) continue;
                sum += x[in.At(b, iy, ix, ic)] * f[((ky * kw + kx) * c + ic) * m + q];
              }
            }
            y[o.At(b, oy, ox, ic * m + q)] = sum;
          }
        }
      }
    }
  }
  return out;
}

template <typename T>
Tensor Conv2DBackpropInputReference(const Tensor& out_backprop, const Tensor& filter,
                                    const std::vector<int64_t>& input_sizes, const Window2D& g) {
  const Nhwc grad(out_backprop.shape());
  const int64_t kh = filter.dim(0), kw = filter.dim(1), ci = filter.dim(2), co = filter.dim(3);
  Tensor out = Tensor::Zeros(DataTypeOf<T>(), input_sizes);
  const Nhwc in(out.shape());
  auto dy = out_backprop.data<T>();
  auto f = filter.data<T>();
  auto dx = out.mutable_data<T>();
  // Each forward product x[iy, ix, ic] * f[ky, kx, ic, oc] fed y[oy, ox, oc]; send the gradient back.
  for (int64_t b = 0; b < grad.n; ++b) {
    for (int64_t oy = 0; oy < grad.h; ++oy) {
      for (int64_t ox = 0; ox < grad.w; ++ox) {
        for (int64_t ky = 0; ky < kh; ++ky) {
          const int64_t iy = oy * g.stride_h - g.h.pad_before + ky * g.dilation_h;
          if (iy < 0 || iy >= in.h) continue;
          for (int64_t kx = 0; kx < kw; ++kx) {
            const int64_t ix = ox * g.stride_w - g.w.pad_before + kx * g.dilation_w;
            if (ix < 0 || ix >= in.w) continue;
            for (int64_t ic = 0; ic < ci; ++ic) {
              for (int64_t oc = 0; oc < co; ++oc) {
                dx[in.At(b, iy, ix, ic)] +=
                    dy[grad.At(b, oy, ox, oc)] * f[((ky * kw + kx) * ci + ic) * co + oc];
              }
            }
          }
        }
      }
    }
  }
  return out;
}

namespace {

// Visits every output of a 2-D pooling window: `reduce(b, oy, ox, c, visit)` gets a function that
// calls its argument with each input element inside the image (padding is skipped, not zero).
template <typename T, typename Reduce>
Tensor PoolReference(const Tensor& input, int64_t k_h, int64_t k_w, const Window2D& g, Reduce reduce) {
  const Nhwc in(input.shape());
  Tensor out = Tensor::Zeros(DataTypeOf<T>(), {in.n, g.h.out, g.w.out, in.c});
  const Nhwc o(out.shape());
  auto x = input.data<T>();
  auto y = out.mutable_data<T>();
  for (int64_t b = 0; b < in.n; ++b) {
    for (int64_t oy = 0; oy < g.h.out; ++oy) {
      for (int64_t ox = 0; ox < g.w.out; ++ox) {
        for (int64_t c = 0; c < in.c; ++c) {
          auto for_each_in_window = [&](auto&& visit) {
            for (int64_t ky = 0; ky < k_h; ++ky) {
              const int64_t iy = oy * g.stride_h - g.h.pad_before + ky;
              if (iy < 0 || iy >= in.h) continue;
              for (int64_t kx = 0; kx < k_w; ++kx) {
                const int64_t ix = ox * g.stride_w - g.w.pad_before + kx;
                if (ix < 0 || ix >= in.w) continue;
                visit(x[in.At(b, iy, ix, c)]);
              }
            }
          };
          y[o.At(b, oy, ox, c)] = reduce(for_each_in_window);
        }
      }
    }
  }
  return out;
}

}  // namespace

template <typename T>
Tensor MaxPoolReference(const Tensor& input, int64_t k_h, int64_t k_w, const Window2D& g) {
  return PoolReference<T>(input, k_h, k_w, g, [](auto&& for_each_in_window) {
    T best = std::numeric_limits<T>::lowest();
    for_each_in_window([&](T v) { best = std::max(best, v); });
    return best;
  });
}

// TF divides by the number of elements inside the image, so SAME borders average fewer values.
template <typename T>
Tensor AvgPoolReference(const Tensor& input, int64_t k_h, int64_t k_w, const Window2D& g) {
  return PoolReference<T>(input, k_h, k_w, g, [](auto&& for_each_in_window) {
    T sum = 0;
    int64_t count = 0;
    for_each_in_window([&](T v) {
      sum += v;
      ++count;
    });
    return count > 0 ? sum / static_cast<T>(count) : T(0);
  });
}

template <typename T>
Tensor BatchMatMulReference(const Tensor& x, const Tensor& y, bool adj_x, bool adj_y) {
  const int rx = x.rank(), ry = y.rank();
  const int64_t m = adj_x ? x.dim(rx - 1) : x.dim(rx - 2);
  const int64_t k = adj_x ? x.dim(rx - 2) : x.dim(rx - 1);
  const int64_t n = adj_y ? y.dim(ry - 2) : y.dim(ry - 1);
  // Batch dimensions, right-aligned and broadcast.
  const int rb = std::max(rx, ry) - 2;
  std::vector<int64_t> xb(rb, 1), yb(rb, 1), ob(rb);
  for (int i = 0; i < rx - 2; ++i) xb[rb - (rx - 2) + i] = x.dim(i);
  for (int i = 0; i < ry - 2; ++i) yb[rb - (ry - 2) + i] = y.dim(i);
  for (int i = 0; i < rb; ++i) ob[i] = std::max(xb[i], yb[i]);
  std::vector<int64_t> out_shape = ob;
  out_shape.push_back(m);
  out_shape.push_back(n);
  Tensor out = Tensor::Zeros(DataTypeOf<T>(), out_shape);
  int64_t batches = 1;
  for (int64_t d : ob) batches *= d;

  auto a = x.data<T>();
  auto b = y.data<T>();
  auto c = out.mutable_data<T>();
  std::vector<int64_t> index(rb, 0);
  for (int64_t batch = 0; batch < batches; ++batch) {
    // Matrix offsets of this batch in x and y (a size-1 dimension repeats).
    int64_t xo = 0, yo = 0;
    for (int i = 0; i < rb; ++i) {
      xo = xo * xb[i] + (xb[i] == 1 ? 0 : index[i]);
      yo = yo * yb[i] + (yb[i] == 1 ? 0 : index[i]);
    }
    const T* xa = a.data() + xo * m * k;
    const T* yb_ = b.data() + yo * k * n;
    T* cc = c.data() + batch * m * n;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        T sum = 0;
        for (int64_t p = 0; p < k; ++p) {
          const T lhs = adj_x ? xa[p * m + i] : xa[i * k + p];
          const T rhs = adj_y ? yb_[j * k + p] : yb_[p * n + j];
          sum += lhs * rhs;
        }
        cc[i * n + j] = sum;
      }
    }
    for (int i = rb - 1; i >= 0; --i) {
      if (++index[i] < ob[i]) break;
      index[i] = 0;
    }
  }
  return out;
}

template <typename T>
Tensor BiasAddReference(const Tensor& value, const Tensor& bias, int channel_axis) {
  Tensor out = Tensor::Zeros(DataTypeOf<T>(), value.shape());
  int64_t inner = 1;
  for (int i = channel_axis + 1; i < value.rank(); ++i) inner *= value.dim(i);
  const int64_t channels = value.dim(channel_axis);
  auto v = value.data<T>();
  auto bv = bias.data<T>();
  auto y = out.mutable_data<T>();
  for (int64_t i = 0; i < value.NumElements(); ++i) y[i] = v[i] + bv[(i / inner) % channels];
  return out;
}

template <typename T>
Tensor LrnReference(const Tensor& x, int64_t radius, double bias, double alpha, double beta) {
  Tensor out = Tensor::Zeros(DataTypeOf<T>(), x.shape());
  const int64_t channels = x.dim(x.rank() - 1);
  auto in = x.data<T>();
  auto y = out.mutable_data<T>();
  for (int64_t base = 0; base < x.NumElements(); base += channels) {
    for (int64_t c = 0; c < channels; ++c) {
      double sqr_sum = 0;
      for (int64_t j = std::max<int64_t>(0, c - radius); j <= std::min(channels - 1, c + radius); ++j) {
        sqr_sum += double{in[base + j]} * double{in[base + j]};
      }
      y[base + c] = static_cast<T>(double{in[base + c]} / std::pow(bias + alpha * sqr_sum, beta));
    }
  }
  return out;
}

Tensor BatchNormInferenceReference(const Tensor& x, const Tensor& scale, const Tensor& offset,
                                   const Tensor& mean, const Tensor& variance, double epsilon,
                                   int channel_axis) {
  Tensor out = Tensor::Zeros(DataType::kFloat, x.shape());
  int64_t inner = 1;
  for (int i = channel_axis + 1; i < x.rank(); ++i) inner *= x.dim(i);
  const int64_t channels = x.dim(channel_axis);
  auto xv = x.data<float>();
  auto sc = scale.data<float>();
  auto of = offset.data<float>();
  auto mu = mean.data<float>();
  auto var = variance.data<float>();
  auto y = out.mutable_data<float>();
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    const int64_t c = (i / inner) % channels;
    const double normalized = (double{xv[i]} - mu[c]) / std::sqrt(double{var[c]} + epsilon);
    y[i] = static_cast<float>(normalized * sc[c] + of[c]);
  }
  return out;
}

#define TFCONV_INSTANTIATE_FLOAT_KERNELS(T)                                                        \
  template Tensor Conv2DReference<T>(const Tensor&, const Tensor&, const Window2D&);              \
  template Tensor DepthwiseConv2DReference<T>(const Tensor&, const Tensor&, const Window2D&);     \
  template Tensor Conv2DBackpropInputReference<T>(const Tensor&, const Tensor&,                   \
                                                  const std::vector<int64_t>&, const Window2D&);  \
  template Tensor MaxPoolReference<T>(const Tensor&, int64_t, int64_t, const Window2D&);          \
  template Tensor AvgPoolReference<T>(const Tensor&, int64_t, int64_t, const Window2D&);          \
  template Tensor LrnReference<T>(const Tensor&, int64_t, double, double, double);
TFCONV_INSTANTIATE_FLOAT_KERNELS(float)
TFCONV_INSTANTIATE_FLOAT_KERNELS(double)
#undef TFCONV_INSTANTIATE_FLOAT_KERNELS

#define TFCONV_INSTANTIATE_ARITHMETIC_KERNELS(T)                                 \
  template Tensor BatchMatMulReference<T>(const Tensor&, const Tensor&, bool, bool); \
  template Tensor BiasAddReference<T>(const Tensor&, const Tensor&, int);
TFCONV_INSTANTIATE_ARITHMETIC_KERNELS(float)
TFCONV_INSTANTIATE_ARITHMETIC_KERNELS(double)
TFCONV_INSTANTIATE_ARITHMETIC_KERNELS(int32_t)
TFCONV_INSTANTIATE_ARITHMETIC_KERNELS(int64_t)
#undef TFCONV_INSTANTIATE_ARITHMETIC_KERNELS

}  // namespace tfconv
