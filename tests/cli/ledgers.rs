//! Sixteen district ledgers at once: several files and folders audited together, a pair claimed
//! in two of them named with both places, every 合计 row checked, counts per file.

use crate::harness::{fixture, on_data, write_dataset};

/// Writes a pairings workbook of text cells: a header row, then the rows.
fn ledger_workbook(path: &std::path::Path, sheet: &str, rows: &[&[&str]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn three_district_files_are_audited_together() {
    let data = write_dataset(&fixture());
    let dir = tempfile::tempdir().unwrap();
    // 甲区's ledger as CSV, with a 合计 row that its rows do not add up to.
    let jia = dir.path().join("甲区.csv");
    std::fs::write(
        &jia,
        "program,helper_id,recipient_id,units\nvillages,E1,620001000001,1\nvillages,E3,620001000002,1\nvillages,E2,130001000001,1\n合计,,,4\n",
    )
    .unwrap();
    // 乙区's as a workbook (a cover sheet aside), listing one of 甲区's pairs again.
    let yi = dir.path().join("乙区.xlsx");
    ledger_workbook(
        &yi,
        "台账",
        &[
            &["program", "helper_id", "recipient_id"],
            &["villages", "E4", "620002000001"],
            &["villages", "E5", "620002000002"],
            &["villages", "E1", "620001000001"],
        ],
    );
    // 丙区's in a folder of its own, claiming a village 乙区 pairs with another enterprise.
    let bing = dir.path().join("丙区报");
    std::fs::create_dir(&bing).unwrap();
    std::fs::write(
        bing.join("丙区.csv"),
        "program,helper_id,recipient_id\nvillages,E3,620003000001\nvillages,E5,620003000002\nvillages,E2,130001000002\nvillages,E3,620002000001\n",
    )
    .unwrap();
    let files = [
        jia.to_str().unwrap(),
        yi.to_str().unwrap(),
        bing.to_str().unwrap(),
    ];
    // `check --pairings` of the three, with more arguments.
    let audit = |more: &[&str]| {
        let mut args = vec!["--pairings"];
        args.extend(files);
        args.extend(more);
        on_data("check", data.path(), &args)
    };
    let run = audit(&["--all-errors"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let yi_name = format!("{}", yi.display());
    let jia_name = format!("{}", jia.display());
    let bing_name = format!("{}", bing.join("丙区.csv").display());
    // The pair in two files, named with both places.
    assert!(
        run.stdout.contains(&format!(
            "{yi_name}:4 lists 620001000001 ← E1, which {jia_name}:2 lists too"
        )),
        "{}",
        run.stdout
    );
    // A village two districts pair with different enterprises.
    assert!(
        run.stdout
            .contains(&format!("in {yi_name}:2 and with 乙二公司"))
            || run
                .stdout
                .contains(&format!("in {yi_name}:2 and with 甲三公司")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("{bing_name}:5")),
        "{}",
        run.stdout
    );
    // The wrong 合计, with its row.
    assert!(
        run.stdout.contains(&format!(
            "{jia_name}:5: the 合计 row says 4 in units, its rows add up to 3"
        )),
        "{}",
        run.stdout
    );
    // Counts per file.
    assert!(run.stdout.contains("Per file"), "{}", run.stdout);
    for name in [&jia_name, &yi_name, &bing_name] {
        assert!(run.stdout.contains(name.as_str()), "{name}: {}", run.stdout);
    }
    // The findings sheet carries each finding's file and row, to filter back by.
    let out = dir.path().join("findings.csv");
    let run = audit(&["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let rows = crate::harness::read_csv(&out);
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "duplicate_pair" && r["file"] == yi_name && r["row"] == "4"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "wrong_total" && r["file"] == jia_name && r["row"] == "5"),
        "{rows:?}"
    );
    // Against the last plan, which had neither 乙区's third row, the findings on rows changed since
    // (乙区's repeat of 甲区's pair) come first.
    let last = dir.path().join("上次方案.csv");
    std::fs::write(
        &last,
        "program,helper_id,recipient_id\nvillages,E1,620001000001\nvillages,E3,620001000002\nvillages,E2,130001000001\nvillages,E4,620002000001\nvillages,E5,620002000002\n",
    )
    .unwrap();
    let run = on_data(
        "check",
        data.path(),
        &[
            "--pairings",
            jia.to_str().unwrap(),
            yi.to_str().unwrap(),
            "--previous",
            last.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    let heading = run
        .stdout
        .find(&format!(
            "1 finding on rows changed since {}",
            last.display()
        ))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    let duplicate = run.stdout.find("which").unwrap();
    let coverage = run.stdout.find("coverage by county").unwrap();
    assert!(
        heading < duplicate && duplicate < coverage,
        "{}",
        run.stdout
    );
}
