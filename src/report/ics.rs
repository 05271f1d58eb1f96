//! The due list as an iCalendar file (RFC 5545): one all-day event per item, on its due day, named
//! by what is due and who answers for it, with its clause — for Outlook, WPS or a phone's calendar.

use ics::properties::{Categories, Description, DtEnd, DtStart, RRule, Summary};
use ics::{Event, ICalendar};

use crate::calendar::DueList;

/// The list as an `.ics` file's text. Each event's UID is its item's id and date, so that importing
/// a newer list updates the same events; the stamp is the day looked from, so that one list gives
/// one file.
pub fn calendar(list: &DueList) -> String {
    let mut calendar = ICalendar::new("2.0", "-//pairplan//due//ZH");
    let stamp = format!("{}T000000Z", compact(list.as_of));
    for line in &list.lines {
        let uid = format!("{}-{}@pairplan", line.id, compact(line.due));
        let mut event = Event::new(uid, stamp.clone());
        // An all-day event ends the day after it starts (DTEND is exclusive).
        let next = line.due.tomorrow().unwrap_or(line.due);
        event.push(date_property(DtStart::new(compact(line.due))));
        event.push(date_property(DtEnd::new(compact(next))));
        let what = match line.repeats {
            Some(repeats) => format!("{}（{}）", line.what, repeats.title()),
            None => line.what.clone(),
        };
        event.push(Summary::new(ics::escape_text(format!(
            "{}：{}",
            line.owner_shown(),
            what
        ))));
        if let Some(repeats) = line.repeats {
            event.push(RRule::new(rule(repeats, line.due)));
        }
        let mut description = format!("{}（{}）", line.clause, line.status.title());
        if !line.reading.is_empty() {
            description.push_str(&format!("；{}", line.reading));
        }
        event.push(Description::new(ics::escape_text(description)));
        event.push(Categories::new(ics::escape_text(line.status.title())));
        calendar.add_event(event);
    }
    calendar.to_string()
}

/// A cycle as an RRULE from its next round: the weekday, the day of the month, or the period's end,
/// until the year's end.
fn rule(repeats: crate::calendar::Repeats, from: jiff::civil::Date) -> String {
    use crate::calendar::Repeats;
    let until = format!("UNTIL={:04}1231", from.year());
    match repeats {
        Repeats::Weekly => format!("FREQ=WEEKLY;{until}"),
        Repeats::Monthly if from == from.last_of_month() => {
            format!("FREQ=MONTHLY;BYMONTHDAY=-1;{until}")
        }
        Repeats::Monthly => format!("FREQ=MONTHLY;BYMONTHDAY={};{until}", from.day()),
        Repeats::Quarterly => format!("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;{until}"),
        Repeats::HalfYearly => format!("FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1;{until}"),
        Repeats::Yearly => "FREQ=YEARLY".to_string(),
    }
}

/// A date as iCalendar writes it (20190901).
fn compact(date: jiff::civil::Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// A date-valued property (`;VALUE=DATE`): the day, with no time or zone.
fn date_property<'a, P: Into<ics::components::Property<'a>>>(
    property: P,
) -> ics::components::Property<'a> {
    let mut property = property.into();
    property.add(ics::parameters::Value::DATE);
    property
}
