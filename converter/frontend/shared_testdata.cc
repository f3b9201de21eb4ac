#include "converter/frontend/shared_testdata.h"

#include <sys/stat.h>

#include <cstdlib>

namespace tfconv {
namespace {

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

std::string SharedDir() {
  if (const char* env = std::getenv("TFCONV_SHARED_DIR"); env != nullptr && *env != '\0') {
    return IsDirectory(env) ? std::string(env) : std::string();
  }
  return IsDirectory("/work/shared") ? "/work/shared" : "";
}

bool IsCiRun() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

}  // namespace tfconv
