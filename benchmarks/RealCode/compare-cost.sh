#!/usr/bin/env bash
# Compiles one codebase with two builds of the analyzer in interleaved pairs and prints the ratio of their
# whole-process CPU: is a change to the analyzer cheaper, and by how much, on a machine whose speed drifts.
#
#   compare-cost.sh <before.dll> <after.dll> <csc.rsp> [<working dir>]
#
# Environment: PAIRS=6 (timed pairs, after one untimed compile of each); EXTRA="<csc arguments>" added to
# both sides (the SDK's default analyzers, as /analyzer:... arguments, to measure beside them);
# BASELINE=1 adds a third compile to each round with no LockDiscipline at all, and prints each side's
# ratio against it. before.dll may be the word none (no LockDiscipline).
# SERVER=1 compiles through one long-lived compiler server (VBCSCompiler, as `dotnet build` uses by
# default) instead of a fresh csc process each time, after WARMUP=6 untimed compiles of each side: the
# server's code, the compiler's and the analyzers', is then jitted and tiered up, as in a developer's
# repeated builds. A compile's CPU is then the server's (its /proc/<pid>/stat user + system ticks over the
# compile) plus the client's; the server's collector threads' share of it is printed too.
#
# The response file is what the SDK's csc gets, without LockDiscipline's /analyzer (the benchmark's `emit`
# mode writes one; for a real library, take the csc command line from a `dotnet build -v:detailed` log).
# Each compile is timed with /usr/bin/time (user + system CPU of csc); each pair's ratio is after ÷ before,
# and the median of the pairs' ratios is printed with their range. Whole-compile ratios on a shared
# 2-core machine move by several per cent from one round to the next: pairing cancels the drift, and the
# median of six pairs resolved a 3 % change here where five rounds of the benchmark did not.
# OWN=1 also asks the compiler for each analyzer's own time (/reportanalyzer, on the LockDiscipline sides only) and
# prints each side's median LockDiscipline seconds a compile: the steadier figure where whole-process CPU moves by
# 10-20 % from one compile to the next, as through the compiler server.
# For fresh processes each side's median peak resident memory and minor page faults are printed too: memory the
# compiler touches for the first time costs kernel time to zero, which is where much of an analyzer's allocation
# shows up (RESULTS.md, session 16).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,28p' "$0" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "compare-cost.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
RSP=$(readlink -f "$3"); WD=${4:-$(dirname "$RSP")}
# shellcheck source=csc-toolset.sh
. "$(dirname "$0")/csc-toolset.sh"
BEFORE=$(analyzer_side compare-cost.sh "$1") || exit 2
AFTER=$(analyzer_side compare-cost.sh "$2") || exit 2
OUT=$(mktemp -d)
SERVER_PID=
trap '[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null; rm -rf "$OUT"' EXIT
SHARED=()
if [ -n "${SERVER:-}" ]; then
  [ -r /proc/self/stat ] || { echo "compare-cost.sh: SERVER=1 reads /proc/<pid>/stat (Linux only)" >&2; exit 2; }
  PIPE="compare-cost-$$"
  start_compiler_server "$PIPE" "$OUT/server.log"
  SHARED=("/shared:$PIPE")
  TICK=$(getconf CLK_TCK)
fi
# user + system ticks from a /proc stat line: fields 14 and 15, counted after the name in parentheses, which may
# hold spaces (".NET Server GC"), so the fields are counted from the closing parenthesis.
stat_ticks() { sed 's/^.*) //' "$1" 2>/dev/null | awk '{ print $12 + $13 }'; }
server_ticks() { [ -z "$SERVER_PID" ] && echo 0 || stat_ticks "/proc/$SERVER_PID/stat"; }
# The server's collector threads (".NET Server GC", which run its blocking collections, and ".NET BGC", its
# background ones): they live as long as the server, so their ticks over a compile are that compile's collections.
gc_ticks() {
  [ -z "$SERVER_PID" ] && { echo 0; return; }
  local total=0 task ticks
  for task in /proc/"$SERVER_PID"/task/*; do
    grep -q 'GC' "$task/comm" 2>/dev/null || continue
    ticks=$(stat_ticks "$task/stat")
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}

# compile <label> <dll|none>: one compile; appends "<label> <cpu seconds>" to times.txt and, through a server,
# "<label> <collector ticks>" to gc.txt
compile() {
  local analyzer=()
  [ "$2" = none ] || analyzer=("/analyzer:$2")
  [ "$2" = none ] || [ -z "${OWN:-}" ] || analyzer+=("/reportanalyzer")
  local before_ticks after_ticks before_gc
  before_ticks=$(server_ticks)
  before_gc=$(gc_ticks)
  # shellcheck disable=SC2086 # EXTRA is a list of csc arguments
  (cd "$WD" && /usr/bin/time -f "%U %S %M %R" -o "$OUT/time" dotnet "$CSC" "${SHARED[@]}" "@$RSP" ${EXTRA:-} "${analyzer[@]}" "/out:$OUT/$ASSEMBLY" > "$OUT/log" 2>&1) \
    || { echo "compare-cost.sh: the $1 compile failed; its output:" >&2; tail -20 "$OUT/log" >&2; exit 1; }
  analyzers_loaded "$OUT/log" compare-cost.sh
  after_ticks=$(server_ticks)
  echo "$1 $(awk -v s=$((after_ticks - before_ticks)) -v t="${TICK:-100}" '{ print $1 + $2 + s / t }' "$OUT/time")" >> "$OUT/times.txt"
  [ -z "$SERVER_PID" ] || echo "$1 $(( $(gc_ticks) - before_gc ))" >> "$OUT/gc.txt"
  [ -n "$SERVER_PID" ] || echo "$1 $(awk '{ print $3, $4 }' "$OUT/time")" >> "$OUT/memory.txt"
  # /reportanalyzer's line for our assembly: "<seconds> <per cent> LockDiscipline.Analyzers, Version=..."
  [ "$2" = none ] || [ -z "${OWN:-}" ] || awk -v l="$1" '$3 == "LockDiscipline.Analyzers," && $1 ~ /^[0-9.]+$/ { print l, $1; exit }' "$OUT/log" >> "$OUT/own.txt"
}

for _ in $(seq 1 "$([ -n "$SERVER_PID" ] && echo "${WARMUP:-6}" || echo 1)"); do
  compile warmup "$BEFORE"; compile warmup "$AFTER"
done
: > "$OUT/times.txt"; : > "$OUT/gc.txt"; : > "$OUT/memory.txt"; : > "$OUT/own.txt"
for _ in $(seq 1 "${PAIRS:-6}"); do
  compile before "$BEFORE"
  compile after "$AFTER"
  [ -z "${BASELINE:-}" ] || compile none none
done

python3 - "$OUT/times.txt" "$OUT/gc.txt" "${TICK:-100}" "$OUT/memory.txt" "$OUT/own.txt" <<'EOF'
import statistics, sys
own = {}
for line in open(sys.argv[5]):
    label, seconds = line.split()
    own.setdefault(label, []).append(float(seconds))
if own:
    print("LockDiscipline's own seconds a compile (/reportanalyzer), median (range): " + ", ".join(
        f"{k} {statistics.median(v):.3f} ({min(v):.3f}-{max(v):.3f})" for k, v in own.items()))
memory = {}
for line in open(sys.argv[4]):
    label, kilobytes, faults = line.split()
    memory.setdefault(label, []).append((int(kilobytes) / 1024, int(faults)))
if memory:
    print("peak resident MB and minor page faults a compile, median: " + ", ".join(
        f"{k} {statistics.median(m for m, _ in v):.0f} MB {statistics.median(f for _, f in v):.0f}" for k, v in memory.items()))
gc = {}
for line in open(sys.argv[2]):
    label, ticks = line.split()
    gc.setdefault(label, []).append(int(ticks) / int(sys.argv[3]))
if gc:
    print("server's collector threads, CPU seconds a compile, median: " + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in gc.items()))
cpu = {}
for line in open(sys.argv[1]):
    label, seconds = line.split()
    cpu.setdefault(label, []).append(float(seconds))
def line(name, over, base):
    ratios = [a / b for a, b in zip(cpu[over], cpu[base])]
    print(f"{name}: median {statistics.median(ratios):.3f} (range {min(ratios):.3f}-{max(ratios):.3f}), {len(ratios)} pairs")
print("CPU seconds, median: " + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in cpu.items()))
line("after / before", "after", "before")
if "none" in cpu:
    line("before / no LockDiscipline", "before", "none")
    line("after / no LockDiscipline", "after", "none")
EOF
