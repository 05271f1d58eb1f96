//! Criterion benchmarks on the embedded Tianjin 2019 dataset: loading and validation, graph and LP
//! building, solving, and checking are measured separately. Figures go in `benches/README.md`.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

mod common;

use criterion::{criterion_group, criterion_main, Criterion};

use pairplan::check::check_plan;
use pairplan::domain::{Instance, Plan};
use pairplan::graph::PairingGraph;
use pairplan::load::Source;
use pairplan::{model, solve, validate};

use common::{load_program, load_villages, replicated};

fn tianjin(c: &mut Criterion) {
    let mut group = c.benchmark_group("tianjin-2019/villages");
    group.sample_size(20);
    group.bench_function("load+validate", |b| b.iter(load_villages));
    let instance = load_villages();
    group.bench_function("graph+describe", |b| {
        b.iter(|| {
            let graph = PairingGraph::build(&instance);
            model::describe(&instance, &graph).arcs.len()
        })
    });
    let graph = PairingGraph::build(&instance);
    group.bench_function("solve", |b| {
        b.iter(|| solve::solve(&instance, &graph).expect("feasible"))
    });
    group.bench_function("solve-flow", |b| {
        b.iter(|| solve::solve_with(&instance, &graph, solve::Solver::Flow).expect("feasible"))
    });
    let solved = solve::solve(&instance, &graph).expect("feasible");
    group.bench_function("check", |b| {
        b.iter(|| check_plan(&instance, &solved.plan).len())
    });
    group.finish();
}

/// Next year from this year: the villages planned against the embedded 2019 ledger (reading it,
/// the kept arcs, the comparison), and the frontier of 16 change weights (`plan --frontier`).
fn next_year(c: &mut Criterion) {
    let mut group = c.benchmark_group("tianjin-2019/villages-previous");
    group.sample_size(10);
    let mut instance = load_villages();
    let data = Source::embedded_dataset();
    let ledger = data
        .read_table(
            "pairings-2019.csv",
            &mut pairplan::error::Problems::default(),
        )
        .expect("the embedded ledger");
    let rows = pairplan::load::read_pairings(&ledger).expect("a pairings file");
    group.bench_function("previous+solve+compare", |b| {
        b.iter(|| {
            let resolved =
                pairplan::validate::ledger::resolve_for(&instance, &ledger.file, rows.clone());
            let known = pairplan::change::previous(&instance, &resolved, None);
            let mut next = instance.clone();
            next.previous = known.kept.clone();
            let graph = PairingGraph::build(&next);
            let solved = solve::solve_with(&next, &graph, solve::Solver::Auto).expect("feasible");
            let now = pairplan::change::plan_rows(&next, &solved.plan);
            pairplan::change::compare(&rows, &now).lines.len()
        })
    });
    let resolved = pairplan::validate::ledger::resolve_for(&instance, &ledger.file, rows.clone());
    instance.previous = pairplan::change::previous(&instance, &resolved, None).kept;
    let graph = PairingGraph::build(&instance);
    group.bench_function("frontier", |b| {
        b.iter(|| {
            solve::frontier(&instance, &graph, solve::Solver::Auto)
                .expect("feasible")
                .len()
        })
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

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("tianjin-2019/villages-x3");
    group.sample_size(10);
    let instance = replicated(3);
    let graph = PairingGraph::build(&instance);
    group.bench_function("solve", |b| {
        b.iter(|| solve::solve(&instance, &graph).expect("feasible"))
    });
    group.bench_function("solve-flow", |b| {
        b.iter(|| solve::solve_with(&instance, &graph, solve::Solver::Flow).expect("feasible"))
    });
    group.finish();
    let mut group = c.benchmark_group("tianjin-2019/villages-x30");
    group.sample_size(10);
    let instance = replicated(30);
    let graph = PairingGraph::build(&instance);
    group.bench_function("solve-flow", |b| {
        b.iter(|| solve::solve_with(&instance, &graph, solve::Solver::Flow).expect("feasible"))
    });
    // What `check` does with a plan of this size: the rules, the data notes and the coverage table.
    let plan = solve::solve_with(&instance, &graph, solve::Solver::Flow)
        .expect("feasible")
        .plan;
    group.bench_function("check", |b| {
        b.iter(|| {
            let findings = check_plan(&instance, &plan).len()
                + pairplan::check::check_data(&instance, &graph).len();
            (
                findings,
                pairplan::check::coverage(&instance, &plan).covered,
            )
        })
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
            let mut plans: Vec<(Instance, Plan)> = Vec::new();
            // A program that follows another's pairs (telemedicine) comes after the others.
            let mut ordered: Vec<_> = specs.iter().collect();
            ordered.sort_by_key(|spec| {
                spec.rules
                    .iter()
                    .any(|r| matches!(r.get_ref(), pairplan::load::RuleSpec::PairsOf { .. }))
            });
            for spec in ordered {
                let mut instance =
                    validate::instance(&data, &dataset, spec).expect("valid instance");
                if let Some((source, _)) = instance.pairs_of() {
                    let (source, plan) = plans
                        .iter()
                        .find(|(i, _)| i.program.name == source)
                        .expect("the program followed is planned first");
                    let (source, plan) = (source.clone(), plan.clone());
                    instance.follow(&source, &plan).expect("same tables");
                }
                let graph = PairingGraph::build(&instance);
                let solved = solve::solve(&instance, &graph).expect("feasible");
                pairings +=
                    check_plan(&instance, &solved.plan).len() + solved.plan.assignments.len();
                plans.push((instance, solved.plan));
            }
            pairings
        })
    });
    group.finish();
}

/// What-if as a planner runs it, the whole process: `plan` alone, `plan --scenario` (the baseline,
/// then one scenario against it) and `whatif` of a 100-value sweep.
fn what_if(c: &mut Criterion) {
    let run = |args: &[&str]| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_pairplan"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(std::process::Stdio::null())
            .status()
            .expect("pairplan runs");
        assert!(status.success());
    };
    let mut group = c.benchmark_group("tianjin-2019/what-if");
    group.sample_size(10);
    group.bench_function("plan", |b| b.iter(|| run(&["plan"])));
    group.bench_function("plan-scenario", |b| {
        b.iter(|| run(&["plan", "--scenario", "scenarios/xiqing-to-wuqing.toml"]))
    });
    group.bench_function("sweep-100", |b| {
        b.iter(|| run(&["whatif", "--sweep", "move(西青区,武清区)=0..99:1"]))
    });
    group.finish();
}

/// The large and hostile inputs of the right-answers issue, whole process: 100 000 new helpers
/// added by a scenario against the same rows in the data itself (the scenario must not be slower by
/// more than its baseline), and a 2 GiB shared string packed into a 2 MB workbook (refused, fast).
/// Memory is not criterion's: benches/README.md gives `/usr/bin/time` figures for the same runs.
fn hostile(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("folder");
    for entry in std::fs::read_dir(root.join("data/tianjin-2019")).expect("dataset") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), data.join(entry.file_name())).expect("copy");
    }
    let enterprises = std::fs::read_to_string(data.join("enterprises.csv")).expect("enterprises");
    let rows: Vec<&str> = enterprises.lines().skip(1).collect();
    let mut many = String::from("id,name,district,unit,capacity,sectors,source\n");
    for i in 0..100_000 {
        let row = rows[i % rows.len()];
        let rest = row.split_once(',').map_or("", |(_, rest)| rest);
        many.push_str(&format!("N{i:06},{rest}\n"));
    }
    std::fs::write(dir.path().join("many.csv"), &many).expect("write");
    std::fs::write(
        dir.path().join("many.toml"),
        "title = \"many\"\nprograms = [\"villages\"]\n[[edits]]\nedit = \"add_helpers\"\nprogram = \"villages\"\nfile = \"many.csv\"\n",
    )
    .expect("write");
    let big = dir.path().join("big");
    std::fs::create_dir(&big).expect("folder");
    for entry in std::fs::read_dir(&data).expect("dataset") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), big.join(entry.file_name())).expect("copy");
    }
    let mut with_many = enterprises.clone();
    with_many.push_str(many.split_once('\n').map_or("", |(_, body)| body));
    std::fs::write(big.join("enterprises.csv"), with_many).expect("write");
    let bomb = dir.path().join("bomb.xlsx");
    write_shared_string_bomb(&bomb, 2 << 30);

    let run = |args: &[&str], code: i32| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_pairplan"))
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("pairplan runs");
        assert_eq!(status.code(), Some(code));
    };
    let path = |p: &std::path::Path| p.to_str().expect("UTF-8").to_string();
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    let (scenario, big, bomb) = (path(&dir.path().join("many.toml")), path(&big), path(&bomb));
    group.bench_function("add-helpers-100k-scenario", |b| {
        b.iter(|| {
            run(
                &["plan", "--program", "villages", "--scenario", &scenario],
                0,
            )
        })
    });
    group.bench_function("helpers-100k-in-data", |b| {
        b.iter(|| run(&["plan", "--program", "villages", "--data", &big], 0))
    });
    group.bench_function("shared-string-2GiB-refused", |b| {
        b.iter(|| run(&["check", "--pairings", &bomb], 2))
    });
    group.finish();
}

/// An `.xlsx` whose one shared string is `size` bytes of one letter: deflate packs it about a
/// thousand to one.
fn write_shared_string_bomb(path: &std::path::Path, size: u64) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut put = |name: &str, body: &[u8]| {
        zip.start_file(name, options).expect("part");
        zip.write_all(body).expect("write");
    };
    put("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#);
    put("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#);
    put("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#);
    put("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#);
    put("xl/worksheets/sheet1.xml", br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#);
    zip.start_file("xl/sharedStrings.xml", options)
        .expect("part");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).expect("write");
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..size / chunk.len() as u64 {
        zip.write_all(&chunk).expect("write");
    }
    zip.write_all(b"</t></si></sst>").expect("write");
    zip.finish().expect("finish");
}

criterion_group!(
    benches,
    tianjin,
    gannan_team,
    all_programs,
    next_year,
    scaling,
    what_if,
    hostile
);
criterion_main!(benches);
