//! The `analyze` binary: parse arguments, run, print the error chain with
//! what to do next, and exit with a documented code (see `analyze --help`).

use std::process::ExitCode;

use clap::Parser;

use analyze::cmd::{self, Cli, Command, EXIT_ERROR};

/// mimalloc instead of the system allocator: a run allocates and frees
/// many short buffers on every thread, and glibc's allocator returned
/// them to the kernel and faulted them back in (see the README's speed
/// section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Huge pages only for a large corpus's segmentation tables
    // (src/memory.rs), off from the start.
    analyze::memory::start_small();
    let cli = Cli::parse();
    if let Command::Corpus(_) | Command::Cache(_) | Command::Completions(_) = cli.command {
        analyze::memory::keep_off();
    }
    match cmd::dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let mut shown = err.to_string();
            eprintln!("error: {shown}");
            let mut source = std::error::Error::source(&err);
            while let Some(s) = source {
                let text = s.to_string();
                // Typed errors often repeat their cause in their own message.
                if !shown.contains(&text) {
                    eprintln!("  caused by: {text}");
                }
                shown = text;
                source = s.source();
            }
            ExitCode::from(EXIT_ERROR)
        }
    }
}
