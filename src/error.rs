//! Typed errors inside, one exit-code map at the edge.
//!
//! Every failure pgacct reports is an [`Error`]: a kind (which decides the exit code), a
//! message that says what happened, optionally the target it happened on and a hint that
//! says what to do next. Nothing in here may ever hold a password.

use std::fmt;

/// Process exit codes, documented in the README. The numbers are a public contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExitCode {
    /// Success, whether or not anything changed.
    Success = 0,
    /// The operation failed.
    Failed = 1,
    /// Invalid usage or input; nothing was sent anywhere.
    Usage = 2,
    /// A target or a role was not found.
    NotFound = 3,
    /// Cannot connect to or authenticate with a target.
    Connect = 4,
    /// Refused by a safety guard.
    Refused = 5,
    /// Some targets succeeded, some failed.
    Partial = 6,
    /// `report --exit-code`: something was found (drift, expiry, unmanaged roles, ...).
    Findings = 7,
}

impl ExitCode {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// What went wrong, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Failed,
    Usage,
    NotFound,
    Connect,
    Refused,
    Partial,
}

impl ErrorKind {
    pub fn exit_code(self) -> ExitCode {
        match self {
            ErrorKind::Failed => ExitCode::Failed,
            ErrorKind::Usage => ExitCode::Usage,
            ErrorKind::NotFound => ExitCode::NotFound,
            ErrorKind::Connect => ExitCode::Connect,
            ErrorKind::Refused => ExitCode::Refused,
            ErrorKind::Partial => ExitCode::Partial,
        }
    }

    /// Stable name used in JSON error objects.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Failed => "failed",
            ErrorKind::Usage => "usage",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Connect => "connect",
            ErrorKind::Refused => "refused",
            ErrorKind::Partial => "partial",
        }
    }
}

/// An error with everything the user needs: what, where, and what to do next.
#[derive(Debug, Clone)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// `env/db` or `host:port` the error happened on, when there is one.
    pub target: Option<String>,
    /// What to do next.
    pub hint: Option<String>,
    /// PostgreSQL SQLSTATE, when the error came from the server.
    pub sqlstate: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            target: None,
            hint: None,
            sqlstate: None,
        }
    }
    pub fn failed(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Failed, message)
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn connect(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Connect, message)
    }
    pub fn refused(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Refused, message)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn on(mut self, target: impl Into<String>) -> Self {
        if self.target.is_none() {
            self.target = Some(target.into());
        }
        self
    }
    pub fn sqlstate(mut self, code: impl Into<String>) -> Self {
        self.sqlstate = Some(code.into());
        self
    }
    pub fn exit_code(&self) -> ExitCode {
        self.kind.exit_code()
    }

    /// The message prefixed with its SQLSTATE, as the audit log's `error` holds it.
    pub fn audit_text(&self) -> String {
        match &self.sqlstate {
            Some(s) => format!("SQLSTATE {s}: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// The message followed by its SQLSTATE: `permission denied (SQLSTATE 42501)`.
    pub fn message_with_sqlstate(&self) -> String {
        match &self.sqlstate {
            Some(s) => format!("{} (SQLSTATE {s})", self.message),
            None => self.message.clone(),
        }
    }

    /// The JSON object printed on stderr in JSON mode.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "error": self.message,
            "code": self.exit_code().code(),
            "kind": self.kind.as_str(),
            "target": self.target,
            "hint": self.hint,
            "sqlstate": self.sqlstate,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.target {
            write!(f, "{t}: ")?;
        }
        write!(f, "{}", self.message_with_sqlstate())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_numbers() {
        assert_eq!(ErrorKind::Failed.exit_code().code(), 1);
        assert_eq!(ErrorKind::Usage.exit_code().code(), 2);
        assert_eq!(ErrorKind::NotFound.exit_code().code(), 3);
        assert_eq!(ErrorKind::Connect.exit_code().code(), 4);
        assert_eq!(ErrorKind::Refused.exit_code().code(), 5);
        assert_eq!(ErrorKind::Partial.exit_code().code(), 6);
    }

    #[test]
    fn display_names_target_and_sqlstate() {
        let e = Error::failed("permission denied to create role")
            .on("dev/app")
            .sqlstate("42501");
        assert_eq!(
            e.to_string(),
            "dev/app: permission denied to create role (SQLSTATE 42501)"
        );
        assert_eq!(e.to_json()["code"], 1);
    }
}
