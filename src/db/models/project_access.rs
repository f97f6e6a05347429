//! Who may read and who may change a project — and, through it, its funding and outputs.
//!
//! Reads are a SQL condition, so single reads, lists, counts, CSV exports and search all filter
//! the same way and no row the caller may not see ever leaves the database. Writes are decided
//! from the caller's relation to the project, loaded with the project in the same transaction.

use std::collections::BTreeSet;

use diesel::dsl::AsExprOf;
use diesel::dsl::sql;
use diesel::expression::{SqlLiteral, UncheckedBind};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use crate::auth::caller::{Caller, Principal};
use crate::db::schema::{institutions, labs, project_labs, projects};
use crate::db::{DbConn, MultiBackend};
use crate::domain::project::LabRole;
use crate::error::ApiError;

/// A condition on the rows of a query: boxed, so every scope has the same type.
pub type Condition<QS> = Box<dyn BoxableExpression<QS, MultiBackend, SqlType = Bool>>;

/// The SQL of a member's visibility rule with its two bound values.
type MemberSql = SqlLiteral<
    Bool,
    UncheckedBind<SqlLiteral<Bool, UncheckedBind<SqlLiteral<Bool>, AsExprOf<String, Text>>>, AsExprOf<String, Text>>,
>;

/// What a caller may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadScope {
    /// Coordinators and administrators: every project.
    Everything,
    /// Any other signed-in caller: `public` and `partners` projects, and `restricted` ones that a
    /// laboratory of their institution, or a laboratory they head, takes part in.
    Member { institution_id: Option<String>, user_id: Option<String> },
    /// Not signed in: `public` projects only.
    Public,
}

impl ReadScope {
    pub fn of(caller: Option<&Caller>) -> Self {
        match caller.map(|c| &c.principal) {
            None => ReadScope::Public,
            Some(Principal::User { role, .. }) if role.is_staff() => ReadScope::Everything,
            Some(Principal::User { id, institution_id, .. }) => {
                ReadScope::Member { institution_id: institution_id.clone(), user_id: Some(id.clone()) }
            }
            Some(Principal::PartnerToken { institution_id, .. }) => {
                ReadScope::Member { institution_id: Some(institution_id.clone()), user_id: None }
            }
        }
    }

    /// The projects this caller may read, as a condition on `projects` rows.
    ///
    /// Written as SQL (portable to both databases, with bound values) rather than with the query
    /// builder: one condition type for every scope, usable in any query and any subquery.
    pub fn condition<QS>(&self) -> Condition<QS> {
        self.sql("projects.visibility", "projects.id")
    }

    /// `column IN (the projects this caller may read)`: for funding and outputs, whose column
    /// names a project.
    pub fn includes<QS>(&self, column: &'static str) -> Condition<QS> {
        match self {
            ReadScope::Everything => Box::new(sql::<Bool>("1 = 1")),
            _ => {
                let prefix = format!("{column} IN (SELECT p.id FROM projects p WHERE ");
                Box::new(self.member_sql(&prefix, "p.visibility", "p.id", ")"))
            }
        }
    }

    /// Outputs of at least one project this caller may read, as a condition on `outputs` rows.
    pub fn includes_outputs<QS>(&self) -> Condition<QS> {
        match self {
            ReadScope::Everything => Box::new(sql::<Bool>("1 = 1")),
            _ => {
                let prefix = "outputs.id IN (SELECT op.output_id FROM output_projects op \
                              JOIN projects p ON p.id = op.project_id WHERE ";
                Box::new(self.member_sql(prefix, "p.visibility", "p.id", ")"))
            }
        }
    }

    fn sql<QS>(&self, visibility: &str, id: &str) -> Condition<QS> {
        match self {
            ReadScope::Everything => Box::new(sql::<Bool>("1 = 1")),
            _ => Box::new(self.member_sql("(", visibility, id, ")")),
        }
    }

    /// `prefix` + the visibility rule on `visibility` and `id` columns + `suffix`, with the
    /// caller's institution and account bound as values (an empty string never matches an id).
    fn member_sql(&self, prefix: &str, visibility: &str, id: &str, suffix: &str) -> MemberSql {
        let (open, institution, user) = match self {
            ReadScope::Member { institution_id, user_id } => (
                "'public', 'partners'",
                institution_id.clone().unwrap_or_default(),
                user_id.clone().unwrap_or_default(),
            ),
            _ => ("'public'", String::new(), String::new()),
        };
        sql::<Bool>(&format!(
            "{prefix}{visibility} IN ({open}) OR {id} IN (SELECT pl.project_id FROM project_labs pl \
             JOIN labs l ON l.id = pl.lab_id WHERE l.institution_id = "
        ))
        .bind::<Text, _>(institution)
        .sql(" OR l.head_user_id = ")
        .bind::<Text, _>(user)
        .sql(&format!("){suffix}"))
    }

    /// Whether the caller may read the project; a project they may not read is "not found".
    pub fn check(&self, conn: &mut DbConn, project_id: &str) -> Result<(), ApiError> {
        let visible: Option<String> = projects::table
            .filter(projects::id.eq(project_id.to_owned()))
            .filter(self.condition::<projects::table>())
            .select(projects::id)
            .first(conn)
            .optional()?;
        if visible.is_some() { Ok(()) } else { Err(ApiError::NotFound) }
    }
}

/// How a lab head stands to a project: which of its laboratories they head.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Involvement {
    /// They head the lead laboratory.
    pub heads_lead: bool,
    /// They head at least one of its laboratories (lead or partner).
    pub heads_any: bool,
    /// The countries of the laboratories they head in it: the sides whose funding they keep.
    pub sides: BTreeSet<String>,
}

impl Involvement {
    /// Loads, in one query, how `user_id` heads the laboratories of a project.
    pub fn load(conn: &mut DbConn, project_id: &str, user_id: &str) -> Result<Self, ApiError> {
        let rows: Vec<(String, String)> = project_labs::table
            .inner_join(labs::table.inner_join(institutions::table))
            .filter(project_labs::project_id.eq(project_id.to_owned()))
            .filter(labs::head_user_id.eq(user_id.to_owned()))
            .select((project_labs::role, institutions::country))
            .load(conn)?;
        Ok(Involvement {
            heads_lead: rows.iter().any(|(role, _)| role == LabRole::Lead.as_str()),
            heads_any: !rows.is_empty(),
            sides: rows.into_iter().map(|(_, country)| country).collect(),
        })
    }

    /// For callers who are not lab heads.
    pub fn none() -> Self {
        Involvement::default()
    }
}

/// Loads the caller's involvement in a project (none for anyone but a lab head).
pub fn involvement(conn: &mut DbConn, caller: &Caller, project_id: &str) -> Result<Involvement, ApiError> {
    match &caller.principal {
        Principal::User { id, role: crate::domain::role::Role::LabHead, .. } => Involvement::load(conn, project_id, id),
        _ => Ok(Involvement::none()),
    }
}
