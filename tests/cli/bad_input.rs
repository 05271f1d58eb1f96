//! Every class of bad input gets a located message and exit code 2, and no output file.

use crate::harness::{fixture, fixture_with, on_data, pairplan, write_dataset};

/// Runs `plan` on a dataset folder and returns (exit code, stderr), checking no output was left.
fn plan_fails(data: &tempfile::TempDir) -> (i32, String) {
    let out = data.path().join("plan.csv");
    let run = on_data("plan", data.path(), &["--out", out.to_str().unwrap()]);
    assert!(!out.exists(), "no output on bad input");
    (run.code, run.stderr)
}

fn assert_message(data: tempfile::TempDir, expected: &[&str]) {
    let (code, stderr) = plan_fails(&data);
    assert_eq!(code, 2, "{stderr}");
    for part in expected {
        assert!(stderr.contains(part), "expected {part:?} in:\n{stderr}");
    }
}

#[test]
fn county_naming_an_unknown_district() {
    let mut files = fixture();
    files.insert(
        "counties.csv",
        files["counties.csv"].replace(
            "二县,620002,甘肃省,一市,乙区",
            "二县,620002,甘肃省,一市,乙县",
        ),
    );
    assert_message(
        write_dataset(&files),
        &[
            "counties.csv:3: column 'paired_district': expected a known district; closest: 乙区",
            "found '乙县'",
        ],
    );
}

#[test]
fn village_in_an_unknown_county() {
    let mut files = fixture();
    files.insert(
        "villages.csv",
        files["villages.csv"].replace("620002000001,三村,二镇,二县", "620002000001,三村,二镇,二具"),
    );
    assert_message(write_dataset(&files), &["villages.csv:4: column 'county': expected a known county of the pairing map; closest: 二县", "found '二具'"]);
}

#[test]
fn duplicate_ids() {
    let mut files = fixture();
    files.insert(
        "enterprises.csv",
        files["enterprises.csv"].replace("E5,乙二公司", "E4,乙二公司"),
    );
    assert_message(write_dataset(&files), &["enterprises.csv:6: column 'id': expected a unique value (already on line 5), found 'E4'"]);
}

#[test]
fn missing_column() {
    let data = fixture_with("units.csv", "name,min_villages\n某单位,2\n");
    assert_message(
        data,
        &["units.csv:1: column 'district': expected a header with the column 'district'"],
    );
}

#[test]
fn non_numeric_negative_and_non_finite_numbers() {
    let mut files = fixture();
    files.insert(
        "enterprises.csv",
        files["enterprises.csv"]
            .replace("E2,甲二公司,甲区,,2", "E2,甲二公司,甲区,,2a")
            .replace("E4,乙一公司,乙区,,2", "E4,乙一公司,乙区,,-1"),
    );
    files.insert(
        "village_quotas.csv",
        "district,quota\n甲区,5\n乙区,3\n合计,inf\n".into(),
    );
    assert_message(write_dataset(&files), &[
        "enterprises.csv:3: column 'capacity': expected a non-negative whole number, found '2a'",
        "enterprises.csv:5: column 'capacity': expected a non-negative whole number, found '-1'",
        "village_quotas.csv:4: column 'quota': expected a finite, non-negative number, found 'inf'",
        "3 input problems",
    ]);
}

#[test]
fn declared_total_differs_from_rows() {
    let data = fixture_with(
        "village_quotas.csv",
        "district,quota\n甲区,5\n乙区,3\n合计,9\n",
    );
    assert_message(data, &["village_quotas.csv:4: column 'quota': expected the sum of the rows above (8), found '9'"]);
}

#[test]
fn bom_crlf_and_full_width_are_accepted() {
    let data = fixture_with(
        "village_quotas.csv",
        "\u{feff}district,quota\r\n 甲区 ,５\r\n乙区,３\r\n合计,８\r\n",
    );
    let run = on_data("plan", data.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn spreadsheet_number_formats_are_accepted_and_typos_are_not() {
    let data = fixture_with(
        "village_quotas.csv",
        "district,quota\n甲区,5.00\n乙区,\"3\"\n合计,\"8\"\n",
    );
    let run = on_data("plan", data.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let data = fixture_with(
        "village_quotas.csv",
        "district,quota\n甲区,5.5\n乙区,\"3,0\"\n合计,8\n",
    );
    assert_message(
        data,
        &[
            "village_quotas.csv:2: column 'quota': expected a non-negative whole number, found '5.5'",
            "village_quotas.csv:3: column 'quota': expected a non-negative whole number, found '3,0'",
        ],
    );
}

#[test]
fn gbk_csv_from_excel_is_read() {
    // What Excel or WPS writes as "CSV (逗号分隔)" on a Chinese Windows: GBK bytes.
    let files = fixture();
    let data = write_dataset(&files);
    for name in ["districts.csv", "villages.csv"] {
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&files[name]);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&gbk).is_err(),
            "{name} is no longer UTF-8"
        );
        std::fs::write(data.path().join(name), gbk).unwrap();
    }
    let run = on_data("plan", data.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("8 of 8 villages covered"),
        "{}",
        run.stdout
    );
}

#[test]
fn file_that_is_neither_utf8_nor_gbk() {
    let data = write_dataset(&fixture());
    std::fs::write(data.path().join("districts.csv"), b"name\n\xff\xfe\x80\n").unwrap();
    // Every other table names districts; their rows are not each reported again.
    assert_message(
        data,
        &[
            "pairplan: 1 input problem:",
            "districts.csv: expected UTF-8 or GBK text (invalid byte at offset 5",
        ],
    );
}

#[test]
fn missing_data_folder_and_bad_usage() {
    let run = pairplan(&["plan", "--data", "/nonexistent/pairplan"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--data /nonexistent/pairplan: expected a dataset folder (with dataset.toml), a workbook"),
        "{}",
        run.stderr
    );
    let run = pairplan(&["plan", "--format", "xml"]);
    assert_eq!(run.code, 2);
}

#[test]
fn province_totals_must_match_the_villages() {
    let data = fixture_with(
        "village_province_totals.csv",
        "province,villages\n甘肃省,7\n河北省,1\n合计,8\n",
    );
    assert_message(
        data,
        &["expected 7 recipients in 甘肃省", "found '6 in 甘肃省'"],
    );
}

#[test]
fn all_problems_are_listed_together() {
    let mut files = fixture();
    files.insert("districts.csv", "name\n甲区\n乙区\n丙区\n甲区\n".into());
    files.insert(
        "units.csv",
        "name,district,min_villages\n某单位,丁区,2\n".into(),
    );
    let (code, stderr) = plan_fails(&write_dataset(&files));
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "districts.csv:5: column 'name': expected a unique value (already on line 2)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("units.csv:2: column 'district': expected a known district"),
        "{stderr}"
    );
}
