//! The `pairplan` binary: a thin shell over the library.

fn main() -> std::process::ExitCode {
    pairplan::cli::run()
}
