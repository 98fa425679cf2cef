//! The `tinhgon` binary: everything is in the library; this only runs the command line.

/// mimalloc instead of the system allocator: under concurrent load the server spent a tenth of
/// its time in glibc's malloc and free (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tinhgon::cli::run()
}
