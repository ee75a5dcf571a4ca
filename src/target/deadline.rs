//! The client-side deadline: a server that stops answering after the connection was made
//! (a stopped backend, a frozen host, a network that drops packets silently) ends the
//! command with a clear error instead of hanging it forever.
//!
//! `statement_timeout` and `lock_timeout` are enforced by the server, so they cannot fire
//! when the server itself is stuck, and TCP keepalives do not help against a stopped
//! backend (its kernel still answers them). So every connection gets a response deadline
//! (`--statement-timeout` + [`MARGIN`]): while a request waits for an answer and the
//! server sends nothing for that long, the connection ends (tokio-postgres's
//! `Config::response_deadline`, a pgacct patch: vendor/PATCHES.md). The blocked call
//! fails, the error says the deadline ran out (exit 4), and the server, finding its
//! client gone, rolls the open transaction back: nothing is half-done. An idle session
//! (no request outstanding) is never ended by it.

use std::time::Duration;

/// Added to `--statement-timeout`: the server needs a moment to report its own timeout.
pub const MARGIN: Duration = Duration::from_secs(5);

/// The deadline that applies with `statement_timeout`; none when that is 0 (no
/// statement timeout: a statement may run as long as it takes).
pub fn for_statement_timeout(statement_timeout: Duration) -> Option<Duration> {
    (!statement_timeout.is_zero()).then(|| statement_timeout + MARGIN)
}

/// True when `cause` (an error's source text) is the response deadline running out.
pub fn is_deadline(cause: &str) -> bool {
    cause.contains("within the response deadline")
}
