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
finish
