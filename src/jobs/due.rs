//! The due job (`pairplan due`): what falls due around a day and who answers for it — the plans'
//! dated tasks and reporting cycles (the calendar table), every target table's deadline and
//! milestones for each subject, and the programs' own deadlines — overdue, due within a window, or
//! done (a target met in the actual figures), by owner, each with its clause.

use std::path::Path;

use jiff::civil::Date;

use super::Failure;
use crate::calendar::{answers_for, DueLine, DueList, DueStatus, Task};
use crate::targets::{Standing, TargetTable};

/// What a planner asks `due` for.
#[derive(Debug, Clone)]
pub struct DueRequest<'a> {
    /// The day to look from.
    pub as_of: Date,
    /// How many days ahead count as due.
    pub within_days: i64,
    /// Only what this district or unit answers for.
    pub owner: Option<&'a str>,
    /// Actual figures: a target met there is done.
    pub actuals: Option<&'a Path>,
}

/// What falls due around `request.as_of`, for the owner asked for.
pub fn due(inputs: &mut super::Inputs, request: &DueRequest) -> Result<DueList, Failure> {
    let until = request
        .as_of
        .checked_add(jiff::Span::new().days(request.within_days))
        .unwrap_or(Date::MAX);
    let tasks = crate::calendar::read_calendar(&inputs.data, &inputs.dataset)?;
    let tables = crate::targets::read_targets(&inputs.data, &inputs.dataset)?;
    let standings = match request.actuals {
        Some(path) => {
            let file = super::inputs::table_at(path)?;
            let as_of = request.as_of.to_string();
            crate::targets::audit_actuals(&tables, &file, Some(&as_of), &[])?.0
        }
        None => Vec::new(),
    };
    let instances = inputs.instances();
    std::mem::take(&mut inputs.problems).into_result(())?;
    let mut lines: Vec<DueLine> = tasks
        .iter()
        .filter_map(|task| task_line(task, request.as_of, until))
        .collect();
    for table in &tables {
        lines.extend(target_lines(table, &standings, request.as_of, until));
    }
    // Each district of the map answers for its pairings being in place; a city unit, not.
    let is_district = |name: &str| inputs.dataset.districts.iter().any(|d| d.name == name);
    let owner = request.owner.map(str::trim);
    let mut notes = Vec::new();
    if let Some(owner) = owner {
        let district = is_district(owner);
        let known = district
            || inputs.dataset.units.iter().any(|u| u.name == owner)
            || tasks.iter().any(|t| t.owner.contains(owner))
            || lines.iter().any(|l| l.owner.contains(owner));
        if !known {
            notes.push(crate::tr!("due-owner-unknown", owner = owner));
        }
        lines.retain(|line| answers_for(&line.owner, owner, district));
    }
    let pairings_owned = owner.is_none_or(is_district);
    if pairings_owned {
        lines.extend(program_lines(&instances, request.as_of, until));
    }
    // The owner's own items first, then what it shares with every district or unit.
    let shared = |line: &DueLine| owner.is_some_and(|o| !line.owner.contains(o));
    lines.sort_by(|a, b| {
        (shared(a), &a.owner, a.due, a.status, &a.id).cmp(&(
            shared(b),
            &b.owner,
            b.due,
            b.status,
            &b.id,
        ))
    });
    Ok(DueList {
        as_of: request.as_of,
        until,
        owner: owner.map(String::from),
        notes,
        lines,
    })
}

/// Each program's deadline (附件9's 6月底前), owned by the districts of the map.
fn program_lines(instances: &[crate::domain::Instance], as_of: Date, until: Date) -> Vec<DueLine> {
    instances
        .iter()
        .filter_map(|instance| {
            let due = instance
                .program
                .due
                .as_deref()
                .and_then(crate::text::date)?;
            let status = status_of(due, as_of, until, false)?;
            Some(DueLine {
                owner: crate::tr!("due-owner-pairing-districts"),
                due,
                status,
                what: crate::tr!("due-program", title = instance.program.title.as_str()),
                repeats: None,
                clause: instance.program.source.clone(),
                reading: String::new(),
                id: instance.program.name.clone(),
            })
        })
        .collect()
}

/// Where an item due on `due` stands on `as_of`: overdue before it, due up to `until`, done when
/// reported so; `None` when it is not due yet within the window.
fn status_of(due: Date, as_of: Date, until: Date, done: bool) -> Option<DueStatus> {
    if done && due <= until {
        return Some(DueStatus::Done);
    }
    if due < as_of {
        Some(DueStatus::Overdue)
    } else if due <= until {
        Some(DueStatus::Due)
    } else {
        None
    }
}

/// A calendar task's line: a cycle's next date within the window (a cycle is never overdue: the
/// next round is what is due), a dated task overdue or due.
fn task_line(task: &Task, as_of: Date, until: Date) -> Option<DueLine> {
    let (due, status) = match (task.repeats, task.due) {
        (Some(repeats), _) => {
            let next = repeats.next(as_of, task.due.map(|d| d.day()));
            (next, (next <= until).then_some(DueStatus::Due)?)
        }
        (None, Some(due)) => (due, status_of(due, as_of, until, false)?),
        (None, None) => return None,
    };
    Some(DueLine {
        owner: task.owner.clone(),
        due,
        status,
        what: task.title.clone(),
        repeats: task.repeats,
        clause: task.clause.clone(),
        reading: task.reading.clone(),
        id: task.id.clone(),
    })
}

/// A target table's lines: each requirement's deadline, and each interim milestone, for the
/// subject that answers for it; done where the actual figures meet it.
fn target_lines(
    table: &TargetTable,
    standings: &[crate::targets::ActualLine],
    as_of: Date,
    until: Date,
) -> Vec<DueLine> {
    let mut lines = Vec::new();
    for requirement in &table.requirements {
        let Some(due) = crate::text::date(&requirement.due) else {
            continue;
        };
        let owner = table
            .subjects
            .iter()
            .find(|s| s.name == requirement.subject)
            .filter(|s| !s.district.is_empty())
            .map_or(requirement.subject.clone(), |s| s.district.clone());
        let what = format!(
            "{}：{} {}（{}）",
            table.spec.title,
            table.meaning(&requirement.indicator),
            requirement.bound_text(),
            requirement.subject
        );
        // On track as of the day: every date passed is met, and the last one too when what was
        // judged is the whole target.
        let on_track = standings.iter().find(|line| {
            line.table == table.spec.name
                && line.subject == requirement.subject
                && line.indicator == requirement.indicator
                && line.standing == Standing::OnTrack
        });
        let dates = table
            .milestones
            .iter()
            .filter_map(|(date, share)| Some((crate::text::date(date)?, Some(*share))))
            .filter(|(date, _)| *date < due)
            .chain([(due, None)]);
        for (date, share) in dates {
            let done = on_track.is_some_and(|l| date <= as_of || l.due >= l.target);
            let Some(status) = status_of(date, as_of, until, done) else {
                continue;
            };
            let percent = |share: f64| crate::text::format_number(share * 100.0);
            let what = match (share, &requirement.share_of) {
                // A plain figure: what is due by then, counted.
                (Some(share), None) => crate::tr!(
                    "due-milestone",
                    what = what.as_str(),
                    share = percent(share),
                    amount = crate::text::format_number(share * requirement.value)
                ),
                (Some(share), Some(_)) => crate::tr!(
                    "due-milestone-share",
                    what = what.as_str(),
                    share = percent(share)
                ),
                (None, _) => what.clone(),
            };
            lines.push(DueLine {
                owner: owner.clone(),
                due: date,
                status,
                what,
                repeats: None,
                clause: requirement.clause.clone(),
                reading: String::new(),
                id: format!(
                    "{}/{}/{}",
                    table.spec.name, requirement.subject, requirement.indicator
                ),
            });
        }
    }
    lines
}
