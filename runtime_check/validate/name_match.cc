#include "runtime_check/validate/name_match.h"

#include <set>

#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

std::string Plain(absl::string_view name) {
  absl::ConsumeSuffix(&name, ":0");
  return std::string(name);
}

bool SharesName(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const std::string& x : a) {
    if (x.empty()) continue;
    for (const std::string& y : b) {
      if (!y.empty() && Plain(x) == Plain(y)) return true;
    }
  }
  return false;
}

std::string Names(const std::vector<std::vector<std::string>>& tensors) {
  std::vector<std::string> first;
  for (const auto& names : tensors) first.push_back(names.empty() ? "?" : names.front());
  return absl::StrCat("[", absl::StrJoin(first, ", "), "]");
}

}  // namespace

absl::StatusOr<std::vector<int>> MatchTensors(const std::vector<std::vector<std::string>>& offered,
                                              const std::vector<std::vector<std::string>>& wanted,
                                              absl::string_view what) {
  std::vector<int> by_name;
  std::set<int> taken;
  for (const auto& want : wanted) {
    int found = -1, count = 0;
    for (size_t i = 0; i < offered.size(); ++i) {
      if (SharesName(want, offered[i])) {
        found = static_cast<int>(i);
        ++count;
      }
    }
    if (count != 1 || !taken.insert(found).second) break;
    by_name.push_back(found);
  }
  if (by_name.size() == wanted.size()) return by_name;
  if (offered.size() != wanted.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot pair the ", what, ": the model under test has ", offered.size(), " ", Names(offered),
        ", the reference ", wanted.size(), " ", Names(wanted), ", and the names do not match"));
  }
  std::vector<int> by_position(wanted.size());
  for (size_t i = 0; i < wanted.size(); ++i) by_position[i] = static_cast<int>(i);
  return by_position;
}

}  // namespace tfconv
