#!/usr/bin/env bash
# Where a warm compiler server's CPU goes over a few compiles of one codebase: `dotnet build`'s default case, which
# profile-cpu.sh (one process, start to end) cannot show.
#
#   profile-server.sh <out-prefix> <csc.rsp> <analyzer.dll|none> [<working dir>]
#
# Starts a compiler server (VBCSCompiler) of the newest SDK with the runtime writing a map of the code it compiles
# (DOTNET_PerfMapEnabled=1), compiles the response file WARMUP=6 times untimed, then records the server with
# `perf record -g -p` over PROFILED=6 more compiles and prints profile-cpu.py's summary of <out-prefix>.txt:
# CPU by kind of thread (the compiler's workers, the runtime's background compiler, the collector) and, under
# LockDiscipline's frames, by phase and by the code at the leaf. Divide by PROFILED for a compile's share.
# The map (/tmp/perf-<server pid>.map) is kept: it names the tier each method was compiled at ([QuickJitted],
# [InstrumentedTier], [OptimizedTier1], [Optimized] for a method marked to be optimized at once), which is how
# session 17 found the analyzer's code still at the quick tier after a dozen compiles (RESULTS.md).
#
# Environment: EXTRA="<csc arguments>" added to every compile (the SDK's analyzers); FREQ=999 samples a second.
# Needs: perf (linux-tools), python3, /proc (Linux).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,17p' "$0" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile-server.sh: perf is not installed" >&2; exit 2; }
OUT=$(readlink -f "$1"); RSP=$(readlink -f "$2"); WD=${4:-$(dirname "$RSP")}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=csc-toolset.sh
. "$HERE/csc-toolset.sh"
DLL=$(analyzer_side profile-server.sh "$3") || exit 2
ANALYZER=()
[ "$DLL" = none ] || ANALYZER=("/analyzer:$DLL")
PIPE="profile-server-$$"
OUTDIR=$(mktemp -d)
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 start_compiler_server "$PIPE" "$OUT.server.log"
PERF_PID=
trap '[ -z "$PERF_PID" ] || kill -INT "$PERF_PID" 2>/dev/null; kill "$SERVER_PID" 2>/dev/null; rm -rf "$OUTDIR"' EXIT

compile() {
  # shellcheck disable=SC2086 # EXTRA is a list of csc arguments
  (cd "$WD" && dotnet "$CSC" "/shared:$PIPE" "@$RSP" ${EXTRA:-} "${ANALYZER[@]}" "/out:$OUTDIR/$ASSEMBLY" > "$OUTDIR/log" 2>&1) \
    || { echo "profile-server.sh: a compile failed; its output:" >&2; tail -20 "$OUTDIR/log" >&2; exit 1; }
  analyzers_loaded "$OUTDIR/log" profile-server.sh
}

for _ in $(seq 1 "${WARMUP:-6}"); do compile; done
perf record -F "${FREQ:-999}" -g -p "$SERVER_PID" -o "$OUT.data" > "$OUT.perf.log" 2>&1 &
PERF_PID=$!
sleep 1
for _ in $(seq 1 "${PROFILED:-6}"); do compile; done
kill -INT "$PERF_PID"; wait "$PERF_PID" || true; PERF_PID=
perf script -i "$OUT.data" -F comm,tid,ip,sym,dso > "$OUT.txt" 2>/dev/null
echo "server pid $SERVER_PID (map: /tmp/perf-$SERVER_PID.map); ${PROFILED:-6} compiles profiled after ${WARMUP:-6}"
python3 "$HERE/profile-cpu.py" "$OUT.txt" "${FREQ:-999}"
