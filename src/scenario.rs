//! What-if scenarios: the edits of a scenario file applied to the validated baseline instances in
//! memory — never to their files, so that the 合计 rows are not re-checked and a quota set that
//! breaks the sum is planned and reported infeasible with the totals reason. Names are matched like
//! any input (an unknown one is an input problem at the edit's line, with the closest known name);
//! edits that contradict each other (a quota or capacity set twice, a pin on a removed helper, a pair
//! both pinned and banned) are input problems naming both lines.

use std::collections::BTreeMap;

use crate::domain::{Count, HelperId, Instance, RecipientId, Rule, RuleKind};
use crate::error::{InputErrors, InputProblem, Problems};
use crate::load::{EditSpec, ScenarioSpec};
use crate::text::did_you_mean;
use crate::validate::MAX_WEIGHT;

/// The baseline's programs as the scenario edits them: those it plans (its `programs`, else all).
pub fn apply(spec: &ScenarioSpec, baseline: &[Instance]) -> Result<Vec<Instance>, InputErrors> {
    let spec = &with_program_names(spec, baseline);
    let baseline = Baseline {
        programs: baseline,
        names: baseline.iter().map(|i| i.program.name.as_str()).collect(),
    };
    let mut problems = Problems::default();
    check_planned_programs(spec, &baseline, &mut problems);
    if !problems.is_empty() {
        // With a program list it does not know, every edit would also seem to concern nothing.
        return Err(problems.into_errors());
    }
    let mut instances: Vec<Instance> = baseline
        .programs
        .iter()
        .filter(|i| {
            spec.programs
                .as_ref()
                .is_none_or(|names| names.contains(&i.program.name))
        })
        .cloned()
        .collect();
    let mut earlier = EarlierEdits::default();
    for ((edit, &line), keys) in spec
        .edits
        .iter()
        .map(toml::Spanned::get_ref)
        .zip(&spec.edit_lines)
        .zip(&spec.key_lines)
    {
        let site = Site {
            file: &spec.file,
            line,
            keys,
        };
        apply_edit(
            edit,
            &site,
            &baseline,
            &mut instances,
            &mut earlier,
            &mut problems,
        );
    }
    earlier.report_pins_of_removed(&spec.file, &mut problems);
    for instance in &mut instances {
        sort_helpers(instance);
    }
    problems.into_result(instances)
}

/// The baseline's programs with their names, for the checks every edit goes through.
struct Baseline<'a> {
    programs: &'a [Instance],
    names: Vec<&'a str>,
}

/// Where an edit is written: a problem with one of its keys is reported at that key's line,
/// any other at the edit's `[[edits]]` line.
struct Site<'a> {
    file: &'a str,
    line: u64,
    /// The edit's keys and their lines.
    keys: &'a [(String, u64)],
}

impl Site<'_> {
    /// A problem with the edit's field `key`, which says `found`.
    fn problem(&self, key: &str, found: &str, expected: String) -> InputProblem {
        let line = self
            .keys
            .iter()
            .find(|(written, _)| written == key)
            .map_or(self.line, |&(_, line)| line);
        InputProblem::cell(self.file, line, key, found, expected)
    }

    /// The district an edit names in its field `key`, or the problem naming the closest one.
    fn district(
        &self,
        instance: &Instance,
        key: &str,
        name: &str,
    ) -> Result<crate::domain::DistrictId, InputProblem> {
        instance
            .districts
            .iter()
            .position(|d| d.name == name)
            .map(crate::domain::DistrictId)
            .ok_or_else(|| {
                let names: Vec<&str> = instance.districts.iter().map(|d| d.name.as_str()).collect();
                self.problem(
                    key,
                    name,
                    crate::tr!("expected-a-district", hint = did_you_mean(name, &names)),
                )
            })
    }

    /// The helper an edit names by id, or the problem naming the closest id of the program.
    fn helper(&self, instance: &Instance, id: &str) -> Result<HelperId, InputProblem> {
        instance
            .helpers
            .iter()
            .position(|h| h.id == id)
            .map(HelperId)
            .ok_or_else(|| {
                let ids: Vec<&str> = instance.helpers.iter().map(|h| h.id.as_str()).collect();
                self.problem(
                    "helper",
                    id,
                    crate::tr!(
                        "expected-helper-id-of",
                        program = &instance.program.name,
                        hint = did_you_mean(id, &ids)
                    ),
                )
            })
    }

    /// The recipient an edit names by id, or the problem naming the closest id of the program.
    fn recipient(&self, instance: &Instance, id: &str) -> Result<RecipientId, InputProblem> {
        instance
            .recipients
            .iter()
            .position(|r| r.id == id)
            .map(RecipientId)
            .ok_or_else(|| {
                let ids: Vec<&str> = instance.recipients.iter().map(|r| r.id.as_str()).collect();
                self.problem(
                    "recipient",
                    id,
                    crate::tr!(
                        "expected-recipient-id-of",
                        program = &instance.program.name,
                        hint = did_you_mean(id, &ids)
                    ),
                )
            })
    }

    /// The city unit an edit names (its index), or the problem naming the closest one.
    fn unit(&self, instance: &Instance, name: &str) -> Result<usize, InputProblem> {
        instance
            .units
            .iter()
            .position(|u| u.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = instance.units.iter().map(|u| u.name.as_str()).collect();
                self.problem(
                    "unit",
                    name,
                    crate::tr!("expected-a-city-unit", hint = did_you_mean(name, &names)),
                )
            })
    }
}

/// What earlier edits did, by program, each with its line: so that a later edit contradicting one
/// is reported naming both lines.
#[derive(Default)]
struct EarlierEdits {
    /// (program, what) → the line that set it (a quota, a minimum, a capacity).
    set: BTreeMap<(String, String), u64>,
    /// (program, helper) → the line that removed it.
    removed: BTreeMap<(String, String), u64>,
    /// (program, helper, recipient) → the line that pinned the pair.
    pinned: BTreeMap<(String, String, String), u64>,
    /// (program, helper, recipient) → the line that banned the pair.
    banned: BTreeMap<(String, String, String), u64>,
}

impl EarlierEdits {
    /// Records that the edit at `site` sets `what` of `program`: setting the same thing on another
    /// line too is a contradiction.
    fn set_once(&mut self, site: &Site, program: &str, what: String) -> Result<bool, EditError> {
        let key = (program.to_string(), what);
        match self.set.get(&key) {
            Some(&first) if first != site.line => Err(EditError::Conflict(site.problem(
                "edit",
                &key.1,
                crate::tr!("expected-set-once", what = &key.1, first = first),
            ))),
            _ => {
                self.set.insert(key, site.line);
                Ok(true)
            }
        }
    }

    /// Reports each pin of a helper some edit removed: the pair could never be planned.
    fn report_pins_of_removed(&self, file: &str, problems: &mut Problems) {
        for ((program, helper, recipient), &line) in &self.pinned {
            if let Some(&removed_on) = self.removed.get(&(program.clone(), helper.clone())) {
                problems.push(InputProblem::cell(
                    file,
                    line,
                    "helper",
                    helper,
                    crate::tr!(
                        "expected-not-removed",
                        removed = removed_on,
                        recipient = recipient
                    ),
                ));
            }
        }
    }
}

/// The scenario with every program it names written as the program's name (a program is named by
/// its name in any case or by its title, here as everywhere), so that names compare with `==`.
fn with_program_names(spec: &ScenarioSpec, baseline: &[Instance]) -> ScenarioSpec {
    let names: Vec<crate::validate::ledger::ProgramName> = baseline
        .iter()
        .map(|i| crate::validate::ledger::ProgramName {
            name: i.program.name.clone(),
            title: i.program.title.clone(),
        })
        .collect();
    let canonical = |written: &mut String| {
        if let Some(name) = crate::validate::ledger::program_named(written, &names) {
            *written = name.to_string();
        }
    };
    let mut spec = spec.clone();
    spec.programs.iter_mut().flatten().for_each(canonical);
    for edit in &mut spec.edits {
        if let Some(program) = edit.get_mut().program_mut() {
            canonical(program);
        }
    }
    spec
}

/// Reports each program of the scenario's `programs` list that the baseline does not have, at the
/// list's line, with the closest name or title (a program is written either way).
fn check_planned_programs(spec: &ScenarioSpec, baseline: &Baseline, problems: &mut Problems) {
    let written_as: Vec<&str> = baseline
        .programs
        .iter()
        .flat_map(|i| [i.program.name.as_str(), i.program.title.as_str()])
        .collect();
    for name in spec.programs.iter().flatten() {
        if !baseline.names.contains(&name.as_str()) {
            problems.push(InputProblem {
                file: spec.file.clone(),
                line: spec.programs_line,
                column: Some("programs".into()),
                found: Some(name.clone()),
                expected: crate::tr!(
                    "expected-program-list",
                    programs = baseline.names.join(crate::i18n::list_separator()),
                    hint = did_you_mean(name, &written_as)
                ),
            });
        }
    }
}

/// Applies one edit to every planned program it concerns. A name one program lacks may be
/// another's (a helper id): only a name no program in scope knows is a problem.
fn apply_edit(
    edit: &EditSpec,
    site: &Site,
    baseline: &Baseline,
    instances: &mut [Instance],
    earlier: &mut EarlierEdits,
    problems: &mut Problems,
) {
    if let Some(name) = edit.program() {
        if !baseline.names.contains(&name) {
            problems.push(site.problem(
                "program",
                name,
                crate::tr!(
                    "expected-program",
                    hint = did_you_mean(name, &baseline.names)
                ),
            ));
            return;
        }
    }
    let in_scope: Vec<usize> = (0..instances.len())
        .filter(|&i| {
            edit.program()
                .is_none_or(|p| p == instances[i].program.name)
        })
        .collect();
    if let Some(problem) = refused_as_written(edit, site, instances, &in_scope) {
        problems.push(problem);
        return;
    }
    let mut applied = false;
    let mut conflicted = false;
    let mut unknown: Option<InputProblem> = None;
    for &i in &in_scope {
        match edit_program(edit, &mut instances[i], site, earlier, baseline.programs) {
            Ok(hit) => applied |= hit,
            Err(EditError::Unknown(problem)) => {
                unknown.get_or_insert(problem);
            }
            Err(EditError::Conflict(problem)) => {
                conflicted = true;
                problems.push(problem);
            }
        }
    }
    if !(applied || conflicted) {
        problems.push(not_applied(edit, site, in_scope.len(), unknown));
    }
}

/// The problem with an edit that is wrong whatever the programs hold, if it is.
fn refused_as_written(
    edit: &EditSpec,
    site: &Site,
    instances: &[Instance],
    in_scope: &[usize],
) -> Option<InputProblem> {
    // New helpers belong to one program's table: which one must be said when several are planned.
    if matches!(edit, EditSpec::AddHelpers { program: None, .. }) && in_scope.len() > 1 {
        let names: Vec<&str> = in_scope
            .iter()
            .map(|&i| instances[i].program.name.as_str())
            .collect();
        return Some(site.problem(
            "program",
            "",
            crate::tr!("expected-helpers-program", programs = names.join(", ")),
        ));
    }
    // Moving a quota from a district to itself moves nothing: a typo, not a scenario.
    if let EditSpec::MoveQuota { from, to, .. } = edit {
        if from == to {
            return Some(site.problem(
                "to",
                to,
                crate::tr!("expected-other-district", from = from),
            ));
        }
    }
    None
}

/// The problem with an edit that changed no program in scope and contradicted none: the name no
/// program knows, else that it concerns nothing.
fn not_applied(
    edit: &EditSpec,
    site: &Site,
    in_scope: usize,
    unknown: Option<InputProblem>,
) -> InputProblem {
    match unknown {
        // No one program's list is then the one to suggest from.
        Some(mut problem) => {
            if in_scope > 1 {
                problem.expected = crate::tr!("expected-known-to-a-program", count = in_scope);
            }
            problem
        }
        None => site.problem(
            "edit",
            edit_name(edit),
            crate::tr!("expected-edit-concerns"),
        ),
    }
}

/// Applies an edit to one program: whether it changed anything, or why it could not.
fn edit_program(
    edit: &EditSpec,
    instance: &mut Instance,
    site: &Site,
    earlier: &mut EarlierEdits,
    baseline: &[Instance],
) -> Result<bool, EditError> {
    match edit {
        EditSpec::MoveQuota {
            from, to, amount, ..
        } => move_quota(instance, site, (from, to), *amount),
        EditSpec::SetQuota {
            district, quota, ..
        } => set_quota(instance, site, earlier, district, *quota),
        EditSpec::SetMinimum { unit, minimum, .. } => {
            set_minimum(instance, site, earlier, unit, *minimum)
        }
        EditSpec::SetCapacity {
            helper, capacity, ..
        } => set_capacity(instance, site, earlier, helper, *capacity),
        EditSpec::RemoveHelpers {
            ids,
            unit,
            district,
            ..
        } => {
            let which = HelpersToRemove {
                ids,
                unit: unit.as_deref(),
                district: district.as_deref(),
            };
            remove_helpers(instance, site, earlier, &which)
        }
        EditSpec::AddHelpers { helpers, .. } => add_helpers(instance, site, helpers),
        EditSpec::ReassignCounty { county, district } => {
            reassign_county(instance, site, county, district)
        }
        EditSpec::Pin {
            helper, recipient, ..
        } => pin_or_ban(instance, site, earlier, PairEdit::Pin, (helper, recipient)),
        EditSpec::Ban {
            helper, recipient, ..
        } => pin_or_ban(instance, site, earlier, PairEdit::Ban, (helper, recipient)),
        EditSpec::Weights {
            off_map,
            trait_mismatch,
            balance,
            change,
            ..
        } => {
            let weights = NewWeights {
                off_map: *off_map,
                trait_mismatch: *trait_mismatch,
                balance: *balance,
                change: *change,
            };
            set_weights(instance, site, &weights, baseline)
        }
    }
}

/// `move_quota` on one program: the total stays, so the giving district must hold the amount.
fn move_quota(
    instance: &mut Instance,
    site: &Site,
    (from, to): (&str, &str),
    amount: Count,
) -> Result<bool, EditError> {
    let (f, t) = match (
        site.district(instance, "from", from),
        site.district(instance, "to", to),
    ) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(e), _) | (_, Err(e)) => return Err(EditError::Unknown(e)),
    };
    let program = instance.program.name.clone();
    let Some(quotas) = quotas_mut(instance) else {
        return Ok(false);
    };
    let held = quotas.get(&f).copied().unwrap_or(0);
    if held < amount {
        return Err(EditError::Conflict(site.problem(
            "amount",
            &amount.to_string(),
            crate::tr!(
                "expected-at-most-held",
                held = held,
                district = from,
                program = &program
            ),
        )));
    }
    *quotas.entry(f).or_default() -= amount;
    *quotas.entry(t).or_default() += amount;
    Ok(true)
}

/// `set_quota` on one program (a program without quotas is not concerned).
fn set_quota(
    instance: &mut Instance,
    site: &Site,
    earlier: &mut EarlierEdits,
    district: &str,
    quota: Count,
) -> Result<bool, EditError> {
    let d = site
        .district(instance, "district", district)
        .map_err(EditError::Unknown)?;
    let program = instance.program.name.clone();
    match quotas_mut(instance) {
        Some(quotas) => {
            quotas.insert(d, quota);
            earlier.set_once(site, &program, format!("quota of {district}"))
        }
        None => Ok(false),
    }
}

/// `set_minimum` on one program (a program without unit minimums is not concerned).
fn set_minimum(
    instance: &mut Instance,
    site: &Site,
    earlier: &mut EarlierEdits,
    unit: &str,
    minimum: Count,
) -> Result<bool, EditError> {
    let u = site.unit(instance, unit).map_err(EditError::Unknown)?;
    let program = instance.program.name.clone();
    match minimums_mut(instance) {
        Some(minimums) => {
            minimums.insert(crate::domain::UnitId(u), minimum);
            earlier.set_once(site, &program, format!("minimum of {unit}"))
        }
        None => Ok(false),
    }
}

/// `set_capacity` on one program's helper.
fn set_capacity(
    instance: &mut Instance,
    site: &Site,
    earlier: &mut EarlierEdits,
    helper: &str,
    capacity: Count,
) -> Result<bool, EditError> {
    let h = site.helper(instance, helper).map_err(EditError::Unknown)?;
    instance.helpers[h.0].capacity = capacity;
    let program = instance.program.name.clone();
    earlier.set_once(site, &program, format!("capacity of {helper}"))
}

/// The helpers a `remove_helpers` edit names: by id, by the unit that mobilised them, by district.
struct HelpersToRemove<'a> {
    ids: &'a [String],
    unit: Option<&'a str>,
    district: Option<&'a str>,
}

/// `remove_helpers` on one program: a removed helper stays in the table but takes no one, and is
/// recorded so that a pin on it is a contradiction.
fn remove_helpers(
    instance: &mut Instance,
    site: &Site,
    earlier: &mut EarlierEdits,
    which: &HelpersToRemove,
) -> Result<bool, EditError> {
    let mut removed: Vec<usize> = Vec::new();
    let mut result = Ok(());
    for id in which.ids {
        match site.helper(instance, id) {
            Ok(h) => removed.push(h.0),
            Err(e) => result = Err(EditError::Unknown(e)),
        }
    }
    if let Some(unit) = which.unit {
        match site.unit(instance, unit) {
            Ok(u) => removed.extend(helpers_where(instance, |h| h.unit.map(|x| x.0) == Some(u))),
            Err(e) => result = Err(EditError::Unknown(e)),
        }
    }
    if let Some(name) = which.district {
        match site.district(instance, "district", name) {
            Ok(d) => removed.extend(helpers_where(instance, |h| h.district == Some(d))),
            Err(e) => result = Err(EditError::Unknown(e)),
        }
    }
    for &h in &removed {
        let helper = &mut instance.helpers[h];
        helper.capacity = 0;
        earlier.removed.insert(
            (instance.program.name.clone(), helper.id.clone()),
            site.line,
        );
    }
    result.map(|()| !removed.is_empty())
}

/// The indices of the program's helpers that `keep` selects.
fn helpers_where(instance: &Instance, keep: impl Fn(&crate::domain::Helper) -> bool) -> Vec<usize> {
    instance
        .helpers
        .iter()
        .enumerate()
        .filter(|(_, h)| keep(h))
        .map(|(i, _)| i)
        .collect()
}

/// `add_helpers` on one program: each new helper, its names resolved, joins the helper table; a
/// helper read from a CSV is located at its row there.
fn add_helpers(
    instance: &mut Instance,
    site: &Site,
    helpers: &[crate::load::NewHelper],
) -> Result<bool, EditError> {
    let mut result = Ok(!helpers.is_empty());
    // Ids looked up in a map: a list of 100 000 new helpers is not 10¹⁰ comparisons.
    let mut ids: crate::domain::FastMap<String, usize> = instance
        .helpers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.id.clone(), i))
        .collect();
    for new in helpers {
        let at = |key: &str, found: &str, expected: String| match &new.written_at {
            Some((file, row)) => InputProblem::cell(file, *row, key, found, expected),
            None => site.problem(key, found, expected),
        };
        match new_helper(instance, &ids, new, &at) {
            Ok(helper) => {
                ids.insert(helper.id.clone(), instance.helpers.len());
                instance.helpers.push(helper);
            }
            Err(e) => result = Err(e),
        }
    }
    result
}

/// `reassign_county` on one program: the county is paired with another district of the map.
fn reassign_county(
    instance: &mut Instance,
    site: &Site,
    county: &str,
    district: &str,
) -> Result<bool, EditError> {
    match (
        instance.counties.iter().position(|c| c.name == county),
        site.district(instance, "district", district),
    ) {
        (Some(c), Ok(d)) => {
            instance.counties[c].paired_district = d;
            Ok(true)
        }
        (None, _) => {
            let names: Vec<&str> = instance.counties.iter().map(|c| c.name.as_str()).collect();
            Err(EditError::Unknown(site.problem(
                "county",
                county,
                crate::tr!("expected-a-county", hint = did_you_mean(county, &names)),
            )))
        }
        (_, Err(e)) => Err(EditError::Unknown(e)),
    }
}

/// Whether an edit of a pair keeps it in every plan or forbids it.
#[derive(Clone, Copy, PartialEq)]
enum PairEdit {
    Pin,
    Ban,
}

/// `pin` or `ban` on one program: the pair joins its fixed or forbidden pairs, unless an earlier
/// edit did the opposite to it.
fn pin_or_ban(
    instance: &mut Instance,
    site: &Site,
    earlier: &mut EarlierEdits,
    kind: PairEdit,
    (helper, recipient): (&str, &str),
) -> Result<bool, EditError> {
    let (h, r) = match (
        site.helper(instance, helper),
        site.recipient(instance, recipient),
    ) {
        (Ok(h), Ok(r)) => (h, r),
        (Err(e), _) | (_, Err(e)) => return Err(EditError::Unknown(e)),
    };
    let pin = kind == PairEdit::Pin;
    let key = (
        instance.program.name.clone(),
        helper.to_string(),
        recipient.to_string(),
    );
    let (mine, other) = if pin {
        (&mut earlier.pinned, &earlier.banned)
    } else {
        (&mut earlier.banned, &earlier.pinned)
    };
    mine.insert(key.clone(), site.line);
    if let Some(&first) = other.get(&key) {
        return Err(EditError::Conflict(site.problem(
            "recipient",
            recipient,
            if pin {
                crate::tr!("expected-not-banned", first = first)
            } else {
                crate::tr!("expected-not-pinned", first = first)
            },
        )));
    }
    add_pair(instance, pin, (r, h));
    Ok(true)
}

/// A `weights` edit's values, each `None` where the program's weight stays.
struct NewWeights {
    off_map: Option<f64>,
    trait_mismatch: Option<f64>,
    balance: Option<f64>,
    change: Option<f64>,
}

/// `weights` on one program: each weight given replaces the program's, if within bounds.
fn set_weights(
    instance: &mut Instance,
    site: &Site,
    weights: &NewWeights,
    baseline: &[Instance],
) -> Result<bool, EditError> {
    let costs = &mut instance.costs;
    let mut result = Ok(true);
    for (key, value, slot) in [
        (
            "trait_mismatch",
            weights.trait_mismatch,
            &mut costs.trait_mismatch,
        ),
        ("balance", weights.balance, &mut costs.balance),
        ("change", weights.change, &mut costs.change),
        ("off_map", weights.off_map, costs.off_map.get_or_insert(0.0)),
    ] {
        match value {
            Some(v) if (0.0..=MAX_WEIGHT).contains(&v) => *slot = v,
            Some(v) => {
                result = Err(EditError::Conflict(site.problem(
                    key,
                    &v.to_string(),
                    crate::tr!("expected-weight", max = MAX_WEIGHT),
                )));
            }
            None => {}
        }
    }
    // A model that forbids off-map pairings keeps forbidding them unless asked.
    if weights.off_map.is_none() && baseline_off_map(baseline, &instance.program.name).is_none() {
        costs.off_map = None;
    }
    result
}

/// `pairings` of `from` renumbered for `to`, by the ids of their helpers and recipients (a pairing
/// whose helper or recipient `to` lacks is left out).
pub fn carry_over(
    pairings: &[crate::domain::Assignment],
    from: &Instance,
    to: &Instance,
) -> Vec<crate::domain::Assignment> {
    let helpers: crate::domain::FastMap<&str, usize> = to
        .helpers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.id.as_str(), i))
        .collect();
    let recipients: crate::domain::FastMap<&str, usize> = to
        .recipients
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut carried: Vec<crate::domain::Assignment> = pairings
        .iter()
        .filter_map(|a| {
            Some(crate::domain::Assignment {
                recipient: RecipientId(
                    *recipients.get(from.recipients[a.recipient.0].id.as_str())?,
                ),
                helper: HelperId(*helpers.get(from.helpers[a.helper.0].id.as_str())?),
                units: a.units,
            })
        })
        .collect();
    carried.sort();
    carried
}

/// A helper an `add_helpers` edit adds to `instance`, its names resolved; `at` locates a problem.
fn new_helper(
    instance: &Instance,
    ids: &crate::domain::FastMap<String, usize>,
    new: &crate::load::NewHelper,
    at: &dyn Fn(&str, &str, String) -> InputProblem,
) -> Result<crate::domain::Helper, EditError> {
    let program = &instance.program.name;
    if let Some(existing) = ids.get(&new.id).map(|&i| &instance.helpers[i]) {
        return Err(EditError::Conflict(at(
            "id",
            &new.id,
            crate::tr!(
                "expected-new-id",
                program = program,
                id = &existing.id,
                name = &existing.name
            ),
        )));
    }
    let unit = match &new.unit {
        None => None,
        Some(name) => Some(
            instance
                .units
                .iter()
                .position(|u| &u.name == name)
                .map(crate::domain::UnitId)
                .ok_or_else(|| {
                    unknown_name(
                        at,
                        ("unit", name),
                        crate::msg_key!("expected-a-city-unit-word"),
                        instance.units.iter().map(|u| u.name.as_str()).collect(),
                    )
                })?,
        ),
    };
    let district = match &new.district {
        None => unit.map(|u| instance.units[u.0].district),
        Some(name) => Some(new_helper_district(instance, name, unit, at)?),
    };
    Ok(crate::domain::Helper {
        id: new.id.clone(),
        name: new.name.clone().unwrap_or_else(|| new.id.clone()),
        district,
        unit,
        capacity: new.capacity,
        skills: new.skills.iter().cloned().collect(),
    })
}

/// The district a new helper names: it must be its unit's, when it names a unit too, for its
/// pairings count toward both.
fn new_helper_district(
    instance: &Instance,
    name: &str,
    unit: Option<crate::domain::UnitId>,
    at: &dyn Fn(&str, &str, String) -> InputProblem,
) -> Result<crate::domain::DistrictId, EditError> {
    let district = instance
        .districts
        .iter()
        .position(|d| d.name == name)
        .map(crate::domain::DistrictId)
        .ok_or_else(|| {
            unknown_name(
                at,
                ("district", name),
                crate::msg_key!("expected-a-district-word"),
                instance.districts.iter().map(|d| d.name.as_str()).collect(),
            )
        })?;
    if let Some(unit) = unit {
        let linked = instance.units[unit.0].district;
        if linked != district {
            return Err(EditError::Conflict(at(
                "district",
                name,
                crate::tr!(
                    "expected-linked-district",
                    unit = &instance.units[unit.0].name,
                    district = &instance.districts[linked.0].name
                ),
            )));
        }
    }
    Ok(district)
}

/// A name a new helper gives (in its field `key`) that the program lacks, with the closest known.
fn unknown_name(
    at: &dyn Fn(&str, &str, String) -> InputProblem,
    (key, name): (&str, &str),
    what: &str,
    known: Vec<&str>,
) -> EditError {
    let hint = did_you_mean(name, &known);
    EditError::Unknown(at(key, name, format!("{}{hint}", crate::tr!(what))))
}

/// Restores the helpers' order by id after helpers were added, renumbering every pair that names
/// one (pinned, banned, candidate pairs, last year's pairings).
fn sort_helpers(instance: &mut Instance) {
    if instance.helpers.is_sorted_by(|a, b| a.id <= b.id) {
        return;
    }
    let mut order: Vec<usize> = (0..instance.helpers.len()).collect();
    order.sort_by(|&a, &b| instance.helpers[a].id.cmp(&instance.helpers[b].id));
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let renumber = |h: HelperId| HelperId(new_index[h.0]);
    let helpers = std::mem::take(&mut instance.helpers);
    let mut slots: Vec<Option<crate::domain::Helper>> = helpers.into_iter().map(Some).collect();
    instance.helpers = order.iter().filter_map(|&old| slots[old].take()).collect();
    for rule in instance.rules.iter_mut() {
        match rule {
            Rule::AllowedPairs { costs } => {
                *costs = std::mem::take(costs)
                    .into_iter()
                    .map(|((r, h), cost)| ((r, renumber(h)), cost))
                    .collect();
            }
            Rule::ForbiddenPairs { pairs }
            | Rule::FixedPairs { pairs }
            | Rule::PairsOf { pairs, .. } => {
                *pairs = std::mem::take(pairs)
                    .into_iter()
                    .map(|(r, h)| (r, renumber(h)))
                    .collect();
            }
            Rule::NamedSenders {
                senders,
                each_sends,
            } => {
                for named in senders.values_mut() {
                    *named = std::mem::take(named).into_iter().map(renumber).collect();
                }
                *each_sends = std::mem::take(each_sends)
                    .into_iter()
                    .map(|(recipient, helper)| (recipient, renumber(helper)))
                    .collect();
            }
            // These name no helper by its index: nothing to renumber. Listed, so that a new rule
            // kind is decided here too.
            Rule::Coverage { .. }
            | Rule::DistrictQuota { .. }
            | Rule::UnitMinimum { .. }
            | Rule::HelperCapacity
            | Rule::HelperPartners { .. }
            | Rule::RecipientUnits { .. }
            | Rule::RecipientDemand { .. }
            | Rule::MemberMinimum { .. }
            | Rule::TotalUnits { .. } => {}
        }
    }
    for assignment in &mut instance.previous {
        assignment.helper = renumber(assignment.helper);
    }
    instance.previous.sort();
}

/// Why an edit failed on one program: a name that program lacks (another in scope may have it), or
/// a contradiction (reported at once).
enum EditError {
    Unknown(InputProblem),
    Conflict(InputProblem),
}

/// The baseline's off-map weight of a program (`None`: off-map pairings forbidden).
fn baseline_off_map(baseline: &[Instance], program: &str) -> Option<f64> {
    baseline
        .iter()
        .find(|i| i.program.name == program)
        .and_then(|i| i.costs.off_map)
}

/// The edit's name as written.
fn edit_name(edit: &EditSpec) -> &'static str {
    match edit {
        EditSpec::MoveQuota { .. } => "move_quota",
        EditSpec::SetQuota { .. } => "set_quota",
        EditSpec::SetMinimum { .. } => "set_minimum",
        EditSpec::SetCapacity { .. } => "set_capacity",
        EditSpec::RemoveHelpers { .. } => "remove_helpers",
        EditSpec::AddHelpers { .. } => "add_helpers",
        EditSpec::ReassignCounty { .. } => "reassign_county",
        EditSpec::Pin { .. } => "pin",
        EditSpec::Ban { .. } => "ban",
        EditSpec::Weights { .. } => "weights",
    }
}

/// The program's district quotas, to edit.
fn quotas_mut(instance: &mut Instance) -> Option<&mut BTreeMap<crate::domain::DistrictId, Count>> {
    let Some(Rule::DistrictQuota { quotas }) = instance.rules.get_mut(RuleKind::DistrictQuota)
    else {
        return None;
    };
    Some(quotas)
}

/// The program's unit minimums, to edit.
fn minimums_mut(instance: &mut Instance) -> Option<&mut BTreeMap<crate::domain::UnitId, Count>> {
    let Some(Rule::UnitMinimum { minimums }) = instance.rules.get_mut(RuleKind::UnitMinimum) else {
        return None;
    };
    Some(minimums)
}

/// Adds a pair to the program's fixed (`pin`) or forbidden pairs, making the rule if it has none.
fn add_pair(instance: &mut Instance, pin: bool, pair: (RecipientId, HelperId)) {
    let kind = if pin {
        RuleKind::FixedPairs
    } else {
        RuleKind::ForbiddenPairs
    };
    if let Some(Rule::FixedPairs { pairs } | Rule::ForbiddenPairs { pairs }) =
        instance.rules.get_mut(kind)
    {
        pairs.insert(pair);
        return;
    }
    let pairs = [pair].into_iter().collect();
    instance.rules.insert(if pin {
        Rule::FixedPairs { pairs }
    } else {
        Rule::ForbiddenPairs { pairs }
    });
}
