//! The coordinators' and administrators' home: the open findings most urgent first, counts by
//! kind, the API's filters, a review form on every row, and the same selection as CSV.

use askama::Template;

use crate::console::frame::Frame;
use crate::console::pages::findings::filters::{self, FilterForm};
use crate::console::pages::findings::rows::{self, FindingRow};
use crate::db::DbConn;
use crate::db::models::finding_review::ReviewState;
use crate::db::models::user::User;
use crate::error::ApiError;
use crate::findings::engine::FindingKind;
use crate::findings::lookup::overview;
use crate::findings::report::FindingScope;
use crate::http::exchange::Context;
use crate::http::pagination::{DEFAULT_LIMIT, PageLink};
use crate::i18n::Texts;
use crate::routes::findings::DEFAULT_HORIZON_DAYS;
use crate::routes::findings::wire::{ListFindingsQuery, cursor_after};

/// A kind with how many findings of it match the other filters, and the link that selects it.
pub struct KindCount {
    pub kind: FindingKind,
    pub count: usize,
    pub href: String,
    pub selected: bool,
}

pub struct View {
    pub form: FilterForm,
    pub counts: Vec<KindCount>,
    pub total: usize,
    pub rows: Vec<FindingRow>,
    pub reviewers: Vec<(String, String)>,
    pub next: Option<String>,
    pub csv: String,
    /// The filters without the lab and the institution, for the links that remove them.
    pub without_lab: String,
    pub without_institution: String,
}

#[derive(Template)]
#[template(path = "console/home/staff.html")]
pub struct HomePage {
    pub frame: Frame,
    pub view: View,
    /// Where a review form comes back to without JavaScript.
    pub back: String,
}

impl HomePage {
    pub fn states(&self) -> &'static [ReviewState] {
        &ReviewState::ALL
    }
}

pub fn load(
    conn: &mut DbConn,
    context: &Context,
    texts: Texts<'_>,
    query: ListFindingsQuery,
) -> Result<View, ApiError> {
    let (scope, today) = (FindingScope::of(context.caller()?), context.today);
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT) as usize;
    let horizon = u64::from(query.horizon_days.unwrap_or(DEFAULT_HORIZON_DAYS));
    let mut found = overview(conn, today, horizon, (&scope, &query.filter()), query.after()?, limit + 1)?;
    let pairs = filters::pairs(&query);
    let next = (found.findings.len() > limit).then(|| {
        found.findings.truncate(limit);
        found.findings.last().map(|last| PageLink::new("/console/", &pairs).to(&cursor_after(last)))
    });
    let counts = FindingKind::ALL
        .iter()
        .map(|kind| {
            let count = found.by_kind.get(kind).copied().unwrap_or(0);
            let href = filters::link("/console/", &pairs, ("kind", Some(kind.as_str().to_owned())));
            KindCount { kind: *kind, count, href, selected: query.kind == Some(*kind) }
        })
        .collect();
    Ok(View {
        form: FilterForm::load(conn, texts.lang(), &query)?,
        counts,
        total: found.total,
        rows: rows::rows(conn, texts, today, found.findings)?,
        reviewers: User::active_staff(conn)?,
        next: next.flatten(),
        csv: filters::link("/console/findings.csv", &pairs, ("kind", query.kind.map(|k| k.as_str().to_owned()))),
        without_lab: filters::link("/console/", &pairs, ("lab_id", None)),
        without_institution: filters::link("/console/", &pairs, ("institution_id", None)),
    })
}
