#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fails when a file under sim/ includes a header of a later layer (sim/README.md).

The CMake targets link in the same order; this check also catches a header
that only uses inline code or types from a later layer, which the linker
cannot see.
"""
import pathlib
import re
import sys

LAYERS = ["core", "queueing", "network", "hazards", "response", "logistics", "warning", "placement",
          "experiment", "io", "scenario", "run", "report",
          "drill", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"sim/([a-z_]+)/')


def main(root: pathlib.Path) -> int:
    bad = []
    for path in sorted((root / "sim").rglob("*")):
        if path.suffix not in {".hpp", ".cpp", ".in"} or path.parent == root / "sim":
            continue
        layer = path.relative_to(root / "sim").parts[0]
        if layer not in LAYERS:
            bad.append(f"{path.relative_to(root)}: folder {layer} is not a layer of sim/README.md")
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            m = INCLUDE.match(line)
            if m and m.group(1) in LAYERS and LAYERS.index(m.group(1)) > LAYERS.index(layer):
                bad.append(f"{path.relative_to(root)}:{number}: {layer} includes the later layer {m.group(1)}")
    print("\n".join(bad) if bad else "every include points to the same or an earlier layer")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
