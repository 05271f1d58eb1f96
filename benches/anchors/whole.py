"""Whole processes, interleaved (the load-path issue's measures): pairplan's `plan` on the national
dataset against OR-Tools' bare solve of its exported network, pairplan's `plan` on the n x n
candidates dataset against OR-Tools' whole Python process reading the same matrix, and pairplan's
`check` of the national plan against that plan. Prints medians, peak memory and ratios.
Usage: whole.py PAIRPLAN WORK ROUNDS (run.sh passes them)."""

import os
import statistics
import subprocess
import sys
import time

from compare import ortools_mcf, read


def whole(args):
    """Seconds and peak resident memory (MB) of one whole process, as /usr/bin/time measures it
    (this process's own memory, the national network read into Python, is not the child's)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=True)
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def main():
    pairplan, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    national = read(f"{work}/villages-national.min")
    here = os.path.dirname(os.path.abspath(__file__))
    runs = {
        "plan national (whole)": [pairplan, "plan", "--data", f"{work}/national-data", "--program",
                                  "villages", "--out", f"{work}/national-plan.csv"],
        "check national (whole)": [pairplan, "check", "--data", f"{work}/national-data", "--program",
                                   "villages", "--pairings", f"{work}/national-plan.csv"],
        "plan candidates-800 (whole)": [pairplan, "plan", "--data", f"{work}/candidates-800/data",
                                        "--models", f"{work}/candidates-800/models"],
        "ortools candidates-800 (whole python)": [sys.executable, f"{here}/candidates.py",
                                                  f"{work}/candidates-800/data/candidates.csv"],
    }
    times, memory = {}, {}
    for _ in range(rounds):
        for name, args in runs.items():
            seconds, mb = whole(args)
            times.setdefault(name, []).append(seconds)
            memory[name] = max(memory.get(name, 0), mb)
        seconds, _ = ortools_mcf(*national[:2])
        times.setdefault("ortools national (bare solve)", []).append(seconds)
    median = {name: statistics.median(t) for name, t in times.items()}
    print("| measure | median s (runs) | peak MB |")
    print("| --- | --- | --- |")
    for name, t in times.items():
        print(f"| {name} | {median[name]:.3f} ({len(t)}) | {memory.get(name, 0):.0f} |")
    print()
    print(f"plan national / OR-Tools bare solve: {median['plan national (whole)'] / median['ortools national (bare solve)']:.2f}")
    print(f"plan candidates-800 / OR-Tools whole process: {median['plan candidates-800 (whole)'] / median['ortools candidates-800 (whole python)']:.2f}")
    print(f"check national / plan national: {median['check national (whole)'] / median['plan national (whole)']:.2f}")


if __name__ == "__main__":
    main()
