//! The LP backend: a [`Description`] written as a good_lp model — a variable per arc within its
//! bounds, flow conservation at every node (named after it: `quota[和平区]`…), a binary per pair
//! where pairs are counted, and the side constraints — solved by microlp, whose branch and bound
//! takes the binaries.

use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, Solution, SolverModel,
    Variable, WithTimeLimit,
};

use crate::model::{Description, Term, UNBOUNDED};

/// The model built from a description, ready to solve.
pub struct LpModel {
    variables: ProblemVariables,
    /// The cost to minimise.
    objective: Expression,
    /// Constraints with planner-readable names.
    pub constraints: Vec<(String, Constraint)>,
    arcs: Vec<Variable>,
}

/// How the LP ended.
pub enum Outcome {
    /// The flow on every arc, the objective, and whether optimality was proven (else the time
    /// limit stopped the search with this incumbent).
    Solved(Vec<i64>, f64, bool),
    /// No solution exists.
    Infeasible,
    /// The time limit ran out before any solution.
    TimeLimit,
    /// The solver returned a fractional flow, which the structure should rule out.
    NonIntegral(usize, f64),
    /// Anything else.
    Failed(String),
}

/// Writes a description as an LP.
pub fn build(description: &Description) -> LpModel {
    let mut variables = ProblemVariables::new();
    let mut objective = Expression::from(0.0);
    let mut arcs = Vec::with_capacity(description.arcs.len());
    let mut inflow = vec![Expression::from(0.0); description.nodes.len()];
    let mut outflow = vec![Expression::from(0.0); description.nodes.len()];
    for arc in &description.arcs {
        let mut bounds = variable().min(arc.lower as f64);
        if arc.upper < UNBOUNDED {
            bounds = bounds.max(arc.upper as f64);
        }
        let var = variables.add(bounds);
        objective += arc.cost.value() * var;
        inflow[arc.to] += var;
        outflow[arc.from] += var;
        arcs.push(var);
    }
    let mut constraints: Vec<(String, Constraint)> = description
        .nodes
        .iter()
        .zip(inflow.into_iter().zip(outflow))
        .map(|(name, (inflow, outflow))| (name.to_string(), constraint!(inflow == outflow)))
        .collect();
    let mut binaries = Vec::with_capacity(description.binaries.len());
    let uppers = implied_uppers(description);
    for pair in &description.binaries {
        let paired = variables.add(variable().binary());
        let mut arc = Expression::from(arcs[pair.arc]);
        let mut most = uppers[pair.arc] as f64;
        if let Some(kept) = pair.kept {
            arc += arcs[kept];
            most += uppers[kept] as f64;
        }
        let name = format!("pair[{}]", pair.arc);
        constraints.push((
            format!("{name}.carries"),
            constraint!(arc.clone() <= most * paired),
        ));
        constraints.push((format!("{name}.exists"), constraint!(arc >= paired)));
        binaries.push(paired);
    }
    for side in &description.side {
        let mut value = Expression::from(0.0);
        for &(term, coefficient) in &side.terms {
            value += coefficient
                * match term {
                    Term::Arc(i) => arcs[i],
                    Term::Binary(i) => binaries[i],
                };
        }
        match (side.lower, side.upper) {
            (Some(lower), Some(upper)) if lower == upper => {
                constraints.push((side.name.clone(), constraint!(value == lower)));
            }
            (lower, upper) => {
                if let Some(lower) = lower {
                    constraints.push((
                        format!("{}.min", side.name),
                        constraint!(value.clone() >= lower),
                    ));
                }
                if let Some(upper) = upper {
                    constraints.push((format!("{}.max", side.name), constraint!(value <= upper)));
                }
            }
        }
    }
    LpModel {
        variables,
        objective,
        constraints,
        arcs,
    }
}

/// Each arc's most flow as flow conservation implies it: no more than all arcs into its tail can
/// bring, nor more than all arcs out of its head can take, repeated while bounds still narrow.
/// A pair's binary is written `arc ≤ most · paired`; an unbounded `most` (a pair arc bounded only
/// by its helper's capacity two arcs further on) leaves the relaxation so weak that branch and
/// bound cannot close the gap.
fn implied_uppers(description: &Description) -> Vec<i64> {
    let mut uppers: Vec<i64> = description
        .arcs
        .iter()
        .map(|arc| arc.upper.min(UNBOUNDED))
        .collect();
    let nodes = description.nodes.len();
    // Each pass narrows a bound by one arc along a path; the paths of a description are short.
    for _ in 0..8 {
        let mut into = vec![0i64; nodes];
        let mut out_of = vec![0i64; nodes];
        for (arc, &upper) in description.arcs.iter().zip(&uppers) {
            into[arc.to] = into[arc.to].saturating_add(upper).min(UNBOUNDED);
            out_of[arc.from] = out_of[arc.from].saturating_add(upper).min(UNBOUNDED);
        }
        let mut narrowed = false;
        for (arc, upper) in description.arcs.iter().zip(uppers.iter_mut()) {
            let implied = (*upper).min(into[arc.from]).min(out_of[arc.to]);
            if implied < *upper {
                *upper = implied.max(arc.lower);
                narrowed = true;
            }
        }
        if !narrowed {
            break;
        }
    }
    uppers
}

impl LpModel {
    /// Variables and constraints, for the summary.
    pub fn size(&self) -> (usize, usize) {
        (self.variables.len(), self.constraints.len())
    }

    /// Solves by microlp within `seconds` when given, and reads the arcs' flows back, refusing
    /// fractions.
    pub fn solve(self, seconds: Option<f64>) -> Outcome {
        let mut problem = self
            .variables
            .minimise(self.objective.clone())
            .using(good_lp::microlp);
        if let Some(seconds) = seconds {
            problem = problem.with_time_limit(seconds);
        }
        for (_, constraint) in self.constraints {
            problem = problem.with(constraint);
        }
        let solution = match problem.solve() {
            Ok(solution) => solution,
            Err(good_lp::ResolutionError::Infeasible) => return Outcome::Infeasible,
            // good_lp's word for an interrupted run with no incumbent.
            Err(good_lp::ResolutionError::Other(text))
                if seconds.is_some() && text.contains("Time limit") =>
            {
                return Outcome::TimeLimit
            }
            Err(other) => return Outcome::Failed(other.to_string()),
        };
        // No gap is set: short of a proof, only the time limit may stop the solver.
        let proven = match solution.status() {
            good_lp::solvers::SolutionStatus::Optimal => true,
            good_lp::solvers::SolutionStatus::TimeLimit if seconds.is_some() => false,
            other => {
                return Outcome::Failed(format!(
                    "the solver stopped without proving optimality ({other:?})"
                ))
            }
        };
        let mut flows = Vec::with_capacity(self.arcs.len());
        for (i, var) in self.arcs.iter().enumerate() {
            let value = solution.value(*var);
            let rounded = value.round();
            if (value - rounded).abs() > 1e-6 {
                return Outcome::NonIntegral(i, value);
            }
            flows.push(rounded.max(0.0) as i64);
        }
        Outcome::Solved(flows, solution.eval(&self.objective), proven)
    }
}
