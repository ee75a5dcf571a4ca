//! The `pgacct` binary: everything lives in the library.

fn main() {
    // Writing to a closed pipe (`pgacct ... | head`) ends quietly instead of panicking.
    // Output that carries a new password ignores SIGPIPE instead, so that its loss is an
    // error (exit 1) rather than silence (`output::PasswordOnStdout`).
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Started with stdout closed (`>&-`)? Rust's runtime reopens a closed standard
    // descriptor on /dev/null (read-write) before main, so writes there "succeed": a
    // password written there would be lost without a word. A shell's `>/dev/null` opens
    // it write-only, which stays "taken as read".
    #[cfg(unix)]
    // SAFETY: fstat and fcntl on fd 1 write only into the local stat buffer.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        if libc::fstat(1, &mut st) == 0
            && (st.st_mode & libc::S_IFMT) == libc::S_IFCHR
            && st.st_rdev == libc::makedev(1, 3)
            && (libc::fcntl(1, libc::F_GETFL) & libc::O_ACCMODE) == libc::O_RDWR
        {
            pgacct::output::mark_stdout_closed();
        }
    }
    // An option variable set to the empty string means "not set", as in libpq, instead of
    // clap's "a value is required". Done before any thread exists.
    for var in [
        "PGACCT_INVENTORY",
        "PGACCT_FORMAT",
        "PGACCT_CONNECT_TIMEOUT",
        "PGACCT_LOCK_TIMEOUT",
        "PGACCT_STATEMENT_TIMEOUT",
    ] {
        if std::env::var_os(var).is_some_and(|v| v.is_empty()) {
            // SAFETY: single-threaded at this point.
            unsafe { std::env::remove_var(var) };
        }
    }
    std::process::exit(pgacct::main_entry());
}
