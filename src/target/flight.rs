//! Flights: catalog reads sent together, pipelined on one connection, one round trip for
//! all (issue 15). A [`Flight`] is a list of typed queries (bind parameters, no statement
//! prepared: each goes as Parse, Bind, Execute with the parameter types given); [`run`]
//! sends them at once and waits for every answer. [`super::connect_reading`] sends a
//! flight together with the session's own first read (server version, TLS, identity).

use postgres::Row;
use postgres::types::{ToSql, Type};

/// One parameter of a query: an owned value and its type.
pub type Param = (Box<dyn ToSql + Sync + Send>, Type);

/// Queries sent together.
#[derive(Default)]
pub struct Flight {
    queries: Vec<(String, Vec<Param>)>,
    /// Per query: its error is kept for [`Flight::error`] instead of failing the flight
    /// ([`Flight::add_caught`]).
    caught: Vec<bool>,
    errors: std::sync::Mutex<Vec<(usize, postgres::Error)>>,
    /// No query: asks [`super::connect_deferred`]'s connection to queue its first read.
    defer: bool,
    /// The rows of a flight sent by someone else ([`Flight::send_keep`]).
    answer: std::sync::Mutex<Option<Vec<Vec<Row>>>>,
}

impl Flight {
    pub fn new() -> Flight {
        Flight::default()
    }

    /// The marker [`super::connect_deferred`] hands the connection: queue the session's
    /// first read instead of sending it.
    pub(super) fn deferring() -> Flight {
        Flight {
            defer: true,
            ..Flight::default()
        }
    }

    /// See [`Flight::deferring`].
    pub(super) fn defers_facts(&self) -> bool {
        self.defer
    }

    /// Add a query; its rows come back at the returned index.
    pub fn add(&mut self, sql: impl Into<String>, params: Vec<Param>) -> usize {
        self.queries.push((sql.into(), params));
        self.caught.push(false);
        self.queries.len() - 1
    }

    /// [`Flight::add`], for a query whose error must not fail the others: it comes back
    /// with no rows, and [`Flight::error`] gives its error. Outside a transaction each
    /// query is its own (a Sync each), so the server runs the others all the same.
    pub fn add_caught(&mut self, sql: impl Into<String>, params: Vec<Param>) -> usize {
        let i = self.add(sql, params);
        self.caught[i] = true;
        i
    }

    /// The error of query `i` added with [`Flight::add_caught`], once sent.
    pub fn error(&self, i: usize) -> Option<postgres::Error> {
        let mut errors = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        let at = errors.iter().position(|(j, _)| *j == i)?;
        Some(errors.remove(at).1)
    }

    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }

    /// Send every query on `c` at once and collect the rows of each, in order; the first
    /// error is returned.
    pub async fn send(&self, c: &tokio_postgres::Client) -> Result<Vec<Vec<Row>>, postgres::Error> {
        let all = futures_util::future::join_all(self.queries.iter().map(|(sql, params)| {
            let refs: Vec<(&(dyn ToSql + Sync), Type)> = params
                .iter()
                .map(|(v, t)| (&**v as &(dyn ToSql + Sync), t.clone()))
                .collect();
            async move { c.query_typed(sql, &refs).await }
        }))
        .await;
        let mut errors = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        all.into_iter()
            .enumerate()
            .map(|(i, r)| match r {
                Err(e) if self.caught[i] => {
                    errors.push((i, e));
                    Ok(vec![])
                }
                r => r,
            })
            .collect()
    }
}

impl Flight {
    /// [`Flight::send`], keeping the rows for [`Flight::answer`] (a flight the engine sends
    /// after a plan's statements, in the COMMIT's flight).
    pub async fn send_keep(&self, c: &tokio_postgres::Client) -> Result<(), postgres::Error> {
        let rows = self.send(c).await?;
        *self.answer.lock().unwrap_or_else(|p| p.into_inner()) = Some(rows);
        Ok(())
    }

    /// The rows kept by [`Flight::send_keep`], once (None: not sent, or failed).
    pub fn answer(&self) -> Option<Vec<Vec<Row>>> {
        self.answer.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// Run `flight` on `client`: one round trip for all its queries.
pub fn run(
    client: &mut postgres::Client,
    flight: &Flight,
) -> Result<Vec<Vec<Row>>, postgres::Error> {
    if flight.is_empty() {
        return Ok(vec![]);
    }
    client.pipeline(|c| flight.send(c))
}

/// Run `flight` in `tx`: one round trip for all its queries (and for whatever the
/// transaction has queued: its BEGIN, a lock).
pub fn run_in(
    tx: &mut postgres::Transaction<'_>,
    flight: &Flight,
) -> Result<Vec<Vec<Row>>, postgres::Error> {
    tx.pipeline(|t| flight.send(t.client()))
}

/// A parameter.
pub fn p<T: ToSql + Sync + Send + 'static>(value: T, ty: Type) -> Param {
    (Box::new(value), ty)
}

/// `server_version` as the server reports it at startup (`15.6 (Debian ...)`, `9.6.24`,
/// `17beta1`) as `server_version_num`.
pub fn version_num(v: &str) -> Option<i32> {
    let digits = |s: &str| -> Option<i32> {
        let d: String = s.chars().take_while(char::is_ascii_digit).collect();
        d.parse().ok()
    };
    let mut parts = v.split('.');
    let major = digits(parts.next()?)?;
    let minor = parts.next().and_then(digits).unwrap_or(0);
    if major >= 10 {
        Some(major * 10000 + minor)
    } else {
        let patch = parts.next().and_then(digits).unwrap_or(0);
        Some(major * 10000 + minor * 100 + patch)
    }
}

/// What a session's first read says, once answered.
pub struct Facts {
    pub server_version_num: i32,
    pub password_encryption: String,
    pub tls: super::TlsInfo,
    pub system_identifier: Option<String>,
}

/// A session's first read queued with the first request of its work
/// ([`super::connect_deferred`]).
#[derive(Clone)]
pub struct DeferredFacts {
    rows: postgres::KeptRows,
    target: crate::inventory::targets::Target,
    purpose: super::Purpose,
    /// The TLS plan's (verify chain, verify hostname).
    verify: (bool, bool),
}

impl std::fmt::Debug for DeferredFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeferredFacts")
            .field("received", &self.is_received())
            .finish()
    }
}

impl DeferredFacts {
    pub(super) fn new(
        rows: postgres::KeptRows,
        target: crate::inventory::targets::Target,
        purpose: super::Purpose,
        verify: (bool, bool),
    ) -> DeferredFacts {
        DeferredFacts {
            rows,
            target,
            purpose,
            verify,
        }
    }

    /// Whether the answer arrived.
    pub fn is_received(&self) -> bool {
        self.rows.with(|r| r.is_some())
    }

    /// The server version (`server_version_num`) the answer says, once it arrived: with
    /// a pipelined login, the session does not know it before.
    pub fn version(&self) -> Option<i32> {
        self.rows
            .with(|rows| rows.and_then(|r| r.first()).map(|row| row.get(0)))
    }

    /// What the answer says, after the identity check (a change session on another server
    /// than the one recorded is refused). Error: not answered yet.
    pub fn facts(&self) -> crate::error::Result<Facts> {
        let facts = self.rows.with(|rows| {
            let row = rows.and_then(|r| r.first())?;
            let in_use: bool = row.get(2);
            Some(Facts {
                server_version_num: row.get(0),
                password_encryption: row.get(1),
                tls: super::TlsInfo {
                    in_use,
                    protocol: row.get(3),
                    verified: in_use && self.verify.0,
                    hostname_verified: in_use && self.verify.1,
                },
                system_identifier: row.get(4),
            })
        });
        let facts = facts.ok_or_else(|| {
            crate::error::Error::failed("internal error: the session's first read was not answered")
                .on(self.target.name())
        })?;
        super::check_identity(&self.target, self.purpose, facts.system_identifier.clone())?;
        Ok(facts)
    }
}

#[cfg(test)]
mod tests {
    use super::version_num;

    #[test]
    fn server_versions_as_reported_at_startup() {
        assert_eq!(version_num("15.6 (Debian 15.6-1.pgdg120+2)"), Some(150006));
        assert_eq!(version_num("17beta1"), Some(170000));
        assert_eq!(version_num("9.6.24"), Some(90624));
        assert_eq!(version_num("16.0"), Some(160000));
        assert_eq!(version_num("x"), None);
    }
}
