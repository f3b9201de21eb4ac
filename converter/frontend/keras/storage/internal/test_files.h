// Test helpers: scratch paths under $TEST_TMPDIR and whole-file reads and writes.
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_TEST_FILES_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_TEST_FILES_H_

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace tfconv {
namespace storage_testing {

inline std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace storage_testing
}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_TEST_FILES_H_
