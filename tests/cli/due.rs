//! `pairplan due`: the year's dated tasks, target deadlines and programs' deadlines around a day,
//! by owner — overdue, due or done — and the same as a calendar file.

use std::collections::BTreeMap;

use crate::harness::{pairplan, tianjin};

/// `due --format json` on the embedded data, parsed.
fn due_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["due", "--format", "json"];
    all.extend_from_slice(args);
    let run = pairplan(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn lines(list: &serde_json::Value) -> &Vec<serde_json::Value> {
    list["lines"].as_array().unwrap()
}

#[test]
fn what_is_overdue_and_what_falls_due_is_told_apart_by_the_day() {
    let list = due_json(&["--as-of", "2019-09-01", "--within", "30d"]);
    for line in lines(&list) {
        let due = line["due"].as_str().unwrap();
        match line["status"].as_str().unwrap() {
            "overdue" => assert!(due < "2019-09-01", "{line}"),
            "due" => assert!(("2019-09-01".."2019-10-02").contains(&due), "{line}"),
            other => panic!("{other}: {line}"),
        }
    }
    let ids: Vec<&str> = lines(&list)
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    // 附件8's 唐卡 exhibition is due at the end of September; 霍元甲's festival (October) not yet.
    assert!(ids.contains(&"culture-tourism-thangka-exhibition"));
    assert!(!ids.contains(&"culture-tourism-huoyuanjia-festival"));
    // A cycle is due on its next round, never overdue: the monthly report on 30 September.
    let monthly = lines(&list)
        .iter()
        .find(|l| l["id"] == "consumption-monthly-progress")
        .unwrap();
    assert_eq!(monthly["due"], "2019-09-30");
    // The programs' deadline (附件9: 6月底前) has passed.
    assert!(lines(&list)
        .iter()
        .any(|l| l["id"] == "county-hospitals" && l["status"] == "overdue"));
    // Sixty days reach 霍元甲's festival.
    let later = due_json(&["--as-of", "2019-09-01", "--within", "2m"]);
    assert!(lines(&later)
        .iter()
        .any(|l| l["id"] == "culture-tourism-huoyuanjia-festival" && l["due"] == "2019-10-31"));
}

#[test]
fn one_owner_sees_what_names_it_and_what_is_every_districts() {
    let list = due_json(&[
        "--as-of",
        "2019-09-01",
        "--within",
        "1w",
        "--owner",
        "津南区",
    ]);
    let owners: Vec<&str> = lines(&list)
        .iter()
        .map(|l| l["owner"].as_str().unwrap())
        .collect();
    assert!(!owners.is_empty());
    for owner in &owners {
        assert!(
            owner.contains("津南区")
                || owner.contains("各区")
                || owner.contains("各成员单位")
                || owner.contains("各责任单位")
                // The programs' deadlines: every district of the map answers for its pairings.
                || *owner == "the districts of the pairing map",
            "{owner}"
        );
    }
    // 西青区's own targets are not 津南区's.
    assert!(!owners.iter().any(|o| o.contains("西青区")));
}

#[test]
fn a_target_met_in_the_actual_figures_is_done() {
    // 东丽区's consumption target: half due by mid-August. Reported in full, every date is done.
    let before = due_json(&["--as-of", "2019-09-01", "--owner", "东丽区"]);
    let consumption: Vec<&serde_json::Value> = lines(&before)
        .iter()
        .filter(|l| l["id"].as_str().unwrap().starts_with("consumption/东丽区/"))
        .collect();
    assert!(!consumption.is_empty());
    assert!(consumption.iter().all(|l| l["status"] == "overdue"));
    let dir = tempfile::tempdir().unwrap();
    let actuals = dir.path().join("actuals.csv");
    let mut rows = String::from("table,subject,indicator,actual\n");
    for line in &consumption {
        let id = line["id"].as_str().unwrap();
        let parts: Vec<&str> = id.split('/').collect();
        rows.push_str(&format!("{},{},{},1000\n", parts[0], parts[1], parts[2]));
    }
    std::fs::write(&actuals, rows).unwrap();
    let after = due_json(&[
        "--as-of",
        "2019-09-01",
        "--owner",
        "东丽区",
        "--actuals",
        actuals.to_str().unwrap(),
    ]);
    let done: BTreeMap<&str, &str> = lines(&after)
        .iter()
        .filter(|l| l["id"].as_str().unwrap().starts_with("consumption/东丽区/"))
        .map(|l| (l["due"].as_str().unwrap(), l["status"].as_str().unwrap()))
        .collect();
    assert!(!done.is_empty());
    assert!(done.values().all(|s| *s == "done"), "{done:?}");
}

#[test]
fn the_calendar_file_reads_back_with_one_event_per_item() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("日程.ics");
    let run = pairplan(&[
        "due",
        "--as-of",
        "2019-09-01",
        "--owner",
        "西青区",
        "--out",
        ics.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = due_json(&["--as-of", "2019-09-01", "--owner", "西青区"]);
    let reader = ical::IcalParser::new(std::io::BufReader::new(std::fs::File::open(&ics).unwrap()));
    let calendars: Vec<_> = reader.map(|c| c.unwrap()).collect();
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    assert_eq!(events.len(), lines(&list).len());
    for (event, line) in events.iter().zip(lines(&list)) {
        let property = |name: &str| {
            event
                .properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            property("DTSTART"),
            line["due"].as_str().unwrap().replace('-', "")
        );
        let summary = property("SUMMARY");
        assert!(
            summary.contains(line["owner"].as_str().unwrap().split('、').next().unwrap()),
            "{summary}"
        );
        assert!(property("DESCRIPTION")
            .contains(line["clause"].as_str().unwrap().split(' ').next().unwrap()));
    }
}

#[test]
fn a_calendar_row_with_an_unknown_cycle_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(tianjin()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let calendar = dir.path().join("calendar_2019.csv");
    let text = std::fs::read_to_string(&calendar).unwrap();
    std::fs::write(&calendar, text.replacen(",weekly,", ",daily,", 1)).unwrap();
    let run = pairplan(&[
        "due",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2019-09-01",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("calendar_2019.csv:")
            && run.stderr.contains("column 'repeats'")
            && run.stderr.contains("'daily'"),
        "{}",
        run.stderr
    );
}

#[test]
fn programs_lists_the_dated_tasks_with_their_clauses() {
    let run = pairplan(&["programs", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listings: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let tasks: Vec<&serde_json::Value> = listings.iter().filter(|l| l["kind"] == "task").collect();
    let culture = tasks
        .iter()
        .filter(|l| l["source"].as_str().unwrap().starts_with("附件8"))
        .count();
    assert!(culture >= 17, "{culture} tasks of 附件8");
    for clause in ["附件2", "附件3", "附件4", "附件7", "附件9", "附件10 四3"] {
        assert!(
            tasks
                .iter()
                .any(|l| l["source"].as_str().unwrap().starts_with(clause)),
            "{clause}"
        );
    }
}

#[test]
fn the_medical_floor_counts_the_teams_without_calling_it_a_disagreement() {
    // 附件1 二(四)4: at least 154 person-times; the three teams plan 36 + 39 + 58 = 133, and the
    // rest is left to other medical staff. A floor the programs stay under agrees with the seed.
    let run = pairplan(&["programs", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listings: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let medical = listings
        .iter()
        .find(|l| l["kind"] == "total" && l["title"] == "选派医疗技术干部人才（人次）")
        .unwrap();
    assert!(
        medical["rules"][0].as_str().unwrap().ends_with("= 133 ✓"),
        "{medical}"
    );
    let plan = pairplan(&["plan", "--format", "json"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(
        !plan.stdout.contains("154 是下限"),
        "a floor is no disagreement"
    );
}

#[test]
fn a_day_outside_the_calendars_year_is_told_the_dates_are_2019s() {
    let list = due_json(&["--as-of", "2020-09-01"]);
    let notes = list["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("the calendar's dates are the 2019 plans'")),
        "{list}"
    );
    let within = due_json(&["--as-of", "2019-09-01"]);
    assert!(within.get("notes").is_none(), "{within}");
}

#[test]
fn a_task_reported_done_in_the_actual_figures_is_done_for_whom_it_counts() {
    // A one-off task reported by 西青区 is done for 西青区, not for 东丽区, and for all the
    // districts it is only said who reported; the monthly report, reported since August's round,
    // is done for September's; a report before that round, or after the day looked from, is not.
    let dir = tempfile::tempdir().unwrap();
    let actuals = dir.path().join("actuals.csv");
    std::fs::write(
        &actuals,
        "table,subject,indicator,actual\n\
         calendar,西青区,social-campaign-1-online,2019/6/28\n\
         日程,,consumption-monthly-progress,2019-09-05\n\
         calendar,,wqbwc-monthly-progress,2019-08-30\n\
         calendar,,culture-tourism-monthly-progress,2019-09-20\n",
    )
    .unwrap();
    let of = |owner: Option<&str>| {
        let mut args = vec![
            "--as-of",
            "2019-09-10",
            "--actuals",
            actuals.to_str().unwrap(),
        ];
        if let Some(owner) = owner {
            args.extend(["--owner", owner]);
        }
        due_json(&args)
    };
    let status = |list: &serde_json::Value, id: &str| {
        let line = lines(list).iter().find(|l| l["id"] == id).unwrap().clone();
        (
            line["status"].as_str().unwrap().to_string(),
            line["what"].as_str().unwrap().to_string(),
        )
    };
    // 西青 is read as 西青区, and said so.
    let xiqing = of(Some("西青"));
    assert!(
        xiqing["notes"][0]
            .as_str()
            .unwrap()
            .contains("“西青” is read as 西青区"),
        "{xiqing}"
    );
    let (done, what) = status(&xiqing, "social-campaign-1-online");
    assert_eq!(done, "done");
    assert!(
        what.ends_with("— reported done 2019-06-28 by 西青区"),
        "{what}"
    );
    assert_eq!(
        status(&of(Some("东丽区")), "social-campaign-1-online").0,
        "overdue"
    );
    let everyone = of(None);
    let (shared, what) = status(&everyone, "social-campaign-1-online");
    assert_eq!(shared, "overdue");
    assert!(
        what.ends_with("reported done so far by 西青区 (each owner reports its own)"),
        "{what}"
    );
    assert_eq!(status(&everyone, "consumption-monthly-progress").0, "done");
    assert_eq!(status(&everyone, "wqbwc-monthly-progress").0, "due");
    assert_eq!(
        status(&everyone, "culture-tourism-monthly-progress").0,
        "due"
    );
}

#[test]
fn a_task_report_naming_no_task_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let actuals = dir.path().join("actuals.csv");
    std::fs::write(
        &actuals,
        "table,subject,indicator,actual\ncalendar,西青区,social-campaign-1-onlin,2019-06-28\n",
    )
    .unwrap();
    let run = pairplan(&[
        "due",
        "--as-of",
        "2019-09-01",
        "--actuals",
        actuals.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("actuals.csv:2")
            && run.stderr.contains("social-campaign-1-onlin")
            && run.stderr.contains("a task id of the calendar")
            && run.stderr.contains("social-campaign-1-online"),
        "{}",
        run.stderr
    );
}
