"""Times PuLP + CBC on allocation problems (the JSON of `Problem`), for
benches/allocation.rs: each file solved lexicographically (the priority
attendees served, the served, the seats, the seats held and kept, then the
satisfaction, each fixed at its optimum; with the organisation cap as rows),
as our solver does. Prints one JSON line per file: its name, the median of
the solve times (model building in Python excluded) and the five optima.

    python cbc.py RUNS FILE.json...

`CBC_TIME_LIMIT` (seconds, default 900) bounds one solve of an instance,
all its stages together: past it CBC stops, and the line says
`"median": null` with the limit, so that a class CBC cannot prove in that
time is reported as such rather than stopping the benchmark.
"""
import json
import os
import shutil
import statistics
import sys
import time

import pulp


class CheckedCbc(pulp.PULP_CBC_CMD):
    """PuLP's CBC, refusing a solution file that CBC cut short.

    CBC writes its solution with unchecked `fprintf`s and exits 0 even when
    the disk fills up under it; PuLP then reads a cut last line ("     71 C")
    and fails with `IndexError` in `readsol_MPS` (`val = l[2]`), or, when
    the cut falls between lines, silently reads the missing values as 0.
    That is what stopped the benchmark on the shared machine, whose disk the
    parallel builds fill. A complete file has the status line, then one
    line per row and per column, each `[**] index name value dual`.
    """

    def readsol_MPS(self, filename, lp, vs, variablesNames, constraintsNames, objectiveName=None):
        with open(filename) as f:
            text = f.read()
        lines = text.split("\n")[1:-1]
        expected = len(vs) + len(constraintsNames)
        fields = [line.split() for line in lines]
        whole = text.endswith("\n") and all(len(f) - (f[:1] == ["**"]) == 4 for f in fields)
        if len(lines) != expected or not whole:
            free = shutil.disk_usage(os.path.dirname(filename) or ".").free
            raise RuntimeError(
                f"CBC's solution file {filename} is cut short: {len(lines)} of "
                f"{expected} lines (the disk has {free // 2**20} MiB free)"
            )
        return super().readsol_MPS(filename, lp, vs, variablesNames, constraintsNames, objectiveName)


def solve(d):
    rounds, most = d["rounds"], d["maxSeats"]
    k = 1 + max([len(a["ranking"]) for a in d["attendees"]] + [0])
    org_cap = d.get("organisationCap")
    cap = {}
    for w, ws in enumerate(d["workshops"]):
        for o in ws["occurrences"]:
            cap[w, o["round"]] = o["capacity"]
    prob = pulp.LpProblem("allocation", pulp.LpMaximize)
    by_occurrence = {key: [] for key in cap}
    by_organisation = {}
    xs, ys, weighted, priority, kept = [], [], [], [], []
    for a, at in enumerate(d["attendees"]):
        wishes = at.get("wishes")
        wishes = most if wishes is None else min(wishes, most)
        held = {(p["workshop"], p["round"]) for p in at.get("held", [])}
        organisation = at.get("organisation") if org_cap is not None else None
        if wishes == 0:
            continue
        mine = []
        by_round = {}
        for pos, w in enumerate(at["ranking"]):
            same = []
            for r in range(rounds):
                if cap.get((w, r), 0) > 0:
                    x = pulp.LpVariable(f"x_{a}_{w}_{r}", cat="Binary")
                    mine.append(x)
                    same.append(x)
                    by_round.setdefault(r, []).append(x)
                    by_occurrence[w, r].append(x)
                    if organisation is not None:
                        by_organisation.setdefault((w, r, organisation), []).append(x)
                    weighted.append((k - pos - 1) * x)
                    if (w, r) in held:
                        kept.append(x)
            if len(same) > 1:
                prob += pulp.lpSum(same) <= 1
        if not mine:
            continue
        for list_ in by_round.values():
            if len(list_) > 1:
                prob += pulp.lpSum(list_) <= 1
        y = pulp.LpVariable(f"y_{a}", cat="Binary")
        ys.append(y)
        if at.get("priority"):
            priority.append(y)
        xs.extend(mine)
        prob += y <= pulp.lpSum(mine)
        if len(mine) > wishes:
            prob += pulp.lpSum(mine) <= wishes
    for key, list_ in by_occurrence.items():
        if len(list_) > cap[key]:
            prob += pulp.lpSum(list_) <= cap[key]
    for list_ in by_organisation.values():
        if len(list_) > org_cap:
            prob += pulp.lpSum(list_) <= org_cap
    optima, spent = [], 0.0
    for terms in (priority, ys, xs, kept, weighted):
        if not terms:
            # Nothing can raise this tier (no priority attendee, no seat
            # held): it is 0, and fixing it would add an empty row.
            optima.append(0)
            continue
        tier = pulp.lpSum(terms)
        prob.setObjective(tier)
        left = LIMIT - spent
        if left <= 0:
            return None, None
        start = time.perf_counter()
        solver = CheckedCbc(msg=False, gapRel=0, gapAbs=0, timeLimit=left)
        status = prob.solve(solver)
        spent += time.perf_counter() - start
        if spent >= LIMIT:
            return None, None
        assert pulp.LpStatus[status] == "Optimal", pulp.LpStatus[status]
        value = round(pulp.value(tier) or 0)
        optima.append(value)
        prob += tier >= value
    return spent, optima


LIMIT = float(os.environ.get("CBC_TIME_LIMIT", "900"))


def main():
    runs = int(sys.argv[1])
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        times, optima = [], None
        for _ in range(runs):
            spent, optima = solve(d)
            if spent is None:
                times = None
                break
            times.append(spent)
        median = statistics.median(times) if times else None
        print(json.dumps({"file": path, "median": median, "optima": optima, "limit": LIMIT}))
        sys.stdout.flush()


main()
