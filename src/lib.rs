//! pairplan (结对规划) pairs Tianjin's helpers — districts, city units, enterprises, hospitals — with
//! recipients in the paired counties, meeting every quota of the 2019 work plans while balancing load.
//!
//! The data travels through one module per stage:
//!
//! 1. [`load`] — bytes → raw rows and specs (CSV tables, `models/*.toml`, `dataset.toml`);
//! 2. [`validate`] — rows → a checked [`domain::Instance`], all problems reported together;
//! 3. [`graph`] — a petgraph graph of who may help whom, with structural diagnostics, and
//!    [`diagnose`] — why no plan can exist, counted before any solver (typed reasons, min cuts);
//! 4. [`model`] — the program described once for every solver: a network with the rules as arc
//!    bounds, plus pair binaries and side constraints where a network is not enough;
//! 5. [`solve`] — the backends taking that description: `solve::flow` ([`mcf`]'s exact min-cost
//!    flow) and `solve::lp` (microlp), integrality;
//! 6. [`check`] — judges any plan against the rules, without the LP;
//! 7. [`summary`] — what a plan amounts to in the planners' numbers, computed once;
//! 8. [`report`] — renderers, one module per kind of output, and the atomic writer.
//!
//! Above the stages, [`jobs`] holds the planners' jobs (plan, audit, next year, what-if), each a
//! function from validated inputs to a typed result; [`cmd`] is one thin file per subcommand; [`synth`] generates the synthetic complement of the data;
//! [`targets`] checks actual figures against the target tables that need no pairing.

#![deny(missing_docs)]

pub mod calendar;
pub mod change;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod diagnose;
pub mod domain;
pub mod error;
pub mod graph;
pub mod i18n;
pub mod jobs;
pub mod load;
pub use mcf;
pub mod model;
pub mod progress;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod solve;
pub mod summary;
pub mod synth;
pub mod targets;
#[cfg(test)]
mod testkit;
pub mod text;
pub mod validate;
