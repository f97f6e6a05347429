//! Projects with their laboratories and subject areas, and their funding: exactly 4 records per
//! project on average, in consecutive rounds with realistic gaps, joint calls and closed funders.

use chrono::{Datelike, NaiveDate};

use super::names::{TOPICS, project_titles};
use super::registry::{LAB, Labs};
use super::rng::Rng;
use super::sql::{STAMP, Table, date, flush, id, quote, quote_or_null};
use super::{Progress, add_days, day};
use crate::db::DbConn;
use crate::domain::search_key;

pub const PROJECT: u16 = 0x2001;
pub const FUNDING: u16 = 0x2002;

const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
const RFBR: &str = "01a21f73-9c00-7000-8000-000000000003";
const MINOBRNAUKI: &str = "01a21f73-9c00-7000-8000-000000000004";
const MOST: &str = "01a21f73-9c00-7000-8000-000000000006";
const CAS: &str = "01a21f73-9c00-7000-8000-000000000007";

/// What the outputs are built on: each project's first and last year, and its funding records
/// (a range of record numbers).
pub struct Projects {
    pub years: Vec<(i32, i32)>,
    pub funding: Vec<std::ops::Range<usize>>,
}

pub fn load(
    conn: &mut DbConn,
    rng: &mut Rng,
    n: usize,
    labs: &Labs,
    today: NaiveDate,
    progress: &mut Progress,
) -> diesel::QueryResult<Projects> {
    let mut projects = Table::new(
        "projects",
        "id, acronym, title_en, title_ru, title_zh, starts_on, ends_on, status, visibility, identifiers, keywords, \
         search_key, sort_key, version, created_at, updated_at",
    );
    let mut project_labs = Table::new("project_labs", "project_id, lab_id, role");
    let mut subjects = Table::new("project_subjects", "project_id, asjc_code");
    let mut funding = Table::new(
        "funding_records",
        "id, project_id, funder_id, call_name, award_number, amount_minor, currency, starts_on, ends_on, status, \
         side, lab_id, version, created_at, updated_at",
    );
    let mut years = Vec::with_capacity(n);
    let mut records = Vec::with_capacity(n);
    let mut previous_delta = 0i64;
    for p in 0..n {
        let project_id = id(PROJECT, p);
        let starts_on = add_days(day(2016, 1, 1), rng.between(0, 4200)); // to mid-2027
        let open_ended = rng.chance(8);
        let ends_on = add_days(starts_on, rng.between(2 * 365, 6 * 365));
        years.push((starts_on.year(), ends_on.year().min(today.year())));
        let status = if starts_on > today {
            "planned"
        } else if !open_ended && ends_on < today {
            if rng.chance(93) { "completed" } else { "cancelled" }
        } else {
            match rng.below(100) {
                0..88 => "active",
                88..94 => "suspended",
                94..97 => "planned",
                _ => "cancelled",
            }
        };
        let visibility = match rng.below(100) {
            0..60 => "public",
            60..90 => "partners",
            _ => "restricted",
        };
        let topic = rng.pick(&TOPICS);
        let titles = project_titles(p, topic, rng.chance(70), rng.chance(70));
        let acronym = rng.chance(40).then(|| format!("JP{p}"));
        let searchable = titles.iter().flatten().map(String::as_str).chain(acronym.as_deref());
        let search = search_key::for_names(searchable);
        let sort = titles.iter().flatten().next().map(|t| search_key::normalise(t)).unwrap_or_default();
        let [en, ru, zh] = &titles;
        projects.row(format_args!(
            "{}, {}, {}, {}, {}, {}, {}, '{status}', '{visibility}', '[]', '[]', {}, {}, 1, {STAMP}, {STAMP}",
            quote(&project_id),
            quote_or_null(acronym.as_deref()),
            quote_or_null(en.as_deref()),
            quote_or_null(ru.as_deref()),
            quote_or_null(zh.as_deref()),
            date(starts_on),
            if open_ended { "NULL".into() } else { date(ends_on) },
            quote(&search),
            quote(&sort)
        ));
        subjects.row(format_args!("{}, {}", quote(&project_id), topic.asjc));
        if rng.chance(30) && topic.asjc != 1000 {
            subjects.row(format_args!("{}, 1000", quote(&project_id))); // Multidisciplinary
        }

        let chosen = choose_labs(rng, labs);
        for (slot, lab) in chosen.iter().enumerate() {
            let role = if slot == 0 { "lead" } else { "partner" };
            project_labs.row(format_args!("{}, {}, '{role}'", quote(&project_id), quote(&id(LAB, *lab))));
        }
        // 2–6 records, exactly 4 on average: pairs of projects balance each other, so 4N in all.
        let count = if p % 2 == 0 && p + 1 < n {
            previous_delta = rng.between(-2, 2);
            (4 + previous_delta) as usize
        } else if p % 2 == 1 {
            (4 - previous_delta) as usize
        } else {
            4
        };
        let first_record = funding.total;
        for record in rounds(rng, starts_on, count, &chosen, labs) {
            let record_status = if rng.chance(4) {
                if rng.chance(50) { "rejected" } else { "withdrawn" }
            } else if record.ends_on < today {
                if rng.chance(90) { "ended" } else { "active" } // some never marked ended
            } else if record.starts_on > today {
                if rng.chance(75) { "awarded" } else { "applied" }
            } else if rng.chance(85) {
                "active"
            } else {
                "awarded"
            };
            let (amount, currency) = match record.side {
                "CN" => (rng.between(300_000, 3_000_000) * 100, "CNY"),
                _ => (rng.between(3_000_000, 30_000_000) * 100, "RUB"),
            };
            let call = if matches!(record.side, "RU" | "CN") { "Joint call RSF–NSFC" } else { "Partner support" };
            let number = funding.total;
            funding.row(format_args!(
                "{}, {}, '{}', '{call}', 'B-{number}', {amount}, '{currency}', {}, {}, '{record_status}', '{}', {}, 1, {STAMP}, {STAMP}",
                quote(&id(FUNDING, number)), quote(&project_id), record.funder, date(record.starts_on), date(record.ends_on), record.side,
                record.lab.map(|l| quote(&id(LAB, l))).unwrap_or_else(|| "NULL".into()),
            ));
        }
        records.push(first_record..funding.total);
        flush(conn, &mut [&mut projects, &mut project_labs, &mut subjects, &mut funding], false)?;
        if (p + 1) % 10_000 == 0 {
            progress(projects.name, p + 1);
        }
    }
    flush(conn, &mut [&mut projects, &mut project_labs, &mut subjects, &mut funding], true)?;
    progress(projects.name, projects.total);
    progress(project_labs.name, project_labs.total);
    progress(subjects.name, subjects.total);
    progress(funding.name, funding.total);
    Ok(Projects { years, funding: records })
}

/// 1–3 labs: mostly a Russian and a Chinese one; sometimes a third-country partner. The lead first.
fn choose_labs(rng: &mut Rng, labs: &Labs) -> Vec<usize> {
    let total = match rng.below(100) {
        0..20 => 1,
        20..75 => 2,
        _ => 3,
    };
    let russian_first = rng.chance(50);
    let mut chosen: Vec<usize> = Vec::with_capacity(3);
    for slot in 0..total {
        let side = match slot {
            0 | 1 if russian_first == (slot == 0) => 0,
            0 | 1 => 1,
            _ if rng.chance(60) => 2,
            _ => rng.below(2),
        };
        let pool = &labs.by_side[side];
        if pool.is_empty() {
            continue;
        }
        let lab = *rng.pick(pool);
        if !chosen.contains(&lab) {
            chosen.push(lab);
        }
    }
    chosen
}

struct Record {
    funder: &'static str,
    side: &'static str,
    lab: Option<usize>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

/// `count` records in consecutive rounds from the project's start: 1–4 years each, sometimes a
/// gap before a round; on joint projects most rounds are a joint call funding both sides (some
/// with the Russian award shorter), some one-sided; RFBR on a third of Russian awards until it
/// closed, its last long awards running past that.
fn rounds(rng: &mut Rng, starts_on: NaiveDate, count: usize, chosen: &[usize], labs: &Labs) -> Vec<Record> {
    let lab_of = |country: &str| chosen.iter().copied().find(|l| labs.country[*l] == country);
    let (russian, chinese) = (lab_of("RU"), lab_of("CN"));
    let third = chosen.iter().copied().find(|l| !matches!(labs.country[*l], "RU" | "CN"));
    let rfbr_last_start = day(2022, 12, 31);
    let mut records = Vec::with_capacity(count);
    let mut cursor = add_days(starts_on, rng.between(0, 90));
    while records.len() < count {
        if rng.chance(20) {
            cursor = add_days(cursor, rng.between(30, 400)); // a gap before this round
        }
        let russian_funder = if cursor <= rfbr_last_start && rng.chance(30) {
            RFBR
        } else if rng.chance(85) {
            RSF
        } else {
            MINOBRNAUKI
        };
        let length = if russian_funder == RFBR && cursor.year() >= 2021 {
            rng.between(3 * 365, 5 * 365)
        } else {
            rng.between(365, 4 * 365)
        };
        let end = add_days(cursor, length - 1);
        let chinese_funder = match rng.below(100) {
            0..80 => NSFC,
            80..90 => CAS,
            _ => MOST,
        };
        let record = |funder, side, lab, ends_on: NaiveDate| Record {
            funder,
            side,
            lab,
            starts_on: cursor,
            ends_on: ends_on.max(cursor),
        };
        if russian.is_some() && chinese.is_some() && count - records.len() >= 2 && rng.chance(75) {
            let russian_end = if rng.chance(15) { add_days(cursor, length / 2) } else { end };
            records.push(record(russian_funder, "RU", russian, russian_end));
            records.push(record(chinese_funder, "CN", chinese, end));
        } else if let (Some(lab), true) = (third, rng.chance(15)) {
            records.push(record(RSF, labs.country[lab], Some(lab), end)); // paid by the Russian side
        } else if chinese.is_some() && (russian.is_none() || rng.chance(45)) {
            records.push(record(chinese_funder, "CN", chinese, end));
        } else {
            records.push(record(russian_funder, "RU", russian.or(chinese), end));
        }
        // Some rounds overlap the next one (renewed early), most follow it.
        cursor = if rng.chance(10) { add_days(end, -rng.between(30, 180)) } else { add_days(end, 1) };
        if cursor.year() > 2040 {
            cursor = starts_on;
        }
    }
    records
}
