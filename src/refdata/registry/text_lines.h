// Line-oriented text helpers shared by the reference-data parsers (RIR
// statistics files, CAIDA AS-relationship files): walking lines with their
// numbers and byte offsets, splitting fields, strict decimal numbers, and a
// capped list of per-line warnings.
//
//   LineCursor cursor(text);
//   TextLine line;
//   while (cursor.next(line)) {
//     std::array<std::string_view, 8> f;
//     const size_t n = split_fields(line.text, '|', f);
//     if (n < 3) warnings.add(source, line.number, "expected 3 fields");
//   }
//
// Lifetimes: TextLine::text and the fields point into the text given to
// LineCursor; they are valid as long as that text is.
//
// (Used by registry/ and asrel/; it belongs in src/refdata/ proper and can
// move there when that directory gets common files.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::refdata {

// "'text'" for messages, cut to 40 characters with "...".
std::string quoted(std::string_view s);

// A problem in one line of a text file.
struct LineWarning {
  std::string source;  // file name or other label given by the caller
  uint32_t line = 0;   // 1-based line number; 0 when not about one line
  std::string message;

  // "delegated-apnic-latest:123: ipv4 value 0 is not an address count"
  std::string to_string() const;
};

// Warnings kept up to a cap (so a garbage file cannot use unbounded memory),
// with a count of all of them.
class WarningList {
 public:
  static constexpr size_t kDefaultCap = 1000;

  WarningList() = default;
  explicit WarningList(size_t cap) : cap_(cap) {}

  void add(std::string_view source, uint32_t line, std::string message);
  // The first min(total(), cap) warnings, in the order they were added.
  const std::vector<LineWarning>& kept() const { return kept_; }
  // Every warning added, kept or not.
  uint64_t total() const { return total_; }
  bool empty() const { return total_ == 0; }

 private:
  std::vector<LineWarning> kept_;
  uint64_t total_ = 0;
  size_t cap_ = kDefaultCap;
};

// One line of text without its terminator ("\n" or "\r\n") and without
// trailing spaces or tabs.
struct TextLine {
  std::string_view text;
  uint32_t number = 0;  // 1-based
  uint64_t offset = 0;  // byte offset of the line's first character
};

// Walks the lines of a text. A final line without "\n" is a line; an empty
// text has none.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}

  // Stores the next line in `line`; false at the end of the text.
  bool next(TextLine& line);

 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint32_t number_ = 0;
};

// Splits `line` at every `sep` and stores the first out.size() fields in
// `out`. Returns the number of fields in the line (which may be larger than
// out.size(); an empty line has one, empty, field).
size_t split_fields(std::string_view line, char sep, std::span<std::string_view> out);

// Decimal digits only (no sign, no spaces, at least one digit), value <= max.
std::optional<uint64_t> parse_decimal(std::string_view text, uint64_t max = UINT64_MAX);

// An optional '-' then decimal digits, within [min, max].
std::optional<int64_t> parse_signed_decimal(std::string_view text, int64_t min, int64_t max);

}  // namespace vigil::refdata
