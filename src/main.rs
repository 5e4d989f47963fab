use std::process::ExitCode;

fn main() -> ExitCode {
    // No arguments: the interactive wizard. Anything else: the command line.
    if std::env::args_os().len() == 1 {
        return fastmcp_auth::tui::run();
    }
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    fastmcp_auth::cli::run(std::env::args_os(), &mut stdout, &mut stderr)
}
