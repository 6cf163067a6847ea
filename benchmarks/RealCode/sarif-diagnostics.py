#!/usr/bin/env python3
"""Prints the LD and AD diagnostics of SARIF 2.1 logs, one a line, sorted: rule, file, line:column, level, message.

    sarif-diagnostics.py <log.sarif> [<strip-prefix>]

Two logs with the same output carry the same diagnostics (compare-diagnostics.sh diffs them)."""
import json, sys

log, prefix = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
rows = []
for run in json.load(open(log, encoding="utf-8-sig"))["runs"]:
    for r in run.get("results", []):
        rule = r.get("ruleId", "")
        if not (rule.startswith("LD") or rule.startswith("AD")):
            continue
        loc = r["locations"][0]["physicalLocation"] if r.get("locations") else {}
        uri = loc.get("artifactLocation", {}).get("uri", "").replace("file://", "")
        if prefix and uri.startswith(prefix):
            uri = uri[len(prefix):]
        region = loc.get("region", {})
        rows.append(f'{rule}\t{uri}\t{region.get("startLine")}:{region.get("startColumn")}\t{r.get("level")}\t{r.get("message", {}).get("text", "")}')
for row in sorted(rows):
    print(row)
