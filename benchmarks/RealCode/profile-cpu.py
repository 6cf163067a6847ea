#!/usr/bin/env python3
"""Summarizes `perf script -F comm,tid,ip,sym,dso` text of a compile (see profile-cpu.sh).

    profile-cpu.py <perf-script.txt> [samples-per-second]

Prints CPU seconds (samples / rate) by kind of thread, then for the samples with a LockDiscipline
frame on the stack: by phase of the analyzer (the most specific phase on the stack wins) and by
whose code is at the leaf (ours, Roslyn, the runtime's GC and helpers, the JIT compiling our code).
"""
import collections
import re
import sys

# Most specific first: a sample counts in the first phase whose pattern is on its stack.
PHASES = [
    ("on-demand callee scans", r"Summaries\.OnDemandScans::"),
    ("end: LD0013 judge and caller search", r"GuardInference\+EndOfCompilation"),
    ("end: LD0010 cycles", r"LD0010InferredDeadlockRule::Report|Summaries\.AcquisitionGraph::"),
    ("end: inferred sleeping", r"Summaries\.SleepInference::Judge"),
    ("annotation checks (symbol actions)", r"LockDiscipline\.Analyzers\.LockAnnotationAnalyzer"),
    ("per body: control-flow graph", r"Flow\.CodeBlockGraph::Create"),
    ("per body: binding", r"Flow\.CodeBlockGraph::RootOperation"),
    ("per body: flow (fixpoint and rules)", r"Flow\.MethodBodyAnalysis::Run"),
    ("per body: scan", r"Summaries\.BodyScan::"),
    ("per file: pre-filter", r"LockDiscipline\.Analyzers\.Prefilter\."),
]

THREADS = [
    ("compiler workers", r"^\.NET TP Worker"),
    ("main thread", r"^dotnet$"),
    ("tiered JIT (re-compiling hot code)", r"^\.NET Tiered Com"),
    ("GC threads", r"^\.NET (Server GC|BGC|Background)"),
]


def read_samples(path):
    """Each sample: (thread name, [(symbol, dso), ...] leaf first)."""
    samples, frames, thread = [], None, None
    frame = re.compile(r"\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$")
    with open(path, errors="replace") as text:
        for line in text:
            if not line.strip():
                if frames is not None:
                    samples.append((thread, frames))
                frames = None
            elif not line[0].isspace():
                # "<comm> <tid>": the thread's name may hold spaces, the tid is the last word
                thread, frames = line.strip().rsplit(None, 1)[0], []
            elif frames is not None:
                match = frame.match(line)
                if match:
                    frames.append((match.group(1), match.group(2)))
    if frames is not None:
        samples.append((thread, frames))
    return samples


def leaf_kind(symbol, dso):
    name = dso.rsplit("/", 1)[-1]
    if "LockDiscipline" in symbol:
        return "our code"
    if name.startswith("libclrjit"):
        return "JIT compiling"
    if name.startswith("libcoreclr"):
        return "runtime: GC, allocation, type loading, stubs"
    if "Microsoft.CodeAnalysis" in name or "Microsoft.CodeAnalysis" in symbol:
        return "Roslyn"
    if name.startswith("System.") or "System." in symbol:
        return "base class library"
    if "kernel" in name:
        return "kernel"
    return "other"


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 999.0
    samples = read_samples(sys.argv[1])
    if not samples:
        print("profile-cpu.py: no samples in " + sys.argv[1], file=sys.stderr)
        sys.exit(1)

    threads, phases, leaves = collections.Counter(), collections.Counter(), collections.Counter()
    ours = 0
    for thread, frames in samples:
        threads[next((kind for kind, pattern in THREADS if re.search(pattern, thread or "")), "other threads")] += 1
        if not any("LockDiscipline" in symbol for symbol, _ in frames):
            continue
        ours += 1
        stack = "\n".join(symbol for symbol, _ in frames)
        phases[next((phase for phase, pattern in PHASES if re.search(pattern, stack)), "other (per-file bookkeeping, contracts, orders)")] += 1
        leaves[leaf_kind(*frames[0])] += 1

    total = len(samples)

    def row(label, count):
        print(f"  {label:<48} {count / rate:7.2f} s  {count / total * 100:5.1f} %")

    print(f"CPU sampled: {total / rate:.2f} s ({total} samples at {rate:g}/s)")
    print("by thread:")
    for label, count in threads.most_common():
        row(label, count)
    print(f"with a LockDiscipline frame on the stack: {ours / rate:.2f} s ({ours / total * 100:.1f} %)")
    print(" by phase:")
    for label, count in phases.most_common():
        row(label, count)
    print(" by the code at the leaf:")
    for label, count in leaves.most_common():
        row(label, count)


if __name__ == "__main__":
    main()
