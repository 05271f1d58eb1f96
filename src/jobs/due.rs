//! The due job (`pairplan due`): what falls due around a day and who answers for it — the plans'
//! dated tasks and reporting cycles (the calendar table), every target table's deadline and
//! milestones for each subject, and the programs' own deadlines — overdue, due within a window, or
//! done (a target met in the actual figures), by owner, each with its clause.

use std::collections::BTreeMap;
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
    let (standings, reports) = match request.actuals {
        Some(path) => {
            let file = super::inputs::table_at(path)?;
            let as_of = request.as_of.to_string();
            let standings = crate::targets::audit_actuals(&tables, &file, Some(&as_of), &[])?.0;
            (standings, tasks_done(&tasks, &file)?)
        }
        None => (Vec::new(), BTreeMap::new()),
    };
    let instances = inputs.instances();
    std::mem::take(&mut inputs.problems).into_result(())?;
    let mut notes = calendar_notes(&inputs.dataset, &tasks, request.as_of);
    let owner_name = request
        .owner
        .map(|asked| owner_named(asked.trim(), &inputs.dataset, &mut notes));
    let owner = owner_name.as_deref();
    let mut lines: Vec<DueLine> = tasks
        .iter()
        .filter_map(|task| {
            let reported = reports.get(&task.id).map_or(&[][..], Vec::as_slice);
            task_line(task, request.as_of, until, reported, owner)
        })
        .collect();
    for table in &tables {
        lines.extend(target_lines(table, &standings, request.as_of, until));
    }
    // Each district of the map answers for its pairings being in place; a city unit, not.
    let is_district = |name: &str| inputs.dataset.districts.iter().any(|d| d.name == name);
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

/// The owner asked for as the lists name it: a district or unit by its whole name, or by the one
/// name it begins (西青 → 西青区, said in a note); else as written.
fn owner_named(asked: &str, dataset: &crate::validate::Dataset, notes: &mut Vec<String>) -> String {
    let names = dataset
        .districts
        .iter()
        .map(|d| d.name.as_str())
        .chain(dataset.units.iter().map(|u| u.name.as_str()));
    let starting: Vec<&str> = names.filter(|name| name.starts_with(asked)).collect();
    match starting[..] {
        [name] if name != asked && !asked.is_empty() => {
            notes.push(crate::tr!("due-owner-read-as", asked = asked, name = name));
            name.to_string()
        }
        _ => asked.to_string(),
    }
}

/// What a planner must know of the calendar before reading the list: that the lists given have
/// none, or that its dated tasks are of another year than the day asked about.
fn calendar_notes(dataset: &crate::validate::Dataset, tasks: &[Task], as_of: Date) -> Vec<String> {
    if dataset.spec.calendar.is_none() {
        return vec![crate::tr!("due-no-calendar")];
    }
    let years: std::collections::BTreeSet<i16> = tasks
        .iter()
        .filter_map(|t| t.due)
        .map(|d| d.year())
        .collect();
    match (years.first(), years.last()) {
        (Some(&first), Some(&last)) if !(first..=last).contains(&as_of.year()) => {
            let years = if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            };
            vec![crate::tr!(
                "due-calendar-other-year",
                years = years,
                year = as_of.year().to_string()
            )]
        }
        _ => Vec::new(),
    }
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

/// A calendar task reported done in the actual figures: by whom (empty: not said), on which day.
#[derive(Debug, Clone)]
struct TaskDone {
    by: String,
    on: Date,
}

/// The actuals' rows that report calendar tasks done — `table` calendar (日程), `indicator` the
/// task's id, `subject` who reports (may be empty), `actual` the day it was done — by task id. An
/// id no task has, or a day that is no date, is a problem at its cell; an empty day is not done.
fn tasks_done(
    tasks: &[Task],
    file: &crate::load::Table,
) -> Result<BTreeMap<String, Vec<TaskDone>>, crate::error::InputErrors> {
    let mut problems = crate::error::Problems::default();
    let columns = crate::targets::actuals_columns(file);
    let Some(cols) = file.require_columns(&columns, &mut problems) else {
        return Err(problems.into_errors());
    };
    let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
    let mut done: BTreeMap<String, Vec<TaskDone>> = BTreeMap::new();
    for record in &file.records {
        if !crate::targets::is_task_row(&record.cells[cols[0]]) {
            continue;
        }
        let id = record.cells[cols[2]].trim();
        if !ids.contains(&id) {
            let hint = crate::text::did_you_mean(id, &ids);
            let expected = crate::tr!("expected-task-id", hint = hint);
            file.reject(record, cols[2], id, expected, &mut problems);
            continue;
        }
        if let Some(on) = file.date(record, cols[3], &mut problems) {
            let by = record.cells[cols[1]].trim().to_string();
            done.entry(id.to_string())
                .or_default()
                .push(TaskDone { by, on });
        }
    }
    problems.into_result(done)
}

/// A calendar task's line: a cycle's next date within the window (a cycle is never overdue: the
/// next round is what is due; done when reported since the round before), a dated task's own
/// date (done when reported by then). Only reports dated by `as_of` count. A report counts for
/// the owner it names (asked for with `--owner`, or the task's only owner) and a report naming no
/// one for everyone; one district's report of a task shared by many is said, not taken as done.
fn task_line(
    task: &Task,
    as_of: Date,
    until: Date,
    reports: &[TaskDone],
    owner: Option<&str>,
) -> Option<DueLine> {
    let whose = owner.unwrap_or(task.owner.trim());
    let (counted, others): (Vec<&TaskDone>, Vec<&TaskDone>) = reports
        .iter()
        .filter(|r| r.on <= as_of)
        .partition(|r| r.by.is_empty() || r.by == whose);
    let (due, since) = match (task.repeats, task.due) {
        (Some(repeats), _) => {
            let day = task.due.map(|d| d.day());
            let next = repeats.next(as_of, day);
            if next > until {
                return None;
            }
            (next, Some(repeats.previous(next, day)))
        }
        (None, Some(due)) => (due, None),
        (None, None) => return None,
    };
    let this_round = |r: &&&TaskDone| since.is_none_or(|since| r.on > since);
    let report = counted.iter().filter(this_round).max_by_key(|r| r.on);
    let status = match (since, report) {
        (Some(_), Some(_)) => DueStatus::Done,
        (Some(_), None) => DueStatus::Due,
        (None, report) => status_of(due, as_of, until, report.is_some())?,
    };
    let mut what = task.title.clone();
    if let Some(report) = report {
        let on = report.on.to_string();
        what.push_str(&if report.by.is_empty() {
            crate::tr!("due-reported-done", on = on)
        } else {
            crate::tr!("due-reported-done-by", on = on, by = report.by.as_str())
        });
    } else if owner.is_none() {
        let by: Vec<&str> = others
            .iter()
            .filter(this_round)
            .map(|r| r.by.as_str())
            .collect();
        if !by.is_empty() {
            what.push_str(&crate::tr!(
                "due-reported-by-some",
                by = by.join(crate::i18n::list_separator())
            ));
        }
    }
    Some(DueLine {
        owner: task.owner.clone(),
        due,
        status,
        what,
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
