#!/usr/bin/env bash
# End-to-end test of an exercise directory (src/exercise): bgpdump -m and
# `vigil dump -m` print the same lines for its rib.mrt and updates.mrt,
# `vigil detect` reads its vrps.json, as-rel.txt and registry/, and sees
# the injected RPKI-invalid route and the DNS root hijack; the same seed
# writes the same bytes.
#   exercise_cli_test.sh VIGIL EXERCISE_WRITE
set -uo pipefail
VIGIL=$1
GEN=$2
source "$(dirname "$0")/lib.sh"
"$GEN" --seed 3 -o "$tmp/a" > /dev/null
check "writer exit 0" test $? -eq 0
"$GEN" --seed 3 -o "$tmp/b" > /dev/null
"$GEN" --seed 4 -o "$tmp/c" > /dev/null
check "same seed, same files" diff -r -q "$tmp/a" "$tmp/b"
check "another seed, another rib" bash -c "! cmp -s $tmp/a/rib.mrt $tmp/c/rib.mrt"
for f in rib.mrt updates.mrt vrps.json as-rel.txt truth.json; do
  check "$f written" test -s "$tmp/a/$f"
done
check "five registry files" test "$(ls "$tmp/a/registry" | grep -c '^delegated-.*-extended-')" -eq 5

for dir in a c; do
  for f in rib.mrt updates.mrt; do
    "$VIGIL" dump -m "$tmp/$dir/$f" > "$tmp/$dir.$f.vigil"
    check "vigil reads $dir/$f" test $? -eq 0 -a -s "$tmp/$dir.$f.vigil"
    if command -v bgpdump > /dev/null; then
      bgpdump -q -m "$tmp/$dir/$f" > "$tmp/$dir.$f.bgpdump" 2> /dev/null
      check "bgpdump parity $dir/$f" cmp -s "$tmp/$dir.$f.bgpdump" "$tmp/$dir.$f.vigil"
    fi
  done
done
check "RIB lines are TABLE_DUMP2" bash -c "grep -vc '^TABLE_DUMP2|' $tmp/a.rib.mrt.vigil | grep -q '^0$'"
check "updates have announcements" grep -q '^BGP4MP_ET|[0-9.]*|A|' "$tmp/a.updates.mrt.vigil"
check "updates have withdrawals" grep -q '^BGP4MP_ET|[0-9.]*|W|' "$tmp/a.updates.mrt.vigil"

# The reference files load, and detection sees the injected events.
"$VIGIL" detect --json --vrps "$tmp/a/vrps.json" --as-rel "$tmp/a/as-rel.txt" \
  --registry "$tmp/a/registry" "$tmp/a/rib.mrt" "$tmp/a/updates.mrt" > "$tmp/detect.json" 2> "$tmp/detect.err"
check "detect with the reference files exit 0" test $? -eq 0
check "no loader warnings" bash -c "! grep -qi 'warning' $tmp/detect.err"
if command -v python3 > /dev/null; then
  check "detect sees the RPKI-invalid route and the root hijack" python3 -c "
import json
truth = json.load(open('$tmp/a/truth.json'))
ev = {e['type']: e for e in truth['events']}
rpki = ev['rpki-invalid']['prefixes'][0]
root = ev['dns-root-hijack']['prefixes'][0]
types = {}
for line in open('$tmp/detect.json'):
    o = json.loads(line)
    types.setdefault(o['prefix'], set()).add(o['type'])
assert any('rpki' in t for t in types.get(rpki, ())), (rpki, types.get(rpki))
assert types.get(root), root
"
fi
finish
