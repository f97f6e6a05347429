//! `GET /api/v1/centres/{id}/timeline`: a centre's shape over time — on every day something
//! changed, how many labs it had in each status and how many mirror links were in force, and
//! why. "Three pairs, then one: when and why" is one request.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::lab::{Lab, LabView};
use crate::db::models::lab_status::{self, LabStatusEntry};
use crate::db::models::mirror_link::MirrorLink;
use crate::db::schema::centres;
use crate::domain::lab::{LabStatus, MirrorKind};
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::http::record::{RecordId, RecordRequest};
use crate::http::responses::{NoSuchRecord, SignedIn};

/// Something that happened on a day.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineEvent {
    /// A lab's status changed.
    #[schema(title = "LabStatusChanged")]
    LabStatus {
        #[schema(format = Uuid)]
        lab_id: String,
        lab_name: String,
        status: LabStatus,
        reason: String,
    },
    /// A mirror link came into force.
    #[schema(title = "LinkStarted")]
    LinkStarted {
        #[schema(format = Uuid)]
        link_id: String,
        kind: MirrorKind,
        #[schema(value_type = [uuid::Uuid; 2])]
        lab_ids: [String; 2],
    },
    /// The link is no longer in force: this is the day after its last day (`ends_on`).
    #[schema(title = "LinkEnded")]
    LinkEnded {
        #[schema(format = Uuid)]
        link_id: String,
        kind: MirrorKind,
        #[schema(value_type = [uuid::Uuid; 2])]
        lab_ids: [String; 2],
        /// The link's end date: its last day in force.
        ends_on: NaiveDate,
        reason: Option<String>,
    },
}

/// The centre on a day on which something changed: every count is of that day, with the same
/// rules as everywhere else (a status is in effect from its `effective_on`; a mirror link is in
/// force from its `starts_on` through its `ends_on`).
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelinePoint {
    pub date: NaiveDate,
    /// Labs with a status in effect that is not `closed`.
    pub labs: usize,
    pub planned_labs: usize,
    pub active_labs: usize,
    pub suspended_labs: usize,
    pub closed_labs: usize,
    /// `mirror` links (Russia–China pairs) in force after the day.
    pub active_mirror_pairs: usize,
    /// `third_country` links in force after the day.
    pub active_third_country_links: usize,
    pub events: Vec<TimelineEvent>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "centre_id": "01a21f73-9c00-7000-8000-000000000201",
    "centre_name": "Joint Russian–Chinese Center for Systemic Pathology",
    "points": [
        {
            "date": "2021-03-01",
            "labs": 2,
            "planned_labs": 0,
            "active_labs": 2,
            "suspended_labs": 0,
            "closed_labs": 0,
            "active_mirror_pairs": 1,
            "active_third_country_links": 0,
            "events": [
                {
                    "type": "lab_status",
                    "lab_id": "01a21f73-9c00-7000-8000-000000000301",
                    "lab_name": "Laboratory of Immunopathology",
                    "status": "active",
                    "reason": "Opened under the RSF–NSFC joint call"
                },
                {
                    "type": "lab_status",
                    "lab_id": "01a21f73-9c00-7000-8000-000000000302",
                    "lab_name": "Laboratory of Inflammation Biology",
                    "status": "active",
                    "reason": "Opened under the RSF–NSFC joint call"
                },
                {
                    "type": "link_started",
                    "link_id": "01a21f73-9c00-7000-8000-000000000401",
                    "kind": "mirror",
                    "lab_ids": ["01a21f73-9c00-7000-8000-000000000301", "01a21f73-9c00-7000-8000-000000000302"]
                }
            ]
        },
        {
            "date": "2024-12-31",
            "labs": 2,
            "planned_labs": 0,
            "active_labs": 2,
            "suspended_labs": 0,
            "closed_labs": 0,
            "active_mirror_pairs": 0,
            "active_third_country_links": 0,
            "events": [
                {
                    "type": "link_ended",
                    "link_id": "01a21f73-9c00-7000-8000-000000000401",
                    "kind": "mirror",
                    "lab_ids": ["01a21f73-9c00-7000-8000-000000000301", "01a21f73-9c00-7000-8000-000000000302"],
                    "reason": "The Wuhan laboratory is suspended: targeted funding ended"
                }
            ]
        },
        {
            "date": "2025-01-01",
            "labs": 2,
            "planned_labs": 0,
            "active_labs": 1,
            "suspended_labs": 1,
            "closed_labs": 0,
            "active_mirror_pairs": 0,
            "active_third_country_links": 0,
            "events": [
                {
                    "type": "lab_status",
                    "lab_id": "01a21f73-9c00-7000-8000-000000000302",
                    "lab_name": "Laboratory of Inflammation Biology",
                    "status": "suspended",
                    "reason": "Targeted funding ended; staff moved to the Chelyabinsk lab"
                }
            ]
        }
    ]
}))]
pub struct Timeline {
    #[schema(format = Uuid)]
    pub centre_id: String,
    pub centre_name: String,
    /// Oldest first.
    pub points: Vec<TimelinePoint>,
}

/// A centre's labs and mirror links over time.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(RecordId),
    responses(
        (status = 200, description = "The timeline, oldest first", body = Timeline),
        NoSuchRecord, SignedIn,
    )
)]
#[get("/centres/{id}/timeline")]
pub async fn centre_timeline(request: RecordRequest<()>) -> Result<HttpResponse, ApiError> {
    let (exchange, id, ()) = request.into_parts()?;
    let story = exchange.read(move |conn, context| read(conn, context, &id)).await?;
    Ok(HttpResponse::Ok().json(story.timeline))
}

/// A centre's timeline and what it is made of: the centre's labs with their statuses, and the
/// mirror links touching them. The API answers with `timeline`; the console draws the rest.
#[derive(Debug)]
pub struct CentreStory {
    pub timeline: Timeline,
    /// The centre's labs, by English name.
    pub labs: Vec<LabView>,
    /// Every link with a lab of the centre on at least one side, oldest first.
    pub links: Vec<MirrorLink>,
}

/// The timeline of centre `centre_id` as `GET /api/v1/centres/{id}/timeline` reads it (every
/// signed-in caller; 404 when there is no such centre).
pub fn read(conn: &mut DbConn, context: &Context, centre_id: &str) -> Result<CentreStory, ApiError> {
    policy::read_registry(context.caller()?)?;
    let centre_name: String = centres::table.find(centre_id).select(centres::name_en).first(conn)?;
    let labs = Lab::of_centre(conn, centre_id)?;
    let labs = Lab::views(conn, labs)?;
    let statuses: Vec<(Lab, Vec<LabStatusEntry>)> = labs.iter().map(|v| (v.lab.clone(), v.statuses.clone())).collect();
    let lab_ids: Vec<String> = labs.iter().map(|v| v.lab.id.clone()).collect();
    let links = MirrorLink::touching(conn, &lab_ids)?;
    let timeline = Timeline { centre_id: centre_id.into(), centre_name, points: points(&statuses, &links)? };
    Ok(CentreStory { timeline, labs, links })
}

/// One point per day with events, each with the state after that day. Shared with
/// `GET /api/v1/stats`, which passes no links to get a centre's lab counts over time.
pub fn points(statuses: &[(Lab, Vec<LabStatusEntry>)], links: &[MirrorLink]) -> Result<Vec<TimelinePoint>, ApiError> {
    let mut events: BTreeMap<NaiveDate, Vec<TimelineEvent>> = BTreeMap::new();
    for (lab, entries) in statuses {
        for entry in entries {
            events.entry(entry.effective_on).or_default().push(TimelineEvent::LabStatus {
                lab_id: lab.id.clone(),
                lab_name: lab.name_en.clone(),
                status: entry.status()?,
                reason: entry.reason.clone(),
            });
        }
    }
    let mut kinds = Vec::with_capacity(links.len());
    for link in links {
        let (kind, lab_ids) = (link.kind()?, [link.lab_a_id.clone(), link.lab_b_id.clone()]);
        kinds.push(kind);
        events.entry(link.starts_on).or_default().push(TimelineEvent::LinkStarted {
            link_id: link.id.clone(),
            kind,
            lab_ids: lab_ids.clone(),
        });
        // The first day out of force; an end at the last representable date never comes.
        if let Some((end, out)) = link.ends_on.and_then(|end| Some((end, end.succ_opt()?))) {
            events.entry(out).or_default().push(TimelineEvent::LinkEnded {
                link_id: link.id.clone(),
                kind,
                lab_ids,
                ends_on: end,
                reason: link.end_reason.clone(),
            });
        }
    }
    events
        .into_iter()
        .map(|(date, events)| {
            let in_effect: Vec<LabStatus> = statuses
                .iter()
                .filter_map(|(_, entries)| lab_status::in_effect(entries, date).map(LabStatusEntry::status))
                .collect::<Result<_, _>>()?;
            let count = |status: LabStatus| in_effect.iter().filter(|s| **s == status).count();
            let in_force = |kind: MirrorKind| {
                links.iter().zip(&kinds).filter(|(link, k)| **k == kind && link.active_on(date)).count()
            };
            Ok(TimelinePoint {
                date,
                labs: in_effect.len() - count(LabStatus::Closed),
                planned_labs: count(LabStatus::Planned),
                active_labs: count(LabStatus::Active),
                suspended_labs: count(LabStatus::Suspended),
                closed_labs: count(LabStatus::Closed),
                active_mirror_pairs: in_force(MirrorKind::Mirror),
                active_third_country_links: in_force(MirrorKind::ThirdCountry),
                events,
            })
        })
        .collect()
}
