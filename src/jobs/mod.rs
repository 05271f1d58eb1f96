//! The planners' jobs, each a function from validated inputs to a typed result: [`plan`] (followers
//! after the programs they follow, programs sharing a capacity planned together), [`audit`]
//! (`check`: a ledger and reported figures against the rules), [`next_year`] (last year's pairings
//! kept where they can be, the frontier of changes, two pairings files compared), [`whatif`]
//! (scenarios and sweeps planned against the baseline) and [`catalogue`] (the programs described).
//! They read through [`inputs`] and compute through the stages below; nothing here prints or
//! writes a file. The commands of `cmd` call one job each and hand its result to `report`.

pub mod audit;
pub mod catalogue;
pub mod due;
pub mod init;
pub mod inputs;
pub mod next_year;
pub mod plan;
pub mod planning;
pub mod whatif;

pub use inputs::Inputs;

use crate::error::InputErrors;
use crate::report::output::OutputError;
use crate::solve::SolveError;

/// Why a command failed, with its exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Bad input: exit 2.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// Bad usage: exit 2.
    #[error("{0}")]
    Usage(String),
    /// An output refused (exit 2) or not written (exit 4).
    #[error("{0}")]
    Output(#[from] OutputError),
    /// No plan meets the rules: exit 1.
    #[error("{}: {source}", crate::i18n::program(program))]
    Infeasible {
        /// The program.
        program: String,
        /// Why.
        source: SolveError,
    },
    /// The time limit ran out before some program had a plan: exit 5.
    #[error("{}: {source}", crate::i18n::program(program))]
    TimeLimit {
        /// The program.
        program: String,
        /// The limit.
        source: SolveError,
    },
    /// A plan failed its own check: exit 3.
    #[error("{}", crate::tr!("internal-error", error = .0.as_str()))]
    Internal(String),
}

impl Failure {
    /// The program a failure to plan concerns (empty for the others).
    pub fn program(&self) -> &str {
        match self {
            Failure::Infeasible { program, .. } | Failure::TimeLimit { program, .. } => program,
            _ => "",
        }
    }

    /// The exit code of the contract.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) | Failure::Usage(_) => 2,
            Failure::Output(OutputError::Refused { .. }) => 2,
            Failure::Output(OutputError::Failed { .. }) => 4,
            Failure::Infeasible { .. } => 1,
            Failure::TimeLimit { .. } => 5,
            Failure::Internal(_) => 3,
        }
    }
}

impl From<serde_json::Error> for Failure {
    fn from(error: serde_json::Error) -> Self {
        Failure::Internal(error.to_string())
    }
}
