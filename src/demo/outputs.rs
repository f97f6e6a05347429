//! The demo projects' funding and outputs: the RSF–NSFC joint call pays each side separately (the
//! Russian award ends a year before the Chinese one), RFBR paid the liver study before it stopped
//! issuing grants and still pays the cohort study's last award, the Almaty site has nothing yet;
//! ~15 co-authored articles and the Wuhan University–SUSU cooperation agreement. Award numbers
//! and DOIs are illustrative.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::models::funding::{FundingFields, FundingRecord};
use crate::db::models::history::Actor;
use crate::db::models::output::{Output, OutputFields};
use crate::db::models::project_access::ReadScope;
use crate::db::schema::{funding_records, outputs};
use crate::demo::projects::{DemoLabs, DemoProjects};
use crate::demo::{day, month_end};
use crate::domain::money::{Currency, Money};
use crate::domain::project::{FundingStatus, OutputKind};
use crate::error::ApiError;

pub(super) const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
pub(super) const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RFBR: &str = "01a21f73-9c00-7000-8000-000000000003";

/// A funding record of the demo, paying one lab.
pub(super) struct Award<'a> {
    pub project: &'a str,
    pub funder: &'a str,
    pub call: &'a str,
    pub number: &'a str,
    pub amount: (i64, Currency),
    pub period: (NaiveDate, NaiveDate),
    pub status: FundingStatus,
    pub lab: &'a str,
}

pub(super) fn record(conn: &mut DbConn, actor: &Actor, award: Award) -> Result<String, ApiError> {
    let fields = FundingFields {
        project_id: award.project.into(),
        funder_id: award.funder.into(),
        call_name: Some(award.call.into()),
        award_number: unclaimed_award_number(conn, award.funder, award.number)?,
        amount: Some(Money { amount_minor: award.amount.0, currency: award.amount.1 }),
        starts_on: award.period.0,
        ends_on: award.period.1,
        status: award.status,
        side: None,
        lab_id: Some(award.lab.into()),
    };
    Ok(FundingRecord::insert(conn, &ReadScope::Everything, fields, actor)?.id)
}

/// `number`, unless the registry already holds it for `funder`. The demo's numbers are
/// illustrative: one on record names a real award (or the README tour's), which the demo's
/// copy must not claim, so the copy goes without a number.
fn unclaimed_award_number(conn: &mut DbConn, funder: &str, number: &str) -> Result<Option<String>, ApiError> {
    let holder: Option<String> = funding_records::table
        .filter(funding_records::funder_id.eq(funder))
        .filter(funding_records::award_number.eq(number))
        .select(funding_records::id)
        .first(conn)
        .optional()?;
    Ok(holder.is_none().then(|| number.to_owned()))
}

/// `doi`, unless an output already on record has it (see [`unclaimed_award_number`]).
fn unclaimed_doi(conn: &mut DbConn, doi: &str) -> Result<Option<String>, ApiError> {
    let holder: Option<String> =
        outputs::table.filter(outputs::doi.eq(doi)).select(outputs::id).first(conn).optional()?;
    Ok(holder.is_none().then(|| doi.to_owned()))
}

/// A journal article: title, DOI, year, venue, author countries, and whether the joint-call
/// project (rather than the RFBR-funded one) produced it.
type Article = (&'static str, &'static str, i32, &'static str, &'static [&'static str], bool);

const ARTICLES: [Article; 15] = [
    (
        "Hepatic lipid metabolism in a rat model of systemic inflammation",
        "10.3390/ijms22115871",
        2021,
        "International Journal of Molecular Sciences",
        &["CN", "RU"],
        false,
    ),
    (
        "Kupffer cell activation and steatosis after endotoxin exposure",
        "10.3389/fimmu.2021.708422",
        2021,
        "Frontiers in Immunology",
        &["CN", "RU"],
        false,
    ),
    (
        "Serum bile acids as markers of inflammatory liver injury",
        "10.1016/j.biopha.2022.113021",
        2022,
        "Biomedicine & Pharmacotherapy",
        &["CN", "RU"],
        false,
    ),
    (
        "Mitochondrial dysfunction of hepatocytes in chronic inflammation",
        "10.1007/s00018-022-04315-7",
        2022,
        "Cellular and Molecular Life Sciences",
        &["RU"],
        false,
    ),
    (
        "Metabolic reprogramming of the liver: a Chelyabinsk–Wuhan cohort",
        "10.3390/cells11223561",
        2022,
        "Cells",
        &["CN", "RU"],
        false,
    ),
    (
        "Inflammation-driven fibrosis in two mirror cohorts",
        "10.1016/j.lfs.2023.121602",
        2023,
        "Life Sciences",
        &["CN", "RU"],
        false,
    ),
    (
        "Neutrophil extracellular traps in systemic inflammation",
        "10.3389/fimmu.2024.1342218",
        2024,
        "Frontiers in Immunology",
        &["CN", "RU"],
        true,
    ),
    (
        "A shared protocol for inflammation models in mirror laboratories",
        "10.1016/j.jim.2024.113684",
        2024,
        "Journal of Immunological Methods",
        &["CN", "RU"],
        true,
    ),
    (
        "Macrophage polarisation in chronic inflammation: a comparative study",
        "10.3390/ijms25094811",
        2024,
        "International Journal of Molecular Sciences",
        &["CN", "KZ", "RU"],
        true,
    ),
    (
        "Cytokine profiles of chronic inflammation in Russian and Chinese cohorts",
        "10.1007/s00011-024-01902-3",
        2024,
        "Inflammation Research",
        &["CN", "RU"],
        true,
    ),
    (
        "Inflammasome activation and tissue damage",
        "10.1016/j.intimp.2025.114105",
        2025,
        "International Immunopharmacology",
        &["CN", "RU"],
        true,
    ),
    (
        "Endothelial injury in systemic inflammation",
        "10.3389/fcvm.2025.1523377",
        2025,
        "Frontiers in Cardiovascular Medicine",
        &["CN"],
        true,
    ),
    (
        "Gut barrier, endotoxaemia and systemic inflammation",
        "10.3390/nu17050812",
        2025,
        "Nutrients",
        &["CN", "RU"],
        true,
    ),
    (
        "Single-cell atlas of inflamed liver tissue",
        "10.1038/s41598-025-90311-4",
        2025,
        "Scientific Reports",
        &["CN", "RU"],
        true,
    ),
    (
        "Resolution of inflammation: pro-resolving mediators in two cohorts",
        "10.1016/j.biopha.2026.118230",
        2026,
        "Biomedicine & Pharmacotherapy",
        &["CN", "RU"],
        true,
    ),
];

pub fn load(
    conn: &mut DbConn,
    actor: &Actor,
    labs: &DemoLabs,
    projects: &DemoProjects,
    today: NaiveDate,
) -> Result<(), ApiError> {
    let joint_call = "RSF–NSFC joint call 2023: international research teams";
    let rsf = record(
        conn,
        actor,
        Award {
            project: &projects.joint_call,
            funder: RSF,
            call: joint_call,
            number: "24-45-00012",
            amount: (1_800_000_000, Currency::Rub),
            // Ends next month, a year before the Chinese award: the project turns one-sided.
            period: (day("2024-01-01")?, month_end(today, 1)?),
            status: FundingStatus::Active,
            lab: &labs.inflammation.0,
        },
    )?;
    let nsfc = record(
        conn,
        actor,
        Award {
            project: &projects.joint_call,
            funder: NSFC,
            call: joint_call,
            number: "82361138012",
            amount: (200_000_000, Currency::Cny),
            period: (day("2024-01-01")?, month_end(today, 13)?),
            status: FundingStatus::Active,
            lab: &labs.inflammation.1,
        },
    )?;
    let rfbr = record(
        conn,
        actor,
        Award {
            project: &projects.rfbr,
            funder: RFBR,
            call: "RFBR–NSFC joint competition 2020",
            number: "20-515-55003",
            amount: (450_000_000, Currency::Rub),
            period: (day("2020-09-01")?, day("2022-12-31")?),
            status: FundingStatus::Ended,
            lab: &labs.metabolic.0,
        },
    )?;
    // RFBR has closed: nothing renews this award, which ends within months with nothing after
    // it while the project runs on.
    record(
        conn,
        actor,
        Award {
            project: &projects.rfbr_cohort,
            funder: RFBR,
            call: "RFBR competition for the best projects of fundamental research 2021",
            number: "21-015-00387",
            amount: (180_000_000, Currency::Rub),
            period: (day("2021-01-01")?, month_end(today, 3)?),
            status: FundingStatus::Active,
            lab: &labs.inflammation.0,
        },
    )?;
    record(
        conn,
        actor,
        Award {
            project: &projects.oncology,
            funder: NSFC,
            call: "NSFC international cooperation 2020",
            number: "82011530443",
            amount: (150_000_000, Currency::Cny),
            period: (day("2020-09-01")?, day("2022-12-31")?),
            status: FundingStatus::Ended,
            lab: &labs.oncology.1,
        },
    )?;
    for (title, doi, year, venue, countries, joint) in ARTICLES {
        let (project, funding) = if joint {
            (&projects.joint_call, vec![rsf.clone(), nsfc.clone()])
        } else {
            (&projects.rfbr, vec![rfbr.clone()])
        };
        let doi = unclaimed_doi(conn, doi)?;
        output(
            conn,
            actor,
            OutputFields {
                kind: OutputKind::JournalArticle,
                title: title.into(),
                doi,
                year,
                venue: Some(venue.into()),
                url: None,
                author_countries: countries.iter().map(|c| (*c).to_owned()).collect(),
                project_ids: vec![project.clone()],
                funding_ids: funding,
            },
        )?;
    }
    output(
        conn,
        actor,
        OutputFields {
            kind: OutputKind::Agreement,
            title: "Cooperation agreement between Wuhan University and South Ural State University".into(),
            doi: None,
            year: 2020,
            venue: None,
            url: None,
            author_countries: vec!["CN".into(), "RU".into()],
            project_ids: vec![projects.rfbr.clone(), projects.oncology.clone()],
            funding_ids: vec![],
        },
    )?;
    Ok(())
}

fn output(conn: &mut DbConn, actor: &Actor, fields: OutputFields) -> Result<(), ApiError> {
    Output::insert(conn, &ReadScope::Everything, fields, actor)?;
    Ok(())
}
