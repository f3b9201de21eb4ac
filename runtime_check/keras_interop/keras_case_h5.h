// Writes a Keras interop case as a Keras 2 H5 model file (what tf.keras 2.4 `model.save("m.h5")` writes:
// root attributes model_config, keras_version, backend; the weights under /model_weights). Test-only.
//
//   WriteKerasCaseH5(keras_case, GenerateWeights(spec), "out/model.h5");
#ifndef TFCONV_RUNTIME_CHECK_KERAS_INTEROP_KERAS_CASE_H5_H_
#define TFCONV_RUNTIME_CHECK_KERAS_INTEROP_KERAS_CASE_H5_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "runtime_check/keras_interop/keras_case.h"

namespace tfconv {

absl::Status WriteKerasCaseH5(const KerasCase& c, const std::vector<LayerTensors>& weights, const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERAS_INTEROP_KERAS_CASE_H5_H_
