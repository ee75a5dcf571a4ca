//! The `pgacct` binary: everything lives in the library.

fn main() {
    // Writing to a closed pipe (`pgacct ... | head`) ends quietly instead of panicking.
    // Output that carries a new password ignores SIGPIPE instead, so that its loss is an
    // error (exit 1) rather than silence (`output::PasswordOnStdout`).
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
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
