#!/usr/bin/env bash
# Runs every fuzz target for N seconds on a scratch copy of its committed
# corpus (new inputs stay out of the repo unless you merge them by hand).
#   fuzz/run_all.sh BUILD_DIR SECONDS
set -euo pipefail
build=${1:-build-fuzz}
secs=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
for t in fuzz_mrt_stream fuzz_bgp_message fuzz_attributes fuzz_refdata fuzz_merkle_proof fuzz_evidence_segment; do
  work=$(mktemp -d)
  cp -r "$here/corpus/$t/." "$work/" 2>/dev/null || true
  echo "== $t for ${secs}s"
  "$build/fuzz/$t" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/" "$work" 2>&1 | tail -n 12
  rm -rf "$work"
done
