#include "refdata/registry/text_lines.h"

#include <utility>

namespace vigil::refdata {

std::string quoted(std::string_view s) {
  constexpr size_t kMax = 40;
  std::string out = "'";
  out.append(s.substr(0, kMax));
  if (s.size() > kMax) out += "...";
  out += '\'';
  return out;
}

std::string LineWarning::to_string() const {
  std::string out = source;
  if (line != 0) {
    out += ':';
    out += std::to_string(line);
  }
  out += ": ";
  out += message;
  return out;
}

void WarningList::add(std::string_view source, uint32_t line, std::string message) {
  ++total_;
  if (kept_.size() < cap_) kept_.push_back({std::string(source), line, std::move(message)});
}

bool LineCursor::next(TextLine& line) {
  if (pos_ >= text_.size()) return false;
  const size_t start = pos_;
  const size_t nl = text_.find('\n', start);
  size_t end = nl == std::string_view::npos ? text_.size() : nl;
  pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
  while (end > start &&
         (text_[end - 1] == '\r' || text_[end - 1] == ' ' || text_[end - 1] == '\t')) {
    --end;
  }
  line.text = text_.substr(start, end - start);
  line.number = ++number_;
  line.offset = start;
  return true;
}

size_t split_fields(std::string_view line, char sep, std::span<std::string_view> out) {
  size_t n = 0;
  size_t start = 0;
  while (true) {
    const size_t at = line.find(sep, start);
    const size_t end = at == std::string_view::npos ? line.size() : at;
    if (n < out.size()) out[n] = line.substr(start, end - start);
    ++n;
    if (at == std::string_view::npos) return n;
    start = at + 1;
  }
}

std::optional<uint64_t> parse_decimal(std::string_view text, uint64_t max) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  uint64_t v = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  if (v > max) return std::nullopt;
  return v;
}

std::optional<int64_t> parse_signed_decimal(std::string_view text, int64_t min, int64_t max) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const auto magnitude = parse_decimal(text, uint64_t{1} << 63);
  if (!magnitude) return std::nullopt;
  int64_t v;
  if (negative) {
    v = *magnitude == (uint64_t{1} << 63) ? INT64_MIN : -static_cast<int64_t>(*magnitude);
  } else {
    if (*magnitude > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    v = static_cast<int64_t>(*magnitude);
  }
  if (v < min || v > max) return std::nullopt;
  return v;
}

}  // namespace vigil::refdata
