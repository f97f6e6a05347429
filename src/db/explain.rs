//! The query plan of any diesel query, on either backend: how the list queries are checked to
//! use indexes (`EXPLAIN` on PostgreSQL, `EXPLAIN QUERY PLAN` on SQLite).

use std::marker::PhantomData;

use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Integer, Text};
use diesel::{QueryResult, RunQueryDsl};

use crate::db::{DbConn, MultiBackend};

/// `prefix` + a query, read back as rows of `ST`.
struct Explain<Q, ST> {
    prefix: &'static str,
    query: Q,
    row: PhantomData<ST>,
}

impl<Q: QueryFragment<MultiBackend>, ST> QueryFragment<MultiBackend> for Explain<Q, ST> {
    fn walk_ast<'b>(&'b self, mut pass: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        pass.push_sql(self.prefix);
        self.query.walk_ast(pass.reborrow())
    }
}

impl<Q, ST> QueryId for Explain<Q, ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q, ST: 'static> Query for Explain<Q, ST> {
    type SqlType = ST;
}

impl<Q, ST> RunQueryDsl<DbConn> for Explain<Q, ST> {}

/// The plan of `query`, one line per step: PostgreSQL's `EXPLAIN` text, or the `detail` column
/// of SQLite's `EXPLAIN QUERY PLAN`.
pub fn plan<Q: QueryFragment<MultiBackend>>(conn: &mut DbConn, query: Q) -> QueryResult<Vec<String>> {
    match conn {
        DbConn::Pg(_) => Explain::<_, Text> { prefix: "EXPLAIN ", query, row: PhantomData }.load(conn),
        DbConn::Sqlite(_) => {
            let rows: Vec<(i32, i32, i32, String)> = Explain::<_, (Integer, Integer, Integer, Text)> {
                prefix: "EXPLAIN QUERY PLAN ",
                query,
                row: PhantomData,
            }
            .load(conn)?;
            Ok(rows.into_iter().map(|(_, _, _, detail)| detail).collect())
        }
    }
}
