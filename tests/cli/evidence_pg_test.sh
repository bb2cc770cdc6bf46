#!/usr/bin/env bash
# `vigil detect --store postgresql://…` and `vigil evidence … --store` with a
# real PostgreSQL server (tests/store/pg_server.sh starts one on loopback
# and removes it afterwards); skipped only where PostgreSQL is not
# installed.
#   evidence_pg_test.sh VIGIL MRTGEN
set -uo pipefail
VIGIL=$1
GEN=$2
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -z "${VIGIL_TEST_PG_STATE:-}" ]; then
  state=$(mktemp -d)
  bash "$HERE/../store/pg_server.sh" run "$state/pg" bash "$0" "$@"
  rc=$?
  rm -rf "$state"
  exit $rc
fi
source "$HERE/lib.sh"
if [ -f "$VIGIL_TEST_PG_STATE/skip" ]; then
  echo "SKIP: $(cat "$VIGIL_TEST_PG_STATE/skip")"
  exit 0
fi
uri=$(cat "$VIGIL_TEST_PG_STATE/uri")
"$GEN" --seed 9 --peers 4 --prefixes 400 --updates 3000 -o "$tmp" > /dev/null
printf 'prefixes:\n  - prefix: 10.0.1.0/24\n    origins: [64999]\n' > "$tmp/w.yml"
"$VIGIL" detect -q --config "$tmp/w.yml" --store "$uri" "$tmp/rib.mrt" 2> "$tmp/err" > /dev/null; rc=$?
check "PostgreSQL store without --evidence: clear error" \
  bash -c "test $rc -eq 2 && grep -q 'needs --evidence' $tmp/err"
"$VIGIL" detect -q --config "$tmp/w.yml" --store "$uri" --evidence "$tmp/ev" \
  "$tmp/rib.mrt" "$tmp/updates.mrt" > /dev/null 2> "$tmp/err"
check "detect --store postgresql://" test $? -eq 0
"$VIGIL" evidence list --store "$uri" > "$tmp/list"
id=$(awk '$2=="origin-hijack"{print $NF; exit}' "$tmp/list")
check "incidents in PostgreSQL" test -n "$id"
"$VIGIL" evidence hold "$id" --reason "pg case" --store "$uri" > /dev/null
check "hold in PostgreSQL" bash -c "'$VIGIL' evidence list --held --store '$uri' | grep -q 'pg case'"
"$VIGIL" evidence export "$id" -o "$tmp/b" --store "$uri" --evidence "$tmp/ev" > /dev/null &&
  "$VIGIL" evidence verify "$tmp/b" > /dev/null
check "bundle from a PostgreSQL store verifies" test $? -eq 0
"$VIGIL" evidence verify-log --store "$uri" --evidence "$tmp/ev" > "$tmp/vl"
check "store and log agree" grep -q "each naming a signed leaf" "$tmp/vl"
finish
