//! A what-if scenario file (`scenarios/*.toml`): a title and a list of edits on the domain objects of
//! the validated baseline — quotas moved between districts, a unit's minimum, a helper's capacity,
//! helpers removed or added (inline or from a CSV beside the scenario), a county reassigned, pairs
//! pinned or banned, a program's weights — parsed into raw specs, each with its line. Names are
//! resolved, and the edits applied, by `scenario`.

use serde::Deserialize;

use super::TextFile;
use crate::error::InputProblem;

/// A scenario as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// The file, as messages name it (set when read).
    #[serde(skip)]
    pub file: String,
    /// What the scenario asks, in the planners' words ("西青区 20 个村的任务转给武清区").
    pub title: String,
    /// Plan only these programs (absent: every program).
    pub programs: Option<Vec<String>>,
    /// The edits, in order, each with where it stands in the file.
    #[serde(default)]
    pub edits: Vec<toml::Spanned<EditSpec>>,
    /// The line of each edit's `[[edits]]` table (set when read).
    #[serde(skip)]
    pub edit_lines: Vec<u64>,
    /// The line of each key of each edit (set when read): a problem with a key's value is
    /// reported at that key's own line, not at its `[[edits]]`.
    #[serde(skip)]
    pub key_lines: Vec<Vec<(String, u64)>>,
    /// The line of its `programs` list, if it has one (set when read).
    #[serde(skip)]
    pub programs_line: Option<u64>,
}

/// One edit as written; `program` limits it to one program (absent: every program it concerns).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case", deny_unknown_fields)]
pub enum EditSpec {
    /// Move `amount` of quota from one district to another: the total stays.
    MoveQuota {
        /// Limit to this program.
        program: Option<String>,
        /// The district giving quota.
        from: String,
        /// The district taking it.
        to: String,
        /// How much.
        amount: u32,
    },
    /// Set a district's quota (the quotas must still add up to what the recipients need).
    SetQuota {
        /// Limit to this program.
        program: Option<String>,
        /// The district.
        district: String,
        /// Its new quota.
        quota: u32,
    },
    /// Set a city unit's minimum.
    SetMinimum {
        /// Limit to this program.
        program: Option<String>,
        /// The unit.
        unit: String,
        /// Its new minimum.
        minimum: u32,
    },
    /// Set a helper's capacity (0: it takes no one).
    SetCapacity {
        /// Limit to this program.
        program: Option<String>,
        /// The helper's id.
        helper: String,
        /// Its new capacity.
        capacity: u32,
    },
    /// Remove helpers: by id, by the unit that mobilised them, or by district.
    RemoveHelpers {
        /// Limit to this program.
        program: Option<String>,
        /// Helper ids.
        #[serde(default)]
        ids: Vec<String>,
        /// Every helper this unit mobilised.
        unit: Option<String>,
        /// Every helper of this district.
        district: Option<String>,
    },
    /// Add helpers (new enterprises…), written inline, read from a CSV beside the scenario file, or
    /// both.
    AddHelpers {
        /// The program whose helpers they join (needed when the scenario plans several).
        program: Option<String>,
        /// A CSV shaped like a helper table: `id,name,district,unit,capacity` and a skills column
        /// (`skills`, `sectors` or `specialities`, `;` between several); relative to the scenario.
        file: Option<String>,
        /// The helpers written inline.
        #[serde(default)]
        helpers: Vec<NewHelper>,
    },
    /// Pair a county of the map with another district.
    ReassignCounty {
        /// The county.
        county: String,
        /// Its new paired district.
        district: String,
    },
    /// Keep a pair in every plan.
    Pin {
        /// Limit to this program.
        program: Option<String>,
        /// The helper's id.
        helper: String,
        /// The recipient's id.
        recipient: String,
    },
    /// Forbid a pair.
    Ban {
        /// Limit to this program.
        program: Option<String>,
        /// The helper's id.
        helper: String,
        /// The recipient's id.
        recipient: String,
    },
    /// Change a program's weights (the others stay).
    Weights {
        /// Limit to this program.
        program: Option<String>,
        /// Cost of an off-map pairing.
        off_map: Option<f64>,
        /// Cost of a pairing without a matching skill.
        trait_mismatch: Option<f64>,
        /// Weight of Σ load²/capacity.
        balance: Option<f64>,
        /// Cost of a change to last year's pairings.
        change: Option<f64>,
    },
}

/// The `program` field of every edit kind that has one, by reference (`as_deref`) or to rewrite
/// (`as_mut`): one list of the kinds for both.
macro_rules! edit_program {
    ($edit:expr, $access:ident) => {
        match $edit {
            EditSpec::MoveQuota { program, .. }
            | EditSpec::SetQuota { program, .. }
            | EditSpec::SetMinimum { program, .. }
            | EditSpec::SetCapacity { program, .. }
            | EditSpec::RemoveHelpers { program, .. }
            | EditSpec::AddHelpers { program, .. }
            | EditSpec::Pin { program, .. }
            | EditSpec::Ban { program, .. }
            | EditSpec::Weights { program, .. } => program.$access(),
            EditSpec::ReassignCounty { .. } => None,
        }
    };
}

impl EditSpec {
    /// The program the edit is limited to, if any.
    pub fn program(&self) -> Option<&str> {
        edit_program!(self, as_deref)
    }

    /// The program the edit is limited to, to be rewritten (a title or another case to the name).
    pub fn program_mut(&mut self) -> Option<&mut String> {
        edit_program!(self, as_mut)
    }
}

/// A helper a scenario adds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewHelper {
    /// Its id, new to the program.
    pub id: String,
    /// Its name (absent: the id).
    pub name: Option<String>,
    /// The district whose quota its pairings count toward (absent: its unit's district, or none).
    pub district: Option<String>,
    /// The city unit that mobilised it.
    pub unit: Option<String>,
    /// The most recipients it may take.
    pub capacity: u32,
    /// What it is good at, matched against recipients' traits.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Where it is written, for messages: `(file, line)` of its CSV row (absent: the edit's line).
    #[serde(skip)]
    pub written_at: Option<(String, u64)>,
}

/// Parses a scenario file; a malformed one is an input problem at its line.
pub fn parse_scenario(file: &TextFile) -> Result<ScenarioSpec, InputProblem> {
    let mut spec: ScenarioSpec = super::parse_toml(file).map_err(|problem| {
        super::spec::locate_block(file, problem, "edits", |edit| {
            EditSpec::deserialize(edit.clone()).is_err()
        })
    })?;
    spec.file = file.name.clone();
    spec.edit_lines = spec
        .edits
        .iter()
        .map(|edit| super::spec::line_at(&file.text, edit.span().start))
        .collect();
    spec.key_lines = spec
        .edit_lines
        .iter()
        .map(|&line| key_lines(&file.text, line))
        .collect();
    spec.programs_line = key_lines(&file.text, 0)
        .into_iter()
        .find(|(key, _)| key == "programs")
        .map(|(_, line)| line);
    if let Some(problem) = nothing_moved(&spec) {
        return Err(problem);
    }
    Ok(spec)
}

/// A `move_quota` written with `amount = 0`: it moves nothing, so it is a slip (a sweep, which is
/// not written in a file, is where 0 is one value among others).
fn nothing_moved(spec: &ScenarioSpec) -> Option<InputProblem> {
    let at = spec
        .edits
        .iter()
        .position(|edit| matches!(edit.get_ref(), EditSpec::MoveQuota { amount: 0, .. }))?;
    let line = spec.key_lines[at]
        .iter()
        .find(|(key, _)| key == "amount")
        .map_or(spec.edit_lines[at], |&(_, line)| line);
    Some(InputProblem {
        file: spec.file.clone(),
        line: Some(line),
        column: Some("amount".into()),
        found: Some("0".into()),
        expected: crate::tr!("expected-amount-moved"),
    })
}

/// The keys written in the table that starts on `line` (1-based), each with its line: up to the
/// next table header.
fn key_lines(text: &str, line: u64) -> Vec<(String, u64)> {
    super::spec::block_lines(text, line)
        .filter_map(|(at, l)| {
            let (key, _) = l.split_once('=')?;
            let key = key.trim();
            (!key.is_empty() && !key.starts_with('#')).then(|| (key.to_string(), at))
        })
        .collect()
}

/// The columns a helper CSV may name a helper's skills by, in the order looked for.
const SKILL_COLUMNS: [&str; 3] = ["skills", "sectors", "specialities"];

/// Reads the helper CSVs the scenario's `add_helpers` edits name (relative to `dir`, the scenario's
/// folder, never outside it) into their edits' helpers, each with its row; every malformed cell is
/// a problem at its line.
pub fn read_helper_files(
    spec: &mut ScenarioSpec,
    dir: &std::path::Path,
) -> Result<(), crate::error::InputErrors> {
    let mut problems = crate::error::Problems::default();
    let scenario_file = spec.file.clone();
    for ((edit, &edit_line), keys) in spec
        .edits
        .iter_mut()
        .zip(&spec.edit_lines)
        .zip(&spec.key_lines)
    {
        let EditSpec::AddHelpers {
            file: Some(file),
            helpers,
            ..
        } = edit.get_mut()
        else {
            continue;
        };
        // Problems with the file named are the `file` line's.
        let line = keys
            .iter()
            .find(|(key, _)| key == "file")
            .map_or(edit_line, |&(_, line)| line);
        let at = (scenario_file.as_str(), line);
        if let Some(mut table) = helper_table(file, dir, at, &mut problems) {
            helpers.extend(new_helpers(&mut table, &mut problems));
        }
    }
    problems.into_result(())
}

/// The helper table an `add_helpers` edit (at `(scenario file, line)`) names, if it lies in the
/// scenario's folder and can be read.
fn helper_table(
    file: &str,
    dir: &std::path::Path,
    (scenario_file, line): (&str, u64),
    problems: &mut crate::error::Problems,
) -> Option<super::Table> {
    // A planner's list is often a workbook's sheet (`新企业.xlsx#名单`): the folder check is on
    // the file, the sheet goes with it to the one table reader every list goes through.
    let (book, sheet) = super::workbook::workbook_name(file).unwrap_or((file, None));
    let inside = super::file::inside(dir, book).map_err(|mut problem| {
        problem.file = scenario_file.to_string();
        problem.line = Some(line);
        problem.column = Some("file".into());
        problem.expected = crate::tr!("expected-inside-scenario-folder");
        problem
    });
    let path = match inside {
        Ok(path) => path,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    // A list that is not there is a slip in the scenario: said at the edit's `file` line, with
    // the folder it was looked for in.
    if !path.exists() {
        problems.push(crate::error::InputProblem {
            file: scenario_file.to_string(),
            line: Some(line),
            column: Some("file".into()),
            found: Some(file.to_string()),
            expected: crate::tr!(
                "expected-helper-list",
                dir = std::fs::canonicalize(dir)
                    .unwrap_or_else(|_| dir.to_path_buf())
                    .display()
                    .to_string()
            ),
        });
        return None;
    }
    // The file judged is the file read: the sheet goes beside it, not back into its name.
    if super::workbook::workbook_name(book).is_some() {
        let name = match sheet {
            Some(sheet) => format!("{}#{sheet}", path.display()),
            None => path.display().to_string(),
        };
        super::read_workbook_table(&path, sheet, &name, problems)
    } else {
        super::read_text_table(&path, problems)
    }
}

/// The columns a helper table must have, as the models name them (`unit`, the mobilising city
/// unit, may be left out, as in a planner's own lists).
const HELPER_COLUMNS: [&str; 4] = ["id", "name", "district", "capacity"];

/// The helpers of a helper table, each with its row; a row without a usable id or capacity is
/// left out, its problem reported. Headers are read as the planner's own lists are (the template's
/// 企业编号、企业名称、所在区、可结对村数 mean `id`, `name`, `district`, `capacity`).
fn new_helpers(table: &mut super::Table, problems: &mut crate::error::Problems) -> Vec<NewHelper> {
    let wanted: Vec<&str> = HELPER_COLUMNS
        .iter()
        .chain(&SKILL_COLUMNS)
        .copied()
        .collect();
    for at in 0..table.headers.len() {
        if let Some(name) = super::own::helper_column(&table.headers[at], &wanted) {
            if !table.headers.iter().any(|h| h == name) {
                table.headers[at] = name.to_string();
            }
        }
    }
    let table = &*table;
    let Some(columns) = table.require_columns(&HELPER_COLUMNS, problems) else {
        return Vec::new();
    };
    let skills = SKILL_COLUMNS.iter().find_map(|c| table.column(c));
    let unit = table.column("unit");
    let mut helpers = Vec::new();
    for record in &table.records {
        let Some(capacity) = table.count(record, columns[3], problems) else {
            continue;
        };
        let Some(id) = table.text(record, columns[0], problems) else {
            continue;
        };
        let cell = |c: usize| Some(record.cells[c].to_string()).filter(|s| !s.is_empty());
        helpers.push(NewHelper {
            id: id.to_string(),
            name: cell(columns[1]),
            district: cell(columns[2]),
            unit: unit.and_then(cell),
            capacity,
            skills: skills
                .map(|c| {
                    record.cells[c]
                        .split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            written_at: Some((table.file.clone(), record.line)),
        });
    }
    helpers
}
