#include "converter/frontend/checkpoint/internal/test_files.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tfconv {

namespace fs = std::filesystem;

std::string FreshTestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  fs::path dir = fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / name;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", dir.c_str(), ec.message().c_str());
    std::abort();
  }
  return dir.string();
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFileOrDie(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::abort();
  }
}

std::string CopyCheckpoint(const std::string& prefix, const std::string& dir) {
  fs::path src(prefix);
  const std::string stem = src.filename().string();
  const std::string out = (fs::path(dir) / "variables").string();
  for (const auto& f : fs::directory_iterator(src.parent_path())) {
    const std::string name = f.path().filename().string();
    if (name.rfind(stem + ".", 0) != 0) continue;
    const std::string suffix = name.substr(stem.size());  // ".index", ".data-00000-of-00001"
    WriteFileOrDie(out + suffix, ReadFileOrDie(f.path().string()));
  }
  return out;
}

}  // namespace tfconv
