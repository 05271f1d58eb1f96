//! A planner's own lists as a dataset: one workbook (`plan --data 我的数据.xlsx`), or a folder of
//! CSV files without `dataset.toml`. Each sheet is placed as one of the tables the models read, by
//! its name and failing that by its columns, and each header as one of the table's columns, by the
//! names planners write (`data/tables.toml`). What the lists do not give falls back to the 2019
//! pairing map and districts, said as such; nothing else of 2019 is used.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::{Source, Table};
use crate::error::{InputProblem, Problems};

/// The tables a dataset may hold, as planners name them (`data/tables.toml`).
const CATALOGUE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/tables.toml"));

/// The tables a planner's own lists may leave out, read from the 2019 dataset instead: the pairing
/// map and the districts.
pub const FALLBACK_TABLES: [&str; 3] = ["counties.csv", "districts.csv", "region_districts.csv"];

/// The sheet that carries a whole dataset's settings (`init --from-embedded`): `dataset.toml`'s
/// lines, one a row.
pub const SETTINGS_SHEET: &str = "dataset.toml";

/// The sheet of filling notes `init` writes; never a table.
pub const NOTES_SHEET: &str = "填写说明";

#[derive(Deserialize)]
struct Catalogue {
    table: Vec<TableKind>,
}

/// One table of a dataset as planners name it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableKind {
    /// The file the models read (`villages.csv`).
    pub file: String,
    /// Its Chinese name, the template's sheet name.
    pub title: String,
    /// Its English name.
    pub title_en: String,
    /// The sheet and file names that mean it.
    pub sheets: Vec<String>,
    /// What a row is, in Chinese.
    pub about: String,
    /// What a row is, in English.
    pub about_en: String,
    /// The column that serves as the id when the list has no code column.
    #[serde(default)]
    pub id_from: Option<String>,
    /// What of it the 2019 plans give, if anything.
    #[serde(default)]
    pub official: Option<String>,
    /// Whether it only checks the lists against a further figure (unit minimums, province
    /// totals): a template leaves it out.
    #[serde(default)]
    pub optional: bool,
    /// Its columns.
    #[serde(rename = "column")]
    pub columns: Vec<ColumnKind>,
}

/// One column of a table as planners name it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnKind {
    /// The column as the models read it (`id`).
    pub name: String,
    /// Whether a list must have it.
    #[serde(default)]
    pub required: bool,
    /// The headers that mean it.
    pub headers: Vec<String>,
    /// What it holds, in Chinese.
    pub meaning: String,
    /// What it holds, in English.
    pub meaning_en: String,
    /// An example value.
    pub example: String,
}

impl TableKind {
    /// The title in the interface language.
    pub fn title_in_language(&self) -> &str {
        if crate::i18n::current() == crate::i18n::Lang::Zh {
            &self.title
        } else {
            &self.title_en
        }
    }

    /// The column that `header` means, if any.
    pub fn column_for(&self, header: &str) -> Option<&ColumnKind> {
        let wanted = [key(header), key(&without_unit(header))];
        self.columns.iter().find(|c| {
            c.headers
                .iter()
                .chain(std::iter::once(&c.name))
                .any(|h| wanted.contains(&key(h)))
        })
    }

    /// Whether a sheet or file named `name` means this table.
    fn named(&self, name: &str) -> bool {
        let name = key(name);
        let stem = self.file.trim_end_matches(".csv");
        self.sheets
            .iter()
            .map(String::as_str)
            .chain([stem, self.title.as_str(), self.title_en.as_str()])
            .any(|s| key(s) == name)
    }
}

impl ColumnKind {
    /// What it holds, in the interface language.
    pub fn meaning_in_language(&self) -> &str {
        if crate::i18n::current() == crate::i18n::Lang::Zh {
            &self.meaning
        } else {
            &self.meaning_en
        }
    }

    /// The headers accepted for it, as the reader is told them: all in English; in Chinese the
    /// Chinese ones, then a word that the English ones (`village_id`, `name`) are accepted too.
    pub fn headers_in_language(&self) -> Vec<String> {
        if crate::i18n::current() != crate::i18n::Lang::Zh {
            return self.headers.clone();
        }
        let (english, mut chinese): (Vec<String>, Vec<String>) = self
            .headers
            .iter()
            .cloned()
            .partition(|h| h.chars().any(|c| c.is_ascii_alphabetic()));
        if let Some(last) = chinese.last_mut().filter(|_| !english.is_empty()) {
            last.push_str(&crate::tr!("headers-english-too"));
        }
        chinese
    }
}

/// Every table planners may give, in the order templates list them.
pub fn catalogue() -> &'static [TableKind] {
    static PARSED: std::sync::OnceLock<Vec<TableKind>> = std::sync::OnceLock::new();
    // The catalogue is compiled in and a unit test parses it: it cannot be malformed at run time.
    PARSED.get_or_init(|| {
        toml::from_str::<Catalogue>(CATALOGUE)
            .map(|c| c.table)
            .unwrap_or_default()
    })
}

/// The column of a helper list that `header` means — as a planner's own enterprises or other
/// helper table names it (企业编号 → `id`, 可结对村数 → `capacity`) — where every catalogued table
/// that knows the header agrees on one of `wanted`; `None` otherwise.
pub fn helper_column<'a>(header: &str, wanted: &[&'a str]) -> Option<&'a str> {
    let mut meant = catalogue()
        .iter()
        .filter_map(|kind| kind.column_for(header))
        .map(|column| column.name.as_str());
    let first = meant.next()?;
    let agreed = meant.all(|name| name == first);
    wanted.iter().copied().find(|w| agreed && *w == first)
}

/// The catalogued table the models read as `file`, if any.
pub fn kind_of(file: &str) -> Option<&'static TableKind> {
    catalogue().iter().find(|k| k.file == file)
}

/// A name as compared: half-width (NFKC), without spaces, lower case.
fn key(name: &str) -> String {
    name.nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header without a bracketed unit at its end: 可结对村数（个） → 可结对村数.
fn without_unit(header: &str) -> String {
    let half: String = header.nfkc().collect();
    match half.trim_end().strip_suffix(')') {
        Some(rest) => rest
            .rfind('(')
            .map_or(half.clone(), |at| rest[..at].to_string()),
        None => half,
    }
}

/// Where one sheet went: the table it was placed as (or none), and each header's column.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Placed {
    /// The sheet (or CSV file) as the planner named it.
    pub sheet: String,
    /// The table it was read as (`villages.csv`); `None`: not used.
    pub table: Option<String>,
    /// Each header placed, `(header, column)`.
    pub columns: Vec<(String, String)>,
    /// Headers kept under their own name (no column of the table means them).
    pub unplaced: Vec<String>,
}

/// A planner's own lists, placed: every table by the file name the models read.
#[derive(Debug, Clone)]
pub struct OwnTables {
    /// The workbook or folder, as named in messages.
    pub name: String,
    tables: BTreeMap<String, Table>,
    /// Where each sheet went.
    pub placed: Vec<Placed>,
    /// The dataset's settings: a `dataset.toml` sheet, or made from the tables found.
    settings: String,
    /// Where the tables the lists leave out come from.
    fallback: Box<Source>,
}

impl OwnTables {
    /// A workbook's visible sheets as a dataset.
    pub fn from_workbook(path: &Path, problems: &mut Problems) -> Option<OwnTables> {
        let name = path.display().to_string();
        let bytes = match super::file::read_binary(path, &name) {
            Ok(bytes) => bytes,
            Err(problem) => {
                problems.push(problem);
                return None;
            }
        };
        let sheets = match super::workbook::read_visible_sheets(bytes, &name) {
            Ok(sheets) => sheets,
            Err(problem) => {
                problems.push(problem);
                return None;
            }
        };
        let mut settings = None;
        let mut lists = Vec::new();
        for sheet in sheets {
            let label = format!("{name}#{}", sheet.sheet);
            if sheet.sheet == SETTINGS_SHEET {
                settings = Some(settings_text(&sheet.rows));
            } else if sheet.sheet != NOTES_SHEET {
                let table =
                    super::sheet_rows_table(sheet.rows, &sheet.merged_rows, &label, problems);
                lists.push((sheet.sheet, table));
            }
        }
        Some(OwnTables::place(name, lists, settings, problems))
    }

    /// A folder of CSV files without `dataset.toml` as a dataset: each file a list, named by its
    /// file name.
    pub fn from_folder(dir: &Path, problems: &mut Problems) -> Option<OwnTables> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| n.ends_with(".csv") || n.ends_with(".tsv"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let mut lists = Vec::new();
        for file in names {
            let path = dir.join(&file);
            if let Some(table) = super::read_text_table(&path, problems) {
                let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
                lists.push((stem.to_string(), table));
            }
        }
        Some(OwnTables::place(
            dir.display().to_string(),
            lists,
            None,
            problems,
        ))
    }

    /// Places each list as a table and each header as a column; two lists placed as one table, or a
    /// required column not found, are problems naming the sheets, the column and the headers
    /// accepted.
    fn place(
        name: String,
        lists: Vec<(String, Table)>,
        settings: Option<String>,
        problems: &mut Problems,
    ) -> OwnTables {
        let mut tables: BTreeMap<String, Table> = BTreeMap::new();
        let mut from_sheet: BTreeMap<String, String> = BTreeMap::new();
        let mut placed = Vec::new();
        for (sheet, table) in lists {
            let Some(file) = table_file(&sheet, &table) else {
                placed.push(Placed {
                    sheet,
                    table: None,
                    columns: Vec::new(),
                    unplaced: table.headers.clone(),
                });
                continue;
            };
            if let Some(first) = from_sheet.get(&file) {
                problems.push(InputProblem {
                    file: table.file.clone(),
                    line: None,
                    column: None,
                    found: Some(crate::tr!(
                        "found-two-sheets",
                        first = first,
                        second = &sheet
                    )),
                    expected: crate::tr!(
                        "expected-one-sheet",
                        table = kind_of(&file).map_or(file.as_str(), |k| k.title_in_language())
                    ),
                });
                continue;
            }
            let (table, one) = match kind_of(&file) {
                Some(kind) => place_columns(kind, table, &sheet, problems),
                None => {
                    let columns = table
                        .headers
                        .iter()
                        .map(|h| (h.clone(), h.clone()))
                        .collect();
                    let one = Placed {
                        sheet: sheet.clone(),
                        table: Some(file.clone()),
                        columns,
                        unplaced: Vec::new(),
                    };
                    (table, one)
                }
            };
            from_sheet.insert(file.clone(), sheet);
            placed.push(one);
            tables.insert(file, table);
        }
        let settings = settings.unwrap_or_else(|| settings_of(&name, &tables));
        OwnTables {
            name,
            tables,
            placed,
            settings,
            fallback: Box::new(Source::embedded_dataset()),
        }
    }

    /// Reads `dataset.toml` (the settings) or a table the lists leave out but the 2019 data has.
    pub fn read(&self, file: &str) -> Result<super::TextFile, InputProblem> {
        if file == "dataset.toml" {
            return Ok(super::TextFile {
                name: format!("{}#{SETTINGS_SHEET}", self.name),
                text: self.settings.clone(),
            });
        }
        if self.tables.contains_key(file) {
            // A list is read as a table; asked as text (is it there?), it is.
            return Ok(super::TextFile {
                name: self.display_name(file),
                text: String::new(),
            });
        }
        if FALLBACK_TABLES.contains(&file) {
            return self.fallback.read(file);
        }
        Err(self.missing(file))
    }

    /// A table: the list placed as it, else the 2019 map's, else a problem naming the sheets that
    /// would have been read as it.
    pub fn read_table(&self, file: &str, problems: &mut Problems) -> Option<Table> {
        if let Some(table) = self.tables.get(file) {
            return Some(table.clone());
        }
        if FALLBACK_TABLES.contains(&file) {
            return self.fallback.read_table(file, problems);
        }
        problems.push(self.missing(file));
        None
    }

    /// Whether the lists, or the 2019 map they fall back to, have this table.
    pub fn has(&self, file: &str) -> bool {
        self.tables.contains_key(file) || FALLBACK_TABLES.contains(&file) || file == "dataset.toml"
    }

    /// Whether the planner's own lists have this table (not the 2019 map's fallback).
    pub fn gives(&self, file: &str) -> bool {
        self.tables.contains_key(file)
    }

    /// How a table is named in messages: its sheet, or the 2019 file it falls back to.
    pub fn display_name(&self, file: &str) -> String {
        match self.tables.get(file) {
            Some(table) => table.file.clone(),
            None if FALLBACK_TABLES.contains(&file) => self.fallback.display_name(file),
            None => format!(
                "{}: {}",
                self.name,
                kind_of(file).map_or(file, |k| k.title.as_str())
            ),
        }
    }

    /// The sheet → table and header → column mapping, a line a sheet.
    pub fn mapping_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .placed
            .iter()
            .map(|p| match &p.table {
                Some(table) => crate::tr!(
                    "own-sheet-placed",
                    sheet = &p.sheet,
                    table = table,
                    columns = p
                        .columns
                        .iter()
                        .map(|(h, c)| if h == c {
                            h.clone()
                        } else {
                            format!("{h}→{c}")
                        })
                        .chain(p.unplaced.iter().map(|h| format!("{h}（—）")))
                        .collect::<Vec<_>>()
                        .join("，")
                ),
                None => crate::tr!("own-sheet-unused", sheet = &p.sheet),
            })
            .collect();
        for file in FALLBACK_TABLES
            .iter()
            .filter(|f| !self.tables.contains_key(**f))
        {
            lines.push(crate::tr!(
                "own-table-fallback",
                table = kind_of(file).map_or(*file, |k| k.title_in_language()),
                file = self.fallback.display_name(file)
            ));
        }
        lines
    }

    /// The problem of a table the lists do not have: which sheet names would have been read as it,
    /// and the sheets there are.
    fn missing(&self, file: &str) -> InputProblem {
        let sheets: Vec<&str> = self.placed.iter().map(|p| p.sheet.as_str()).collect();
        let (title, accepted) = match kind_of(file) {
            Some(kind) => (kind.title_in_language().to_string(), kind.sheets.join("、")),
            None => (file.to_string(), file.trim_end_matches(".csv").to_string()),
        };
        InputProblem {
            file: self.name.clone(),
            line: None,
            column: None,
            found: Some(crate::tr!("found-sheets", sheets = sheets.join("、"))),
            expected: crate::tr!("expected-sheet-for", table = title, accepted = accepted),
        }
    }
}

/// The table a list is: the one its name means, else the one whose required columns it has (the
/// one with most columns placed); a list that is neither is not used.
fn table_file(sheet: &str, table: &Table) -> Option<String> {
    if let Some(kind) = catalogue().iter().find(|k| k.named(sheet)) {
        return Some(kind.file.clone());
    }
    // A whole dataset written as sheets (`init --from-embedded`): a sheet named as a file is it.
    if crate::load::EMBEDDED_DATASET
        .iter()
        .any(|(file, _)| file.trim_end_matches(".csv") == sheet && file.ends_with(".csv"))
    {
        return Some(format!("{sheet}.csv"));
    }
    catalogue()
        .iter()
        .filter(|kind| {
            kind.columns.iter().filter(|c| c.required).all(|c| {
                table
                    .headers
                    .iter()
                    .any(|h| kind.column_for(h).is_some_and(|f| f.name == c.name))
            })
        })
        .max_by_key(|kind| {
            table
                .headers
                .iter()
                .filter(|h| kind.column_for(h).is_some())
                .count()
        })
        .map(|kind| kind.file.clone())
}

/// A list's headers renamed to the table's columns; a required column not found is a problem
/// naming the sheet, the column and the headers accepted. Without a code column, the column named
/// by `id_from` serves as the id.
fn place_columns(
    kind: &TableKind,
    mut table: Table,
    sheet: &str,
    problems: &mut Problems,
) -> (Table, Placed) {
    let written = table.headers.join(",");
    let mut columns = Vec::new();
    let mut unplaced = Vec::new();
    for header in &mut table.headers {
        match kind.column_for(header) {
            Some(column)
                if !columns
                    .iter()
                    .any(|(_, c): &(String, String)| c == &column.name) =>
            {
                columns.push((header.clone(), column.name.clone()));
                header.clone_from(&column.name);
            }
            _ => unplaced.push(header.clone()),
        }
    }
    for column in kind.columns.iter().filter(|c| c.required) {
        if !table.headers.contains(&column.name) {
            problems.push(InputProblem {
                file: table.file.clone(),
                line: Some(table.header_line),
                column: Some(column.meaning_in_language().to_string()),
                found: Some(written.clone()),
                expected: crate::tr!(
                    "expected-column-for",
                    column = column.meaning_in_language(),
                    accepted = column.headers.join("、")
                ),
            });
        }
    }
    // A column the list leaves out that the table may have is empty in every row (no unit, no
    // sectors), as the models read every column they name.
    for column in kind
        .columns
        .iter()
        .filter(|c| !c.required && c.name != "id")
    {
        if !table.headers.contains(&column.name) {
            table.headers.push(column.name.clone());
            for record in table.records.iter_mut().chain(table.totals.iter_mut()) {
                record.cells.push("");
            }
        }
    }
    if let Some(from) = &kind.id_from {
        name_as_id(&mut table, from, &mut columns);
    }
    let placed = Placed {
        sheet: sheet.to_string(),
        table: Some(kind.file.clone()),
        columns,
        unplaced,
    };
    (table, placed)
}

/// Where a list gives no code (no code column, or an empty cell in it), the column `from` (the
/// name) serves as the id.
fn name_as_id(table: &mut Table, from: &str, columns: &mut Vec<(String, String)>) {
    let Some(source) = table.headers.iter().position(|h| h == from) else {
        return;
    };
    let id = match table.headers.iter().position(|h| h == "id") {
        Some(id) => id,
        None => {
            table.headers.push("id".to_string());
            for record in table.records.iter_mut().chain(table.totals.iter_mut()) {
                record.cells.push("");
            }
            columns.push((from.to_string(), "id".to_string()));
            table.headers.len() - 1
        }
    };
    for record in table.records.iter_mut() {
        if record.cells.get(id).is_some_and(str::is_empty) {
            let name = record.cells.get(source).unwrap_or_default().to_string();
            record.cells.set(id, &name);
        }
    }
}

/// The settings of a `dataset.toml` sheet: its first column's lines, under the header that names
/// the sheet.
fn settings_text(rows: &[(u64, Vec<String>)]) -> String {
    let header = rows
        .first()
        .is_some_and(|(_, cells)| cells.first().is_some_and(|c| c == SETTINGS_SHEET));
    rows.iter()
        .skip(usize::from(header))
        .map(|(_, cells)| cells.first().map_or("", String::as_str))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The settings of a planner's own lists: named after the workbook, every table with a 合计 row
/// checked against its rows, and the 2019 map it falls back to cited.
fn settings_of(name: &str, tables: &BTreeMap<String, Table>) -> String {
    let stem = Path::new(name)
        .file_stem()
        .map_or(name.to_string(), |s| s.to_string_lossy().to_string());
    // A JSON string is a TOML basic string.
    let quote = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    // The regions outside the county map (西藏昌都, 青海黄南) are the lists' or the 2019 table's.
    let mut text = format!(
        "name = {}\ntitle = {}\nregions = \"region_districts.csv\"\n",
        quote(&stem),
        quote(&crate::tr!("own-dataset-title", name = name))
    );
    for (file, table) in tables.iter().filter(|(_, t)| !t.totals.is_empty()) {
        let key = kind_of(file)
            .and_then(|k| k.columns.iter().find(|c| c.required))
            .map_or_else(
                || table.headers.first().cloned().unwrap_or_default(),
                |c| c.name.clone(),
            );
        text.push_str(&format!(
            "\n[[totals]]\nfile = {}\nkey = {}\n",
            quote(file),
            quote(&key)
        ));
    }
    text.push_str("\n[official]\n");
    for file in FALLBACK_TABLES.iter().filter(|f| !tables.contains_key(**f)) {
        let clause = kind_of(file)
            .and_then(|k| k.official.clone())
            .unwrap_or_default();
        text.push_str(&format!("{} = {}\n", quote(file), quote(&clause)));
    }
    // A table kept as `init` prefilled it (the 2019 map, the quotas) is still the seed's.
    for (file, table) in tables {
        if let Some(clause) = official_as_given(file, table) {
            text.push_str(&format!("{} = {}\n", quote(file), quote(&clause)));
        }
    }
    text
}

/// The seed clause of a table the lists keep as the 2019 dataset's official one (every row, in
/// order, the same in each column both have — a template leaves out a column such as the annex's
/// row number — and the columns planners must give among them); `None` for a table changed, or
/// not official.
fn official_as_given(file: &str, table: &Table) -> Option<String> {
    let embedded = Source::embedded_dataset();
    let spec: crate::load::DatasetSpec = embedded
        .read("dataset.toml")
        .ok()
        .and_then(|text| toml::from_str(&text.text).ok())?;
    let clause = spec.official.get(file)?.clone();
    let original = embedded.read_table(file, &mut Problems::default())?;
    let at: Vec<(usize, usize)> = original
        .headers
        .iter()
        .enumerate()
        .filter_map(|(theirs, h)| Some((theirs, table.headers.iter().position(|own| own == h)?)))
        .collect();
    let required = kind_of(file)
        .map(|k| {
            k.columns
                .iter()
                .filter(|c| c.required)
                .all(|c| table.headers.contains(&c.name))
        })
        .unwrap_or(at.len() == original.headers.len());
    if at.is_empty() || !required {
        return None;
    }
    let rows = |t: &Table| t.records.len() + t.totals.len();
    let same = rows(table) == rows(&original)
        && original
            .records
            .iter()
            .chain(&original.totals)
            .zip(table.records.iter().chain(&table.totals))
            .all(|(theirs, ours)| {
                at.iter()
                    .all(|&(t, o)| theirs.cells.get(t) == ours.cells.get(o))
            });
    same.then_some(clause)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_and_no_header_means_two_columns_of_one_table() {
        let catalogue: Catalogue = toml::from_str(CATALOGUE).expect("data/tables.toml parses");
        assert!(catalogue.table.len() >= 7);
        for kind in &catalogue.table {
            let mut seen: BTreeMap<String, &str> = BTreeMap::new();
            for column in &kind.columns {
                for header in column.headers.iter().chain(std::iter::once(&column.name)) {
                    if let Some(other) = seen.insert(key(header), &column.name) {
                        assert_eq!(other, column.name, "{}: {header}", kind.file);
                    }
                }
            }
        }
    }

    #[test]
    fn headers_are_placed_as_planners_write_them() {
        let villages = kind_of("villages.csv").unwrap();
        assert_eq!(villages.column_for("村 代码").unwrap().name, "id");
        assert_eq!(villages.column_for("行政区划代码").unwrap().name, "id");
        assert_eq!(villages.column_for("所在县").unwrap().name, "county");
        assert!(villages.column_for("序号").is_none());
        let enterprises = kind_of("enterprises.csv").unwrap();
        assert_eq!(
            enterprises.column_for("可结对村数（个）").unwrap().name,
            "capacity"
        );
        assert_eq!(
            enterprises.column_for("可结对村数(个)").unwrap().name,
            "capacity"
        );
        assert!(kind_of("village_quotas.csv").unwrap().named("任务分解"));
        assert!(villages.named("Villages"));
    }
}
