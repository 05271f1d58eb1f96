//! Criterion benchmarks on the embedded Tianjin 2019 dataset: loading and validation, graph and LP
//! building, solving, and checking are measured separately. Figures go in `benches/README.md`.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};

use pairplan::check::check_plan;
use pairplan::graph::PairingGraph;
use pairplan::load::Source;
use pairplan::{model, solve, validate};

fn load_villages() -> pairplan::domain::Instance {
    load_program("villages")
}

fn load_program(name: &str) -> pairplan::domain::Instance {
    let data = Source::embedded_dataset();
    let dataset = validate::dataset(&data).expect("embedded dataset is valid");
    let specs = validate::programs(&Source::embedded_models()).expect("embedded models are valid");
    let spec = specs
        .iter()
        .find(|s| s.name == name)
        .expect("a program of the models");
    validate::instance(&data, &dataset, spec).expect("the instance is valid")
}

fn tianjin(c: &mut Criterion) {
    let mut group = c.benchmark_group("tianjin-2019/villages");
    group.sample_size(20);
    group.bench_function("load+validate", |b| b.iter(load_villages));
    let instance = load_villages();
    group.bench_function("graph+model", |b| {
        b.iter(|| {
            let graph = PairingGraph::build(&instance);
            model::build(&instance, &graph).flows.len()
        })
    });
    let graph = PairingGraph::build(&instance);
    group.bench_function("solve", |b| {
        b.iter(|| solve::solve(&instance, &graph).expect("feasible"))
    });
    let solved = solve::solve(&instance, &graph).expect("feasible");
    group.bench_function("check", |b| {
        b.iter(|| check_plan(&instance, &solved.plan).len())
    });
    group.finish();
}

/// The Gannan team (院包科 with person-times): the one program that counts pairings, so the only
/// one solved by branch and bound over pair binaries.
fn gannan_team(c: &mut Criterion) {
    let instance = load_program("gannan-team");
    let graph = PairingGraph::build(&instance);
    let mut group = c.benchmark_group("tianjin-2019/gannan-team");
    group.sample_size(20);
    group.bench_function("solve", |b| {
        b.iter(|| solve::solve(&instance, &graph).expect("feasible"))
    });
    group.finish();
}

/// Every program of the embedded dataset, loaded, solved and checked in turn: what `pairplan plan`
/// does.
fn all_programs(c: &mut Criterion) {
    let data = Source::embedded_dataset();
    let dataset = validate::dataset(&data).expect("embedded dataset is valid");
    let specs = validate::programs(&Source::embedded_models()).expect("embedded models are valid");
    let mut group = c.benchmark_group("tianjin-2019/all-programs");
    group.sample_size(10);
    group.bench_function("load+solve+check", |b| {
        b.iter(|| {
            let mut pairings = 0;
            for spec in &specs {
                let instance = validate::instance(&data, &dataset, spec).expect("valid instance");
                let graph = PairingGraph::build(&instance);
                let solved = solve::solve(&instance, &graph).expect("feasible");
                pairings +=
                    check_plan(&instance, &solved.plan).len() + solved.plan.assignments.len();
            }
            pairings
        })
    });
    group.finish();
}

criterion_group!(benches, tianjin, gannan_team, all_programs);
criterion_main!(benches);
