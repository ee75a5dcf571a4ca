//! The `pgacct` binary: everything lives in the library.

fn main() {
    // Writing to a closed pipe (`pgacct ... | head`) ends quietly instead of panicking.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(pgacct::main_entry());
}
