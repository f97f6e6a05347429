//! Lists paged in creation order: the accounts and the mirror links.

use diesel::dsl::{Asc, CountStar, Gt, Limit, Order, Select};
use diesel::prelude::*;
use diesel::query_dsl::LoadQuery;
use diesel::query_dsl::methods::{FilterDsl, LimitDsl, OrderDsl, SelectDsl};
use diesel::sql_types::Text;

use crate::db::DbConn;
use crate::error::ApiError;

/// One page of `filtered()` (the list's query before paging) in creation order after the row
/// `after`, and the total matching: two queries. Ids are UUIDv7, so they sort by creation time.
pub fn in_creation_order<Q, Id, T>(
    conn: &mut DbConn,
    filtered: impl Fn() -> Q,
    id: Id,
    after: Option<&str>,
    limit: i64,
) -> Result<(Vec<T>, i64), ApiError>
where
    Id: Expression<SqlType = Text> + ExpressionMethods + Copy,
    Q: FilterDsl<Gt<Id, String>, Output = Q> + OrderDsl<Asc<Id>> + SelectDsl<CountStar>,
    Select<Q, CountStar>: RunQueryDsl<DbConn> + LoadQuery<'static, DbConn, i64>,
    Order<Q, Asc<Id>>: LimitDsl,
    Limit<Order<Q, Asc<Id>>>: RunQueryDsl<DbConn> + LoadQuery<'static, DbConn, T>,
{
    let total: i64 = SelectDsl::select(filtered(), diesel::dsl::count_star()).get_result(conn)?;
    let mut query = filtered();
    if let Some(after) = after {
        query = FilterDsl::filter(query, id.gt(after.to_owned()));
    }
    let page = LimitDsl::limit(OrderDsl::order(query, id.asc()), limit).load(conn)?;
    Ok((page, total))
}
