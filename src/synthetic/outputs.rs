//! Outputs: ten per project on average, most of one project, some shared by two; titles in the
//! three languages; most co-authored in Russia and China.

use super::Progress;
use super::names::TOPICS;
use super::projects::{FUNDING, PROJECT, Projects};
use super::rng::Rng;
use super::sql::{STAMP, Table, flush, id, quote, quote_or_null};
use crate::db::DbConn;
use crate::domain::search_key;

const OUTPUT: u16 = 0x3001;
const KINDS: [(&str, u64); 8] = [
    ("journal_article", 55),
    ("conference_paper", 20),
    ("patent", 5),
    ("dataset", 7),
    ("software", 4),
    ("agreement", 3),
    ("educational_programme", 2),
    ("report", 4),
];
const VENUES: [&str; 5] =
    ["Physical Review B", "Известия РАН", "中国科学", "Cold Regions Science and Technology", "Composites Part B"];

pub fn load(
    conn: &mut DbConn,
    rng: &mut Rng,
    n: usize,
    projects: &Projects,
    progress: &mut Progress,
) -> diesel::QueryResult<()> {
    let mut outputs = Table::new(
        "outputs",
        "id, kind, title, doi, year, venue, url, author_countries, ru_cn, search_key, sort_key, version, created_at, updated_at",
    );
    let mut links = Table::new("output_projects", "output_id, project_id");
    let mut funded = Table::new("output_funding", "output_id, funding_id");
    let total = 10 * n;
    for o in 0..total {
        let output_id = id(OUTPUT, o);
        // Spread evenly: output o belongs to project o / 10, so each project has about ten.
        let project = (o / 10 + rng.below(3)).min(n - 1);
        let (first, last) = projects.years[project];
        let year = rng.between(i64::from(first), i64::from(last.max(first))) as i32;
        let kind = pick_kind(rng);
        let topic = rng.pick(&TOPICS);
        let title = match rng.below(100) {
            0..70 => format!("On {} ({o})", topic.en),
            70..85 => format!("О проблеме: {} ({o})", topic.ru),
            _ => format!("关于{}的研究（{o}）", topic.zh),
        };
        let doi = (matches!(kind, "journal_article" | "conference_paper") && rng.chance(70))
            .then(|| format!("10.5555/jointreg.{o}"));
        let countries = match rng.below(100) {
            0..70 => "CN,RU",
            70..80 => "RU",
            80..90 => "CN",
            _ => "CN,KZ,RU",
        };
        let ru_cn = countries.contains("CN") && countries.contains("RU");
        let venue = matches!(kind, "journal_article" | "conference_paper").then(|| *rng.pick(&VENUES));
        outputs.row(format_args!(
            "{}, '{kind}', {}, {}, {year}, {}, NULL, '{countries}', {ru_cn}, {}, {}, 1, {STAMP}, {STAMP}",
            quote(&output_id),
            quote(&title),
            quote_or_null(doi.as_deref()),
            quote_or_null(venue),
            quote(&search_key::for_names([title.as_str()])),
            quote(&search_key::normalise(&title))
        ));
        links.row(format_args!("{}, {}", quote(&output_id), quote(&id(PROJECT, project))));
        let other = rng.below(n);
        if rng.chance(20) && other != project {
            links.row(format_args!("{}, {}", quote(&output_id), quote(&id(PROJECT, other))));
        }
        let records = &projects.funding[project];
        if rng.chance(30) && !records.is_empty() {
            let record = records.start + rng.below(records.len());
            funded.row(format_args!("{}, {}", quote(&output_id), quote(&id(FUNDING, record))));
        }
        flush(conn, &mut [&mut outputs, &mut links, &mut funded], false)?;
        if (o + 1) % 100_000 == 0 {
            progress(outputs.name, o + 1);
        }
    }
    flush(conn, &mut [&mut outputs, &mut links, &mut funded], true)?;
    progress(outputs.name, outputs.total);
    progress(links.name, links.total);
    progress(funded.name, funded.total);
    Ok(())
}

fn pick_kind(rng: &mut Rng) -> &'static str {
    let mut roll = rng.below(100) as u64;
    for (kind, weight) in KINDS {
        if roll < weight {
            return kind;
        }
        roll -= weight;
    }
    "report"
}
