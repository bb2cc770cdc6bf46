#!/usr/bin/env bash
# Checks a vigil evidence bundle with nothing but the openssl command line
# and coreutils — no vigil — as docs/evidence.md explains step by step:
#   1. the checkpoint's Ed25519 signature, with key.pub.pem
#   2. each leaf's hash, SHA-256(0x00 || leaf), and its RFC 9162 §2.1.3.2
#      inclusion proof up to the signed root
#   3. records.mrt = the raw records inside the leaves, in order
#
#   scripts/verify-bundle.sh BUNDLE [EXPECTED_KEY.pem]
#       -> "bundle OK", exit 0; else "FAILED: …", exit 1
#
# A bundle proves what its key signed: give the signer's public key, as
# obtained from the node out of band, as EXPECTED_KEY.pem (or compare the
# fingerprint printed with it). Every number read from the bundle is checked
# to be a plain decimal before any arithmetic.
set -euo pipefail
B=${1:?usage: verify-bundle.sh BUNDLE [EXPECTED_KEY.pem]}
EXPECTED=${2:-}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
die() { echo "FAILED: $*" >&2; exit 1; }

# 0. The key.
if [ -n "$EXPECTED" ]; then
  cmp -s <(openssl pkey -pubin -in "$EXPECTED" -outform DER) \
    <(openssl pkey -pubin -in "$B/key.pub.pem" -outform DER) ||
    die "key.pub.pem is not the expected key $EXPECTED"
fi
fpr=$(openssl pkey -pubin -in "$B/key.pub.pem" -outform DER | openssl dgst -sha256 | awk '{print $NF}')
echo "signer key: SHA-256 of its DER form $fpr${EXPECTED:+ (the expected key)}"

# 1. Signature. The signed text is every line before the first empty line;
#    the signature line is "— <key name> <base64(4-octet key ID || sig)>",
#    the one whose key name is the checkpoint's origin (line 1).
awk '/^$/ {exit} {print}' "$B/checkpoint" > "$w/body"
origin=$(sed -n 1p "$B/checkpoint")
awk -v o="$origin" '$1 == "\342\200\224" && $2 == o {print $3; exit}' "$B/checkpoint" |
  openssl base64 -d -A > "$w/sig.all"
[ "$(stat -c %s "$w/sig.all")" -eq 68 ] || die "no Ed25519 signature by '$origin' in checkpoint"
tail -c +5 "$w/sig.all" > "$w/sig"
openssl pkeyutl -verify -pubin -inkey "$B/key.pub.pem" -rawin -in "$w/body" -sigfile "$w/sig" \
  > /dev/null || die "checkpoint signature"
size=$(sed -n 2p "$B/checkpoint")
[[ $size =~ ^[1-9][0-9]{0,17}$ ]] || die "checkpoint: tree size '$size' is not a number"
sed -n 3p "$B/checkpoint" | openssl base64 -d -A > "$w/root"
echo "checkpoint: signature OK, tree size $size"

# H(bytes...) of files, binary out.
hash_files() { cat "$@" | openssl dgst -sha256 -binary; }
printf '\000' > "$w/p0"
printf '\001' > "$w/p1"

: > "$w/records"
leaves=0
for leaf_file in $(ls "$B/leaves" | sort -n); do
  i=${leaf_file%.bin}
  [[ $leaf_file == *.bin && $i =~ ^(0|[1-9][0-9]{0,17})$ ]] || die "leaves/$leaf_file is not a leaf"
  [ "$i" -lt "$size" ] || die "leaf $i is beyond the signed tree (size $size)"
  leaves=$((leaves + 1))
  # 2a. Leaf hash.
  hash_files "$w/p0" "$B/leaves/$leaf_file" > "$w/r"
  # 2b. Inclusion proof (RFC 9162 §2.1.3.2).
  read -r _ pi _ pn < "$B/proofs/$i.txt"
  [ "$pi" = "$i" ] && [ "$pn" = "$size" ] || die "proofs/$i.txt is for leaf $pi, size $pn"
  fn=$i
  sn=$((size - 1))
  for p in $(ls "$B/proofs/$i" | sort); do
    [[ $p =~ ^[0-9]{2}\.bin$ ]] && [ "$(stat -c %s "$B/proofs/$i/$p")" -eq 32 ] ||
      die "proofs/$i/$p is not a 32-octet hash"
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
[ "$leaves" -gt 0 ] || die "no leaves"
cmp -s "$w/records" "$B/records.mrt" || die "records.mrt is not the leaves' records"
echo "records.mrt: the leaves' raw records"
echo "bundle OK"
