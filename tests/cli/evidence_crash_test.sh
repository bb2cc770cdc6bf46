#!/usr/bin/env bash
# Crash test of `vigil detect --store`: runs killed with SIGKILL at random
# moments (a bounded loop) never leave a store and evidence log that
# disagree: after each kill the log verifies (a torn tail of the last
# segment is the only damage allowed, and it is dropped on the next write),
# every evidence reference in the store names a signed leaf holding the
# record it says, and the next run completes.
#   evidence_crash_test.sh VIGIL MRTGEN
set -uo pipefail
VIGIL=$1
GEN=$2
source "$(dirname "$0")/lib.sh"
"$GEN" --seed 5 --peers 6 --prefixes 3000 --updates 30000 -o "$tmp" > /dev/null
printf 'prefixes:\n  - prefix: 10.0.1.0/24\n    origins: [64999]\n' > "$tmp/w.yml"
store="$tmp/s.db"
# One whole run first: the log then has a signed head and the store
# incidents, so every round below has something to check (kills land in
# the middle of a run on a fast machine and on a sanitizer build alike).
t0=$(date +%s%N)
"$VIGIL" detect -q --config "$tmp/w.yml" --store "$store" "$tmp/rib.mrt" "$tmp/updates.mrt" \
  > /dev/null 2>&1
check "a first whole run" test $? -eq 0
run_cs=$((($(date +%s%N) - t0) / 10000000))  # centiseconds
[ "$run_cs" -ge 2 ] || run_cs=2
RANDOM=42
killed=0
for round in $(seq 1 12); do
  "$VIGIL" detect -q --config "$tmp/w.yml" --store "$store" "$tmp/rib.mrt" "$tmp/updates.mrt" \
    > /dev/null 2>&1 &
  pid=$!
  t=$((RANDOM % (run_cs * 2 / 3 + 1))); sleep "$((t / 100)).$(printf %02d $((t % 100)))"
  kill -9 "$pid" 2> /dev/null && killed=$((killed + 1))
  wait "$pid" 2> /dev/null
  if [ -f "$store.evidence/checkpoint" ]; then
    "$VIGIL" evidence verify-log --store "$store" > "$tmp/vl" 2> "$tmp/err"
    check "round $round: log and store agree after SIGKILL" test $? -eq 0
    [ -s "$tmp/err" ] && cat "$tmp/err"
  fi
done
check "kills landed in running processes ($killed of 12)" test "$killed" -ge 4
"$VIGIL" detect -q --config "$tmp/w.yml" --store "$store" "$tmp/rib.mrt" "$tmp/updates.mrt" \
  > /dev/null 2> "$tmp/err"
check "a run after the crashes completes" test $? -eq 0
"$VIGIL" evidence verify-log --store "$store" > "$tmp/vl" 2> "$tmp/err"
check "final log and store agree" grep -q "each naming a signed leaf" "$tmp/vl"
id=$("$VIGIL" evidence list --store "$store" | awk '$2=="origin-hijack"{print $NF; exit}')
"$VIGIL" evidence export "$id" -o "$tmp/bundle" --store "$store" > /dev/null &&
  "$VIGIL" evidence verify "$tmp/bundle" > /dev/null
check "a bundle from the crashed-and-resumed store verifies" test $? -eq 0
finish
