#!/usr/bin/env bash
# make demo: vigil's main job on an embedded default, with no data and no
# network. It runs the shipped exercises — well-known routing incidents
# recreated on a synthetic Internet — through the whole pipeline (MRT
# archives -> routing state -> detectors -> incidents -> evidence log and
# store) and prints the scorecard; then it shows the evidence of one
# incident as a bundle a partner can check, and the MRT tools vigil is
# built on.
set -euo pipefail
VIGIL=${1:-build/apps/vigil/vigil}
GEN=$(dirname "$VIGIL")/../mrtgen/vigil-mrtgen
HERE=$(cd "$(dirname "$0")/.." && pwd)
OUT=${DEMO_DIR:-$PWD/out/demo}
rm -rf "$OUT"
mkdir -p "$OUT"

echo "== 1. exercises: five well-known incidents on a synthetic Internet, detected and scored"
echo "   (examples/exercises/*.yaml; each file cites the public facts it recreates)"
echo
"$VIGIL" exercise run "$HERE"/examples/exercises/*.yaml -o "$OUT/exercises" --store "$OUT/store.db"

echo "== 2. the evidence behind the incidents: a store and a signed, append-only log"
"$VIGIL" evidence list --store "$OUT/store.db" | tail -n 1
"$VIGIL" evidence verify-log --store "$OUT/store.db"
id=$("$VIGIL" evidence list --store "$OUT/store.db" | awk '$2=="subprefix-hijack"{print $NF; exit}')
"$VIGIL" evidence hold "$id" --reason "demo: preserve for the partner CSIRT" --store "$OUT/store.db"
"$VIGIL" evidence export "$id" -o "$OUT/bundle" --store "$OUT/store.db"
"$VIGIL" evidence verify "$OUT/bundle"
echo "   the same check with nothing but openssl (docs/evidence.md):"
bash "$HERE/scripts/verify-bundle.sh" "$OUT/bundle" | tail -n 1
echo "   the raw records, as bgpdump would print them:"
"$VIGIL" dump -m "$OUT/bundle/records.mrt" | head -n 3

echo; echo "== 3. the MRT tools underneath: a synthetic collector, bgpdump-identical output"
mkdir -p "$OUT/mrt"
"$GEN" --seed 7 --peers 8 --prefixes 20000 --updates 50000 -o "$OUT/mrt" > /dev/null
gzip -kf "$OUT/mrt/updates.mrt"; bzip2 -kf "$OUT/mrt/rib.mrt"
"$VIGIL" dump -m "$OUT/mrt/rib.mrt.bz2" | head -n 2
for f in rib.mrt.bz2 updates.mrt.gz; do
  t0=$(date +%s.%N); "$VIGIL" dump -m "$OUT/mrt/$f" > "$OUT/mrt/$f.vigil.txt"; t1=$(date +%s.%N)
  if command -v bgpdump > /dev/null; then
    bgpdump -q -m "$OUT/mrt/$f" > "$OUT/mrt/$f.bgpdump.txt" 2> /dev/null; t2=$(date +%s.%N)
    if cmp -s "$OUT/mrt/$f.vigil.txt" "$OUT/mrt/$f.bgpdump.txt"; then same=identical; else same=DIFFERENT; fi
    printf '%-16s %8d lines  vigil %.3fs  bgpdump %.3fs  output %s\n' "$f" \
      "$(wc -l < "$OUT/mrt/$f.vigil.txt")" "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $t2 - $t1}")" "$same"
    [ "$same" = identical ] || exit 1
  fi
done
"$VIGIL" rib stats "$OUT/mrt/rib.mrt.bz2" "$OUT/mrt/updates.mrt.gz" | head -n 3
head -c 100000 "$OUT/mrt/rib.mrt.bz2" > "$OUT/mrt/truncated.bz2"
"$VIGIL" dump -m "$OUT/mrt/truncated.bz2" > /dev/null || echo "(a truncated file: exit status $?, with a clear error above)"

echo
echo "exercise data (MRT, VRPs, AS relationships, registry, ground truth): $OUT/exercises/<name>/"
echo "incidents and evidence: $OUT/store.db and $OUT/store.db.evidence/; bundle: $OUT/bundle/"
