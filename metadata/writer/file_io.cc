#include "metadata/writer/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace tfconv {

absl::StatusOr<std::string> ReadFileBytes(const std::string& path, absl::string_view what) {
  const std::string label = what.empty() ? absl::StrCat("'", path, "'") : absl::StrCat(what, " '", path, "'");
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat("cannot read ", label, ": ", std::strerror(errno)));
  }
  if (S_ISDIR(st.st_mode)) return absl::InvalidArgumentError(absl::StrCat(label, " is a directory, not a file"));
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return absl::NotFoundError(absl::StrCat("cannot open ", label, ": ", std::strerror(errno)));
  std::string bytes;
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof(chunk), f)) > 0) bytes.append(chunk, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return absl::InternalError(absl::StrCat("reading ", label, " failed"));
  return bytes;
}

absl::Status WriteFileAtomically(const std::string& path, absl::string_view bytes) {
  if (path.empty()) return absl::InvalidArgumentError("no output file given");
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("'", path, "' is a directory"));
  }
  std::string temp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(&temp[0]);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot create a temporary file next to '", path, "': ", std::strerror(errno)));
  }
  absl::Status s;
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      s = absl::InternalError(absl::StrCat("writing '", path, "': ", std::strerror(errno)));
      break;
    }
    done += static_cast<size_t>(w);
  }
  if (s.ok() && ::fchmod(fd, 0644) != 0) {
    s = absl::InternalError(absl::StrCat("setting the mode of '", path, "': ", std::strerror(errno)));
  }
  if (::close(fd) != 0 && s.ok()) s = absl::InternalError(absl::StrCat("writing '", path, "': ", std::strerror(errno)));
  if (s.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    s = absl::InternalError(absl::StrCat("renaming the temporary file to '", path, "': ", std::strerror(errno)));
  }
  if (!s.ok()) ::unlink(temp.c_str());
  return s;
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return "";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string JoinPath(const std::string& dir, const std::string& rel) {
  if (dir.empty() || (!rel.empty() && rel[0] == '/')) return rel;
  return dir.back() == '/' ? dir + rel : dir + "/" + rel;
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace tfconv
