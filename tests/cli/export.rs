//! `export`: the problem as other solvers read it — DIMACS for a network, LP and MPS for the LP —
//! and it is the problem pairplan solves: the DIMACS file solved again gives the plan's objective.

use pairplan::mcf::read_dimacs;
use pairplan::report::export::dimacs_scale;

use crate::harness::pairplan;

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
    assert!(
        text.lines().any(|l| l.starts_with("p min ")),
        "{}",
        &text[..300]
    );
    let network = read_dimacs(&text).unwrap();
    let scale = dimacs_scale(&text);
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
