// .npy files (numpy's format, versions 1.0 to 3.0): a magic string, a header that is a Python dict
// literal {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }, then the C-order data.
#include <cctype>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime_check/io/tensor_io.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the .npy reader assumes a little-endian host"
#endif

namespace tfconv {
namespace {

using T = tflite::TensorType;

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

struct NpyType {
  char kind;  // 'f', 'i', 'u', 'b', 'c'
  int size;
  T type;
};
constexpr NpyType kNpyTypes[] = {
    {'f', 2, T::FLOAT16}, {'f', 4, T::FLOAT32}, {'f', 8, T::FLOAT64},   {'i', 1, T::INT8},
    {'i', 2, T::INT16},   {'i', 4, T::INT32},   {'i', 8, T::INT64},     {'u', 1, T::UINT8},
    {'u', 2, T::UINT16},  {'u', 4, T::UINT32},  {'u', 8, T::UINT64},    {'b', 1, T::BOOL},
    {'c', 8, T::COMPLEX64}, {'c', 16, T::COMPLEX128},
};

// A cursor over the header text with the few Python literal forms numpy writes.
class HeaderParser {
 public:
  explicit HeaderParser(absl::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    SkipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ >= text_.size();
  }
  absl::StatusOr<std::string> String() {
    SkipSpace();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) return Error("expected a string");
    const char quote = text_[pos_++];
    const size_t end = text_.find(quote, pos_);
    if (end == absl::string_view::npos) return Error("unterminated string");
    std::string s(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }
  absl::StatusOr<bool> Bool() {
    SkipSpace();
    for (auto [word, value] : {std::pair<absl::string_view, bool>{"True", true}, {"False", false}}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    }
    return Error("expected True or False");
  }
  // A tuple of non-negative integers: "()", "(5,)", "(2, 3)"; Python 2 wrote "3L".
  absl::StatusOr<std::vector<int64_t>> Tuple() {
    if (!Consume('(')) return Error("expected a tuple");
    std::vector<int64_t> dims;
    while (!Consume(')')) {
      SkipSpace();
      if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        return Error("expected a dimension");
      }
      int64_t v = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        v = v * 10 + (text_[pos_++] - '0');
        if (v > std::numeric_limits<int32_t>::max()) return Error("dimension too large");
      }
      if (pos_ < text_.size() && text_[pos_] == 'L') ++pos_;
      dims.push_back(v);
      if (!Consume(',') && !Peek(')')) return Error("expected ',' or ')' in the shape");
    }
    return dims;
  }
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(what, " at header offset ", pos_));
  }

 private:
  absl::string_view text_;
  size_t pos_ = 0;
};

struct Header {
  std::string descr;
  bool fortran_order = false;
  std::vector<int64_t> shape;
};

absl::StatusOr<Header> ParseHeader(absl::string_view text) {
  HeaderParser p(text);
  Header h;
  bool have_descr = false, have_order = false, have_shape = false;
  if (!p.Consume('{')) return p.Error("the header is not a dict");
  while (!p.Consume('}')) {
    absl::StatusOr<std::string> key = p.String();
    if (!key.ok()) return key.status();
    if (!p.Consume(':')) return p.Error("expected ':'");
    if (*key == "descr") {
      if (p.Peek('[')) return absl::UnimplementedError("structured dtypes (a list 'descr') are not supported");
      absl::StatusOr<std::string> v = p.String();
      if (!v.ok()) return v.status();
      h.descr = *v;
      have_descr = true;
    } else if (*key == "fortran_order") {
      absl::StatusOr<bool> v = p.Bool();
      if (!v.ok()) return v.status();
      h.fortran_order = *v;
      have_order = true;
    } else if (*key == "shape") {
      absl::StatusOr<std::vector<int64_t>> v = p.Tuple();
      if (!v.ok()) return v.status();
      h.shape = *v;
      have_shape = true;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown header key '", *key, "'"));
    }
    if (!p.Consume(',') && !p.Peek('}')) return p.Error("expected ',' or '}'");
  }
  if (!p.AtEnd()) return p.Error("text after the header dict");
  if (!have_descr || !have_order || !have_shape) {
    return absl::InvalidArgumentError("the header lacks one of 'descr', 'fortran_order', 'shape'");
  }
  return h;
}

absl::StatusOr<T> TypeOfDescr(const std::string& descr) {
  if (descr.size() < 3) return absl::InvalidArgumentError(absl::StrCat("bad dtype '", descr, "'"));
  const char order = descr[0], kind = descr[1];
  int size = 0;
  for (size_t i = 2; i < descr.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(descr[i])) || size > 1000) {
      return absl::UnimplementedError(absl::StrCat("dtype '", descr, "' is not supported"));
    }
    size = size * 10 + (descr[i] - '0');
  }
  if (order != '<' && order != '|' && order != '=' && !(order == '>' && size == 1)) {
    return absl::UnimplementedError(absl::StrCat("dtype '", descr, "': only little-endian data is supported"));
  }
  for (const NpyType& t : kNpyTypes) {
    if (t.kind == kind && t.size == size) return t.type;
  }
  return absl::UnimplementedError(absl::StrCat("dtype '", descr, "' is not supported"));
}

std::string DescrOf(T type) {
  for (const NpyType& t : kNpyTypes) {
    if (t.type == type) return absl::StrCat(t.size == 1 ? "|" : "<", std::string(1, t.kind), t.size);
  }
  return "";
}

}  // namespace

absl::StatusOr<RtTensor> ParseNpy(absl::string_view bytes, absl::string_view origin) {
  auto bad = [&](const absl::Status& s) { return absl::Status(s.code(), absl::StrCat(origin, ": ", s.message())); };
  if (bytes.size() < 10 || bytes.substr(0, kMagicSize) != absl::string_view(kMagic, kMagicSize)) {
    return bad(absl::InvalidArgumentError("not a .npy file (no \\x93NUMPY magic)"));
  }
  const int major = static_cast<unsigned char>(bytes[6]), minor = static_cast<unsigned char>(bytes[7]);
  size_t header_len, header_start;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8;
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) return bad(absl::InvalidArgumentError("truncated header"));
    uint32_t len;
    std::memcpy(&len, bytes.data() + 8, 4);
    header_len = len;
    header_start = 12;
  } else {
    return bad(absl::UnimplementedError(absl::StrCat(".npy version ", major, ".", minor, " is not supported")));
  }
  if (header_len > bytes.size() - header_start) {
    return bad(absl::InvalidArgumentError(absl::StrCat("the header claims ", header_len, " bytes, the file has ",
                                                       bytes.size() - header_start, " after the preamble")));
  }
  absl::StatusOr<Header> header = ParseHeader(bytes.substr(header_start, header_len));
  if (!header.ok()) return bad(header.status());
  absl::StatusOr<T> type = TypeOfDescr(header->descr);
  if (!type.ok()) return bad(type.status());
  std::vector<int32_t> shape;
  int64_t n = 1;
  int big_dims = 0;
  for (int64_t d : header->shape) {
    shape.push_back(static_cast<int32_t>(d));
    if (d != 0 && n > (int64_t{1} << 40) / d) return bad(absl::InvalidArgumentError("the shape is too large"));
    n *= d;
    big_dims += d > 1;
  }
  // Fortran order is the same layout when at most one dimension is larger than 1.
  if (header->fortran_order && big_dims > 1) {
    return bad(absl::UnimplementedError("Fortran-order arrays are not supported; save with C order"));
  }
  const size_t data_start = header_start + header_len;
  const uint64_t need = static_cast<uint64_t>(n) * TfliteTypeSize(*type);
  if (bytes.size() - data_start != need) {
    return bad(absl::InvalidArgumentError(absl::StrCat("the data is ", bytes.size() - data_start,
                                                       " bytes, dtype '", header->descr, "' and shape ",
                                                       ShapeString(shape), " need ", need)));
  }
  RtTensor t = RtTensor::Make(*type, {});
  t.SetBytes(std::move(shape), reinterpret_cast<const uint8_t*>(bytes.data() + data_start), need);
  return t;
}

absl::StatusOr<std::string> SerializeNpy(const RtTensor& tensor) {
  const std::string descr = DescrOf(tensor.type());
  if (descr.empty()) {
    return absl::UnimplementedError(absl::StrCat("tensor '", tensor.name(), "': ", DtypeName(tensor.type()),
                                                 " cannot be written as .npy"));
  }
  const size_t need = static_cast<size_t>(tensor.num_elements()) * TfliteTypeSize(tensor.type());
  if (tensor.byte_size() < need) {
    return absl::InternalError(absl::StrCat("tensor '", tensor.name(), "' holds fewer bytes than its shape needs"));
  }
  std::string shape = absl::StrCat("(", absl::StrJoin(tensor.shape(), ", "), tensor.rank() == 1 ? ",)" : ")");
  std::string header =
      absl::StrCat("{'descr': '", descr, "', 'fortran_order': False, 'shape': ", shape, ", }");
  // numpy pads the header with spaces and a newline so that the data starts 64-byte aligned.
  const bool v1 = header.size() + 11 + 64 <= 65535;
  const size_t preamble = v1 ? 10 : 12;
  const size_t total = (preamble + header.size() + 1 + 63) / 64 * 64;
  header.append(total - preamble - header.size() - 1, ' ');
  header.push_back('\n');
  std::string out(kMagic, kMagicSize);
  out.push_back(static_cast<char>(v1 ? 1 : 2));
  out.push_back(0);
  const uint32_t len = static_cast<uint32_t>(header.size());
  out.append(reinterpret_cast<const char*>(&len), v1 ? 2 : 4);
  out += header;
  out.append(reinterpret_cast<const char*>(tensor.raw()), need);
  return out;
}

}  // namespace tfconv
