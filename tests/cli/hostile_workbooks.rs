//! Broken and hostile workbooks, built here byte by byte (a zip of XML parts, as Excel writes them):
//! each gets a located refusal, fast and small, never an abort.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::harness::pairplan;

/// A sheet's cells as the XML of its `<sheetData>`.
fn cell(reference: &str, inner: &str) -> String {
    format!("<c r=\"{reference}\"{inner}</c>")
}

fn text(reference: &str, value: &str) -> String {
    cell(
        reference,
        &format!(" t=\"inlineStr\"><is><t>{value}</t></is>"),
    )
}

fn row(number: u32, cells: &[String]) -> String {
    format!("<row r=\"{number}\">{}</row>", cells.concat())
}

/// The header every pairings file has, in row 1.
fn header() -> String {
    row(
        1,
        &[
            text("A1", "program"),
            text("B1", "helper_id"),
            text("C1", "recipient_id"),
        ],
    )
}

/// An `.xlsx` of the sheets given (name, hidden, rows), with shared strings if any, written to
/// `dir/name`.
fn workbook(
    dir: &Path,
    name: &str,
    sheets: &[(&str, bool, String)],
    shared: Option<&str>,
) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    let mut put = |part: &str, body: &str| {
        zip.start_file(part, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
    );
    let mut entries = String::new();
    let mut rels = String::new();
    for (i, (sheet, hidden, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!("<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"));
        let state = if *hidden { " state=\"hidden\"" } else { "" };
        entries.push_str(&format!(
            "<sheet name=\"{sheet}\" sheetId=\"{n}\"{state} r:id=\"rId{n}\"/>"
        ));
        rels.push_str(&format!("<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"));
    }
    if shared.is_some() {
        types.push_str("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
        rels.push_str("<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
    }
    types.push_str("</Types>");
    put("[Content_Types].xml", &types);
    put("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    put("xl/workbook.xml", &format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{entries}</sheets></workbook>"));
    put("xl/_rels/workbook.xml.rels", &format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"));
    for (i, (_, _, data)) in sheets.iter().enumerate() {
        put(&format!("xl/worksheets/sheet{}.xml", i + 1), &format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{data}</sheetData></worksheet>"));
    }
    if let Some(shared) = shared {
        put("xl/sharedStrings.xml", shared);
    }
    zip.finish().unwrap();
    path
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn one_cell_at_the_last_column_of_the_last_row_is_no_abort() {
    let dir = tempfile::tempdir().unwrap();
    let far = row(1_048_576, &[text("XFD1048576", "x")]);
    let book = workbook(
        dir.path(),
        "far.xlsx",
        &[("Sheet1", false, format!("{}{far}", header()))],
        None,
    );
    let run = pairplan(&["check", "--pairings", path(&book), "--format", "json"]);
    // A stray value right of the header is in no column: the ledger is read, with no rows.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("far.xlsx:"), "{}", run.stderr);
}

#[test]
fn the_used_range_is_bounded_and_the_bound_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (2..=40)
        .map(|r| {
            row(
                r,
                &[
                    text(&format!("A{r}"), "villages"),
                    text(&format!("B{r}"), "E0001"),
                    text(&format!("C{r}"), "620000"),
                ],
            )
        })
        .collect();
    let book = workbook(
        dir.path(),
        "wide.xlsx",
        &[("Sheet1", false, format!("{}{rows}", header()))],
        None,
    );
    let low = pairplan(&["check", "--pairings", path(&book), "--max-cells", "60"]);
    assert_eq!(low.code, 2, "{}", low.stderr);
    assert!(low.stderr.contains("--max-cells"), "{}", low.stderr);
    assert!(low.stderr.contains("wide.xlsx:21"), "{}", low.stderr);
    let enough = pairplan(&["check", "--pairings", path(&book), "--max-cells", "200"]);
    assert_ne!(enough.code, 2, "{}", enough.stderr);
}

/// An Excel 97–2003 `.xls` (BIFF8 records in a compound file) of one sheet whose `cells` cells
/// all hold the one shared text `shared`: only the records that lay the cells out.
fn xls_sharing_one_text(dir: &Path, name: &str, shared: &str, cells: u16) -> PathBuf {
    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = kind.to_le_bytes().to_vec();
        bytes.extend((data.len() as u16).to_le_bytes());
        bytes.extend(data);
        bytes
    }
    // The SST: one text, narrow characters, split into records of at most 8224 bytes, each
    // record after the first starting with its flags byte.
    let units = shared.len() as u16;
    let mut sst = u32::from(cells).to_le_bytes().to_vec();
    sst.extend(1u32.to_le_bytes());
    sst.extend(units.to_le_bytes());
    sst.push(0);
    let (first, mut rest) = shared.as_bytes().split_at(shared.len().min(8000));
    sst.extend(first);
    let mut stream = record(0x00FC, &sst);
    while !rest.is_empty() {
        let (part, after) = rest.split_at(rest.len().min(8000));
        let mut data = vec![0u8];
        data.extend(part);
        stream.extend(record(0x003C, &data));
        rest = after;
    }
    for r in 0..cells {
        let mut data = r.to_le_bytes().to_vec();
        data.extend([0, 0, 0, 0]);
        data.extend(0u32.to_le_bytes());
        stream.extend(record(0x00FD, &data));
    }
    let path = dir.join(name);
    let mut file = cfb::CompoundFile::create(std::fs::File::create(&path).unwrap()).unwrap();
    file.create_stream("/Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    file.flush().unwrap();
    path
}

#[test]
fn an_xls_whose_cells_share_a_long_text_is_refused_before_calamine_lays_it_out() {
    // 20 000 characters shared by 500 cells: 20 KB in the file, 30 MB once every cell holds its own
    // copy (3 bytes a character at most).
    let dir = tempfile::tempdir().unwrap();
    let book = xls_sharing_one_text(dir.path(), "bomb.xls", &"v".repeat(20_000), 500);
    refused_small_under_one_megabyte(
        &book,
        &["bomb.xls", "500 cells share texts", "--max-unpacked-size"],
    );
}

/// A file under 64 KB that `check --pairings` refuses under `--max-unpacked-size 1M`, saying each
/// of `says`.
fn refused_small_under_one_megabyte(book: &Path, says: &[&str]) {
    assert!(std::fs::metadata(book).unwrap().len() < 64 << 10);
    let run = pairplan(&[
        "check",
        "--pairings",
        path(book),
        "--max-unpacked-size",
        "1M",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        says.iter().all(|said| run.stderr.contains(said)),
        "{}",
        run.stderr
    );
}

#[test]
fn a_shared_string_that_unpacks_past_the_limit_is_refused_before_it_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let long = "村".repeat(1 << 20);
    let shared = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>{long}</t></si></sst>"
    );
    let book = workbook(
        dir.path(),
        "bomb.xlsx",
        &[(
            "Sheet1",
            false,
            format!("{}{}", header(), row(2, &[cell("A2", " t=\"s\"><v>0</v>")])),
        )],
        Some(&shared),
    );
    refused_small_under_one_megabyte(&book, &["xl/sharedStrings.xml", "--max-unpacked-size"]);
}

#[test]
fn a_workbook_without_sheets_or_a_text_file_named_xls_is_refused_as_what_it_is() {
    // Read as a workbook of no sheet, a ledger would be empty: every pairing missing, not a
    // damaged file.
    let dir = tempfile::tempdir().unwrap();
    let empty = workbook(dir.path(), "nosheets.xlsx", &[], None);
    let run = pairplan(&["check", "--pairings", path(&empty)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("it lists no sheet"), "{}", run.stderr);
    let text = dir.path().join("台账.xls");
    std::fs::write(
        &text,
        "program,helper_id,recipient_id\nvillages,E0001,620121100201\n",
    )
    .unwrap();
    let run = crate::harness::pairplan_in("zh_CN.UTF-8", &["check", "--pairings", path(&text)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("这是文本文件，不是工作簿") && run.stderr.contains("改为 .csv"),
        "{}",
        run.stderr
    );
}

#[test]
fn error_cells_and_formulas_without_a_result_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    // A ledger whose C2 is the cell given, and the words its refusal must hold.
    for (name, c2, words) in [
        ("errors.xlsx", " t=\"e\"><v>#N/A</v>", "#N/A"),
        ("formula.xlsx", "><f>B2&amp;\"1\"</f>", "save it again"),
    ] {
        let data = row(
            2,
            &[text("A2", "villages"), text("B2", "E0001"), cell("C2", c2)],
        );
        let book = workbook(
            dir.path(),
            name,
            &[("Sheet1", false, format!("{}{data}", header()))],
            None,
        );
        let run = pairplan(&["check", "--pairings", path(&book)]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("{name}:2")) && run.stderr.contains(words),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn columns_without_a_header_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _plan_dir, plan) = crate::harness::plan_to_csv(&["--program", "county-hospitals"]);
    let first = crate::harness::read_csv(&plan).remove(0);
    let header = row(
        1,
        &[
            text("A1", "program"),
            text("C1", "helper_id"),
            text("E1", "recipient_id"),
        ],
    );
    let data = row(
        2,
        &[
            text("A2", "county-hospitals"),
            text("C2", &first["helper_id"]),
            text("E2", &first["recipient_id"]),
        ],
    );
    let book = workbook(
        dir.path(),
        "gaps.xlsx",
        &[("2019#台账", false, format!("{header}{data}"))],
        None,
    );
    let named = format!("{}#2019#台账", path(&book));
    let run = pairplan(&[
        "check",
        "--pairings",
        &named,
        "--program",
        "county-hospitals",
        "--format",
        "json",
    ]);
    // Read (the other hospitals are uncovered: exit 1), not refused.
    assert_eq!(run.code, 1, "{}", run.stderr);
    // A value under a blank header (a note, a spreadsheet's index) is in no column: ignored.
    let filled = row(
        2,
        &[
            text("A2", "county-hospitals"),
            text("B2", "备注"),
            text("C2", &first["helper_id"]),
            text("E2", &first["recipient_id"]),
        ],
    );
    let book = workbook(
        dir.path(),
        "filled.xlsx",
        &[("Sheet1", false, format!("{header}{filled}"))],
        None,
    );
    let run = pairplan(&["check", "--pairings", path(&book), "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("filled.xlsx"), "{}", run.stderr);
}

#[test]
fn a_hidden_first_sheet_is_skipped_and_the_sheet_read_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let lookup = row(1, &[text("A1", "代码表")]);
    let book = workbook(
        dir.path(),
        "hidden.xlsx",
        &[("代码", true, lookup), ("台账", false, header())],
        None,
    );
    let run = pairplan(&["check", "--pairings", path(&book)]);
    assert!(run.stderr.contains("read sheet '台账'"), "{}", run.stderr);
}

#[test]
fn a_value_longer_than_a_cell_holds_is_refused_where_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let long = "企".repeat(40_000);
    let book = workbook(
        dir.path(),
        "long.xlsx",
        &[(
            "Sheet1",
            false,
            format!("{}{}", header(), row(2, &[text("A2", &long)])),
        )],
        None,
    );
    let run = pairplan(&["check", "--pairings", path(&book)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("long.xlsx:2: column 'A'") && run.stderr.contains("32767"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_name_longer_than_a_cell_holds_is_an_input_error_not_an_internal_one() {
    let mut files = crate::harness::fixture();
    let long = "Q".repeat(40_000);
    let enterprises = files["enterprises.csv"].replacen("甲一公司", &long, 1);
    files.insert("enterprises.csv", enterprises);
    let data = crate::harness::write_dataset(&files);
    let out = data.path().join("plan.xlsx");
    let run = crate::harness::on_data("plan", data.path(), &["--out", path(&out)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("enterprises.csv:2") && run.stderr.contains("32767"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

/// An `.ods` whose one sheet's `<table:table>` holds `rows` (OpenDocument XML).
fn open_document(dir: &Path, name: &str, rows: &str) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>").unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"台账\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>").as_bytes()).unwrap();
    zip.finish().unwrap();
    path
}

fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!("<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>"))
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

#[test]
fn an_open_document_sheet_is_read_and_its_repeat_counts_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    // As LibreOffice saves: the data, then a repeated empty tail.
    let tail = "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
    let good = open_document(
        dir.path(),
        "good.ods",
        &format!(
            "{}{}{tail}",
            ods_row(&["program", "helper_id", "recipient_id"]),
            ods_row(&["villages", "E9", "620000"])
        ),
    );
    let run = pairplan(&["check", "--pairings", path(&good), "--format", "json"]);
    // Read: the row names an unknown helper (a gap), nothing refused.
    assert_eq!(run.code, 1, "{}", run.stderr);
    // A filled cell repeated a thousand times on a million rows: a billion cells, refused at once.
    let bomb = open_document(
        dir.path(),
        "bomb.ods",
        &format!(
            "{}<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"1000\"><text:p>x</text:p></table:table-cell></table:table-row>",
            ods_row(&["program", "helper_id", "recipient_id"])
        ),
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 4096);
    let run = pairplan(&["check", "--pairings", path(&bomb)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--max-cells"), "{}", run.stderr);
}

/// Every workbook of the fuzz corpus — the bombs among them — read by the binary as a planner's
/// ledger: an answer or a located refusal, never a crash.
#[test]
fn the_fuzz_corpus_of_workbooks_is_read_or_refused() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/workbook");
    let mut read = 0;
    for entry in std::fs::read_dir(corpus).unwrap() {
        let path = entry.unwrap().path();
        let run = pairplan(&["check", "--pairings", path.to_str().unwrap()]);
        // Read, refused or found wanting, never a panic (damaged-compound-file.xls once panicked in calamine).
        assert!(
            [0, 1, 2].contains(&run.code) && !run.stderr.contains("panicked"),
            "{path:?}: {}",
            run.stderr
        );
        read += 1;
    }
    assert!(read >= 5);
}

#[test]
fn the_rectangle_an_open_document_lays_out_is_what_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    // One row filled out to XFD, then thousands of rows filled in A: calamine would lay out the
    // whole rectangle, a hundred million cells.
    let wide = "<table:table-row><table:table-cell table:number-columns-repeated=\"16383\"/><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>";
    let tall = "<table:table-row table:number-rows-repeated=\"6000\"><table:table-cell table:formula=\"of:=1\"/></table:table-row>";
    let book = open_document(
        dir.path(),
        "rectangle.ods",
        &format!(
            "{}{wide}{tall}",
            ods_row(&["program", "helper_id", "recipient_id"])
        ),
    );
    let run = pairplan(&["check", "--pairings", path(&book)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--max-cells"), "{}", run.stderr);
}

#[test]
fn one_long_string_in_every_cell_is_bounded_by_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let long = "村".repeat(30_000);
    let shared = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>{long}</t></si></sst>"
    );
    let rows: String = (2..200)
        .map(|r| row(r, &[cell(&format!("A{r}"), " t=\"s\"><v>0</v>")]))
        .collect();
    let book = workbook(
        dir.path(),
        "same.xlsx",
        &[("Sheet1", false, format!("{}{rows}", header()))],
        Some(&shared),
    );
    let run = pairplan(&[
        "check",
        "--pairings",
        path(&book),
        "--max-unpacked-size",
        "4M",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--max-unpacked-size"), "{}", run.stderr);
}

/// A workbook is a zip: its packed bytes have no lines, and no line limit refuses it.
#[test]
fn a_workbook_is_not_judged_by_line_length() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/workbook/plan.xlsx");
    let run = pairplan(&[
        "check",
        "--pairings",
        path(&book),
        "--max-line-length",
        "100",
    ]);
    assert_ne!(run.code, 2, "{}", run.stderr);
}
