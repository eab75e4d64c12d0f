//! The `linli` binary.

fn main() -> std::process::ExitCode {
    linli::cli::main()
}
