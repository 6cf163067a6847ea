#!/usr/bin/env bash
# How many methods the runtime JIT-compiles in a fresh compiler process with each of two builds of the analyzer: the
# part of a fresh build's cost that is the runtime compiling code, counted rather than timed.
#
#   count-jit.sh <before.dll|none> <after.dll> <csc.rsp> [<working dir>]
#
# Each compile runs the SDK's csc anew with JitProbe/ beside the analyzer; as the process exits the probe prints
# the runtime's count of methods compiled and its time in the JIT (System.Runtime.JitInfo). A method counts each
# time it is compiled: the first time (generic code over the analyzer's value types, which no precompiled image
# holds; the compiler's own methods that only the analysis calls) and again at each higher tier when it runs hot.
# On a compile of a few seconds (NLog) the count moved by 2-4 % from one run to the next; on a long one (the dense
# codebase, 30 s) the re-compilations of hot code dominate it and it moved by 20 %. The JIT's milliseconds are
# wall-clock time, the background compiler's included, and move with the machine. Prints each side's median over
# ROUNDS=3 alternated compiles, and each compile's count.
# Environment: EXTRA="<csc arguments>" added to both sides (the SDK's default analyzers, as in compare-cost.sh).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
RSP=$(readlink -f "$3"); WD=${4:-$(dirname "$RSP")}
# shellcheck source=csc-toolset.sh
. "$(dirname "$0")/csc-toolset.sh"
BEFORE=$(analyzer_side count-jit.sh "$1") || exit 2
AFTER=$(analyzer_side count-jit.sh "$2") || exit 2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
dotnet build -c Release "$(dirname "$0")/JitProbe" -o "$OUT/probe" -p:BaseIntermediateOutputPath="$OUT/probe-obj/" > "$OUT/probe.log" 2>&1 \
  || { cat "$OUT/probe.log" >&2; echo "count-jit.sh: JitProbe did not build" >&2; exit 2; }
compile() { # <dll|none> -> "methods ms"
  local analyzer=()
  [ "$1" = none ] || analyzer=("/analyzer:$1")
  # shellcheck disable=SC2086 # EXTRA is a list of csc arguments
  (cd "$WD" && dotnet "$CSC" "@$RSP" ${EXTRA:-} "/analyzer:$OUT/probe/JitProbe.dll" "${analyzer[@]}" "/out:$OUT/$ASSEMBLY" > "$OUT/log" 2>&1) || true
  analyzers_loaded "$OUT/log" count-jit.sh
  grep -o 'jit-count: [0-9]* methods compiled, [0-9]* ms' "$OUT/log" | awk '{ print $2, $5 }' | tail -1 | grep . \
    || { tail -5 "$OUT/log" >&2; echo "count-jit.sh: the compile printed no count" >&2; exit 1; }
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: > "$OUT/before"; : > "$OUT/after"
for _ in $(seq "${ROUNDS:-3}"); do
  compile "$BEFORE" >> "$OUT/before"
  compile "$AFTER" >> "$OUT/after"
done
b=$(cut -d' ' -f1 "$OUT/before" | median); a=$(cut -d' ' -f1 "$OUT/after" | median)
echo "methods JIT-compiled, median: before $b ($(cut -d' ' -f1 "$OUT/before" | tr '\n' ' ')), after $a ($(cut -d' ' -f1 "$OUT/after" | tr '\n' ' '))"
echo "ms in the JIT, median: before $(cut -d' ' -f2 "$OUT/before" | median), after $(cut -d' ' -f2 "$OUT/after" | median)"
echo "after - before: $((${a%.*} - ${b%.*})) methods"
