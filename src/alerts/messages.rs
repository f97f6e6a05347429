//! The alert mail, in each recipient's language (`mail.ftl`), with dates and numbers as that
//! language writes them. Links lead to the console, where the work is done.

use chrono::{Days, NaiveDate};

use super::HORIZON_DAYS;
use super::coverage_loss::CoverageLoss;
use super::digest::LISTED;
use crate::domain::project::FundingStatus;
use crate::email::{Letter, OutgoingMessage, Recipient};
use crate::findings::engine::Finding;
use crate::findings::words::{self, Subjects};
use crate::i18n::{Arg, Catalogue};

/// A project's page in the console: its funding, coverage and the forms to change them.
pub fn project_link(public_url: &str, project_id: &str) -> String {
    format!("{public_url}/console/projects/{project_id}")
}

/// The console's start page: the open findings, where they are reviewed.
pub fn findings_link(public_url: &str) -> String {
    format!("{public_url}/console/")
}

/// To a head of one of the project's labs: its funding ends soon with nothing after it. `title`
/// is the project's title in the recipient's language.
pub fn coverage_loss(
    catalogue: &Catalogue,
    public_url: &str,
    to: &Recipient,
    title: &str,
    loss: &CoverageLoss,
    today: NaiveDate,
) -> OutgoingMessage {
    let mut letter = Letter::to(catalogue, to);
    let texts = letter.texts();
    let last_covered = loss.first_uncovered.checked_sub_days(Days::new(1)).unwrap_or(loss.first_uncovered);
    let (last_covered, first_uncovered, today) =
        (texts.date(last_covered), texts.date(loss.first_uncovered), texts.date(today));
    let days = Arg::Int(loss.days_left);
    let threshold = Arg::Int(loss.threshold.parse().unwrap_or(loss.days_left));
    let (applied, awarded) = (texts.label(FundingStatus::Applied), texts.label(FundingStatus::Awarded));
    let bullet = |key: &str, args: &[(&str, Arg)]| format!("- {}", texts.text_with(key, args));
    letter
        .say(
            "mail-coverage-loss-intro",
            &[
                ("title", Arg::Str(title)),
                ("last_covered", Arg::Str(&last_covered)),
                ("first_uncovered", Arg::Str(&first_uncovered)),
                ("days", days),
                ("today", Arg::Str(&today)),
            ],
        )
        .lines([
            texts.text("mail-coverage-loss-what-to-do"),
            bullet("mail-coverage-loss-record", &[("applied", Arg::Str(&applied)), ("awarded", Arg::Str(&awarded))]),
            bullet("mail-coverage-loss-end", &[]),
            bullet("mail-coverage-loss-help", &[]),
        ])
        .lines([texts.text("mail-coverage-loss-link"), project_link(public_url, &loss.project_id)])
        .say("mail-coverage-loss-once", &[("threshold", threshold)]);
    let subject = texts.text_with("mail-coverage-loss-subject", &[("title", Arg::Str(title)), ("days", days)]);
    letter.finish("coverage_alert", subject)
}

/// To a coordinator: the open findings nobody has reviewed, each in a sentence, newest first.
/// `subjects` holds the names of (at least) the first [`LISTED`] findings.
pub fn digest(
    catalogue: &Catalogue,
    public_url: &str,
    to: &Recipient,
    week: &str,
    findings: &[&Finding],
    subjects: &Subjects,
) -> OutgoingMessage {
    let mut letter = Letter::to(catalogue, to);
    let texts = letter.texts();
    let count = Arg::from(findings.len());
    let mut list: Vec<String> =
        findings.iter().take(LISTED).map(|finding| format!("- {}", words::explain(texts, finding, subjects))).collect();
    if findings.len() > LISTED {
        list.push(texts.text_with("mail-digest-more", &[("count", Arg::from(findings.len() - LISTED))]));
    }
    letter
        .say("mail-digest-intro", &[("horizon", Arg::from(HORIZON_DAYS))])
        .lines(list)
        .say("mail-digest-review", &[])
        .lines([texts.text("mail-digest-link"), findings_link(public_url)]);
    let subject = texts.text_with("mail-digest-subject", &[("week", Arg::Str(week)), ("count", count)]);
    letter.finish("findings_digest", subject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::Interval;
    use crate::findings::engine::FindingKind;
    use crate::i18n::Lang;

    const URL: &str = "https://registry.example.org";

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn to(lang: Lang) -> Recipient {
        Recipient { email: "head@example.org".into(), name: "Li Wei".into(), lang }
    }

    fn loss() -> CoverageLoss {
        CoverageLoss {
            project_id: "p1".into(),
            title: "Systemic pathology".into(),
            first_uncovered: d("2027-01-01"),
            days_left: 83,
            threshold: "90",
            lab_ids: vec![],
        }
    }

    #[test]
    fn a_coverage_loss_is_told_with_dates_of_the_language_and_a_link_to_the_project() {
        let catalogue = Catalogue::load().unwrap();
        let english = coverage_loss(&catalogue, URL, &to(Lang::En), "Systemic pathology", &loss(), d("2026-10-10"));
        assert_eq!(english.subject, "Funding of “Systemic pathology” ends in 83 days");
        assert!(english.body.contains("funded until 31 Dec 2026. From 1 Jan 2027"), "{}", english.body);
        assert!(english.body.contains(&format!("\n{URL}/console/projects/p1\n")), "{}", english.body);
        assert!(english.body.contains("“Applied”") && english.body.contains("“Awarded”"), "{}", english.body);
        let russian = coverage_loss(&catalogue, URL, &to(Lang::Ru), "Системная патология", &loss(), d("2026-10-10"));
        assert_eq!(russian.subject, "Финансирование проекта «Системная патология» заканчивается через 83 дня");
        assert!(russian.body.contains("31 дек. 2026 г."), "{}", russian.body);
        let chinese = coverage_loss(&catalogue, URL, &to(Lang::Zh), "系统病理学", &loss(), d("2026-10-10"));
        assert!(chinese.body.contains("2026年12月31日"), "{}", chinese.body);
        for message in [english, russian, chinese] {
            assert!(!message.body.contains("/api/"), "{}", message.body);
        }
    }

    #[test]
    fn a_digest_lists_findings_in_sentences_and_counts_the_rest() {
        let catalogue = Catalogue::load().unwrap();
        let finding = Finding {
            key: "gap:p1:2027-01-01".into(),
            kind: FindingKind::Gap,
            explanation: String::new(),
            interval: Interval::new(d("2027-01-01"), d("2027-01-31")).unwrap(),
            bites_on: d("2027-01-01"),
            project_id: Some("p1".into()),
            lab_id: None,
            centre_id: None,
            funding_ids: vec![],
            funder_ids: vec![],
            side: None,
        };
        let many: Vec<&Finding> = std::iter::repeat_n(&finding, LISTED + 2).collect();
        let subjects = Subjects::default();
        let message = digest(&catalogue, URL, &to(Lang::En), "2026-W48", &many, &subjects);
        assert_eq!(message.subject, "jointreg weekly digest 2026-W48: 202 unreviewed findings");
        assert_eq!(message.body.matches("- No funding covers project").count(), LISTED, "{}", message.body);
        assert!(message.body.contains("… and 2 more findings."), "{}", message.body);
        assert!(message.body.contains(&format!("\n{URL}/console/\n")), "{}", message.body);
        let russian = digest(&catalogue, URL, &to(Lang::Ru), "2026-W48", &many[..1], &subjects);
        assert_eq!(russian.subject, "Еженедельная сводка jointreg 2026-W48: 1 непросмотренная проблема");
    }
}
