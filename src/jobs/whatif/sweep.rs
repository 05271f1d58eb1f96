//! A sweep (`--sweep KEY(ARGS)=FROM..TO:STEP`): a family of scenarios, one per value, each a single
//! edit — villages of quota moved between two districts, a unit's minimum, a helper's capacity, or
//! a weight of the objective.

use crate::load::{EditSpec, ScenarioSpec};

/// A sweep as written: the key (`move(西青区,武清区)`), its name and arguments, and the values.
struct Written<'a> {
    key: &'a str,
    name: &'a str,
    arguments: Vec<String>,
    from: f64,
    to: f64,
    step: f64,
}

/// The scenarios of a sweep, one per value with its value, or what is wrong with it (in words).
pub fn scenarios(sweep: &str) -> Result<Vec<(f64, ScenarioSpec)>, String> {
    let wrong = |why: &str| {
        crate::tr!(
            "sweep-wrong",
            sweep = sweep,
            why = why,
            expected = crate::tr!("sweep-expected")
        )
    };
    let written = parse(sweep).map_err(|why| wrong(&why))?;
    let mut scenarios = Vec::new();
    let mut k = 0.0;
    while written.from + k * written.step <= written.to + 1e-9 {
        let value = written.from + k * written.step;
        k += 1.0;
        let edit = edit(&written, value).map_err(|why| wrong(&why))?;
        scenarios.push((
            value,
            ScenarioSpec {
                file: "--sweep".into(),
                title: format!("{}={}", written.key, crate::text::format_number(value)),
                programs: None,
                edits: vec![toml::Spanned::new(0..0, edit)],
                edit_lines: vec![1],
                key_lines: vec![Vec::new()],
                programs_line: None,
            },
        ));
    }
    Ok(scenarios)
}

/// The key of a sweep (`move(西青区,武清区)`), as its curve is headed.
pub fn key(sweep: &str) -> &str {
    sweep.split_once('=').map_or(sweep, |(key, _)| key).trim()
}

/// Splits a sweep into its key, arguments and range; what is wrong, in words.
fn parse(sweep: &str) -> Result<Written<'_>, String> {
    let (key, range) = sweep
        .split_once('=')
        .ok_or_else(|| crate::tr!("sweep-no-equals"))?;
    let (name, rest) = key
        .split_once('(')
        .ok_or_else(|| crate::tr!("sweep-no-open"))?;
    let arguments: Vec<String> = rest
        .strip_suffix(')')
        .ok_or_else(|| crate::tr!("sweep-no-close"))?
        .split(',')
        .map(|a| a.trim().to_string())
        .collect();
    let (span, step) = range.split_once(':').unwrap_or((range, "1"));
    let (from, to) = span
        .split_once("..")
        .ok_or_else(|| crate::tr!("sweep-no-range"))?;
    let number = |text: &str| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| crate::tr!("sweep-not-a-number", text = text))
    };
    let (from, to, step) = (number(from)?, number(to)?, number(step)?);
    if step <= 0.0 || to < from || (to - from) / step > 10_000.0 {
        return Err(crate::tr!("sweep-bad-range"));
    }
    if let ("move", [a, b]) = (name.trim(), arguments.as_slice()) {
        if a == b {
            return Err(crate::tr!("sweep-same-district", district = a));
        }
    }
    Ok(Written {
        key,
        name: name.trim(),
        arguments,
        from,
        to,
        step,
    })
}

/// A whole number of the sweep (villages, a minimum, a capacity), or why a value is not one.
fn whole(value: f64) -> Result<u32, String> {
    if value.fract() != 0.0 {
        return Err(crate::tr!(
            "sweep-not-whole",
            value = crate::text::format_number(value)
        ));
    }
    if value > f64::from(u32::MAX) {
        return Err(crate::tr!(
            "sweep-too-large",
            value = crate::text::format_number(value),
            max = u32::MAX
        ));
    }
    Ok(value as u32)
}

/// The one edit of a sweep at one value.
fn edit(written: &Written, value: f64) -> Result<EditSpec, String> {
    Ok(match (written.name, written.arguments.as_slice()) {
        ("move", [a, b]) => EditSpec::MoveQuota {
            program: None,
            from: a.clone(),
            to: b.clone(),
            amount: whole(value)?,
        },
        ("minimum", [unit]) => EditSpec::SetMinimum {
            program: None,
            unit: unit.clone(),
            minimum: whole(value)?,
        },
        ("capacity", [helper]) => EditSpec::SetCapacity {
            program: None,
            helper: helper.clone(),
            capacity: whole(value)?,
        },
        ("weight", [weight]) => weight_edit(weight, value)?,
        _ => return Err(crate::tr!("sweep-no-key", key = written.key)),
    })
}

/// A sweep of one weight of the objective: that weight set, the others left.
fn weight_edit(weight: &str, value: f64) -> Result<EditSpec, String> {
    let set = |name: &str| (weight == name).then_some(value);
    if !["off_map", "trait_mismatch", "balance", "change"].contains(&weight) {
        return Err(crate::tr!("sweep-no-weight", name = weight));
    }
    Ok(EditSpec::Weights {
        program: None,
        off_map: set("off_map"),
        trait_mismatch: set("trait_mismatch"),
        balance: set("balance"),
        change: set("change"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_is_one_scenario_per_value() {
        let found = scenarios("move(西青区,武清区)=0..20:10").unwrap();
        let values: Vec<f64> = found.iter().map(|(v, _)| *v).collect();
        assert_eq!(values, [0.0, 10.0, 20.0]);
        assert_eq!(found[1].1.title, "move(西青区,武清区)=10");
        assert!(matches!(
            found[2].1.edits[0].get_ref(),
            EditSpec::MoveQuota { amount: 20, .. }
        ));
        assert_eq!(key("move(西青区,武清区)=0..20:10"), "move(西青区,武清区)");
        let weights = scenarios("weight(balance)=1..2:1").unwrap();
        assert!(matches!(
            weights[0].1.edits[0].get_ref(),
            EditSpec::Weights {
                balance: Some(_),
                off_map: None,
                ..
            }
        ));
    }

    #[test]
    fn a_wrong_sweep_says_what_is_wrong() {
        for wrong in [
            "move(西青区,武清区)",
            "move(西青区,西青区)=0..10",
            "move(西青区,武清区)=10..0",
            "capacity(E1)=0..1:0.5",
            "weight(speed)=1..2",
            "colour(red)=1..2",
        ] {
            let why = scenarios(wrong).expect_err(wrong);
            assert!(why.contains(wrong), "{wrong}: {why}");
        }
    }
}
