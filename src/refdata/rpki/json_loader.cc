// JSON flavours of validator output (load.h), parsed with simdjson's DOM
// API. simdjson stays inside this file: no public header includes it.
#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "refdata/rpki/asn.h"
#include "refdata/rpki/entry_builder.h"
#include "refdata/rpki/json_locate.h"
#include "refdata/rpki/load.h"

namespace vigil::refdata::rpki {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// By value: a range-for over `e.get_object().value_unsafe()` would iterate
// a reference into a destroyed temporary.
object as_object(const element& e) { return e.get_object().value_unsafe(); }
array as_array(const element& e) { return e.get_array().value_unsafe(); }

const char* type_name(element_type t) {
  switch (t) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
      return "an integer";
    case element_type::DOUBLE:
      return "a non-integer number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "something else";
}

std::string expected(const char* what, const element& e) {
  return std::string("expected ") + what + ", found " + type_name(e.type());
}

// A JSON integer in [lo, hi], or a string of decimal digits in range.
// Returns the problem text, or nullopt with `out` set.
std::optional<std::string> small_int(const element& e, int64_t lo, int64_t hi, int64_t& out) {
  int64_t v = 0;
  if (e.type() == element_type::INT64) {
    v = int64_t(e.get_int64().value_unsafe());
  } else if (e.type() == element_type::UINT64) {
    return std::string("integer ") + std::to_string(uint64_t(e.get_uint64().value_unsafe())) +
           " is out of range";
  } else if (e.type() == element_type::STRING) {
    const std::string_view s = e.get_string().value_unsafe();
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != s.npos) {
      return internal::quote(s) + " is not an integer";
    }
    std::from_chars(s.data(), s.data() + s.size(), v);  // digits only, <= 18 of them
  } else {
    return expected("an integer", e);
  }
  if (v < lo || v > hi) return "integer " + std::to_string(v) + " is out of range";
  out = v;
  return std::nullopt;
}

// An AS number: JSON integer 0..4294967295, or a string parse_asn accepts.
std::optional<std::string> asn_of(const element& e, uint32_t& out, bool& was_as_string) {
  was_as_string = false;
  if (e.type() == element_type::INT64 || e.type() == element_type::UINT64) {
    uint64_t v = 0;
    if (e.type() == element_type::INT64) {
      const int64_t s = e.get_int64().value_unsafe();
      if (s < 0) return "AS number " + std::to_string(s) + " is negative";
      v = static_cast<uint64_t>(s);
    } else {
      v = e.get_uint64().value_unsafe();
    }
    if (v > 0xffffffffu)
      return "AS number " + std::to_string(v) + " is out of range (0..4294967295)";
    out = static_cast<uint32_t>(v);
    return std::nullopt;
  }
  if (e.type() != element_type::STRING) return expected("an AS number", e);
  const std::string_view s = e.get_string().value_unsafe();
  Result<uint32_t> r = parse_asn(s);
  if (!r) return r.error().message;
  was_as_string = s.size() >= 2 && (s[0] == 'A' || s[0] == 'a');
  out = *r;
  return std::nullopt;
}

class JsonLoader {
 public:
  JsonLoader(std::string_view source, const LoadOptions& options, RpkiData& out)
      : source_(source), options_(options), out_(out), tas_(out.trust_anchors) {}

  Status load(const element& root) {
    if (root.type() == element_type::ARRAY) {
      VIGIL_RETURN_IF_ERROR(load_roas(as_array(root), ""));
      out_.format = RpkiFormat::kVrpArrayJson;
      return Status::Ok();
    }
    if (root.type() != element_type::OBJECT) {
      return fail("", expected("an object with \"roas\" or \"aspas\", or an array of VRPs", root));
    }
    const object top = as_object(root);
    if (!top["slurmVersion"].error()) {
      return make_error(ErrorCode::kUnsupported,
                        std::string(source_) +
                            ": a SLURM file (RFC 8416, local exceptions), not validator output");
    }
    bool found = false;
    for (const auto field : top) {
      const std::string_view key = field.key;
      const element& value = field.value;
      if (key == "roas") {
        found = true;
        if (value.type() != element_type::ARRAY) return fail("roas", expected("an array", value));
        VIGIL_RETURN_IF_ERROR(load_roas(as_array(value), "roas"));
      } else if (key == "aspas") {
        found = true;
        if (value.type() != element_type::ARRAY) return fail("aspas", expected("an array", value));
        VIGIL_RETURN_IF_ERROR(load_aspas(as_array(value), "aspas", AspaAfi::kAny));
      } else if (key == "provider_authorizations") {
        // Older rpki-client: {"ipv4": [...], "ipv6": [...]}.
        found = true;
        saw_rpki_client_ = true;
        VIGIL_RETURN_IF_ERROR(load_provider_authorizations(value));
      } else if (key == "bgpsec_keys") {
        saw_rpki_client_ = true;
      } else if (key == "metadata" && value.type() == element_type::OBJECT) {
        const object meta = as_object(value);
        if (!meta["buildtime"].error() || !meta["buildmachine"].error()) saw_rpki_client_ = true;
        if (!meta["generatedTime"].error()) saw_routinator_ = true;
      }
    }
    if (!found) {
      return fail("",
                  "no \"roas\", \"aspas\" or \"provider_authorizations\" member: not a VRP "
                  "or ASPA file");
    }
    out_.format = flavour();
    return Status::Ok();
  }

 private:
  RpkiFormat flavour() const {
    if (saw_source_) return RpkiFormat::kRoutinatorJsonExt;
    if (saw_rpki_client_ || (saw_int_asn_ && saw_expires_)) return RpkiFormat::kRpkiClientJson;
    if (saw_routinator_ || (saw_as_string_ && saw_ta_)) return RpkiFormat::kRoutinatorJson;
    return RpkiFormat::kStayRtrJson;
  }

  static std::string index_path(std::string_view base, size_t i) {
    std::string p(base);
    p += '[';
    p += std::to_string(i);
    p += ']';
    return p;
  }

  Error fail(std::string_view path, const std::string& what) const {
    std::string m(source_);
    m += ": ";
    if (!path.empty()) {
      m.append(path);
      m += ": ";
    }
    m += what;
    return make_error(ErrorCode::kMalformed, std::move(m));
  }

  // An entry-level problem: fatal, or a warning when skipping bad entries.
  Status bad_entry(const std::string& path, const std::string& what) {
    if (!options_.skip_bad_entries) return fail(path, what);
    ++out_.skipped;
    out_.warn(std::string(source_) + ": " + path + ": " + what + " (entry skipped)");
    return Status::Ok();
  }

  Status load_roas(const array& roas, std::string_view base) {
    out_.vrps.reserve(out_.vrps.size() + roas.size());
    size_t i = 0;
    for (const element e : roas) {
      VIGIL_RETURN_IF_ERROR(load_roa(e, index_path(base, i)));
      ++i;
    }
    return Status::Ok();
  }

  Status load_roa(const element& e, const std::string& path) {
    if (e.type() != element_type::OBJECT) return bad_entry(path, expected("an object", e));
    std::optional<element> asn, prefix, max_length, ta, expires, source;
    for (const auto field : as_object(e)) {
      const std::string_view k = field.key;
      if (k == "asn") {
        asn = field.value;
      } else if (k == "prefix") {
        prefix = field.value;
      } else if (k == "maxLength") {
        max_length = field.value;
      } else if (k == "ta") {
        ta = field.value;
      } else if (k == "expires") {
        expires = field.value;
      } else if (k == "source") {
        source = field.value;
      }
    }
    if (!asn) return bad_entry(path, "no \"asn\" member");
    if (!prefix) return bad_entry(path, "no \"prefix\" member");

    VrpRecord rec;
    uint32_t as_number = 0;
    bool as_string = false;
    if (auto p = asn_of(*asn, as_number, as_string)) return bad_entry(path + ".asn", *p);
    (as_string ? saw_as_string_ : saw_int_asn_) = true;
    if (prefix->type() != element_type::STRING) {
      return bad_entry(path + ".prefix", expected("a string", *prefix));
    }
    std::optional<int64_t> ml;
    if (max_length) {
      int64_t v = 0;
      if (auto p = small_int(*max_length, -1000, 1000, v)) {
        return bad_entry(path + ".maxLength", *p);
      }
      ml = v;
    }
    std::string note;
    if (auto problem = internal::build_vrp(prefix->get_string().value_unsafe(), ml, as_number,
                                           options_.mask_host_bits, rec.vrp, note)) {
      const char* field =
          problem->field == internal::VrpField::kMaxLength ? ".maxLength" : ".prefix";
      return bad_entry(path + field, problem->what);
    }
    if (!note.empty()) out_.warn(std::string(source_) + ": " + path + ".prefix: " + note);
    if (ta) {
      if (ta->type() != element_type::STRING)
        return bad_entry(path + ".ta", expected("a string", *ta));
      rec.ta = tas_.intern(ta->get_string().value_unsafe());
      saw_ta_ = true;
    }
    if (expires) {
      saw_expires_ = true;
      int64_t v = 0;
      if (auto p = small_int(*expires, 0, INT64_MAX, v)) return bad_entry(path + ".expires", *p);
      rec.expires = v;
    }
    if (source) {
      saw_source_ = true;
      VIGIL_RETURN_IF_ERROR(read_source(*source, path + ".source", rec.ta));
    }
    out_.vrps.push_back(rec);
    return Status::Ok();
  }

  // Routinator jsonext "source": [{"type": "roa", "uri": ..., "tal": "ripe", ...}].
  Status read_source(const element& s, const std::string& path, uint16_t& ta) {
    if (s.type() != element_type::ARRAY) return bad_entry(path, expected("an array", s));
    for (const element item : as_array(s)) {
      if (item.type() != element_type::OBJECT) continue;
      const auto tal = as_object(item)["tal"];
      if (!tal.error() && tal.value_unsafe().type() == element_type::STRING) {
        ta = tas_.intern(tal.value_unsafe().get_string().value_unsafe());
        break;
      }
    }
    return Status::Ok();
  }

  Status load_provider_authorizations(const element& v) {
    if (v.type() == element_type::ARRAY) {
      return load_aspas(as_array(v), "provider_authorizations", AspaAfi::kAny);
    }
    if (v.type() != element_type::OBJECT) {
      return fail("provider_authorizations", expected("an object or an array", v));
    }
    for (const auto field : as_object(v)) {
      const std::string_view k = field.key;
      const std::string path = "provider_authorizations." + std::string(k);
      const AspaAfi afi = k == "ipv4"   ? AspaAfi::kIPv4
                          : k == "ipv6" ? AspaAfi::kIPv6
                                        : AspaAfi::kAny;
      if (field.value.type() != element_type::ARRAY)
        return fail(path, expected("an array", field.value));
      VIGIL_RETURN_IF_ERROR(load_aspas(as_array(field.value), path, afi));
    }
    return Status::Ok();
  }

  Status load_aspas(const array& aspas, std::string_view base, AspaAfi afi) {
    size_t i = 0;
    for (const element e : aspas) {
      VIGIL_RETURN_IF_ERROR(load_aspa(e, index_path(base, i), afi));
      ++i;
    }
    return Status::Ok();
  }

  Status load_aspa(const element& e, const std::string& path, AspaAfi afi) {
    if (e.type() != element_type::OBJECT) return bad_entry(path, expected("an object", e));
    Aspa a;
    a.afi = afi;
    std::optional<element> customer, providers;
    std::string customer_key;
    for (const auto field : as_object(e)) {
      const std::string_view k = field.key;
      if (k == "customer_asid" || k == "customer") {
        customer = field.value;
        customer_key = std::string(k);
        (k == "customer_asid" ? saw_rpki_client_ : saw_routinator_) = true;
      } else if (k == "providers") {
        providers = field.value;
      } else if (k == "afi") {
        if (field.value.type() != element_type::STRING) {
          return bad_entry(path + ".afi", expected("a string", field.value));
        }
        const std::string_view s = field.value.get_string().value_unsafe();
        if (s == "ipv4") {
          a.afi = AspaAfi::kIPv4;
        } else if (s == "ipv6") {
          a.afi = AspaAfi::kIPv6;
        } else {
          return bad_entry(path + ".afi", internal::quote(s) + " is not \"ipv4\" or \"ipv6\"");
        }
      } else if (k == "ta") {
        if (field.value.type() != element_type::STRING) {
          return bad_entry(path + ".ta", expected("a string", field.value));
        }
        a.ta = tas_.intern(field.value.get_string().value_unsafe());
      } else if (k == "expires") {
        int64_t v = 0;
        if (auto p = small_int(field.value, 0, INT64_MAX, v))
          return bad_entry(path + ".expires", *p);
        a.expires = v;
      } else if (k == "source") {
        saw_source_ = true;
        VIGIL_RETURN_IF_ERROR(read_source(field.value, path + ".source", a.ta));
      }
    }
    if (!customer) return bad_entry(path, "no \"customer_asid\" or \"customer\" member");
    if (!providers) return bad_entry(path, "no \"providers\" member");
    bool as_string = false;
    if (auto p = asn_of(*customer, a.customer, as_string))
      return bad_entry(path + "." + customer_key, *p);
    if (providers->type() != element_type::ARRAY) {
      return bad_entry(path + ".providers", expected("an array", *providers));
    }
    size_t j = 0;
    for (const element p : as_array(*providers)) {
      // An AS number, or (some rpki-client versions) {"asid": N, "afi_limit": ...}.
      element asn_el = p;
      if (p.type() == element_type::OBJECT) {
        const object o = as_object(p);
        auto r = o["asid"];
        if (r.error()) r = o["asn"];
        if (r.error()) r = o["provider"];
        if (r.error()) {
          return bad_entry(index_path(path + ".providers", j), "object without \"asid\"");
        }
        asn_el = r.value_unsafe();
      }
      uint32_t asn = 0;
      if (auto problem = asn_of(asn_el, asn, as_string)) {
        return bad_entry(index_path(path + ".providers", j), *problem);
      }
      a.providers.push_back(asn);
      ++j;
    }
    if (a.providers.empty()) {
      out_.warn(std::string(source_) + ": " + path +
                ".providers: empty (the ASPA profile spells \"no providers\" as AS0); read as no "
                "providers");
    }
    out_.aspas.push_back(std::move(a));
    return Status::Ok();
  }

  std::string_view source_;
  const LoadOptions& options_;
  RpkiData& out_;
  internal::TaInterner tas_;
  bool saw_source_ = false;
  bool saw_rpki_client_ = false;
  bool saw_routinator_ = false;
  bool saw_int_asn_ = false;
  bool saw_as_string_ = false;
  bool saw_expires_ = false;
  bool saw_ta_ = false;
};

Error syntax_error(std::string_view text, std::string_view source, simdjson::error_code code) {
  std::string m(source);
  if (auto e = internal::find_json_syntax_error(text)) {
    m += ':';
    m += std::to_string(e->line);
    m += ':';
    m += std::to_string(e->column);
    m += ": JSON syntax error: ";
    m += e->what;
    return make_error(e->offset >= text.size() ? ErrorCode::kTruncated : ErrorCode::kMalformed,
                      std::move(m), e->offset);
  }
  m += ": JSON error: ";
  m += simdjson::error_message(code);
  return make_error(ErrorCode::kMalformed, std::move(m));
}

}  // namespace

Result<RpkiData> parse_rpki_json(std::string_view text, std::string_view source,
                                 const LoadOptions& options) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  simdjson::dom::parser parser;
  element root;
  // realloc_if_needed: copies `text` into a padded buffer (simdjson reads
  // up to SIMDJSON_PADDING bytes past the end).
  if (const auto err = parser.parse(text.data(), text.size(), true).get(root); err) {
    return syntax_error(text, source, err);
  }
  RpkiData out;
  JsonLoader loader(source, options, out);
  if (Status s = loader.load(root); !s) return s.error();
  return out;
}

}  // namespace vigil::refdata::rpki
