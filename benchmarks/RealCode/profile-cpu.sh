#!/usr/bin/env bash
# Where a compile's CPU goes, from the kernel's sampling profiler (Linux perf), not from the runtime's.
#
#   profile-cpu.sh <out-prefix> <command...>
#
# Runs <command> (a csc or dotnet build command line) under `perf record -g`, with the runtime writing
# a map of its JIT-compiled code (DOTNET_PerfMapEnabled=1) so managed frames have names, then prints
# profile-cpu.py's summary of <out-prefix>.txt (the `perf script` text, kept for a second look):
# the CPU of each kind of thread (the compiler's workers, the tiered-compilation thread that
# re-compiles hot code, the GC's threads) and, for samples with a LockDiscipline frame on the stack,
# which phase of the analyzer they are in and whose code is running at the leaf.
#
# Why perf: EventPipe's sampler (dotnet-trace) records at most 100 frames from the leaf and counts a
# thread suspended for a GC as running, so binding and GC waits under our frames lose our name, and
# the background JIT and GC threads are not seen at all. perf samples what is on a CPU, every thread.
#
# Profile the same command with and without the analyzer: the difference per thread kind is the
# analyzer's whole cost, including the runtime work (tier-1 JIT, GC) it causes on other threads.
#
# Environment: FREQ=999 (samples per second per CPU).
# Needs: perf (linux-tools), python3. DOTNET_EnableWriteXorExecute=0 is set because with W^X the
# JIT's code is mapped twice and perf cannot name it.
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,19p' "$0" >&2
  exit 2
fi
command -v perf >/dev/null || { echo "profile-cpu.sh: perf is not installed" >&2; exit 2; }

OUT=$1
shift
HERE=$(cd "$(dirname "$0")" && pwd)

DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  perf record -F "${FREQ:-999}" -g -o "$OUT.data" -- "$@" > "$OUT.log" 2>&1 \
  || { echo "profile-cpu.sh: the command or perf failed; see $OUT.log" >&2; exit 1; }
perf script -i "$OUT.data" -F comm,tid,ip,sym,dso > "$OUT.txt" 2>/dev/null
python3 "$HERE/profile-cpu.py" "$OUT.txt" "${FREQ:-999}"
