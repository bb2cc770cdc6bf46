// libFuzzer target: the reference-data parsers, which read files users
// download or write by hand. The first octet picks the parser, the rest is
// the file's text:
//   0 RPKI (JSON flavours and CSV, strict and lenient),
//   1 RIR delegated statistics, then a registry built from them and queried,
//   2 CAIDA AS relationships, then queried,
//   3 watchlist YAML (vigil, BGPalerter, ARTEMIS), with its incident rules.
// Errors are fine; crashes, hangs and sanitizer reports are not.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ip.h"
#include "refdata/asrel/caida_as_rel.h"
#include "refdata/registry/registry.h"
#include "refdata/registry/rir_stats.h"
#include "refdata/rpki/load.h"
#include "refdata/rpki/vrp_set.h"
#include "refdata/watchlist/watchlist.h"

namespace {

void rpki(std::string_view text) {
  using namespace vigil::refdata::rpki;
  for (int lenient = 0; lenient < 2; ++lenient) {
    LoadOptions o;
    o.mask_host_bits = o.skip_bad_entries = lenient == 1;
    auto d = parse_rpki(text, "fuzz", o);
    if (!d.ok()) continue;
    const VrpSet set = VrpSet::build(d->vrps);
    for (const auto& r : d->vrps) set.validate(r.vrp.prefix, r.vrp.asn);
    const AspaSet aspas = AspaSet::build(d->aspas);
    (void)aspas.size();
  }
}

void rir(std::string_view text) {
  using namespace vigil::refdata;
  auto f = parse_rir_stats(text, "fuzz");
  if (!f.ok()) return;
  RegistryBuilder b;
  b.add(std::move(*f));
  const Registry reg = std::move(b).build();
  for (uint32_t asn : {0u, 1u, 3333u, 65536u, 4294967295u}) (void)reg.lookup_asn(asn);
  for (const char* p : {"0.0.0.0/0", "193.0.0.0/21", "2001:db8::/32", "10.0.0.0/8"}) {
    (void)reg.lookup_prefix(*vigil::Prefix::parse(p));
  }
  for (const auto& cc : reg.countries()) (void)reg.country(cc);
}

void as_rel(std::string_view text) {
  using namespace vigil::refdata;
  auto f = parse_as_rel(text, "fuzz");
  if (!f.ok()) return;
  const auto& rels = f->relationships;
  for (uint32_t a : rels.ases()) {
    (void)rels.relationship(a, a + 1);
    (void)rels.degree(a);
  }
  (void)format_as_rel_serial1(rels);
}

void watchlist(std::string_view text) {
  auto w = vigil::refdata::parse_watchlist(text, "fuzz");
  if (!w.ok()) return;
  for (const char* p : {"10.0.0.0/8", "193.0.0.0/21", "2001:db8::/48", "0.0.0.0/0"}) {
    (void)w->covering(*vigil::Prefix::parse(p));
  }
  (void)w->incident_rules().size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
    case 0:
      rpki(text);
      break;
    case 1:
      rir(text);
      break;
    case 2:
      as_rel(text);
      break;
    default:
      watchlist(text);
      break;
  }
  return 0;
}
