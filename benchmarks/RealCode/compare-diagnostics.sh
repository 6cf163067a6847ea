#!/usr/bin/env bash
# Compiles one codebase with two builds of the analyzers and diffs their diagnostics (rule, file,
# line:column, level, message; LD and AD rules), from the compiler's SARIF log.
#
#   compare-diagnostics.sh <before.dll> <after.dll> <csc.rsp> [<working dir>]
#
# The response file is what the SDK's csc gets, without any /analyzer (the benchmark's `emit` mode
# writes one; for a real library, take the csc command line from a `dotnet build -v:detailed` log).
# Exit status 0 when the two lists are the same, 1 when they differ.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
BEFORE=$(readlink -f "$1"); AFTER=$(readlink -f "$2"); RSP=$(readlink -f "$3"); WD=${4:-$(dirname "$RSP")}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=csc-toolset.sh
. "$HERE/csc-toolset.sh"
OUT=$(mktemp -d)
for side in before after; do
  dll=$BEFORE; [ $side = after ] && dll=$AFTER
  mkdir -p "$OUT/$side"
  (cd "$WD" && dotnet "$CSC" "@$RSP" "/out:$OUT/$side/$ASSEMBLY" "/analyzer:$dll" "/errorlog:$OUT/$side.sarif,version=2.1" > "$OUT/$side.log" 2>&1) || true
  [ -s "$OUT/$side.sarif" ] || { echo "no SARIF from the $side build; its output:" >&2; tail -20 "$OUT/$side.log" >&2; exit 2; }
  analyzers_loaded "$OUT/$side.log" compare-diagnostics.sh
  python3 "$HERE/sarif-diagnostics.py" "$OUT/$side.sarif" "$WD/" > "$OUT/$side.txt"
done
echo "before: $(wc -l < "$OUT/before.txt") diagnostics, after: $(wc -l < "$OUT/after.txt") ($(cut -f1 "$OUT/after.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ',' ))"
if diff "$OUT/before.txt" "$OUT/after.txt"; then echo "identical"; rm -rf "$OUT"; else echo "DIFFERENT (logs in $OUT)"; exit 1; fi
