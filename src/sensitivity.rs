//! Which rules bind a plan, and what one unit more or less of each would change (`plan --explain`):
//! helpers at their capacity (each with one place more and one fewer), units at their minimum, and — since quotas can only move between
//! districts — for each district the best district to give one village of quota to and to take one
//! from, each found by solving the program again with that one change (side by side, rayon), from
//! the program's own optimum (`solve::warm`) rather than from nothing, and — where the change stays
//! within the arcs its number bounds — on the program's own description changed in place and
//! restored ([`crate::model::Description::apply_change`]) rather than on one described anew.

use rayon::prelude::*;

use crate::domain::{Count, DistrictId, Instance, OneChange, UnitId};
use crate::graph::PairingGraph;
use crate::model::Description;
use crate::solve::warm::{objective_with_change, warm_start, WarmStart};

pub use crate::domain::margins::{Binding, CapacityMargin, QuotaMargin, UnitMargin};

/// What binds `plan` of `instance` (whose optimum is `objective`).
pub fn binding(instance: &Instance, plan: &crate::domain::Plan, objective: f64) -> Binding {
    let loads = plan.helper_loads(instance.helpers.len());
    let with_capacity = instance.helpers.iter().filter(|h| h.capacity > 0).count();
    let full: Vec<usize> = (0..instance.helpers.len())
        .filter(|&h| instance.helpers[h].capacity > 0 && loads[h] == instance.helpers[h].capacity)
        .collect();
    let at_capacity = full.len();
    let minimums: Vec<(UnitId, Count)> = instance
        .unit_minimums()
        .map(|m| m.iter().map(|(&u, &m)| (u, m)).collect())
        .unwrap_or_default();
    let quota_count = instance.district_quotas().map_or(0, |q| q.len());
    let progress = crate::progress::Progress::new(
        Some((full.len() + quota_count * quota_count + minimums.len()) as u64),
        &crate::tr!(
            "progress-binds",
            program = crate::i18n::program(&instance.program.name)
        ),
    );
    let resolved = Resolved {
        instance,
        objective,
        progress: &progress,
        start: warm_start(instance, &PairingGraph::build(instance)),
    };
    Binding {
        program: instance.program.name.clone(),
        helpers_at_capacity: (at_capacity, with_capacity),
        capacities: capacity_margins(&resolved, &full),
        quotas: quota_margins(&resolved),
        units: unit_margins(&resolved, &minimums, &loads),
    }
}

/// The program and its optimum, that each margin re-solves with one change and compares with.
struct Resolved<'a> {
    instance: &'a Instance,
    objective: f64,
    progress: &'a crate::progress::Progress,
    /// The program's optimum as a flow, where it is one: each change starts from it.
    start: Option<WarmStart>,
}

impl Resolved<'_> {
    /// A copy of the program's description for one worker to change and restore.
    fn scratch(&self) -> Option<Description> {
        self.start.as_ref().map(WarmStart::scratch)
    }

    /// How much the optimum moves with one change (`None`: no plan then).
    fn delta(&self, scratch: &mut Option<Description>, change: OneChange) -> Option<f64> {
        objective_with_change(self.instance, self.start.as_ref(), scratch.as_mut(), change)
            .map(|o| o - self.objective)
    }
}

/// Each full helper (`full`) with one place more and one fewer.
fn capacity_margins(resolved: &Resolved, full: &[usize]) -> Vec<CapacityMargin> {
    let instance = resolved.instance;
    full.par_iter()
        .inspect(|_| resolved.progress.inc())
        .map_init(
            || resolved.scratch(),
            |scratch, &h| {
                let helper = &instance.helpers[h];
                let mut shifted = |capacity: Count| {
                    let helper = crate::domain::HelperId(h);
                    resolved.delta(scratch, OneChange::Capacity { helper, capacity })
                };
                CapacityMargin {
                    helper: helper.id.clone(),
                    name: helper.name.clone(),
                    district: instance
                        .district_name(crate::domain::HelperId(h))
                        .to_string(),
                    capacity: helper.capacity,
                    one_more: shifted(helper.capacity + 1),
                    one_fewer: shifted(helper.capacity - 1),
                }
            },
        )
        .collect()
}

/// For each district, the best district to give one unit of quota to and to take one from:
/// quotas only move between districts, their sum being what the recipients need.
fn quota_margins(resolved: &Resolved) -> Vec<QuotaMargin> {
    let instance = resolved.instance;
    let quotas: Vec<(DistrictId, Count)> = instance
        .district_quotas()
        .map(|q| q.iter().map(|(&d, &q)| (d, q)).collect())
        .unwrap_or_default();
    let moves: Vec<(DistrictId, DistrictId)> = quotas
        .iter()
        .filter(|&&(_, q)| q > 0)
        .flat_map(|&(from, _)| {
            quotas
                .iter()
                .filter(move |&&(to, _)| to != from)
                .map(move |&(to, _)| (from, to))
        })
        .collect();
    let deltas: Vec<((DistrictId, DistrictId), Option<f64>)> = moves
        .par_iter()
        .inspect(|_| resolved.progress.inc())
        .map_init(
            || resolved.scratch(),
            |scratch, &(from, to)| {
                let moved = resolved.delta(scratch, OneChange::QuotaMoved { from, to });
                ((from, to), moved)
            },
        )
        .collect();
    let name = |d: DistrictId| instance.districts[d.0].name.clone();
    let best = |pick: &dyn Fn(&(DistrictId, DistrictId)) -> Option<DistrictId>| {
        deltas
            .iter()
            .filter_map(|(pair, delta)| Some((pick(pair)?, (*delta)?)))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(d, delta)| (name(d), delta))
    };
    quotas
        .iter()
        .map(|&(district, _)| QuotaMargin {
            district: name(district),
            give_to: best(&|&(from, to)| (from == district).then_some(to)),
            take_from: best(&|&(from, to)| (to == district).then_some(from)),
        })
        .collect()
}

/// Each unit's minimum (`minimums`) with one more and one fewer, beside what its helpers cover
/// (`loads`: each helper's).
fn unit_margins(
    resolved: &Resolved,
    minimums: &[(UnitId, Count)],
    loads: &[Count],
) -> Vec<UnitMargin> {
    let instance = resolved.instance;
    minimums
        .par_iter()
        .inspect(|_| resolved.progress.inc())
        .map_init(
            || resolved.scratch(),
            |scratch, &(unit, minimum)| {
                let mut shifted = |by: i64| {
                    let minimum = Count::try_from(i64::from(minimum) + by).ok()?;
                    resolved.delta(scratch, OneChange::UnitMinimum { unit, minimum })
                };
                UnitMargin {
                    unit: instance.units[unit.0].name.clone(),
                    minimum,
                    covered: instance
                        .helpers
                        .iter()
                        .zip(loads)
                        .filter(|(h, _)| h.unit == Some(unit))
                        .map(|(_, &l)| l)
                        .sum(),
                    one_more: shifted(1),
                    one_fewer: shifted(-1),
                }
            },
        )
        .collect()
}
