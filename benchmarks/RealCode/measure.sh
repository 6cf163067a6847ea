#!/usr/bin/env bash
# Measures the LockDiscipline analyzers on one project of a real library checkout.
#
#   measure.sh <checkout> <project-relative-path> <analyzer-dll> [extra msbuild args...]
#
# Environment:
#   N=5            pairs of timed builds (bare, with analyzers), interleaved A B A B ...
#   RA=3           ReportAnalyzer builds (the medians of their figures are reported)
#   SKIP_TIMING=1  reuse <OUT>/times.tsv of an earlier run: no warm-up, no timed pairs (steps 2-3);
#                  report-analyzer-*.log files already in OUT are kept and counted with the new ones
#   OUT=<dir>      where logs, SARIF and the summary go (default /tmp/realcode/out/<checkout name>)
#   CONFIG=Release build configuration
#
# What it does, in order:
#   1. counts lines of C# and lock sites in the project's folder (obj/ and bin/ excluded);
#   2. one warm-up build (restore, referenced projects, the project itself);
#   3. N pairs of full rebuilds of the project alone (--no-incremental, --no-restore,
#      BuildProjectReferences=false, UseSharedCompilation=false so csc is a fresh child process,
#      -m:1 -nodeReuse:false so no MSBuild node outlives the build), each timed with
#      /usr/bin/time -f '%e %U %S' (wall, user CPU, system CPU of dotnet and all its waited-for
#      children). A = bare build, B = the same build with the analyzer injected through
#      inject-analyzer.targets. Both import the targets file; only B names the dll;
#   4. RA builds with the analyzer and -p:ReportAnalyzer=true -v:detailed -clp:PerformanceSummary:
#      LockDiscipline's own analyzer seconds, all analyzers' seconds, and the Csc task's seconds
#      (medians over the RA builds). ReportAnalyzer's seconds are wall-clock time spent inside each
#      analyzer's callbacks, summed over the compiler's threads: on a loaded machine they grow with
#      the time the thread waits for a core, so read them beside the CPU ratio of step 3;
#   5. one build with the analyzer and -p:ErrorLog=<OUT>/diagnostics.sarif,version=2.1 (SARIF 2.1);
#   6. writes <OUT>/summary.json and prints it.
#
# Lock sites counted (regular expressions over the .cs text, one count per match; comments and
# strings are not excluded, so this is a rough count):
#   lock statement      \block\s*\(
#   Monitor             \bMonitor\.(Enter|TryEnter)\b
#   Lock type           \bnew\s+(System\.Threading\.)?Lock\s*\(\)   (declarations of System.Threading.Lock)
#   SpinLock            \bSpinLock\b
#   ReaderWriterLock    \b(Enter|TryEnter)(Read|Write|UpgradeableRead)Lock\s*\(
#   SemaphoreSlim       \bSemaphoreSlim\b
#   Mutex               \bMutex\b
#   Interlocked         \bInterlocked\.\w+        (reported separately; not a lock)
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi

CHECKOUT=$(cd "$1" && pwd)
PROJ_REL=$2
DLL=$(readlink -f "$3")
shift 3
EXTRA=("$@")

N=${N:-5}
RA=${RA:-3}
CONFIG=${CONFIG:-Release}
HERE=$(cd "$(dirname "$0")" && pwd)
TARGETS="$HERE/inject-analyzer.targets"
NAME=$(basename "$CHECKOUT")
OUT=${OUT:-/tmp/realcode/out/$NAME}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PROJ="$CHECKOUT/$PROJ_REL"
PROJ_DIR=$(dirname "$PROJ")

[ -f "$PROJ" ] || { echo "no project at $PROJ" >&2; exit 2; }
[ -f "$DLL" ] || { echo "no analyzer dll at $DLL" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get update && apt-get install -y time" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

log() { echo "[measure $NAME $(date +%H:%M:%S)] $*" >&2; }

# ---- 1. counts -------------------------------------------------------------------------------
log "counting in $PROJ_DIR"
python3 - "$PROJ_DIR" > "$OUT/counts.json" <<'PY'
import json, os, re, sys
root = sys.argv[1]
pats = {
    "lock_statement": r"\block\s*\(",
    "monitor_enter": r"\bMonitor\.(?:Enter|TryEnter)\b",
    "lock_type_new": r"\bnew\s+(?:System\.Threading\.)?Lock\s*\(\s*\)",
    "spinlock": r"\bSpinLock\b",
    "rwlock_enter": r"\b(?:Enter|TryEnter)(?:Read|Write|UpgradeableRead)Lock\s*\(",
    "semaphoreslim": r"\bSemaphoreSlim\b",
    "mutex": r"\bMutex\b",
}
inter = re.compile(r"\bInterlocked\.\w+")
counts = {k: 0 for k in pats}
files = lines = code_lines = interlocked = 0
for d, dirs, fs in os.walk(root):
    dirs[:] = [x for x in dirs if x not in ("obj", "bin", ".git")]
    for f in fs:
        if not f.endswith(".cs"):
            continue
        with open(os.path.join(d, f), encoding="utf-8", errors="replace") as h:
            text = h.read()
        files += 1
        ls = text.splitlines()
        lines += len(ls)
        code_lines += sum(1 for l in ls if l.strip() and not l.strip().startswith("//"))
        for k, p in pats.items():
            counts[k] += len(re.findall(p, text))
        interlocked += len(inter.findall(text))
print(json.dumps({"cs_files": files, "cs_lines": lines, "cs_code_lines": code_lines,
                  "lock_sites": sum(counts.values()), "lock_sites_by_kind": counts,
                  "interlocked_calls": interlocked}, indent=1))
PY

COMMON=(build "$PROJ" -c "$CONFIG" -nologo -p:CustomAfterMicrosoftCommonTargets="$TARGETS" "${EXTRA[@]}")
TIMED=(--no-restore --no-incremental -m:1 -nodeReuse:false -p:BuildProjectReferences=false -p:UseSharedCompilation=false)
WITH=(-p:LockDisciplineAnalyzerPath="$DLL")

if [ "${SKIP_TIMING:-0}" != 1 ]; then
# ---- 2. warm-up --------------------------------------------------------------------------------
log "warm-up build"
dotnet "${COMMON[@]}" -p:UseSharedCompilation=false > "$OUT/warmup.log" 2>&1 || { tail -30 "$OUT/warmup.log" >&2; exit 1; }

# ---- 3. interleaved timed pairs ---------------------------------------------------------------
: > "$OUT/times.tsv"
timed() { # kind i
  local kind=$1 i=$2 extra=()
  [ "$kind" = with ] && extra=("${WITH[@]}")
  /usr/bin/time -f '%e %U %S' -o "$OUT/time.tmp" dotnet "${COMMON[@]}" "${TIMED[@]}" "${extra[@]}" \
      > "$OUT/build-$kind-$i.log" 2>&1 || { tail -30 "$OUT/build-$kind-$i.log" >&2; exit 1; }
  grep -q 'Build succeeded' "$OUT/build-$kind-$i.log" || { echo "build $kind $i did not succeed" >&2; exit 1; }
  read -r wall user sys < <(tail -1 "$OUT/time.tmp")
  printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$kind" "$wall" "$user" "$sys" >> "$OUT/times.tsv"
  log "pair $i $kind: wall ${wall}s cpu $(python3 -c "print(round($user+$sys,2))")s"
}
for i in $(seq 1 "$N"); do
  timed bare "$i"
  timed with "$i"
done

else
  [ -s "$OUT/times.tsv" ] || { echo "SKIP_TIMING=1 but no $OUT/times.tsv" >&2; exit 2; }
fi

# ---- 4. ReportAnalyzer --------------------------------------------------------------------------
shopt -s nullglob
earlier=("$OUT"/report-analyzer-*.log)
shopt -u nullglob
first=$(( ${#earlier[@]} + 1 ))
[ "${SKIP_TIMING:-0}" = 1 ] || { rm -f "$OUT"/report-analyzer-*.log; first=1; }
for k in $(seq "$first" $((first + RA - 1))); do
  log "ReportAnalyzer build $k"
  dotnet "${COMMON[@]}" "${TIMED[@]}" "${WITH[@]}" -p:ReportAnalyzer=true -v:detailed -clp:PerformanceSummary \
      > "$OUT/report-analyzer-$k.log" 2>&1 || { tail -30 "$OUT/report-analyzer-$k.log" >&2; exit 1; }
done

# ---- 5. SARIF -----------------------------------------------------------------------------------
log "SARIF build"
rm -f "$OUT/diagnostics.sarif"
dotnet "${COMMON[@]}" "${TIMED[@]}" "${WITH[@]}" "-p:ErrorLog=$OUT/diagnostics.sarif%2Cversion%3D2.1" \
    > "$OUT/sarif-build.log" 2>&1 || { tail -30 "$OUT/sarif-build.log" >&2; exit 1; }

# ---- 6. summary ---------------------------------------------------------------------------------
python3 - "$OUT" "$CHECKOUT" "$PROJ_REL" "$DLL" "$N" "${EXTRA[@]}" <<'PY'
import glob, json, re, statistics, subprocess, sys, hashlib
out, checkout, proj, dll, n = sys.argv[1:6]
extra = sys.argv[6:]
rows = [l.split("\t") for l in open(f"{out}/times.tsv").read().split("\n") if l]
t = {}
for i, kind, wall, user, sys_ in rows:
    t.setdefault(int(i), {})[kind] = (float(wall), float(user) + float(sys_))
pairs = [v for v in t.values() if "bare" in v and "with" in v]
med = statistics.median
def m(kind, k): return round(med([p[kind][k] for p in pairs]), 2)
summary = {
    "checkout": checkout, "project": proj, "extra_args": extra,
    "commit": subprocess.run(["git", "-C", checkout, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    "analyzer_dll_sha256": hashlib.sha256(open(dll, "rb").read()).hexdigest()[:16],
    "pairs": len(pairs),
    "bare_wall_median_s": m("bare", 0), "bare_cpu_median_s": m("bare", 1),
    "with_wall_median_s": m("with", 0), "with_cpu_median_s": m("with", 1),
    "ratio_wall_median": round(med([p["with"][0] / p["bare"][0] for p in pairs]), 3),
    "ratio_cpu_median": round(med([p["with"][1] / p["bare"][1] for p in pairs]), 3),
    "ratio_cpu_all": [round(p["with"][1] / p["bare"][1], 3) for p in pairs],
}
summary.update(json.load(open(f"{out}/counts.json")))
# ReportAnalyzer
tots, lds, cscs = [], [], []
for f in sorted(glob.glob(f"{out}/report-analyzer-*.log")):
    log = open(f, encoding="utf-8", errors="replace").read()
    tot = re.findall(r"Total analyzer execution time:\s*([\d.]+) seconds", log)
    ld = re.findall(r"^\s*([\d.]+)\s+(?:<?\d+)\s+LockDiscipline\.Analyzers, Version", log, re.M)
    csc = re.findall(r"^\s*(\d+) ms\s+Csc\s+(\d+) calls", log, re.M)
    if tot: tots.append(float(tot[-1]))
    lds.append(float(ld[-1]) if ld else 0.0)
    if csc: cscs.append(int(csc[-1][0]) / 1000)
summary["all_analyzers_s"] = round(med(tots), 3) if tots else None
summary["lockdiscipline_s"] = round(med(lds), 3) if lds else None
summary["lockdiscipline_s_all"] = lds
summary["csc_task_s"] = round(med(cscs), 2) if cscs else None
summary["csc_task_s_all"] = cscs
if summary["csc_task_s"]:
    summary["lockdiscipline_share_of_csc"] = round(summary["lockdiscipline_s"] / summary["csc_task_s"], 4)
# SARIF
sarif = json.load(open(f"{out}/diagnostics.sarif", encoding="utf-8-sig"))
diags = []
for run in sarif["runs"]:
    for r in run.get("results", []):
        rid = r.get("ruleId", "")
        if not rid.startswith("LD"):
            continue
        loc = r["locations"][0]["physicalLocation"] if r.get("locations") else {}
        uri = loc.get("artifactLocation", {}).get("uri", "")
        line = loc.get("region", {}).get("startLine")
        diags.append({"rule": rid, "level": r.get("level"), "file": uri.replace("file://", "").replace(checkout + "/", ""),
                      "line": line, "message": r.get("message", {}).get("text", "")})
ad = sum(1 for run in sarif["runs"] for r in run.get("results", []) if r.get("ruleId", "").startswith("AD"))
summary["ld_diagnostics"] = len(diags)
by = {}
for d in diags: by[d["rule"]] = by.get(d["rule"], 0) + 1
summary["ld_by_rule"] = by
summary["ad_diagnostics"] = ad
json.dump(diags, open(f"{out}/ld-diagnostics.json", "w"), indent=1)
json.dump(summary, open(f"{out}/summary.json", "w"), indent=1)
print(json.dumps(summary, indent=1))
PY
