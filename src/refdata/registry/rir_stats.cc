#include "refdata/registry/rir_stats.h"

#include <array>
#include <string>
#include <utility>

namespace vigil::refdata {

namespace {

constexpr size_t kMaxFields = 8;
using Fields = std::array<std::string_view, kMaxFields>;

// "2", "2.3": digits, optionally a dot and more digits.
bool looks_like_version(std::string_view s) {
  const size_t dot = s.find('.');
  const std::string_view major = s.substr(0, dot);
  if (!parse_decimal(major)) return false;
  return dot == std::string_view::npos || parse_decimal(s.substr(dot + 1)).has_value();
}

// YYYYMMDD -> value; "" and "00000000" -> 0; nullopt when malformed.
std::optional<uint32_t> parse_date(std::string_view s) {
  if (s.empty()) return 0;
  if (s.size() != 8) return std::nullopt;
  const auto v = parse_decimal(s);
  if (!v) return std::nullopt;
  if (*v == 0) return 0;
  const uint64_t month = *v / 100 % 100;
  const uint64_t day = *v % 100;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view source) : text_(text) {
    file_.source = std::string(source);
  }

  Result<RirStatsFile> run() {
    LineCursor cursor(text_);
    TextLine line;
    bool have_header = false;
    while (cursor.next(line)) {
      if (line.text.empty() || line.text.front() == '#') continue;
      Fields f;
      const size_t n = split_fields(line.text, '|', f);
      if (!have_header) {
        VIGIL_RETURN_IF_ERROR(header(line, f, n));
        have_header = true;
      } else if (n >= 2 && looks_like_version(f[0])) {
        warn(line, "a second version line; skipped");
      } else if (n >= 2 && f[1] == "*") {
        summary(line, f, n);
      } else {
        (void)record(line, f, n);
      }
    }
    if (!have_header) {
      return make_error(ErrorCode::kMalformed,
                        file_.source + ": no version line (not an RIR statistics file?)", 0);
    }
    check_counts();
    return std::move(file_);
  }

 private:
  void warn(const TextLine& line, std::string message) {
    file_.warnings.add(file_.source, line.number, std::move(message));
  }
  // Warns and returns false: the line is skipped.
  bool reject(const TextLine& line, std::string message) {
    warn(line, std::move(message));
    return false;
  }
  Error error(ErrorCode code, const TextLine& line, const std::string& what) const {
    return make_error(code, file_.source + ":" + std::to_string(line.number) + ": " + what,
                      line.offset);
  }

  Status header(const TextLine& line, const Fields& f, size_t n) {
    if (n < 2 || !looks_like_version(f[0])) {
      return error(ErrorCode::kMalformed, line,
                   "expected the version line 'version|registry|serial|records|startdate|"
                   "enddate|UTCoffset', got " +
                       quoted(line.text));
    }
    RirStatsHeader& h = file_.header;
    h.version = std::string(f[0]);
    h.line = line.number;
    if (f[0].substr(0, f[0].find('.')) != "2") {
      return error(ErrorCode::kUnsupported, line,
                   "format version " + quoted(f[0]) + " (only 2 and 2.x are known)");
    }
    const auto rir = parse_rir(f[1]);
    if (!rir) return error(ErrorCode::kMalformed, line, "unknown registry " + quoted(f[1]));
    h.registry = *rir;
    if (n != 7) {
      warn(line, "version line has " + std::to_string(n) + " fields, expected 7");
    }
    if (n > 2) h.serial = std::string(f[2]);
    if (n > 3) {
      if (const auto r = parse_decimal(f[3])) {
        h.records = *r;
        records_declared_ = true;
      } else {
        warn(line, "version line: record count " + quoted(f[3]) + " is not a number");
      }
    }
    if (n > 4) h.start_date = header_date(line, f[4], "start");
    if (n > 5) h.end_date = header_date(line, f[5], "end");
    if (n > 6) h.utc_offset = std::string(f[6]);
    return Status::Ok();
  }

  uint32_t header_date(const TextLine& line, std::string_view s, const char* which) {
    const auto d = parse_date(s);
    if (!d) {
      warn(line, std::string("version line: ") + which + " date " + quoted(s) + " is not YYYYMMDD");
    }
    return d.value_or(0);
  }

  void summary(const TextLine& line, const Fields& f, size_t n) {
    if (n < 6 || f[3] != "*" || f[5] != "summary") {
      warn(line, "malformed summary line " + quoted(line.text) +
                     ", expected 'registry|*|type|*|count|summary'");
      return;
    }
    const auto type = parse_resource_type(f[2]);
    const auto count = parse_decimal(f[4]);
    if (!type || !count) {
      warn(line, "summary line: bad type " + quoted(f[2]) + " or count " + quoted(f[4]));
      return;
    }
    file_.summaries.push_back({*type, *count, line.number});
  }

  bool record(const TextLine& line, const Fields& f, size_t n) {
    if (n < 7) {
      return reject(line, "record has " + std::to_string(n) +
                              " fields, expected 'registry|cc|type|start|value|date|status'");
    }
    RirRecord r;
    r.line = line.number;
    const auto rir = parse_rir(f[0]);
    if (!rir) return reject(line, "unknown registry " + quoted(f[0]));
    r.registry = *rir;
    if (!f[1].empty()) {
      const auto cc = CountryCode::parse(f[1]);
      if (!cc) return reject(line, "country code " + quoted(f[1]) + " is not two letters");
      r.cc = *cc;
    }
    const auto type = parse_resource_type(f[2]);
    if (!type) return reject(line, "unknown resource type " + quoted(f[2]));
    r.type = *type;
    const auto status = parse_record_status(f[6]);
    if (!status) return reject(line, "unknown status " + quoted(f[6]));
    r.status = *status;
    if (!resource(line, f[3], f[4], r)) return false;
    const auto date = parse_date(f[5]);
    if (!date) warn(line, "date " + quoted(f[5]) + " is not YYYYMMDD; kept as unknown");
    r.date = date.value_or(0);
    if (n >= 8) {
      r.opaque_id = std::string(f[7]);
      file_.extended = true;
    }
    file_.records.push_back(std::move(r));
    return true;
  }

  // Parses start and value for r.type; false (after a warning) when invalid.
  bool resource(const TextLine& line, std::string_view start, std::string_view value,
                RirRecord& r) {
    switch (r.type) {
      case ResourceType::kAsn: {
        const auto first = parse_decimal(start, UINT32_MAX);
        if (!first) return reject(line, "asn start " + quoted(start) + " is not an ASN");
        const auto count = parse_decimal(value, uint64_t{1} << 32);
        if (!count || *count == 0 || *first + *count - 1 > UINT32_MAX) {
          return reject(line, "asn count " + quoted(value) + " is not a count of ASNs from " +
                                  std::string(start));
        }
        r.first_asn = static_cast<uint32_t>(*first);
        r.value = *count;
        return true;
      }
      case ResourceType::kIpv4: {
        const auto addr = IpAddr::parse(start);
        if (!addr || !addr->is_v4()) {
          return reject(line, "ipv4 start " + quoted(start) + " is not an IPv4 address");
        }
        const auto count = parse_decimal(value, uint64_t{1} << 32);
        if (!count || *count == 0 || addr->v4_host_order() + *count > (uint64_t{1} << 32)) {
          return reject(line, "ipv4 value " + quoted(value) + " is not an address count from " +
                                  std::string(start));
        }
        r.start = *addr;
        r.value = *count;
        return true;
      }
      case ResourceType::kIpv6: {
        const auto addr = IpAddr::parse(start);
        if (!addr || addr->is_v4()) {
          return reject(line, "ipv6 start " + quoted(start) + " is not an IPv6 address");
        }
        const auto len = parse_decimal(value, 128);
        if (!len) {
          return reject(line, "ipv6 value " + quoted(value) + " is not a prefix length");
        }
        const Prefix p{*addr, static_cast<uint8_t>(*len)};
        if (p.masked() != p) {
          return reject(
              line, "ipv6 " + std::string(start) + "/" + std::string(value) + " has host bits set");
        }
        r.start = *addr;
        r.value = *len;
        return true;
      }
    }
    return false;
  }

  void check_counts() {
    const uint32_t hl = file_.header.line;
    if (records_declared_ && file_.header.records != file_.records.size()) {
      file_.warnings.add(file_.source, hl,
                         "version line declares " + std::to_string(file_.header.records) +
                             " records, read " + std::to_string(file_.records.size()));
    }
    for (const RirSummary& s : file_.summaries) {
      const size_t have = file_.count(s.type);
      if (s.count != have) {
        file_.warnings.add(file_.source, s.line,
                           "summary declares " + std::to_string(s.count) + " " +
                               std::string(resource_type_name(s.type)) + " records, read " +
                               std::to_string(have));
      }
    }
  }

  std::string_view text_;
  RirStatsFile file_;
  bool records_declared_ = false;  // the version line had a record count
};

}  // namespace

size_t RirStatsFile::count(ResourceType type) const {
  size_t n = 0;
  for (const RirRecord& r : records) n += r.type == type;
  return n;
}

Result<RirStatsFile> parse_rir_stats(std::string_view text, std::string_view source) {
  return Parser(text, source).run();
}

}  // namespace vigil::refdata
