#include "converter/tflite/testing/real_models.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace tfconv {
namespace {

namespace fs = std::filesystem;

bool HasTfliteIdentifier(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char header[8] = {};
  if (!in.read(header, sizeof(header))) return false;
  return std::string(header + 4, 4) == "TFL3";
}

}  // namespace

RealModels FindRealModels() {
  RealModels result;
  const char* env = std::getenv("TFCONV_SHARED_DIR");
  const fs::path shared = env != nullptr && *env != '\0' ? fs::path(env) : fs::path("/work/shared");
  const fs::path root = shared / "testdata" / "real";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    const char* ci = std::getenv("CI");
    std::string why = "no real test models: '" + root.string() +
                      "' is not a directory (set TFCONV_SHARED_DIR to the shared folder)";
    if (ci != nullptr && std::string(ci) == "true") {
      result.error = why;
    } else {
      result.skip_reason = why;
    }
    return result;
  }
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string ext = it->path().extension().string();
    if ((ext == ".tflite" || ext == ".bin") && HasTfliteIdentifier(it->path())) {
      result.paths.push_back(it->path().string());
    }
  }
  std::sort(result.paths.begin(), result.paths.end());
  if (result.paths.empty()) result.error = "no TFL3 files under '" + root.string() + "'";
  return result;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace tfconv
