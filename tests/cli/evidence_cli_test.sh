#!/usr/bin/env bash
# End-to-end tests of `vigil detect --store` and `vigil evidence` on
# generated data: incidents and the raw records behind them are kept, held,
# exported as a bundle that `vigil evidence verify`, bgpdump and the
# openssl command line (docs/evidence.md's recipe, scripts/verify-bundle.sh)
# accept; a single changed byte anywhere in the bundle or the log is caught
# and named.
#   evidence_cli_test.sh VIGIL MRTGEN
set -uo pipefail
VIGIL=$1
GEN=$2
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
"$GEN" --seed 9 --peers 4 --prefixes 400 --updates 3000 -o "$tmp" > /dev/null
cat > "$tmp/watch.yml" <<'YML'
prefixes:
  - prefix: 10.0.1.0/24
    origins: [64999]
YML
store="$tmp/s.db"
"$VIGIL" detect -q --config "$tmp/watch.yml" --store "$store" "$tmp/rib.mrt" "$tmp/updates.mrt" \
  > "$tmp/out.txt" 2> "$tmp/err"
check "detect --store exit 0" test $? -eq 0
check "detect reports what it stored" grep -q "stored .* incidents in $store" "$tmp/err"
check "evidence log created" test -f "$store.evidence/checkpoint"
check "signing key is 0600" bash -c "test \$(stat -c %a '$store.evidence/signing-key.pem') = 600"

"$VIGIL" evidence list --store "$store" > "$tmp/list"
check "list" grep -q "origin-hijack" "$tmp/list"
id=$(awk '$2=="origin-hijack"{print $NF; exit}' "$tmp/list")
check "an origin-hijack incident id" test -n "$id"

"$VIGIL" evidence hold "$id" --reason "preserve for case 42" --store "$store" > /dev/null
check "hold" test $? -eq 0
"$VIGIL" evidence list --held --store "$store" > "$tmp/held"
check "held incident listed with its reason" grep -q "preserve for case 42" "$tmp/held"
"$VIGIL" evidence hold nope --reason x --store "$store" 2> "$tmp/err"; rc=$?
check "hold of an unknown incident fails" test $rc -ne 0

"$VIGIL" evidence export "$id" -o "$tmp/bundle" --store "$store" > /dev/null
check "export" test $? -eq 0
for f in SUMMARY.txt incident.json records.mrt checkpoint key.vkey key.pub.pem; do
  check "bundle has $f" test -s "$tmp/bundle/$f"
done
"$VIGIL" evidence verify "$tmp/bundle" > "$tmp/verify"
check "bundle verifies" grep -q ": OK" "$tmp/verify"
"$VIGIL" dump -m "$tmp/bundle/records.mrt" > "$tmp/records.txt"
check "records.mrt is MRT vigil reads" grep -q "10.0.1.0/24" "$tmp/records.txt"
if command -v bgpdump > /dev/null; then
  bgpdump -q -m "$tmp/bundle/records.mrt" 2> /dev/null > "$tmp/records.bgpdump"
  check "bgpdump reads records.mrt the same" cmp -s "$tmp/records.txt" "$tmp/records.bgpdump"
fi
if command -v openssl > /dev/null; then
  bash "$HERE/../../scripts/verify-bundle.sh" "$tmp/bundle" > "$tmp/ossl" 2>&1
  check "openssl-only check of the bundle" grep -q "bundle OK" "$tmp/ossl"
fi

# Any single changed byte in a leaf, a proof, the checkpoint or the records
# is caught, and the message names the file.
flip() {  # flip FILE OFFSET
  local b
  b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf "$(printf '\\%03o' $(((b + 1) % 256)))" |
    dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
leaf=$(ls "$tmp/bundle/leaves" | head -1)
for target in "leaves/$leaf" "proofs/${leaf%.bin}.txt" checkpoint records.mrt; do
  rm -rf "$tmp/b2" && cp -r "$tmp/bundle" "$tmp/b2"
  size=$(stat -c %s "$tmp/b2/$target")
  for off in 0 $((size / 2)) $((size - 2)); do
    rm -rf "$tmp/b3" && cp -r "$tmp/b2" "$tmp/b3"
    flip "$tmp/b3/$target" "$off"
    "$VIGIL" evidence verify "$tmp/b3" > /dev/null 2> "$tmp/err"; rc=$?
    check "flipped byte $off of $target fails" test $rc -ne 0
    name=${target%%/*}
    check "message names $name (byte $off of $target)" grep -q "$name" "$tmp/err"
  done
done

# A leaf copied under another name, a non-canonical name, a removed leaf:
# refused by vigil and by the openssl script.
size=$(sed -n 2p "$tmp/bundle/checkpoint")
rm -rf "$tmp/b4" && cp -r "$tmp/bundle" "$tmp/b4" && cp "$tmp/b4/leaves/$leaf" "$tmp/b4/leaves/0$leaf"
"$VIGIL" evidence verify "$tmp/b4" > /dev/null 2>&1
check "non-canonical leaf name refused" test $? -ne 0
rm -rf "$tmp/b4" && cp -r "$tmp/bundle" "$tmp/b4" && cp "$tmp/b4/leaves/$leaf" "$tmp/b4/leaves/$size.bin"
"$VIGIL" evidence verify "$tmp/b4" > /dev/null 2>&1
check "leaf beyond the signed tree refused (vigil)" test $? -ne 0
if command -v openssl > /dev/null; then
  bash "$HERE/../../scripts/verify-bundle.sh" "$tmp/b4" > /dev/null 2>&1
  check "leaf beyond the signed tree refused (openssl script)" test $? -ne 0
  rm -rf "$tmp/b5" && cp -r "$tmp/bundle" "$tmp/b5"
  printf 'x' > "$tmp/b5/leaves/a[\$(touch \$HOME)].bin"
  bash "$HERE/../../scripts/verify-bundle.sh" "$tmp/b5" > /dev/null 2>&1
  check "a hostile leaf name is refused, not evaluated" test $? -ne 0
fi
nleaves=$(ls "$tmp/bundle/leaves" | wc -l)
if [ "$nleaves" -gt 1 ]; then
  rm -rf "$tmp/b6" && cp -r "$tmp/bundle" "$tmp/b6"
  last=$(ls "$tmp/b6/leaves" | sort -n | tail -1)
  rm "$tmp/b6/leaves/$last"
  "$VIGIL" evidence verify "$tmp/b6" > /dev/null 2> "$tmp/err"
  check "a removed leaf is noticed" test $? -ne 0
fi

"$VIGIL" evidence verify-log --store "$store" > "$tmp/vl"
check "verify-log" grep -q "verify; signed tree head covers" "$tmp/vl"
seg=$(ls "$store.evidence"/seg-*.vlog | head -1)
flip "$seg" 200
"$VIGIL" evidence verify-log --store "$store" > /dev/null 2> "$tmp/err"; rc=$?
check "damaged log fails verify-log" test $rc -ne 0
check "damaged log names the segment" grep -q "seg-000000.vlog" "$tmp/err"

"$VIGIL" evidence prune --store "$store" 2> "$tmp/err"; rc=$?
check "prune without a retention setting asks for one" bash -c "test $rc -ne 0 && grep -q 'retention_days' $tmp/err"
"$VIGIL" evidence prune --older-than nan --store "$store" 2> "$tmp/err"; rc=$?
check "prune refuses nan days" test $rc -ne 0
"$VIGIL" evidence prune --older-than 1 --save --store "$store" > "$tmp/prune"
check "prune reports" grep -q "deleted" "$tmp/prune"
"$VIGIL" evidence prune --store "$store" > "$tmp/prune2"
check "prune uses the saved retention" test $? -eq 0
check "prune keeps held incidents" bash -c "'$VIGIL' evidence list --held --store '$store' | grep -q '$id'"
"$VIGIL" detect --evidence "$tmp/x" "$tmp/rib.mrt" 2> "$tmp/err"; rc=$?
check "--evidence without --store" bash -c "test $rc -eq 2 && grep -q 'needs --store' $tmp/err"
printf 'not a database at all, just bytes' > "$tmp/bad.db"
"$VIGIL" evidence list --store "$tmp/bad.db" 2> "$tmp/err"; rc=$?
check "corrupt store: clear error" bash -c "test $rc -ne 0 && grep -q 'bad.db' $tmp/err"
finish
