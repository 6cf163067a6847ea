# Sourced by compare-cost.sh, compare-diagnostics.sh, count-jit.sh and profile-server.sh: what they need to run the SDK's
# compiler on a response file. Sets CSC (the newest SDK's csc.dll, unless CSC is set) and ASSEMBLY (the output's file
# name, from the response file's last /out:), and defines start_compiler_server, analyzers_loaded and analyzer_side.
# The output keeps that name because it is the assembly's name, which InternalsVisibleTo names: a library whose friend
# assembly grants it internals does not compile under another.
# Needs RSP set, and set -e in the caller.
DOTNET_ROOT=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
CSC=${CSC:-$(ls -d "$DOTNET_ROOT"/sdk/*/Roslyn/bincore/csc.dll 2>/dev/null | sort -V | tail -1 || true)}
[ -f "$CSC" ] || { echo "csc.dll not found under $DOTNET_ROOT/sdk (set CSC=)" >&2; exit 2; }
ASSEMBLY=$(grep -o '/out:[^[:space:]"]*' "$RSP" | tail -1 | sed 's|^/out:||' || true)
ASSEMBLY=$(basename "${ASSEMBLY:-out.dll}")

# start_compiler_server <pipe name> <log file>: starts that SDK's compiler server (VBCSCompiler, which `dotnet build`
# uses by default) in the background, listening on the pipe (`csc /shared:<pipe>`), and sets SERVER_PID. Environment
# variables set on the call (DOTNET_...) reach the server's runtime.
start_compiler_server() {
  dotnet "$(dirname "$CSC")/VBCSCompiler.dll" "-pipename:$1" > "$2" 2>&1 &
  SERVER_PID=$!
}

# analyzers_loaded <compile log> <script name>: fails when the compiler could not load an analyzer it was given (CS8034,
# which csc reports as a warning and then compiles without it), so a measurement never quietly times a compile with no
# analyzer. The usual cause: the dll renamed; the compiler loads an assembly by its file name.
analyzers_loaded() {
  if grep -q 'CS8034' "$1"; then
    echo "$2: the compiler could not load an analyzer (a LockDiscipline.Analyzers.dll must keep that file name):" >&2
    grep -m1 'CS8034' "$1" | cut -c1-300 >&2
    exit 2
  fi
}

# analyzer_side <script name> <dll|none>: prints the analyzer's full path (or none); fails, naming the script, when
# there is no such file. Call as BEFORE=$(analyzer_side x.sh "$1") || exit 2.
analyzer_side() {
  [ "$2" = none ] && { echo none; return; }
  [ -f "$2" ] || { echo "$1: no such analyzer: $2" >&2; return 2; }
  readlink -f "$2"
}
