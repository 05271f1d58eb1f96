//! `export`: the problem as other solvers read it — DIMACS for a network, LP and MPS for the LP —
//! and it is the problem pairplan solves: the DIMACS file solved again gives the plan's objective.

use pairplan::mcf::MinCostFlow;

use crate::harness::pairplan;

/// Reads a DIMACS min-cost-flow file back into a network, with the scale of its costs.
fn read_dimacs(text: &str) -> (MinCostFlow, f64) {
    let mut flow = MinCostFlow::new();
    let mut scale = 1.0;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["c", "a", "circulation", .., last] => scale = last.parse().unwrap(),
            ["p", "min", nodes, _] => {
                for _ in 0..nodes.parse::<usize>().unwrap() {
                    flow.add_node();
                }
            }
            ["a", from, to, low, cap, cost] => {
                let n = |w: &str| w.parse::<i64>().unwrap();
                flow.add_arc(
                    n(from) as usize - 1,
                    n(to) as usize - 1,
                    n(low),
                    n(cap),
                    n(cost),
                );
            }
            _ => {}
        }
    }
    (flow, scale)
}

#[test]
fn the_exported_network_has_the_plans_optimum() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("villages.min");
    let run = pairplan(&[
        "export",
        "--program",
        "villages",
        "--format",
        "dimacs",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("p min 1651 7122"), "{}", &text[..300]);
    let (network, scale) = read_dimacs(&text);
    let flows = network.solve().unwrap();
    let objective = network.cost_of(&flows) as f64 / scale;
    let plan = pairplan(&["plan", "--program", "villages", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&plan.stdout).unwrap();
    let expected = json["programs"][0]["objective"].as_f64().unwrap();
    assert!(
        (objective - expected).abs() < 1e-3,
        "{objective} vs {expected}"
    );
}

#[test]
fn lp_and_mps_are_written_and_a_program_that_is_no_network_has_no_dimacs() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["lp", "mps"] {
        let file = dir.path().join(format!("gannan.{format}"));
        let run = pairplan(&[
            "export",
            "--program",
            "gannan-team",
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = std::fs::read_to_string(&file).unwrap();
        let binaries = if format == "lp" {
            "Binaries"
        } else {
            "BV bnd b0"
        };
        assert!(text.contains(binaries), "{format}: pair binaries written");
    }
    let file = dir.path().join("gannan.min");
    let run = pairplan(&[
        "export",
        "--program",
        "gannan-team",
        "--format",
        "dimacs",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("is not a pure network (pairs are counted"),
        "{}",
        run.stderr
    );
    assert!(!file.exists());
}
