#!/usr/bin/env python3
"""Prints the RESULTS.md table from the summary.json files that measure.sh wrote.

   table.py <label>=<OUT dir>[:<lockbodies.json>] ...

label is free text (e.g. "Polly.Core (net8.0)"); lockbodies.json is the output of LockBodies.
"""
import json, sys

print("| library | commit | lines (code) | lock sites | bare CPU s | bare wall s | ratio CPU | ratio wall | pairs | LD s (ReportAnalyzer) | all analyzers s | Csc task s | LD share of Csc | LD diags |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
bodies = []
for arg in sys.argv[1:]:
    label, rest = arg.split("=", 1)
    out, _, lb = rest.partition(":")
    s = json.load(open(f"{out}/summary.json"))
    share = s.get("lockdiscipline_share_of_csc")
    print(f"| {label} | `{s['commit']}` | {s['cs_lines']} ({s['cs_code_lines']}) | {s['lock_sites']} | "
          f"{s['bare_cpu_median_s']} | {s['bare_wall_median_s']} | {s['ratio_cpu_median']:.3f} | {s['ratio_wall_median']:.3f} | "
          f"{s['pairs']} | {s['lockdiscipline_s']} | {s['all_analyzers_s']} | {s['csc_task_s']} | "
          f"{'' if share is None else f'{share:.1%}'} | {s['ld_diagnostics']} |")
    if lb:
        bodies.append((label, json.load(open(lb))))
if bodies:
    print()
    print("| library | bodies | lock-touching | straight-line | branching | split | straight share |")
    print("|---|---|---|---|---|---|---|")
    for label, b in bodies:
        print(f"| {label} | {b['bodies']} | {b['lock_touching_bodies']} | {b['straight_line']} | {b['branching']} | {b['split']} | {b['straight_share_of_touching']:.0%} |")
