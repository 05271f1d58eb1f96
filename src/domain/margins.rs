//! What binds a plan, as found by re-solving it with one change (`plan --explain`, computed in
//! `sensitivity`): result types defined here, below both the analysis and the renderers, so that a
//! renderer reads them without compiling against the solver.

use serde::Serialize;

use super::{Count, DistrictId, HelperId, Instance, Rule, UnitId};

/// One district's quota, at the margin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuotaMargin {
    /// The district.
    pub district: String,
    /// The district to give one village of quota to that lowers the objective most (or raises it
    /// least), and the change; `None` when no move has a plan.
    pub give_to: Option<(String, f64)>,
    /// The district to take one from, likewise.
    pub take_from: Option<(String, f64)>,
}

/// One city unit's minimum, at the margin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitMargin {
    /// The unit.
    pub unit: String,
    /// Its minimum.
    pub minimum: Count,
    /// What its helpers cover in the plan.
    pub covered: Count,
    /// The objective's change with the minimum one higher (`None`: no plan then).
    pub one_more: Option<f64>,
    /// With it one lower.
    pub one_fewer: Option<f64>,
}

/// One helper at its capacity, at the margin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityMargin {
    /// The helper's id.
    pub helper: String,
    /// Its name.
    pub name: String,
    /// Its district (empty for a city-level helper).
    pub district: String,
    /// Its capacity, all used.
    pub capacity: Count,
    /// The objective's change with one place more (`None`: no plan then).
    pub one_more: Option<f64>,
    /// With one place fewer.
    pub one_fewer: Option<f64>,
}

/// What binds a program's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Binding {
    /// The program.
    pub program: String,
    /// Helpers whose load equals their capacity, of how many with capacity.
    pub helpers_at_capacity: (usize, usize),
    /// Each helper at its capacity, by id.
    pub capacities: Vec<CapacityMargin>,
    /// Each district with a quota.
    pub quotas: Vec<QuotaMargin>,
    /// Each unit with a minimum.
    pub units: Vec<UnitMargin>,
}

/// One number of a program that `--explain` changes, to see what it binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneChange {
    /// A helper's capacity, set to this.
    Capacity {
        /// The helper.
        helper: HelperId,
        /// Its capacity then.
        capacity: Count,
    },
    /// One unit of quota moved from a district to another.
    QuotaMoved {
        /// The district giving it.
        from: DistrictId,
        /// The district taking it.
        to: DistrictId,
    },
    /// A unit's minimum, set to this.
    UnitMinimum {
        /// The unit.
        unit: UnitId,
        /// Its minimum then.
        minimum: Count,
    },
}

impl OneChange {
    /// Makes the change to a program.
    pub fn apply(self, instance: &mut Instance) {
        match self {
            OneChange::Capacity { helper, capacity } => {
                instance.helpers[helper.0].capacity = capacity;
            }
            OneChange::QuotaMoved { from, to } => {
                for rule in instance.rules.iter_mut() {
                    if let Rule::DistrictQuota { quotas } = rule {
                        let given = quotas.entry(from).or_default();
                        *given = given.saturating_sub(1);
                        *quotas.entry(to).or_default() += 1;
                    }
                }
            }
            OneChange::UnitMinimum { unit, minimum } => {
                for rule in instance.rules.iter_mut() {
                    if let Rule::UnitMinimum { minimums } = rule {
                        minimums.insert(unit, minimum);
                    }
                }
            }
        }
    }
}
