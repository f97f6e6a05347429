//! What an import did (or, in a dry run, would do), kind by kind.

use serde::Serialize;
use utoipa::ToSchema;

use crate::imports::Kind;
use crate::imports::records::Outcome;

/// How many records of one kind an import created, changed, and found already as the file says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Counts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// The outcome of an import. A dry run reports what a real run would do, and writes nothing.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "import_id": "0193b0d4-6a5b-7c3d-8e2f-9a0b1c2d3e04",
    "dry_run": false,
    "rows": 5,
    "institutions": {"created": 1, "updated": 1, "unchanged": 0},
    "labs": {"created": 1, "updated": 0, "unchanged": 0},
    "projects": {"created": 0, "updated": 0, "unchanged": 0},
    "funding": {"created": 1, "updated": 0, "unchanged": 0},
    "outputs": {"created": 0, "updated": 0, "unchanged": 1}
}))]
pub struct ImportReport {
    /// Names the import: every history entry it wrote carries it as `request_id` (through the
    /// API, the request's `X-Request-Id`).
    pub import_id: String,
    /// Whether this was a dry run (nothing written).
    pub dry_run: bool,
    /// Rows read, of every kind.
    pub rows: u64,
    pub institutions: Counts,
    pub labs: Counts,
    pub projects: Counts,
    pub funding: Counts,
    pub outputs: Counts,
}

impl ImportReport {
    pub fn new(import_id: &str, dry_run: bool) -> Self {
        ImportReport {
            import_id: import_id.to_owned(),
            dry_run,
            rows: 0,
            institutions: Counts::default(),
            labs: Counts::default(),
            projects: Counts::default(),
            funding: Counts::default(),
            outputs: Counts::default(),
        }
    }

    pub fn of(&self, kind: Kind) -> Counts {
        match kind {
            Kind::Institutions => self.institutions,
            Kind::Labs => self.labs,
            Kind::Projects => self.projects,
            Kind::Funding => self.funding,
            Kind::Outputs => self.outputs,
        }
    }

    pub(crate) fn count(&mut self, kind: Kind, outcome: &Outcome) {
        self.rows += 1;
        let counts = match kind {
            Kind::Institutions => &mut self.institutions,
            Kind::Labs => &mut self.labs,
            Kind::Projects => &mut self.projects,
            Kind::Funding => &mut self.funding,
            Kind::Outputs => &mut self.outputs,
        };
        match outcome {
            Outcome::Created(_) => counts.created += 1,
            Outcome::Updated(_) => counts.updated += 1,
            Outcome::Unchanged(_) => counts.unchanged += 1,
        }
    }
}
