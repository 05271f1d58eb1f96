//! A what-if scenario file (`scenarios/*.toml`): a title and a list of edits on the domain objects of
//! the validated baseline — quotas moved between districts, a unit's minimum, a helper's capacity,
//! helpers removed, a county reassigned, pairs pinned or banned, a program's weights — parsed into
//! raw specs, each with its line. Names are resolved, and the edits applied, by `scenario`.

use serde::Deserialize;

use super::TextFile;
use crate::error::InputProblem;

/// A scenario as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// The file, as messages name it (set when read).
    #[serde(skip)]
    pub file: String,
    /// What the scenario asks, in the planners' words ("西青区 20 个村的任务转给武清区").
    pub title: String,
    /// Plan only these programs (absent: every program).
    pub programs: Option<Vec<String>>,
    /// The edits, in order, each with where it stands in the file.
    #[serde(default)]
    pub edits: Vec<toml::Spanned<EditSpec>>,
    /// The line of each edit's `[[edits]]` table (set when read).
    #[serde(skip)]
    pub edit_lines: Vec<u64>,
}

/// One edit as written; `program` limits it to one program (absent: every program it concerns).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case", deny_unknown_fields)]
pub enum EditSpec {
    /// Move `amount` of quota from one district to another: the total stays.
    MoveQuota {
        /// Limit to this program.
        program: Option<String>,
        /// The district giving quota.
        from: String,
        /// The district taking it.
        to: String,
        /// How much.
        amount: u32,
    },
    /// Set a district's quota (the quotas must still add up to what the recipients need).
    SetQuota {
        /// Limit to this program.
        program: Option<String>,
        /// The district.
        district: String,
        /// Its new quota.
        quota: u32,
    },
    /// Set a city unit's minimum.
    SetMinimum {
        /// Limit to this program.
        program: Option<String>,
        /// The unit.
        unit: String,
        /// Its new minimum.
        minimum: u32,
    },
    /// Set a helper's capacity (0: it takes no one).
    SetCapacity {
        /// Limit to this program.
        program: Option<String>,
        /// The helper's id.
        helper: String,
        /// Its new capacity.
        capacity: u32,
    },
    /// Remove helpers: by id, by the unit that mobilised them, or by district.
    RemoveHelpers {
        /// Limit to this program.
        program: Option<String>,
        /// Helper ids.
        #[serde(default)]
        ids: Vec<String>,
        /// Every helper this unit mobilised.
        unit: Option<String>,
        /// Every helper of this district.
        district: Option<String>,
    },
    /// Pair a county of the map with another district.
    ReassignCounty {
        /// The county.
        county: String,
        /// Its new paired district.
        district: String,
    },
    /// Keep a pair in every plan.
    Pin {
        /// Limit to this program.
        program: Option<String>,
        /// The helper's id.
        helper: String,
        /// The recipient's id.
        recipient: String,
    },
    /// Forbid a pair.
    Ban {
        /// Limit to this program.
        program: Option<String>,
        /// The helper's id.
        helper: String,
        /// The recipient's id.
        recipient: String,
    },
    /// Change a program's weights (the others stay).
    Weights {
        /// Limit to this program.
        program: Option<String>,
        /// Cost of an off-map pairing.
        off_map: Option<f64>,
        /// Cost of a pairing without a matching skill.
        trait_mismatch: Option<f64>,
        /// Weight of Σ load²/capacity.
        balance: Option<f64>,
        /// Cost of a change to last year's pairings.
        change: Option<f64>,
    },
}

impl EditSpec {
    /// The program the edit is limited to, if any.
    pub fn program(&self) -> Option<&str> {
        match self {
            EditSpec::MoveQuota { program, .. }
            | EditSpec::SetQuota { program, .. }
            | EditSpec::SetMinimum { program, .. }
            | EditSpec::SetCapacity { program, .. }
            | EditSpec::RemoveHelpers { program, .. }
            | EditSpec::Pin { program, .. }
            | EditSpec::Ban { program, .. }
            | EditSpec::Weights { program, .. } => program.as_deref(),
            EditSpec::ReassignCounty { .. } => None,
        }
    }
}

/// Parses a scenario file; a malformed one is an input problem at its line.
pub fn parse_scenario(file: &TextFile) -> Result<ScenarioSpec, InputProblem> {
    let mut spec: ScenarioSpec = super::parse_toml(file)?;
    spec.file = file.name.clone();
    spec.edit_lines = spec
        .edits
        .iter()
        .map(|edit| super::spec::line_at(&file.text, edit.span().start))
        .collect();
    Ok(spec)
}
