// What the command-line tools of runtime_check (tflite_run, tflite_validate, graph_eval) share
// around absl flags.
//
//   if (absl::Status s = EnterBuildWorkingDirectory(); !s.ok()) return Fail(s.message());
//   if (FlagGiven(argc, argv, "input_shapes")) request.input_shapes = absl::GetFlag(FLAGS_input_shapes);
#ifndef TFCONV_RUNTIME_CHECK_COMMAND_LINE_H_
#define TFCONV_RUNTIME_CHECK_COMMAND_LINE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tfconv {

// Under `bazel run`, relative paths are meant from where the user typed the command: enters
// $BUILD_WORKING_DIRECTORY when it is set.
absl::Status EnterBuildWorkingDirectory();

// Whether --name or --name=... (or -name) appears among the arguments before "--": tells an empty
// value given on purpose (an empty --input_shapes= is a scalar) from a flag left out.
bool FlagGiven(int argc, char** argv, absl::string_view name);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_COMMAND_LINE_H_
