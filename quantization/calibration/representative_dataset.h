// The representative dataset of full-integer quantization (--representative_dataset=PATH): the
// samples calibration runs the float model on, read from files and checked against the inputs.
//
//   absl::StatusOr<std::vector<std::vector<RtTensor>>> samples =
//       ReadRepresentativeDataset("calib/", model, /*subgraph=*/0);
//   if (!samples.ok()) return samples.status();   // names the sample, the input, expected vs given
//   absl::Status s = CalibrateModel(model, *samples);   // calibrate.h
//
// Formats (chosen by what PATH is; samples are taken in byte order of their file names, so a
// dataset always gives the same samples in the same order):
//   - A folder of .npy files, one sample per file: for models with one input.
//   - A folder of sub-folders, one per sample, each holding one `<input name>.npy` per input. The
//     input name is the TFLite tensor name or the signature's input name ("x" and "x:0" are the
//     same name); characters a file name cannot hold ('/', ':' ...) may be written as '_'.
//   - A folder of .json files, one sample per file, in the shared tensor JSON form of
//     runtime_check/io/tensor_io.h: [{name, shape, dtype, data}] or {name: {shape, dtype, data}}.
//     Tensors are matched to inputs by name when they have names, otherwise by position.
//   - One .json file holding a list of samples, each in that form (a one-input model's sample
//     may also be a single tensor object): [[{"name": "x", "shape": [1, 2], "data": [1, 2]}], ...].
//   - One .npy file holding a stack of samples of a one-input model: its first dimension counts
//     the samples. Each slice is one sample, with the input's leading 1 kept (an input [1,28,28,1]
//     takes an array [N,28,28,1] or [N,1,28,28,1]).
// Files whose names begin with '.' are ignored; any other file that fits none of the forms, a
// mix of forms, an empty dataset, a missing input, and a dtype or shape that does not fit an input
// are errors naming the sample (file or index), the input, and what was expected and given.
// Values must have the input's dtype exactly (a float64 .npy for a float32 input is refused).
#ifndef TFCONV_QUANTIZATION_CALIBRATION_REPRESENTATIVE_DATASET_H_
#define TFCONV_QUANTIZATION_CALIBRATION_REPRESENTATIVE_DATASET_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// The samples of `path` for the inputs of `subgraph` of `model`: one tensor per input, in the
// subgraph's input order, each named after its input.
absl::StatusOr<std::vector<std::vector<RtTensor>>> ReadRepresentativeDataset(const std::string& path,
                                                                             const TflModel& model, int subgraph);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_CALIBRATION_REPRESENTATIVE_DATASET_H_
