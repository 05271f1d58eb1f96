//! The report to look at: one self-contained HTML file (no script, no network, no CDN) with SVG
//! charts a planner can forward to colleagues who never open a terminal — each district's quota,
//! coverage and load; coverage by prefecture and county; how load spreads over the helpers; what was
//! kept, changed, added and dropped against the previous plan; scenarios side by side; and which
//! inputs are official, synthetic or given. Every drawn mark carries its figure in a `data-` attribute,
//! so a test can count the marks in the browser's DOM against the data.

use std::fmt::Write as _;

use crate::check::Finding;
use crate::domain::{Instance, Origin, Plan};
use crate::text::format_number;

use crate::i18n::noun;
use crate::summary::{ChangeSummary, DistrictSummary, PlanSummary, WhatIfRow};
use crate::tr;

/// One program in the report.
pub struct ProgramView<'a> {
    /// The program's data.
    pub instance: &'a Instance,
    /// Its plan.
    pub plan: &'a Plan,
    /// Its summary (districts, units, changes).
    pub summary: &'a PlanSummary,
}

/// What a report shows.
pub struct HtmlReport<'a> {
    /// The dataset's name.
    pub dataset: &'a str,
    /// What was run, in words ("plan", "whatif of 3 scenarios").
    pub subtitle: String,
    /// The programs with a plan.
    pub programs: Vec<ProgramView<'a>>,
    /// The programs without one, with their reason.
    pub failed: Vec<(String, String)>,
    /// `whatif`'s comparison (empty for a plan).
    pub scenarios: &'a [WhatIfRow],
    /// Notes on the data.
    pub notes: &'a [Finding],
}

/// Width of every chart, in SVG units.
const WIDTH: f64 = 760.0;
/// Width of the label column of bar charts.
const LABEL: f64 = 170.0;
/// Height of one bar row.
const ROW: f64 = 22.0;

/// What a plan's report says it shows: the program or the whole plan, against which previous
/// pairings, for which scenario.
pub fn plan_subtitle(
    program: Option<&str>,
    previous: &[std::path::PathBuf],
    scenario: Option<&std::path::Path>,
) -> String {
    let mut words = vec![match program {
        Some(written) => tr!(
            "report-subtitle-program",
            program = crate::text::program_names(written)
                .iter()
                .map(|name| crate::i18n::program(name))
                .collect::<Vec<_>>()
                .join(crate::i18n::list_separator())
        ),
        None => tr!("report-subtitle-plan"),
    }];
    if !previous.is_empty() {
        let files: Vec<String> = previous.iter().map(|p| p.display().to_string()).collect();
        words.push(tr!("report-subtitle-against", file = files.join(", ")));
    }
    if let Some(scenario) = scenario {
        words.push(tr!(
            "report-subtitle-scenario",
            file = scenario.display().to_string()
        ));
    }
    words.join(", ")
}

/// The anchor of a program with no plan (`failed-villages`), apart from the sections of programs.
fn failed_anchor(program: &str) -> String {
    format!("failed-{program}")
}

/// The table of contents: the overview, the programs with no plan, the scenarios, each program and
/// the data notes, each a link to its section, in the order they follow.
fn contents(report: &HtmlReport) -> String {
    let mut entries: Vec<(String, String)> = vec![("overview".into(), tr!("report-overview"))];
    for (program, _) in &report.failed {
        entries.push((
            failed_anchor(program),
            tr!("report-no-plan", program = crate::i18n::program(program)),
        ));
    }
    if !report.scenarios.is_empty() {
        entries.push(("scenarios".into(), tr!("report-scenarios")));
    }
    for view in &report.programs {
        let s = view.summary;
        entries.push((
            s.program.clone(),
            crate::i18n::labelled(&s.program, &s.title),
        ));
    }
    if !report.notes.is_empty() {
        entries.push(("notes".into(), tr!("report-notes")));
    }
    let mut html = format!(
        "<nav class=\"contents\" id=\"contents\"><h2>{}</h2><ol>",
        escape(&tr!("report-contents"))
    );
    for (anchor, words) in entries {
        let _ = write!(
            html,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(&anchor),
            escape(&words)
        );
    }
    html.push_str("</ol></nav>\n");
    html
}

/// The report as one HTML document.
pub fn render(report: &HtmlReport) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>pairplan 结对规划 — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>pairplan 结对规划 — {}</h1>\n<p class=\"subtitle\">{}</p>\n",
                match crate::i18n::current() {
            crate::i18n::Lang::Zh => "zh-CN",
            crate::i18n::Lang::En => "en",
        },
        escape(report.dataset),
        escape(report.dataset),
        escape(&report.subtitle)
    );
    html.push_str(&contents(report));
    html.push_str(&headline_section(report));
    for (program, reason) in &report.failed {
        let _ = writeln!(
            html,
            "<section class=\"failed\" id=\"{}\"><h2>{}</h2><p>{}</p></section>",
            escape(&failed_anchor(program)),
            escape(&tr!(
                "report-no-plan",
                program = crate::i18n::program(program)
            )),
            escape(reason)
        );
    }
    if !report.scenarios.is_empty() {
        html.push_str(&scenarios_section(report.scenarios));
    }
    for view in &report.programs {
        html.push_str(&program_section(view));
    }
    if !report.notes.is_empty() {
        let _ = write!(
            html,
            "<section id=\"notes\"><h2>{}</h2><ul>",
            escape(&tr!("report-notes"))
        );
        for note in report.notes {
            let _ = write!(
                html,
                "<li><b>{}</b> {}</li>",
                escape(&note.kind.title()),
                escape(&note.message)
            );
        }
        html.push_str("</ul></section>\n");
    }
    let _ = write!(
        html,
        "<footer>{}</footer>\n</body>\n</html>\n",
        escape(&tr!("report-footer"))
    );
    html
}

fn program_section(view: &ProgramView) -> String {
    let s = view.summary;
    let mut html = String::new();
    let _ = write!(
        html,
        "<section class=\"program\" id=\"{}\" data-program=\"{}\">\n<h2>{}</h2>\n<p class=\"headline\">{}</p>\n<p class=\"source\">{}</p>\n",
        escape(&s.program),
        escape(&s.program),
        escape(&crate::i18n::labelled(&s.program, &s.title)),
        escape(&tr!(
            "report-headline",
            covered = s.covered,
            recipients = s.recipients,
            noun = noun(&s.recipient_noun),
            pairings = s.pairings,
            carrying = super::text::carrying(s),
            offmap = s.off_map,
            mismatches = s.trait_mismatches
        )),
        escape(&tr!("report-seed", source = &s.source))
    );
    html.push_str(&sources_table(s));
    html.push_str(&district_chart(s));
    html.push_str(&county_chart(view));
    html.push_str(&load_chart(view));
    if let Some(changes) = &s.changes {
        html.push_str(&change_chart(changes));
    }
    html.push_str("</section>\n");
    html
}

/// Which inputs are official (with their clause), synthetic or given.
fn sources_table(s: &PlanSummary) -> String {
    let mut html = format!(
        "<table class=\"sources\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(&tr!("report-input")),
        escape(&tr!("report-used-as")),
        escape(&tr!("report-origin"))
    );
    for input in &s.inputs {
        let (class, words) = match &input.origin {
            Origin::Official(clause) => ("official", tr!("report-official", clause = clause)),
            Origin::Synthetic => ("synthetic", tr!("report-synthetic")),
            Origin::Given => ("given", tr!("report-given")),
        };
        let _ = write!(
            html,
            "<tr class=\"origin-{class}\" data-origin=\"{class}\"><td>{}</td><td>{}</td><td><span class=\"badge {class}\">{}</span></td></tr>",
            escape(&input.file),
            escape(&crate::i18n::used_as_list(&input.used_as)),
            escape(&words)
        );
    }
    html.push_str("</tbody></table>\n");
    html
}

/// Each district: its quota (an outline) and its helpers' load (a filled bar), and the off-map
/// part of it.
fn district_chart(s: &PlanSummary) -> String {
    let districts: Vec<&DistrictSummary> = s
        .districts
        .iter()
        .filter(|d| d.quota.is_some_and(|q| q > 0) || d.covered > 0)
        .collect();
    if districts.is_empty() {
        return String::new();
    }
    let most = districts
        .iter()
        .map(|d| d.covered.max(d.quota.unwrap_or(0)))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let scale = (WIDTH - LABEL - 70.0) / most;
    let height = ROW * districts.len() as f64 + 30.0;
    let mut svg = chart_open(
        "districts",
        &tr!("report-districts", noun = noun(&s.load_noun)),
        height,
    );
    for (i, d) in districts.iter().enumerate() {
        let y = 10.0 + ROW * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text>",
            LABEL - 8.0,
            y + 14.0,
            escape(&d.district)
        );
        let _ = write!(
            svg,
            "<rect class=\"load\" data-district=\"{}\" data-value=\"{}\" x=\"{LABEL}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\"/>",
            escape(&d.district),
            d.covered,
            y + 2.0,
            f64::from(d.covered) * scale
        );
        if d.off_map > 0 {
            let _ = write!(
                svg,
                "<rect class=\"off-map\" data-district=\"{}\" data-value=\"{}\" x=\"{LABEL}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\"/>",
                escape(&d.district),
                d.off_map,
                y + 2.0,
                f64::from(d.off_map) * scale
            );
        }
        if let Some(quota) = d.quota {
            let _ = write!(
                svg,
                "<rect class=\"quota\" data-district=\"{}\" data-value=\"{quota}\" x=\"{LABEL}\" y=\"{:.1}\" width=\"{:.1}\" height=\"20\"/>",
                escape(&d.district),
                y,
                f64::from(quota) * scale
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{}{}</text>",
            LABEL + f64::from(d.covered.max(d.quota.unwrap_or(0))) * scale + 6.0,
            y + 14.0,
            d.covered,
            d.quota.map(|q| format!(" / {q}")).unwrap_or_default()
        );
    }
    svg.push_str(&legend(
        height - 12.0,
        &[
            ("load", tr!("report-load")),
            ("quota", tr!("report-quota")),
            ("off-map", tr!("report-off-map")),
        ],
    ));
    svg.push_str("</svg></figure>\n");
    svg
}

/// Each county with recipients: its index, its recipients and those covered, grouped by province
/// and prefecture in the order the map first names each.
fn county_rows(view: &ProgramView) -> Vec<(usize, u32, u32)> {
    let instance = view.instance;
    let received = view.plan.recipient_units(instance.recipients.len());
    let mut counts = vec![(0u32, 0u32); instance.counties.len()];
    for (r, recipient) in instance.recipients.iter().enumerate() {
        if let Some(c) = recipient.county {
            counts[c.0].0 += 1;
            counts[c.0].1 += u32::from(received[r] > 0);
        }
    }
    let mut rows: Vec<(usize, u32, u32)> = counts
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| *n > 0)
        .map(|(c, &(n, covered))| (c, n, covered))
        .collect();
    // Grouped by province and prefecture, each in the order the map first names it.
    let first = |key: &dyn Fn(&crate::domain::County) -> &str, c: usize| {
        let wanted = key(&instance.counties[c]);
        instance
            .counties
            .iter()
            .position(|county| key(county) == wanted)
            .unwrap_or(c)
    };
    rows.sort_by_key(|&(c, ..)| {
        (
            first(&|county| county.province.as_str(), c),
            first(&|county| county.prefecture.as_str(), c),
            c,
        )
    });
    rows
}

/// Coverage by prefecture and county: each county's recipients and those covered.
fn county_chart(view: &ProgramView) -> String {
    let instance = view.instance;
    let rows = county_rows(view);
    if rows.is_empty() {
        return String::new();
    }
    let most = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f64;
    let scale = (WIDTH - LABEL - 70.0) / most;
    // A heading row before each prefecture's counties.
    let mut lines = 0usize;
    let mut last_prefecture = "";
    for &(c, ..) in &rows {
        let county = &instance.counties[c];
        if county.prefecture != last_prefecture {
            lines += 1;
            last_prefecture = &county.prefecture;
        }
        lines += 1;
    }
    let height = ROW * lines as f64 + 30.0;
    let mut svg = chart_open(
        "counties",
        &tr!("report-counties", noun = noun(&view.summary.recipient_noun)),
        height,
    );
    let mut line = 0usize;
    last_prefecture = "";
    for &(c, n, covered) in &rows {
        let county = &instance.counties[c];
        if county.prefecture != last_prefecture {
            let _ = write!(
                svg,
                "<text x=\"4\" y=\"{:.1}\" class=\"group\">{} {}</text>",
                10.0 + ROW * line as f64 + 14.0,
                escape(&county.province),
                escape(&county.prefecture)
            );
            line += 1;
            last_prefecture = &county.prefecture;
        }
        let y = 10.0 + ROW * line as f64;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text><rect class=\"recipients\" data-county=\"{}\" data-value=\"{n}\" x=\"{LABEL}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\"/><rect class=\"covered\" data-county=\"{}\" data-value=\"{covered}\" x=\"{LABEL}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{covered} / {n}</text>",
            LABEL - 8.0,
            y + 14.0,
            escape(&county.name),
            escape(&county.name),
            y + 2.0,
            f64::from(n) * scale,
            escape(&county.name),
            y + 2.0,
            f64::from(covered) * scale,
            LABEL + f64::from(n) * scale + 6.0,
            y + 14.0
        );
        line += 1;
    }
    svg.push_str(&legend(
        height - 12.0,
        &[
            ("recipients", tr!("report-in-county")),
            ("covered", tr!("report-covered")),
        ],
    ));
    svg.push_str("</svg></figure>\n");
    svg
}

/// The bins of the load chart: helpers by how much of their capacity the plan uses.
const USE_BINS: [(&str, f64, f64); 6] = [
    ("unused 0%", 0.0, 0.0),
    ("1–25%", 0.0, 0.25),
    ("26–50%", 0.25, 0.5),
    ("51–75%", 0.5, 0.75),
    ("76–99%", 0.75, 0.999_999),
    ("full 100%", 0.999_999, f64::INFINITY),
];

/// How load spreads over the helpers: how many use none, a quarter, … all of their capacity.
fn load_chart(view: &ProgramView) -> String {
    let instance = view.instance;
    let loads = view.plan.helper_loads(instance.helpers.len());
    let mut bins = [0u32; USE_BINS.len()];
    for (helper, &load) in instance.helpers.iter().zip(&loads) {
        if helper.capacity == 0 {
            continue;
        }
        let used = f64::from(load) / f64::from(helper.capacity);
        let bin = if load == 0 {
            0
        } else {
            USE_BINS
                .iter()
                .position(|&(_, low, high)| used > low && used <= high)
                .unwrap_or(USE_BINS.len() - 1)
        };
        bins[bin] += 1;
    }
    let most = bins.iter().copied().max().unwrap_or(1).max(1) as f64;
    let height = 200.0;
    let bar = (WIDTH - 40.0) / USE_BINS.len() as f64;
    let mut svg = chart_open(
        "loads",
        &tr!(
            "report-loads",
            noun = noun(&view.instance.program.helper_noun),
            count = bins.iter().sum::<u32>()
        ),
        height,
    );
    for (i, (&(bin, ..), &count)) in USE_BINS.iter().zip(&bins).enumerate() {
        // The first and last bins in words of the language; the others are numbers.
        let label = match i {
            0 => tr!("report-bin-unused"),
            _ if i == USE_BINS.len() - 1 => tr!("report-bin-full"),
            _ => bin.to_string(),
        };
        let h = f64::from(count) / most * (height - 60.0);
        let x = 20.0 + bar * i as f64;
        let _ = write!(
            svg,
            "<rect class=\"use-bin\" data-bin=\"{bin}\" data-value=\"{count}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"value\" text-anchor=\"middle\">{count}</text><text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"middle\">{label}</text>",
            x + 6.0,
            height - 40.0 - h,
            bar - 12.0,
            x + bar / 2.0,
            height - 44.0 - h,
            x + bar / 2.0,
            height - 22.0
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

/// Kept, changed, new and dropped units against the previous plan, per district.
fn change_chart(changes: &ChangeSummary) -> String {
    let parts = |c: &crate::change::Counts| {
        [
            ("kept", c.kept),
            ("changed", c.changed),
            ("new", c.new),
            ("dropped", c.dropped),
        ]
    };
    let most = changes
        .by_district
        .values()
        .map(|c| c.kept + c.changed + c.new + c.dropped)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let scale = (WIDTH - LABEL - 70.0) / most;
    let height = ROW * changes.by_district.len() as f64 + 30.0;
    let mut svg = chart_open(
        "changes",
        &tr!("report-changes", previous = &changes.previous),
        height,
    );
    for (i, (district, counts)) in changes.by_district.iter().enumerate() {
        let y = 10.0 + ROW * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text>",
            LABEL - 8.0,
            y + 14.0,
            escape(district)
        );
        let mut x = LABEL;
        for (name, v) in parts(counts) {
            if v == 0 {
                continue;
            }
            let w = v as f64 * scale;
            let _ = write!(
                svg,
                "<rect class=\"change {name}\" data-district=\"{}\" data-status=\"{name}\" data-value=\"{v}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"16\"/>",
                escape(district),
                y + 2.0
            );
            x += w;
        }
    }
    svg.push_str(&legend(
        height - 12.0,
        &[
            ("kept", tr!("report-kept")),
            ("changed", tr!("report-changed")),
            ("new", tr!("report-new")),
            ("dropped", tr!("report-dropped")),
        ],
    ));
    svg.push_str("</svg></figure>\n");
    svg
}

/// The whole plan first: every program with covered of required, off the map, skill not matched,
/// and those without a plan.
fn headline_section(report: &HtmlReport) -> String {
    let mut html = format!(
        "<section class=\"headline\" id=\"overview\"><h2>{}</h2><table class=\"sources\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(&tr!("report-overview")),
        escape(&tr!("col-program")),
        escape(&tr!("col-covered-of")),
        escape(&tr!("col-off-map")),
        escape(&tr!("col-mismatched"))
    );
    for view in &report.programs {
        let s = view.summary;
        let _ = write!(
            html,
            "<tr><td><a href=\"#{}\">{}</a></td><td>{} / {} {}{}</td><td>{}</td><td>{}</td></tr>",
            escape(&s.program),
            escape(&s.title),
            s.covered,
            s.recipients,
            escape(&noun(&s.recipient_noun)),
            escape(&super::text::carrying(s)),
            s.off_map,
            s.trait_mismatches
        );
    }
    for (program, _) in &report.failed {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td></td><td></td></tr>",
            escape(program),
            escape(&tr!("plan-none"))
        );
    }
    html.push_str("</tbody></table></section>\n");
    html
}

/// Scenarios side by side: per program, the objective's change against the baseline and the units
/// each scenario moves.
fn scenarios_section(rows: &[WhatIfRow]) -> String {
    let mut html = format!(
        "<section class=\"scenarios\" id=\"scenarios\"><h2>{}</h2>\n",
        escape(&tr!("report-scenarios"))
    );
    let mut programs: Vec<&str> = Vec::new();
    for r in rows.iter().filter(|r| !r.program.is_empty()) {
        if !programs.contains(&r.program.as_str()) {
            programs.push(&r.program);
        }
    }
    let baseline_objective = |program: &str| {
        rows.iter()
            .find(|r| r.baseline && r.program == program)
            .map(|r| r.objective)
    };
    // One chart per program some scenario changes; the untouched ones are named in one line.
    let mut untouched: Vec<&str> = Vec::new();
    for program in programs {
        let of: Vec<&WhatIfRow> = rows
            .iter()
            .filter(|r| r.program == program && !r.baseline)
            .collect();
        let changed = |r: &&&WhatIfRow| {
            r.moved > 0
                || !r.feasible
                || baseline_objective(program).is_none_or(|b| (r.objective - b).abs() > 1e-9)
        };
        if !of.iter().any(|r| changed(&r)) {
            untouched.push(program);
            continue;
        }
        html.push_str(&scenario_chart(program, &of, baseline_objective(program)));
    }
    if !untouched.is_empty() {
        let _ = writeln!(
            html,
            "<p class=\"untouched\">{}</p>",
            escape(&tr!(
                "report-scenario-untouched",
                programs = crate::i18n::programs(&untouched)
            ))
        );
    }
    html.push_str(&scenarios_table(rows));
    html.push_str("</section>\n");
    html
}

/// One program's chart of the scenarios: for each, the units it moves and its objective's change
/// against the baseline's (`baseline`).
fn scenario_chart(program: &str, of: &[&WhatIfRow], baseline: Option<f64>) -> String {
    let most = of.iter().map(|r| r.moved).max().unwrap_or(1).max(1) as f64;
    let scale = (WIDTH - 2.0 * LABEL - 40.0) / most;
    let height = ROW * of.len() as f64 + 30.0;
    let mut svg = chart_open(
        "scenarios",
        &tr!(
            "report-scenario-chart",
            program = crate::i18n::program(program)
        ),
        height,
    );
    for (i, r) in of.iter().enumerate() {
        let y = 10.0 + ROW * i as f64;
        let change = baseline
            .filter(|_| r.feasible)
            .map(|b| format!("{:+.2}", r.objective - b))
            .unwrap_or_else(|| tr!("plan-none"));
        let value = tr!("report-scenario-value", moved = r.moved, change = change);
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text><rect class=\"moved{}\" data-scenario=\"{}\" data-value=\"{}\" x=\"{LABEL}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{}</text>",
            LABEL - 8.0,
            y + 14.0,
            escape(&shorten(&r.scenario, 14)),
            if r.feasible { "" } else { " infeasible" },
            escape(&r.scenario),
            r.moved,
            y + 2.0,
            (r.moved as f64 * scale).max(1.0),
            LABEL + r.moved as f64 * scale + 6.0,
                            y + 14.0,
            escape(&value)
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

/// The scenarios' rows as a table: plan or not, covered, off-map, moved, objective.
fn scenarios_table(rows: &[WhatIfRow]) -> String {
    let mut html = String::new();
    html.push_str("<table class=\"sources\"><thead><tr>");
    for key in [
        crate::msg_key!("col-scenario"),
        crate::msg_key!("col-program"),
        crate::msg_key!("col-plan"),
        crate::msg_key!("col-covered"),
        crate::msg_key!("col-off-map"),
        crate::msg_key!("col-moved"),
        crate::msg_key!("col-objective"),
    ] {
        let _ = write!(html, "<th>{}</th>", escape(&crate::i18n::message(key, &[])));
    }
    html.push_str("</tr></thead><tbody>");
    for r in rows {
        let (plan, covered) = super::text::plan_and_coverage(r);
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&super::text::scenario_label(r)),
            escape(&crate::i18n::program(&r.program)),
                        plan,
            covered.unwrap_or_else(|| escape(&r.reason)),
            r.off_map,
            r.moved,
            format_number((r.objective * 100.0).round() / 100.0)
        );
    }
    html.push_str("</tbody></table>");
    html
}

fn chart_open(kind: &str, title: &str, height: f64) -> String {
    format!(
        "<figure class=\"chart\" data-chart=\"{kind}\"><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{kind}\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"{WIDTH}\" height=\"{height:.0}\" role=\"img\" aria-label=\"{}\">",
        escape(title),
        escape(title)
    )
}

fn legend(y: f64, items: &[(&str, String)]) -> String {
    let mut svg = String::new();
    for (i, (class, label)) in items.iter().enumerate() {
        let x = LABEL + 150.0 * i as f64;
        let _ = write!(
            svg,
            "<rect class=\"key {class}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"10\"/><text x=\"{:.1}\" y=\"{y:.1}\" class=\"label\">{}</text>",
            y - 9.0,
            x + 16.0,
            escape(label)
        );
    }
    svg
}

/// At most `chars` characters, with an ellipsis when cut.
fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let cut: String = text.chars().take(chars - 1).collect();
        format!("{cut}…")
    }
}

/// Text made safe for HTML and SVG.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif;margin:2em auto;max-width:820px;color:#222;background:#fff}\
h1{font-size:1.5em;border-bottom:3px solid #c0392b;padding-bottom:.3em}h2{font-size:1.25em;margin-top:2em;border-left:5px solid #c0392b;padding-left:.4em}\
.subtitle,.source{color:#555}.headline{font-size:1.05em}nav ol{columns:2;padding-left:1.6em}\
figure{margin:1.2em 0}figcaption{font-weight:bold;margin-bottom:.3em}\
svg text{font-size:12px;fill:#222}svg text.group{font-weight:bold;fill:#7b241c}\
rect.load,rect.key.load{fill:#2e86c1}rect.quota,rect.key.quota{fill:none;stroke:#c0392b;stroke-width:1.5}\
rect.off-map,rect.key.off-map{fill:#f5b041}rect.recipients,rect.key.recipients{fill:#d5d8dc}rect.covered,rect.key.covered{fill:#27ae60}\
rect.use-bin{fill:#8e44ad}rect.kept{fill:#27ae60}rect.changed{fill:#f5b041}rect.new{fill:#2e86c1}rect.dropped{fill:#c0392b}\
rect.moved{fill:#2e86c1}rect.moved.infeasible{fill:#c0392b}\
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left}th{background:#eef3f8}\
.badge{padding:0 .4em;border-radius:3px}.badge.official{background:#d4efdf}.badge.synthetic{background:#fdebd0}.badge.given{background:#eaecee}\
.failed{background:#fdedec;padding:.5em 1em}footer{margin-top:3em;color:#777;font-size:.85em}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(
            shorten("西青区 20 个村的结对任务转给武清区", 8),
            "西青区 20 …"
        );
        assert_eq!(shorten("和平区", 8), "和平区");
    }
}
