//! Projects, their funding and their outputs: the words each of them is described with.

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
            assert_eq!(FundingStatus::parse(status.as_str()), Some(*status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        assert_eq!(OutputKind::parse("educational_programme"), Some(OutputKind::EducationalProgramme));
        assert_eq!(Visibility::parse("Public"), None);
    }
}
