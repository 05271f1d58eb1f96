//! The `due` list: for each owner, what is overdue, due or done, by date, with its clause.

use super::new_table;
use crate::calendar::DueList;
use crate::tr;

/// The list as text: a heading with the window, then one table per owner.
pub fn render_due(list: &DueList) -> String {
    let mut out = tr!(
        "due-heading",
        as_of = list.as_of.to_string(),
        until = list.until.to_string(),
        count = list.lines.len()
    );
    out.push('\n');
    if let Some(owner) = &list.owner {
        out.push_str(&tr!("due-for-owner", owner = owner.as_str()));
        out.push('\n');
    }
    for note in &list.notes {
        out.push_str(&format!("{note}\n"));
    }
    let mut owners: Vec<&str> = list.lines.iter().map(|l| l.owner.as_str()).collect();
    owners.dedup();
    for owner in owners {
        let shown = list
            .lines
            .iter()
            .find(|l| l.owner == owner)
            .map(|l| l.owner_shown())
            .unwrap_or_default();
        out.push_str(&format!("\n{shown}\n"));
        let mut table = new_table(&[
            &tr!("col-due-date"),
            &tr!("col-due-status"),
            &tr!("col-due-what"),
            &tr!("col-due-clause"),
        ]);
        for line in list.lines.iter().filter(|l| l.owner == owner) {
            let what = match line.repeats {
                Some(repeats) => format!("{}（{}）", line.what, repeats.title()),
                None => line.what.clone(),
            };
            table.add_row(vec![
                line.due.to_string(),
                line.status.title(),
                what,
                line.clause.clone(),
            ]);
        }
        out.push_str(&format!("{table}\n"));
    }
    out
}
