#!/usr/bin/env python3
"""Prints the RESULTS.md table from the summary.json files that measure.sh wrote.

   table.py <label>=<OUT dir>[:<lockbodies.json>] ...

label is free text (e.g. "Polly.Core (net8.0)"); lockbodies.json is the output of LockBodies.
"""
import json, statistics, sys

print("| library | commit | lines (code) | lock sites | bare CPU s | bare wall s | ratio CPU (range) | ratio wall | pairs | LD s: min / median | Csc s: min / median | LD share of Csc: median (range) | LD share of all analyzers | LD diags |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
bodies = []
for arg in sys.argv[1:]:
    label, rest = arg.split("=", 1)
    out, _, lb = rest.partition(":")
    s = json.load(open(f"{out}/summary.json"))
    lds, cscs = s.get("lockdiscipline_s_all", []), s.get("csc_task_s_all", [])
    shares = sorted(l / c for l, c in zip(lds, cscs) if c)
    share = statistics.median(shares) if shares else None
    rc = s["ratio_cpu_all"]
    all_an = s.get("all_analyzers_s")
    of_all = f"{s['lockdiscipline_s'] / all_an:.0%}" if all_an else ""
    print(f"| {label} | `{s['commit']}` | {s['cs_lines']} ({s['cs_code_lines']}) | {s['lock_sites']} | "
          f"{s['bare_cpu_median_s']} | {s['bare_wall_median_s']} | {s['ratio_cpu_median']:.2f} ({min(rc):.2f}–{max(rc):.2f}) | {s['ratio_wall_median']:.2f} | "
          f"{s['pairs']} | {min(lds):.2f} / {s['lockdiscipline_s']:.2f} | {min(cscs):.1f} / {s['csc_task_s']:.1f} | "
          f"{'' if share is None else f'{share:.1%} ({shares[0]:.1%}–{shares[-1]:.1%})'} | "
          f"{of_all} | {s['ld_diagnostics']} |")
    if lb:
        bodies.append((label, json.load(open(lb))))
if bodies:
    print()
    print("| library | bodies | lock-touching | straight-line | branching | split | straight share |")
    print("|---|---|---|---|---|---|---|")
    for label, b in bodies:
        print(f"| {label} | {b['bodies']} | {b['lock_touching_bodies']} | {b['straight_line']} | {b['branching']} | {b['split']} | {b['straight_share_of_touching']:.0%} |")
