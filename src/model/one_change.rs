//! A program's description with one of its numbers changed (`plan --explain`'s changes: a helper's
//! capacity, a unit of quota moved, a unit's minimum), made by changing in place the few arcs that
//! number bounds and undone after: hundreds of changes are solved against one description rather
//! than hundreds of descriptions built anew.
//!
//! What each number bounds is decided in `describe` and its rules; this file repeats no rule, it
//! finds the arcs the rule made (kept in [`Handles`]) and sets what the rule would set with the
//! new number. Where a change reaches further than those arcs — a helper, district or unit that
//! becomes usable and so gains arcs, one that becomes unusable where that changes more than its own
//! arcs (see `may_empty`), a minimum that is a side constraint — it
//! declines, and the caller describes the changed program anew. A test holds every change to the
//! optimum of the program described anew.

use super::{balance_step, balance_steps_at, ArcSpec, Description, Skeleton, UnitCost, UNBOUNDED};
use crate::domain::{Count, Instance, OneChange, RuleKind, UnitId};

/// Where a one-program description keeps the arcs one number bounds.
#[derive(Debug, Clone, Default)]
pub(super) struct Handles {
    /// Each helper's entry node (where its pairs arrive).
    entry: Vec<usize>,
    /// Each helper's onward arcs (its capacity, or one per balance step).
    onward_arcs: Vec<Vec<usize>>,
    /// Each helper's gate and where its onward arcs go.
    load_ends: Vec<(usize, usize)>,
    /// Where balance steps stop.
    most_per_member: Count,
    /// Each district's arc (its quota).
    district_arcs: Vec<usize>,
    /// Each unit's arc into its district (its minimum).
    unit_arcs: Vec<usize>,
    /// Units whose minimum is a side constraint.
    units_across: std::collections::BTreeSet<UnitId>,
}

impl Handles {
    /// The handles of a described program's skeleton.
    pub(super) fn of(skeleton: Skeleton) -> Self {
        Handles {
            entry: skeleton.entry,
            onward_arcs: skeleton.onward_arcs,
            load_ends: skeleton.load_ends,
            most_per_member: skeleton.most_per_member,
            district_arcs: skeleton.district_arcs,
            unit_arcs: skeleton.unit_arcs,
            units_across: skeleton.units_across,
        }
    }
}

/// How to take a change back: each arc as it was, and how many arcs there were.
#[derive(Debug, Clone)]
pub struct Undo {
    arcs: Vec<(usize, ArcSpec)>,
    count: usize,
}

impl Description {
    /// Changes this description of `instance` (as it is, before the change) to the description of
    /// `instance` with `change` — the same optimum as describing the changed program anew — and
    /// says how to take it back; `None`, leaving it as it was, where the change reaches further
    /// than the arcs it bounds.
    pub fn apply_change(&mut self, instance: &Instance, change: OneChange) -> Option<Undo> {
        let handles = self.handles.take()?;
        let mut undo = Undo {
            arcs: Vec::new(),
            count: self.arcs.len(),
        };
        let changed = match change {
            OneChange::Capacity { helper, capacity } => {
                self.set_capacity(&handles, instance, (helper.0, capacity), &mut undo)
            }
            OneChange::QuotaMoved { from, to } => {
                match (instance.quota_of(from), instance.quota_of(to)) {
                    // Both districts keep a quota: their helpers stay usable, their arcs stay.
                    (Some(given), Some(taken)) if given > 1 && taken > 0 => {
                        let quota = |q: Count| (i64::from(q), i64::from(q));
                        self.set_bounds(handles.district_arcs[from.0], quota(given - 1), &mut undo);
                        self.set_bounds(handles.district_arcs[to.0], quota(taken + 1), &mut undo);
                        true
                    }
                    _ => false,
                }
            }
            OneChange::UnitMinimum { unit, minimum } => {
                let bound = instance.rules.get(RuleKind::UnitMinimum).is_some()
                    && !handles.units_across.contains(&unit);
                if bound {
                    let arc = handles.unit_arcs[unit.0];
                    self.set_bounds(arc, (i64::from(minimum), UNBOUNDED), &mut undo);
                }
                bound
            }
        };
        self.handles = Some(handles);
        if changed {
            Some(undo)
        } else {
            self.undo(undo);
            None
        }
    }

    /// Takes back a change made by [`Description::apply_change`].
    pub fn undo(&mut self, undo: Undo) {
        self.arcs.truncate(undo.count);
        for (arc, was) in undo.arcs.into_iter().rev() {
            self.arcs[arc] = was;
        }
    }

    /// Sets an arc's bounds, keeping how it was.
    fn set_bounds(&mut self, arc: usize, (lower, upper): (i64, i64), undo: &mut Undo) {
        undo.arcs.push((arc, self.arcs[arc].clone()));
        self.arcs[arc].lower = lower;
        self.arcs[arc].upper = upper;
    }

    /// A helper's capacity: its balance steps priced and counted for the new capacity (a step more
    /// is a new arc, a step fewer carries nothing), or its one arc bounded by it. `false` where the
    /// helper had or would have no capacity (it would gain or lose its arcs).
    fn set_capacity(
        &mut self,
        handles: &Handles,
        instance: &Instance,
        (h, capacity): (usize, Count),
        undo: &mut Undo,
    ) -> bool {
        // A helper's capacity that also bounds what each recipient may receive (an allotment
        // bounded by nothing else) reaches every group's arcs.
        if instance.helpers[h].capacity == 0
            || (instance.is_allotment() && instance.recipients_bounded_by_capacities())
        {
            return false;
        }
        let onward = &handles.onward_arcs[h];
        if capacity == 0 {
            if !self.may_empty(handles, instance, h) {
                return false;
            }
            for &arc in onward {
                self.set_bounds(arc, (0, 0), undo);
                self.arcs[arc].cost = UnitCost::ZERO;
            }
            return true;
        }
        let most = handles.most_per_member;
        match balance_steps_at(instance, capacity, most) {
            Some(steps) => {
                let (gate, to) = handles.load_ends[h];
                for k in 1..=steps.max(onward.len() as u32) {
                    let cost = balance_step(instance, k, capacity);
                    match onward.get(k as usize - 1) {
                        Some(&arc) if k <= steps => {
                            undo.arcs.push((arc, self.arcs[arc].clone()));
                            self.arcs[arc].cost = cost;
                        }
                        // Free as well as empty, so that its old capacity no longer counts
                        // towards the costs' common multiple (flow::network).
                        Some(&arc) => {
                            self.set_bounds(arc, (0, 0), undo);
                            self.arcs[arc].cost = UnitCost::ZERO;
                        }
                        None => {
                            self.arc(gate, to, (0, 1), cost);
                        }
                    }
                }
                true
            }
            // One free arc, bounded by the capacity where a capacity rule says so.
            None => {
                if let ([arc], true) = (&onward[..], instance.has_capacity_rule()) {
                    self.set_bounds(*arc, (0, i64::from(capacity)), undo);
                }
                debug_assert!(self.arcs[onward[0]].cost == UnitCost::ZERO);
                true
            }
        }
    }

    /// Whether helper `h` at no capacity is this description with its onward arcs closed. Described
    /// anew it would be unusable and lose its arcs, which is the same plan unless that changes
    /// more: its district no longer eligible for a county (no other usable helper there), or a pair
    /// with it required (a fixed pair, a unit named alone), which described anew is dropped rather
    /// than unmet.
    fn may_empty(&self, handles: &Handles, instance: &Instance, h: usize) -> bool {
        let Some(district) = instance.helpers[h].district else {
            return false;
        };
        let another = (0..instance.helpers.len()).any(|other| {
            other != h
                && instance.helpers[other].district == Some(district)
                && instance.helper_usable(crate::domain::HelperId(other))
        });
        let entry = handles.entry[h];
        another && !self.arcs.iter().any(|a| a.to == entry && a.lower > 0)
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{HelperId, OneChange, Rule};
    use crate::graph::PairingGraph;

    /// An allotment whose recipients are bounded only by every helper's capacity together: one
    /// helper's capacity reaches every group's arcs, so the change is described anew.
    #[test]
    fn a_capacity_that_bounds_every_recipient_is_not_changed_in_place() {
        let mut instance =
            crate::testkit::instance(&(vec![(0, 3, 0); 2], vec![(0, 0, 0); 2], false, 0));
        instance
            .rules
            .insert(Rule::RecipientUnits { min: 1, max: None });
        assert!(instance.recipients_bounded_by_capacities());
        let mut description = super::super::describe(&instance, &PairingGraph::build(&instance));
        let change = OneChange::Capacity {
            helper: HelperId(0),
            capacity: 1,
        };
        let arcs = description.arcs.clone();
        assert!(description.apply_change(&instance, change).is_none());
        assert_eq!(description.arcs, arcs, "declined, and left as it was");
        instance.rules.insert(Rule::RecipientUnits {
            min: 1,
            max: Some(3),
        });
        let mut description = super::super::describe(&instance, &PairingGraph::build(&instance));
        let undo = description.apply_change(&instance, change);
        assert!(undo.is_some(), "bounded per recipient: changed in place");
    }
}
