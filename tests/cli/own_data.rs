//! A planner's own lists as the whole dataset: one workbook with the sheets and headers a Tianjin
//! planner writes (a title row, 序号, Chinese headers, a 合计 row), planned with no TOML and no
//! other file.

use std::path::Path;

use crate::harness::{pairplan, pairplan_in, read_csv};

/// Real villages of three paired counties (NBS 2023 codes): 25 of 靖远县 and 20 of 会宁县 (和平区's),
/// 15 of 景泰县 (西青区's).
fn villages() -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/divisions/villages.csv"),
    )
    .unwrap();
    let mut found = Vec::new();
    for (county, wanted) in [("靖远县", 25), ("会宁县", 20), ("景泰县", 15)] {
        found.extend(
            text.lines()
                .map(|line| line.split(',').collect::<Vec<_>>())
                .filter(|cells| cells.len() > 5 && cells[5] == county)
                .take(wanted)
                .map(|cells| {
                    (
                        cells[0].to_string(),
                        cells[1].to_string(),
                        cells[3].to_string(),
                        county.to_string(),
                    )
                }),
        );
    }
    assert_eq!(found.len(), 60);
    found
}

/// One sheet of text cells; `title` (if any) is a row above the header, as planners add one.
struct SheetSpec<'a> {
    name: &'a str,
    title: Option<&'a str>,
    header: &'a [&'a str],
    rows: Vec<Vec<String>>,
}

/// Writes a workbook of text cells.
fn workbook(path: &Path, sheets: &[SheetSpec]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for spec in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(spec.name).unwrap();
        let mut row = 0;
        if let Some(title) = spec.title {
            sheet.write_string(0, 0, title).unwrap();
            row = 1;
        }
        for (c, header) in spec.header.iter().enumerate() {
            sheet.write_string(row, c as u16, *header).unwrap();
        }
        for cells in &spec.rows {
            row += 1;
            for (c, cell) in cells.iter().enumerate() {
                sheet.write_string(row, c as u16, cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// The three lists of the 60-village case, sheets and headers as a planner names them.
fn own_lists() -> Vec<SheetSpec<'static>> {
    let industries = ["高原夏菜", "中药材", "苹果", "文化旅游"];
    let villages = villages()
        .into_iter()
        .enumerate()
        .map(|(n, (code, name, township, county))| {
            vec![
                (n + 1).to_string(),
                code,
                name,
                township,
                county,
                industries[n % industries.len()].to_string(),
            ]
        })
        .collect();
    let enterprises = (0..25)
        .map(|n| {
            let district = if n < 15 { "和平区" } else { "西青区" };
            vec![
                (n + 1).to_string(),
                format!("天津{district}第{}实业有限公司", n + 1),
                district.to_string(),
                (3 + n % 3).to_string(),
                industries[n % industries.len()].to_string(),
            ]
        })
        .collect();
    vec![
        SheetSpec {
            name: "村名单",
            title: Some("2020年结对帮扶村名单"),
            header: &["序号", "村代码", "村名", "乡镇", "县", "主导产业"],
            rows: villages,
        },
        SheetSpec {
            name: "企业名单",
            title: None,
            header: &["序号", "企业名称", "所在区", "可结对村数", "主营行业"],
            rows: enterprises,
        },
        SheetSpec {
            name: "任务分解",
            title: None,
            header: &["区", "结对村数"],
            rows: vec![
                vec!["和平区".into(), "45".into()],
                vec!["西青区".into(), "15".into()],
                vec!["合计".into(), "60".into()],
            ],
        },
    ]
}

#[test]
fn one_workbook_of_a_planners_own_lists_plans_every_village() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("自有数据.xlsx");
    workbook(&book, &own_lists());
    let out = dir.path().join("plan.csv");
    let run = pairplan(&[
        "plan",
        "--data",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-v",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let rows = read_csv(&out);
    assert_eq!(rows.len(), 60, "every village paired once");
    assert!(rows.iter().all(|r| r["program"] == "villages"));
    // Each village with an enterprise of its county's paired district: the map is 2019's.
    for row in &rows {
        let district = if row["county"] == "景泰县" {
            "西青区"
        } else {
            "和平区"
        };
        assert_eq!(row["helper_district"], district, "{row:?}");
    }
    // The enterprises have no code: their name serves as one.
    assert!(rows[0]["helper_id"].starts_with("天津"), "{:?}", rows[0]);
    // How the lists were read, with -v; the 2019 map said as such; the missing units not checked.
    assert!(
        run.stderr.contains("村名单 → villages.csv"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("村代码→id"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the 2019 table is used"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("unit_minimum"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("市工商联"),
        "no 2019 unit is compared: {}",
        run.stdout
    );
}

#[test]
fn a_wrong_total_and_an_unplaceable_column_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("自有数据.xlsx");
    let mut lists = own_lists();
    lists[2].rows[2][1] = "61".into();
    lists[1].header = &["序号", "企业名称", "所在区", "规模", "主营行业"];
    workbook(&book, &lists);
    for (lang, column, total) in [
        ("C", "the most villages it can take", "61"),
        ("zh_CN.UTF-8", "最多可结对的村数", "61"),
    ] {
        let run = pairplan_in(lang, &["plan", "--data", book.to_str().unwrap()]);
        let stderr = run.stderr;
        assert_eq!(run.code, 2, "{stderr}");
        assert!(stderr.contains("自有数据.xlsx#企业名单:1"), "{stderr}");
        assert!(
            stderr.contains(column) && stderr.contains("可结对村数"),
            "{stderr}"
        );
        assert!(stderr.contains("自有数据.xlsx#任务分解:4"), "{stderr}");
        assert!(stderr.contains(total), "{stderr}");
    }
}

#[test]
fn a_workbook_without_a_programs_lists_says_what_each_needs() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("only-villages.xlsx");
    let mut lists = own_lists();
    lists.truncate(1);
    workbook(&book, &lists);
    let run = pairplan(&["plan", "--data", book.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("villages 万企帮万村: villages + enterprises"),
        "{}",
        run.stderr
    );
    let named = pairplan(&[
        "plan",
        "--data",
        book.to_str().unwrap(),
        "--program",
        "villages",
    ]);
    assert_eq!(named.code, 2);
    assert!(
        named
            .stderr
            .contains("a sheet for enterprises (named one of: 企业名单"),
        "{}",
        named.stderr
    );
    let zh = pairplan_in(
        "zh_CN.UTF-8",
        &[
            "plan",
            "--data",
            book.to_str().unwrap(),
            "--program",
            "villages",
        ],
    );
    let stderr = zh.stderr;
    assert_eq!(zh.code, 2);
    assert!(
        stderr.contains("企业名单的工作表（名称为其一：企业名单、企业")
            && stderr.contains("工作表 村名单"),
        "{stderr}"
    );
}

/// The header line of a CSV file `init` wrote (without its byte-order mark).
fn header_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn inits_template_filled_in_by_code_plans_every_village() {
    let dir = tempfile::tempdir().unwrap();
    let lists = dir.path().join("名单");
    let run = pairplan(&["init", lists.to_str().unwrap(), "--program", "万企帮万村"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes = std::fs::read_to_string(lists.join("填写说明.csv")).unwrap();
    assert!(
        notes.contains("村代码") && notes.contains("required"),
        "{notes}"
    );
    // The 2019 map and quotas are there, marked; the lists to fill have their headers only.
    assert!(notes.contains("附件10 四、任务分工 1"), "{notes}");
    let map = std::fs::read_to_string(lists.join("对口帮扶关系.csv")).unwrap();
    assert!(map.contains("靖远县,620421,甘肃省,白银市,和平区"), "{map}");
    let header = |file: &str| header_of(&lists.join(file));
    assert_eq!(header("村名单.csv"), "村代码,村名,乡镇,县,主导产业");
    assert!(
        !lists.join("市级单位.csv").exists(),
        "optional tables are not in a template"
    );
    // Filled in as a planner would: this year's villages and enterprises, this year's quotas.
    let lists_of = own_lists();
    let rows = |n: usize, from: usize| -> String {
        lists_of[n]
            .rows
            .iter()
            .map(|r| r[from..].join(","))
            .collect::<Vec<_>>()
            .join("\n")
    };
    std::fs::write(
        lists.join("村名单.csv"),
        format!("{}\n{}\n", header("村名单.csv"), rows(0, 1)),
    )
    .unwrap();
    let enterprises: String = lists_of[1]
        .rows
        .iter()
        .map(|r| format!(",{},{},{},{},", r[1], r[2], r[3], r[4]))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(
        lists.join("企业名单.csv"),
        format!("{}\n{enterprises}\n", header("企业名单.csv")),
    )
    .unwrap();
    std::fs::write(
        lists.join("任务分解.csv"),
        "区,结对村数\n和平区,45\n西青区,15\n合计,60\n",
    )
    .unwrap();
    let out = dir.path().join("plan.csv");
    let run = pairplan(&[
        "plan",
        "--data",
        lists.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(read_csv(&out).len(), 60);
    // The map kept as prefilled is still the seed's; the quotas changed are the planner's own.
    assert!(
        run.stdout.contains("official: counties.csv"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("given (your own data): enterprises.csv"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_embedded_dataset_as_one_workbook_plans_byte_for_byte_as_plan() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("全部.xlsx");
    let run = pairplan(&["init", book.to_str().unwrap(), "--from-embedded"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (from_book, embedded) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    let run = pairplan(&[
        "plan",
        "--data",
        book.to_str().unwrap(),
        "--out",
        from_book.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // What is official and what synthetic survives the round trip.
    assert!(
        run.stdout.contains("official: village_province_totals.csv"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("synthetic"), "{}", run.stdout);
    let plain = pairplan(&["plan", "--out", embedded.to_str().unwrap()]);
    assert_eq!(plain.code, 0);
    assert_eq!(
        std::fs::read(&from_book).unwrap(),
        std::fs::read(&embedded).unwrap(),
        "the workbook's plan is the embedded plan, byte for byte"
    );
    // An existing file is never written over.
    let again = pairplan(&["init", book.to_str().unwrap(), "--from-embedded"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
}

#[test]
fn two_sheets_read_as_one_table_are_named_both() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("两份任务.xlsx");
    let mut lists = own_lists();
    lists.push(SheetSpec {
        name: "各区任务",
        title: None,
        header: &["区", "任务数"],
        rows: vec![vec!["和平区".into(), "45".into()]],
    });
    workbook(&book, &lists);
    let run = pairplan(&["plan", "--data", book.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("sheets 任务分解 and 各区任务")
            && run.stderr.contains("one sheet for quotas"),
        "{}",
        run.stderr
    );
}

#[test]
fn due_on_own_lists_without_a_calendar_says_so_and_where_the_plans_tasks_are() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("自有数据.xlsx");
    workbook(&book, &own_lists());
    let run = pairplan(&[
        "due",
        "--data",
        book.to_str().unwrap(),
        "--as-of",
        "2019-09-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("the data given holds no calendar")
            && run.stdout.contains("`pairplan due` without --data"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_posts_tables_are_templates_with_their_tenure_columns_explained() {
    let dir = tempfile::tempdir().unwrap();
    let lists = dir.path().join("名单");
    let run = pairplan(&[
        "init",
        lists.to_str().unwrap(),
        "--program",
        "aid-cadres,cadres",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let header = |file: &str| header_of(&lists.join(file));
    // Every sheet to fill has its headers, a catalogued one its Chinese headers.
    assert_eq!(
        header("援派选派单位.csv"),
        "单位编号,选派单位,所在区,可派党政干部数,可派专业技术人才数,数据来源"
    );
    assert_eq!(
        header("挂职岗位.csv"),
        "岗位编号,岗位,县,受援地区,选派人数,依据,任期（月）,任期依据,数据来源"
    );
    assert_eq!(
        header("不得选派的组合.csv"),
        "单位编号,岗位编号,原因,数据来源"
    );
    // The official posts are prefilled with their tenures.
    let posts = std::fs::read_to_string(lists.join("援派党政干部岗位.csv")).unwrap();
    assert!(posts.contains("36,附件1 二(一)1 援派时间3年"), "{posts}");
    // `programs --columns` explains the tenure column.
    let run = pairplan(&["programs", "--program", "aid-cadres", "--columns"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("任期（月）") && run.stdout.contains("the tenure in months"),
        "{}",
        run.stdout
    );
}
