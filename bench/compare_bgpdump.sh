#!/usr/bin/env bash
# Side-by-side timing of `vigil dump -m` against Debian's `bgpdump -m` and
# the plain decompressor, on the same machine in one run, output to
# /dev/null. Runs are interleaved (vigil, bgpdump, decompressor, repeat) so
# machine noise hits all three alike; medians and ratios are reported, and
# the two outputs are checked to be identical first.
#
#   bench/compare_bgpdump.sh [VIGIL_BINARY] [RUNS]
set -euo pipefail
VIGIL=${1:-build/apps/vigil/vigil}
RUNS=${2:-7}
DATA=${VIGIL_DATA:-../shared/data}
FILES=(
  "$DATA/mrt/libbgpstream/routeviews.route-views.jinx.ribs.1401487200.bz2"
  "$DATA/mrt/ripe-ncc-bgpdump/test_data/updates.et-header.2015.gz"
)
command -v bgpdump >/dev/null || { echo "bgpdump is not installed (apt-get install bgpdump)"; exit 1; }
[ -f "${FILES[0]}" ] || { echo "data not found under $DATA (set VIGIL_DATA)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# wall seconds and peak RSS (KiB) of one command, output to /dev/null
measure() { /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" > /dev/null 2>/dev/null || true; cat "$tmp/t"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| file | vigil dump -m | bgpdump -m | decompressor | bgpdump / vigil | vigil / decompressor | vigil peak RSS |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
for f in "${FILES[@]}"; do
  case "$f" in *.bz2) dec=(bzcat "$f");; *.gz) dec=(zcat "$f");; *) dec=(cat "$f");; esac
  "$VIGIL" dump -m -q "$f" > "$tmp/v.txt"
  bgpdump -q -m "$f" > "$tmp/b.txt" 2>/dev/null
  cmp -s "$tmp/v.txt" "$tmp/b.txt" || { echo "OUTPUT DIFFERS for $f"; exit 1; }
  : > "$tmp/v"; : > "$tmp/b"; : > "$tmp/d"; : > "$tmp/m"
  for ((i = 0; i < RUNS; i++)); do
    read -r t m < <(measure "$VIGIL" dump -m -q "$f"); echo "$t" >> "$tmp/v"; echo "$m" >> "$tmp/m"
    read -r t _ < <(measure bgpdump -q -m "$f"); echo "$t" >> "$tmp/b"
    read -r t _ < <(measure "${dec[@]}"); echo "$t" >> "$tmp/d"
  done
  v=$(median < "$tmp/v"); b=$(median < "$tmp/b"); d=$(median < "$tmp/d"); m=$(sort -n "$tmp/m" | tail -1)
  printf '| %s (%s lines) | %.2f s | %.2f s | %.2f s (%s) | %.1f× | %.2f× | %d MiB |\n' \
    "$(basename "$f")" "$(wc -l < "$tmp/v.txt")" "$v" "$b" "$d" "${dec[0]}" \
    "$(echo "$b / $v" | bc -l)" "$(echo "$v / $d" | bc -l)" "$((m / 1024))"
done
