#include "converter/frontend/saved_model/saved_model_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"
#include "google/protobuf/text_format.h"

namespace tfconv {
namespace {

bool IsFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

absl::Status ParseFile(const std::string& path, bool text, tensorflow::SavedModel& out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  google::protobuf::io::FileInputStream input(fd);
  input.SetCloseOnDelete(true);
  bool ok;
  if (text) {
    ok = google::protobuf::TextFormat::Parse(&input, &out);
  } else {
    google::protobuf::io::CodedInputStream coded(&input);
    coded.SetTotalBytesLimit(INT32_MAX);
    ok = out.ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage();
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a SavedModel ", text ? "text proto" : "protobuf",
                                                   " (truncated or corrupt)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<tensorflow::SavedModel> ReadSavedModelProto(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::NotFoundError(absl::StrCat(dir, ": not a directory; --saved_model_dir takes the folder that holds "
                                            "saved_model.pb"));
  }
  tensorflow::SavedModel model;
  const std::string pb = dir + "/saved_model.pb", pbtxt = dir + "/saved_model.pbtxt";
  if (IsFile(pb)) {
    if (absl::Status s = ParseFile(pb, false, model); !s.ok()) return s;
  } else if (IsFile(pbtxt)) {
    if (absl::Status s = ParseFile(pbtxt, true, model); !s.ok()) return s;
  } else {
    return absl::NotFoundError(absl::StrCat(dir, ": no saved_model.pb or saved_model.pbtxt; is this a SavedModel "
                                            "directory? (a frozen graph goes to --graph_def_file)"));
  }
  if (model.meta_graphs_size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(dir, ": the SavedModel holds no MetaGraphDef"));
  }
  return model;
}

absl::StatusOr<int> SelectMetaGraph(const tensorflow::SavedModel& model, const std::vector<std::string>& tags,
                                    const std::string& dir) {
  const std::set<std::string> wanted(tags.begin(), tags.end());
  std::vector<std::string> available;
  for (int i = 0; i < model.meta_graphs_size(); ++i) {
    const auto& t = model.meta_graphs(i).meta_info_def().tags();
    const std::set<std::string> have(t.begin(), t.end());
    if (have == wanted) return i;
    available.push_back(absl::StrCat("'", absl::StrJoin(have, ","), "'"));
  }
  return absl::NotFoundError(absl::StrCat(dir, ": no MetaGraphDef with the tag set '", absl::StrJoin(wanted, ","),
                                          "'; the model has ", absl::StrJoin(available, ", "),
                                          " (choose one with --saved_model_tag_set)"));
}

std::vector<std::string> SignatureKeys(const tensorflow::MetaGraphDef& meta) {
  std::vector<std::string> keys;
  for (const auto& [key, def] : meta.signature_def()) {
    if (absl::StartsWith(key, "__")) continue;  // __saved_model_init_op and other internal entries
    keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    const bool a_default = a == "serving_default", b_default = b == "serving_default";
    if (a_default != b_default) return a_default;
    return a < b;
  });
  return keys;
}

}  // namespace tfconv
