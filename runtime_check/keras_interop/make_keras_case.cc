// make_keras_case: one case of a Keras interop case file, made into the files both sides run.
//
//   make_keras_case CASES.json NAME OUTDIR [--specs specs.json]
//
// writes OUTDIR/model.h5 (a Keras 2 H5 model file, as tf.keras 2.4 saves one), OUTDIR/tfjs/model.json +
// weights.bin (the same model and weights for tfjs-layers) and OUTDIR/inputs.json (the inputs, in the
// validators' I/O format). The weights are deterministic (keras_case.h); their names and shapes come
// from the case's "weights"/"weight_shapes" or, without one, from --specs (keras_weight_specs.cjs,
// tfjs-layers' view of the model), and are checked against --specs when the case has its own. When
// tfjs-layers cannot run the case as Keras would, OUTDIR/tfjs_cannot_run.txt says why (the other files
// are still written when the weights are known). Exit 0; 3 when the case gives no weight shapes and
// tfjs-layers cannot build it (nothing can be made); 1 with the reason on any other error.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "runtime_check/keras_interop/keras_case.h"
#include "runtime_check/keras_interop/keras_case_h5.h"

namespace tfconv {
namespace {

absl::Status Run(const std::string& cases, const std::string& name, const std::string& out_dir,
                 const std::string& specs) {
  absl::StatusOr<KerasCase> c = ReadKerasCase(cases, name);
  if (!c.ok()) return c.status();
  TfjsView tfjs;
  if (!specs.empty()) {
    absl::StatusOr<TfjsView> s = ReadTfjsView(specs, name);
    if (!s.ok()) return s.status();
    tfjs = std::move(*s);
  }
  absl::StatusOr<WeightSpec> spec = ChooseWeightSpec(*c, specs.empty() ? nullptr : &tfjs);
  if (!spec.ok()) return spec.status();
  std::vector<LayerTensors> weights = GenerateWeights(*spec);
  std::vector<Tensor> inputs = GenerateInputs(*c);

  std::error_code ec;
  std::filesystem::create_directories(out_dir + "/tfjs", ec);
  if (ec) return absl::InternalError(absl::StrCat(out_dir, "/tfjs: cannot create: ", ec.message()));
  if (absl::Status s = WriteTfjsLayersModel(*c, weights, out_dir + "/tfjs"); !s.ok()) return s;
  if (absl::Status s = WriteInputsJson(*c, inputs, out_dir + "/inputs.json"); !s.ok()) return s;
  // The case is still converted and run in LiteRT.js, but has no tfjs-layers reference.
  const std::string gap_file = out_dir + "/tfjs_cannot_run.txt";
  std::filesystem::remove(gap_file, ec);
  if (!tfjs.cannot_run.empty()) {
    std::ofstream gap(gap_file);
    gap << tfjs.cannot_run << "\n";
    if (!gap) return absl::InternalError(absl::StrCat(gap_file, ": cannot write"));
  }
  return WriteKerasCaseH5(*c, weights, out_dir + "/model.h5");
}

}  // namespace
}  // namespace tfconv

int main(int argc, char** argv) {
  std::vector<std::string> pos;
  std::string specs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--specs" && i + 1 < argc) {
      specs = argv[++i];
    } else if (a.rfind("--", 0) == 0) {
      std::cerr << "make_keras_case: unknown option " << a << "\n";
      return 2;
    } else {
      pos.push_back(a);
    }
  }
  if (pos.size() != 3) {
    std::cerr << "usage: make_keras_case CASES.json NAME OUTDIR [--specs specs.json]\n";
    return 2;
  }
  absl::Status s = tfconv::Run(pos[0], pos[1], pos[2], specs);
  if (!s.ok()) {
    std::cerr << "make_keras_case: " << s.message() << "\n";
    return absl::IsFailedPrecondition(s) ? 3 : 1;
  }
  return 0;
}
