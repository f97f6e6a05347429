//! Reading the change feed as one caller sees it: only entries of records they could read before
//! or after the change, in commit order, from a position, a bounded stretch at a time.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};

use super::AUDIENCE_CHANGED;
use crate::db::DbConn;
use crate::db::models::project_access::ReadScope;
use crate::error::ApiError;

/// A place in the feed: after the entry with this transaction id and sequence number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    pub txid: i64,
    pub seq: i64,
}

/// At most this many entries are looked at per page, however few of them the caller may see, so
/// that a caller who sees little of a long feed never waits for a scan of all of it.
pub const SCAN_LIMIT: i64 = 5_000;

/// One entry as the caller sees it.
#[derive(Debug, Clone, QueryableByName)]
pub struct SeenEntry {
    #[diesel(sql_type = BigInt)]
    pub seq: i64,
    #[diesel(sql_type = BigInt)]
    pub txid: i64,
    #[diesel(sql_type = Text)]
    pub resource: String,
    #[diesel(sql_type = Text)]
    pub resource_id: String,
    #[diesel(sql_type = Text)]
    pub action: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub version: Option<i64>,
    #[diesel(sql_type = Timestamp)]
    pub at: chrono::NaiveDateTime,
    /// Whether the caller could read the record before this change.
    #[diesel(sql_type = Bool)]
    pub visible_before: bool,
    /// Whether the caller can read it after this change.
    #[diesel(sql_type = Bool)]
    pub visible_after: bool,
}

impl SeenEntry {
    pub fn position(&self) -> Position {
        Position { txid: self.txid, seq: self.seq }
    }
}

#[derive(QueryableByName)]
struct Found {
    #[diesel(sql_type = BigInt)]
    txid: i64,
    #[diesel(sql_type = BigInt)]
    seq: i64,
}

/// What one read of the feed gives: up to `limit` entries, and how far it looked.
pub struct Stretch {
    pub entries: Vec<SeenEntry>,
    /// Where the next read starts.
    pub next: Position,
    /// Whether more entries may already be there (read again at once rather than later).
    pub more: bool,
}

/// Reads the entries after `after` that `scope` sees, of the kinds in `resources` (validated
/// names from [`super::RESOURCES`]), at most `limit` of them.
pub fn read(
    conn: &mut DbConn,
    scope: &ReadScope,
    after: Position,
    resources: &[&'static str],
    limit: i64,
) -> Result<Stretch, ApiError> {
    let horizon = horizon(conn)?;
    let bound: Option<Found> = bound(horizon, after, resources).load(conn)?.into_iter().next();
    let bound = bound.map(|f| Position { txid: f.txid, seq: f.seq });
    let mut entries: Vec<SeenEntry> = page(horizon, scope, after, bound, resources, limit + 1).load(conn)?;
    let more = entries.len() as i64 > limit;
    entries.truncate(limit as usize);
    let next = match (entries.last(), bound) {
        (Some(last), _) if more => last.position(),
        (_, Some(bound)) => bound,
        (Some(last), None) => last.position(),
        (None, None) => after,
    };
    Ok(Stretch { entries, next, more: more || bound.is_some() })
}

/// The position of the last entry a page may look at: the [`SCAN_LIMIT`]th after the cursor,
/// or none when fewer are there.
fn bound(horizon: Horizon, after: Position, resources: &[&'static str]) -> Statement {
    let mut sql = Statement::new(horizon);
    let cursor = sql.after(after);
    let filters = sql.committed_of_kinds(resources);
    sql.text = format!(
        "SELECT txid, seq FROM feed_entries WHERE {cursor}{filters} ORDER BY txid, seq LIMIT 1 OFFSET {}",
        SCAN_LIMIT - 1
    );
    sql
}

/// The caller's entries after the cursor (and up to the bound, when there is one).
fn page(
    horizon: Horizon,
    scope: &ReadScope,
    after: Position,
    bound: Option<Position>,
    resources: &[&'static str],
    limit: i64,
) -> Statement {
    let mut sql = Statement::new(horizon);
    let cursor = sql.after(after);
    let filters = sql.committed_of_kinds(resources);
    let before = sql.visible(scope, "was_audience", "was_readers");
    let now = sql.visible(scope, "audience", "readers");
    let upper = match bound {
        Some(bound) => {
            let (txid, seq) = (sql.int(bound.txid), sql.int(bound.seq));
            format!(" AND (txid, seq) <= ({txid}, {seq})")
        }
        None => String::new(),
    };
    let limit = sql.int(limit);
    sql.text = format!(
        "SELECT seq, txid, resource, resource_id, action, version, at, visible_before, visible_after FROM \
         (SELECT seq, txid, resource, resource_id, action, version, at, {before} AS visible_before, \
         {now} AS visible_after FROM feed_entries WHERE {cursor}{filters}{upper}) e \
         WHERE (visible_before OR visible_after) \
         AND NOT (visible_before AND visible_after AND action = '{AUDIENCE_CHANGED}') \
         ORDER BY txid, seq LIMIT {limit}"
    );
    sql
}

/// Which entries are surely committed (or never will be).
#[derive(Debug, Clone, Copy)]
enum Horizon {
    /// Those of transactions older than this one: the oldest still running in this database, or
    /// the next to start when none is. A later entry can only come from it or a younger one.
    Postgres(i64),
    /// All: SQLite has one writer at a time, so every entry a reader sees is committed and any
    /// later one gets a higher sequence number.
    Sqlite,
}

#[derive(QueryableByName)]
struct OldestRunning {
    #[diesel(sql_type = BigInt)]
    horizon: i64,
}

/// The transactions still running in this database, read before the entries (each statement
/// sees what was committed when it began): one that has ended by now is committed or rolled
/// back for the statements after this one. Only this database's transactions count, so a long
/// transaction in another database on the same server holds nothing back. `backend_xid` is the
/// low 32 bits of a transaction id; it is widened against the next one (one that started since,
/// "ahead" of it, holds nothing back).
fn horizon(conn: &mut DbConn) -> Result<Horizon, ApiError> {
    let DbConn::Pg(pg) = conn else {
        return Ok(Horizon::Sqlite);
    };
    let oldest: OldestRunning = diesel::sql_query(
        "SELECT COALESCE(MIN(CASE WHEN behind > 2147483648 THEN next ELSE next - behind END), MAX(next)) AS horizon \
         FROM (SELECT now.next, \
               ((now.next % 4294967296) - a.backend_xid::text::bigint + 4294967296) % 4294967296 AS behind \
               FROM (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next) now \
               LEFT JOIN pg_stat_activity a ON a.datname = current_database() AND a.backend_xid IS NOT NULL) running",
    )
    .get_result(pg)?;
    Ok(Horizon::Postgres(oldest.horizon))
}

/// A value bound to a statement.
enum Bound {
    Int(i64),
    Text(String),
}

/// A statement for one backend, and the values bound to its placeholders in order.
struct Statement {
    horizon: Horizon,
    text: String,
    binds: Vec<Bound>,
}

impl Statement {
    fn new(horizon: Horizon) -> Self {
        Statement { horizon, text: String::new(), binds: Vec::new() }
    }

    /// Binds a value; its placeholder.
    fn bind(&mut self, value: Bound) -> String {
        self.binds.push(value);
        // Numbered on both backends (SQLite's `?NNN`), so values bind in the order they were
        // added whatever order the text names them in.
        let n = self.binds.len();
        match self.horizon {
            Horizon::Postgres(_) => format!("${n}"),
            Horizon::Sqlite => format!("?{n}"),
        }
    }

    fn int(&mut self, value: i64) -> String {
        self.bind(Bound::Int(value))
    }

    fn after(&mut self, after: Position) -> String {
        let (txid, seq) = (self.int(after.txid), self.int(after.seq));
        format!("(txid, seq) > ({txid}, {seq})")
    }

    /// `AND …` keeping committed entries of the asked-for kinds.
    fn committed_of_kinds(&mut self, resources: &[&'static str]) -> String {
        let mut filters = String::new();
        if let Horizon::Postgres(horizon) = self.horizon {
            filters.push_str(&format!(" AND txid < {}", self.int(horizon)));
        }
        if !resources.is_empty() {
            // Names from the fixed list of kinds, never from the request.
            let names: Vec<String> = resources.iter().map(|r| format!("'{r}'")).collect();
            filters.push_str(&format!(" AND resource IN ({})", names.join(", ")));
        }
        filters
    }

    /// Whether the caller may read a record with this stored audience, as SQL.
    fn visible(&mut self, scope: &ReadScope, audience: &str, readers: &str) -> String {
        match scope {
            ReadScope::Everything => format!("({audience} <> 'none')"),
            ReadScope::Public => format!("({audience} = 'everyone')"),
            ReadScope::Member { institution_id, user_id } => {
                // An empty value never matches: every token has an id after its colon.
                let institution = self.bind(Bound::Text(institution_id.clone().unwrap_or_default()));
                let user = self.bind(Bound::Text(user_id.clone().unwrap_or_default()));
                format!(
                    "({audience} IN ('everyone', 'members') OR ({audience} = 'readers' AND \
                     ({readers} LIKE '% i:' || {institution} || ' %' OR {readers} LIKE '% u:' || {user} || ' %')))"
                )
            }
        }
    }

    fn load<T>(self, conn: &mut DbConn) -> Result<Vec<T>, ApiError>
    where
        T: QueryableByName<diesel::pg::Pg> + QueryableByName<diesel::sqlite::Sqlite> + 'static,
    {
        macro_rules! run {
            ($conn:expr) => {{
                let mut query = diesel::sql_query(self.text.as_str()).into_boxed();
                for value in &self.binds {
                    query = match value {
                        Bound::Int(n) => query.bind::<BigInt, _>(*n),
                        Bound::Text(t) => query.bind::<Text, _>(t.clone()),
                    };
                }
                query.load::<T>($conn)?
            }};
        }
        Ok(match conn {
            DbConn::Pg(pg) => run!(pg),
            DbConn::Sqlite(sqlite) => run!(sqlite),
        })
    }
}
