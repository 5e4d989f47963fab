use std::process::ExitCode;

fn main() -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    // No arguments: the interactive wizard. Anything else: the command line.
    let mut args: Vec<_> = std::env::args_os().collect();
    if args.len() == 1 {
        args.push("wizard".into());
    }
    fastmcp_auth::cli::run(args, &mut stdout, &mut stderr)
}
