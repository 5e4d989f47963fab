use std::process::ExitCode;

fn main() -> ExitCode {
    ignore_file_size_signal();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    // No arguments: the interactive wizard. Anything else: the command line.
    let mut args: Vec<_> = std::env::args_os().collect();
    if args.len() == 1 {
        args.push("wizard".into());
    }
    fastmcp_auth::cli::run(args, &mut stdout, &mut stderr)
}

/// A write past `ulimit -f` then fails with EFBIG, so the save removes its temporary file
/// and says "file size limit", instead of SIGXFSZ ending the process mid-write.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN before any other thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
