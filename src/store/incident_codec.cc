#include "store/incident_codec.h"

#include <charconv>
#include <string_view>

namespace vigil::store {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) (out += i ? "\n" : "") += v[i];
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (size_t nl; (nl = s.find('\n', start)) != std::string::npos; start = nl + 1) {
    out.push_back(s.substr(start, nl - start));
  }
  out.push_back(s.substr(start));
  return out;
}

// The value of E whose name is `text`, trying 0..last.
template <typename E>
std::optional<E> parse_enum(std::string_view text, const char* (*name)(E), E last) {
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    if (text == name(static_cast<E>(i))) return static_cast<E>(i);
  }
  return std::nullopt;
}

Error bad(const std::string& id, const char* what, const std::string& value) {
  return make_error(ErrorCode::kMalformed,
                    "incident '" + id + "': unreadable " + what + " '" + value + "'");
}

}  // namespace

IncidentParams::IncidentParams(const StoredIncident& in) {
  if (in.prefix) prefix_ = in.prefix->to_string();
  if (in.watched_prefix) watched_ = in.watched_prefix->to_string();
  for (size_t i = 0; i < in.expected_asns.size(); ++i) {
    (expected_ += i ? "," : "") += std::to_string(in.expected_asns[i]);
  }
  peer_list_ = join(in.peer_list);
  norms_ = join(in.norms);
  auto text_or_null = [](const std::optional<Prefix>& p, const std::string& s) -> Param {
    if (!p) return nullptr;
    return std::string_view(s);
  };
  params = {std::string_view(in.id),
            std::string_view(detect::alert_type_name(in.type)),
            text_or_null(in.prefix, prefix_),
            text_or_null(in.watched_prefix, watched_),
            int64_t{in.asn},
            std::string_view(expected_),
            int64_t{in.first_seen},
            int64_t{in.last_seen},
            int64_t{in.withdrawn_at},
            std::string_view(detect::incident_status_name(in.status)),
            int64_t{in.peers},
            int64_t{in.peers_now},
            std::string_view(peer_list_),
            std::string_view(detect::severity_name(in.severity)),
            std::string_view(norms_),
            std::string_view(in.country),
            std::string_view(in.code),
            std::string_view(in.explanation),
            static_cast<int64_t>(in.alerts),
            std::string_view(detect::disposition_name(in.disposition)),
            std::string_view(in.disposition_reason)};
}

Result<StoredIncident> incident_from_row(const Row& r) {
  if (r.size() != kIncidentColumnCount) {
    return make_error(ErrorCode::kMalformed, "incidents row has " + std::to_string(r.size()) +
                                                 " columns, expected " +
                                                 std::to_string(kIncidentColumnCount));
  }
  StoredIncident in;
  in.id = cell_text(r[0]);
  const std::string type = cell_text(r[1]);
  auto t = detect::parse_alert_type(type);
  if (!t) return bad(in.id, "type", type);
  in.type = *t;
  for (int col : {2, 3}) {
    if (cell_null(r[col])) continue;
    const std::string text = cell_text(r[col]);
    auto p = Prefix::parse(text);
    if (!p) return bad(in.id, "prefix", text);
    (col == 2 ? in.prefix : in.watched_prefix) = *p;
  }
  in.asn = static_cast<uint32_t>(cell_int(r[4]));
  const std::string asns = cell_text(r[5]);
  for (size_t start = 0; start < asns.size();) {
    size_t end = asns.find(',', start);
    if (end == std::string::npos) end = asns.size();
    uint32_t asn = 0;
    auto [ptr, ec] = std::from_chars(asns.data() + start, asns.data() + end, asn);
    if (ec != std::errc() || ptr != asns.data() + end) return bad(in.id, "expected_asns", asns);
    in.expected_asns.push_back(asn);
    start = end + 1;
  }
  in.first_seen = static_cast<uint32_t>(cell_int(r[6]));
  in.last_seen = static_cast<uint32_t>(cell_int(r[7]));
  in.withdrawn_at = static_cast<uint32_t>(cell_int(r[8]));
  const std::string status = cell_text(r[9]);
  auto s = parse_enum(status, detect::incident_status_name, detect::IncidentStatus::kResolved);
  if (!s) return bad(in.id, "status", status);
  in.status = *s;
  in.peers = static_cast<uint32_t>(cell_int(r[10]));
  in.peers_now = static_cast<uint32_t>(cell_int(r[11]));
  in.peer_list = split_lines(cell_text(r[12]));
  const std::string severity = cell_text(r[13]);
  auto sev = parse_enum(severity, detect::severity_name, detect::Severity::kCritical);
  if (!sev) return bad(in.id, "severity", severity);
  in.severity = *sev;
  in.norms = split_lines(cell_text(r[14]));
  in.country = cell_text(r[15]);
  in.code = cell_text(r[16]);
  in.explanation = cell_text(r[17]);
  in.alerts = static_cast<uint64_t>(cell_int(r[18]));
  const std::string disposition = cell_text(r[19]);
  auto d = parse_enum(disposition, detect::disposition_name, detect::Disposition::kIgnored);
  if (!d) return bad(in.id, "disposition", disposition);
  in.disposition = *d;
  in.disposition_reason = cell_text(r[20]);
  return in;
}

}  // namespace vigil::store
