//! The init job: the lists a planner fills in for the programs named, as sheets with the headers
//! planners write (`data/tables.toml`), a 填写说明 sheet saying what each column means, which are
//! required, an example, and which tables hold the 2019 plans' official figures (prefilled, to
//! keep or change). `--from-embedded` gives the whole 2019 dataset the same way, with its
//! settings, as next year's starting point.

use super::Failure;
use crate::load::own::{kind_of, TableKind, NOTES_SHEET, SETTINGS_SHEET};
use crate::load::{ProgramSpec, Table};
use crate::report::{Cell, Sheet};

/// What a planner asks `init` for.
#[derive(Debug, Clone, Default)]
pub struct InitRequest<'a> {
    /// The programs, by name or title, comma-separated; every program when `None`.
    pub programs: Option<&'a str>,
    /// The whole embedded dataset rather than a template.
    pub from_embedded: bool,
}

/// A template: its sheets (the lists, then the notes), and for a whole dataset its settings.
pub struct Template {
    /// One sheet a table, then 填写说明.
    pub sheets: Vec<Sheet>,
    /// `dataset.toml`'s text, for a whole dataset.
    pub settings: Option<String>,
    /// The tables to fill in (empty), by their sheet names.
    pub to_fill: Vec<String>,
    /// The tables prefilled with the 2019 plans' figures, by their sheet names.
    pub prefilled: Vec<String>,
}

/// Makes the template of the programs asked for, from the embedded dataset and models.
pub fn template(inputs: &mut super::Inputs, request: &InitRequest) -> Result<Template, Failure> {
    let files: Vec<String> = if request.from_embedded {
        crate::load::EMBEDDED_DATASET
            .iter()
            .map(|(file, _)| file.to_string())
            .filter(|file| file.ends_with(".csv"))
            .collect()
    } else {
        tables_of(&chosen(inputs, request.programs)?)
    };
    let mut problems = crate::error::Problems::default();
    let mut template = Template {
        sheets: Vec::new(),
        settings: None,
        to_fill: Vec::new(),
        prefilled: Vec::new(),
    };
    let mut notes = notes_sheet();
    for file in &files {
        if let Some(kind) = kind_of(file).filter(|k| k.optional && !request.from_embedded) {
            add_optional_note(&mut notes, kind);
            continue;
        }
        let official = inputs.dataset.spec.official.get(file).cloned().or_else(|| {
            crate::load::own::FALLBACK_TABLES
                .contains(&file.as_str())
                .then(|| {
                    kind_of(file)
                        .and_then(|k| k.official.clone())
                        .unwrap_or_default()
                })
        });
        let filled = request.from_embedded || official.is_some();
        // A table the catalogue does not describe takes its headers from the 2019 dataset's.
        let table = if filled || kind_of(file).is_none() {
            inputs.data.read_table(file, &mut problems)
        } else {
            None
        };
        let sheet = sheet_of(file, table.as_ref(), filled, request.from_embedded);
        add_notes(&mut notes, file, &sheet.name, official.as_deref(), filled);
        if filled {
            template.prefilled.push(sheet.name.clone());
        } else {
            template.to_fill.push(sheet.name.clone());
        }
        template.sheets.push(sheet);
    }
    problems.into_result(())?;
    template.sheets.push(notes);
    if request.from_embedded {
        let settings = inputs
            .data
            .read("dataset.toml")
            .map_err(|p| crate::error::InputErrors(vec![p]))?
            .text;
        let mut sheet = Sheet::literal(SETTINGS_SHEET, &["dataset.toml"]);
        for line in settings.lines() {
            sheet.push(vec![Cell::text(line)]);
        }
        template.sheets.push(sheet);
        template.settings = Some(settings);
    }
    Ok(template)
}

/// The programs named (by name or title, comma-separated), or all.
pub(super) fn chosen(
    inputs: &super::Inputs,
    names: Option<&str>,
) -> Result<Vec<ProgramSpec>, Failure> {
    let Some(names) = names else {
        return Ok(inputs.programs.clone());
    };
    let names = crate::text::program_names(names);
    if names.is_empty() {
        return Err(Failure::Usage(crate::tr!("usage-program-empty")));
    }
    let mut chosen = Vec::new();
    for written in names {
        let name = crate::validate::ledger::program_named(written, &inputs.all_programs)
            .unwrap_or(written);
        match inputs.programs.iter().find(|p| p.name == name) {
            Some(spec) => chosen.push(spec.clone()),
            None => {
                let known: Vec<&str> = inputs.programs.iter().map(|p| p.name.as_str()).collect();
                return Err(super::inputs::unknown_program(written, &known));
            }
        }
    }
    Ok(chosen)
}

/// The tables the programs read, catalogued ones first (in the catalogue's order), each once.
pub(super) fn tables_of(programs: &[ProgramSpec]) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    let mut add = |file: &str| {
        if !files.iter().any(|f| f == file) {
            files.push(file.to_string());
        }
    };
    for spec in programs {
        add(&spec.recipients.file);
        add(&spec.helpers.file);
        if let Some(members) = &spec.helpers.members {
            add(&members.file);
        }
        for rule in &spec.rules {
            if let Some(file) = rule.get_ref().file() {
                add(file);
            }
        }
        if let Some(totals) = &spec.recipients.province_totals {
            add(&totals.file);
        }
        if spec.recipients.county.is_some() || spec.recipients.region.is_some() {
            add("counties.csv");
        }
        if spec.recipients.region.is_some() {
            add("region_districts.csv");
        }
    }
    add("districts.csv");
    let order = |file: &String| {
        crate::load::own::catalogue()
            .iter()
            .position(|k| &k.file == file)
            .unwrap_or(usize::MAX)
    };
    files.sort_by_key(order);
    files
}

/// One table as a sheet: a catalogued table under its Chinese name and headers (in a whole
/// dataset, its further columns kept under their own names), another under its file's name and
/// `table`'s headers; rows from `table` when it is `filled`, its 合计 rows last.
fn sheet_of(file: &str, table: Option<&Table>, filled: bool, whole: bool) -> Sheet {
    let stem = file.trim_end_matches(".csv");
    let (name, columns): (String, Vec<(String, String)>) = match kind_of(file) {
        Some(kind) => (kind.title.clone(), catalogued_columns(kind, table, whole)),
        None => (
            stem.to_string(),
            table
                .map(|t| t.headers.iter().map(|h| (h.clone(), h.clone())).collect())
                .unwrap_or_default(),
        ),
    };
    let headers: Vec<&str> = columns.iter().map(|(header, _)| header.as_str()).collect();
    let mut sheet = Sheet::literal(&name, &headers);
    if let Some(table) = table.filter(|_| filled) {
        let at: Vec<Option<usize>> = columns
            .iter()
            .map(|(_, column)| table.headers.iter().position(|h| h == column))
            .collect();
        for record in table.records.iter().chain(&table.totals) {
            sheet.push(
                at.iter()
                    .map(|c| Cell::text(c.and_then(|c| record.cells.get(c)).unwrap_or_default()))
                    .collect(),
            );
        }
    }
    sheet
}

/// A catalogued table's `(header, column)` pairs: each column under the first header planners
/// write for it; in a whole dataset, the table's further columns under their own names.
fn catalogued_columns(
    kind: &TableKind,
    table: Option<&Table>,
    whole: bool,
) -> Vec<(String, String)> {
    let mut columns: Vec<(String, String)> = kind
        .columns
        .iter()
        .filter(|c| !whole || table.is_some_and(|t| t.headers.contains(&c.name)))
        .map(|c| {
            (
                c.headers.first().cloned().unwrap_or_else(|| c.name.clone()),
                c.name.clone(),
            )
        })
        .collect();
    if whole {
        for header in table.map(|t| t.headers.as_slice()).unwrap_or_default() {
            if !columns.iter().any(|(_, c)| c == header) {
                columns.push((header.clone(), header.clone()));
            }
        }
    }
    columns
}

/// The 填写说明 sheet, one row a table and then one a column.
fn notes_sheet() -> Sheet {
    let headers = [
        crate::tr!("init-col-sheet"),
        crate::tr!("init-col-column"),
        crate::tr!("init-col-meaning"),
        crate::tr!("init-col-required"),
        crate::tr!("init-col-example"),
        crate::tr!("init-col-note"),
    ];
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    Sheet::literal(NOTES_SHEET, &headers)
}

/// A table's rows of the notes: what a row is and whether 2019's figures are in it; then each
/// column's meaning, whether it is required, an example.
fn add_notes(notes: &mut Sheet, file: &str, sheet: &str, official: Option<&str>, filled: bool) {
    let state = match (official, filled) {
        (Some(clause), _) => crate::tr!("init-prefilled-official", clause = clause),
        (None, true) => crate::tr!("init-prefilled-synthetic"),
        (None, false) => crate::tr!("init-to-fill"),
    };
    let Some(kind) = kind_of(file) else {
        notes.push(vec![
            Cell::text(sheet),
            Cell::Empty,
            Cell::text(file),
            Cell::Empty,
            Cell::Empty,
            Cell::text(state),
        ]);
        return;
    };
    let about = if crate::i18n::current() == crate::i18n::Lang::Zh {
        &kind.about
    } else {
        &kind.about_en
    };
    notes.push(vec![
        Cell::text(sheet),
        Cell::Empty,
        Cell::text(about),
        Cell::Empty,
        Cell::Empty,
        Cell::text(state),
    ]);
    for column in &kind.columns {
        notes.push(vec![
            Cell::text(sheet),
            Cell::text(column.headers.first().map_or(&column.name, |h| h)),
            Cell::text(column.meaning_in_language()),
            Cell::text(if column.required {
                crate::tr!("init-required")
            } else {
                crate::tr!("init-optional")
            }),
            Cell::text(&column.example),
            Cell::text(crate::tr!(
                "init-also-accepted",
                headers = column.headers_in_language().join("、")
            )),
        ]);
    }
}

/// The notes' row of a table a template leaves out: what it is for, and that it may be added.
fn add_optional_note(notes: &mut Sheet, kind: &TableKind) {
    let about = if crate::i18n::current() == crate::i18n::Lang::Zh {
        &kind.about
    } else {
        &kind.about_en
    };
    notes.push(vec![
        Cell::text(&kind.title),
        Cell::Empty,
        Cell::text(about),
        Cell::text(crate::tr!("init-optional")),
        Cell::Empty,
        Cell::text(crate::tr!(
            "init-optional-table",
            columns = kind
                .columns
                .iter()
                .map(|c| c.headers.first().map_or(c.name.as_str(), String::as_str))
                .collect::<Vec<_>>()
                .join("、")
        )),
    ]);
}
