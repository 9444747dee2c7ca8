//! The `analyze` binary: parse arguments, run, print the error chain with
//! what to do next, and exit with a documented code (see `analyze --help`).

use std::process::ExitCode;

use clap::Parser;

use analyze::cmd::{self, Cli, Command, EXIT_ERROR, EXIT_INTERRUPTED};

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
    // Ctrl-C or SIGTERM: the run folders being written are removed (the
    // earlier runs they would have replaced stay), and the exit says so.
    // A batch's jobs that had finished keep their folders.
    let _ = ctrlc::set_handler(|| {
        let removed = analyze::report::remove_unfinished();
        eprintln!(
            "\ninterrupted: the run folders being written were removed ({removed}); the folders of finished runs and of earlier runs are as they were"
        );
        std::process::exit(EXIT_INTERRUPTED);
    });
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
