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
}

impl Flight {
    pub fn new() -> Flight {
        Flight::default()
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
