//! The metadata of a part of a list, in the format asked for: what each record needs beside its
//! own row (a funding's funder, an output's public projects, a project's whole export) is read
//! once per part where it can be.

use std::collections::HashMap;

use diesel::prelude::*;

use super::catalogue::{Item, Record};
use super::request::Format;
use crate::db::DbConn;
use crate::db::models::funder::Funder;
use crate::db::models::project::Texts;
use crate::db::schema::{output_projects, projects};
use crate::domain::project::Visibility;
use crate::error::ApiError;
use crate::exports::xml::Xml;
use crate::exports::{cerif, dublin_core};
use crate::http::exchange::Context;
use crate::routes::projects::gather;

/// What the records of one part refer to.
pub struct Neighbours {
    funders: HashMap<String, Funder>,
    /// Per output, the public projects it came from: id and titles.
    origins: HashMap<String, Vec<(String, Texts)>>,
}

/// A project's id and its titles in English, Russian and Chinese.
type Origin = (String, Option<String>, Option<String>, Option<String>);

impl Neighbours {
    pub fn load(conn: &mut DbConn, items: &[Item]) -> Result<Self, ApiError> {
        let funder_ids: Vec<String> = items
            .iter()
            .filter_map(|item| match &item.record {
                Record::Funding(funding) => Some(funding.funder_id.clone()),
                _ => None,
            })
            .collect();
        let funders = Funder::find_many(conn, &funder_ids)?.into_iter().map(|f| (f.id.clone(), f)).collect();
        let output_ids: Vec<String> = items
            .iter()
            .filter_map(|item| match &item.record {
                Record::Output(output, _) => Some(output.id.clone()),
                _ => None,
            })
            .collect();
        let rows: Vec<(String, Origin)> = output_projects::table
            .inner_join(projects::table)
            .filter(output_projects::output_id.eq_any(&output_ids))
            .filter(projects::visibility.eq(Visibility::Public.as_str()))
            .order(projects::id.asc())
            .select((
                output_projects::output_id,
                (projects::id, projects::title_en, projects::title_ru, projects::title_zh),
            ))
            .load(conn)?;
        let mut origins: HashMap<String, Vec<(String, Texts)>> = HashMap::new();
        for (output, (id, en, ru, zh)) in rows {
            origins.entry(output).or_default().push((id, Texts { en, ru, zh }));
        }
        Ok(Neighbours { funders, origins })
    }
}

/// Writes the `metadata` element of a live record.
pub fn metadata(
    conn: &mut DbConn,
    xml: &mut Xml,
    item: &Item,
    format: Format,
    neighbours: &Neighbours,
    context: &Context,
    website: &str,
) -> Result<(), ApiError> {
    xml.open("metadata", &[]);
    match &item.record {
        Record::Project(project) => {
            let url = format!("{website}/api/v1/projects/{}", project.id);
            let export = gather(conn, context, &project.id, url)?;
            match format {
                Format::Cerif => cerif::project(xml, &project.id, &export),
                Format::DublinCore => dublin_core::project(xml, &export),
            }
        }
        Record::Funding(funding) => {
            let funder = neighbours
                .funders
                .get(&funding.funder_id)
                .ok_or_else(|| ApiError::internal_message(format!("funder {} is missing", funding.funder_id)))?;
            match format {
                Format::Cerif => cerif::funding(xml, funding, funder)?,
                Format::DublinCore => dublin_core::funding(xml, funding, funder)?,
            }
        }
        Record::Institution(institution) => match format {
            Format::Cerif => cerif::institution(xml, institution),
            Format::DublinCore => dublin_core::institution(xml, institution),
        },
        Record::Funder(funder) => match format {
            Format::Cerif => cerif::funder(xml, funder),
            Format::DublinCore => dublin_core::funder(xml, funder),
        },
        Record::Output(output, _) => {
            let origins = neighbours.origins.get(&output.id).map_or(&[][..], Vec::as_slice);
            match format {
                Format::Cerif => cerif::output(xml, output, origins)?,
                Format::DublinCore => dublin_core::output(xml, output, origins)?,
            }
        }
        Record::Deleted { .. } => {}
    }
    xml.close("metadata");
    Ok(())
}
