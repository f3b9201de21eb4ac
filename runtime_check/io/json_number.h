// How the shared JSON form (../shared/validators) writes a number: JSON has no NaN or infinities,
// so those become the strings "NaN", "Infinity" and "-Infinity" (which the readers accept back).
//
//   report["max_abs_error"] = JsonNumber(err);   // 0.5, or "Infinity"
#ifndef TFCONV_RUNTIME_CHECK_IO_JSON_NUMBER_H_
#define TFCONV_RUNTIME_CHECK_IO_JSON_NUMBER_H_

#include <cmath>

#include "nlohmann/json.hpp"

namespace tfconv {

// Json: nlohmann::json or nlohmann::ordered_json.
template <typename Json = nlohmann::json>
Json JsonNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return value;
}

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_IO_JSON_NUMBER_H_
