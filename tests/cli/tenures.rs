//! Next year's rotation: last year's postings to posts with a tenure (任期) end or continue on the
//! plan's first day (`--as-of`); the ended are filled again, the continuing stay where they are.

use std::collections::BTreeMap;

use crate::harness::{pairplan, plan_to_csv, read_csv, tianjin};

type Row = BTreeMap<String, String>;

/// The programs whose posts carry a tenure, with the posts' table.
const POSTED: [(&str, &str); 4] = [
    ("aid-cadres", "aid_cadre_posts.csv"),
    ("aid-professionals", "aid_professional_posts.csv"),
    ("hotan-principals", "hotan_principal_posts.csv"),
    ("cadres", "cadre_posts_2019.csv"),
];

/// Each post's tenure in months (`None`: no single tenure), by post id.
fn tenures() -> BTreeMap<String, Option<u32>> {
    POSTED
        .iter()
        .flat_map(|(_, file)| read_csv(&tianjin().join(file)))
        .map(|row| (row["id"].clone(), row["tenure_months"].parse().ok()))
        .collect()
}

/// Writes `rows` as a CSV ledger, each row with `start`.
fn ledger_with_start(rows: &[Row], start: &str, path: &std::path::Path) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    let mut header: Vec<&str> = rows[0].keys().map(String::as_str).collect();
    header.push("start");
    writer.write_record(&header).unwrap();
    for row in rows {
        let mut record: Vec<&str> = row.values().map(String::as_str).collect();
        record.push(start);
        writer.write_record(&record).unwrap();
    }
    writer.flush().unwrap();
}

/// `plan --program PROGRAM --previous LEDGER --as-of DAY [--out OUT]`.
fn plan_as_of(
    program: &str,
    ledger: &std::path::Path,
    day: &str,
    out: Option<&std::path::Path>,
) -> crate::harness::Run {
    let mut args = vec![
        "plan",
        "--program",
        program,
        "--previous",
        ledger.to_str().unwrap(),
        "--as-of",
        day,
    ];
    if let Some(out) = out {
        args.extend(["--out", out.to_str().unwrap()]);
    }
    pairplan(&args)
}

#[test]
fn next_year_refills_exactly_the_postings_whose_tenure_has_ended() {
    // The 2019 plan of every program, each posting begun on 2019-01-01: by 2020-01-01 the half-year
    // (长春) and one-year (police) postings have ended, the 1.5- and 3-year ones continue.
    // Every program planned at once against the whole 2019 plan: the programs without tenures
    // keep their pairings as before.
    let (_, dir, out) = plan_to_csv(&[]);
    let last_year: Vec<Row> = read_csv(&out);
    let ledger = dir.path().join("2019-with-start.csv");
    ledger_with_start(&last_year, "2019-01-01", &ledger);
    let next = dir.path().join("2020.csv");
    let run = pairplan(&[
        "plan",
        "--previous",
        ledger.to_str().unwrap(),
        "--as-of",
        "2020-01-01",
        "--out",
        next.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for (program, _) in POSTED {
        let tenure = tenures();
        let before: Vec<&Row> = last_year
            .iter()
            .filter(|r| r["program"] == program)
            .collect();
        let ended = |months: Option<u32>| months.is_some_and(|m| m <= 12);
        let units = |rows: &[&Row], ended_ones: bool| -> u32 {
            rows.iter()
                .filter(|r| {
                    let months = tenure[&r["recipient_id"]];
                    months.is_some() && ended(months) == ended_ones
                })
                .map(|r| r["units"].parse::<u32>().unwrap())
                .sum()
        };
        let line = format!(
            "postings as of 2020-01-01: {} continue (tenure not over), {} ended and filled again",
            units(&before, false),
            units(&before, true)
        );
        assert!(
            run.stdout.contains(&line),
            "{program}: {line}\n{}",
            run.stdout
        );
        let now = read_csv(&next);
        for old in &before {
            let Some(months) = tenure[&old["recipient_id"]] else {
                continue;
            };
            let row = now.iter().find(|r| {
                r["recipient_id"] == old["recipient_id"] && r["helper_id"] == old["helper_id"]
            });
            if months > 12 {
                // Continuing: still there with at least its people, and said so.
                let row = row.unwrap_or_else(|| panic!("{program}: {old:?} continues"));
                assert!(row["units"].parse::<u32>().unwrap() >= old["units"].parse().unwrap());
                assert!(row["reason"].contains("continuing until 20"), "{row:?}");
            } else {
                // Ended: said so with its clause, whether the post went to the same sender again
                // or to another.
                let row = row.unwrap_or_else(|| panic!("{program}: {old:?} listed"));
                assert!(
                    row["reason"].contains("ended 2020-01-01")
                        || row["reason"].contains("ended 2019-07-01"),
                    "{row:?}"
                );
                assert!(row["reason"].contains("附件1"), "{row:?}");
            }
        }
    }
}

/// Whether a posting begun on 1 January of `year` with a tenure of `months` still runs on 1 January
/// of `on`.
fn runs_on(year: u32, months: u32, on: u32) -> bool {
    year * 12 + months > on * 12
}

#[test]
fn the_plan_file_is_next_years_ledger_with_each_postings_start() {
    // 2019's plan, every posting begun on 2019-01-01; planned as of 2020-01-01, its file says when
    // each posting began (continuing: 2019, newly posted: 2020); planned from that file as of
    // 2021-01-01, exactly the postings whose start + tenure has passed are filled again.
    let program = "aid-professionals";
    let (_, dir, out) = plan_to_csv(&["--program", program]);
    let ledger = dir.path().join("2019.csv");
    ledger_with_start(&read_csv(&out), "2019-01-01", &ledger);
    let plan_2020 = dir.path().join("2020.csv");
    let run = plan_as_of(program, &ledger, "2020-01-01", Some(&plan_2020));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tenure = tenures();
    let rows_2020 = read_csv(&plan_2020);
    let mut continuing = 0;
    let mut ended = 0;
    for row in rows_2020.iter().filter(|r| r["status"] != "dropped") {
        let Some(months) = tenure[&row["recipient_id"]] else {
            assert_eq!(row["start"], "", "{row:?}");
            continue;
        };
        let year = match row["start"].as_str() {
            "2019-01-01" => 2019,
            "2020-01-01" => 2020,
            other => panic!("start {other}: {row:?}"),
        };
        let units: u32 = row["units"].parse().unwrap();
        if runs_on(year, months, 2021) {
            continuing += units;
        } else {
            ended += units;
        }
    }
    let run = plan_as_of(program, &plan_2020, "2021-01-01", None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = format!(
        "postings as of 2021-01-01: {continuing} continue (tenure not over), {ended} ended and filled again"
    );
    assert!(run.stdout.contains(&line), "{line}\n{}", run.stdout);
}

#[test]
fn a_posting_with_a_start_that_is_no_date_is_refused_where_it_stands() {
    // No date at all, and a date of a day the month lacks: each told what was expected.
    for (cell, expected) in [
        ("2019-13-01", "a date such as 2019-08-20"),
        ("2019-02-30", "a day that exists: 2/2019 has 28 days"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("ledger.csv");
        std::fs::write(
            &ledger,
            format!("program,recipient_id,helper_id,units,start\naid-cadres,JL-CC,U05,3,{cell}\n"),
        )
        .unwrap();
        let run = plan_as_of("aid-cadres", &ledger, "2020-01-01", None);
        assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("ledger.csv:2")
                && run.stderr.contains("start")
                && run.stderr.contains(cell)
                && run.stderr.contains(expected),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_start_as_a_spreadsheet_writes_it_is_read_and_one_after_the_day_is_pointed_out() {
    // 2019/7/1 as typed in WPS is 2019-07-01; a start after --as-of is kept (posted ahead) and
    // said with its date, in case the year is a typo; a row without one is taken as a year old.
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.csv");
    std::fs::write(
        &ledger,
        "program,recipient_id,helper_id,units,start\n\
         hotan-principals,653225-P,A09,7,2019/7/1\n\
         hotan-principals,653226-P,A08,7,2021年3月1日\n\
         hotan-principals,653227-P,A12,7,\n",
    )
    .unwrap();
    let out = dir.path().join("plan.csv");
    let run = plan_as_of("hotan-principals", &ledger, "2020-01-01", Some(&out));
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The summary says what its counts hide: who rotates within the year, who starts ahead.
    assert!(
        run.stdout.contains(
            "postings as of 2020-01-01: 21 continue (tenure not over), 0 ended and filled again; \
             14 of them end by 2021-01-01 and are filled again within the year; \
             7 start after 2020-01-01 (posted ahead: check the year); \
             7 had no start date: taken as begun 2019-01-01"
        ),
        "{}",
        run.stdout
    );
    let rows = read_csv(&out);
    let row = |post: &str| {
        rows.iter()
            .find(|r| r["recipient_id"] == post)
            .unwrap()
            .clone()
    };
    assert_eq!(row("653225-P")["start"], "2019-07-01");
    assert!(row("653225-P")["reason"].contains("7 continuing until 2021-01-01"));
    assert_eq!(row("653226-P")["start"], "2021-03-01");
    assert!(
        row("653226-P")["reason"]
            .contains("7 already posted, starting 2021-03-01 (after --as-of: check the year)"),
        "{:?}",
        row("653226-P")
    );
}

#[test]
fn as_of_needs_last_years_pairings() {
    let run = pairplan(&["plan", "--as-of", "2020-01-01"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--previous"), "{}", run.stderr);
}
