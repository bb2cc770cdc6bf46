#!/usr/bin/env bash
# End-to-end tests of `vigil detect` on generated data: it runs, the JSON
# has the documented fields, a watchlist hijack is found, bad options and
# bad watchlists get clear errors.
#   detect_cli_test.sh VIGIL MRTGEN
set -uo pipefail
VIGIL=$1
GEN=$2
source "$(dirname "$0")/lib.sh"
"$GEN" --seed 9 --peers 4 --prefixes 400 --updates 3000 -o "$tmp" > /dev/null

# The generator's routes for 10.0.1.0/24 have origin AS65001: a watchlist
# that expects AS64999 must see an origin hijack by AS65001.
cat > "$tmp/watch.yml" <<'YML'
prefixes:
  - prefix: 10.0.1.0/24
    origins: [64999]
YML
"$VIGIL" detect --json --config "$tmp/watch.yml" "$tmp/rib.mrt" "$tmp/updates.mrt" > "$tmp/out.json"
check "detect exit 0" test $? -eq 0
check "origin hijack found" grep -q '"type":"origin-hijack","prefix":"10.0.1.0/24"' "$tmp/out.json"
if command -v python3 > /dev/null; then
  check "json fields" python3 -c "
import json
need={'id','type','prefix','asn','expected_asns','first_seen','last_seen','status','peers','severity','norms','country','explanation','evidence'}
n=0
for line in open('$tmp/out.json'):
    o=json.loads(line); n+=1
    assert need <= set(o), need - set(o)
    assert o['evidence'] and o['evidence'][0]['offset'] >= 0
assert n > 0
"
fi
"$VIGIL" detect "$tmp/rib.mrt" "$tmp/updates.mrt" > "$tmp/out.txt"
check "table summary" grep -q 'incidents from' "$tmp/out.txt"
"$VIGIL" detect --detectors nope "$tmp/rib.mrt" 2> "$tmp/err"; rc=$?
check "unknown detector" bash -c "test $rc -eq 2 && grep -q \"unknown detector 'nope'\" $tmp/err"
printf 'prefixes:\n  - prefix: 10.0.0.0/33\n    origins: [1]\n' > "$tmp/bad.yml"
"$VIGIL" detect --config "$tmp/bad.yml" "$tmp/rib.mrt" 2> "$tmp/err"; rc=$?
check "bad watchlist names file and line" bash -c "test $rc -eq 2 && grep -q 'bad.yml:2:' $tmp/err"

# Reference data: VRPs (the ROA names AS64999, so AS65001's route is
# RPKI-invalid), a registry that puts AS65001 in NL, and rules.
printf '{"roas":[{"prefix":"10.0.1.0/24","maxLength":24,"asn":"AS64999"}]}\n' > "$tmp/vrps.json"
mkdir -p "$tmp/reg"
printf '2|ripencc|1404165599|1|19830705|20140630|+0200\nripencc|*|asn|*|1|summary\nripencc|NL|asn|65001|1|19940519|allocated\n' \
  > "$tmp/reg/delegated-ripencc-latest"
cat > "$tmp/rules.yml" <<'YML'
prefixes:
  - prefix: 10.0.1.0/24
    origins: [64999]
acknowledge:
  - prefix: 10.0.1.0/24
    type: origin-hijack
    reason: lab network
ignore:
  - type: bogon
YML
"$VIGIL" detect --json --config "$tmp/rules.yml" --vrps "$tmp/vrps.json" --registry "$tmp/reg" \
  "$tmp/rib.mrt" "$tmp/updates.mrt" > "$tmp/ref.json"
check "detect with reference data exit 0" test $? -eq 0
check "rpki-invalid found" grep -q '"type":"rpki-invalid","prefix":"10.0.1.0/24".*"code":"IA"' "$tmp/ref.json"
check "country from registry" grep -q '"type":"rpki-invalid","prefix":"10.0.1.0/24".*"country":"NL"' "$tmp/ref.json"
check "acknowledged" grep -q '"type":"origin-hijack","prefix":"10.0.1.0/24".*"disposition":"acknowledged","disposition_reason":"lab network"' "$tmp/ref.json"
check "ignored bogons left out" bash -c "! grep -q '\"type\":\"bogon\"' $tmp/ref.json"
"$VIGIL" detect --show-ignored --json --config "$tmp/rules.yml" "$tmp/rib.mrt" "$tmp/updates.mrt" > "$tmp/all.json"
check "--show-ignored lists them" grep -q '"type":"bogon".*"disposition":"ignored"' "$tmp/all.json"
"$VIGIL" detect --config "$tmp/rules.yml" "$tmp/rib.mrt" "$tmp/updates.mrt" > "$tmp/table.txt"
check "table counts ignored" grep -q 'ignored by rules' "$tmp/table.txt"
printf '{"roas":[{"prefix":"10.0.1.0/24","maxLength":24}]}\n' > "$tmp/badvrps.json"
"$VIGIL" detect --vrps "$tmp/badvrps.json" "$tmp/rib.mrt" 2> "$tmp/err"; rc=$?
check "bad VRP file names file and entry" bash -c "test $rc -eq 2 && grep -q 'badvrps.json' $tmp/err && grep -q 'roas\[0\]' $tmp/err"
printf 'ignore:\n  - type: hijack\n' > "$tmp/badrule.yml"
"$VIGIL" detect --config "$tmp/badrule.yml" "$tmp/rib.mrt" 2> "$tmp/err"; rc=$?
check "unknown incident type in a rule" bash -c "test $rc -eq 2 && grep -q \"badrule.yml:2:.*unknown incident type 'hijack'\" $tmp/err"
"$VIGIL" detect --registry "$tmp/nonexistent" "$tmp/rib.mrt" 2> "$tmp/err"; rc=$?
check "missing registry" bash -c "test $rc -eq 2 && grep -q nonexistent $tmp/err"

# vigil rpki: ROA diff and one-route validation.
printf '{"roas":[{"prefix":"10.0.0.0/16","maxLength":16,"asn":"AS64500"},{"prefix":"10.1.0.0/16","maxLength":16,"asn":"AS64501"}]}\n' > "$tmp/before.json"
printf '{"roas":[{"prefix":"10.0.0.0/16","maxLength":24,"asn":"AS64500"},{"prefix":"10.2.0.0/16","maxLength":16,"asn":"AS64502"}]}\n' > "$tmp/after.json"
"$VIGIL" rpki diff "$tmp/before.json" "$tmp/after.json" > "$tmp/diff.txt"
check "rpki diff added" grep -q '^added    10.2.0.0/16 maxLength 16 AS64502$' "$tmp/diff.txt"
check "rpki diff removed" grep -q '^removed  10.1.0.0/16 maxLength 16 AS64501$' "$tmp/diff.txt"
check "rpki diff changed" grep -q '^changed  10.0.0.0/16 AS64500 maxLength 16 -> 24$' "$tmp/diff.txt"
"$VIGIL" rpki diff --json "$tmp/before.json" "$tmp/after.json" > "$tmp/diff.json"
check "rpki diff json" grep -q '"changed":\[{"prefix":"10.0.0.0/16","asn":64500,"before":\[16\],"after":\[24\]}\]' "$tmp/diff.json"
"$VIGIL" rpki validate "$tmp/after.json" 10.0.1.0/24 64500 > "$tmp/v.txt"; rc=$?
check "rpki validate valid" bash -c "test $rc -eq 0 && grep -q 'AS64500: valid (VD)' $tmp/v.txt"
"$VIGIL" rpki validate "$tmp/after.json" 10.0.1.0/25 3356 64500 > "$tmp/v.txt"; rc=$?
check "rpki validate invalid length exits 1" bash -c "test $rc -eq 1 && grep -q 'invalid (IL)' $tmp/v.txt"
"$VIGIL" rpki validate "$tmp/after.json" 10.9.0.0/16 64500 > "$tmp/v.txt"; rc=$?
check "rpki validate not found" bash -c "test $rc -eq 0 && grep -q 'not-found (NF)' $tmp/v.txt"
"$VIGIL" rpki diff "$tmp/badvrps.json" "$tmp/after.json" 2> "$tmp/err"; rc=$?
check "rpki diff bad file" bash -c "test $rc -eq 2 && grep -q 'badvrps.json: roas\[0\]' $tmp/err"
finish
