//! What-if scenarios: the edits of a scenario file applied to the validated baseline instances in
//! memory — never to their files, so that the 合计 rows are not re-checked and a quota set that
//! breaks the sum is planned and reported infeasible with the totals reason. Names are matched like
//! any input (an unknown one is an input problem at the edit's line, with the closest known name);
//! edits that contradict each other (a quota or capacity set twice, a pin on a removed helper, a pair
//! both pinned and banned) are input problems naming both lines.

use std::collections::BTreeMap;

use crate::domain::{Count, HelperId, Instance, RecipientId, Rule};
use crate::error::{InputErrors, InputProblem, Problems};
use crate::load::{EditSpec, ScenarioSpec};
use crate::validate::MAX_WEIGHT;

/// The baseline's programs as the scenario edits them: those it plans (its `programs`, else all).
pub fn apply(spec: &ScenarioSpec, baseline: &[Instance]) -> Result<Vec<Instance>, InputErrors> {
    // A program is named by its name in any case or by its title, here as everywhere.
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
    let spec = &spec;
    let mut problems = Problems::default();
    let at = |line: u64, key: &str, found: &str, expected: String| InputProblem {
        file: spec.file.clone(),
        line: Some(line),
        column: Some(key.to_string()),
        found: Some(found.to_string()),
        expected,
    };
    let known_programs: Vec<&str> = baseline.iter().map(|i| i.program.name.as_str()).collect();
    let hint = crate::text::did_you_mean;
    for name in spec.programs.iter().flatten() {
        if !known_programs.contains(&name.as_str()) {
            problems.push(InputProblem {
                file: spec.file.clone(),
                line: None,
                column: Some("programs".into()),
                found: Some(name.clone()),
                expected: crate::tr!(
                    "expected-program-list",
                    programs = known_programs.join(", "),
                    hint = hint(name, &known_programs)
                ),
            });
        }
    }
    let mut instances: Vec<Instance> = baseline
        .iter()
        .filter(|i| {
            spec.programs
                .as_ref()
                .is_none_or(|names| names.contains(&i.program.name))
        })
        .cloned()
        .collect();
    // What earlier edits set, for contradictions: (program, what) → line.
    let mut set_before: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut removed: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut pinned: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    let mut banned: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for (edit, &line) in spec
        .edits
        .iter()
        .map(toml::Spanned::get_ref)
        .zip(&spec.edit_lines)
    {
        if let Some(name) = edit.program() {
            if !known_programs.contains(&name) {
                problems.push(at(
                    line,
                    "program",
                    name,
                    crate::tr!("expected-program", hint = hint(name, &known_programs)),
                ));
                continue;
            }
        }
        let in_scope: Vec<usize> = (0..instances.len())
            .filter(|&i| {
                edit.program()
                    .is_none_or(|p| p == instances[i].program.name)
            })
            .collect();
        // New helpers belong to one program's table: which one must be said when several are planned.
        if matches!(edit, EditSpec::AddHelpers { program: None, .. }) && in_scope.len() > 1 {
            let names: Vec<&str> = in_scope
                .iter()
                .map(|&i| instances[i].program.name.as_str())
                .collect();
            problems.push(at(
                line,
                "program",
                "",
                crate::tr!("expected-helpers-program", programs = names.join(", ")),
            ));
            continue;
        }
        // Moving a quota from a district to itself moves nothing: a typo, not a scenario.
        if let EditSpec::MoveQuota { from, to, .. } = edit {
            if from == to {
                problems.push(at(
                    line,
                    "to",
                    to,
                    crate::tr!("expected-other-district", from = from),
                ));
                continue;
            }
        }
        let mut applied = false;
        let mut conflicted = false;
        let mut unknown: Option<InputProblem> = None;
        use EditError::{Conflict, Unknown};
        for &i in &in_scope {
            let instance = &mut instances[i];
            let program = instance.program.name.clone();
            let district_of = |instance: &Instance, key: &str, name: &str| {
                instance
                    .districts
                    .iter()
                    .position(|d| d.name == name)
                    .map(crate::domain::DistrictId)
                    .ok_or_else(|| {
                        let names: Vec<&str> =
                            instance.districts.iter().map(|d| d.name.as_str()).collect();
                        at(
                            line,
                            key,
                            name,
                            crate::tr!("expected-a-district", hint = hint(name, &names)),
                        )
                    })
            };
            let helper_of = |instance: &Instance, name: &str| {
                instance
                    .helpers
                    .iter()
                    .position(|h| h.id == name)
                    .map(HelperId)
                    .ok_or_else(|| {
                        let ids: Vec<&str> =
                            instance.helpers.iter().map(|h| h.id.as_str()).collect();
                        at(
                            line,
                            "helper",
                            name,
                            crate::tr!(
                                "expected-helper-id-of",
                                program = &program,
                                hint = hint(name, &ids)
                            ),
                        )
                    })
            };
            let result: Result<bool, EditError> = match edit {
                EditSpec::MoveQuota {
                    from, to, amount, ..
                } => {
                    match (
                        district_of(instance, "from", from).map_err(Unknown),
                        district_of(instance, "to", to).map_err(Unknown),
                    ) {
                        (Ok(f), Ok(t)) => match quotas_mut(instance) {
                            Some(quotas) => {
                                let held = quotas.get(&f).copied().unwrap_or(0);
                                if held < *amount {
                                    Err(Conflict(at(
                                        line,
                                        "amount",
                                        &amount.to_string(),
                                        crate::tr!(
                                            "expected-at-most-held",
                                            held = held,
                                            district = from,
                                            program = &program
                                        ),
                                    )))
                                } else {
                                    *quotas.entry(f).or_default() -= amount;
                                    *quotas.entry(t).or_default() += amount;
                                    Ok(true)
                                }
                            }
                            None => Ok(false),
                        },
                        (Err(e), _) | (_, Err(e)) => Err(e),
                    }
                }
                EditSpec::SetQuota {
                    district, quota, ..
                } => match district_of(instance, "district", district).map_err(Unknown) {
                    Ok(d) => match quotas_mut(instance) {
                        Some(quotas) => {
                            quotas.insert(d, *quota);
                            once(
                                &mut set_before,
                                (program.clone(), format!("quota of {district}")),
                                line,
                                &at,
                            )
                        }
                        None => Ok(false),
                    },
                    Err(e) => Err(e),
                },
                EditSpec::SetMinimum { unit, minimum, .. } => {
                    match instance.units.iter().position(|u| &u.name == unit) {
                        None => {
                            let names: Vec<&str> =
                                instance.units.iter().map(|u| u.name.as_str()).collect();
                            Err(Unknown(at(
                                line,
                                "unit",
                                unit,
                                crate::tr!("expected-a-city-unit", hint = hint(unit, &names)),
                            )))
                        }
                        Some(u) => match minimums_mut(instance) {
                            Some(minimums) => {
                                minimums.insert(crate::domain::UnitId(u), *minimum);
                                once(
                                    &mut set_before,
                                    (program.clone(), format!("minimum of {unit}")),
                                    line,
                                    &at,
                                )
                            }
                            None => Ok(false),
                        },
                    }
                }
                EditSpec::SetCapacity {
                    helper, capacity, ..
                } => match helper_of(instance, helper).map_err(Unknown) {
                    Ok(h) => {
                        instance.helpers[h.0].capacity = *capacity;
                        once(
                            &mut set_before,
                            (program.clone(), format!("capacity of {helper}")),
                            line,
                            &at,
                        )
                    }
                    Err(e) => Err(e),
                },
                EditSpec::RemoveHelpers {
                    ids,
                    unit,
                    district,
                    ..
                } => {
                    let mut hit = false;
                    let mut result = Ok(());
                    for id in ids {
                        match helper_of(instance, id) {
                            Ok(h) => {
                                instance.helpers[h.0].capacity = 0;
                                removed.insert((program.clone(), id.clone()), line);
                                hit = true;
                            }
                            Err(e) => result = Err(Unknown(e)),
                        }
                    }
                    if let Some(unit) = unit {
                        match instance.units.iter().position(|u| &u.name == unit) {
                            Some(u) => {
                                for h in instance
                                    .helpers
                                    .iter_mut()
                                    .filter(|h| h.unit.map(|x| x.0) == Some(u))
                                {
                                    h.capacity = 0;
                                    removed.insert((program.clone(), h.id.clone()), line);
                                    hit = true;
                                }
                            }
                            None => {
                                let names: Vec<&str> =
                                    instance.units.iter().map(|u| u.name.as_str()).collect();
                                result = Err(Unknown(at(
                                    line,
                                    "unit",
                                    unit,
                                    crate::tr!("expected-a-city-unit", hint = hint(unit, &names)),
                                )));
                            }
                        }
                    }
                    if let Some(name) = district {
                        match district_of(instance, "district", name) {
                            Ok(d) => {
                                for h in instance
                                    .helpers
                                    .iter_mut()
                                    .filter(|h| h.district == Some(d))
                                {
                                    h.capacity = 0;
                                    removed.insert((program.clone(), h.id.clone()), line);
                                    hit = true;
                                }
                            }
                            Err(e) => result = Err(Unknown(e)),
                        }
                    }
                    result.map(|()| hit)
                }
                EditSpec::AddHelpers { helpers, .. } => {
                    let mut result = Ok(!helpers.is_empty());
                    // Ids looked up in a map: a list of 100 000 new helpers is not 10¹⁰ comparisons.
                    let mut ids: std::collections::HashMap<String, usize> = instance
                        .helpers
                        .iter()
                        .enumerate()
                        .map(|(i, h)| (h.id.clone(), i))
                        .collect();
                    for new in helpers {
                        match new_helper(instance, &ids, new, &|key, found, expected| match &new
                            .written_at
                        {
                            Some((file, row)) => {
                                InputProblem::cell(file, *row, key, found, expected)
                            }
                            None => at(line, key, found, expected),
                        }) {
                            Ok(helper) => {
                                ids.insert(helper.id.clone(), instance.helpers.len());
                                instance.helpers.push(helper);
                            }
                            Err(e) => result = Err(e),
                        }
                    }
                    result
                }
                EditSpec::ReassignCounty { county, district } => {
                    match (
                        instance.counties.iter().position(|c| &c.name == county),
                        district_of(instance, "district", district).map_err(Unknown),
                    ) {
                        (Some(c), Ok(d)) => {
                            instance.counties[c].paired_district = d;
                            Ok(true)
                        }
                        (None, _) => {
                            let names: Vec<&str> =
                                instance.counties.iter().map(|c| c.name.as_str()).collect();
                            Err(Unknown(at(
                                line,
                                "county",
                                county,
                                crate::tr!("expected-a-county", hint = hint(county, &names)),
                            )))
                        }
                        (_, Err(e)) => Err(e),
                    }
                }
                EditSpec::Pin {
                    helper, recipient, ..
                }
                | EditSpec::Ban {
                    helper, recipient, ..
                } => {
                    let h = helper_of(instance, helper).map_err(Unknown);
                    let r = instance
                        .recipients
                        .iter()
                        .position(|r| &r.id == recipient)
                        .map(RecipientId);
                    match (h, r) {
                        (Ok(h), Some(r)) => {
                            let pin = matches!(edit, EditSpec::Pin { .. });
                            let key = (program.clone(), helper.clone(), recipient.clone());
                            let (mine, other) = if pin {
                                (&mut pinned, &banned)
                            } else {
                                (&mut banned, &pinned)
                            };
                            mine.insert(key.clone(), line);
                            if let Some(&first) = other.get(&key) {
                                Err(Conflict(at(
                                    line,
                                    "recipient",
                                    recipient,
                                    if pin {
                                        crate::tr!("expected-not-banned", first = first)
                                    } else {
                                        crate::tr!("expected-not-pinned", first = first)
                                    },
                                )))
                            } else {
                                add_pair(instance, pin, (r, h));
                                Ok(true)
                            }
                        }
                        (Err(e), _) => Err(e),
                        (_, None) => {
                            let ids: Vec<&str> =
                                instance.recipients.iter().map(|r| r.id.as_str()).collect();
                            Err(Unknown(at(
                                line,
                                "recipient",
                                recipient,
                                crate::tr!(
                                    "expected-recipient-id-of",
                                    program = &program,
                                    hint = hint(recipient, &ids)
                                ),
                            )))
                        }
                    }
                }
                EditSpec::Weights {
                    off_map,
                    trait_mismatch,
                    balance,
                    change,
                    ..
                } => {
                    let costs = &mut instance.costs;
                    let mut result = Ok(true);
                    for (key, value, slot) in [
                        ("trait_mismatch", trait_mismatch, &mut costs.trait_mismatch),
                        ("balance", balance, &mut costs.balance),
                        ("change", change, &mut costs.change),
                        ("off_map", off_map, costs.off_map.get_or_insert(0.0)),
                    ] {
                        match value {
                            Some(v) if (0.0..=MAX_WEIGHT).contains(v) => *slot = *v,
                            Some(v) => {
                                result = Err(Conflict(at(
                                    line,
                                    key,
                                    &v.to_string(),
                                    crate::tr!("expected-weight", max = MAX_WEIGHT),
                                )));
                            }
                            None => {}
                        }
                    }
                    // A model that forbids off-map pairings keeps forbidding them unless asked.
                    if off_map.is_none() && baseline_off_map(baseline, &program).is_none() {
                        costs.off_map = None;
                    }
                    result
                }
            };
            match result {
                Ok(hit) => applied |= hit,
                Err(Unknown(problem)) => {
                    unknown.get_or_insert(problem);
                }
                Err(Conflict(problem)) => {
                    conflicted = true;
                    problems.push(problem);
                }
            }
        }
        match (applied || conflicted, unknown) {
            // A name one program lacks may be another's (a helper id): only a name no program in
            // scope knows is an error — and then no one program's list is the one to suggest from.
            (false, Some(mut problem)) => {
                if in_scope.len() > 1 {
                    problem.expected =
                        crate::tr!("expected-known-to-a-program", count = in_scope.len());
                }
                problems.push(problem);
            }
            (false, None) => problems.push(at(
                line,
                "edit",
                edit_name(edit),
                crate::tr!("expected-edit-concerns"),
            )),
            _ => {}
        }
    }
    for ((program, helper, recipient), &line) in &pinned {
        if let Some(&removed_on) = removed.get(&(program.clone(), helper.clone())) {
            problems.push(at(
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
    for instance in &mut instances {
        sort_helpers(instance);
    }
    problems.into_result(instances)
}

/// `pairings` of `from` renumbered for `to`, by the ids of their helpers and recipients (a pairing
/// whose helper or recipient `to` lacks is left out).
pub fn carry_over(
    pairings: &[crate::domain::Assignment],
    from: &Instance,
    to: &Instance,
) -> Vec<crate::domain::Assignment> {
    let helpers: std::collections::HashMap<&str, usize> = to
        .helpers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.id.as_str(), i))
        .collect();
    let recipients: std::collections::HashMap<&str, usize> = to
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
    ids: &std::collections::HashMap<String, usize>,
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
    let unknown = |key: &str, name: &str, what: &str, known: Vec<&str>| {
        let hint = crate::text::did_you_mean(name, &known);
        EditError::Unknown(at(key, name, format!("{}{hint}", crate::tr!(what))))
    };
    let unit = match &new.unit {
        None => None,
        Some(name) => Some(
            instance
                .units
                .iter()
                .position(|u| &u.name == name)
                .map(crate::domain::UnitId)
                .ok_or_else(|| {
                    unknown(
                        "unit",
                        name,
                        "expected-a-city-unit-word",
                        instance.units.iter().map(|u| u.name.as_str()).collect(),
                    )
                })?,
        ),
    };
    let linked = unit.map(|u| instance.units[u.0].district);
    let district = match &new.district {
        None => linked,
        Some(name) => {
            let district = instance
                .districts
                .iter()
                .position(|d| &d.name == name)
                .map(crate::domain::DistrictId)
                .ok_or_else(|| {
                    unknown(
                        "district",
                        name,
                        "expected-a-district-word",
                        instance.districts.iter().map(|d| d.name.as_str()).collect(),
                    )
                })?;
            if let (Some(linked), Some(unit)) = (linked, unit) {
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
            Some(district)
        }
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
            Rule::NamedSenders { senders } => {
                for named in senders.values_mut() {
                    *named = std::mem::take(named).into_iter().map(renumber).collect();
                }
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

/// Records that `line` sets `what`; a second setting of the same thing is a contradiction.
fn once(
    set_before: &mut BTreeMap<(String, String), u64>,
    key: (String, String),
    line: u64,
    at: &impl Fn(u64, &str, &str, String) -> InputProblem,
) -> Result<bool, EditError> {
    match set_before.get(&key) {
        Some(&first) if first != line => Err(EditError::Conflict(at(
            line,
            "edit",
            &key.1,
            crate::tr!("expected-set-once", what = &key.1, first = first),
        ))),
        _ => {
            set_before.insert(key, line);
            Ok(true)
        }
    }
}

fn quotas_mut(instance: &mut Instance) -> Option<&mut BTreeMap<crate::domain::DistrictId, Count>> {
    instance.rules.iter_mut().find_map(|rule| match rule {
        Rule::DistrictQuota { quotas } => Some(quotas),
        _ => None,
    })
}

fn minimums_mut(instance: &mut Instance) -> Option<&mut BTreeMap<crate::domain::UnitId, Count>> {
    instance.rules.iter_mut().find_map(|rule| match rule {
        Rule::UnitMinimum { minimums } => Some(minimums),
        _ => None,
    })
}

/// Adds a pair to the program's fixed (`pin`) or forbidden pairs, making the rule if it has none.
fn add_pair(instance: &mut Instance, pin: bool, pair: (RecipientId, HelperId)) {
    for rule in instance.rules.iter_mut() {
        match (rule, pin) {
            (Rule::FixedPairs { pairs }, true) | (Rule::ForbiddenPairs { pairs }, false) => {
                pairs.insert(pair);
                return;
            }
            _ => {}
        }
    }
    let pairs = [pair].into_iter().collect();
    instance.rules.insert(if pin {
        Rule::FixedPairs { pairs }
    } else {
        Rule::ForbiddenPairs { pairs }
    });
}
