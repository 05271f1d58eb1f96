"""Times pairplan, OR-Tools and HiGHS on the exported DIMACS instances, interleaved, and prints the
medians, the ratios pairplan / anchor, and whether the optima agree. Driven by run.sh."""

import statistics
import subprocess
import sys
import time

import highspy
import numpy as np
from ortools.graph.python import linear_sum_assignment, min_cost_flow
from scipy.optimize import linear_sum_assignment as scipy_lsa


def read(path):
    """Nodes, arcs (tail, head, low, cap, cost) 0-based, and the cost scale."""
    scale, nodes, arcs = 1.0, 0, []
    prefix = "c a circulation with lower bounds; objective = Σ cost · flow / "
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(prefix):
                scale = float(line[len(prefix):])
            elif line.startswith("p min"):
                nodes = int(line.split()[2])
            elif line.startswith("a "):
                _, u, v, lo, cap, cost = line.split()
                arcs.append((int(u) - 1, int(v) - 1, int(lo), int(cap), int(cost)))
    return nodes, arcs, scale


def ortools_mcf(nodes, arcs):
    """Lower bounds moved into supplies, as SimpleMinCostFlow has none. Returns (seconds, cost)."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    supply = [0] * nodes
    offset = 0
    for u, v, lo, cap, cost in arcs:
        smcf.add_arc_with_capacity_and_unit_cost(u, v, cap - lo, cost)
        supply[v] += lo
        supply[u] -= lo
        offset += lo * cost
    for n, s in enumerate(supply):
        smcf.set_node_supply(n, s)
    start = time.perf_counter()
    status = smcf.solve()
    seconds = time.perf_counter() - start
    assert status == smcf.OPTIMAL, status
    return seconds, smcf.optimal_cost() + offset


def highs_lp(nodes, arcs):
    """The network as an LP (conservation at every node). Returns (seconds, cost)."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = len(arcs)
    lp.num_row_ = nodes
    lp.col_cost_ = np.array([float(a[4]) for a in arcs])
    lp.col_lower_ = np.array([float(a[2]) for a in arcs])
    lp.col_upper_ = np.array([float(a[3]) if a[3] < (1 << 40) else inf for a in arcs])
    lp.row_lower_ = np.zeros(nodes)
    lp.row_upper_ = np.zeros(nodes)
    starts, index, value = [0], [], []
    for u, v, *_ in arcs:
        index += [u, v]
        value += [-1.0, 1.0]
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts)
    lp.a_matrix_.index_ = np.array(index)
    lp.a_matrix_.value_ = np.array(value)
    h.passModel(lp)
    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    return seconds, h.getInfo().objective_function_value


def assignment_matrix(nodes, arcs):
    n = (nodes - 2) // 2
    costs = np.zeros((n, n), dtype=np.int64)
    for u, v, lo, cap, cost in arcs:
        if 2 <= u < 2 + n and 2 + n <= v < 2 + 2 * n:
            costs[u - 2][v - 2 - n] = cost
    return costs


def ortools_lsa(costs):
    n = len(costs)
    lsa = linear_sum_assignment.SimpleLinearSumAssignment()
    for w in range(n):
        for t in range(n):
            lsa.add_arc_with_cost(w, t, int(costs[w][t]))
    start = time.perf_counter()
    status = lsa.solve()
    seconds = time.perf_counter() - start
    assert status == lsa.OPTIMAL
    return seconds, lsa.optimal_cost()


def scipy_assign(costs):
    start = time.perf_counter()
    rows, cols = scipy_lsa(costs)
    seconds = time.perf_counter() - start
    return seconds, int(costs[rows, cols].sum())


def pairplan(binary, path, algorithm="auto"):
    out = subprocess.run([binary, "time", path, algorithm], check=True, capture_output=True, text=True)
    seconds, objective = out.stdout.split()
    return float(seconds), float(objective)


def main():
    binary, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    names = ["villages-x1", "villages-x10", "villages-x30", "villages-national", "assignment-800"]
    instances = {name: read(f"{work}/{name}.min") for name in names}
    times = {}
    optima = {}
    for round in range(rounds):
        for name, (nodes, arcs, scale) in instances.items():
            runs = {"pairplan": pairplan(binary, f"{work}/{name}.min")}
            runs["pairplan-paths"] = pairplan(binary, f"{work}/{name}.min", "paths")
            runs["pairplan-scaling"] = pairplan(binary, f"{work}/{name}.min", "scaling")
            runs["ortools-mcf"] = ortools_mcf(nodes, arcs)
            # HiGHS takes minutes on the larger networks: timed in the first round only, and not at
            # all on the national network (over a million arcs).
            if round == 0 and len(arcs) < 1_000_000:
                runs["highs"] = highs_lp(nodes, arcs)
            if name.startswith("assignment"):
                costs = assignment_matrix(nodes, arcs)
                runs["ortools-lsa"] = ortools_lsa(costs)
                runs["scipy-lsa"] = scipy_assign(costs)
            for solver, (seconds, objective) in runs.items():
                if not solver.startswith("pairplan"):
                    objective /= scale
                times.setdefault((name, solver), []).append(seconds)
                optima.setdefault((name, solver), objective)
    print(f"| instance | arcs | solver | median s (runs) | pairplan / solver | optimum | agrees |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, (nodes, arcs, scale) in instances.items():
        ours = statistics.median(times[(name, "pairplan")])
        for (n, solver), seconds in times.items():
            if n != name:
                continue
            median = statistics.median(seconds)
            agrees = abs(optima[(name, solver)] - optima[(name, "pairplan")]) < 1e-6 * max(1.0, abs(optima[(name, "pairplan")]))
            print(f"| {name} | {len(arcs)} | {solver} | {median:.4f} ({len(seconds)}) | {ours / median:.2f} | {optima[(name, solver)]:.4f} | {'yes' if agrees else 'NO'} |")


if __name__ == "__main__":
    main()
