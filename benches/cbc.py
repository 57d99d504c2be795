"""Times PuLP + CBC on allocation problems (the JSON of `Problem`), for
benches/allocation.rs: each file solved lexicographically (the served, then
the seats, then the satisfaction, each fixed at its optimum), as our solver
does. Prints one JSON line per file: its name, the median of the solve times
(model building in Python excluded) and the three optima.

    python cbc.py RUNS FILE.json...
"""
import json
import statistics
import sys
import time

import pulp


def solve(d):
    rounds, most = d["rounds"], d["maxSeats"]
    k = 1 + max([len(a["ranking"]) for a in d["attendees"]] + [0])
    cap = {}
    for w, ws in enumerate(d["workshops"]):
        for o in ws["occurrences"]:
            cap[w, o["round"]] = o["capacity"]
    prob = pulp.LpProblem("allocation", pulp.LpMaximize)
    by_occurrence = {key: [] for key in cap}
    xs, ys, weighted = [], [], []
    for a, at in enumerate(d["attendees"]):
        wishes = at.get("wishes")
        wishes = most if wishes is None else min(wishes, most)
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
                    weighted.append((k - pos - 1) * x)
            if len(same) > 1:
                prob += pulp.lpSum(same) <= 1
        if not mine or wishes == 0:
            for x in mine:
                prob += x == 0
            continue
        for list_ in by_round.values():
            if len(list_) > 1:
                prob += pulp.lpSum(list_) <= 1
        y = pulp.LpVariable(f"y_{a}", cat="Binary")
        ys.append(y)
        xs.extend(mine)
        prob += y <= pulp.lpSum(mine)
        if len(mine) > wishes:
            prob += pulp.lpSum(mine) <= wishes
    for key, list_ in by_occurrence.items():
        if len(list_) > cap[key]:
            prob += pulp.lpSum(list_) <= cap[key]
    optima, spent = [], 0.0
    for tier in (pulp.lpSum(ys), pulp.lpSum(xs), pulp.lpSum(weighted)):
        prob.setObjective(tier)
        start = time.perf_counter()
        status = prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0, gapAbs=0))
        spent += time.perf_counter() - start
        assert pulp.LpStatus[status] == "Optimal", pulp.LpStatus[status]
        value = round(pulp.value(tier) or 0)
        optima.append(value)
        prob += tier >= value
    return spent, optima


def main():
    runs = int(sys.argv[1])
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        times, optima = [], None
        for _ in range(runs):
            spent, optima = solve(d)
            times.append(spent)
        print(json.dumps({"file": path, "median": statistics.median(times), "optima": optima}))
        sys.stdout.flush()


main()
