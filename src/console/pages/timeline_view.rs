//! A centre's timeline (`GET /api/v1/centres/{id}/timeline`, the same `CentreStory`) as its page
//! shows it: the picture, with every word translated, and the same data as two tables — the
//! events with their reasons, and the counts after each day with events.

use std::collections::{HashMap, VecDeque};

use chrono::{Datelike, NaiveDate};

use super::coverage_view;
use super::naming::Named;
use crate::console::picture::{self, CentreTimeline, Event, LabRow, LinkBar, StatusPeriod};
use crate::coverage::Interval;
use crate::db::models::lab::LabView;
use crate::db::models::mirror_link::MirrorLink;
use crate::domain::lab::{LabStatus, MirrorKind};
use crate::i18n::Texts;
use crate::routes::coverage::wire::{CoverageResponse, Side};
use crate::routes::timeline::{CentreStory, TimelineEvent, TimelinePoint};

pub struct TimelineView {
    pub svg: String,
    /// The story in one sentence ("3 mirror pairs in force from …; 1 since …"); empty before any event.
    pub story: String,
    pub events: Vec<EventRow>,
    pub counts: Vec<CountRow>,
}

pub struct EventRow {
    pub date: String,
    pub event: String,
    pub reason: String,
}

/// The centre after a day with events.
pub struct CountRow {
    pub date: String,
    pub labs: String,
    pub planned: String,
    pub active: String,
    pub suspended: String,
    pub closed: String,
    pub mirror_pairs: String,
    pub third_country: String,
}

/// What the picture and the tables are drawn from.
pub struct Input<'a> {
    pub story: &'a CentreStory,
    /// Laboratories linked to the centre's but outside it, drawn beside their partners.
    pub outside: &'a [LabView],
    pub coverage: &'a CoverageResponse,
    pub centre_name: &'a str,
    pub founded_on: Option<NaiveDate>,
    pub today: NaiveDate,
}

pub fn view(texts: &Texts, input: &Input) -> TimelineView {
    let lang = texts.lang();
    let labs: Vec<&LabView> = input.story.labs.iter().chain(input.outside).collect();
    let names: HashMap<&str, String> =
        labs.iter().map(|v| (v.lab.id.as_str(), Named::lab(lang, &v.lab).text)).collect();
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let points = &input.story.timeline.points;
    let story = story(texts, points);
    let svg = match window(input, points) {
        Some(window) => {
            let rows = order(&labs, &input.story.links);
            picture::centre_timeline(&CentreTimeline {
                id_prefix: "timeline".into(),
                title: texts.text_with("records-timeline-title", &[("name", input.centre_name.into())]),
                description: story.clone(),
                window,
                links: links(texts, &rows, &input.story.links),
                labs: {
                    let names: Vec<String> = rows.iter().map(|v| name_of(&v.lab.id)).collect();
                    rows.iter().zip(short_names(&names)).map(|(v, name)| lab_row(texts, v, &name)).collect()
                },
                coverage_heading: texts.text("timeline-funding-by-side"),
                sides: coverage_view::side_rows(texts, input.coverage),
                events: points.iter().map(|p| summary(texts, p)).collect(),
                today: Some(coverage_view::today(texts, input.today)),
            })
        }
        None => String::new(),
    };
    let events = points
        .iter()
        .flat_map(|p| p.events.iter().map(move |e| (p.date, e)))
        .map(|(date, event)| event_row(texts, date, event, &name_of))
        .collect();
    TimelineView { svg, story, events, counts: points.iter().map(|p| count_row(texts, p)).collect() }
}

/// From the first of January of the earliest day on record to the last of December of the
/// latest (today included).
fn window(input: &Input, points: &[TimelinePoint]) -> Option<Interval> {
    let days = points.iter().map(|p| p.date).chain(input.founded_on).chain([
        input.coverage.starts_on,
        input.coverage.ends_on,
        input.today,
    ]);
    let (first, last) = days.fold((input.today, input.today), |(lo, hi), d| (lo.min(d), hi.max(d)));
    Interval::new(NaiveDate::from_ymd_opt(first.year(), 1, 1)?, NaiveDate::from_ymd_opt(last.year(), 12, 31)?)
}

/// Rows in an order that puts linked labs next to each other: Russian labs first, then Chinese,
/// then the rest (each by name), every lab followed by the labs it is linked to (mirror links
/// before third-country ones).
fn order<'a>(labs: &[&'a LabView], links: &[MirrorLink]) -> Vec<&'a LabView> {
    let side_rank = |v: &LabView| match Side::of(&v.country) {
        Side::Russia => 0,
        Side::China => 1,
        Side::Other => 2,
    };
    let mut seeds: Vec<&LabView> = labs.to_vec();
    seeds.sort_by(|a, b| (side_rank(a), &a.lab.sort_key).cmp(&(side_rank(b), &b.lab.sort_key)));
    let by_id: HashMap<&str, &LabView> = labs.iter().map(|v| (v.lab.id.as_str(), *v)).collect();
    let mut linked = links.to_vec();
    linked.sort_by_key(|l| (l.kind != MirrorKind::Mirror.as_str(), l.starts_on));
    let mut placed: Vec<&LabView> = Vec::with_capacity(labs.len());
    for seed in seeds {
        let mut queue = VecDeque::from([seed]);
        while let Some(lab) = queue.pop_front() {
            if placed.iter().any(|p| p.lab.id == lab.lab.id) {
                continue;
            }
            placed.push(lab);
            for link in &linked {
                let other = match (link.lab_a_id == lab.lab.id, link.lab_b_id == lab.lab.id) {
                    (true, _) => &link.lab_b_id,
                    (_, true) => &link.lab_a_id,
                    _ => continue,
                };
                if let Some(other) = by_id.get(other.as_str()) {
                    queue.push_back(other);
                }
            }
        }
    }
    placed
}

/// The rows' names without the words they all begin with ("Laboratory of …"), which the
/// picture's narrow label column would otherwise spend itself on; each keeps at least one word.
fn short_names(names: &[String]) -> Vec<String> {
    let words: Vec<Vec<&str>> = names.iter().map(|n| n.split(' ').collect()).collect();
    let Some(first) = words.first() else { return Vec::new() };
    let mut common = 0;
    while words.len() > 1 && words.iter().all(|w| w.len() > common + 1 && w[common] == first[common]) {
        common += 1;
    }
    words.iter().map(|w| w[common..].join(" ")).collect()
}

fn lab_row(texts: &Texts, view: &LabView, name: &str) -> LabRow {
    let entries = &view.statuses;
    let periods = entries
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            let next = entries.get(i + 1).map(|n| n.effective_on);
            // An entry superseded on its own day never was in effect.
            if next == Some(entry.effective_on) {
                return None;
            }
            let status = entry.status().ok()?;
            Some(StatusPeriod {
                from: entry.effective_on,
                to: next.and_then(|n| n.pred_opt()),
                status,
                label: texts.label(status),
                reason: entry.reason.clone(),
            })
        })
        .collect();
    LabRow { name: name.to_owned(), country: view.country.clone(), periods }
}

fn links(texts: &Texts, rows: &[&LabView], links: &[MirrorLink]) -> Vec<LinkBar> {
    let row_of = |id: &str| rows.iter().position(|v| v.lab.id == id);
    links
        .iter()
        .filter_map(|link| {
            let kind = link.kind().ok()?;
            Some(LinkBar {
                a: row_of(&link.lab_a_id)?,
                b: row_of(&link.lab_b_id)?,
                kind,
                label: texts.label(kind),
                starts_on: link.starts_on,
                ends_on: link.ends_on,
                end_reason: link.end_reason.clone(),
            })
        })
        .collect()
}

/// One mark per day with events: what happened, counted, and why.
fn summary(texts: &Texts, point: &TimelinePoint) -> Event {
    let mut parts: Vec<(String, usize)> = Vec::new();
    let mut count = |key: String| match parts.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += 1,
        None => parts.push((key, 1)),
    };
    for event in &point.events {
        count(match event {
            TimelineEvent::LabStatus { status, .. } => format!("labs:{}", status.as_str()),
            TimelineEvent::LinkStarted { kind, .. } => format!("started:{}", kind.as_str()),
            TimelineEvent::LinkEnded { kind, .. } => format!("ended:{}", kind.as_str()),
        });
    }
    let label = parts
        .iter()
        .filter_map(|(key, n)| {
            let (what, word) = key.split_once(':')?;
            let count = (*n).into();
            Some(match what {
                "labs" => {
                    let status = texts.label(LabStatus::parse(word)?);
                    texts.text_with("records-event-labs", &[("status", (&status).into()), ("count", count)])
                }
                _ => {
                    let kind = texts.label(MirrorKind::parse(word)?);
                    let key =
                        if what == "started" { "records-event-links-started" } else { "records-event-links-ended" };
                    texts.text_with(key, &[("kind", (&kind).into()), ("count", count)])
                }
            })
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut reasons: Vec<&str> = Vec::new();
    for reason in point.events.iter().filter_map(reason_of).filter(|r| !r.trim().is_empty()) {
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    Event { on: point.date, label, reason: reasons.join("; ") }
}

fn reason_of(event: &TimelineEvent) -> Option<&str> {
    match event {
        TimelineEvent::LabStatus { reason, .. } => Some(reason),
        TimelineEvent::LinkStarted { .. } => None,
        TimelineEvent::LinkEnded { reason, .. } => reason.as_deref(),
    }
}

fn event_row(texts: &Texts, date: NaiveDate, event: &TimelineEvent, name_of: &dyn Fn(&str) -> String) -> EventRow {
    let event_text = match event {
        TimelineEvent::LabStatus { lab_id, status, .. } => {
            let (lab, status) = (name_of(lab_id), texts.label(*status));
            texts.text_with("records-event-lab-status", &[("lab", (&lab).into()), ("status", (&status).into())])
        }
        TimelineEvent::LinkStarted { kind, lab_ids, .. } => {
            let (kind, a, b) = (texts.label(*kind), name_of(&lab_ids[0]), name_of(&lab_ids[1]));
            let args = [("kind", (&kind).into()), ("a", (&a).into()), ("b", (&b).into())];
            texts.text_with("records-event-link-started", &args)
        }
        TimelineEvent::LinkEnded { kind, lab_ids, ends_on, .. } => {
            let (kind, a, b) = (texts.label(*kind), name_of(&lab_ids[0]), name_of(&lab_ids[1]));
            let last_day = texts.date(*ends_on);
            let args =
                [("kind", (&kind).into()), ("a", (&a).into()), ("b", (&b).into()), ("last_day", (&last_day).into())];
            texts.text_with("records-event-link-ended", &args)
        }
    };
    EventRow { date: texts.date(date), event: event_text, reason: reason_of(event).unwrap_or_default().to_owned() }
}

fn count_row(texts: &Texts, p: &TimelinePoint) -> CountRow {
    let n = |count: usize| texts.number(i64::try_from(count).unwrap_or(i64::MAX));
    CountRow {
        date: texts.date(p.date),
        labs: n(p.labs),
        planned: n(p.planned_labs),
        active: n(p.active_labs),
        suspended: n(p.suspended_labs),
        closed: n(p.closed_labs),
        mirror_pairs: n(p.active_mirror_pairs),
        third_country: n(p.active_third_country_links),
    }
}

/// "3 mirror pairs in force from 1 Sep 2020; 1 since 1 Jan 2023." from the points' counts.
fn story(texts: &Texts, points: &[TimelinePoint]) -> String {
    let Some(last) = points.last() else { return String::new() };
    let now = last.active_mirror_pairs;
    // The day the current count began: the first of the last run of points with that count.
    let since = points.iter().rev().take_while(|p| p.active_mirror_pairs == now).last().map_or(last.date, |p| p.date);
    let peak = points.iter().map(|p| p.active_mirror_pairs).max().unwrap_or(now);
    let peak_since = points.iter().find(|p| p.active_mirror_pairs == peak).map_or(last.date, |p| p.date);
    let since = texts.date(since);
    if peak == now {
        texts.text_with("records-timeline-steady", &[("pairs", now.into()), ("since", (&since).into())])
    } else {
        let peak_since = texts.date(peak_since);
        texts.text_with(
            "records-timeline-changed",
            &[
                ("peak", peak.into()),
                ("peak_since", (&peak_since).into()),
                ("pairs", now.into()),
                ("since", (&since).into()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_lose_only_the_words_all_of_them_begin_with() {
        let names = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        let short = short_names(&names(&[
            "Laboratory of Oncopathology (Wuhan)",
            "Laboratory of Metabolic pathology (Chelyabinsk)",
        ]));
        assert_eq!(short, ["Oncopathology (Wuhan)", "Metabolic pathology (Chelyabinsk)"]);
        let mixed = names(&["Лаборатория онкопатологии", "Laboratory of Oncopathology (Wuhan)"]);
        assert_eq!(short_names(&mixed), mixed);
        let alone = names(&["Laboratory of Oncopathology"]);
        assert_eq!(short_names(&alone), alone);
        let prefix = names(&["Laboratory", "Laboratory of Oncopathology"]);
        assert_eq!(short_names(&prefix), prefix);
        assert!(short_names(&[]).is_empty());
    }
}
