//! `jointreg seed-demo`: a small, realistic world to explore the registry with — the story of
//! the article: the Joint Russian–Chinese Center for Systemic Pathology (South Ural State
//! University with Wuhan University, 2020), planned with three mirror-lab pairs, two of which
//! closed when targeted funding ended, and a later third-country site; its projects, what funds
//! them and what they produced; and a second, younger centre waiting on a renewal. Safe to run
//! twice.
//!
//! History (2020–2023) has fixed dates; funding that runs now is dated from the day of loading,
//! so the demo shows every kind of funding finding whenever it is loaded: the joint call's
//! one-sided year, the RFBR award that expires with nothing after it, the Almaty site with no
//! funded project, and the second centre at risk.

mod outputs;
mod projects;
mod renewal;

use chrono::{Datelike, Months, NaiveDate};
use diesel::prelude::*;

use crate::db::models::centre::{Centre, CentreFields, CentreStatus};
use crate::db::models::history::Actor;
use crate::db::models::institution::{Institution, InstitutionFields};
use crate::db::models::lab::{InitialStatus, Lab, LabFields};
use crate::db::models::mirror_link::{MirrorLink, MirrorLinkChanges, NewMirrorLink};
use crate::db::models::versioned::{self, Unconditional};
use crate::db::schema::{centres, history, institutions};
use crate::db::{DbConn, transaction};
use crate::domain::institution::InstitutionKind;
use crate::domain::lab::{LabStatus, MirrorKind};
use crate::error::ApiError;

pub const CENTRE_NAME: &str = "Joint Russian–Chinese Center for Systemic Pathology";
const FUNDING_ENDED: &str = "Targeted funding ended; the laboratory's staff joined the remaining pair";

/// What the command did.
pub enum Outcome {
    Loaded { centre_id: String },
    AlreadyLoaded { centre_id: String },
}

pub(super) fn day(text: &str) -> Result<NaiveDate, ApiError> {
    text.parse().map_err(ApiError::internal)
}

/// The last day of the month `months` after (or, negative, before) the month of `today`: the
/// day before the first of the month after that.
pub(super) fn month_end(today: NaiveDate, months: i32) -> Result<NaiveDate, ApiError> {
    let first = today.with_day(1).ok_or_else(out_of_range)?;
    let shift = months + 1;
    let following = if shift >= 0 {
        first.checked_add_months(Months::new(shift.unsigned_abs()))
    } else {
        first.checked_sub_months(Months::new(shift.unsigned_abs()))
    };
    following.and_then(|d| d.pred_opt()).ok_or_else(out_of_range)
}

fn out_of_range() -> ApiError {
    ApiError::internal_message("demo dates out of range")
}

/// Loads the demo world in one transaction, reporting each step to `progress`; funding that
/// runs now is dated from `today`.
pub fn load(conn: &mut DbConn, today: NaiveDate, progress: &mut dyn FnMut(&str)) -> Result<Outcome, ApiError> {
    if let Some(centre_id) = loaded_centre(conn)? {
        return Ok(Outcome::AlreadyLoaded { centre_id });
    }
    let actor = Actor::system();
    transaction::write(conn, |conn| {
        progress("institutions");
        let susu = institution(
            conn,
            &actor,
            ("South Ural State University", "Южно-Уральский государственный университет", "南乌拉尔国立大学"),
            "RU",
            "Chelyabinsk",
            None,
        )?;
        let whu = institution(
            conn,
            &actor,
            ("Wuhan University", "Уханьский университет", "武汉大学"),
            "CN",
            "Wuhan",
            Some("https://ror.org/033vjfk17"),
        )?;
        let kaznu = institution(
            conn,
            &actor,
            (
                "Al-Farabi Kazakh National University",
                "Казахский национальный университет имени аль-Фараби",
                "哈萨克国立大学",
            ),
            "KZ",
            "Almaty",
            None,
        )?;

        progress("joint centre");
        let centre = Centre::insert(
            conn,
            CentreFields {
                name_en: CENTRE_NAME.into(),
                name_ru: Some("Российско-китайский центр системной патологии".into()),
                name_zh: Some("中俄系统病理学联合中心".into()),
                founded_on: Some(day("2020-01-01")?),
                status: CentreStatus::Reduced,
                description: Some(
                    "Founded in 2020 at South Ural State University (Chelyabinsk) with Wuhan University. Three \
                     mirror-lab pairs were planned, one per research line; after targeted funding ended the centre \
                     shrank to a single pair. (Demo data: dates are illustrative.)"
                        .into(),
                ),
                host_ids: vec![susu.clone(), whu.clone()],
            },
            &actor,
        )?
        .centre;

        progress("laboratories and mirror links");
        let lines = [
            ("Inflammation and immunopathology", "воспаления и иммунопатологии", "炎症与免疫病理", false),
            ("Metabolic pathology", "метаболической патологии", "代谢病理", true),
            ("Oncopathology", "онкопатологии", "肿瘤病理", true),
        ];
        let founded = day("2020-09-01")?;
        let mut pairs = Vec::new();
        for (line, ru, zh, closes) in lines {
            let ru_lab = lab(
                conn,
                &actor,
                &centre.id,
                &susu,
                (line, "Chelyabinsk"),
                (Some(&format!("Лаборатория {ru}")), None),
                founded,
            )?;
            let cn_lab =
                lab(conn, &actor, &centre.id, &whu, (line, "Wuhan"), (None, Some(&format!("{zh}实验室"))), founded)?;
            let link = MirrorLink::insert(
                conn,
                NewMirrorLink {
                    lab_a_id: ru_lab.clone(),
                    lab_b_id: cn_lab.clone(),
                    kind: MirrorKind::Mirror,
                    starts_on: founded,
                    ends_on: None,
                    end_reason: None,
                },
                &actor,
            )?;
            if closes {
                let changes = MirrorLinkChanges {
                    ends_on: Some(Some(day("2022-12-31")?)),
                    end_reason: Some(Some(FUNDING_ENDED.into())),
                    ..Default::default()
                };
                versioned::update(conn, &actor, link, &Unconditional, |conn, link| changes.apply(conn, link))?;
                for id in [&ru_lab, &cn_lab] {
                    let lab = Lab::find(conn, id)?;
                    lab.record_status(conn, LabStatus::Closed, day("2023-01-01")?, FUNDING_ENDED, &actor)?;
                }
            }
            pairs.push((ru_lab, cn_lab));
        }
        let [inflammation, metabolic, oncology]: [(String, String); 3] =
            pairs.try_into().map_err(|_| ApiError::internal_message("three research lines"))?;

        progress("third-country site");
        let site_names = (Some("Лаборатория воспаления и иммунопатологии (Алматы)"), None);
        let site = lab(
            conn,
            &actor,
            &centre.id,
            &kaznu,
            ("Inflammation and immunopathology", "Almaty"),
            site_names,
            day("2023-03-01")?,
        )?;
        MirrorLink::insert(
            conn,
            NewMirrorLink {
                lab_a_id: inflammation.1.clone(),
                lab_b_id: site.clone(),
                kind: MirrorKind::ThirdCountry,
                starts_on: day("2023-03-01")?,
                ends_on: None,
                end_reason: None,
            },
            &actor,
        )?;

        progress("projects, funding and outputs");
        let labs = projects::DemoLabs { inflammation, metabolic, oncology, almaty: site };
        let projects = projects::load(conn, &actor, &labs, today)?;
        outputs::load(conn, &actor, &labs, &projects, today)?;

        progress("a second centre waiting on a renewal");
        renewal::load(conn, &actor, (&susu, &whu), today)?;
        Ok(Outcome::Loaded { centre_id: centre.id })
    })
}

/// The demo's centre, when an earlier run loaded it: one of this name that the command line
/// (not a person, e.g. following the README's tour) created.
fn loaded_centre(conn: &mut DbConn) -> Result<Option<String>, ApiError> {
    let named: Vec<String> = centres::table.filter(centres::name_en.eq(CENTRE_NAME)).select(centres::id).load(conn)?;
    if named.is_empty() {
        return Ok(None);
    }
    Ok(history::table
        .filter(history::resource.eq("centre"))
        .filter(history::action.eq("create"))
        .filter(history::actor_kind.eq(Actor::system().kind))
        .filter(history::resource_id.eq_any(named))
        .select(history::resource_id)
        .first(conn)
        .optional()?)
}

/// The institution already on record (by its ROR id, which names one organisation whatever it
/// is called here, or else by this English name), or a new one.
fn institution(
    conn: &mut DbConn,
    actor: &Actor,
    (en, ru, zh): (&str, &str, &str),
    country: &str,
    city: &str,
    ror_id: Option<&str>,
) -> Result<String, ApiError> {
    let by_ror: Option<String> = match ror_id {
        Some(ror) => {
            institutions::table.filter(institutions::ror_id.eq(ror)).select(institutions::id).first(conn).optional()?
        }
        None => None,
    };
    let existing = match by_ror {
        Some(id) => Some(id),
        None => {
            institutions::table.filter(institutions::name_en.eq(en)).select(institutions::id).first(conn).optional()?
        }
    };
    if let Some(id) = existing {
        return Ok(id);
    }
    let fields = InstitutionFields {
        name_en: en.into(),
        name_ru: Some(ru.into()),
        name_zh: Some(zh.into()),
        country: country.into(),
        city: Some(city.into()),
        ror_id: ror_id.map(str::to_owned),
        kind: InstitutionKind::University,
        website: None,
    };
    Ok(Institution::insert(conn, fields, actor)?.id)
}

/// A lab of `line` at `site`, active since `opened`; names in Russian and Chinese when given.
pub(super) fn lab(
    conn: &mut DbConn,
    actor: &Actor,
    centre_id: &str,
    institution_id: &str,
    (line, site): (&str, &str),
    (ru_name, zh_name): (Option<&str>, Option<&str>),
    opened: NaiveDate,
) -> Result<String, ApiError> {
    let fields = LabFields {
        name_en: format!("Laboratory of {line} ({site})"),
        name_ru: ru_name.map(str::to_owned),
        name_zh: zh_name.map(str::to_owned),
        institution_id: institution_id.into(),
        centre_id: Some(centre_id.into()),
        head_user_id: None,
        research_line: Some(line.into()),
    };
    let initial = InitialStatus {
        status: LabStatus::Active,
        effective_on: opened,
        reason: "Opened with the joint centre".into(),
    };
    Ok(Lab::insert(conn, fields, initial, actor)?.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ends_count_whole_months_from_today() {
        let today: NaiveDate = "2026-11-28".parse().unwrap();
        let ends: Vec<String> = [-1, 0, 1, 3, 13].iter().map(|m| month_end(today, *m).unwrap().to_string()).collect();
        assert_eq!(ends, ["2026-10-31", "2026-11-30", "2026-12-31", "2027-02-28", "2027-12-31"]);
        assert_eq!(month_end("2024-01-31".parse().unwrap(), 1).unwrap().to_string(), "2024-02-29");
    }
}
