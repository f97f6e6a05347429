//! A finding in words, in the reader's language, with the names of what it is about in that
//! language: what the console shows and the digest mails. (The API's `explanation` stays the
//! engine's English sentence.) Names are looked up for the findings at hand only — a page or a
//! digest — in a fixed number of queries.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use super::engine::{Finding, FindingKind};
use crate::db::DbConn;
use crate::db::models::names::{self, NameIndex, Named};
use crate::db::models::project_access::ReadScope;
use crate::db::schema::funders;
use crate::error::ApiError;
use crate::i18n::{Arg, Lang, Texts, name_in};

/// The names of the projects, labs, centres and funders some findings are about.
#[derive(Debug, Default)]
pub struct Subjects {
    projects: NameIndex,
    labs: NameIndex,
    centres: NameIndex,
    /// A funder's code and its successor's code, if it has one.
    funders: HashMap<String, (String, Option<String>)>,
}

impl Subjects {
    /// Looks up the names `findings` need: at most five queries per thousand records named.
    pub fn load<'a>(conn: &mut DbConn, findings: impl IntoIterator<Item = &'a Finding>) -> Result<Subjects, ApiError> {
        let (mut project_ids, mut lab_ids, mut centre_ids, mut funder_ids) =
            (HashSet::new(), HashSet::new(), HashSet::new(), HashSet::new());
        for finding in findings {
            project_ids.extend(finding.project_id.clone());
            lab_ids.extend(finding.lab_id.clone());
            centre_ids.extend(finding.centre_id.clone());
            if finding.kind == FindingKind::FunderLapsed {
                funder_ids.extend(finding.funder_ids.iter().cloned());
            }
        }
        let mut subjects = Subjects {
            // Every project: whoever reads a finding was already allowed to see what it is about.
            projects: names::of_projects(conn, &ReadScope::Everything, project_ids.iter().map(String::as_str))?,
            labs: names::of(conn, Named::Labs, lab_ids.iter().map(String::as_str))?,
            centres: names::of(conn, Named::Centres, centre_ids.iter().map(String::as_str))?,
            funders: HashMap::new(),
        };
        if !funder_ids.is_empty() {
            let rows: Vec<(String, String, Option<String>)> = funders::table
                .filter(funders::id.eq_any(&funder_ids))
                .select((funders::id, funders::short_code, funders::successor_id))
                .load(conn)?;
            let successors: Vec<String> = rows.iter().filter_map(|(_, _, s)| s.clone()).collect();
            let codes = names::funder_short_codes(conn, successors.iter().map(String::as_str))?;
            subjects.funders = rows
                .into_iter()
                .map(|(id, code, successor)| (id, (code, successor.and_then(|s| codes.get(&s).cloned()))))
                .collect();
        }
        Ok(subjects)
    }

    /// The name of what `finding` is about (its project, else its lab, else its centre), in
    /// `lang` when it has one there.
    pub fn name(&self, lang: Lang, finding: &Finding) -> String {
        let names = match (&finding.project_id, &finding.lab_id, &finding.centre_id) {
            (Some(project), _, _) => self.projects.get(project),
            (None, Some(lab), _) => self.labs.get(lab),
            (None, None, Some(centre)) => self.centres.get(centre),
            _ => None,
        };
        names.map(|n| name_in(lang, &n.en, n.ru.as_deref(), n.zh.as_deref()).to_owned()).unwrap_or_default()
    }
}

/// The finding as a sentence in `texts`' language.
pub fn explain(texts: Texts<'_>, finding: &Finding, subjects: &Subjects) -> String {
    let name = subjects.name(texts.lang(), finding);
    let (from, to) = (texts.date(finding.interval.start), texts.date(finding.interval.end));
    let side = |country: &str| texts.text(&format!("finding-side-{}", country.to_ascii_lowercase()));
    let days = finding.interval.days();
    let mut args: Vec<(&str, Arg)> = vec![("name", Arg::Str(&name)), ("from", Arg::Str(&from)), ("to", Arg::Str(&to))];
    let (funded, unfunded);
    let key = match finding.kind {
        FindingKind::Gap => {
            args.push(("days", Arg::Int(days)));
            "finding-text-gap"
        }
        FindingKind::Expiring => "finding-text-expiring",
        FindingKind::OneSided => {
            let uncovered = finding.side.as_deref().unwrap_or_default();
            let covered = if uncovered == "RU" { "CN" } else { "RU" };
            (funded, unfunded) = (side(covered), side(uncovered));
            args.push(("funded", Arg::Str(&funded)));
            args.push(("unfunded", Arg::Str(&unfunded)));
            "finding-text-one-sided"
        }
        FindingKind::FunderLapsed => {
            let funder = finding.funder_ids.first().and_then(|id| subjects.funders.get(id));
            let (code, successor) = funder.map(|(c, s)| (c.as_str(), s.as_deref())).unwrap_or_default();
            args.push(("funder", Arg::Str(code)));
            match successor {
                Some(successor) => {
                    args.push(("successor", Arg::Str(successor)));
                    "finding-text-funder-lapsed-successor"
                }
                None => "finding-text-funder-lapsed",
            }
        }
        FindingKind::LabAtRisk => "finding-text-lab-at-risk",
        FindingKind::CentreAtRisk => "finding-text-centre-at-risk",
    };
    texts.text_with(key, &args)
}
