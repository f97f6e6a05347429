//! Outputs as CERIF research outputs: articles, papers, reports, agreements and programmes as
//! `Publication`s, datasets and software as `Product`s, patents as `Patent`s, each typed from
//! COAR and linked to the public projects it came from (`OriginatesFrom`).

use crate::db::models::output::Output;
use crate::db::models::project::Texts;
use crate::domain::project::OutputKind;
use crate::error::ApiError;
use crate::exports::xml::Xml;

const PUBLICATION_TYPES: &str = "https://www.openaire.eu/cerif-profile/vocab/COAR_Publication_Types";
const PRODUCT_TYPES: &str = "https://www.openaire.eu/cerif-profile/vocab/COAR_Product_Types";
const PATENT_TYPES: &str = "https://www.openaire.eu/cerif-profile/vocab/COAR_Patent_Types";

/// The CERIF entity (and OAI-PMH set) an output belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputSet {
    Publications,
    Products,
    Patents,
}

impl OutputSet {
    pub fn of(kind: OutputKind) -> Self {
        match kind {
            OutputKind::Dataset | OutputKind::Software => OutputSet::Products,
            OutputKind::Patent => OutputSet::Patents,
            _ => OutputSet::Publications,
        }
    }

    /// The kinds of output in this set.
    pub fn kinds(self) -> Vec<OutputKind> {
        OutputKind::ALL.into_iter().filter(|kind| OutputSet::of(*kind) == self).collect()
    }

    /// `Publications/<uuid>` and kin.
    pub fn record_id(self, id: &str) -> String {
        format!("{}/{id}", self.element_plural())
    }

    fn element_plural(self) -> &'static str {
        match self {
            OutputSet::Publications => "Publications",
            OutputSet::Products => "Products",
            OutputSet::Patents => "Patents",
        }
    }
}

/// The COAR resource type of a kind of output.
pub fn coar_type(kind: OutputKind) -> &'static str {
    match kind {
        OutputKind::JournalArticle => "http://purl.org/coar/resource_type/c_6501",
        OutputKind::ConferencePaper => "http://purl.org/coar/resource_type/c_5794",
        OutputKind::Report => "http://purl.org/coar/resource_type/c_93fc",
        // No closer publication type in the profile's list: "text".
        OutputKind::Agreement | OutputKind::EducationalProgramme => "http://purl.org/coar/resource_type/c_18cf",
        OutputKind::Dataset => "http://purl.org/coar/resource_type/c_ddb1",
        OutputKind::Software => "http://purl.org/coar/resource_type/c_5ce6",
        OutputKind::Patent => "http://purl.org/coar/resource_type/c_15cd",
    }
}

/// Writes `output` with links to `projects` (id and titles of each public project it came from).
pub fn output(xml: &mut Xml, output: &Output, projects: &[(String, Texts)]) -> Result<(), ApiError> {
    let kind = output.kind()?;
    let set = OutputSet::of(kind);
    let (element, types, title) = match set {
        OutputSet::Publications => ("Publication", PUBLICATION_TYPES, "Title"),
        OutputSet::Products => ("Product", PRODUCT_TYPES, "Name"),
        OutputSet::Patents => ("Patent", PATENT_TYPES, "Title"),
    };
    xml.open(element, &[("xmlns", super::NAMESPACE), ("id", &set.record_id(&output.id))]);
    xml.text("Type", &[("xmlns", types)], coar_type(kind));
    xml.text(title, &[], &output.title);
    if set == OutputSet::Publications {
        xml.text("PublicationDate", &[], &output.year.to_string());
    }
    if set != OutputSet::Patents {
        xml.optional("DOI", &[], output.doi.as_deref());
    }
    xml.optional("URL", &[], output.url.as_deref());
    for (id, titles) in projects {
        xml.open("OriginatesFrom", &[]);
        xml.open("Project", &[("id", &super::project_id(id))]);
        for (language, text) in titles.by_language() {
            xml.text("Title", &[("xml:lang", language)], text);
        }
        xml.close("Project");
        xml.close("OriginatesFrom");
    }
    xml.close(element);
    Ok(())
}
