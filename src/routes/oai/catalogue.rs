//! What the repository holds, as OAI-PMH sees it: the OpenAIRE CRIS sets, the sources each is
//! read from in order, and the records (live rows, or deletions from the history).
//!
//! Public records only, read as an anonymous caller would (`ReadScope::Public`): projects whose
//! visibility is `public`; the awards (awarded, active or ended) of those projects; the outputs of
//! at least one of them; and as organisation units the institutions whose laboratories take part
//! in one of them and the funders of their awards. Institutions and funders are not open to
//! anonymous readers of the API, so only those a public record already names are served.

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::deleted;
use super::request::Window;
use crate::db::models::funder::Funder;
use crate::db::models::funding::FundingRecord;
use crate::db::models::institution::Institution;
use crate::db::models::output::Output;
use crate::db::models::project::Project;
use crate::db::models::project_access::ReadScope;
use crate::db::schema::{funders, funding_records, institutions, outputs, projects};
use crate::db::{DbConn, MultiBackend};
use crate::domain::project::{FundingStatus, Visibility};
use crate::error::ApiError;
use crate::exports::cerif::OutputSet;

/// A list's order: datestamp, then an id (the record's, or its deletion's).
pub type Key = (NaiveDateTime, String);

/// Where records are read from; a set reads its sources one after another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Projects,
    Fundings,
    Institutions,
    Funders,
    Outputs(OutputSet),
    DeletedProjects,
    DeletedFundings,
    DeletedOutputs(OutputSet),
}

pub struct Set {
    pub spec: &'static str,
    pub name: &'static str,
    pub sources: &'static [Source],
}

/// The sets the guidelines name, recognised even when empty (no persons, events or equipment
/// are on record), in the order a list without a set reads them.
pub const SETS: [Set; 9] = [
    Set {
        spec: "openaire_cris_projects",
        name: "OpenAIRE_CRIS_projects",
        sources: &[Source::Projects, Source::DeletedProjects],
    },
    Set {
        spec: "openaire_cris_funding",
        name: "OpenAIRE_CRIS_funding",
        sources: &[Source::Fundings, Source::DeletedFundings],
    },
    Set {
        spec: "openaire_cris_orgunits",
        name: "OpenAIRE_CRIS_orgunits",
        sources: &[Source::Institutions, Source::Funders],
    },
    Set {
        spec: "openaire_cris_publications",
        name: "OpenAIRE_CRIS_publications",
        sources: &[Source::Outputs(OutputSet::Publications), Source::DeletedOutputs(OutputSet::Publications)],
    },
    Set {
        spec: "openaire_cris_products",
        name: "OpenAIRE_CRIS_products",
        sources: &[Source::Outputs(OutputSet::Products), Source::DeletedOutputs(OutputSet::Products)],
    },
    Set {
        spec: "openaire_cris_patents",
        name: "OpenAIRE_CRIS_patents",
        sources: &[Source::Outputs(OutputSet::Patents), Source::DeletedOutputs(OutputSet::Patents)],
    },
    Set { spec: "openaire_cris_persons", name: "OpenAIRE_CRIS_persons", sources: &[] },
    Set { spec: "openaire_cris_events", name: "OpenAIRE_CRIS_events", sources: &[] },
    Set { spec: "openaire_cris_equipments", name: "OpenAIRE_CRIS_equipments", sources: &[] },
];

/// The sources of set `spec` (of everything without one); `None` for a set that does not exist.
pub fn sources(spec: Option<&str>) -> Option<Vec<Source>> {
    match spec {
        None => Some(SETS.iter().flat_map(|set| set.sources.iter().copied()).collect()),
        Some(spec) => SETS.iter().find(|set| set.spec == spec).map(|set| set.sources.to_vec()),
    }
}

/// The set a source's records belong to.
fn set_of(source: Source) -> &'static str {
    SETS.iter().find(|set| set.sources.contains(&source)).map_or("", |set| set.spec)
}

/// One record of a list.
#[derive(Debug)]
pub struct Item {
    pub key: Key,
    pub record: Record,
}

#[derive(Debug)]
pub enum Record {
    Project(Project),
    Funding(FundingRecord),
    Institution(Institution),
    Funder(Funder),
    Output(Output, OutputSet),
    /// A record that was served and has been deleted: its CERIF id (`Projects/<uuid>`).
    Deleted {
        record_id: String,
        source: Source,
    },
}

impl Item {
    /// The CERIF id, which is also the local part of the OAI identifier.
    pub fn record_id(&self) -> String {
        use crate::exports::cerif;
        match &self.record {
            Record::Project(p) => cerif::project_id(&p.id),
            Record::Funding(f) => cerif::funding_id(&f.id),
            Record::Institution(i) => cerif::org_unit_id(&i.id),
            Record::Funder(f) => cerif::org_unit_id(&f.id),
            Record::Output(o, set) => set.record_id(&o.id),
            Record::Deleted { record_id, .. } => record_id.clone(),
        }
    }

    pub fn set_spec(&self) -> &'static str {
        set_of(match &self.record {
            Record::Project(_) => Source::Projects,
            Record::Funding(_) => Source::Fundings,
            Record::Institution(_) => Source::Institutions,
            Record::Funder(_) => Source::Funders,
            Record::Output(_, set) => Source::Outputs(*set),
            Record::Deleted { source, .. } => *source,
        })
    }

    /// The datestamp shown: to the second, as Identify declares.
    pub fn datestamp(&self) -> String {
        stamp(self.key.0)
    }

    pub fn deleted(&self) -> bool {
        matches!(self.record, Record::Deleted { .. })
    }
}

pub fn stamp(at: NaiveDateTime) -> String {
    at.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Which rows of a source to read: those in `window`, only `id` when given, after `after`.
pub struct Selection<'a> {
    pub window: &'a Window,
    pub only: Option<&'a str>,
    pub after: Option<&'a Key>,
}

/// Adds the window, the id and the keyset position to a boxed query over a table with `id` and
/// `updated_at`.
macro_rules! selected {
    ($query:expr, $table:ident, $selection:expr) => {{
        let selection = $selection;
        let mut query = $query;
        if let Some(from) = selection.window.from {
            query = query.filter($table::updated_at.ge(from));
        }
        if let Some(before) = selection.window.before {
            query = query.filter($table::updated_at.lt(before));
        }
        if let Some(id) = selection.only {
            query = query.filter($table::id.eq(id.to_owned()));
        }
        if let Some((at, id)) = selection.after {
            query =
                query.filter($table::updated_at.gt(*at).or($table::updated_at.eq(*at).and($table::id.gt(id.clone()))));
        }
        query
    }};
}

/// Loads up to `limit` rows of a selected query in list order, as items.
macro_rules! loaded {
    ($conn:expr, $query:expr, $table:ident, $row:ty, $limit:expr, $record:expr) => {{
        let rows: Vec<$row> = $query.order(($table::updated_at.asc(), $table::id.asc())).limit($limit).load($conn)?;
        rows.into_iter().map(|row| Item { key: (row.updated_at, row.id.clone()), record: $record(row) }).collect()
    }};
}

fn public_projects() -> projects::BoxedQuery<'static, MultiBackend> {
    projects::table.filter(ReadScope::Public.condition::<projects::table>()).into_boxed()
}

fn public_funding() -> funding_records::BoxedQuery<'static, MultiBackend> {
    let covering: Vec<&str> = FundingStatus::COVERING.iter().map(|s| s.as_str()).collect();
    funding_records::table
        .filter(ReadScope::Public.includes::<funding_records::table>("funding_records.project_id"))
        .filter(funding_records::status.eq_any(covering))
        .into_boxed()
}

/// Institutions with a laboratory in a public project.
fn named_institutions() -> institutions::BoxedQuery<'static, MultiBackend> {
    institutions::table
        .filter(sql::<Bool>(&format!(
            "institutions.id IN (SELECT l.institution_id FROM labs l JOIN project_labs pl ON pl.lab_id = l.id \
             JOIN projects p ON p.id = pl.project_id WHERE p.visibility = '{}')",
            Visibility::Public.as_str()
        )))
        .into_boxed()
}

/// Funders of a public award.
fn named_funders() -> funders::BoxedQuery<'static, MultiBackend> {
    let covering: Vec<String> = FundingStatus::COVERING.iter().map(|s| format!("'{}'", s.as_str())).collect();
    funders::table
        .filter(sql::<Bool>(&format!(
            "funders.id IN (SELECT f.funder_id FROM funding_records f JOIN projects p ON p.id = f.project_id \
             WHERE p.visibility = '{}' AND f.status IN ({}))",
            Visibility::Public.as_str(),
            covering.join(", ")
        )))
        .into_boxed()
}

fn public_outputs(set: OutputSet) -> outputs::BoxedQuery<'static, MultiBackend> {
    let kinds: Vec<&str> = set.kinds().into_iter().map(|k| k.as_str()).collect();
    outputs::table
        .filter(ReadScope::Public.includes_outputs::<outputs::table>())
        .filter(outputs::kind.eq_any(kinds))
        .into_boxed()
}

impl Source {
    /// Up to `limit` records of this source, in list order.
    pub fn read(self, conn: &mut DbConn, selection: &Selection<'_>, limit: i64) -> Result<Vec<Item>, ApiError> {
        Ok(match self {
            Source::Projects => {
                loaded!(
                    conn,
                    selected!(public_projects(), projects, selection),
                    projects,
                    Project,
                    limit,
                    Record::Project
                )
            }
            Source::Fundings => loaded!(
                conn,
                selected!(public_funding(), funding_records, selection),
                funding_records,
                FundingRecord,
                limit,
                Record::Funding
            ),
            Source::Institutions => loaded!(
                conn,
                selected!(named_institutions(), institutions, selection),
                institutions,
                Institution,
                limit,
                Record::Institution
            ),
            Source::Funders => {
                loaded!(conn, selected!(named_funders(), funders, selection), funders, Funder, limit, Record::Funder)
            }
            Source::Outputs(set) => {
                loaded!(conn, selected!(public_outputs(set), outputs, selection), outputs, Output, limit, |output| {
                    Record::Output(output, set)
                })
            }
            Source::DeletedProjects | Source::DeletedFundings | Source::DeletedOutputs(_) => {
                deleted::read(conn, self, selection, limit)?
            }
        })
    }

    /// How many records of this source fall in `window`.
    pub fn count(self, conn: &mut DbConn, window: &Window) -> Result<i64, ApiError> {
        let all = Selection { window, only: None, after: None };
        Ok(match self {
            Source::Projects => selected!(public_projects(), projects, &all).count().get_result(conn)?,
            Source::Fundings => selected!(public_funding(), funding_records, &all).count().get_result(conn)?,
            Source::Institutions => selected!(named_institutions(), institutions, &all).count().get_result(conn)?,
            Source::Funders => selected!(named_funders(), funders, &all).count().get_result(conn)?,
            Source::Outputs(set) => selected!(public_outputs(set), outputs, &all).count().get_result(conn)?,
            Source::DeletedProjects | Source::DeletedFundings | Source::DeletedOutputs(_) => {
                deleted::count(conn, self, window)?
            }
        })
    }
}

/// The sources a record id's entity (`Projects`, `OrgUnits`, …) is read from.
pub fn sources_of_entity(entity: &str) -> &'static [Source] {
    match entity {
        "Projects" => SETS[0].sources,
        "Fundings" => SETS[1].sources,
        "OrgUnits" => SETS[2].sources,
        "Publications" => SETS[3].sources,
        "Products" => SETS[4].sources,
        "Patents" => SETS[5].sources,
        _ => &[],
    }
}

/// The record with CERIF id `record_id` (`Projects/<uuid>`), live or deleted, if it is served.
pub fn find(conn: &mut DbConn, record_id: &str) -> Result<Option<Item>, ApiError> {
    let Some((entity, id)) = record_id.split_once('/') else { return Ok(None) };
    let window = Window::default();
    for source in sources_of_entity(entity) {
        let selection = Selection { window: &window, only: Some(id), after: None };
        if let Some(item) = source.read(conn, &selection, 1)?.into_iter().next() {
            return Ok(Some(item));
        }
    }
    Ok(None)
}

/// The earliest datestamp any record can have: the oldest creation of a row, or history entry.
pub fn earliest(conn: &mut DbConn) -> Result<Option<NaiveDateTime>, ApiError> {
    use crate::db::schema::history;
    use diesel::dsl::min;
    let candidates: [Option<NaiveDateTime>; 6] = [
        // Deletions (and the first entry of every record) are in the history.
        history::table.select(min(history::at)).first(conn)?,
        projects::table.select(min(projects::created_at)).first(conn)?,
        funding_records::table.select(min(funding_records::created_at)).first(conn)?,
        institutions::table.select(min(institutions::created_at)).first(conn)?,
        funders::table.select(min(funders::created_at)).first(conn)?,
        outputs::table.select(min(outputs::created_at)).first(conn)?,
    ];
    Ok(candidates.into_iter().flatten().min())
}
