//! The report to look at: one self-contained HTML file whose drawn marks match the plan. The
//! browser test renders it in headless Chromium (installed by `.ci/run`): it is ignored by a plain
//! `cargo test` and run with `--ignored`, where it fails — never skips — without a browser.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::harness::pairplan;

/// The embedded plan of villages against the 2019 ledger: its report and its JSON summary.
fn report_and_summary(dir: &Path) -> (PathBuf, serde_json::Value) {
    let report = dir.join("报告.html");
    let args = [
        "--program",
        "villages",
        "--previous",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/tianjin-2019/pairings-2019.csv"
        ),
    ];
    let mut plan = vec![
        "plan",
        "--format",
        "json",
        "--report",
        report.to_str().unwrap(),
    ];
    plan.extend(args);
    let run = pairplan(&plan);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (report, serde_json::from_str(&run.stdout).unwrap())
}

/// How many elements of each chart class the markup holds (`<rect class="load"` …).
fn marks(html: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for class in [
        "load",
        "quota",
        "covered",
        "recipients",
        "use-bin",
        "change kept",
        "change new",
        "change dropped",
        "moved",
    ] {
        counts.insert(
            class.to_string(),
            html.matches(&format!("<rect class=\"{class}\"")).count(),
        );
    }
    counts
}

/// The anchors the table of contents links to, in its order.
fn contents(html: &str) -> Vec<String> {
    let start = html
        .find("<nav class=\"contents\"")
        .expect("a table of contents");
    let nav = &html[start..start + html[start..].find("</nav>").expect("its end")];
    nav.split("href=\"#")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// Whether every entry of the table of contents leads to an element of the page: the overview, each
/// program's section, the notes.
fn contents_lead_somewhere(html: &str, programs: &[&str]) {
    let anchors = contents(html);
    assert_eq!(anchors.first().map(String::as_str), Some("overview"));
    for program in programs {
        assert!(
            anchors.iter().any(|a| a == program),
            "{program}: {anchors:?}"
        );
    }
    for anchor in &anchors {
        assert!(
            html.contains(&format!("id=\"{anchor}\"")),
            "the contents link to #{anchor}, which the page lacks"
        );
    }
}

/// What the plan says the charts must draw.
fn expected_marks(summary: &serde_json::Value) -> BTreeMap<String, usize> {
    let program = &summary["programs"][0];
    let districts = program["districts"].as_array().unwrap();
    let drawn = districts
        .iter()
        .filter(|d| d["quota"].as_u64().unwrap_or(0) > 0 || d["covered"].as_u64().unwrap() > 0)
        .count();
    let by_district = program["changes"]["by_district"].as_object().unwrap();
    let with = |status: &str| {
        by_district
            .values()
            .filter(|c| c[status].as_u64().unwrap() > 0)
            .count()
    };
    // Every county of the map that holds villages.
    let villages = crate::harness::read_csv(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/tianjin-2019/villages.csv"
    )));
    let counties: std::collections::BTreeSet<&str> =
        villages.iter().map(|v| v["county"].as_str()).collect();
    BTreeMap::from([
        ("load".to_string(), drawn),
        (
            "quota".to_string(),
            districts
                .iter()
                .filter(|d| d["quota"].as_u64().unwrap_or(0) > 0)
                .count(),
        ),
        ("covered".to_string(), counties.len()),
        ("recipients".to_string(), counties.len()),
        ("use-bin".to_string(), 6),
        ("change kept".to_string(), with("kept")),
        ("change new".to_string(), with("new")),
        ("change dropped".to_string(), with("dropped")),
        ("moved".to_string(), 0),
    ])
}

#[test]
fn the_report_is_one_self_contained_file_whose_marks_match_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (report, summary) = report_and_summary(dir.path());
    let html = std::fs::read_to_string(&report).unwrap();
    // Nothing fetched: no script, no stylesheet link, no remote address but the SVG namespace.
    assert!(!html.contains("<script") && !html.contains("<link"));
    assert_eq!(
        html.matches("http").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
    assert_eq!(marks(&html), expected_marks(&summary));
    contents_lead_somewhere(&html, &["villages"]);
    // What is synthetic says so.
    assert!(
        html.contains("data-origin=\"synthetic\"><td>enterprises.csv"),
        "{html}"
    );
    // `pairplan report` writes the same page, alone.
    let alone = dir.path().join("alone.html");
    let run = pairplan(&[
        "report",
        "--program",
        "villages",
        "--previous",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/tianjin-2019/pairings-2019.csv"
        ),
        "--out",
        alone.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(&alone).unwrap(), html);
}

#[test]
fn whatif_reports_its_scenarios_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("w.html");
    let scenario = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/xiqing-to-wuqing.toml"
    );
    let run = pairplan(&["whatif", scenario, "--report", report.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&report).unwrap();
    assert_eq!(html.matches("<rect class=\"moved\" data-scenario=\"西青区 20 个村的结对任务转给武清区\" data-value=\"20\"").count(), 1, "{html}");
    // One chart for the one program the scenario changes; the fourteen others named in a line.
    let scenarios = &html[html.find("id=\"scenarios\"").unwrap()..];
    let scenarios = &scenarios[..scenarios.find("</section>").unwrap()];
    assert_eq!(scenarios.matches("<figure").count(), 1, "{scenarios}");
    assert!(
        scenarios.contains("class=\"untouched\"") && scenarios.contains("county-hospitals"),
        "{scenarios}"
    );
    contents_lead_somewhere(&html, &["villages", "county-hospitals"]);
    assert!(contents(&html).iter().any(|a| a == "scenarios"));
}

/// The browser: `CHROMIUM`, else `chromium` or `chromium-browser` on the PATH.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!("no Chromium: install it (apt-get install -y chromium) or set CHROMIUM; this test never skips");
}

/// Runs headless Chromium on a file with extra arguments; returns its standard output.
fn headless(file: &Path, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("Chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[ignore = "needs Chromium: .ci/run installs it and runs this with --ignored"]
fn the_report_renders_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let (report, summary) = report_and_summary(dir.path());
    // The DOM the browser built holds every mark the plan asks for.
    let dom = headless(&report, &["--dump-dom"]);
    assert!(dom.contains("<svg"), "{dom}");
    assert_eq!(marks(&dom), expected_marks(&summary));
    // The table of contents as the browser built it: every entry leads to a section.
    contents_lead_somewhere(&dom, &["villages"]);
    // The page is drawn: the screenshot is far from blank.
    let shot = dir.path().join("shot.png");
    headless(
        &report,
        &[
            "--window-size=900,1600",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let inked = pixels[..info.buffer_size()]
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|&v| v < 200))
        .count();
    let total = (info.width * info.height) as usize;
    assert!(
        inked * 20 > total,
        "only {inked} of {total} pixels drawn: the page looks blank"
    );
}
