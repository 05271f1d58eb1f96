//! A pairings file — last year's ledger (台账), a colleague's spreadsheet, `plan --out` — resolved
//! once against the data: each row's program by its name or title, its ids looked up through a map,
//! the names written beside the ids compared with the names the data gives them, and a pair listed
//! a second time marked as such. What cannot be taken as written is a typed [`RowProblem`] on the
//! row, with its file and line: `check` turns the problems into findings, `plan --previous` into
//! refusals, and nothing after this reads a raw row or parses a message to find a line.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::domain::FastMap;

use crate::domain::{Count, HelperId, Instance, RecipientId};
use crate::load::PairingRow;

/// Which written name disagrees with its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameField {
    /// `helper_name`.
    HelperName,
    /// `helper_district`.
    HelperDistrict,
    /// `recipient_name`.
    RecipientName,
}

impl NameField {
    /// The column it is written in.
    pub fn column(self) -> &'static str {
        match self {
            NameField::HelperName => "helper_name",
            NameField::HelperDistrict => "helper_district",
            NameField::RecipientName => "recipient_name",
        }
    }
}

/// A name written in a row that is not the name the data gives the row's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Which column.
    pub field: NameField,
    /// As written.
    pub written: String,
    /// What the data calls the id (empty: a city-level helper of no district).
    pub known: String,
}

/// Why a row cannot be taken as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The program cell names no program of the models, by name or by title.
    UnknownProgram,
    /// The helper id, the recipient id, or both are not in the data.
    UnknownIds {
        /// The helper id is unknown.
        helper: bool,
        /// The recipient id is unknown.
        recipient: bool,
    },
    /// A name written beside an id is another's: the row was edited by name, not by id.
    NameMismatch(Vec<Mismatch>),
    /// The same program, helper and recipient as an earlier row.
    ListedTwice {
        /// The earlier row's file (another district's, when several files are read together).
        first_file: String,
        /// The earlier row's line.
        first_line: u64,
    },
}

/// One row, resolved: the row as written (its fields read through it: `row.line`,
/// `row.helper_id`…), with the program it names and the helper and recipient its ids name.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    /// The row as written (a `--renamed` id replaced by this year's; the program as written).
    pub written: PairingRow,
    /// The model name of the program the row names (by name, any case, or by title), if any.
    pub program: Option<String>,
    /// The helper the id names, in the program's data.
    pub helper: Option<HelperId>,
    /// The recipient the id names.
    pub recipient: Option<RecipientId>,
    /// Why the row cannot be taken as written; `None` for a row that can.
    pub problem: Option<RowProblem>,
}

impl std::ops::Deref for LedgerRow {
    type Target = PairingRow;

    fn deref(&self) -> &PairingRow {
        &self.written
    }
}

impl LedgerRow {
    /// The row as written (renamed ids applied), its program by its model name where it names
    /// one: for comparing files as they stand.
    pub fn as_written(&self) -> PairingRow {
        PairingRow {
            program: self
                .program
                .clone()
                .unwrap_or_else(|| self.written.program.clone()),
            ..self.written.clone()
        }
    }

    /// The pair the row stands for, when it can be taken as written.
    pub fn pair(&self) -> Option<(RecipientId, HelperId)> {
        match (self.problem.is_none(), self.recipient, self.helper) {
            (true, Some(r), Some(h)) => Some((r, h)),
            _ => None,
        }
    }
}

/// A pairings file resolved against the programs of a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ledger {
    /// The file as messages name it (`book.xlsx#sheet` for a sheet).
    pub file: String,
    /// Its rows in file order.
    pub rows: Vec<LedgerRow>,
    /// Whether it stands for a scenario's baseline rather than last year's pairings (what the drop
    /// reasons say "then" of).
    pub baseline: bool,
}

impl Ledger {
    /// The rows of one program.
    pub fn rows_of<'a>(&'a self, program: &'a str) -> impl Iterator<Item = &'a LedgerRow> + 'a {
        self.rows
            .iter()
            .filter(move |r| r.program.as_deref() == Some(program))
    }

    /// Whether the file has any row of the program.
    pub fn has_program(&self, program: &str) -> bool {
        self.rows_of(program).next().is_some()
    }

    /// The program's pairings that can be taken as written, as a plan: a plain pair once; an
    /// allotment's rows for one pair add their units up (two rows of person-times for one team are
    /// both sent).
    pub fn plan(&self, instance: &Instance) -> crate::domain::Plan {
        self.plan_of_rows(instance, |_| true)
    }

    /// [`Ledger::plan`] of the rows `taken` accepts (a row's units count only if it is taken).
    pub fn plan_of_rows(
        &self,
        instance: &Instance,
        taken: impl Fn(&LedgerRow) -> bool,
    ) -> crate::domain::Plan {
        let allotment = instance.is_allotment();
        let mut units: BTreeMap<(RecipientId, HelperId), Count> = BTreeMap::new();
        let mut written: FastMap<(&str, &str), (RecipientId, HelperId)> = FastMap::default();
        for row in self.rows_of(&instance.program.name) {
            let pair = if let Some(pair) = row.pair() {
                // Only an allotment's repeated rows look their pair up again.
                if allotment {
                    written.insert((&row.helper_id, &row.recipient_id), pair);
                }
                Some(pair)
            } else if let (true, Some(RowProblem::ListedTwice { .. })) = (allotment, &row.problem) {
                written
                    .get(&(row.helper_id.as_str(), row.recipient_id.as_str()))
                    .copied()
            } else {
                None
            };
            if let Some(pair) = pair.filter(|_| taken(row)) {
                let total = units.entry(pair).or_default();
                *total = total.saturating_add(row.units);
            }
        }
        crate::domain::Plan::of_units(units)
    }
}

/// A program as a row or an option may name it: its model name in any case, or its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramName {
    /// The model name (`villages`).
    pub name: String,
    /// The title (万企帮万村).
    pub title: String,
}

/// The model name of the program `written` names — the name in any case or the title, compared
/// after NFKC and without spaces — if one does.
pub fn program_named<'a>(written: &str, programs: &'a [ProgramName]) -> Option<&'a str> {
    let key = compact(written).to_lowercase();
    programs
        .iter()
        .find(|p| compact(&p.name).to_lowercase() == key || compact(&p.title) == compact(written))
        .map(|p| p.name.as_str())
}

/// A name without spaces, NFKC-normalised.
fn compact(name: &str) -> String {
    crate::text::name_key(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The company forms a name may carry or drop without naming another company, longest first.
const COMPANY_SUFFIXES: [&str; 8] = [
    "集团股份有限公司",
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "(集团)",
    "集团",
    "公司",
];

/// A name as compared with another: NFKC, no spaces, no company form at its end.
pub fn comparable_name(name: &str) -> String {
    let mut name = compact(name);
    for suffix in COMPANY_SUFFIXES {
        if name.len() > suffix.len() {
            if let Some(stem) = name.strip_suffix(suffix) {
                name = stem.to_string();
                break;
            }
        }
    }
    name
}

/// A row of a pairings file after its first, in-order look: judged already (an unknown program, a
/// pair listed twice), or its ids still to judge against this program.
enum Seen<'a> {
    Judged(Judged<'a>),
    ToJudge(&'a str),
}

/// What a row of a pairings file is found to be: its program, helper, recipient, problem.
type Judged<'a> = (
    Option<&'a str>,
    Option<HelperId>,
    Option<RecipientId>,
    Option<RowProblem>,
);

/// A pairings file's rows after a first look through them in order: each row's program, and
/// whether it lists a pair an earlier row listed. Taken apart from [`resolve`] because it needs
/// only the rows: a large file's first look runs while the lists are still being read.
pub struct RowsInOrder<'p> {
    rows: Vec<PairingRow>,
    seen: Vec<Seen<'p>>,
}

impl<'p> RowsInOrder<'p> {
    /// Looks through `rows` in order; `programs` are every program of the models (a row of one
    /// not planned in this run is no unknown program).
    pub fn new(rows: Vec<PairingRow>, programs: &'p [ProgramName]) -> Self {
        let seen = first_reading(&rows, programs);
        RowsInOrder { rows, seen }
    }

    /// Whether the file has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Resolves a file's rows against the programs of a run: `instances` are the ones planned or
/// audited, whose ids and names the rows are looked up in; `aliases` maps a district's other names
/// to the one the data uses.
pub fn resolve(
    file: &str,
    rows: RowsInOrder,
    instances: &[Instance],
    aliases: &BTreeMap<String, String>,
) -> Ledger {
    // Each row's ids are judged on its own, side by side: the lookups are most of a large
    // ledger's check.
    let lookups: FastMap<&str, Lookup> = instances
        .par_iter()
        .map(|i| (i.program.name.as_str(), Lookup::of(i)))
        .collect();
    let by_name: FastMap<&str, &Instance> = instances
        .iter()
        .map(|i| (i.program.name.as_str(), i))
        .collect();
    let RowsInOrder { rows, seen } = rows;
    let resolved = seen
        .into_par_iter()
        .zip(rows.into_par_iter())
        .map(|(seen, written)| {
            let (program, helper, recipient, problem) = match seen {
                Seen::Judged(judged) => judged,
                Seen::ToJudge(program) => match (lookups.get(program), by_name.get(program)) {
                    (Some(lookup), Some(instance)) => {
                        let (helper, recipient, problem) =
                            judge_ids(lookup, instance, &written, aliases);
                        (Some(program), helper, recipient, problem)
                    }
                    // A program not planned in this run: its rows are kept, unjudged.
                    _ => (Some(program), None, None, None),
                },
            };
            LedgerRow {
                written,
                program: program.map(str::to_string),
                helper,
                recipient,
                problem,
            }
        })
        .collect();
    Ledger {
        file: file.to_string(),
        rows: resolved,
        baseline: false,
    }
}

/// Each row's program and whether it repeats an earlier row, in order.
fn first_reading<'p>(rows: &[PairingRow], programs: &'p [ProgramName]) -> Vec<Seen<'p>> {
    // Whether an earlier row named the same pair, by what is written (ids unknown or not).
    let mut first_lines: FastMap<(&str, &str, &str), (&str, u64)> =
        FastMap::with_capacity_and_hasher(rows.len(), Default::default());
    // A file names few programs, each on many rows: each name is looked up once.
    let mut named: FastMap<&str, Option<&str>> = FastMap::default();
    rows.iter()
        .map(|row| {
            let program = *named
                .entry(row.program.as_str())
                .or_insert_with(|| program_named(&row.program, programs));
            let Some(program) = program else {
                return Seen::Judged((None, None, None, Some(RowProblem::UnknownProgram)));
            };
            let key = (program, row.helper_id.as_str(), row.recipient_id.as_str());
            match first_lines.entry(key) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    let &(first_file, first_line) = first.get();
                    let twice = RowProblem::ListedTwice {
                        first_file: first_file.to_string(),
                        first_line,
                    };
                    Seen::Judged((Some(program), None, None, Some(twice)))
                }
                std::collections::hash_map::Entry::Vacant(first) => {
                    first.insert((&*row.file, row.line));
                    Seen::ToJudge(program)
                }
            }
        })
        .collect()
}

/// Each old id of a `--renamed` file with the id it finally has: a chain (`A,B` then `B,C`) is
/// followed to its end (A is C), a cycle (`A,B` then `B,A`) is refused naming both lines, and an id
/// a row of the previous file is renamed to must be one of this year's data (`known`).
pub fn follow_renames(
    renames: &crate::load::Renames,
    used: impl Fn(&str) -> bool,
    known: impl Fn(&str) -> bool,
) -> Result<BTreeMap<String, String>, crate::error::InputErrors> {
    let mut problems = crate::error::Problems::default();
    // An id given as its own new id is not renamed (a full table lists the unchanged ids too).
    let next = |id: &str| {
        renames
            .renames
            .get(id)
            .filter(|(new, _)| new != id)
            .map(|(new, line)| (new.as_str(), *line))
    };
    // Each id's end of chain, remembered: a long chain is walked once, not once per id on it.
    let mut ends: FastMap<&str, Option<(&str, u64)>> = FastMap::default();
    let mut finals = BTreeMap::new();
    for (old, (new, line)) in &renames.renames {
        if old == new {
            continue;
        }
        let mut path: Vec<(&str, u64)> = vec![(old.as_str(), *line)];
        let mut on_path: std::collections::HashSet<&str> = std::collections::HashSet::new();
        on_path.insert(old.as_str());
        let mut id = new.as_str();
        let mut remembered = false;
        // The end of the chain and the line that reaches it; `None` for a cycle.
        let end = loop {
            if let Some(known_end) = ends.get(id) {
                remembered = true;
                break *known_end;
            }
            match next(id) {
                None => break Some((id, path.last().map_or(*line, |&(_, l)| l))),
                Some(_) if on_path.contains(id) => break None,
                Some((following, following_line)) => {
                    on_path.insert(id);
                    path.push((id, following_line));
                    id = following;
                }
            }
        };
        for &(step, _) in &path {
            ends.entry(step).or_insert(end);
        }
        match end {
            None => {
                // Said once, when the cycle is first walked, at its first line.
                if !remembered {
                    let mut lines: Vec<u64> = path.iter().map(|&(_, l)| l).collect();
                    lines.sort_unstable();
                    lines.dedup();
                    let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
                    problems.push(crate::error::InputProblem::cell(
                        &renames.file,
                        path.iter().map(|&(_, l)| l).min().unwrap_or(*line),
                        "new_id",
                        new,
                        crate::tr!("expected-rename-no-cycle", lines = lines.join(", ")),
                    ));
                }
            }
            Some((id, at)) if used(old) && !known(id) => {
                problems.push(crate::error::InputProblem::cell(
                    &renames.file,
                    at,
                    "new_id",
                    id,
                    crate::tr!("expected-rename-known"),
                ));
            }
            Some((id, _)) => {
                finals.insert(old.clone(), id.to_string());
            }
        }
    }
    problems.into_result(finals)
}

/// A file's rows resolved against one program alone (rows of any other program are unknown).
pub fn resolve_for(instance: &Instance, file: &str, rows: Vec<PairingRow>) -> Ledger {
    let programs = [ProgramName {
        name: instance.program.name.clone(),
        title: instance.program.title.clone(),
    }];
    resolve(
        file,
        RowsInOrder::new(rows, &programs),
        std::slice::from_ref(instance),
        &BTreeMap::new(),
    )
}

/// A row of a program planned in this run: its helper and recipient by id, and what is wrong
/// with it (an unknown id, a name that is not the id's).
fn judge_ids(
    lookup: &Lookup,
    instance: &Instance,
    row: &PairingRow,
    aliases: &BTreeMap<String, String>,
) -> (Option<HelperId>, Option<RecipientId>, Option<RowProblem>) {
    let helper = lookup
        .helpers
        .get(row.helper_id.as_str())
        .map(|&h| HelperId(h));
    let recipient = lookup
        .recipients
        .get(row.recipient_id.as_str())
        .map(|&r| RecipientId(r));
    let problem = match (helper, recipient) {
        (Some(helper), Some(recipient)) => {
            let mismatches = mismatches(instance, row, helper, recipient, aliases);
            (!mismatches.is_empty()).then_some(RowProblem::NameMismatch(mismatches))
        }
        (helper, recipient) => Some(RowProblem::UnknownIds {
            helper: helper.is_none(),
            recipient: recipient.is_none(),
        }),
    };
    (helper, recipient, problem)
}

/// One program's ids, for look-ups.
struct Lookup<'a> {
    helpers: FastMap<&'a str, usize>,
    recipients: FastMap<&'a str, usize>,
}

impl<'a> Lookup<'a> {
    fn of(instance: &'a Instance) -> Self {
        let (helpers, recipients) = rayon::join(
            || {
                let ids = instance.helpers.iter().map(|h| h.id.as_str());
                ids.enumerate().map(|(i, id)| (id, i)).collect()
            },
            || {
                let ids = instance.recipients.iter().map(|r| r.id.as_str());
                ids.enumerate().map(|(i, id)| (id, i)).collect()
            },
        );
        Lookup {
            helpers,
            recipients,
        }
    }
}

/// The names a row writes beside its ids that are not the ids' names. An empty cell says nothing.
fn mismatches(
    instance: &Instance,
    row: &PairingRow,
    helper: HelperId,
    recipient: RecipientId,
    aliases: &BTreeMap<String, String>,
) -> Vec<Mismatch> {
    let district = instance.district_name(helper);
    let written_district = |written: &str| {
        let written = compact(written);
        aliases.get(&written).cloned().unwrap_or(written)
    };
    let checks = [
        (
            NameField::HelperName,
            row.helper_name.as_deref(),
            instance.helpers[helper.0].name.as_str(),
            comparable_name as fn(&str) -> String,
        ),
        (
            NameField::RecipientName,
            row.recipient_name.as_deref(),
            instance.recipients[recipient.0].name.as_str(),
            comparable_name,
        ),
    ];
    let mut found: Vec<Mismatch> = checks
        .into_iter()
        .filter_map(|(field, written, known, key)| {
            let written = written.filter(|w| !w.trim().is_empty())?;
            // The same text is the same name: most rows are written as the data names them.
            (written != known && key(written) != key(known)).then(|| Mismatch {
                field,
                written: written.to_string(),
                known: known.to_string(),
            })
        })
        .collect();
    if let Some(written) = row.helper_district.as_deref() {
        if !written.trim().is_empty()
            && written != district
            && written_district(written) != compact(district)
        {
            found.push(Mismatch {
                field: NameField::HelperDistrict,
                written: written.to_string(),
                known: district.to_string(),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programs() -> Vec<ProgramName> {
        vec![ProgramName {
            name: "villages".into(),
            title: "万企帮万村".into(),
        }]
    }

    #[test]
    fn renames_follow_chains_and_refuse_cycles() {
        let renames = |pairs: &[(&str, &str)]| crate::load::Renames {
            file: "r.csv".into(),
            renames: pairs
                .iter()
                .enumerate()
                .map(|(i, (o, n))| (o.to_string(), (n.to_string(), i as u64 + 2)))
                .collect(),
        };
        let known = |id: &str| id.starts_with('E') && id != "E9998" && id != "E9999";
        let chain = follow_renames(
            &renames(&[("E0271", "E9998"), ("E9998", "E0280")]),
            |_| true,
            known,
        )
        .unwrap();
        assert_eq!(chain["E0271"], "E0280");
        assert_eq!(chain["E9998"], "E0280");
        let cycle = follow_renames(&renames(&[("E1", "E2"), ("E2", "E1")]), |_| true, |_| true)
            .unwrap_err();
        assert_eq!(cycle.0.len(), 1, "{cycle}");
        assert!(cycle.0[0].expected.contains("2, 3"), "{cycle}");
        let unknown = follow_renames(&renames(&[("E1", "E9999")]), |_| true, known).unwrap_err();
        assert_eq!(unknown.0[0].line, Some(2));
        // An old id no row uses is renamed to whatever it says.
        assert!(follow_renames(&renames(&[("E1", "E9999")]), |_| false, known).is_ok());
        // An id given as its own new id is no cycle.
        let same = follow_renames(&renames(&[("E1", "E1"), ("E2", "E3")]), |_| true, known);
        assert_eq!(same.unwrap().get("E2").map(String::as_str), Some("E3"));
        // A chain of 100 000 is walked once.
        let long: Vec<(String, String)> = (0..100_000)
            .map(|i| (format!("E{i}"), format!("E{}", i + 1)))
            .collect();
        let pairs: Vec<(&str, &str)> = long.iter().map(|(o, n)| (o.as_str(), n.as_str())).collect();
        let ends = follow_renames(&renames(&pairs), |_| true, |_| true).unwrap();
        assert_eq!(ends["E0"], "E100000");
    }

    #[test]
    fn an_allotments_rows_for_one_pair_add_up() {
        let mut instance = crate::testkit::one_to_one(&[vec![1, 2], vec![2, 1]]);
        instance
            .rules
            .insert(crate::domain::Rule::RecipientUnits { min: 1, max: None });
        assert!(instance.is_allotment());
        let row = |line: u64, units: Count| PairingRow {
            file: "ledger.csv".into(),
            line,
            program: instance.program.name.clone(),
            helper_id: instance.helpers[0].id.clone(),
            recipient_id: instance.recipients[0].id.clone(),
            helper_name: None,
            recipient_name: None,
            helper_district: None,
            county: None,
            units,
            start: None,
        };
        let ledger = resolve_for(&instance, "f.csv", vec![row(2, 3), row(3, 2)]);
        let plan = ledger.plan(&instance);
        assert_eq!(plan.assignments.len(), 1);
        assert_eq!(plan.assignments[0].units, 5);
        let findings = crate::check::ledger_findings(&instance, &ledger);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, crate::check::Severity::Note);
    }

    #[test]
    fn programs_by_name_in_any_case_or_by_title() {
        let programs = programs();
        for written in [
            "villages",
            "Villages",
            " VILLAGES ",
            "万企帮万村",
            "万企 帮万村",
        ] {
            assert_eq!(
                program_named(written, &programs),
                Some("villages"),
                "{written}"
            );
        }
        assert_eq!(program_named("village", &programs), None);
    }

    #[test]
    fn company_forms_and_spaces_do_not_make_another_name() {
        assert_eq!(
            comparable_name("天津 荣程 有限公司"),
            comparable_name("天津荣程")
        );
        assert_eq!(
            comparable_name("天津荣程股份有限公司"),
            comparable_name("天津荣程")
        );
        assert_eq!(
            comparable_name("天津荣程（集团）"),
            comparable_name("天津荣程")
        );
        assert_ne!(comparable_name("爱之村"), comparable_name("艾支村"));
        // A name that is only a company form stays itself.
        assert_eq!(comparable_name("公司"), "公司");
    }

    /// A row's problem: the pair is the one at `first_line` of the same file.
    fn listed_twice(first_line: u64) -> RowProblem {
        RowProblem::ListedTwice {
            first_file: "ledger.csv".into(),
            first_line,
        }
    }

    #[test]
    fn a_row_edited_by_name_an_unknown_id_and_a_pair_listed_twice() {
        let instance = crate::testkit::one_to_one(&[vec![1, 2], vec![2, 1]]);
        let helper = &instance.helpers[0];
        let recipient = &instance.recipients[0];
        let row = |line: u64, helper_id: &str, helper_name: &str| PairingRow {
            file: "ledger.csv".into(),
            line,
            program: instance.program.name.to_uppercase(),
            helper_id: helper_id.into(),
            recipient_id: recipient.id.clone(),
            helper_name: Some(helper_name.into()),
            recipient_name: Some(recipient.name.clone()),
            helper_district: None,
            county: None,
            units: 1,
            start: None,
        };
        let rows = vec![
            row(2, &helper.id, &helper.name),
            row(3, &helper.id, "另一家企业"),
            row(4, "NO-SUCH", ""),
            row(5, "NO-SUCH", ""),
            PairingRow {
                program: "nothing".into(),
                ..row(6, &helper.id, "")
            },
        ];
        let names = vec![ProgramName {
            name: instance.program.name.clone(),
            title: instance.program.title.clone(),
        }];
        let ledger = resolve(
            "f.csv",
            RowsInOrder::new(rows.clone(), &names),
            std::slice::from_ref(&instance),
            &BTreeMap::new(),
        );
        let problems: Vec<Option<RowProblem>> =
            ledger.rows.iter().map(|r| r.problem.clone()).collect();
        assert_eq!(problems[0], None);
        assert_eq!(problems[1], Some(listed_twice(2)));
        assert_eq!(
            problems[2],
            Some(RowProblem::UnknownIds {
                helper: true,
                recipient: false
            })
        );
        // Written twice, unknown once: counted once.
        assert_eq!(problems[3], Some(listed_twice(4)));
        assert_eq!(problems[4], Some(RowProblem::UnknownProgram));
        assert_eq!(ledger.plan(&instance).assignments.len(), 1);

        let edited = vec![row(2, &helper.id, "另一家企业")];
        let ledger = resolve(
            "f.csv",
            RowsInOrder::new(edited, &names),
            std::slice::from_ref(&instance),
            &BTreeMap::new(),
        );
        assert_eq!(
            ledger.rows[0].problem,
            Some(RowProblem::NameMismatch(vec![Mismatch {
                field: NameField::HelperName,
                written: "另一家企业".into(),
                known: helper.name.clone(),
            }]))
        );
        assert!(ledger.plan(&instance).assignments.is_empty());
    }
}
