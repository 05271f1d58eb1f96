//! The problem a solver is given, written out for other solvers: DIMACS min-cost flow for a network
//! (the integer costs the flow backend solves), and CPLEX LP or free MPS for the LP (the same
//! variables, bounds and constraints the LP backend builds). Pure renderers to bytes, so that an
//! anchor (OR-Tools, HiGHS) solves exactly what pairplan solved.

use std::fmt::Write;

use crate::model::{Description, Term, UNBOUNDED};

/// The comment line of a DIMACS export that gives the cost scale: this, then the number.
pub const DIMACS_SCALE_COMMENT: &str =
    "c a circulation with lower bounds; objective = Σ cost · flow / ";

/// The cost scale a DIMACS export states ([`DIMACS_SCALE_COMMENT`]), 1 when it states none.
pub fn dimacs_scale(text: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(DIMACS_SCALE_COMMENT))
        .and_then(|scale| scale.trim().parse().ok())
        .unwrap_or(1.0)
}

/// A network as DIMACS min-cost flow: `p min NODES ARCS`, one `a FROM TO LOW CAP COST` per arc
/// (1-based nodes, no supplies: a circulation with lower bounds). `costs` are the arcs' integer
/// costs, `scale` what they were multiplied by; comments say how to read the objective back.
pub fn render_dimacs(description: &Description, costs: &[i64], scale: f64, title: &str) -> Vec<u8> {
    let mut out = String::new();
    let _ = writeln!(out, "c pairplan: {title}");
    let _ = writeln!(out, "{DIMACS_SCALE_COMMENT}{scale}");
    let _ = writeln!(out, "c capacity {UNBOUNDED} means unbounded");
    let _ = writeln!(
        out,
        "p min {} {}",
        description.nodes.len(),
        description.arcs.len()
    );
    for (i, name) in description.nodes.iter().enumerate() {
        let _ = writeln!(out, "c node {} {name}", i + 1);
    }
    for (arc, cost) in description.arcs.iter().zip(costs) {
        let _ = writeln!(
            out,
            "a {} {} {} {} {cost}",
            arc.from + 1,
            arc.to + 1,
            arc.lower,
            arc.upper.min(UNBOUNDED)
        );
    }
    out.into_bytes()
}

/// Variable names: `x<arc>` for arcs, `b<pair>` for pair binaries; constraint names `n<node>`,
/// `s<side>` and `p<pair>c`/`p<pair>e` (the names of the description are in comments: LP and MPS
/// names must be ASCII and short).
fn term_name(term: Term) -> String {
    match term {
        Term::Arc(i) => format!("x{i}"),
        Term::Binary(i) => format!("b{i}"),
    }
}

/// A row of the LP: name, terms, sense and right-hand side.
struct Row {
    name: String,
    terms: Vec<(Term, f64)>,
    sense: &'static str,
    rhs: f64,
}

fn rows(description: &Description) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut terms: Vec<Vec<(Term, f64)>> = vec![Vec::new(); description.nodes.len()];
    for (i, arc) in description.arcs.iter().enumerate() {
        terms[arc.to].push((Term::Arc(i), 1.0));
        terms[arc.from].push((Term::Arc(i), -1.0));
    }
    for (n, terms) in terms.into_iter().enumerate() {
        rows.push(Row {
            name: format!("n{n}"),
            terms,
            sense: "=",
            rhs: 0.0,
        });
    }
    for (p, pair) in description.binaries.iter().enumerate() {
        let most = description.arcs[pair.arc].upper.min(UNBOUNDED) as f64;
        rows.push(Row {
            name: format!("p{p}c"),
            terms: vec![(Term::Arc(pair.arc), 1.0), (Term::Binary(p), -most)],
            sense: "<=",
            rhs: 0.0,
        });
        rows.push(Row {
            name: format!("p{p}e"),
            terms: vec![(Term::Arc(pair.arc), 1.0), (Term::Binary(p), -1.0)],
            sense: ">=",
            rhs: 0.0,
        });
    }
    for (s, side) in description.side.iter().enumerate() {
        if let Some(lower) = side.lower {
            rows.push(Row {
                name: format!("s{s}l"),
                terms: side.terms.clone(),
                sense: ">=",
                rhs: lower,
            });
        }
        if let Some(upper) = side.upper {
            rows.push(Row {
                name: format!("s{s}u"),
                terms: side.terms.clone(),
                sense: "<=",
                rhs: upper,
            });
        }
    }
    rows
}

/// The LP in CPLEX LP format.
pub fn render_lp(description: &Description, title: &str) -> Vec<u8> {
    let mut out = String::new();
    let _ = writeln!(out, "\\ pairplan: {title}");
    for (i, name) in description.nodes.iter().enumerate() {
        let _ = writeln!(out, "\\ n{i} = {name}");
    }
    for (s, side) in description.side.iter().enumerate() {
        let _ = writeln!(out, "\\ s{s} = {}", side.name);
    }
    let _ = writeln!(out, "Minimize\n obj:");
    for (i, arc) in description.arcs.iter().enumerate() {
        let cost = arc.cost.value();
        if cost != 0.0 {
            let _ = writeln!(out, " + {cost:?} x{i}");
        }
    }
    let _ = writeln!(out, "Subject To");
    for row in rows(description) {
        let _ = write!(out, " {}:", row.name);
        if row.terms.is_empty() {
            let _ = write!(out, " 0 x0");
        }
        for (term, coefficient) in &row.terms {
            let _ = write!(
                out,
                " {} {:?} {}",
                if *coefficient < 0.0 { "-" } else { "+" },
                coefficient.abs(),
                term_name(*term)
            );
        }
        let _ = writeln!(out, " {} {:?}", row.sense, row.rhs);
    }
    let _ = writeln!(out, "Bounds");
    for (i, arc) in description.arcs.iter().enumerate() {
        if arc.upper < UNBOUNDED {
            let _ = writeln!(out, " {} <= x{i} <= {}", arc.lower, arc.upper);
        } else {
            let _ = writeln!(out, " x{i} >= {}", arc.lower);
        }
    }
    if !description.binaries.is_empty() {
        let _ = writeln!(out, "Binaries");
        for p in 0..description.binaries.len() {
            let _ = writeln!(out, " b{p}");
        }
    }
    let _ = writeln!(out, "End");
    out.into_bytes()
}

/// The LP in free MPS format.
pub fn render_mps(description: &Description, title: &str) -> Vec<u8> {
    let rows = rows(description);
    let mut out = String::new();
    let _ = writeln!(out, "* pairplan: {title}");
    let _ = writeln!(out, "NAME pairplan");
    let _ = writeln!(out, "ROWS\n N obj");
    for row in &rows {
        let sense = match row.sense {
            "=" => "E",
            "<=" => "L",
            _ => "G",
        };
        let _ = writeln!(out, " {sense} {}", row.name);
    }
    // Column-wise: each variable's objective and row coefficients.
    let columns = description.arcs.len() + description.binaries.len();
    let mut entries: Vec<Vec<(String, f64)>> = vec![Vec::new(); columns];
    let column = |term: Term| match term {
        Term::Arc(i) => i,
        Term::Binary(p) => description.arcs.len() + p,
    };
    for (i, arc) in description.arcs.iter().enumerate() {
        let cost = arc.cost.value();
        if cost != 0.0 {
            entries[i].push(("obj".into(), cost));
        }
    }
    for row in &rows {
        for &(term, coefficient) in &row.terms {
            entries[column(term)].push((row.name.clone(), coefficient));
        }
    }
    let _ = writeln!(out, "COLUMNS");
    let mut in_integers = false;
    for (c, entries) in entries.iter().enumerate() {
        let binary = c >= description.arcs.len();
        if binary && !in_integers {
            let _ = writeln!(out, " MARKER 'MARKER' 'INTORG'");
            in_integers = true;
        }
        let name = if binary {
            format!("b{}", c - description.arcs.len())
        } else {
            format!("x{c}")
        };
        if entries.is_empty() {
            let _ = writeln!(out, " {name} obj 0");
        }
        for (row, coefficient) in entries {
            let _ = writeln!(out, " {name} {row} {coefficient:?}");
        }
    }
    if in_integers {
        let _ = writeln!(out, " MARKER 'MARKER' 'INTEND'");
    }
    let _ = writeln!(out, "RHS");
    for row in rows.iter().filter(|r| r.rhs != 0.0) {
        let _ = writeln!(out, " rhs {} {:?}", row.name, row.rhs);
    }
    let _ = writeln!(out, "BOUNDS");
    for (i, arc) in description.arcs.iter().enumerate() {
        if arc.lower != 0 {
            let _ = writeln!(out, " LO bnd x{i} {}", arc.lower);
        }
        if arc.upper < UNBOUNDED {
            let _ = writeln!(out, " UP bnd x{i} {}", arc.upper);
        }
    }
    for p in 0..description.binaries.len() {
        let _ = writeln!(out, " BV bnd b{p}");
    }
    let _ = writeln!(out, "ENDATA");
    out.into_bytes()
}
