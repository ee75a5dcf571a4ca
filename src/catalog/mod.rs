//! Read-only queries of the server catalog (roles, memberships, privileges, settings),
//! always with bind parameters, and the advisory locks that serialize pgacct's changes.
//!
//! Managed roles carry a marker in their comment; the format is defined (and parsed) by
//! [`crate::kinds::Marker`]: `pgacct:kind=<kind>` on login roles made by `user create`,
//! `pgacct:group=<level>;db=<database>` on the per-database group roles (levels
//! `connect`, `read`, `write`, `owner`; names from [`crate::plan::create::group_name`]).
//! Read it with `shobj_description(oid, 'pg_authid')` and [`Marker::parse`].

pub mod inspect;
pub mod role;

pub use crate::kinds::Marker;
pub use role::{observe_create, read_role};

use postgres::types::{ToSql, Type};
use postgres::{GenericClient, Row, Statement};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How a session sends the catalog reads of [`role`] and the lock statements.
///
/// A single command reads once per connection: each statement goes with `query_typed`
/// (Parse, Bind and Execute in one round trip, planned anew) — [`Statements::once`].
/// A session that runs the same reads for many lines (`user apply`) prepares each
/// statement the first time and reuses it — [`Statements::reused`]: the server parses
/// it once per connection, and after a few runs its plan cache keeps a generic plan, so
/// a line no longer pays parse and planning for every read (measured in
/// docs/BENCHMARKS.md). Prepared statements outlive the transaction they were prepared
/// in and are closed when the cache is dropped.
///
/// A reused session also reads ahead (`user apply`'s create lines, several a flight):
/// the reads a planner would send for the next lines are captured ([`Statements::capture`]),
/// sent after the current line's own reads in their flight ([`Statements::read_ahead`]),
/// and their rows answer that planner's reads when they are the same queries with the
/// same parameters ([`Statements::query_all`]); anything else is read from the server.
#[derive(Clone, Default)]
pub struct Statements(
    Option<Arc<Mutex<HashMap<String, Statement>>>>,
    Option<Arc<Mutex<Ahead>>>,
);

/// A read as it is sent again: its SQL and its parameters, encoded.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    sql: String,
    params: Vec<(Type, Encoded)>,
}

/// A parameter in its binary encoding (None: NULL), sent as is.
#[derive(Clone, Debug, PartialEq)]
struct Encoded(Option<Vec<u8>>);

impl ToSql for Encoded {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match &self.0 {
            Some(b) => {
                out.extend_from_slice(b);
                Ok(postgres::types::IsNull::No)
            }
            None => Ok(postgres::types::IsNull::Yes),
        }
    }
    fn accepts(_ty: &Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

impl Read {
    /// `sql` with `params`, encoded now; None when one cannot be encoded.
    fn of(sql: &str, params: &[(&(dyn ToSql + Sync), Type)]) -> Option<Read> {
        let mut out = vec![];
        for (v, t) in params {
            let mut buf = postgres::types::private::BytesMut::new();
            let encoded = match v.to_sql_checked(t, &mut buf).ok()? {
                postgres::types::IsNull::Yes => Encoded(None),
                postgres::types::IsNull::No => Encoded(Some(buf.to_vec())),
            };
            out.push((t.clone(), encoded));
        }
        Some(Read {
            sql: sql.to_string(),
            params: out,
        })
    }
}

/// The reads ahead of a reused session.
#[derive(Default)]
pub struct Ahead {
    /// Capturing: reads are recorded, not sent (and answered with no rows).
    capturing: bool,
    captured: Vec<Read>,
    /// To go after the next reads, in their flight: per line, its lock and its reads.
    to_send: Vec<(Read, Vec<Read>)>,
    /// Read ahead, per line, with their rows: they answer the same reads once.
    answered: Vec<Vec<(Read, Vec<Row>)>>,
}

impl std::fmt::Debug for Statements {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Statements::reused"
        } else {
            "Statements::once"
        })
    }
}

impl Statements {
    /// Each read planned anew, one round trip each (a single command).
    pub fn once() -> Statements {
        Statements(None, None)
    }

    /// True for [`Statements::once`].
    pub fn is_once(&self) -> bool {
        self.0.is_none()
    }

    /// Reads prepared on first use and reused on this session (a batch).
    pub fn reused() -> Statements {
        Statements(Some(Arc::default()), Some(Arc::default()))
    }

    fn ahead(&self) -> Option<std::sync::MutexGuard<'_, Ahead>> {
        self.1
            .as_ref()
            .map(|a| a.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The reads `f` makes through these statements (a reused session only), captured:
    /// nothing is sent, and each read is answered with no rows (so `f` stops at its
    /// first one, as a planner does when it finds no admin role). None when `f` read
    /// nothing this way, or a parameter could not be encoded.
    pub fn capture(&self, f: impl FnOnce()) -> Option<Vec<Read>> {
        {
            let mut a = self.ahead()?;
            a.capturing = true;
            a.captured.clear();
        }
        f();
        let mut a = self.ahead()?;
        a.capturing = false;
        let captured = std::mem::take(&mut a.captured);
        (!captured.is_empty() && !captured.iter().any(|r| r.sql.is_empty())).then_some(captured)
    }

    /// Send, per line, its `lock` (rows dropped), then its `reads`, after the next reads
    /// (of [`Statements::query_all`]), in their flight and their transaction; the rows
    /// of a line's reads then answer the same reads once. Rows read ahead before are
    /// dropped.
    pub fn read_ahead(&self, lines: Vec<(Read, Vec<Read>)>) {
        if let Some(mut a) = self.ahead() {
            a.to_send = lines;
            a.answered.clear();
        }
    }

    /// How many lines' reads ahead were answered and not used yet.
    pub fn answered(&self) -> usize {
        self.ahead().map_or(0, |a| a.answered.len())
    }

    /// Drop what was read ahead and what was to be.
    pub fn clear_ahead(&self) {
        if let Some(mut a) = self.ahead() {
            a.to_send.clear();
            a.answered.clear();
        }
    }

    /// A captured read: `sql` with `params` recorded (an empty SQL when a parameter
    /// cannot be encoded: the capture is then dropped).
    fn captured(&self, sql: &str, params: &[(&(dyn ToSql + Sync), Type)]) -> bool {
        let Some(mut a) = self.ahead() else {
            return false;
        };
        if !a.capturing {
            return false;
        }
        let r = Read::of(sql, params).unwrap_or(Read {
            sql: String::new(),
            params: vec![],
        });
        a.captured.push(r);
        true
    }

    /// The rows a line read ahead for exactly `queries` (taken: they answer once), or
    /// None.
    fn answers(&self, queries: &[Query<'_>]) -> Option<Vec<Vec<Row>>> {
        let mut a = self.ahead()?;
        if a.answered.is_empty() {
            return None;
        }
        let wanted: Vec<Read> = queries
            .iter()
            .map(|(sql, params)| Read::of(sql, params))
            .collect::<Option<_>>()?;
        let at = a.answered.iter().position(|line| {
            line.len() == wanted.len() && line.iter().zip(&wanted).all(|((r, _), w)| r == w)
        })?;
        Some(
            a.answered
                .remove(at)
                .into_iter()
                .map(|(_, rows)| rows)
                .collect(),
        )
    }

    /// The rows of `sql` with typed parameters.
    pub fn query(
        &self,
        c: &mut impl GenericClient,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Vec<Row>, postgres::Error> {
        let Some(cache) = &self.0 else {
            return c.query_typed(sql, params);
        };
        if self.captured(sql, params) {
            return Ok(vec![]);
        }
        let known = cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(sql)
            .cloned();
        let stmt = match known {
            Some(s) => s,
            None => {
                let types: Vec<Type> = params.iter().map(|(_, t)| t.clone()).collect();
                let s = c.prepare_typed(sql, &types)?;
                cache
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(sql.to_string(), s.clone());
                s
            }
        };
        let values: Vec<&(dyn ToSql + Sync)> = params.iter().map(|(v, _)| *v).collect();
        c.query(&stmt, &values)
    }

    /// The rows of each query, sent in one flight (with what the transaction has queued:
    /// BEGIN, a lock). Reused statements are prepared on first use (once per connection),
    /// then only executed.
    pub fn query_all(
        &self,
        tx: &mut postgres::Transaction<'_>,
        queries: &[Query<'_>],
    ) -> Result<Vec<Vec<Row>>, postgres::Error> {
        let Some(cache) = &self.0 else {
            return tx.pipeline(|t| async move {
                let all = futures_util::future::join_all(
                    queries
                        .iter()
                        .map(|(sql, params)| t.query_typed(sql, params)),
                )
                .await;
                all.into_iter().collect()
            });
        };
        if self.1.is_some() {
            let mut capturing = false;
            for (sql, params) in queries {
                capturing |= self.captured(sql, params);
            }
            if capturing {
                return Ok(queries.iter().map(|_| vec![]).collect());
            }
            if let Some(rows) = self.answers(queries) {
                return Ok(rows);
            }
        }
        // Reads to send ahead replace the rows read ahead before; with none to send, those
        // rows stay (a line read ahead that reads again, e.g. under the database's lock,
        // leaves the next line's rows to it).
        let lines: Vec<(Read, Vec<Read>)> = self
            .ahead()
            .map(|mut a| {
                if !a.to_send.is_empty() {
                    a.answered.clear();
                }
                std::mem::take(&mut a.to_send)
            })
            .unwrap_or_default();
        // Each line's lock (true), then its reads.
        let ahead: Vec<(&Read, bool)> = lines
            .iter()
            .flat_map(|(lock, reads)| {
                std::iter::once((lock, true)).chain(reads.iter().map(|r| (r, false)))
            })
            .collect();
        let ahead_params: Vec<Vec<(&(dyn ToSql + Sync), Type)>> = ahead
            .iter()
            .map(|(r, _)| {
                r.params
                    .iter()
                    .map(|(t, v)| (v as &(dyn ToSql + Sync), t.clone()))
                    .collect()
            })
            .collect();
        let all: Vec<Query<'_>> = queries
            .iter()
            .copied()
            .chain(
                ahead
                    .iter()
                    .zip(&ahead_params)
                    .map(|((r, _), p)| (r.sql.as_str(), &p[..])),
            )
            .collect();
        let queries = &all[..];
        let mine = queries.len() - ahead.len();
        let mut stmts = Vec::with_capacity(queries.len());
        for (n, (sql, params)) in queries.iter().enumerate() {
            // The locks sent ahead are cheap to parse: never prepared (no round trip).
            if n >= mine && ahead[n - mine].1 {
                stmts.push(None);
                continue;
            }
            let known = cache
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(*sql)
                .cloned();
            stmts.push(Some(match known {
                Some(s) => s,
                None => {
                    let types: Vec<Type> = params.iter().map(|(_, t)| t.clone()).collect();
                    let s = tx.prepare_typed(sql, &types)?;
                    cache
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(sql.to_string(), s.clone());
                    s
                }
            }));
        }
        let stmts = &stmts;
        let mut rows: Vec<Vec<Row>> = tx.pipeline(|t| async move {
            let all = futures_util::future::join_all(stmts.iter().zip(queries).map(
                |(stmt, (sql, params))| {
                    let values: Vec<&(dyn ToSql + Sync)> = params.iter().map(|(v, _)| *v).collect();
                    async move {
                        match stmt {
                            Some(stmt) => t.query(stmt, &values).await,
                            None => t.query_typed(sql, params).await,
                        }
                    }
                },
            ))
            .await;
            all.into_iter().collect()
        })?;
        let read_ahead = rows.split_off(mine);
        if lines.is_empty() {
            return Ok(rows);
        }
        if let Some(mut a) = self.ahead() {
            let mut read_ahead = read_ahead.into_iter();
            // Only the lines whose lock was taken, up to the first that was not (its rows
            // were read without it; the lines after it wait for it: see `run_lines`).
            let mut answered = vec![];
            for (_, reads) in lines {
                let locked = read_ahead
                    .next()
                    .and_then(|rows| rows.first().and_then(|r| r.try_get::<_, bool>(0).ok()))
                    .unwrap_or(false);
                let rows: Vec<(Read, Vec<Row>)> =
                    reads.into_iter().zip(read_ahead.by_ref()).collect();
                if !locked {
                    break;
                }
                answered.push(rows);
            }
            a.answered = answered;
        }
        Ok(rows)
    }

    /// The one row of `sql`, or None.
    pub fn query_opt(
        &self,
        c: &mut impl GenericClient,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Option<Row>, postgres::Error> {
        Ok(self.query(c, sql, params)?.into_iter().next())
    }
}

/// A query and its typed parameters, for [`Statements::query_all`].
pub type Query<'a> = (&'a str, &'a [(&'a (dyn ToSql + Sync), Type)]);

/// First key of the advisory lock pgacct takes per role name (second key:
/// `hashtext(role name)`), at the start of every changing transaction on a role, in the
/// target database. Concurrent runs on one role in one database queue here, so the
/// second sees what the first committed.
pub const LOCK_ROLE: i32 = 0x7067_6163; // "pgac"
/// First key of the per-database advisory lock (second key 0), taken before pgacct sets
/// up or changes the database's group roles and their grants. Always taken after the
/// role lock, never before, so the two cannot deadlock; a session waiting for it may hold
/// other roles' locks taken ahead ([`lock_role_ahead`]), but whoever holds it waits for
/// no role's lock until its COMMIT.
pub const LOCK_DATABASE: i32 = 0x7067_6164; // "pgad"

/// Take the per-role lock (transaction scoped; advisory locks are per database), queued:
/// the lock goes out with the transaction's next request, in the same flight (its error
/// is that request's), in a batch too (the lock is cheap to parse: it is never prepared).
pub fn queue_lock_role(
    tx: &mut postgres::Transaction<'_>,
    role: &str,
) -> Result<(), postgres::Error> {
    tx.queue_typed(
        &queue_sql("pg_advisory_xact_lock($1, hashtext($2))"),
        &[(&LOCK_ROLE, Type::INT4), (&role, Type::TEXT)],
    )
}

/// The per-role lock of [`queue_lock_role`], tried (never waited for) and held by the session
/// (not the transaction) from a read ahead of the role's line (in the transaction of the
/// line before it) until that line committed ([`queue_unlock_ahead`]): the line's reads
/// and its transaction are under the lock, as one transaction's are. Its one row says
/// whether the lock was taken; when it was not (another run holds it), the rows read
/// ahead are not used. Never waiting, a read ahead cannot close a cycle of waits with
/// another run (a lock held ahead is released before the session waits for a role's
/// lock: see `engine::unit::run_lines`). None when it cannot be encoded.
pub fn lock_role_ahead(role: &str) -> Option<Read> {
    Read::of(
        "SELECT pg_try_advisory_lock($1, hashtext($2))",
        &[(&LOCK_ROLE, Type::INT4), (&role, Type::TEXT)],
    )
}

/// Release the locks of [`lock_role_ahead`], queued: it goes out with the session's next
/// request (after what is queued before it: the line's COMMIT). Every session-level
/// advisory lock of the session is released: a target session holds no other.
pub fn queue_unlock_ahead(c: &mut postgres::Client) -> Result<(), postgres::Error> {
    c.queue_typed_kept("SELECT pg_advisory_unlock_all()", &[])
        .map(|_| ())
}

/// Take the per-database lock for group and grant set-up (transaction scoped), queued
/// like [`queue_lock_role`]: it goes out with the next request.
pub fn queue_lock_database(tx: &mut postgres::Transaction<'_>) -> Result<(), postgres::Error> {
    tx.queue_typed(
        &queue_sql("pg_advisory_xact_lock($1, 0)"),
        &[(&LOCK_DATABASE, Type::INT4)],
    )
}

/// [`queue_lock_database`] only while one of `groups` (the database's group roles) is
/// missing, decided by the server when the request runs; the rows say whether it was
/// taken ([`database_locked`]). Queued before the catalog reads, it lets the first create
/// of a kind in a database read under the lock in the same flight (no second read after
/// locking). Reads sent after it in the transaction (read committed: each statement sees
/// what committed before it started) see what a concurrent creator committed.
pub fn queue_lock_database_if_missing(
    tx: &mut postgres::Transaction<'_>,
    groups: &[String],
) -> Result<postgres::KeptRows, postgres::Error> {
    tx.queue_typed_kept(
        "SELECT set_config('lock_timeout', q.prev, true), q.locked FROM (
           SELECT current_setting('lock_timeout') AS prev,
                  set_config('lock_timeout', '0', true) AS lifted,
                  CASE WHEN (SELECT count(*) FROM pg_catalog.pg_roles
                              WHERE rolname = ANY($2)) < cardinality($2)
                       THEN pg_advisory_xact_lock($1, 0) IS NOT NULL
                       ELSE false END AS locked
           OFFSET 0) q",
        &[(&LOCK_DATABASE, Type::INT4), (&groups, Type::NAME_ARRAY)],
    )
}

/// Whether [`queue_lock_database_if_missing`] took the lock (false until answered).
pub fn database_locked(kept: &postgres::KeptRows) -> bool {
    kept.with(|rows| {
        rows.and_then(|r| r.first())
            .and_then(|r| r.get::<_, Option<bool>>(1))
            .unwrap_or(false)
    })
}

/// Wait for a pgacct advisory lock: that is queueing behind another pgacct run, not a
/// stuck lock, so `lock_timeout` is lifted for the wait (the statement timeout still
/// bounds it) and restored after, all in one statement (one round trip): the inner
/// select list runs left to right (save the setting, lift it, wait for the lock; OFFSET 0
/// keeps it a separate step), then the outer one restores the saved value. A failed wait
/// aborts the transaction, and with it the transaction-local setting. Queries here and
/// in [`role`] are sent with `query_typed` (parameter types given, no separate prepare):
/// one round trip each instead of two. Parameters compared with catalog names are typed
/// `name` (a `text` parameter would turn `rolname = $1` into a scan of every role).
fn queue_sql(lock: &str) -> String {
    format!(
        "SELECT set_config('lock_timeout', q.prev, true) FROM (
           SELECT current_setting('lock_timeout') AS prev,
                  set_config('lock_timeout', '0', true) AS lifted,
                  {lock} AS locked
           OFFSET 0) q"
    )
}
