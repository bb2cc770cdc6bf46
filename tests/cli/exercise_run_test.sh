#!/usr/bin/env bash
# `vigil exercise run`: every shipped scenario (examples/exercises) is
# detected with the right type and no false alarm; the JSON scorecard has
# its fields; thresholds that are not met give exit 1; generation is
# deterministic; bad scenario files get located errors; --store keeps the
# incidents and their evidence.
#   exercise_run_test.sh VIGIL
set -uo pipefail
VIGIL=$1
HERE=$(cd "$(dirname "$0")" && pwd)
EX="$HERE/../../examples/exercises"
source "$HERE/lib.sh"

for f in "$EX"/*.yaml; do
  name=$(basename "$f" .yaml)
  "$VIGIL" exercise run --json "$f" > "$tmp/$name.json" 2> "$tmp/err"
  check "$name passes its thresholds (exit 0)" test $? -eq 0
  check "$name: every event detected with the right type, no false alarm" python3 -c "
import json
o = json.loads(open('$tmp/$name.json').read())
assert o['pass'] and o['events'], o
for e in o['events']:
    assert e['detected'] and e['right_type'], e
    assert e['time_to_detect'] is not None and e['peers'] > 0, e
assert o['false_alarms'] == [], o['false_alarms']
"
done

# A scenario whose thresholds cannot be met: an outage nobody watches,
# judged within 60 s (the outage signal needs three 5-minute bins).
cat > "$tmp/strict.yaml" <<'YML'
name: strict
internet: {seed: 3, ases: 300, prefixes: 1500, vantage_points: 8}
duration: 9000
churn: {link_flaps_per_hour: 0}
watch: none
events:
  - {type: country-shutdown, start: 5400, share: 1.0}
pass: {max_time_to_detect: 60}
YML
"$VIGIL" exercise run "$tmp/strict.yaml" > "$tmp/out" 2>&1; rc=$?
check "unmet thresholds: exit 1" test $rc -eq 1
check "unmet thresholds: says why" grep -q "FAIL" "$tmp/out"

# Deterministic: the same scenario twice gives the same files.
"$VIGIL" exercise generate "$EX/youtube-2008.yaml" -o "$tmp/g1" > /dev/null
"$VIGIL" exercise generate "$EX/youtube-2008.yaml" -o "$tmp/g2" > /dev/null
for f in rib.mrt updates.mrt vrps.json as-rel.txt truth.json watch.yml; do
  check "generate is deterministic: $f" cmp -s "$tmp/g1/$f" "$tmp/g2/$f"
done

# Bad scenarios: located errors, exit 2.
printf 'name: x\nevents:\n  - {type: exact-prefix-hijack, start: 10}\npass: {detectd: 1}\n' > "$tmp/bad1.yaml"
"$VIGIL" exercise run "$tmp/bad1.yaml" 2> "$tmp/err"; rc=$?
check "misspelt threshold is an error" bash -c "test $rc -eq 2 && grep -q \"bad1.yaml:4:.*unknown key 'detectd'\" $tmp/err"
printf 'name: x\nevents:\n  - {type: hijack, start: 10}\n' > "$tmp/bad2.yaml"
"$VIGIL" exercise run "$tmp/bad2.yaml" 2> "$tmp/err"; rc=$?
check "unknown event type is an error" bash -c "test $rc -eq 2 && grep -q \"bad2.yaml:3:.*unknown event type 'hijack'\" $tmp/err"
printf 'name: x\nduration: 100\nevents:\n  - {type: as-outage, start: 500}\n' > "$tmp/bad3.yaml"
"$VIGIL" exercise run "$tmp/bad3.yaml" 2> "$tmp/err"; rc=$?
check "event after the end is an error" bash -c "test $rc -eq 2 && grep -q 'bad3.yaml:4:' $tmp/err"

# A real background (the RouteViews jinx RIB of shared data).
jinx="${VIGIL_DATA:-$HERE/../../../shared/data}/mrt/libbgpstream/routeviews.route-views.jinx.ribs.1401487200.bz2"
if [ -f "$jinx" ]; then
  sed "s|  rib: .*|  rib: $jinx|" "$EX/real/jinx-2014.yaml" > "$tmp/real.yaml"
  "$VIGIL" exercise run --json "$tmp/real.yaml" > "$tmp/real.json"
  check "real background: passes" test $? -eq 0
  check "real background: every event detected with the right type" python3 -c "
import json
o = json.loads(open('$tmp/real.json').read())
assert o['pass'] and len(o['events']) == 4, o
assert all(e['detected'] and e['right_type'] for e in o['events']), o
assert 'background_alerts' in o
"
  printf 'name: x\nbackground: {rib: %s}\nevents:\n  - {type: route-leak, start: 10}\n' "$jinx" > "$tmp/bad4.yaml"
  "$VIGIL" exercise run "$tmp/bad4.yaml" 2> "$tmp/err"; rc=$?
  check "route leak on real data: clear error" bash -c "test $rc -eq 2 && grep -q 'needs a synthetic Internet' $tmp/err"
else
  echo "SKIP real background: $jinx not found (set VIGIL_DATA)"
fi

# --store: incidents and evidence kept, bundle verifies.
"$VIGIL" exercise run "$EX/youtube-2008.yaml" --store "$tmp/s.db" > /dev/null
check "exercise --store" test $? -eq 0
id=$("$VIGIL" evidence list --store "$tmp/s.db" | awk '$2=="subprefix-hijack"{print $NF; exit}')
check "stored hijack" test -n "$id"
"$VIGIL" evidence export "$id" -o "$tmp/b" --store "$tmp/s.db" > /dev/null &&
  "$VIGIL" evidence verify "$tmp/b" > /dev/null
check "its bundle verifies" test $? -eq 0
finish
