//! `analyze completions SHELL`: a shell completion script on stdout
//! (clap_complete), for bash, zsh, fish, PowerShell or elvish.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::error::Result;

const EXAMPLES: &str = "\
Examples:
  analyze completions bash > ~/.local/share/bash-completion/completions/analyze
  analyze completions zsh > ~/.zfunc/_analyze      # with fpath+=(~/.zfunc) in ~/.zshrc
  analyze completions fish > ~/.config/fish/completions/analyze.fish
  analyze completions powershell >> $PROFILE";

/// Arguments of `analyze completions`.
#[derive(Debug, Clone, Args)]
#[command(after_help = EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    shell: Shell,
}

/// Print the completion script.
pub fn run(args: CompletionsArgs) -> Result<u8> {
    let mut cmd = super::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "analyze", &mut std::io::stdout());
    Ok(super::EXIT_OK)
}
