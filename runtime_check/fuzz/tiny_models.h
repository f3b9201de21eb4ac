// Small models built in code, one per op family, that run cleanly in the reference interpreter:
// fuzz seeds for ops the real test models lack (and small enough that thousands of mutants run in
// seconds). Each reads its inputs from the default input pattern.
//
//   for (const auto& [name, model] : TinyModels()) fuzz(model);
#ifndef TFCONV_RUNTIME_CHECK_FUZZ_TINY_MODELS_H_
#define TFCONV_RUNTIME_CHECK_FUZZ_TINY_MODELS_H_

#include <string>
#include <utility>
#include <vector>

#include "converter/tflite/model_ir.h"

namespace tfconv {

std::vector<std::pair<std::string, TflModel>> TinyModels();

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_FUZZ_TINY_MODELS_H_
