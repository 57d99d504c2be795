//! `deroule`: Déroulé from the command line (see [`deroule::cli`]).

fn main() -> std::process::ExitCode {
    deroule::cli::main()
}
