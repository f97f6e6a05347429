//! Who may read a record at one moment, kept beside each entry of the change feed so that a
//! reader is told of a record becoming visible (a create) or invisible (a removal) to them.
//!
//! It mirrors `project_access::ReadScope`: projects by their visibility and, when restricted, by
//! the institutions and heads of their laboratories; funding through its project; an output
//! through the widest of its projects; the registry's reference records for anyone signed in.

use std::collections::BTreeSet;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{labs, output_projects, project_labs, projects};
use crate::error::ApiError;

/// Who may read a record, from the widest to nobody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Anyone, signed in or not: public projects, their funding and outputs.
    Everyone,
    /// Every signed-in caller: `partners` projects, and institutions, funders, centres,
    /// laboratories and mirror links.
    Members,
    /// Coordinators and administrators, and the callers holding one of these tokens: `i:<id>` a
    /// laboratory's institution, `u:<id>` a laboratory's head (restricted projects).
    Readers(BTreeSet<String>),
    /// Coordinators and administrators only (an output linked to no project).
    Staff,
    /// No one: the record is deleted.
    Nobody,
}

impl Audience {
    /// The stored pair: the kind, and the reader tokens as ` i:… u:… ` (spaces around each
    /// token, so that `LIKE '% i:<id> %'` matches a whole token).
    pub fn stored(&self) -> (&'static str, String) {
        match self {
            Audience::Everyone => ("everyone", String::new()),
            Audience::Members => ("members", String::new()),
            Audience::Readers(tokens) => {
                let joined: String = tokens.iter().map(|t| format!(" {t}")).collect();
                ("readers", format!("{joined} "))
            }
            Audience::Staff => ("staff", String::new()),
            Audience::Nobody => ("none", String::new()),
        }
    }

    /// The audience of whoever may read any one of several records (an output's projects).
    fn widest(audiences: impl IntoIterator<Item = Audience>) -> Audience {
        let mut widest = Audience::Staff;
        for audience in audiences {
            widest = match (widest, audience) {
                (Audience::Everyone, _) | (_, Audience::Everyone) => Audience::Everyone,
                (Audience::Members, _) | (_, Audience::Members) => Audience::Members,
                (Audience::Readers(mut a), Audience::Readers(b)) => {
                    a.extend(b);
                    Audience::Readers(a)
                }
                (Audience::Readers(a), _) | (_, Audience::Readers(a)) => Audience::Readers(a),
                _ => Audience::Staff,
            };
        }
        widest
    }
}

/// The audience of a project now (nobody when it no longer exists).
pub fn of_project(conn: &mut DbConn, project_id: &str) -> Result<Audience, ApiError> {
    let visibility: Option<String> = projects::table
        .filter(projects::id.eq(project_id.to_owned()))
        .select(projects::visibility)
        .first(conn)
        .optional()?;
    match visibility.as_deref() {
        None => Ok(Audience::Nobody),
        Some("public") => Ok(Audience::Everyone),
        Some("partners") => Ok(Audience::Members),
        Some(_) => {
            let labs: Vec<(String, Option<String>)> = project_labs::table
                .inner_join(labs::table)
                .filter(project_labs::project_id.eq(project_id.to_owned()))
                .select((labs::institution_id, labs::head_user_id))
                .load(conn)?;
            let tokens = labs
                .into_iter()
                .flat_map(|(institution, head)| {
                    std::iter::once(format!("i:{institution}")).chain(head.map(|h| format!("u:{h}")))
                })
                .collect();
            Ok(Audience::Readers(tokens))
        }
    }
}

/// The audience of an output now: the widest of its projects' (staff only with none).
pub fn of_output(conn: &mut DbConn, output_id: &str) -> Result<Audience, ApiError> {
    let project_ids: Vec<String> = output_projects::table
        .filter(output_projects::output_id.eq(output_id.to_owned()))
        .select(output_projects::project_id)
        .load(conn)?;
    let audiences = project_ids.iter().map(|id| of_project(conn, id)).collect::<Result<Vec<_>, _>>()?;
    Ok(Audience::widest(audiences))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readers(tokens: &[&str]) -> Audience {
        Audience::Readers(tokens.iter().map(|t| (*t).to_owned()).collect())
    }

    #[test]
    fn an_output_is_read_by_whoever_reads_any_of_its_projects() {
        assert_eq!(Audience::widest([]), Audience::Staff);
        assert_eq!(Audience::widest([readers(&["i:a"]), readers(&["u:b"])]), readers(&["i:a", "u:b"]));
        assert_eq!(Audience::widest([readers(&["i:a"]), Audience::Members]), Audience::Members);
        assert_eq!(Audience::widest([Audience::Members, Audience::Everyone, readers(&["i:a"])]), Audience::Everyone);
    }

    #[test]
    fn reader_tokens_are_stored_with_a_space_on_each_side() {
        assert_eq!(readers(&["u:b", "i:a"]).stored(), ("readers", " i:a u:b ".to_owned()));
        assert_eq!(Audience::Nobody.stored(), ("none", String::new()));
    }
}
