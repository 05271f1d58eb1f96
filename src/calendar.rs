//! The year's calendar: the plans' dated tasks (the dataset's calendar table — 附件8 文化旅游's task
//! list, 附件3's deliverables and district projects, 附件2's campaign months, each annex's reporting
//! cycle), each with its owner, its due date or cycle and its clause, read and checked; and what of
//! them falls due around a day.

use jiff::civil::Date;

use crate::error::{InputErrors, Problems};
use crate::load::Source;
use crate::validate::Dataset;

/// How often a task comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Repeats {
    /// 周报: each Friday (this tool's reading: the plans name no weekday).
    Weekly,
    /// 月报: each month's last day, or its `day`.
    Monthly,
    /// 季度: each quarter's last day.
    Quarterly,
    /// 半年报: 30 June and 31 December.
    HalfYearly,
    /// 年度: 31 December.
    Yearly,
}

impl Repeats {
    /// The word a calendar table writes.
    fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "weekly" => Repeats::Weekly,
            "monthly" => Repeats::Monthly,
            "quarterly" => Repeats::Quarterly,
            "half-yearly" => Repeats::HalfYearly,
            "yearly" => Repeats::Yearly,
            _ => return None,
        })
    }

    /// The first time it falls due on or after `from`; a monthly task with a `day` (每月5日前)
    /// falls due on that day of each month, the others on their period's last day.
    pub fn next(self, from: Date, day: Option<i8>) -> Date {
        let month_end = |year: i16, month: i8| {
            Date::new(year, month, 1)
                .map(|d| d.last_of_month())
                .unwrap_or(from)
        };
        let (year, month) = (from.year(), from.month());
        let candidates: Vec<Date> = match self {
            Repeats::Weekly => {
                let ahead = (5 - from.weekday().to_monday_one_offset() + 7) % 7;
                vec![from
                    .checked_add(jiff::Span::new().days(i64::from(ahead)))
                    .unwrap_or(from)]
            }
            Repeats::Monthly => match day {
                Some(day) => {
                    let on = |date: Date| date.with().day(day).build().unwrap_or(date);
                    let first = from.first_of_month();
                    let next_month = first
                        .checked_add(jiff::Span::new().months(1))
                        .unwrap_or(first);
                    vec![on(first.last_of_month()), on(next_month.last_of_month())]
                }
                None => vec![month_end(year, month)],
            },
            Repeats::Quarterly => vec![month_end(year, (month - 1) / 3 * 3 + 3)],
            Repeats::HalfYearly => vec![month_end(year, 6), month_end(year, 12)],
            Repeats::Yearly => vec![month_end(year, 12)],
        };
        candidates
            .into_iter()
            .find(|&d| d >= from)
            .unwrap_or_else(|| month_end(year, 12))
    }

    /// The round before the one due on `due` (a report after it counts for `due`'s round).
    pub fn previous(self, due: Date, day: Option<i8>) -> Date {
        let after = |d: Date| d.checked_add(jiff::Span::new().days(1)).unwrap_or(d);
        // A year and a month back lies before the previous round of every cycle.
        let mut round = self.next(
            due.checked_sub(jiff::Span::new().days(400)).unwrap_or(due),
            day,
        );
        loop {
            let following = self.next(after(round), day);
            if following >= due || following <= round {
                return round;
            }
            round = following;
        }
    }

    /// Its name in the reader's language (每周, 每月 …).
    pub fn title(self) -> String {
        match self {
            Repeats::Weekly => crate::tr!("repeats-weekly"),
            Repeats::Monthly => crate::tr!("repeats-monthly"),
            Repeats::Quarterly => crate::tr!("repeats-quarterly"),
            Repeats::HalfYearly => crate::tr!("repeats-half-yearly"),
            Repeats::Yearly => crate::tr!("repeats-yearly"),
        }
    }
}

/// One dated task of the plans.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Task {
    /// A short stable name (`culture-tourism-fair-2019`).
    pub id: String,
    /// What is to be done, in the seed's words.
    pub title: String,
    /// Who answers for it, as the seed names them (市文化和旅游局（牵头单位）、各区（责任单位）).
    pub owner: String,
    /// When it is due, if the seed says (a month is read as its last day).
    pub due: Option<Date>,
    /// How often it comes round, if it does.
    pub repeats: Option<Repeats>,
    /// task, deliverable, project, reporting or limit.
    pub kind: String,
    /// The seed clause.
    pub clause: String,
    /// How this tool reads the seed's date where the seed is not exact (上旬 as the 10th).
    pub reading: String,
}

/// The kinds a calendar row may have.
const KINDS: [&str; 5] = ["task", "deliverable", "project", "reporting", "limit"];

/// Reads the dataset's calendar table (none: no dated tasks): every cell checked at its place.
pub fn read_calendar(data: &Source, dataset: &Dataset) -> Result<Vec<Task>, InputErrors> {
    let mut problems = Problems::default();
    let Some(file) = &dataset.spec.calendar else {
        return Ok(Vec::new());
    };
    let Some(table) = data.read_table(file, &mut problems) else {
        return Err(problems.into_errors());
    };
    let columns = [
        "id", "title", "owner", "due", "repeats", "kind", "clause", "reading",
    ];
    let Some(cols) = table.require_columns(&columns, &mut problems) else {
        return Err(problems.into_errors());
    };
    let mut tasks = Vec::new();
    for record in &table.records {
        let cell = |i: usize| record.cells[cols[i]].trim().to_string();
        let repeats = match cell(4).as_str() {
            "" => Some(None),
            word => Repeats::parse(word).map(Some),
        };
        if repeats.is_none() {
            table.reject(
                record,
                cols[4],
                &cell(4),
                crate::tr!("expected-repeats"),
                &mut problems,
            );
        }
        if !KINDS.contains(&cell(5).as_str()) {
            table.reject(
                record,
                cols[5],
                &cell(5),
                crate::tr!("expected-task-kind", kinds = KINDS.join(", ")),
                &mut problems,
            );
        }
        let due = table.date(record, cols[3], &mut problems);
        let ok = table.text(record, cols[0], &mut problems).is_some()
            & table.text(record, cols[1], &mut problems).is_some()
            & table.text(record, cols[6], &mut problems).is_some();
        if let (true, Some(repeats)) = (ok, repeats) {
            tasks.push(Task {
                id: cell(0),
                title: cell(1),
                owner: cell(2),
                due,
                repeats,
                kind: cell(5),
                clause: cell(6),
                reading: cell(7),
            });
        }
    }
    problems.into_result(tasks)
}

/// Whether `owner` (as a planner names it: 西青区, 市商务局) answers for a task the seed assigns to
/// `owners`: named there, or within a collective the seed names (各区 for a district, 各单位 and
/// 各部门 for a city unit, 各成员单位 for anyone).
pub fn answers_for(owners: &str, owner: &str, is_district: bool) -> bool {
    let owner = owner.trim();
    if owner.is_empty() {
        return true;
    }
    let stem = owner.trim_end_matches("政府").trim_end_matches("人民");
    if owners.contains(stem) {
        return true;
    }
    let collectives: &[&str] = if is_district {
        &["各区", "各成员单位", "各责任单位"]
    } else {
        &["各单位", "各部门", "各成员单位", "各责任单位"]
    };
    collectives.iter().any(|c| owners.contains(c))
}

/// Where an item stands on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    /// Past its date and not reported done.
    Overdue,
    /// Falls due within the window.
    Due,
    /// Reported done (a target met in the actual figures).
    Done,
}

impl DueLine {
    /// Who answers for it, as the reader is told: the plans' words, or that they name no one.
    pub fn owner_shown(&self) -> String {
        if self.owner.is_empty() {
            crate::tr!("due-owner-unnamed")
        } else {
            self.owner.clone()
        }
    }
}

impl DueStatus {
    /// The word in the reader's language (逾期, 即将到期, 已完成).
    pub fn title(self) -> String {
        match self {
            DueStatus::Overdue => crate::tr!("due-overdue"),
            DueStatus::Due => crate::tr!("due-due"),
            DueStatus::Done => crate::tr!("due-done"),
        }
    }
}

/// One thing that falls due.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DueLine {
    /// Who answers for it, as the seed or the table names them (empty: the plans name no one).
    pub owner: String,
    /// When.
    pub due: Date,
    /// Where it stands.
    pub status: DueStatus,
    /// What is due.
    pub what: String,
    /// How often it comes round, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<Repeats>,
    /// The seed clause.
    pub clause: String,
    /// How the date is read where the seed is not exact.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reading: String,
    /// A stable name: the task's id, `TABLE/SUBJECT/INDICATOR`, or the program's.
    pub id: String,
}

/// Everything due around the day, by owner then date.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DueList {
    /// The day looked from.
    pub as_of: Date,
    /// The last day counted as due.
    pub until: Date,
    /// The owner asked for, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// What the reader should know first (an owner no task names).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The lines.
    pub lines: Vec<DueLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_round_before_is_the_last_one_earlier() {
        let day = |text: &str| crate::text::date(text).unwrap();
        let cases = [
            (Repeats::Weekly, None, "2019-09-06", "2019-08-30"),
            (Repeats::Monthly, None, "2019-09-30", "2019-08-31"),
            (Repeats::Monthly, Some(5), "2019-10-05", "2019-09-05"),
            (Repeats::Quarterly, None, "2019-09-30", "2019-06-30"),
            (Repeats::HalfYearly, None, "2019-12-31", "2019-06-30"),
            (Repeats::Yearly, None, "2019-12-31", "2018-12-31"),
        ];
        for (repeats, on, due, before) in cases {
            assert_eq!(
                repeats.previous(day(due), on),
                day(before),
                "{repeats:?} {due}"
            );
        }
    }

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn each_cycle_falls_due_on_its_next_day() {
        // 2019-09-01 is a Sunday.
        let next = |repeats: Repeats, from: &str| repeats.next(day(from), None);
        assert_eq!(next(Repeats::Weekly, "2019-09-01"), day("2019-09-06"));
        assert_eq!(next(Repeats::Weekly, "2019-09-06"), day("2019-09-06"));
        assert_eq!(next(Repeats::Monthly, "2019-09-01"), day("2019-09-30"));
        assert_eq!(next(Repeats::Monthly, "2019-02-10"), day("2019-02-28"));
        assert_eq!(next(Repeats::Quarterly, "2019-09-01"), day("2019-09-30"));
        assert_eq!(next(Repeats::Quarterly, "2019-10-01"), day("2019-12-31"));
        assert_eq!(next(Repeats::HalfYearly, "2019-07-01"), day("2019-12-31"));
        assert_eq!(next(Repeats::HalfYearly, "2019-06-30"), day("2019-06-30"));
        assert_eq!(next(Repeats::Yearly, "2019-09-01"), day("2019-12-31"));
        // 每月5日前: the 5th of this month, or of the next once it has passed.
        let fifth = |from: &str| Repeats::Monthly.next(day(from), Some(5));
        assert_eq!(fifth("2019-09-01"), day("2019-09-05"));
        assert_eq!(fifth("2019-09-06"), day("2019-10-05"));
    }

    #[test]
    fn a_district_answers_for_what_the_seed_gives_it_or_every_district() {
        assert!(answers_for("市援疆前指、西青区政府", "西青区", true));
        assert!(answers_for("各区政府分别负责", "西青区", true));
        assert!(!answers_for("市援疆前指、津南区政府", "西青区", true));
        assert!(answers_for("各单位", "市商务局", false));
        assert!(!answers_for("各单位", "西青区", true));
        assert!(answers_for("市商务局", "市商务局", false));
    }
}
