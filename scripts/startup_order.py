"""The order file of the app's start: the functions of the app's binary that
ran while it started and showed the events list, for the linker to lay them
side by side (`src-tauri/startup-order.txt`, read by `src-tauri/build.rs`).

The kernel maps a program's code 64 KB around each page that runs. Scattered
over the binary, the few MB of code a start runs mapped most of its 13 MB;
laid side by side, they take about 2 MB (see ARCHITECTURE.md).

Usage: python3 scripts/startup_order.py CALLGRIND_OUT BINARY OUT
(`scripts/startup-order.sh` records the start with callgrind and calls this.)
"""

import re
import subprocess
import sys


def executed(callgrind_out, binary_name):
    """Names (as callgrind demangles them) of the functions of the binary that ran."""
    objects, functions, names = {}, {}, set()
    current = None
    pattern = re.compile(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$")
    with open(callgrind_out, errors="replace") as f:
        for line in f:
            m = pattern.match(line.rstrip("\n"))
            if not m:
                continue
            kind, key, text = m.groups()
            table = objects if kind.endswith("ob") else functions
            if text:
                table[key] = text
            if kind == "ob":
                current = objects.get(key, "")
            elif kind == "fn" and current.endswith(binary_name):
                # Callgrind marks a recursion level after a quote (`f'2`).
                names.add(functions[key].split("'")[0])
    return names


def symbols(binary, demangled):
    args = ["nm", "--defined-only"] + (["-C"] if demangled else []) + [binary]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.splitlines()


def main():
    callgrind_out, binary, out = sys.argv[1:4]
    ran = executed(callgrind_out, binary.rsplit("/", 1)[-1])
    order = []
    # The same lines in the same order: the mangled name beside its demangled one.
    for raw, readable in zip(symbols(binary, False), symbols(binary, True)):
        mangled, plain = raw.split(" ", 2), readable.split(" ", 2)
        if len(mangled) == 3 and mangled[1] in "tTwW" and plain[2] in ran:
            order.append(mangled[2])
    with open(out, "w") as f:
        f.write("\n".join(order) + "\n")
    print(f"{len(ran)} functions ran; {len(order)} symbols written to {out}")


if __name__ == "__main__":
    main()
