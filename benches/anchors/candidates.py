"""OR-Tools' whole process on an n x n candidates dataset: read candidates.csv (helper_id,
recipient_id,cost), solve the assignment with LinearSumAssignment, print the optimum. Timed as a whole
process by whole.py, as pairplan's `plan` on the same dataset is."""

import csv
import sys

from ortools.graph.python import linear_sum_assignment


def main():
    helpers, recipients, arcs = {}, {}, []
    with open(sys.argv[1], encoding="utf-8") as f:
        for row in csv.DictReader(f):
            h = helpers.setdefault(row["helper_id"], len(helpers))
            r = recipients.setdefault(row["recipient_id"], len(recipients))
            arcs.append((h, r, int(row["cost"])))
    lsa = linear_sum_assignment.SimpleLinearSumAssignment()
    for h, r, cost in arcs:
        lsa.add_arc_with_cost(h, r, cost)
    assert lsa.solve() == lsa.OPTIMAL
    print(lsa.optimal_cost())


if __name__ == "__main__":
    main()
