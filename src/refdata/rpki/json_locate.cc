#include "refdata/rpki/json_locate.h"

#include <cstdint>
#include <vector>

namespace vigil::refdata::rpki::internal {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string describe(std::string_view text, size_t pos) {
  if (pos >= text.size()) return "end of input";
  const auto c = static_cast<unsigned char>(text[pos]);
  if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 15];
}

class Scanner {
 public:
  explicit Scanner(std::string_view t) : t_(t) {}

  std::optional<JsonSyntaxError> run() {
    // What may come next.
    enum Expect { kValue, kValueOrClose, kKey, kKeyOrClose, kColon, kCommaOrClose };
    Expect expect = kValue;
    for (;;) {
      skip_ws();
      const bool end = pos_ >= t_.size();
      const char c = end ? '\0' : t_[pos_];
      switch (expect) {
        case kValueOrClose:
          if (!end && c == ']') {
            pop();
            expect = kCommaOrClose;
            continue;
          }
          [[fallthrough]];
        case kValue:
          if (end) return fail(pos_, "input ends where a value was expected" + open_note());
          if (c == '{' || c == '[') {
            stack_.push_back(pos_++);
            expect = c == '{' ? kKeyOrClose : kValueOrClose;
            continue;
          }
          if (!scan_scalar()) return error_;
          expect = kCommaOrClose;
          continue;
        case kKeyOrClose:
          if (!end && c == '}') {
            pop();
            expect = kCommaOrClose;
            continue;
          }
          [[fallthrough]];
        case kKey:
          if (end) return fail(pos_, "input ends where an object key was expected" + open_note());
          if (c != '"') return fail(pos_, "expected a string key, found " + describe(t_, pos_));
          if (!scan_string()) return error_;
          expect = kColon;
          continue;
        case kColon:
          if (end) return fail(pos_, "input ends after an object key" + open_note());
          if (c != ':')
            return fail(pos_, "expected ':' after an object key, found " + describe(t_, pos_));
          ++pos_;
          expect = kValue;
          continue;
        case kCommaOrClose: {
          if (stack_.empty()) {
            if (end) return std::nullopt;
            return fail(pos_, "unexpected " + describe(t_, pos_) + " after the top-level value");
          }
          const bool in_object = t_[stack_.back()] == '{';
          const char close = in_object ? '}' : ']';
          if (end)
            return fail(pos_, "input ends inside an " +
                                  std::string(in_object ? "object" : "array") + open_note());
          if (c == ',') {
            ++pos_;
            expect = in_object ? kKey : kValue;
            continue;
          }
          if (c == close) {
            pop();
            continue;
          }
          return fail(pos_, std::string("expected ',' or '") + close + "' in an " +
                                (in_object ? "object" : "array") + ", found " + describe(t_, pos_));
        }
      }
    }
  }

 private:
  void skip_ws() {
    while (pos_ < t_.size() && is_ws(t_[pos_])) ++pos_;
  }
  void pop() {
    stack_.pop_back();
    ++pos_;
  }
  std::string open_note() const {
    if (stack_.empty()) return "";
    size_t line = 1, col = 1;
    line_and_column(t_, stack_.back(), line, col);
    return std::string(" (the '") + t_[stack_.back()] + "' opened at line " + std::to_string(line) +
           " is not closed)";
  }
  std::optional<JsonSyntaxError> fail(size_t at, std::string what) {
    JsonSyntaxError e;
    e.offset = at;
    line_and_column(t_, at, e.line, e.column);
    e.what = std::move(what);
    error_ = std::move(e);
    return error_;
  }
  bool scan_scalar() {
    const char c = t_[pos_];
    if (c == '"') return scan_string();
    if (c == '-' || is_digit(c)) return scan_number();
    for (const std::string_view lit :
         {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
      if (c == lit[0]) {
        if (t_.substr(pos_, lit.size()) != lit) {
          fail(pos_, "invalid literal (expected '" + std::string(lit) + "')");
          return false;
        }
        pos_ += lit.size();
        return true;
      }
    }
    fail(pos_, "expected a value, found " + describe(t_, pos_));
    return false;
  }
  bool scan_string() {
    const size_t start = pos_++;
    while (pos_ < t_.size()) {
      const auto c = static_cast<unsigned char>(t_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) {
        fail(pos_, "control character " + describe(t_, pos_) + " inside a string");
        return false;
      }
      if (c == '\\') {
        if (pos_ + 1 >= t_.size()) break;
        const char e = t_[pos_ + 1];
        if (e == 'u') {
          for (size_t i = 2; i < 6; ++i) {
            if (pos_ + i >= t_.size() || !is_hex(t_[pos_ + i])) {
              fail(pos_, "bad \\u escape inside a string");
              return false;
            }
          }
          pos_ += 6;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          fail(pos_, "bad escape '\\" + std::string(1, e) + "' inside a string");
          return false;
        }
        pos_ += 2;
        continue;
      }
      ++pos_;
    }
    fail(t_.size(), "input ends inside the string that starts at " + where(start));
    return false;
  }
  bool scan_number() {
    const size_t start = pos_;
    if (t_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const size_t s = pos_;
      while (pos_ < t_.size() && is_digit(t_[pos_])) ++pos_;
      return pos_ - s;
    };
    if (pos_ < t_.size() && t_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      fail(pos_, "bad number");
      return false;
    }
    if (pos_ < t_.size() && t_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) {
        fail(pos_, "bad number (no digits after '.')");
        return false;
      }
    }
    if (pos_ < t_.size() && (t_[pos_] == 'e' || t_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < t_.size() && (t_[pos_] == '+' || t_[pos_] == '-')) ++pos_;
      if (digits() == 0) {
        fail(pos_, "bad number (no digits in the exponent)");
        return false;
      }
    }
    if (pos_ < t_.size() && (is_digit(t_[pos_]) || t_[pos_] == '.')) {
      fail(start, "bad number (leading zero)");
      return false;
    }
    return true;
  }
  std::string where(size_t offset) const {
    size_t line = 1, col = 1;
    line_and_column(t_, offset, line, col);
    return "line " + std::to_string(line) + " column " + std::to_string(col);
  }

  std::string_view t_;
  size_t pos_ = 0;
  std::vector<size_t> stack_;  // offsets of the open '{' / '['
  std::optional<JsonSyntaxError> error_;
};

}  // namespace

void line_and_column(std::string_view text, size_t offset, size_t& line, size_t& column) {
  line = 1;
  size_t line_start = 0;
  const size_t end = offset < text.size() ? offset : text.size();
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  column = offset - line_start + 1;
}

std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text) {
  return Scanner(text).run();
}

}  // namespace vigil::refdata::rpki::internal
