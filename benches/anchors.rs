//! The anchors' side of pairplan (`benches/anchors/run.sh` drives it): `export DIR` writes the
//! instances compared — the villages on the map ×1, ×10 and ×30 and at national scale, and an 800 × 800 assignment with
//! seeded costs 1..10⁴ — as DIMACS files, exactly as `pairplan export` writes a network; `time FILE`
//! reads one back and prints the seconds pairplan's min-cost flow takes to solve it (reading and
//! building excluded, as for the anchors) and the optimum, by the algorithm `solve` picks; `time FILE
//! paths` or `time FILE scaling` forces one; `candidates DIR N` writes an n × n candidates dataset
//! (the assignment's matrix in the dataset format) for timing whole processes. `cargo bench` alone
//! does nothing here.

mod common;

use std::time::Instant;

use rand::{Rng, SeedableRng};

use pairplan::graph::PairingGraph;
use pairplan::load::Source;
use pairplan::mcf::{read_dimacs, MinCostFlow, UNBOUNDED};
use pairplan::report::export::{dimacs_scale, render_dimacs, DIMACS_SCALE_COMMENT};
use pairplan::solve::flow;
use pairplan::{model, synth, validate};

fn export_villages(copies: usize, dir: &std::path::Path) {
    let instance = if copies == 1 {
        common::load_villages()
    } else {
        common::replicated(copies)
    };
    let title = format!("villages on the Tianjin map ×{copies}");
    write_network(
        &instance,
        &title,
        &dir.join(format!("villages-x{copies}.min")),
    );
}

/// The national-scale synthetic instance (`generate --scale national --seed 2019`).
fn export_national(dir: &std::path::Path) {
    let data = dir.join("national-data");
    std::fs::create_dir_all(&data).expect("the folder");
    for (name, bytes) in synth::national::generate(2019).expect("generated") {
        std::fs::write(data.join(name), bytes).expect("written");
    }
    let source = Source::Dir(data);
    let dataset = validate::dataset(&source).expect("a valid dataset");
    let specs = validate::programs(&Source::embedded_models()).expect("embedded models");
    let spec = specs
        .iter()
        .find(|s| s.name == "villages")
        .expect("villages");
    let instance = validate::instance(&source, &dataset, spec).expect("a valid instance");
    write_network(
        &instance,
        "villages, national scale (synthetic)",
        &dir.join("villages-national.min"),
    );
}

fn write_network(instance: &pairplan::domain::Instance, title: &str, path: &std::path::Path) {
    let graph = PairingGraph::build(instance);
    let description = model::describe(instance, &graph);
    let network = flow::network(&description).expect("the villages are a network");
    let bytes = render_dimacs(&description, &network.flow.costs(), network.scale, title);
    std::fs::write(path, bytes).expect("written");
}

/// An n × n assignment as a circulation: source → worker [1, 1], worker → task [0, 1] at its cost,
/// task → sink [1, 1], sink → source.
fn export_assignment(n: usize, dir: &std::path::Path) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(800);
    let mut text = String::new();
    text.push_str(&format!(
        "c pairplan: {n} x {n} assignment, costs 1..10^4, seed 800\n"
    ));
    text.push_str(&format!("{DIMACS_SCALE_COMMENT}1\n"));
    let nodes = 2 * n + 2;
    let arcs = n * n + 2 * n + 1;
    text.push_str(&format!("p min {nodes} {arcs}\n"));
    let (source, sink) = (1, 2);
    for w in 0..n {
        text.push_str(&format!("a {source} {} 1 1 0\n", 3 + w));
    }
    for w in 0..n {
        for t in 0..n {
            let cost: u32 = rng.random_range(1..=10_000);
            text.push_str(&format!("a {} {} 0 1 {cost}\n", 3 + w, 3 + n + t));
        }
    }
    for t in 0..n {
        text.push_str(&format!("a {} {sink} 1 1 0\n", 3 + n + t));
    }
    text.push_str(&format!("a {sink} {source} 0 {UNBOUNDED} 0\n"));
    std::fs::write(dir.join(format!("assignment-{n}.min")), text).expect("written");
}

/// The model of an n × n candidates dataset: each recipient paired exactly once, each helper once,
/// only along the scored candidate pairs, at their cost.
const CANDIDATES_MODEL: &str = r#"name = "scored"
title = "候选结对（合成）"
source = "benches/anchors.rs: an n x n candidates dataset, costs 1..10^4 (synthetic)"
helper_noun = "helpers"
recipient_noun = "recipients"

[helpers]
file = "helpers.csv"
id = "id"
name = "name"
district = "district"
capacity = "capacity"

[recipients]
file = "recipients.csv"
id = "id"
name = "name"

[[rules]]
rule = "coverage"
min = 1
max = 1

[[rules]]
rule = "capacity"

[[rules]]
rule = "allowed_pairs"
file = "candidates.csv"

[costs]
"#;

/// An n × n candidates dataset in the dataset format (`DIR/data`, `DIR/models`): n recipients, n
/// helpers of capacity 1 and every pair a candidate at a cost 1..10⁴ drawn as the assignment's
/// (seed 800): the same matrix as `assignment-N.min`, so that `pairplan plan --data DIR/data
/// --models DIR/models` and OR-Tools reading `candidates.csv` solve the same problem.
fn write_candidates(n: usize, dir: &std::path::Path) {
    let (data, models) = (dir.join("data"), dir.join("models"));
    std::fs::create_dir_all(&data).expect("the data folder");
    std::fs::create_dir_all(&models).expect("the models folder");
    std::fs::write(models.join("scored.toml"), CANDIDATES_MODEL).expect("written");
    std::fs::write(
        data.join("dataset.toml"),
        format!("name = \"candidates-{n}\"\ntitle = \"{n} x {n} candidates (synthetic)\"\nprograms = [\"scored\"]\n"),
    )
    .expect("written");
    std::fs::write(data.join("districts.csv"), "name\n甲区\n").expect("written");
    std::fs::write(data.join("units.csv"), "name,district,min_villages\n").expect("written");
    std::fs::write(
        data.join("counties.csv"),
        "name,code,province,prefecture,paired_district\n一县,620001,甘肃省,一市,甲区\n",
    )
    .expect("written");
    let mut helpers = String::from("id,name,district,capacity,source\n");
    let mut recipients = String::from("id,name,source\n");
    for i in 0..n {
        helpers.push_str(&format!("H{i},helper {i},甲区,1,synthetic\n"));
        recipients.push_str(&format!("R{i},recipient {i},synthetic\n"));
    }
    std::fs::write(data.join("helpers.csv"), helpers).expect("written");
    std::fs::write(data.join("recipients.csv"), recipients).expect("written");
    // Drawn in the order `export_assignment` draws them: worker (helper) by worker, task by task.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(800);
    let mut candidates = String::with_capacity(n * n * 16);
    candidates.push_str("helper_id,recipient_id,cost\n");
    for w in 0..n {
        for t in 0..n {
            let cost: u32 = rng.random_range(1..=10_000);
            candidates.push_str(&format!("H{w},R{t},{cost}\n"));
        }
    }
    std::fs::write(data.join("candidates.csv"), candidates).expect("written");
}

fn time(path: &str, algorithm: &str) {
    let text = std::fs::read_to_string(path).expect("a DIMACS file");
    let scale = dimacs_scale(&text);
    let network: MinCostFlow = read_dimacs(&text).expect("a network pairplan can read");
    let started = Instant::now();
    let flows = match algorithm {
        "scaling" => network.solve_by_cost_scaling(None),
        "paths" => network.solve_by_shortest_paths(None),
        _ => network.solve(),
    }
    .expect("feasible");
    let seconds = started.elapsed().as_secs_f64();
    let objective = network.cost_of(&flows) as f64 / scale;
    println!("{seconds:.6} {objective:.6}");
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["export", dir] => {
            let dir = std::path::Path::new(dir);
            std::fs::create_dir_all(dir).expect("the folder");
            for copies in [1, 10, 30] {
                export_villages(copies, dir);
            }
            export_national(dir);
            export_assignment(800, dir);
        }
        ["candidates", dir, n] => {
            let n: usize = n.parse().expect("a size");
            write_candidates(n, std::path::Path::new(dir));
        }
        ["time", path] => time(path, "auto"),
        ["time", path, algorithm] => time(path, algorithm),
        _ => eprintln!(
            "anchors: `export DIR`, `candidates DIR N` or `time FILE` (see benches/anchors/run.sh)"
        ),
    }
}
