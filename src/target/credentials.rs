//! The admin role and its password, never from the command line.
//!
//! Role: the target's `admin_user`, else `PGACCT_ADMIN_USER`. Password, first found wins:
//! `PGACCT_ADMIN_PASSWORD`, the target's password command, the libpq password file, and
//! an interactive prompt when stdin is a terminal (the prompt is asked only when the
//! server wants a password). A missing admin role or password is exit 4 (cannot
//! authenticate with the target): it is a per-target credentials problem that a script
//! handles like a wrong password, not a malformed command line.

use super::pgpass;
use crate::error::{Error, Result};
use crate::inventory::targets::Target;
use crate::secret::Secret;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Environment variable naming the admin role for targets that name none.
pub const ENV_USER: &str = "PGACCT_ADMIN_USER";
/// Environment variable holding the admin password for every target.
pub const ENV_PASSWORD: &str = "PGACCT_ADMIN_PASSWORD";
/// How long a password command may run.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// The admin role and (when one was found) its password, with where they came from.
pub struct Credentials {
    pub user: String,
    /// Where the role name came from: "target" or "PGACCT_ADMIN_USER".
    pub user_source: &'static str,
    pub password: Option<Secret>,
    /// Where the password came from, for messages: never the secret itself.
    pub source: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &self.password)
            .field("source", &self.source)
            .finish()
    }
}

/// The sources of the password chain, for the message when none had one.
pub fn sources_list(target: &Target) -> String {
    let pgpass = pgpass::path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "~/.pgpass".into());
    let registered;
    let cmd = if target.password_command.is_some() {
        "the target's password command"
    } else {
        registered = format!(
            "a password command (none registered: `pgacct registry set {} --password-command CMD`)",
            target.name()
        );
        registered.as_str()
    };
    format!(
        "{ENV_PASSWORD} (not set), {cmd}, the password file {pgpass} (PGPASSFILE), an interactive prompt (stdin is not a terminal){}",
        pgpassword_note()
    )
}

/// pgacct does not read `PGPASSWORD` (libpq does): said where the sources are listed,
/// and why, when it is set.
pub fn pgpassword_note() -> &'static str {
    if std::env::var_os("PGPASSWORD").is_some_and(|v| !v.is_empty()) {
        "; PGPASSWORD is set but not read: it would apply to every target and server alike and is inherited by every child process (password commands included); put the admin password in PGACCT_ADMIN_PASSWORD to mean it for pgacct, or better in .pgpass or a password command"
    } else {
        ""
    }
}

/// The admin role name for `target`.
pub fn admin_user(target: &Target) -> Result<(String, &'static str)> {
    if let Some(u) = target.admin_user.as_deref().filter(|u| !u.is_empty()) {
        return Ok((u.to_string(), "target"));
    }
    match std::env::var(ENV_USER) {
        Ok(u) if !u.trim().is_empty() => Ok((u.trim().to_string(), ENV_USER)),
        _ => Err(Error::connect(format!(
            "no admin role to connect to {} as: the target names none and {ENV_USER} is not set",
            target.name()
        ))
        .on(target.name())
        .hint(format!(
            "set {ENV_USER}=ROLE, or register the target's admin role with `pgacct registry set {} --admin-user ROLE`",
            target.name()
        ))),
    }
}

/// Resolve the role and the non-interactive password sources, in order. `warn` receives
/// warnings (an ignored password file). No password found is not an error here: the
/// server may not ask for one (trust, cert); the caller prompts or fails when it does.
pub fn resolve(target: &Target, warn: &dyn Fn(&str)) -> Result<Credentials> {
    let (user, user_source) = admin_user(target)?;
    if let Ok(p) = std::env::var(ENV_PASSWORD) {
        if !p.is_empty() {
            return Ok(Credentials {
                user,
                user_source,
                password: Some(Secret::new(p)),
                source: ENV_PASSWORD.into(),
            });
        }
    }
    if let Some(cmd) = &target.password_command {
        let pw = run_password_command(cmd, COMMAND_TIMEOUT).map_err(|e| e.on(target.name()))?;
        return Ok(Credentials {
            user,
            user_source,
            password: Some(pw),
            source: "password command".into(),
        });
    }
    if let Some(path) = pgpass::path() {
        let want = pgpass::Lookup {
            host: &target.host,
            port: target.port,
            database: &target.database,
            user: &user,
        };
        match pgpass::lookup_file(&path, &want) {
            pgpass::FileLookup::Found(pw) => {
                return Ok(Credentials {
                    user,
                    user_source,
                    password: Some(pw),
                    source: format!(".pgpass ({})", path.display()),
                });
            }
            pgpass::FileLookup::Ignored(w) => warn(&w),
            pgpass::FileLookup::Missing | pgpass::FileLookup::NoMatch => {}
        }
    }
    Ok(Credentials {
        user,
        user_source,
        password: None,
        source: "none".into(),
    })
}

/// Ask for the password on the terminal. Only when stdin is a terminal.
pub fn prompt(target: &Target, user: &str) -> Result<Option<Secret>> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let text = format!(
        "Password for admin role {user} on {} ({}): ",
        target.name(),
        target.server()
    );
    let pw = rpassword::prompt_password(crate::output::sanitize(&text)).map_err(|e| {
        Error::connect(format!(
            "cannot read the admin password from the terminal: {e}"
        ))
        .on(target.name())
    })?;
    Ok(Some(Secret::new(pw)))
}

/// The words of a password command that `sh -c` would run as one plain program with
/// these arguments, or None when the shell is needed: only letters, digits, spaces and
/// `_ . / - : , @ + % =` (no quoting, expansion, globbing, redirection or separators),
/// no variable assignment in front and no shell keyword or builtin as the program. Such
/// a command (`pass show pg/admin`, `vault kv get -field=password secret/pg`) is run
/// directly, which saves starting a shell per target.
fn plain_argv(cmd: &str) -> Option<Vec<&str>> {
    const SHELL_WORDS: &[&str] = &[
        "alias", "bg", "break", "case", "cd", "command", "continue", "do", "done", "elif", "else",
        "esac", "eval", "exec", "exit", "export", "fc", "fg", "fi", "for", "getopts", "hash", "if",
        "jobs", "kill", "local", "read", "readonly", "return", "set", "shift", "source", "then",
        "times", "trap", "type", "ulimit", "umask", "unalias", "unset", "until", "wait", "while",
    ];
    let plain = cmd
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " _./-:,@+%=".contains(c));
    let words: Vec<&str> = cmd.split(' ').filter(|w| !w.is_empty()).collect();
    let program = *words.first()?;
    if !plain || program.contains('=') || SHELL_WORDS.contains(&program) {
        return None;
    }
    Some(words)
}

/// Run the password command (directly when it is one plain program with arguments, see
/// [`plain_argv`], else with `sh -c`); its first line of stdout is the password. A
/// failing, silent or slow command is an error showing its exit status and stderr,
/// never its stdout.
pub fn run_password_command(cmd: &str, timeout: Duration) -> Result<Secret> {
    use std::os::unix::process::CommandExt;
    let hint = "the password command is run with `sh -c` and must print the admin password on its first line of stdout and exit 0";
    let mut command = match plain_argv(cmd) {
        Some(words) => {
            let mut c = Command::new(words[0]);
            c.args(&words[1..]);
            c
        }
        None => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(cmd);
            c
        }
    };
    let spawned = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn();
    // A program that cannot be started directly: let the shell say why (not found, not
    // executable), as it would have.
    let spawned = match spawned {
        Err(_) if plain_argv(cmd).is_some() => Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn(),
        other => other,
    };
    let mut child = spawned.map_err(|e| {
        Error::connect(format!("cannot run the password command with sh: {e}")).hint(hint)
    })?;
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut buf = zeroize::Zeroizing::new(Vec::new());
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut err).take(64 * 1024).read_to_end(&mut buf);
        buf
    });
    // Wait on a thread so that the exit is seen at once (a polling loop adds its sleep
    // to every run), bounded by the timeout.
    let pid = child.id() as i32;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = match rx.recv_timeout(timeout) {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            return Err(Error::connect(format!(
                "waiting for the password command failed: {e}"
            )));
        }
        Err(_) => {
            // Kill the whole process group, so that pipes held by grandchildren close.
            // SAFETY: plain syscall on the group we created for the child.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
            let _ = rx.recv();
            return Err(Error::connect(format!(
                "the password command did not finish within {} s and was stopped",
                timeout.as_secs()
            ))
            .hint(hint));
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let first = {
        let text = String::from_utf8_lossy(&stdout);
        let line = text.split('\n').next().unwrap_or("");
        Secret::new(line.strip_suffix('\r').unwrap_or(line).to_string())
    };
    let stderr_text = {
        let mut s = String::from_utf8_lossy(&stderr).trim().to_string();
        if first.appears_in(&s) {
            s = s.replace(first.expose(), "<redacted>");
        }
        if s.chars().count() > 2000 {
            s = s.chars().take(2000).collect::<String>() + "...";
        }
        s
    };
    let with_stderr = |msg: String| {
        if stderr_text.is_empty() {
            format!("{msg} (no stderr)")
        } else {
            format!("{msg}; stderr: {stderr_text}")
        }
    };
    if !status.success() {
        let how = match status.code() {
            Some(c) => format!("exit status {c}"),
            None => {
                use std::os::unix::process::ExitStatusExt;
                format!("killed by signal {}", status.signal().unwrap_or(0))
            }
        };
        return Err(Error::connect(with_stderr(format!(
            "the password command failed with {how}"
        )))
        .hint(hint));
    }
    if first.is_empty() {
        return Err(Error::connect(with_stderr(
            "the password command printed no password (its first line of stdout is empty)"
                .to_string(),
        ))
        .hint(hint));
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_command_first_line_is_the_password() {
        let pw = run_password_command("printf 'line1\\nline2\\n'", COMMAND_TIMEOUT).unwrap();
        assert_eq!(pw.expose(), "line1");
        let pw = run_password_command("printf 'crlf\\r\\n'", COMMAND_TIMEOUT).unwrap();
        assert_eq!(pw.expose(), "crlf");
    }

    #[test]
    fn failing_password_command_shows_status_and_stderr_not_stdout() {
        let e = run_password_command(
            "echo hunter2-on-stdout; echo vault is sealed >&2; exit 3",
            COMMAND_TIMEOUT,
        )
        .unwrap_err();
        assert!(e.message.contains("exit status 3"), "{}", e.message);
        assert!(e.message.contains("vault is sealed"), "{}", e.message);
        assert!(!e.message.contains("hunter2"), "{}", e.message);
        assert_eq!(e.exit_code().code(), 4);
    }

    #[test]
    fn plain_password_commands_run_without_a_shell() {
        assert_eq!(
            plain_argv("vault kv get -field=password secret/pg"),
            Some(vec!["vault", "kv", "get", "-field=password", "secret/pg"])
        );
        assert_eq!(
            plain_argv("cat  /run/secrets/pg"),
            Some(vec!["cat", "/run/secrets/pg"])
        );
        for shell in [
            "cat $HOME/pw",
            "cat ~/pw",
            "cat 'my file'",
            "cat pw | head -1",
            "cat pw; true",
            "cat pw*",
            "FOO=1 cmd",
            "exec cat pw",
            "cat pw > /dev/null",
            "printf 'a\\n'",
            "cat\tpw",
            "",
        ] {
            assert_eq!(plain_argv(shell), None, "{shell:?}");
        }
        // Run directly, and a missing program still gets the shell's message.
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("pw");
        std::fs::write(&f, "direct-pw\n").unwrap();
        let pw = run_password_command(&format!("cat {}", f.display()), COMMAND_TIMEOUT).unwrap();
        assert_eq!(pw.expose(), "direct-pw");
        let e = run_password_command("no-such-program-pgacct arg", COMMAND_TIMEOUT).unwrap_err();
        assert!(e.message.contains("not found"), "{}", e.message);
    }

    #[test]
    fn silent_password_command_is_an_error() {
        let e = run_password_command("true", COMMAND_TIMEOUT).unwrap_err();
        assert!(e.message.contains("printed no password"), "{}", e.message);
    }

    #[test]
    fn slow_password_command_is_stopped() {
        // A grandchild holding the pipe open must not keep us waiting either.
        let e =
            run_password_command("sleep 30 & sleep 30", Duration::from_millis(300)).unwrap_err();
        assert!(e.message.contains("did not finish"), "{}", e.message);
    }
}
