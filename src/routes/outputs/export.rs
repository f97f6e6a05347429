//! Outputs as CSV: one row per output, lists joined with `; `.

use actix_web::HttpResponse;

use crate::db::models::output::OutputView;
use crate::error::ApiError;
use crate::http::csv;

const COLUMNS: [&str; 14] = [
    "id",
    "kind",
    "title",
    "doi",
    "year",
    "venue",
    "url",
    "author_countries",
    "ru_cn",
    "project_ids",
    "funding_ids",
    "version",
    "created_at",
    "updated_at",
];

pub fn outputs(views: Vec<OutputView>) -> Result<HttpResponse, ApiError> {
    let rows = views.into_iter().map(|view| {
        let o = view.output;
        vec![
            o.id,
            o.kind,
            o.title,
            o.doi.unwrap_or_default(),
            o.year.to_string(),
            o.venue.unwrap_or_default(),
            o.url.unwrap_or_default(),
            o.author_countries.split(',').collect::<Vec<_>>().join("; "),
            o.ru_cn.to_string(),
            view.project_ids.join("; "),
            view.funding_ids.join("; "),
            o.version.to_string(),
            o.created_at.and_utc().to_rfc3339(),
            o.updated_at.and_utc().to_rfc3339(),
        ]
    });
    csv::response("outputs", &COLUMNS, rows)
}
