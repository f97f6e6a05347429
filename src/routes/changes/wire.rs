//! The change feed on the wire: the query, one change as a partner's system sees it, a page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::db::models::feed::read::SeenEntry;

/// `GET /api/v1/changes`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `next_cursor` of the previous page (or an item's `cursor`); without it, the feed
    /// starts at the beginning: every record there is, as a create.
    #[validate(length(max = 200))]
    #[param(
        max_length = 200,
        pattern = "^[A-Za-z0-9_-]*$",
        example = "eyJzb3J0IjoiY2hhbmdlcyIsImtleSI6IjAiLCJpZCI6IjQyIn0"
    )]
    pub after: Option<String>,
    /// Only these kinds, comma-separated: `project`, `funding`, `output`, `institution`, `lab`,
    /// `centre`, `funder`, `mirror_link` (default: all).
    #[validate(length(max = 200))]
    #[param(max_length = 200, example = "project,funding")]
    pub types: Option<String>,
    /// Changes per page, 1–1000 (default 100).
    #[validate(range(min = 1, max = 1000))]
    #[param(minimum = 1, maximum = 1000, example = 100)]
    pub limit: Option<u32>,
}

/// The kinds of record in the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeType {
    Project,
    Funding,
    Output,
    Institution,
    Lab,
    Centre,
    Funder,
    MirrorLink,
}

impl ChangeType {
    pub const ALL: [ChangeType; 8] = [
        ChangeType::Project,
        ChangeType::Funding,
        ChangeType::Output,
        ChangeType::Institution,
        ChangeType::Lab,
        ChangeType::Centre,
        ChangeType::Funder,
        ChangeType::MirrorLink,
    ];

    /// Its name in the feed (and in history).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeType::Project => "project",
            ChangeType::Funding => "funding",
            ChangeType::Output => "output",
            ChangeType::Institution => "institution",
            ChangeType::Lab => "lab",
            ChangeType::Centre => "centre",
            ChangeType::Funder => "funder",
            ChangeType::MirrorLink => "mirror_link",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        ChangeType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Where the record is read.
    fn path(self, id: &str) -> String {
        let collection = match self {
            ChangeType::Project => "projects",
            ChangeType::Funding => "funding",
            ChangeType::Output => "outputs",
            ChangeType::Institution => "institutions",
            ChangeType::Lab => "labs",
            ChangeType::Centre => "centres",
            ChangeType::Funder => "funders",
            ChangeType::MirrorLink => "mirror-links",
        };
        format!("/api/v1/{collection}/{id}")
    }
}

/// What happened to the record, for you.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    /// New to you: created, or just become visible to you.
    Create,
    /// Changed; read it again at `href`.
    Update,
    /// Gone for you: see `reason`. Drop your copy.
    Delete,
}

/// Why a record is gone for you.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// The record was deleted.
    Deleted,
    /// It still exists, but you may no longer read it (its visibility changed, or a laboratory
    /// of yours left its project).
    NoLongerVisible,
}

/// One change.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "cursor": "eyJzb3J0IjoiY2hhbmdlcyIsImtleSI6IjAiLCJpZCI6IjQyIn0",
    "type": "project", "id": "01a21f73-9c00-7000-8000-000000000701", "action": "update",
    "version": 3, "changed_at": "2026-12-07T09:30:00Z", "href": "/api/v1/projects/01a21f73-9c00-7000-8000-000000000701"
}))]
pub struct Change {
    /// Resume from just after this change.
    pub cursor: String,
    #[serde(rename = "type")]
    pub kind: ChangeType,
    #[schema(format = Uuid)]
    pub id: String,
    pub action: ChangeAction,
    /// Why it is gone (only with `delete`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<RemovalReason>,
    /// The record's version after the change (absent with `delete`): compare with your copy's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    pub changed_at: DateTime<Utc>,
    /// Where to read the record now (absent with `delete`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

impl Change {
    /// How `entry` looks to a caller: a create when it became visible to them, a delete when it
    /// stopped being; `None` for a kind outside the feed.
    pub fn seen(entry: SeenEntry, cursor: String) -> Option<Self> {
        let kind = ChangeType::parse(&entry.resource)?;
        let (action, reason) = match (entry.visible_before, entry.visible_after) {
            (true, true) => (ChangeAction::Update, None),
            (false, _) => (ChangeAction::Create, None),
            (true, false) if entry.action == "delete" => (ChangeAction::Delete, Some(RemovalReason::Deleted)),
            (true, false) => (ChangeAction::Delete, Some(RemovalReason::NoLongerVisible)),
        };
        let present = action != ChangeAction::Delete;
        Some(Change {
            cursor,
            kind,
            href: present.then(|| kind.path(&entry.resource_id)),
            id: entry.resource_id,
            action,
            reason,
            version: entry.version.filter(|_| present),
            changed_at: entry.at.and_utc(),
        })
    }
}

/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "items": [{
        "cursor": "eyJzb3J0IjoiY2hhbmdlcyIsImtleSI6IjAiLCJpZCI6IjQyIn0",
        "type": "funding", "id": "01a21f73-9c00-7000-8000-000000000801", "action": "delete",
        "reason": "no_longer_visible", "changed_at": "2026-12-07T09:30:00Z"
    }],
    "next_cursor": "eyJzb3J0IjoiY2hhbmdlcyIsImtleSI6IjAiLCJpZCI6IjQyIn0",
    "more": false,
    "next": null
}))]
pub struct ChangesPage {
    pub items: Vec<Change>,
    /// Where to resume: always there, also on an empty page. Keep it and ask again later.
    pub next_cursor: String,
    /// Whether more changes are waiting now: if so, ask again at once (`next`).
    pub more: bool,
    /// The next page's URL when `more` is true; null otherwise.
    #[schema(required = true)]
    pub next: Option<String>,
}
