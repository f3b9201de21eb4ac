#include "converter/frontend/keras/storage/internal/h5_util.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace tfconv {
namespace h5_internal {

void QuietErrors() {
  thread_local bool quiet = false;
  if (!quiet) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    quiet = true;
  }
}

namespace {

herr_t KeepFirstDescription(unsigned /*n*/, const H5E_error2_t* error, void* client_data) {
  auto* out = static_cast<std::string*>(client_data);
  if (out->empty() && error != nullptr && error->desc != nullptr) *out = error->desc;
  return 0;
}

}  // namespace

std::string TakeErrorDetail() {
  std::string detail;
  // Upward: the innermost (most specific) entry first.
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, KeepFirstDescription, &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail;
}

Id& Id::operator=(Id&& other) noexcept {
  if (this != &other) {
    Reset();
    id_ = other.id_;
    close_ = other.close_;
    other.id_ = -1;
  }
  return *this;
}

void Id::Reset() {
  if (id_ >= 0 && close_ != nullptr) close_(id_);
  id_ = -1;
}

std::vector<std::string> SplitPath(const std::string& path) {
  return absl::StrSplit(path, '/', absl::SkipEmpty());
}

std::string NormalizePath(const std::string& path) {
  return absl::StrCat("/", absl::StrJoin(SplitPath(path), "/"));
}

std::string ParentPath(const std::string& normalized) {
  size_t slash = normalized.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return normalized.substr(0, slash);
}

std::string TypeDescription(hid_t type) {
  size_t size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      return absl::StrCat(H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int", 8 * size);
    case H5T_FLOAT:
      return absl::StrCat("float", 8 * size);
    case H5T_STRING:
      return H5Tis_variable_str(type) > 0 ? "variable-length string" : absl::StrCat("string of ", size, " bytes");
    case H5T_TIME:
      return "time";
    case H5T_BITFIELD:
      return "bitfield";
    case H5T_OPAQUE:
      return absl::StrCat("opaque of ", size, " bytes");
    case H5T_COMPOUND:
      return "compound";
    case H5T_REFERENCE:
      return "reference";
    case H5T_ENUM:
      return "enum";
    case H5T_VLEN:
      return "variable-length sequence";
    case H5T_ARRAY:
      return "array";
    default:
      return "unknown";
  }
}

namespace {

// A 2-byte little-endian float with the given layout, derived from IEEE float32 as h5py does.
hid_t MakeTwoByteFloat(size_t exponent_bits, size_t mantissa_bits, size_t exponent_bias) {
  hid_t type = H5Tcopy(H5T_IEEE_F32LE);
  if (type < 0) return type;
  if (H5Tset_fields(type, 15, mantissa_bits, exponent_bits, 0, mantissa_bits) < 0 || H5Tset_size(type, 2) < 0 ||
      H5Tset_ebias(type, exponent_bias) < 0) {
    H5Tclose(type);
    return -1;
  }
  return type;
}

}  // namespace

hid_t MakeHalfType() { return MakeTwoByteFloat(5, 10, 15); }
hid_t MakeBFloat16Type() { return MakeTwoByteFloat(8, 7, 127); }

}  // namespace h5_internal
}  // namespace tfconv
