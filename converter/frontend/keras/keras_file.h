// ReadKerasModelFile: a Keras model file, whichever format it is in, as its architecture (the config
// JSON) and its weights by layer:
//   - an H5 file written by tf.keras / Keras 2 (`model.save("m.h5")`): root attribute `model_config`,
//     weights under /model_weights/<layer>, named by the `weight_names` attribute;
//   - a Keras 3 `.keras` archive: config.json and model.weights.h5, whose weights are numbered under
//     layers/<class key>/vars/<i> (named by the layer builders' variable_names).
//
//   absl::StatusOr<KerasModelFile> f = ReadKerasModelFile("resnet.h5");
//   f->config;            // {"class_name": "Functional", "config": {...}}
//   f->keras_version;     // "2.4.0"
//   BuildKerasGraph(f->config, *f->weights, registry);
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_KERAS_FILE_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_KERAS_FILE_H_

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "converter/frontend/keras/keras_graph.h"

namespace tfconv {

struct KerasModelFile {
  nlohmann::json config;
  std::string keras_version;  // as the file records it; empty if it does not
  std::unique_ptr<KerasWeightSource> weights;
};

absl::StatusOr<KerasModelFile> ReadKerasModelFile(const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_KERAS_FILE_H_
