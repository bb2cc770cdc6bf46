#!/usr/bin/env bash
# Checks a vigil evidence bundle with nothing but the openssl command line
# and coreutils — no vigil — as docs/evidence.md explains step by step:
#   1. the checkpoint's Ed25519 signature, with key.pub.pem
#   2. each leaf's hash, SHA-256(0x00 || leaf), and its RFC 9162 §2.1.3.2
#      inclusion proof up to the signed root
#   3. records.mrt = the raw records inside the leaves, in order
#
#   scripts/verify-bundle.sh BUNDLE      -> "bundle OK", exit 0; else exit 1
set -euo pipefail
B=${1:?usage: verify-bundle.sh BUNDLE}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
die() { echo "FAILED: $*" >&2; exit 1; }

# 1. Signature. The signed text is every line before the first empty line;
#    the signature line is "— <key name> <base64(4-octet key ID || sig)>".
awk '/^$/ {exit} {print}' "$B/checkpoint" > "$w/body"
grep -m1 $'^\xe2\x80\x94 ' "$B/checkpoint" | awk '{print $3}' | openssl base64 -d -A > "$w/sig.all"
tail -c +5 "$w/sig.all" > "$w/sig"
openssl pkeyutl -verify -pubin -inkey "$B/key.pub.pem" -rawin -in "$w/body" -sigfile "$w/sig" \
  > /dev/null || die "checkpoint signature"
size=$(sed -n 2p "$B/checkpoint")
sed -n 3p "$B/checkpoint" | openssl base64 -d -A > "$w/root"
echo "checkpoint: signature OK, tree size $size"

# H(bytes...) of files, binary out.
hash_files() { cat "$@" | openssl dgst -sha256 -binary; }
printf '\000' > "$w/p0"
printf '\001' > "$w/p1"

: > "$w/records"
for leaf_file in $(ls "$B/leaves" | sort -n); do
  i=${leaf_file%.bin}
  # 2a. Leaf hash.
  hash_files "$w/p0" "$B/leaves/$leaf_file" > "$w/r"
  # 2b. Inclusion proof (RFC 9162 §2.1.3.2).
  read -r _ pi _ pn < "$B/proofs/$i.txt"
  [ "$pi" = "$i" ] && [ "$pn" = "$size" ] || die "proofs/$i.txt is for leaf $pi, size $pn"
  fn=$i
  sn=$((size - 1))
  for p in $(ls "$B/proofs/$i" | sort); do
    [ "$sn" -ne 0 ] || die "proof for leaf $i is too long"
    if [ $((fn & 1)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
      hash_files "$w/p1" "$B/proofs/$i/$p" "$w/r" > "$w/r2"
      if [ $((fn & 1)) -eq 0 ]; then
        while [ $((fn & 1)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn >> 1)); sn=$((sn >> 1)); done
      fi
    else
      hash_files "$w/p1" "$w/r" "$B/proofs/$i/$p" > "$w/r2"
    fi
    mv "$w/r2" "$w/r"
    fn=$((fn >> 1))
    sn=$((sn >> 1))
  done
  [ "$sn" -eq 0 ] || die "proof for leaf $i is too short"
  cmp -s "$w/r" "$w/root" || die "leaf $i does not lead to the signed root"
  # 3. The raw record: after version, kind, time (10 octets), source length
  #    S (2), source (S) and raw length (4).
  s=$(od -An -tu1 -j10 -N2 "$B/leaves/$leaf_file" | awk '{print $1 * 256 + $2}')
  tail -c +$((17 + s)) "$B/leaves/$leaf_file" >> "$w/records"
  echo "leaf $i: included"
done
cmp -s "$w/records" "$B/records.mrt" || die "records.mrt is not the leaves' records"
echo "records.mrt: the leaves' raw records"
echo "bundle OK"
