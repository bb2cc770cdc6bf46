#!/usr/bin/env bash
# End-to-end tests of the routing-state commands on generated data:
# rib stats, lookup, origins, rib load (queries on stdin), snapshot (read
# back by vigil and by bgpdump), --at time travel, bad input.
#   rib_cli_test.sh VIGIL MRTGEN
set -uo pipefail
VIGIL=$1
GEN=$2
source "$(dirname "$0")/lib.sh"
"$GEN" --seed 5 --peers 4 --prefixes 500 --updates 2000 -o "$tmp" > /dev/null

"$VIGIL" rib stats --json "$tmp/rib.mrt" > "$tmp/stats.json"
check "stats json routes" grep -q '"routes":2000' "$tmp/stats.json"
check "stats json prefixes" grep -q '"prefixes_v4":400,"prefixes_v6":100' "$tmp/stats.json"
"$VIGIL" rib stats "$tmp/rib.mrt" "$tmp/updates.mrt" > "$tmp/stats.txt"
check "stats table" grep -q '^peers *4' "$tmp/stats.txt"

# lookup: longest match of an address inside 10.0.1.0/24 is that prefix.
"$VIGIL" lookup "$tmp/rib.mrt" 10.0.1.77 > "$tmp/lookup.txt"
check "lookup longest match" grep -q '^longest match 10.0.1.0/24  (4 peers' "$tmp/lookup.txt"
"$VIGIL" lookup --json "$tmp/rib.mrt" 10.0.0.0/16 > "$tmp/lookup.json"
check "lookup more-specifics in json" bash -c "grep -o '\"prefix\":\"10\\.0\\.[0-9]*\\.0/2[24]\"' $tmp/lookup.json | wc -l | grep -qv '^0$'"
check "lookup no route" bash -c "$VIGIL lookup $tmp/rib.mrt 192.0.2.1 | grep -q 'no route'"
# origins: every prefix the generator gave origin 65010 (prefix index % 400 == 10).
"$VIGIL" origins "$tmp/rib.mrt" AS65010 > "$tmp/orig.txt"
check "origins" bash -c "grep -q '^10.0.10.0/24' $tmp/orig.txt && test \$(wc -l < $tmp/orig.txt) -eq 2"

# rib load: queries from stdin.
printf 'lookup 10.0.1.1\norigins 65010 --json\nstats --json\nquit\n' |
  "$VIGIL" rib load "$tmp/rib.mrt" > "$tmp/repl.txt" 2> "$tmp/repl.err"
check "repl lookup" grep -q '^longest match 10.0.1.0/24' "$tmp/repl.txt"
check "repl origins json" grep -q '"asn":65010' "$tmp/repl.txt"
check "repl stats json" grep -q '"routes":2000' "$tmp/repl.txt"

# Snapshot: read back by vigil (same routes) and by bgpdump (same lines).
"$VIGIL" rib snapshot "$tmp/rib.mrt" "$tmp/updates.mrt" -o "$tmp/snap.mrt"
"$VIGIL" rib snapshot "$tmp/snap.mrt" -o "$tmp/snap2.mrt"
check "snapshot of a snapshot is identical" cmp -s "$tmp/snap.mrt" "$tmp/snap2.mrt"
"$VIGIL" rib stats --json "$tmp/rib.mrt" "$tmp/updates.mrt" | sed 's/"bytes".*//' > "$tmp/a"
"$VIGIL" rib stats --json "$tmp/snap.mrt" | sed 's/"bytes".*//' > "$tmp/b"
check "snapshot keeps the state" cmp -s "$tmp/a" "$tmp/b"
if command -v bgpdump > /dev/null; then
  bgpdump -q -m "$tmp/snap.mrt" > "$tmp/snap.bgpdump" 2> /dev/null
  "$VIGIL" dump -m "$tmp/snap.mrt" > "$tmp/snap.vigil"
  check "bgpdump reads the snapshot" cmp -s "$tmp/snap.bgpdump" "$tmp/snap.vigil"
  check "snapshot not empty" test -s "$tmp/snap.vigil"
fi

# --at: before the first update the state is the RIB dump's.
"$VIGIL" rib stats --json --at 1700000001 "$tmp/rib.mrt" "$tmp/updates.mrt" | sed 's/"bytes".*//' > "$tmp/at"
"$VIGIL" rib stats --json "$tmp/rib.mrt" | sed 's/"bytes".*//' > "$tmp/rib-only"
check "--at before the updates" cmp -s "$tmp/at" "$tmp/rib-only"

# Bad input.
"$VIGIL" lookup "$tmp/rib.mrt" not-an-ip 2> "$tmp/err"; rc=$?
check "bad query exit 2" bash -c "test $rc -eq 2 && grep -q 'bad query' $tmp/err"
head -c 5000 "$tmp/rib.mrt" > "$tmp/cut.mrt"
"$VIGIL" rib stats "$tmp/cut.mrt" > /dev/null 2> "$tmp/err"; rc=$?
check "truncated rib: exit 1 with offset" bash -c "test $rc -eq 1 && grep -q 'offset' $tmp/err"

finish
