// Private helpers over the libhdf5 C API shared by H5File and H5Writer: owned ids, quiet error
// reporting, path handling and type descriptions. Only .cc files of this folder include it (it pulls
// in <hdf5.h>, whose directory only these targets put on the include path).
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_H5_UTIL_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_H5_UTIL_H_

#include <hdf5.h>

#include <string>
#include <vector>


namespace tfconv {
namespace h5_internal {

// Turns off libhdf5's printing of its error stack for the calling thread. The thread-safe libhdf5
// keeps one error stack per thread, so this must run on every thread that calls into the library;
// it is cheap after the first call.
void QuietErrors();

// The most specific message on the calling thread's HDF5 error stack ("truncated file: eof = ..."),
// or "" when the stack is empty; clears the stack.
std::string TakeErrorDetail();

// An HDF5 id closed by its own close function when it goes out of scope.
class Id {
 public:
  using CloseFn = herr_t (*)(hid_t);
  Id() = default;
  Id(hid_t id, CloseFn close) : id_(id), close_(close) {}
  Id(Id&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Id& operator=(Id&& other) noexcept;
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  ~Id() { Reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void Reset();
  // Gives up ownership without closing.
  hid_t Release() {
    hid_t id = id_;
    id_ = -1;
    return id;
  }

 private:
  hid_t id_ = -1;
  CloseFn close_ = nullptr;
};

// "/a/b" for "a/b", "/a/b/", "//a//b"; "/" for "" and "/".
std::string NormalizePath(const std::string& path);
// The components of a path ("/a/b:0" -> {"a", "b:0"}).
std::vector<std::string> SplitPath(const std::string& path);
// The parent of a normalized path ("/a/b" -> "/a", "/a" -> "/").
std::string ParentPath(const std::string& normalized);

// A short description of an HDF5 type for messages: "float32", "int8", "string", "compound", ...
std::string TypeDescription(hid_t type);

// Memory types for IEEE half and bfloat16 in little-endian order (libhdf5 has no predefined ones).
// The caller owns the returned id.
hid_t MakeHalfType();
hid_t MakeBFloat16Type();

}  // namespace h5_internal
}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_H5_UTIL_H_
