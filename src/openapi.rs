//! The OpenAPI document: general information here, operations collected from the routes.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::domain::sort::NameSort;
use crate::error::{FieldError, Problem};
use crate::http::spreadsheet::SpreadsheetFile;
use crate::routes::centres::wire::CentrePage;
use crate::routes::findings::wire::FindingPage;
use crate::routes::funders::wire::FunderPage;
use crate::routes::funding::wire::{FundingPage, FundingSort};
use crate::routes::institutions::wire::InstitutionPage;
use crate::routes::labs::wire::LabPage;
use crate::routes::mirror_links::wire::MirrorLinkPage;
use crate::routes::outputs::wire::{OutputPage, OutputSort};
use crate::routes::projects::wire::{ProjectPage, ProjectSort};

mod conventions;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "jointreg",
        description = "Coordination registry for joint Russian–Chinese research: projects, laboratories \
(including mirror laboratories), funding lines and outputs, so that a joint centre's funding gap is seen \
months before it hurts and its history is never lost.\n\nEvery error is `application/problem+json` \
(RFC 9457) with `errors: [{field, code, message}]` for invalid fields and `request_id` for support.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")
    ),
    servers((
        url = "/",
        description = "The host serving this document: every path is relative to it (its public URL is \
the deployment's JOINTREG_PUBLIC_URL)."
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Signing in, sessions, invitations and password resets"),
        (name = "me", description = "Your own account"),
        (name = "users", description = "Account administration (audited)"),
        (name = "partner tokens", description = "Read-only API tokens for partner institutions"),
        (name = "institutions", description = "Universities, academy institutes, funders, ministries and companies"),
        (name = "funders", description = "Organisations that fund joint research, their status (active, closed) and successors"),
        (name = "centres", description = "Joint centres hosted by institutions in at least two countries, with their status and history"),
        (name = "labs", description = "Laboratories and their status over time"),
        (name = "mirror links", description = "Mirror laboratories: the same research line in two countries"),
        (name = "projects", description = "Joint projects: titles and summaries in three languages, laboratories, subject areas (ASJC), participants and visibility"),
        (name = "funding", description = "Awards that fund one side of a joint project: funder, call, award number, amount in minor units with a currency, period and status"),
        (name = "outputs", description = "What joint projects produced: articles, patents, datasets, agreements, with DOIs, years and the countries of their authors (co-authored RU–CN outputs are counted with `ru_cn=true`)"),
        (name = "imports", description = "Institutions, laboratories, projects, funding and outputs from CSV, XLSX or JSON files: checked as their POST checks them, all or nothing, idempotent by natural keys (ROR id, funder + award number, DOI)"),
        (name = "fx rates", description = "Reference exchange rates from the files the ECB and the Bank of Russia publish, imported by administrators, and the rate in effect on a day (direct, inverse or cross through EUR or RUB), as exact decimals"),
        (name = "stats", description = "The seed article's indicators computed from the registry: projects by status and ASJC area, co-authored RU–CN outputs per year with growth, funding per funder and currency, mirror links, labs and centres at risk, centres' laboratory counts over time; counting only what the caller may read"),
        (name = "subject areas", description = "The ASJC subject-area codes projects are classified with"),
        (name = "funding gaps", description = "Funding continuity findings (gaps, expiring and one-sided funding, lapsed funders, labs and centres at risk), computed from the registry, and coordinators' reviews of them"),
        (name = "changes", description = "One feed of every create, update and deletion you may see, in commit order, for systems that keep a copy in step"),
        (name = "oai-pmh", description = "OAI-PMH 2.0 for CRIS and OpenAIRE harvesters: public projects, awards, organisation units and outputs as CERIF-XML (OpenAIRE Guidelines for CRIS Managers 1.2) or Dublin Core"),
        (name = "health", description = "Liveness and readiness probes"),
        (name = "meta", description = "The API describing itself"),
    ),
    // Enums only parameters refer to: the routes' schemas are collected from bodies alone. And the
    // pages and files of the lists, which name them in a shared set of answers (`Listed`).
    components(schemas(
        Problem, FieldError, NameSort, ProjectSort, FundingSort, OutputSort, crate::imports::kind::Kind, crate::rates::Format,
        SpreadsheetFile, CentrePage, FindingPage, FunderPage, FundingPage, InstitutionPage, LabPage, MirrorLinkPage,
        OutputPage, ProjectPage,
    ))
)]
pub struct ApiDoc;

/// One scheme for both credentials: a person's access token (a JWT from `/api/v1/auth/login`) or
/// a partner institution's API token (`jrp_…`), each sent as `Authorization: Bearer …`.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT access token, or a partner API token (jrp_…)")
                    .description(Some(
                        "A person's access token from POST /api/v1/auth/login (valid 15 minutes; renew with \
                         /api/v1/auth/refresh), or a partner institution's read-only API token.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "metrics_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The operators' metrics token, JOINTREG_METRICS_TOKEN (GET /metrics only)."))
                    .build(),
            ),
        );
    }
}

/// The complete document, exactly as served at `/api/v1/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    crate::startup::routed_app().1
}

/// The document collected from the routes, with the conventions every operation and schema
/// follows applied (see `conventions`).
pub fn finish(document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    conventions::apply(document)
}

/// The document as committed in `openapi/openapi.json`: pretty, with a final newline.
pub fn to_pretty_json(document: &utoipa::openapi::OpenApi) -> String {
    let mut text = document.to_pretty_json().unwrap_or_default();
    text.push('\n');
    text
}
