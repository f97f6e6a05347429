//! Institutions, joint centres, laboratories with their status histories, and mirror links.

use chrono::NaiveDate;

use super::names::{self, TOPICS};
use super::rng::Rng;
use super::sql::{STAMP, Table, date, flush, id, quote, quote_or_null};
use super::{Progress, add_days, day};
use crate::db::DbConn;
use crate::domain::search_key;

pub const INSTITUTION: u16 = 0x1001;
pub const CENTRE: u16 = 0x1002;
pub const LAB: u16 = 0x1003;
const LAB_STATUS: u16 = 0x1004;
const MIRROR_LINK: u16 = 0x1005;
const THIRD_COUNTRIES: [&str; 5] = ["KZ", "BY", "MN", "UZ", "KG"];

/// What the projects are built on: every laboratory's country, and the labs of each side.
pub struct Labs {
    pub country: Vec<&'static str>,
    /// Russian, Chinese and third-country laboratories.
    pub by_side: [Vec<usize>; 3],
}

/// A record's `[en, ru, zh]` names as the SQL values of its name columns (`name_en, name_ru,
/// name_zh`), and of its search and sort keys: what every named table's row repeats.
struct NameValues {
    names: String,
    search: String,
    sort: String,
}

fn name_values(names: &[Option<String>; 3]) -> NameValues {
    let all = names.iter().flatten().map(String::as_str);
    let sort = names.iter().flatten().next().map(|n| search_key::normalise(n)).unwrap_or_default();
    NameValues {
        names: names.iter().map(|name| quote_or_null(name.as_deref())).collect::<Vec<_>>().join(", "),
        search: quote(&search_key::for_names(all)),
        sort: quote(&sort),
    }
}

/// ~n/25 institutions (45 % Russian, 40 % Chinese, the rest in five third countries), ~n/1000
/// centres, ~n/6 labs (a quarter in a centre) and a mirror link for most Russian–Chinese pairs.
pub fn load(
    conn: &mut DbConn,
    rng: &mut Rng,
    n: usize,
    today: NaiveDate,
    progress: &mut Progress,
) -> diesel::QueryResult<Labs> {
    let institution_count = (n / 25).max(3);
    let mut countries = Vec::with_capacity(institution_count);
    let mut table = Table::new(
        "institutions",
        "id, name_en, name_ru, name_zh, country, city, kind, search_key, sort_key, version, created_at, updated_at",
    );
    for i in 0..institution_count {
        let country = match (i, rng.below(100)) {
            (0, _) => "RU",
            (1, _) => "CN",
            (2, _) => "KZ",
            (_, 0..45) => "RU",
            (_, 45..85) => "CN",
            _ => *rng.pick(&THIRD_COUNTRIES),
        };
        countries.push(country);
        let kind = if rng.chance(70) { "university" } else { "academy_institute" };
        let names = names::institution_names(i, country);
        let NameValues { names, search, sort } = name_values(&names);
        let row_id = quote(&id(INSTITUTION, i));
        table
            .row(format_args!("{row_id}, {names}, '{country}', NULL, '{kind}', {search}, {sort}, 1, {STAMP}, {STAMP}"));
        flush(conn, &mut [&mut table], false)?;
    }
    flush(conn, &mut [&mut table], true)?;
    progress(table.name, table.total);

    let centre_count = (n / 1000).max(1);
    let mut table = Table::new(
        "centres",
        "id, name_en, name_ru, name_zh, founded_on, status, search_key, sort_key, version, created_at, updated_at",
    );
    for c in 0..centre_count {
        let status = match rng.below(100) {
            0..80 => "active",
            80..90 => "reduced",
            90..95 => "planned",
            _ => "closed",
        };
        let topic = rng.pick(&TOPICS);
        let names = [
            Some(format!("Russian–Chinese Centre {c} for {}", topic.en)),
            Some(format!("Российско-китайский центр {c}: {}", topic.ru)),
            Some(format!("中俄{}联合中心{c}", topic.zh)),
        ];
        let NameValues { names, search, sort } = name_values(&names);
        let founded = date(add_days(day(2012, 1, 1), rng.between(0, 4000)));
        let row_id = quote(&id(CENTRE, c));
        table.row(format_args!("{row_id}, {names}, {founded}, '{status}', {search}, {sort}, 1, {STAMP}, {STAMP}"));
        flush(conn, &mut [&mut table], false)?;
    }
    flush(conn, &mut [&mut table], true)?;
    progress(table.name, table.total);

    // Labs, each in its institution's country; their status history: active since some day (a
    // few planned first, some closed or suspended since).
    let lab_count = (n / 6).max(3);
    let mut labs = Labs { country: Vec::with_capacity(lab_count), by_side: [Vec::new(), Vec::new(), Vec::new()] };
    let mut table = Table::new(
        "labs",
        "id, name_en, name_ru, name_zh, institution_id, centre_id, research_line, search_key, sort_key, version, created_at, updated_at",
    );
    let mut entries = Table::new("lab_status_entries", "id, lab_id, status, effective_on, reason, recorded_at");
    for l in 0..lab_count {
        let institution = if l < 3 { l } else { rng.below(institution_count) };
        let country = countries[institution];
        labs.country.push(country);
        labs.by_side[side_index(country)].push(l);
        let centre = if rng.chance(25) { quote(&id(CENTRE, rng.below(centre_count))) } else { "NULL".into() };
        let topic = rng.pick(&TOPICS);
        let names = [
            Some(format!("Laboratory {l} of {}", topic.en)),
            (country == "RU").then(|| format!("Лаборатория {l}: {}", topic.ru)),
            (country == "CN").then(|| format!("{}实验室{l}", topic.zh)),
        ];
        let NameValues { names, search, sort } = name_values(&names);
        let lab_id = id(LAB, l);
        let (lab, institution, line) = (quote(&lab_id), quote(&id(INSTITUTION, institution)), quote(topic.en));
        table.row(format_args!(
            "{lab}, {names}, {institution}, {centre}, {line}, {search}, {sort}, 1, {STAMP}, {STAMP}"
        ));
        let since = add_days(day(2010, 1, 1), rng.between(0, 5400));
        let mut history = Vec::new();
        if rng.chance(10) {
            history.push(("planned", add_days(since, -rng.between(60, 400))));
        }
        history.push(("active", since));
        if rng.chance(8) {
            history.push(("closed", add_days(since, rng.between(365, 3650))));
        } else if rng.chance(3) {
            history.push(("suspended", add_days(today, rng.between(-300, 200))));
        }
        for (status, on) in history {
            entries.row(format_args!(
                "{}, {}, '{status}', {}, 'generated', {STAMP}",
                quote(&id(LAB_STATUS, entries.total)),
                quote(&lab_id),
                date(on)
            ));
        }
        flush(conn, &mut [&mut table, &mut entries], false)?;
    }
    flush(conn, &mut [&mut table, &mut entries], true)?;
    progress(table.name, table.total);
    progress(entries.name, entries.total);

    // Mirror links: most Russian labs mirrored by a Chinese one; some third-country sites; a few
    // links ended.
    let mut table = Table::new(
        "mirror_links",
        "id, lab_a_id, lab_b_id, kind, starts_on, ends_on, end_reason, version, created_at, updated_at",
    );
    let [russian, chinese, third] = &labs.by_side;
    for &a in russian.iter() {
        if chinese.is_empty() || !rng.chance(70) {
            continue;
        }
        let (b, kind) = if !third.is_empty() && rng.chance(10) {
            (*rng.pick(third), "third_country")
        } else {
            (*rng.pick(chinese), "mirror")
        };
        let starts = add_days(day(2012, 1, 1), rng.between(0, 5000));
        let (ends, reason) = if rng.chance(10) {
            (date(add_days(starts, rng.between(365, 2500))), "'funding ended'")
        } else {
            ("NULL".into(), "NULL")
        };
        table.row(format_args!(
            "{}, {}, {}, '{kind}', {}, {ends}, {reason}, 1, {STAMP}, {STAMP}",
            quote(&id(MIRROR_LINK, table.total)),
            quote(&id(LAB, a)),
            quote(&id(LAB, b)),
            date(starts)
        ));
        flush(conn, &mut [&mut table], false)?;
    }
    flush(conn, &mut [&mut table], true)?;
    progress(table.name, table.total);
    Ok(labs)
}

pub fn side_index(country: &str) -> usize {
    match country {
        "RU" => 0,
        "CN" => 1,
        _ => 2,
    }
}
