// CSV flavours of validator output (load.h): Routinator csv, csvcompat and
// csvext, and anything else whose header names the columns the same way.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "refdata/rpki/asn.h"
#include "refdata/rpki/entry_builder.h"
#include "refdata/rpki/load.h"

namespace vigil::refdata::rpki {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Splits one line into fields (RFC 4180 §2: fields may be enclosed in double
// quotes, a quote inside is written twice). Returns false on an unterminated
// quote. `fields` views `line` or `scratch` (for fields with "" escapes).
bool split_fields(std::string_view line, std::vector<std::string_view>& fields,
                  std::vector<std::string>& scratch) {
  fields.clear();
  scratch.clear();
  scratch.reserve(line.size());  // views into scratch must not move
  size_t i = 0;
  for (;;) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '"') {
      std::string value;
      bool escaped = false;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= line.size()) return false;
        if (line[j] == '"') {
          if (j + 1 < line.size() && line[j + 1] == '"') {
            value.push_back('"');
            escaped = true;
            ++j;
            continue;
          }
          break;
        }
        value.push_back(line[j]);
      }
      if (escaped) {
        scratch.push_back(std::move(value));
        fields.push_back(scratch.back());
      } else {
        fields.push_back(line.substr(i + 1, j - i - 1));
      }
      i = j + 1;
      while (i < line.size() && line[i] != ',') ++i;  // ignore anything after the quote
    } else {
      const size_t comma = line.find(',', i);
      const size_t end = comma == std::string_view::npos ? line.size() : comma;
      fields.push_back(trim(line.substr(i, end - i)));
      i = end;
    }
    if (i >= line.size()) return true;
    ++i;  // the comma
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct Columns {
  int asn = -1;
  int prefix = -1;
  int max_length = -1;
  int ta = -1;
  int expires = -1;
  size_t count = 0;
};

class CsvLoader {
 public:
  CsvLoader(std::string_view text, std::string_view source, const LoadOptions& options,
            RpkiData& out)
      : text_(text), source_(source), options_(options), out_(out), tas_(out.trust_anchors) {}

  Status load() {
    out_.format = RpkiFormat::kCsv;
    size_t pos = 0;
    size_t line_no = 0;
    bool have_header = false;
    while (pos < text_.size()) {
      const size_t nl = text_.find('\n', pos);
      const size_t end = nl == std::string_view::npos ? text_.size() : nl;
      std::string_view line = text_.substr(pos, end - pos);
      const size_t line_offset = pos;
      pos = end + 1;
      ++line_no;
      if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
      if (trim(line).empty()) continue;
      if (!split_fields(line, fields_, scratch_)) {
        if (!have_header) return fail(line_no, line_offset, "unterminated quoted field");
        VIGIL_RETURN_IF_ERROR(bad_entry(line_no, line_offset, "unterminated quoted field"));
        continue;
      }
      if (!have_header) {
        VIGIL_RETURN_IF_ERROR(read_header(line_no, line_offset));
        have_header = true;
        continue;
      }
      VIGIL_RETURN_IF_ERROR(read_row(line_no, line_offset));
    }
    if (!have_header) return fail(0, Error::kNoOffset, "empty input: no CSV header");
    return Status::Ok();
  }

 private:
  Error fail(size_t line_no, uint64_t offset, const std::string& what) const {
    std::string m(source_);
    if (line_no > 0) {
      m += ':';
      m += std::to_string(line_no);
    }
    m += ": ";
    m += what;
    return make_error(ErrorCode::kMalformed, std::move(m), offset);
  }

  Status bad_entry(size_t line_no, uint64_t offset, const std::string& what) {
    if (!options_.skip_bad_entries) return fail(line_no, offset, what);
    ++out_.skipped;
    out_.warn(std::string(source_) + ":" + std::to_string(line_no) + ": " + what +
              " (line skipped)");
    return Status::Ok();
  }

  Status read_header(size_t line_no, uint64_t offset) {
    cols_.count = fields_.size();
    for (size_t i = 0; i < fields_.size(); ++i) {
      const std::string name = lower(fields_[i]);
      const int idx = static_cast<int>(i);
      if (name == "asn") {
        cols_.asn = idx;
      } else if (name == "ip prefix" || name == "prefix") {
        cols_.prefix = idx;
      } else if (name == "max length" || name == "maxlength") {
        cols_.max_length = idx;
      } else if (name == "trust anchor") {
        cols_.ta = idx;
      } else if (name == "expires") {
        cols_.expires = idx;
      }
    }
    if (cols_.asn < 0 || cols_.prefix < 0) {
      return fail(line_no, offset,
                  "not a VRP CSV header (expected columns named \"ASN\" and \"IP Prefix\", "
                  "e.g. \"ASN,IP Prefix,Max Length,Trust Anchor\")");
    }
    return Status::Ok();
  }

  Status read_row(size_t line_no, uint64_t offset) {
    if (fields_.size() != cols_.count) {
      return bad_entry(line_no, offset,
                       "expected " + std::to_string(cols_.count) +
                           " fields as in the header, found " + std::to_string(fields_.size()));
    }
    VrpRecord rec;
    Result<uint32_t> asn = parse_asn(fields_[cols_.asn]);
    if (!asn) return bad_entry(line_no, offset, "column \"ASN\": " + asn.error().message);
    std::optional<int64_t> ml;
    if (cols_.max_length >= 0) {
      const std::string_view f = fields_[cols_.max_length];
      int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
      if (f.empty() || ec != std::errc() || ptr != f.data() + f.size()) {
        return bad_entry(line_no, offset,
                         "column \"Max Length\": " + internal::quote(f) + " is not an integer");
      }
      ml = v;
    }
    std::string note;
    if (auto problem = internal::build_vrp(fields_[cols_.prefix], ml, *asn, options_.mask_host_bits,
                                           rec.vrp, note)) {
      const char* col =
          problem->field == internal::VrpField::kMaxLength ? "Max Length" : "IP Prefix";
      return bad_entry(line_no, offset, std::string("column \"") + col + "\": " + problem->what);
    }
    if (!note.empty()) {
      out_.warn(std::string(source_) + ":" + std::to_string(line_no) + ": " + note);
    }
    if (cols_.ta >= 0 && !fields_[cols_.ta].empty()) rec.ta = tas_.intern(fields_[cols_.ta]);
    if (cols_.expires >= 0 && !fields_[cols_.expires].empty()) {
      const std::string_view f = fields_[cols_.expires];
      int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
      if (ec == std::errc() && ptr == f.data() + f.size() && v >= 0) {
        rec.expires = v;
      } else if (!warned_expires_) {
        warned_expires_ = true;
        out_.warn(std::string(source_) + ":" + std::to_string(line_no) + ": column \"Expires\": " +
                  internal::quote(f) + " is not unix seconds; expiry times not read");
      }
    }
    out_.vrps.push_back(rec);
    return Status::Ok();
  }

  std::string_view text_;
  std::string_view source_;
  const LoadOptions& options_;
  RpkiData& out_;
  internal::TaInterner tas_;
  Columns cols_;
  std::vector<std::string_view> fields_;
  std::vector<std::string> scratch_;
  bool warned_expires_ = false;
};

}  // namespace

Result<RpkiData> parse_rpki_csv(std::string_view text, std::string_view source,
                                const LoadOptions& options) {
  RpkiData out;
  CsvLoader loader(text, source, options, out);
  if (Status s = loader.load(); !s) return s.error();
  return out;
}

}  // namespace vigil::refdata::rpki
