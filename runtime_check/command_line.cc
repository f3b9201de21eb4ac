#include "runtime_check/command_line.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tfconv {

absl::Status EnterBuildWorkingDirectory() {
  const char* dir = std::getenv("BUILD_WORKING_DIRECTORY");
  if (dir == nullptr || *dir == '\0') return absl::OkStatus();
  if (chdir(dir) != 0) return absl::NotFoundError(absl::StrCat("cannot enter ", dir));
  return absl::OkStatus();
}

bool FlagGiven(int argc, char** argv, absl::string_view name) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (a == "--") break;
    for (const std::string& p : {absl::StrCat("--", name), absl::StrCat("-", name)}) {
      if (a == p || absl::StartsWith(a, p + "=")) return true;
    }
  }
  return false;
}

}  // namespace tfconv
