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
            // Yes/no in words in a workbook, `true`/`false` in CSV.
            let shown = match text(cell).as_str() {
                "yes" => "true".to_string(),
                "no" => "false".to_string(),
                other => other.to_string(),
            };
            assert_eq!(&shown, &row[column], "{column}");
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

/// The fixture's villages table as rows of text.
fn villages_rows() -> Vec<Vec<String>> {
    fixture()["villages.csv"]
        .lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

/// The same table as an `.xlsx` a planner's office would keep: a title row merged across the
/// columns, a two-row header (所在地 over 乡镇 and 县), a 填写说明 row, codes stored as numbers,
/// a 合计 row and a 填表人 row.
fn villages_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let rows = villages_rows();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("村名单").unwrap();
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 5, "2019年深度贫困村名单（合成示例）", &plain)
        .unwrap();
    for (c, name) in rows[0].iter().enumerate() {
        let c = c as u16;
        match name.as_str() {
            "township" => {
                sheet.merge_range(1, 2, 1, 3, "所在地", &plain).unwrap();
            }
            "county" => {}
            _ => {
                sheet.merge_range(1, c, 2, c, name, &plain).unwrap();
            }
        }
    }
    sheet.write_string(2, 2, "township").unwrap();
    sheet.write_string(2, 3, "county").unwrap();
    sheet
        .write_string(3, 0, "填写说明：村代码为 12 位统计用区划代码")
        .unwrap();
    for (r, row) in rows[1..].iter().enumerate() {
        let r = r as u32 + 4;
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(number) => sheet.write_number(r, c as u16, number),
                Err(_) => sheet.write_string(r, c as u16, cell),
            }
            .unwrap();
        }
    }
    let end = rows.len() as u32 + 3;
    sheet.write_string(end, 0, "合计").unwrap();
    sheet.write_number(end, 1, (rows.len() - 1) as f64).unwrap();
    sheet.write_string(end + 1, 0, "填表人：某某").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn every_way_a_planner_saves_a_table_reads_the_same() {
    use pairplan::load::Source;
    let dir = tempfile::tempdir().unwrap();
    let text = fixture()["villages.csv"].clone();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("utf8.csv", text.as_bytes());
    write("bom.csv", format!("\u{feff}{text}").as_bytes());
    write("gb18030.csv", &encoding_rs::GB18030.encode(&text).0);
    let tsv = text.replace(',', "\t");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(tsv.encode_utf16().flat_map(u16::to_le_bytes));
    write("unicode.txt", &utf16);
    write("书名.xlsx", &villages_workbook());
    let source = Source::Dir(dir.path().to_path_buf());
    let read = |name: &str| {
        let mut problems = pairplan::error::Problems::default();
        let table = source.read_table(name, &mut problems).unwrap();
        assert!(problems.is_empty(), "{name}: {problems:?}");
        let rows: Vec<Vec<String>> = table
            .records
            .iter()
            .map(|r| r.cells.iter().map(str::to_string).collect())
            .collect();
        (table.headers, rows, table.totals.len())
    };
    let (headers, rows, _) = read("utf8.csv");
    assert_eq!(headers, villages_rows()[0]);
    assert_eq!(rows.len(), 8);
    for name in [
        "bom.csv",
        "gb18030.csv",
        "unicode.txt",
        "书名.xlsx",
        "书名.xlsx#村名单",
    ] {
        let (h, r, totals) = read(name);
        assert_eq!((&h, &r), (&headers, &rows), "{name}");
        if name.contains("xlsx") {
            assert_eq!(totals, 1, "the 合计 row is kept apart, never data");
        }
    }
}

#[test]
fn a_dataset_and_the_command_line_take_workbooks() {
    let data = write_dataset(&fixture());
    std::fs::write(data.path().join("村名单.xlsx"), villages_workbook()).unwrap();
    std::fs::remove_file(data.path().join("villages.csv")).unwrap();
    // A models folder whose villages model names the workbook's sheet.
    let models = tempfile::tempdir().unwrap();
    let model = include_str!("../../models/villages.toml")
        .replace("file = \"villages.csv\"", "file = \"村名单.xlsx#村名单\"");
    assert!(model.contains("村名单.xlsx#村名单"));
    std::fs::write(models.path().join("villages.toml"), model).unwrap();
    let work = tempfile::tempdir().unwrap();
    let plan = work.path().join("plan.xlsx");
    let run = crate::harness::with_models(
        "plan",
        data.path(),
        models.path(),
        &["--out", plan.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("8 of 8 villages covered"),
        "{}",
        run.stdout
    );
    // The workbook the plan wrote is a ledger `check` and `plan --previous` read back.
    let check = crate::harness::with_models(
        "check",
        data.path(),
        models.path(),
        &["--pairings", &format!("{}#pairings", plan.display())],
    );
    assert!(
        check.stdout.contains("8 of 8 villages covered"),
        "{}{}",
        check.stdout,
        check.stderr
    );
    let again = crate::harness::with_models(
        "plan",
        data.path(),
        models.path(),
        &["--previous", plan.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    let json: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(json["programs"][0]["changes"]["units"]["kept"], 8);
}

#[test]
fn a_chinese_workbook_reads_back_in_any_language() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("结对方案.xlsx");
    let run = pairplan(&[
        "plan",
        "--program",
        "villages",
        "--lang",
        "zh",
        "--out",
        book.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = read_workbook(&book);
    let pairings = &sheets["结对"];
    assert_eq!(text(&pairings[0][1]), "受援方编号");
    assert!(
        sheets.contains_key("分县") && sheets.contains_key("数据来源"),
        "{:?}",
        sheets.keys()
    );
    // Read back by an English run: the Chinese headers are recognised.
    let check = pairplan(&[
        "check",
        "--program",
        "villages",
        "--pairings",
        book.to_str().unwrap(),
    ]);
    assert!(
        check.stdout.contains("1462 of 1462 villages covered"),
        "{}{}",
        check.stdout,
        check.stderr
    );
}
