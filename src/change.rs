//! Two years' pairings side by side: what was kept, changed, added and dropped, counted in units
//! (one pairing in a one-helper program, person-times or cadres in an allotment), per program and
//! per district, and — for `plan --previous` — why each dropped or reduced pairing could not stay,
//! in the planners' words. Works on pairings files as written (ids, names, districts), so that
//! `pairplan diff` compares any two files, and the plan's own pairings are first written as rows.

use crate::tr;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::domain::{Count, HelperId, Instance, Plan, RecipientId, Rule};
use crate::graph::PairingGraph;
use crate::load::PairingRow;
use crate::model::helpers_for;
use crate::validate::ledger::{Ledger, RowProblem};

/// What happened to one pairing between the two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The same pair with the same units.
    Kept,
    /// The same pair with other units.
    Changed,
    /// A pair that was not there last year.
    New,
    /// Last year's pair, gone.
    Dropped,
}

impl Status {
    /// The word in files and summaries.
    pub fn label(self) -> &'static str {
        match self {
            Status::Kept => "kept",
            Status::Changed => "changed",
            Status::New => "new",
            Status::Dropped => crate::load::DROPPED,
        }
    }

    /// The word in the reader's language (保留, 调整, 新增, 取消).
    pub fn title(self) -> String {
        match self {
            Status::Kept => tr!("status-kept"),
            Status::Changed => tr!("status-changed"),
            Status::New => tr!("status-new"),
            Status::Dropped => tr!("status-dropped"),
        }
    }
}

/// One pairing of either year, with its fate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeLine {
    /// The program.
    pub program: String,
    /// Who is helped.
    pub recipient_id: String,
    /// Its name, as the newer file gives it (else the older).
    pub recipient_name: String,
    /// Its county, if known.
    pub county: String,
    /// Who helps.
    pub helper_id: String,
    /// Its name.
    pub helper_name: String,
    /// Its district, if known.
    pub helper_district: String,
    /// Units this year (0 when dropped).
    pub units: Count,
    /// Units last year (0 when new).
    pub previous_units: Count,
    /// What happened.
    pub status: Status,
    /// Why a dropped or reduced pairing could not stay (`plan --previous` only).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// With `plan --as-of`, for a post with a tenure: when this year's people on the pair began —
    /// each continuing posting's units and start, then the units newly posted and the plan's first
    /// day — so that the plan's file is next year's ledger, dates and all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub starts: Vec<(Count, String)>,
}

/// Units kept, changed, new and dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Units of pairs present both years, up to the smaller of the two.
    pub kept: u64,
    /// Units by which pairs present both years went up or down.
    pub changed: u64,
    /// Units of pairs new this year.
    pub new: u64,
    /// Units of last year's pairs that are gone.
    pub dropped: u64,
}

impl Counts {
    fn add(&mut self, line: &ChangeLine) {
        let (now, before) = (u64::from(line.units), u64::from(line.previous_units));
        match line.status {
            Status::Kept => self.kept += now,
            Status::Changed => {
                self.kept += now.min(before);
                self.changed += now.abs_diff(before);
            }
            Status::New => self.new += now,
            Status::Dropped => self.dropped += before,
        }
    }

    /// Whether nothing moved.
    pub fn unchanged(&self) -> bool {
        self.changed == 0 && self.new == 0 && self.dropped == 0
    }
}

/// A recipient of a one-helper program whose helper is another this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The program.
    pub program: String,
    /// The recipient.
    pub recipient_id: String,
    /// Its name.
    pub recipient_name: String,
    /// Last year's helper.
    pub from_helper: String,
    /// Its district.
    pub from_district: String,
    /// This year's helper.
    pub to_helper: String,
    /// Its district.
    pub to_district: String,
}

/// Everything that happened between two pairings files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Comparison {
    /// Every pairing of either year, in program, recipient, helper order.
    pub lines: Vec<ChangeLine>,
    /// Counts per program.
    pub by_program: BTreeMap<String, Counts>,
    /// Counts per program and helper district (`""` for helpers of no district).
    pub by_district: BTreeMap<String, BTreeMap<String, Counts>>,
    /// Recipients whose one helper changed.
    pub moved: Vec<Moved>,
    /// The plan's first day (`plan --as-of`): the plan's file then says when each posting began.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

impl Comparison {
    /// Counts over every program.
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for counts in self.by_program.values() {
            total.kept += counts.kept;
            total.changed += counts.changed;
            total.new += counts.new;
            total.dropped += counts.dropped;
        }
        total
    }
}

type PairKey = (String, String, String);

/// Each pair of a file with its units added up, and the first row that names it.
fn index_pairs(rows: &[PairingRow]) -> BTreeMap<PairKey, (Count, &PairingRow)> {
    let mut pairs: BTreeMap<PairKey, (Count, &PairingRow)> = BTreeMap::new();
    for row in rows {
        let key = (
            row.program.clone(),
            row.recipient_id.clone(),
            row.helper_id.clone(),
        );
        pairs.entry(key).or_insert((0, row)).0 += row.units;
    }
    pairs
}

/// Compares last year's pairings with this year's: each pair (program, recipient, helper) is kept,
/// changed, new or dropped. A pair listed twice in a file counts once, with its units added.
pub fn compare(previous: &[PairingRow], current: &[PairingRow]) -> Comparison {
    let before = index_pairs(previous);
    let now = index_pairs(current);
    let keys: BTreeSet<&PairKey> = before.keys().chain(now.keys()).collect();
    let mut comparison = Comparison::default();
    for key in keys {
        let (units, previous_units, row) = match (now.get(key), before.get(key)) {
            (Some(&(units, row)), Some(&(previous_units, _))) => (units, previous_units, row),
            (Some(&(units, row)), None) => (units, 0, row),
            (None, Some(&(previous_units, row))) => (0, previous_units, row),
            (None, None) => continue,
        };
        let status = match (units, previous_units) {
            (_, 0) => Status::New,
            (0, _) => Status::Dropped,
            (a, b) if a == b => Status::Kept,
            _ => Status::Changed,
        };
        let other = before.get(key).map(|&(_, r)| r);
        let text = |field: fn(&PairingRow) -> &Option<String>| {
            field(row)
                .clone()
                .filter(|s| !s.is_empty())
                .or_else(|| other.and_then(|r| field(r).clone()))
                .unwrap_or_default()
        };
        let line = ChangeLine {
            program: key.0.clone(),
            recipient_id: key.1.clone(),
            recipient_name: text(|r| &r.recipient_name),
            county: text(|r| &r.county),
            helper_id: key.2.clone(),
            helper_name: text(|r| &r.helper_name),
            helper_district: text(|r| &r.helper_district),
            units,
            previous_units,
            status,
            reason: String::new(),
            starts: Vec::new(),
        };
        comparison
            .by_program
            .entry(line.program.clone())
            .or_default()
            .add(&line);
        comparison
            .by_district
            .entry(line.program.clone())
            .or_default()
            .entry(line.helper_district.clone())
            .or_default()
            .add(&line);
        comparison.lines.push(line);
    }
    comparison.moved = moved(&comparison.lines);
    comparison
}

/// Recipients with exactly one helper in each year, and not the same one.
fn moved(lines: &[ChangeLine]) -> Vec<Moved> {
    // (program, recipient) → (last year's pairings, this year's)
    type Years<'a> = (Vec<&'a ChangeLine>, Vec<&'a ChangeLine>);
    let mut helpers: BTreeMap<(&str, &str), Years> = BTreeMap::new();
    for line in lines {
        let entry = helpers
            .entry((line.program.as_str(), line.recipient_id.as_str()))
            .or_default();
        if line.previous_units > 0 {
            entry.0.push(line);
        }
        if line.units > 0 {
            entry.1.push(line);
        }
    }
    helpers
        .into_iter()
        .filter_map(
            |((program, recipient), (before, now))| match (&before[..], &now[..]) {
                ([from], [to]) if from.helper_id != to.helper_id => Some(Moved {
                    program: program.to_string(),
                    recipient_id: recipient.to_string(),
                    recipient_name: to.recipient_name.clone(),
                    from_helper: format!("{} {}", from.helper_id, from.helper_name),
                    from_district: from.helper_district.clone(),
                    to_helper: format!("{} {}", to.helper_id, to.helper_name),
                    to_district: to.helper_district.clone(),
                }),
                _ => None,
            },
        )
        .collect()
}

/// A plan's pairings as the rows of a pairings file, as `plan --out` writes them.
pub fn plan_rows(instance: &Instance, plan: &Plan) -> Vec<PairingRow> {
    plan.assignments
        .iter()
        .map(|a| {
            let recipient = &instance.recipients[a.recipient.0];
            let helper = &instance.helpers[a.helper.0];
            PairingRow {
                file: "".into(),
                line: 0,
                program: instance.program.name.clone(),
                helper_id: helper.id.clone(),
                recipient_id: recipient.id.clone(),
                helper_name: Some(helper.name.clone()),
                recipient_name: Some(recipient.name.clone()),
                helper_district: Some(instance.district_name(a.helper).to_string()),
                county: Some(instance.county_name(a.recipient).to_string()),
                units: a.units,
                start: None,
            }
        })
        .collect()
}

/// What `plan --previous` knows of last year's rows before solving: the pairings this year's data
/// can still express (the instance's `previous`), and why each other row is out.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// Last year's pairings by id, merged per pair.
    pub kept: Vec<crate::domain::Assignment>,
    /// Rows out before solving, by (recipient id, helper id): the reason.
    pub out: BTreeMap<(String, String), String>,
    /// The same rows by line, in file order: printed before the summary.
    pub refused: Vec<Refused>,
    /// Units of the rows naming ids the data lacks: changes no plan can avoid.
    pub forced: Count,
    /// Pairs the file lists more than once (`recipient id ← helper id`): each is one pairing, kept
    /// once.
    pub listed_twice: Vec<String>,
    /// With `--as-of`: each of last year's postings to a post with a tenure, ended or continuing.
    pub postings: Vec<Posting>,
    /// With `--as-of`: people of last year's postings to posts with no single tenure (kept as
    /// pairings, not rotated).
    pub untenured: Count,
    /// The plan's first day (`--as-of`), if given.
    pub as_of: Option<jiff::civil::Date>,
}

/// One of last year's postings to a post with a tenure (任期), as of the plan's first day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    /// The post.
    pub recipient: RecipientId,
    /// Who holds it.
    pub helper: HelperId,
    /// People (units) posted.
    pub units: Count,
    /// The day it began: the row's `start`, else one year before the plan's first day (a ledger
    /// is last year's).
    pub start: jiff::civil::Date,
    /// The day it ends: `start` + the post's tenure.
    pub ends: jiff::civil::Date,
    /// Whether the file gave `start` (else it is taken as one year before the plan's first day).
    pub start_given: bool,
    /// Whether it runs past the plan's first day (else it has ended and the post is filled again).
    pub continues: bool,
}

/// When a row's posting began and ends, if its post has a tenure: a row with no `start` is last
/// year's, begun one year before `as_of`.
fn term(
    instance: &Instance,
    row: &crate::validate::ledger::LedgerRow,
    as_of: jiff::civil::Date,
) -> Option<(jiff::civil::Date, jiff::civil::Date)> {
    let tenure = instance.recipients[row.recipient?.0].tenure.as_ref()?;
    let start = row.start.unwrap_or_else(|| {
        as_of
            .checked_sub(jiff::Span::new().years(1))
            .unwrap_or(as_of)
    });
    Some((start, tenure.ends(start)))
}

/// People of last year's pairings to posts with no single tenure: kept, not rotated.
fn untenured(instance: &Instance, ledger: &Ledger) -> Count {
    ledger
        .rows_of(&instance.program.name)
        .filter(|row| row.pair().is_some())
        .filter(|row| {
            row.recipient
                .is_some_and(|r| instance.recipients[r.0].tenure.is_none())
        })
        .map(|row| row.units)
        .sum()
}

/// Last year's postings to posts with a tenure, each ended or continuing as of `as_of`.
fn postings(instance: &Instance, ledger: &Ledger, as_of: jiff::civil::Date) -> Vec<Posting> {
    ledger
        .rows_of(&instance.program.name)
        .filter_map(|row| {
            let (recipient, helper) = row.pair().or_else(|| {
                // An allotment's second row of a pair is a posting of its own.
                matches!(row.problem, Some(RowProblem::ListedTwice { .. }))
                    .then_some((row.recipient?, row.helper?))
            })?;
            let (start, ends) = term(instance, row, as_of)?;
            Some(Posting {
                recipient,
                helper,
                units: row.units,
                start,
                ends,
                start_given: row.start.is_some(),
                continues: ends > as_of,
            })
        })
        .collect()
}

/// A row of last year's file not taken: its line and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refused {
    /// The file.
    pub file: String,
    /// Its line.
    pub line: u64,
    /// Why, in words.
    pub reason: String,
}

/// Reads last year's rows of one program, resolved against this year's data: a row naming a helper
/// or a recipient no longer in it (with the closest known ids, so that a typo shows) or writing a
/// name beside an id that is another's is out, with its reason; a pair listed twice is one pairing;
/// the others are the pairings to keep where the rules allow.
pub fn previous(
    instance: &Instance,
    ledger: &Ledger,
    as_of: Option<jiff::civil::Date>,
) -> Previous {
    let postings = as_of.map_or_else(Vec::new, |as_of| postings(instance, ledger, as_of));
    let mut out = BTreeMap::new();
    let mut refused = Vec::new();
    let mut forced = 0;
    let mut listed_twice = Vec::new();
    let findings: BTreeMap<u64, Vec<String>> = crate::check::row_findings(instance, ledger)
        .into_iter()
        .fold(BTreeMap::new(), |mut by_line, (line, finding)| {
            by_line.entry(line).or_default().push(finding.message);
            by_line
        });
    for row in ledger.rows_of(&instance.program.name) {
        let reason = match &row.problem {
            None | Some(RowProblem::UnknownProgram) => continue,
            // An allotment's rows for one pair add up (see `Ledger::plan`); a plain pair is one.
            Some(RowProblem::ListedTwice { .. }) => {
                if !instance.is_allotment() {
                    listed_twice.push(format!("{} ← {}", row.recipient_id, row.helper_id));
                }
                continue;
            }
            Some(RowProblem::UnknownIds { .. }) => tr!(
                "drop-not-in-data",
                message = findings
                    .get(&row.line)
                    .map(|m| m.join("; "))
                    .unwrap_or_default()
            ),
            Some(RowProblem::NameMismatch(_)) => tr!(
                "drop-edited-by-name",
                message = findings
                    .get(&row.line)
                    .map(|m| m.join("; "))
                    .unwrap_or_default()
            ),
        };
        // Only an id the data lacks forces a change; a pair written under another's name may
        // still be planned again.
        if matches!(row.problem, Some(RowProblem::UnknownIds { .. })) {
            forced += row.units;
        }
        out.insert(
            (row.recipient_id.clone(), row.helper_id.clone()),
            reason.clone(),
        );
        refused.push(Refused {
            file: ledger.file.clone(),
            line: row.line,
            reason,
        });
    }
    // An ended posting is no pairing to keep: its post is filled again.
    let ended = |row: &crate::validate::ledger::LedgerRow| {
        as_of.is_some_and(|as_of| term(instance, row, as_of).is_some_and(|(_, ends)| ends <= as_of))
    };
    let untenured = as_of.map_or(0, |_| untenured(instance, ledger));
    Previous {
        kept: ledger.plan_of_rows(instance, |row| !ended(row)).assignments,
        out,
        refused,
        forced,
        listed_twice,
        postings,
        untenured,
        as_of,
    }
}

/// Units of last year's pairings that a plan does not keep: for each pair, what it carried beyond
/// what it carries now.
pub fn changed_units(previous: &[crate::domain::Assignment], plan: &Plan) -> Count {
    let now: BTreeMap<(RecipientId, HelperId), Count> = plan
        .assignments
        .iter()
        .map(|a| ((a.recipient, a.helper), a.units))
        .collect();
    previous
        .iter()
        .map(|a| {
            let units = now.get(&(a.recipient, a.helper)).copied().unwrap_or(0);
            a.units.saturating_sub(units)
        })
        .sum()
}

/// Why last year's pairing of `recipient` and `helper` (`units` of them) is dropped or reduced in
/// `plan`: the first of these that is true — the pair may no longer be made (forbidden, the helper
/// takes no one, the county now belongs to a district that may not serve it), the helper's capacity
/// is below what it carried last year, its district's quota below its kept pairings, or, when the
/// pair could stay on its own, that keeping it would break a rule elsewhere (the plan keeps as many
/// units as the rules allow, at the `change` weight).
/// `then` says when the previous pairings were made, in the language (`last year`, or `in the
/// baseline` for a scenario against its baseline).
pub fn reason(
    instance: &Instance,
    graph: &PairingGraph,
    previous: &[crate::domain::Assignment],
    then: &str,
    plan: &Plan,
    recipient: RecipientId,
    helper: HelperId,
) -> String {
    pair_barred(instance, recipient, helper)
        .or_else(|| pair_ruled_out(instance, recipient, helper))
        .or_else(|| pair_remapped(instance, graph, recipient, helper))
        .or_else(|| capacity_fell(instance, previous, then, helper))
        .or_else(|| quota_fell(instance, previous, then, helper))
        .or_else(|| unit_minimum_first(instance, previous, then, helper))
        .or_else(|| all_given(instance, plan, recipient))
        .unwrap_or_else(|| tr!("drop-elsewhere", then = then))
}

/// Why the pair may not be made whatever else the plan does, if so: forbidden, the recipient's
/// places fixed to others, not a candidate, a helper that takes no one, a district without quota.
fn pair_barred(instance: &Instance, recipient: RecipientId, helper: HelperId) -> Option<String> {
    let h = &instance.helpers[helper.0];
    let r = &instance.recipients[recipient.0];
    if instance
        .forbidden_pairs()
        .is_some_and(|f| f.contains(&(recipient, helper)))
    {
        return Some(tr!("drop-forbidden"));
    }
    // Pairs fixed to other helpers (保留结对, a scenario's pins) that fill the recipient's places.
    let fixed_others: Vec<HelperId> = instance
        .fixed_pairs()
        .map(|fixed| {
            fixed
                .range((recipient, HelperId(0))..=(recipient, HelperId(usize::MAX)))
                .map(|&(_, other)| other)
                .filter(|&other| other != helper)
                .collect()
        })
        .unwrap_or_default();
    if let Some(&other) = fixed_others
        .first()
        .filter(|_| fixed_others.len() >= instance.coverage().1 as usize)
    {
        let other = &instance.helpers[other.0];
        return Some(tr!(
            "drop-fixed-elsewhere",
            recipient = &r.name,
            helper = &other.name,
            id = &other.id
        ));
    }
    if let Some(candidates) = instance.allowed_pairs() {
        if !candidates.contains_key(&(recipient, helper)) {
            return Some(tr!("drop-not-a-candidate"));
        }
    }
    if h.capacity == 0 {
        return Some(tr!("drop-no-capacity", helper = &h.name, id = &h.id));
    }
    if let (Some(district), Some(_)) = (h.district, instance.district_quotas()) {
        if instance.quota_of(district) == Some(0) {
            return Some(tr!(
                "drop-no-quota",
                district = &instance.districts[district.0].name
            ));
        }
    }
    None
}

/// Why a rule rules the pair out on its own, if one does.
fn pair_ruled_out(instance: &Instance, recipient: RecipientId, helper: HelperId) -> Option<String> {
    // Every rule that may rule the pair out on its own says so here; the others are judged in
    // pair_barred (forbidden, fixed, candidates, quotas) or by the loads after. No catch-all: a new
    // rule kind must decide whether it can drop a pairing.
    instance.rules.iter().find_map(|rule| match rule {
        Rule::NamedSenders { senders, .. } => senders
            .get(&recipient)
            .filter(|named| !named.contains(&helper))
            .map(|_| tr!("drop-not-a-named-sender")),
        Rule::PairsOf { program, pairs } => (!pairs.contains(&(recipient, helper)))
            .then(|| tr!("drop-not-followed", program = crate::i18n::program(program))),
        Rule::ForbiddenPairs { .. }
        | Rule::FixedPairs { .. }
        | Rule::AllowedPairs { .. }
        | Rule::DistrictQuota { .. } => None,
        Rule::Coverage { .. }
        | Rule::UnitMinimum { .. }
        | Rule::HelperCapacity
        | Rule::HelperPartners { .. }
        | Rule::RecipientUnits { .. }
        | Rule::RecipientDemand { .. }
        | Rule::MemberMinimum { .. }
        | Rule::TotalUnits { .. } => None,
    })
}

/// The recipient's county now belongs to a district whose helpers may not serve it, if the pair
/// has no arc for that.
fn pair_remapped(
    instance: &Instance,
    graph: &PairingGraph,
    recipient: RecipientId,
    helper: HelperId,
) -> Option<String> {
    if helpers_for(instance, graph, recipient).contains(&helper) {
        return None;
    }
    let county = instance.county_name(recipient);
    let paired = instance.recipients[recipient.0]
        .county
        .map(|c| {
            instance.districts[instance.counties[c.0].paired_district.0]
                .name
                .as_str()
        })
        .unwrap_or_default();
    Some(tr!(
        "drop-remapped",
        county = county,
        paired = paired,
        district = instance.district_name(helper)
    ))
}

/// The helper's capacity is now below what it carried last year, if a capacity rule holds it.
fn capacity_fell(
    instance: &Instance,
    previous: &[crate::domain::Assignment],
    then: &str,
    helper: HelperId,
) -> Option<String> {
    let h = &instance.helpers[helper.0];
    let load_before: Count = previous
        .iter()
        .filter(|a| a.helper == helper)
        .map(|a| a.units)
        .sum();
    (load_before > h.capacity && instance.has_capacity_rule()).then(|| {
        tr!(
            "drop-capacity-fell",
            helper = &h.name,
            id = &h.id,
            before = load_before,
            unit = crate::i18n::noun(&instance.program.unit_noun),
            capacity = h.capacity,
            then = then
        )
    })
}

/// The helper's district's quota is now below its pairings of last year.
fn quota_fell(
    instance: &Instance,
    previous: &[crate::domain::Assignment],
    then: &str,
    helper: HelperId,
) -> Option<String> {
    let district = instance.helpers[helper.0].district?;
    let quota = instance.quota_of(district)?;
    let kept_before: Count = previous
        .iter()
        .filter(|a| instance.helpers[a.helper.0].district == Some(district))
        .map(|a| a.units)
        .sum();
    (kept_before > quota).then(|| {
        tr!(
            "drop-quota-fell",
            district = &instance.districts[district.0].name,
            before = kept_before,
            quota = quota,
            excess = kept_before - quota,
            then = then
        )
    })
}

/// A unit of the helper's district (not the helper's own) whose minimum its pairings of last year
/// fell short of: the district's quota goes to that unit's helpers first.
fn unit_minimum_first(
    instance: &Instance,
    previous: &[crate::domain::Assignment],
    then: &str,
    helper: HelperId,
) -> Option<String> {
    let h = &instance.helpers[helper.0];
    let (district, minimums) = (h.district?, instance.unit_minimums()?);
    for (&unit, &minimum) in minimums {
        if instance.units[unit.0].district != district || h.unit == Some(unit) {
            continue;
        }
        let kept_before: Count = previous
            .iter()
            .filter(|a| instance.helpers[a.helper.0].unit == Some(unit))
            .map(|a| a.units)
            .sum();
        if kept_before < minimum {
            return Some(tr!(
                "drop-unit-minimum",
                unit = &instance.units[unit.0].name,
                minimum = minimum,
                before = kept_before,
                district = &instance.districts[district.0].name,
                then = then
            ));
        }
    }
    None
}

/// In an allotment, the recipient already receives all the units it may take.
fn all_given(instance: &Instance, plan: &Plan, recipient: RecipientId) -> Option<String> {
    let r = &instance.recipients[recipient.0];
    let now: Count = plan
        .assignments
        .iter()
        .filter(|a| a.recipient == recipient)
        .map(|a| a.units)
        .sum();
    let (_, most) = if instance.is_allotment() {
        instance.unit_bounds(recipient)
    } else {
        instance.coverage()
    };
    (now >= most && instance.is_allotment()).then(|| {
        tr!(
            "drop-all-given",
            recipient = &r.name,
            id = &r.id,
            most = most,
            unit = crate::i18n::noun(&instance.program.unit_noun)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pairing dropped because the seed names other senders, or because the program it follows
    /// no longer pairs it, says so — not that the county was remapped.
    #[test]
    fn a_drop_caused_by_named_senders_or_a_followed_plan_says_so() {
        let mut instance =
            crate::testkit::instance(&(vec![(0, 2, 0), (0, 2, 0)], vec![(0, 0, 0)], false, 0));
        let senders = [(RecipientId(0), [HelperId(0)].into_iter().collect())]
            .into_iter()
            .collect();
        instance.rules.insert(Rule::NamedSenders {
            senders,
            each_sends: Default::default(),
        });
        let graph = PairingGraph::build(&instance);
        let dropped = crate::domain::Assignment::pairing(RecipientId(0), HelperId(1));
        let plan = Plan::new(vec![crate::domain::Assignment::pairing(
            RecipientId(0),
            HelperId(0),
        )]);
        let why = reason(
            &instance,
            &graph,
            &[dropped],
            "last year",
            &plan,
            RecipientId(0),
            HelperId(1),
        );
        assert_eq!(why, tr!("drop-not-a-named-sender"));

        let mut follower =
            crate::testkit::instance(&(vec![(0, 2, 0), (0, 2, 0)], vec![(0, 0, 0)], false, 0));
        follower.rules.insert(Rule::PairsOf {
            program: "county-hospitals".into(),
            pairs: [(RecipientId(0), HelperId(0))].into_iter().collect(),
        });
        let graph = PairingGraph::build(&follower);
        let why = reason(
            &follower,
            &graph,
            &[dropped],
            "last year",
            &plan,
            RecipientId(0),
            HelperId(1),
        );
        assert_eq!(why, tr!("drop-not-followed", program = "county-hospitals"));
    }
}
