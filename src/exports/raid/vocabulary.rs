//! Every RAiD vocabulary URI the export writes, in one table. They are the values the RAiD
//! service's strict JSON Schema (raid-au `raid-strict-jsonschema.json`, commit fd80d56) enforces;
//! the draft metadata documents already name newer ids, so when the service moves, this file is
//! the one place to change (the export test validates against the schema the service uses).

use crate::domain::project::{OutputKind, ParticipantRole};

pub const LANGUAGE_SCHEMA: &str = "https://www.iso.org/standard/74575.html";

pub const TITLE_TYPE_SCHEMA: &str = "https://vocabulary.raid.org/title.type.schema/376";
pub const TITLE_PRIMARY: &str = "https://vocabulary.raid.org/title.type.schema/5";
pub const TITLE_ALTERNATIVE: &str = "https://vocabulary.raid.org/title.type.schema/4";
pub const TITLE_ACRONYM: &str = "https://vocabulary.raid.org/title.type.schema/156";

pub const DESCRIPTION_TYPE_SCHEMA: &str = "https://vocabulary.raid.org/description.type.schema/320";
pub const DESCRIPTION_PRIMARY: &str = "https://vocabulary.raid.org/description.type.schema/318";
pub const DESCRIPTION_ALTERNATIVE: &str = "https://vocabulary.raid.org/description.type.schema/319";

pub const ACCESS_SCHEMA: &str = "https://vocabularies.coar-repositories.org/access_rights/";
pub const ACCESS_OPEN: &str = "https://vocabularies.coar-repositories.org/access_rights/c_abf2/";
pub const ACCESS_EMBARGOED: &str = "https://vocabularies.coar-repositories.org/access_rights/c_f1cf/";

pub const ORCID_SCHEMA: &str = "https://orcid.org/";
pub const POSITION_SCHEMA: &str = "https://vocabulary.raid.org/contributor.position.schema/305";

pub const ROR_SCHEMA: &str = "https://ror.org/";
pub const ORGANISATION_ROLE_SCHEMA: &str = "https://vocabulary.raid.org/organisation.role.schema/359";
pub const LEAD_RESEARCH_ORGANISATION: &str = "https://vocabulary.raid.org/organisation.role.schema/182";
pub const OTHER_RESEARCH_ORGANISATION: &str = "https://vocabulary.raid.org/organisation.role.schema/183";
pub const FUNDER: &str = "https://vocabulary.raid.org/organisation.role.schema/186";

pub const DOI_SCHEMA: &str = "https://doi.org/";
pub const RELATED_OBJECT_TYPE_SCHEMA: &str = "https://vocabulary.raid.org/relatedObject.type.schema/329";
pub const RELATED_OBJECT_CATEGORY_SCHEMA: &str = "https://vocabulary.raid.org/relatedObject.category.schemaUri/386";
pub const OUTPUT_CATEGORY: &str = "https://vocabulary.raid.org/relatedObject.category.id/190";

/// ISO 639-3 codes of the registry's three languages.
pub const ENGLISH: &str = "eng";
pub const RUSSIAN: &str = "rus";
pub const CHINESE: &str = "zho";

/// The ISO 639-3 code of one of the registry's language tags (`en`, `ru`, `zh`).
pub fn iso_639_3(tag: &str) -> &'static str {
    match tag {
        "ru" => RUSSIAN,
        "zh" => CHINESE,
        _ => ENGLISH,
    }
}

/// A participant's administrative position: RAiD has no student, postdoc or engineer position,
/// so those are "Other Participant".
pub fn position(role: ParticipantRole) -> &'static str {
    match role {
        ParticipantRole::PrincipalInvestigator => "https://vocabulary.raid.org/contributor.position.schema/307",
        ParticipantRole::CoInvestigator => "https://vocabulary.raid.org/contributor.position.schema/308",
        ParticipantRole::Researcher
        | ParticipantRole::Postdoc
        | ParticipantRole::Student
        | ParticipantRole::Engineer
        | ParticipantRole::Other => "https://vocabulary.raid.org/contributor.position.schema/311",
    }
}

/// The related-object type of an output kind (a subset of DataCite's resource types: a patent
/// and an agreement are "Text", an educational programme a "Learning Object").
pub fn related_object_type(kind: OutputKind) -> &'static str {
    match kind {
        OutputKind::JournalArticle => "https://vocabulary.raid.org/relatedObject.type.schema/250",
        OutputKind::ConferencePaper => "https://vocabulary.raid.org/relatedObject.type.schema/264",
        OutputKind::Report => "https://vocabulary.raid.org/relatedObject.type.schema/252",
        OutputKind::Dataset => "https://vocabulary.raid.org/relatedObject.type.schema/269",
        OutputKind::Software => "https://vocabulary.raid.org/relatedObject.type.schema/259",
        OutputKind::EducationalProgramme => "https://vocabulary.raid.org/relatedObject.type.schema/267",
        OutputKind::Patent | OutputKind::Agreement => "https://vocabulary.raid.org/relatedObject.type.schema/265",
    }
}
