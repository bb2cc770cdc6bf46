#!/usr/bin/env bash
# End-to-end tests of the vigil binary: formats, filters, stdin,
# compression by content, and bad input (clear error, non-zero exit, records
# before the damage printed, never a crash). Scratch files go to a temp dir.
#   cli_test.sh VIGIL MRTGEN
set -uo pipefail
VIGIL=$1
GEN=$2
source "$(dirname "$0")/lib.sh"
crashed() { [ "$1" -ge 128 ]; }

"$GEN" --seed 11 --peers 4 --prefixes 300 --updates 800 -o "$tmp" > /dev/null
"$VIGIL" dump -m "$tmp/rib.mrt" > "$tmp/rib.txt"
"$VIGIL" dump -m "$tmp/updates.mrt" > "$tmp/upd.txt"
check "rib lines = entries" test "$(wc -l < "$tmp/rib.txt")" -eq 1200
check "updates have A, W and STATE" bash -c "grep -q '|A|' $tmp/upd.txt && grep -q '|W|' $tmp/upd.txt && grep -q '|STATE|' $tmp/upd.txt"

# bgpdump reads what vigil's writer writes, with the same lines.
if command -v bgpdump > /dev/null; then
  bgpdump -q -m "$tmp/rib.mrt" > "$tmp/rib.bgpdump" 2> /dev/null
  bgpdump -q -m "$tmp/updates.mrt" > "$tmp/upd.bgpdump" 2> /dev/null
  check "bgpdump agrees on rib" cmp -s "$tmp/rib.txt" "$tmp/rib.bgpdump"
  check "bgpdump agrees on updates" cmp -s "$tmp/upd.txt" "$tmp/upd.bgpdump"
fi

# Compression is detected from content, not names.
for z in gzip bzip2 xz zstd; do
  command -v $z > /dev/null || continue
  $z -c "$tmp/updates.mrt" > "$tmp/updates.$z.bin"
  "$VIGIL" dump -m "$tmp/updates.$z.bin" > "$tmp/z.txt"
  check "$z by magic" cmp -s "$tmp/z.txt" "$tmp/upd.txt"
done
cp "$tmp/updates.mrt" "$tmp/raw-named.gz"
"$VIGIL" dump -m "$tmp/raw-named.gz" > "$tmp/z.txt"
check "raw file named .gz" cmp -s "$tmp/z.txt" "$tmp/upd.txt"
gzip -c "$tmp/updates.mrt" | "$VIGIL" dump -m - > "$tmp/z.txt"
check "stdin" cmp -s "$tmp/z.txt" "$tmp/upd.txt"
"$VIGIL" dump -m "$tmp/rib.mrt" "$tmp/updates.mrt" > "$tmp/both.txt"
check "several files in order" cmp -s "$tmp/both.txt" <(cat "$tmp/rib.txt" "$tmp/upd.txt")
"$VIGIL" dump -m --no-threads "$tmp/rib.mrt" > "$tmp/z.txt"
check "no-threads same output" cmp -s "$tmp/z.txt" "$tmp/rib.txt"

# JSON Lines: one valid object per element, same count as -m lines.
"$VIGIL" dump --json "$tmp/updates.mrt" > "$tmp/upd.json"
check "json line count" test "$(wc -l < "$tmp/upd.json")" -eq "$(wc -l < "$tmp/upd.txt")"
if command -v python3 > /dev/null; then
  check "json parses" python3 -c "
import json,sys
for line in open('$tmp/upd.json'):
    o=json.loads(line)
    assert o['type'] in ('announce','withdraw','state','rib'), o
    if o['type']=='announce':
        assert isinstance(o['as_path'],list) and o['origin_asn']==o['as_path'][-1], o
        assert o['next_hop'] and isinstance(o['timestamp'],float)
"
fi

# Filters.
"$VIGIL" dump -m --type withdraw "$tmp/updates.mrt" > "$tmp/f.txt"
check "type filter" test "$(grep -c '|W|' "$tmp/upd.txt")" -eq "$(wc -l < "$tmp/f.txt")"
"$VIGIL" dump -m --peer-asn 64500 "$tmp/rib.mrt" > "$tmp/f.txt"
check "peer-asn filter" test "$(awk -F'|' '$5==64500' "$tmp/rib.txt" | wc -l)" -eq "$(wc -l < "$tmp/f.txt")"
"$VIGIL" dump -m --origin 65010 "$tmp/rib.mrt" > "$tmp/f.txt"
check "origin filter" test "$(awk -F'|' '{n=split($7,a," "); if (a[n]==65010) c++} END{print c+0}' "$tmp/rib.txt")" -eq "$(wc -l < "$tmp/f.txt")"
check "origin filter non-empty" test -s "$tmp/f.txt"
"$VIGIL" dump -m --more-specific 10.0.0.0/20 "$tmp/rib.mrt" > "$tmp/f.txt"
check "more-specific filter" bash -c "test -s $tmp/f.txt && ! grep -v '|10\.0\.\(\([0-9]\|1[0-5]\)\.0/2[234]\)|' $tmp/f.txt"
"$VIGIL" dump -m --less-specific 10.0.1.128/25 "$tmp/rib.mrt" > "$tmp/f.txt"
check "less-specific filter" bash -c "test -s $tmp/f.txt && ! grep -v '|10\.0\.\(0\.0/22\|1\.0/24\)|' $tmp/f.txt"
"$VIGIL" dump -m --prefix 10.0.1.0/24 "$tmp/rib.mrt" > "$tmp/f.txt"
check "exact prefix filter" test "$(wc -l < "$tmp/f.txt")" -eq 4
t1=$(awk -F'|' 'NR==100{split($2,a,"."); print a[1]}' "$tmp/upd.txt")
"$VIGIL" dump -m --start "$t1" "$tmp/updates.mrt" > "$tmp/f.txt"
check "start filter" test "$(awk -F'|' -v t="$t1" '$2>=t' "$tmp/upd.txt" | wc -l)" -eq "$(wc -l < "$tmp/f.txt")"
"$VIGIL" dump -m --end 2023-11-14T22:13:20Z "$tmp/updates.mrt" > "$tmp/f.txt"
check "end filter (ISO 8601)" test "$(awk -F'|' '$2<1700000000' "$tmp/upd.txt" | wc -l)" -eq "$(wc -l < "$tmp/f.txt")"
"$VIGIL" dump -m --as-path '^64501 ' "$tmp/rib.mrt" > "$tmp/f.txt"
check "as-path regex" test "$(awk -F'|' '$7 ~ /^64501 /' "$tmp/rib.txt" | wc -l)" -eq "$(wc -l < "$tmp/f.txt")"

# Bad input: clear error naming file and offset, exit 1, no crash, records
# before the damage printed.
size=$(stat -c %s "$tmp/updates.mrt")
head -c $((size / 2)) "$tmp/updates.mrt" > "$tmp/cut.mrt"
"$VIGIL" dump -m "$tmp/cut.mrt" > "$tmp/cut.txt" 2> "$tmp/err"; rc=$?
check "truncated: exit 1" test $rc -eq 1
check "truncated: error names file and offset" grep -q "cut.mrt: offset [0-9]*: truncated" "$tmp/err"
check "truncated: earlier records printed" cmp -s "$tmp/cut.txt" <(head -n "$(wc -l < "$tmp/cut.txt")" "$tmp/upd.txt")
check "truncated: most records printed" test "$(wc -l < "$tmp/cut.txt")" -gt 300
gzip -c "$tmp/updates.mrt" > "$tmp/full.gz"
head -c $(($(stat -c %s "$tmp/full.gz") / 2)) "$tmp/full.gz" > "$tmp/cut.gz"
"$VIGIL" dump -m "$tmp/cut.gz" > /dev/null 2> "$tmp/err"; rc=$?
check "truncated gzip: exit 1 with message" bash -c "test $rc -eq 1 && grep -q 'truncated gzip' $tmp/err"
head -c 4096 /dev/urandom > "$tmp/noise"
"$VIGIL" dump -m "$tmp/noise" > /dev/null 2> "$tmp/err"; rc=$?
check "noise: no crash" bash -c "! [ $rc -ge 128 ] && test -s $tmp/err"
"$VIGIL" dump -m "$tmp/does-not-exist" 2> "$tmp/err"; rc=$?
check "missing file" bash -c "test $rc -eq 1 && grep -q does-not-exist $tmp/err"
: > "$tmp/empty"
"$VIGIL" dump -m "$tmp/empty" > "$tmp/f.txt"; rc=$?
check "empty file is fine" bash -c "test $rc -eq 0 && ! test -s $tmp/f.txt"
# Flip bytes all over a copy: never a crash.
cp "$tmp/updates.mrt" "$tmp/flip.mrt"
for off in 13 200 4000 9999 20000 33333 50000; do
  printf '\xff' | dd of="$tmp/flip.mrt" bs=1 seek=$off conv=notrunc status=none
done
"$VIGIL" dump -m "$tmp/flip.mrt" > /dev/null 2>&1; rc=$?
check "flipped bytes: no crash" test $rc -lt 128
"$VIGIL" dump --prefix 10.0.0.0/33 "$tmp/rib.mrt" 2> "$tmp/err"; rc=$?
check "bad option: exit 2" bash -c "test $rc -eq 2 && grep -q 'bad prefix' $tmp/err"
"$VIGIL" dump -m "$tmp/updates.mrt" | head -n 1 > /dev/null; rc=${PIPESTATUS[0]}
check "closed pipe: quiet exit 0" test $rc -eq 0

# Progress bar: on stderr only when it is a terminal and the input is large.
if command -v script > /dev/null; then
  mkdir -p "$tmp/big"
  "$GEN" --seed 2 --peers 8 --prefixes 60000 --updates 10 -o "$tmp/big" > /dev/null
  # bzip2 makes the run take long enough (> 200 ms) for the bar to appear.
  bzip2 -1 -c "$tmp/big/rib.mrt" > "$tmp/big/rib.bz2"
  script -qec "$VIGIL dump -m $tmp/big/rib.bz2 > /dev/null" /dev/null > "$tmp/tty.txt" 2>&1
  check "progress bar on a terminal" grep -q '100% ' "$tmp/tty.txt"
  "$VIGIL" dump -m "$tmp/big/rib.bz2" > /dev/null 2> "$tmp/notty.txt"
  check "no progress bar off a terminal" bash -c "! test -s $tmp/notty.txt"
fi

finish
