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
#[derive(Clone, Default)]
pub struct Statements(Option<Arc<Mutex<HashMap<String, Statement>>>>);

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
        Statements(None)
    }

    /// True for [`Statements::once`].
    pub fn is_once(&self) -> bool {
        self.0.is_none()
    }

    /// Reads prepared on first use and reused on this session (a batch).
    pub fn reused() -> Statements {
        Statements(Some(Arc::default()))
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
        let mut stmts = Vec::with_capacity(queries.len());
        for (sql, params) in queries {
            let known = cache
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(*sql)
                .cloned();
            stmts.push(match known {
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
            });
        }
        let stmts = &stmts;
        tx.pipeline(|t| async move {
            let all = futures_util::future::join_all(stmts.iter().zip(queries).map(
                |(stmt, (_, params))| {
                    let values: Vec<&(dyn ToSql + Sync)> = params.iter().map(|(v, _)| *v).collect();
                    async move { t.query(stmt, &values).await }
                },
            ))
            .await;
            all.into_iter().collect()
        })
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
/// role lock, never before, so the two cannot deadlock.
pub const LOCK_DATABASE: i32 = 0x7067_6164; // "pgad"

/// Take the per-role lock (transaction scoped; advisory locks are per database).
pub fn lock_role(
    c: &mut impl GenericClient,
    st: &Statements,
    role: &str,
) -> Result<(), postgres::Error> {
    st.query(
        c,
        &queue_sql("pg_advisory_xact_lock($1, hashtext($2))"),
        &[(&LOCK_ROLE, Type::INT4), (&role, Type::TEXT)],
    )
    .map(|_| ())
}

/// [`lock_role`], queued: the lock goes out with the transaction's next request, in the
/// same flight (its error is that request's), in a batch too (the lock is cheap to parse:
/// it is never prepared).
pub fn queue_lock_role(
    tx: &mut postgres::Transaction<'_>,
    _st: &Statements,
    role: &str,
) -> Result<(), postgres::Error> {
    tx.queue_typed(
        &queue_sql("pg_advisory_xact_lock($1, hashtext($2))"),
        &[(&LOCK_ROLE, Type::INT4), (&role, Type::TEXT)],
    )
}

/// Take the per-database lock for group and grant set-up (transaction scoped).
pub fn lock_database(c: &mut impl GenericClient, st: &Statements) -> Result<(), postgres::Error> {
    st.query(
        c,
        &queue_sql("pg_advisory_xact_lock($1, 0)"),
        &[(&LOCK_DATABASE, Type::INT4)],
    )
    .map(|_| ())
}

/// [`lock_database`], queued like [`queue_lock_role`]: it goes out with the next request.
pub fn queue_lock_database(
    tx: &mut postgres::Transaction<'_>,
    _st: &Statements,
) -> Result<(), postgres::Error> {
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
