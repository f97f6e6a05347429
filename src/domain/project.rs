//! Projects, their funding and their outputs: the words each of them is described with.

use chrono::NaiveDate;

use crate::coverage::Interval;
use crate::text_enum;

text_enum! {
    ProjectStatus {
        Planned => "planned",
        Active => "active",
        Suspended => "suspended",
        Completed => "completed",
        Cancelled => "cancelled",
    }
}

text_enum! {
    /// Who may read a project (and its funding and outputs): `public` anyone, even without
    /// signing in; `partners` every signed-in account and partner token; `restricted` only
    /// coordinators, administrators, the heads of its laboratories and the institutions whose
    /// laboratories take part. Anyone else is answered 404, as if it did not exist.
    Visibility {
        Public => "public",
        Partners => "partners",
        Restricted => "restricted",
    }
}

text_enum! {
    /// A laboratory's part in a project: exactly one `lead`, any number of `partner`s.
    LabRole {
        Lead => "lead",
        Partner => "partner",
    }
}

text_enum! {
    ParticipantRole {
        PrincipalInvestigator => "principal_investigator",
        CoInvestigator => "co_investigator",
        Researcher => "researcher",
        Postdoc => "postdoc",
        Student => "student",
        Engineer => "engineer",
        Other => "other",
    }
}

text_enum! {
    /// Where an award stands. Only `awarded` and `active` funding covers a project's days.
    FundingStatus {
        Applied => "applied",
        Awarded => "awarded",
        Active => "active",
        Ended => "ended",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
    }
}

impl FundingStatus {
    /// The statuses whose funding covers days: `awarded` and `active`, and `ended` for the days
    /// it ran.
    pub const COVERING: [FundingStatus; 3] = [FundingStatus::Awarded, FundingStatus::Active, FundingStatus::Ended];

    /// The days of `period` that funding with this status covers, seen on `today`: all of them
    /// when awarded or active; when ended, those before today — an award that has ended (even
    /// early) covered the days it ran and covers nothing from today on; otherwise none.
    pub fn covered_part(self, period: Interval, today: NaiveDate) -> Option<Interval> {
        match self {
            FundingStatus::Awarded | FundingStatus::Active => Some(period),
            FundingStatus::Ended => Interval::new(period.start, period.end.min(today.pred_opt()?)),
            FundingStatus::Applied | FundingStatus::Rejected | FundingStatus::Withdrawn => None,
        }
    }
}

text_enum! {
    OutputKind {
        JournalArticle => "journal_article",
        ConferencePaper => "conference_paper",
        Patent => "patent",
        Dataset => "dataset",
        Software => "software",
        Agreement => "agreement",
        EducationalProgramme => "educational_programme",
        Report => "report",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_on_the_wire_and_in_the_database() {
        for status in FundingStatus::ALL {
            assert_eq!(FundingStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        assert_eq!(OutputKind::parse("educational_programme"), Some(OutputKind::EducationalProgramme));
        assert_eq!(Visibility::parse("Public"), None);
    }

    #[test]
    fn ended_funding_covers_the_days_it_ran_and_nothing_from_today_on() {
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        let period = Interval::new(day("2025-01-01"), day("2027-12-31")).unwrap();
        let today = day("2026-11-28");
        let ran = Interval::new(day("2025-01-01"), day("2026-11-27"));
        assert_eq!(FundingStatus::Active.covered_part(period, today), Some(period));
        assert_eq!(FundingStatus::Awarded.covered_part(period, today), Some(period));
        assert_eq!(FundingStatus::Ended.covered_part(period, today), ran, "ended early: not from today on");
        let past = Interval::new(day("2020-01-01"), day("2022-12-31")).unwrap();
        assert_eq!(FundingStatus::Ended.covered_part(past, today), Some(past));
        let future = Interval::new(day("2027-01-01"), day("2027-12-31")).unwrap();
        assert_eq!(FundingStatus::Ended.covered_part(future, today), None);
        for status in [FundingStatus::Applied, FundingStatus::Rejected, FundingStatus::Withdrawn] {
            assert_eq!(status.covered_part(period, today), None);
        }
    }
}
