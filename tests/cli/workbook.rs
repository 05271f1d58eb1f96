//! Outputs in the format their name asks for: `.xlsx` workbooks that Excel and WPS open (read back
//! here with calamine: the same rows as the CSV, Chinese intact, ids as text), `.json`, `.csv`.

use std::collections::BTreeMap;

use calamine::{Data, Reader, Xlsx};

use crate::harness::{fixture, on_data, pairplan, read_csv, write_dataset};

/// The sheets of a workbook, each as rows of cells shown as text (numbers as Excel shows them).
fn read_workbook(path: &std::path::Path) -> BTreeMap<String, Vec<Vec<Data>>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("a workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            (name, range.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_plan_workbook_holds_the_csv_rows_with_ids_as_text() {
    let work = tempfile::tempdir().unwrap();
    let csv = work.path().join("plan.csv");
    let xlsx = work.path().join("计划.xlsx");
    for out in [&csv, &xlsx] {
        let run = pairplan(&[
            "plan",
            "--program",
            "villages",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let book = read_workbook(&xlsx);
    let names: Vec<&str> = book.keys().map(String::as_str).collect();
    for sheet in [
        "pairings",
        "by_district",
        "by_county",
        "by_unit",
        "findings",
        "sources",
        "manifest",
    ] {
        assert!(names.contains(&sheet), "{sheet}: {names:?}");
    }
    let pairings = &book["pairings"];
    let rows = read_csv(&csv);
    assert_eq!(pairings.len(), rows.len() + 1);
    let header: Vec<String> = pairings[0].iter().map(text).collect();
    for (cells, row) in pairings[1..].iter().zip(&rows) {
        for (column, cell) in header.iter().zip(cells) {
            assert_eq!(&text(cell), &row[column], "{column}");
        }
        // A 12-digit village code stays text: no 1.30821E+11 on a round trip.
        assert!(matches!(cells[1], Data::String(_)), "{:?}", cells[1]);
    }
    assert_eq!(pairings[1..].len(), 1462);
    // Every county of the map with villages has its coverage line.
    let counties = &book["by_county"];
    assert!(
        counties[1..].iter().all(|r| text(&r[7]) == text(&r[6])),
        "every village covered"
    );
    // Synthetic inputs say so.
    assert!(book["sources"]
        .iter()
        .any(|r| text(&r[2]) == "enterprises.csv" && text(&r[4]) == "synthetic"));
}

#[test]
fn outputs_follow_their_extension_and_are_the_same_bytes_each_run() {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let out = work.path().join(name);
        let run = on_data("plan", data.path(), &["--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        std::fs::read(out).unwrap()
    };
    let json: serde_json::Value = serde_json::from_slice(&run("p.json")).unwrap();
    assert_eq!(json["pairings"].as_array().unwrap().len(), 8);
    assert_eq!(json["pairings"][0]["recipient_id"], "130001000001");
    assert_eq!(run("a.xlsx"), run("b.xlsx"));
    assert!(run("p.csv").starts_with("\u{feff}program,".as_bytes()));
    // A format pairplan does not write is refused before any work, with the remedy.
    let out = work.path().join("p.xls");
    let refused = on_data("plan", data.path(), &["--out", out.to_str().unwrap()]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("name the file .xlsx"),
        "{}",
        refused.stderr
    );
    assert!(!out.exists());
}

#[test]
fn check_diff_and_whatif_write_workbooks_too() {
    let data = write_dataset(&fixture());
    let work = tempfile::tempdir().unwrap();
    let path = |name: &str| work.path().join(name).to_str().unwrap().to_string();
    assert_eq!(
        on_data("plan", data.path(), &["--out", &path("a.csv")]).code,
        0
    );
    let scenario = work.path().join("s.toml");
    std::fs::write(
        &scenario,
        "title = \"乙区 1 个村转甲区\"\n[[edits]]\nedit = \"move_quota\"\nfrom = \"乙区\"\nto = \"甲区\"\namount = 1\n",
    )
    .unwrap();
    let scenario = scenario.to_str().unwrap();
    assert_eq!(
        on_data(
            "plan",
            data.path(),
            &["--scenario", scenario, "--out", &path("b.csv")]
        )
        .code,
        0
    );
    let diff = pairplan(&[
        "diff",
        &path("a.csv"),
        &path("b.csv"),
        "--out",
        &path("d.xlsx"),
    ]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    let changes = &read_workbook(&work.path().join("d.xlsx"))["changes"];
    assert!(changes.iter().any(|r| text(&r[9]) == "dropped"));
    let check = on_data(
        "check",
        data.path(),
        &["--pairings", &path("a.csv"), "--out", &path("f.xlsx")],
    );
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
    assert!(read_workbook(&work.path().join("f.xlsx")).contains_key("findings"));
    let whatif = on_data(
        "whatif",
        data.path(),
        &[
            scenario,
            "--sweep",
            "move(乙区,甲区)=0..2:1",
            "--out",
            &path("w.xlsx"),
        ],
    );
    assert_eq!(whatif.code, 0, "{}", whatif.stderr);
    let book = read_workbook(&work.path().join("w.xlsx"));
    assert!(book["comparison"]
        .iter()
        .any(|r| text(&r[0]) == "乙区 1 个村转甲区"));
    assert_eq!(book["sweep"].len(), 4, "{:?}", book["sweep"]);
    assert!(book.contains_key("manifest"));
}
