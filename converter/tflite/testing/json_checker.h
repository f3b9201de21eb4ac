// A strict JSON syntax checker for tests (RFC 8259 grammar, no extensions): tells that output
// parses without a JSON library in the build.
//
//   EXPECT_EQ(JsonChecker(text).FirstError(), std::string::npos);
#ifndef TFCONV_CONVERTER_TFLITE_TESTING_JSON_CHECKER_H_
#define TFCONV_CONVERTER_TFLITE_TESTING_JSON_CHECKER_H_

#include <cctype>
#include <string>

namespace tfconv {

// FirstError() returns the position of the first syntax error, or npos.
class JsonChecker {
 public:
  explicit JsonChecker(const std::string& s) : s_(s) {}
  size_t FirstError() {
    Ws();
    if (!Value()) return i_;
    Ws();
    return i_ == s_.size() ? std::string::npos : i_;
  }

 private:
  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r'))
      ++i_;
  }
  bool Eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Literal(const char* word) {
    size_t n = std::string(word).size();
    if (s_.compare(i_, n, word) != 0) return false;
    i_ += n;
    return true;
  }
  bool String() {
    if (!Eat('"')) return false;
    while (i_ < s_.size()) {
      unsigned char c = s_[i_++];
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (i_ >= s_.size()) return false;
        char e = s_[i_++];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k) {
            if (i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_++])))
              return false;
          }
        } else if (std::string("\"\\/bfnrt").find(e) == std::string::npos) {
          return false;
        }
      }
    }
    return false;
  }
  bool Number() {
    size_t start = i_;
    Eat('-');
    if (!Digits()) return false;
    if (s_[start] == '-' ? s_[start + 1] == '0' && i_ - start > 2
                         : s_[start] == '0' && i_ - start > 1) {
      return false;  // leading zero
    }
    if (Eat('.') && !Digits()) return false;
    if (Eat('e') || Eat('E')) {
      if (!Eat('+')) Eat('-');
      if (!Digits()) return false;
    }
    return true;
  }
  bool Digits() {
    size_t start = i_;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    return i_ > start;
  }
  bool Value() {
    Ws();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      Ws();
      if (Eat('}')) return true;
      do {
        Ws();
        if (!String()) return false;
        Ws();
        if (!Eat(':') || !Value()) return false;
        Ws();
      } while (Eat(','));
      return Eat('}');
    }
    if (c == '[') {
      ++i_;
      Ws();
      if (Eat(']')) return true;
      do {
        if (!Value()) return false;
        Ws();
      } while (Eat(','));
      return Eat(']');
    }
    if (c == '"') return String();
    if (c == 't') return Literal("true");
    if (c == 'f') return Literal("false");
    if (c == 'n') return Literal("null");
    return Number();
  }

  const std::string& s_;
  size_t i_ = 0;
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_TESTING_JSON_CHECKER_H_
