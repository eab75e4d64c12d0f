//! The `linli` binary.

// glibc's allocator spent a fifth of a bulk import in malloc and free
// (measured with perf); mimalloc keeps per-thread pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    linli::cli::main()
}
