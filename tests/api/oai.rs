//! `/oai`: the OAI-PMH 2.0 repository of public records, as a harvester sees it — each verb in
//! both formats, datestamp windows, paging by resumption token, deletions, every protocol error,
//! and every response valid against the official OAI-PMH and OpenAIRE CERIF 1.2 schemas
//! (`../shared/schemas/openaire-cerif-1.2`, checked with xmllint).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::funding::award;
use crate::harness::shared_file;
use crate::helpers::TestApp;
use crate::helpers::world::World;
use crate::outputs::output_body;
use crate::projects::{create, project_body};

const SCHEMAS: &str = "../shared/schemas/openaire-cerif-1.2";
const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
const DOMAIN: &str = "registry.example.org";

async fn spawn(backend: crate::helpers::Backend) -> TestApp {
    TestApp::spawn_with(backend, |settings| settings.mail.public_url = format!("https://{DOMAIN}")).await
}

/// The answer to `GET /oai?{query}`, checked to be an OAI-PMH XML document.
async fn oai(app: &TestApp, query: &str) -> String {
    let response = app.anonymous.get(app.url(&format!("/oai?{query}"))).send().await.unwrap();
    assert_eq!(response.status(), 200, "{query}");
    assert_eq!(response.headers()["content-type"], "text/xml; charset=utf-8");
    response.text().await.unwrap()
}

/// The answer to `POST /oai` with a form body.
async fn oai_post(app: &TestApp, form: &[(&str, &str)]) -> String {
    let response = app.anonymous.post(app.url("/oai")).form(form).send().await.unwrap();
    assert_eq!(response.status(), 200, "{form:?}");
    response.text().await.unwrap()
}

fn identifier(kind: &str, record: &Value) -> String {
    format!("oai:{DOMAIN}:{kind}/{}", record["id"].as_str().unwrap())
}

/// What a harvester reads from a response.
struct Answer {
    error: Option<String>,
    /// Header identifiers, in order, with whether each is deleted.
    headers: Vec<(String, bool)>,
    /// The `resumptionToken` element: value, completeListSize, cursor.
    token: Option<(String, String, String)>,
    /// The attributes of the `request` element.
    request: Vec<(String, String)>,
}

fn read(xml: &str) -> Answer {
    let document = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let named = |name: &'static str| document.descendants().filter(move |n| n.has_tag_name(name));
    let headers = named("header")
        .map(|header| {
            let identifier = header.children().find(|n| n.has_tag_name("identifier")).and_then(|n| n.text()).unwrap();
            (identifier.to_owned(), header.attribute("status") == Some("deleted"))
        })
        .collect();
    let token = named("resumptionToken").next().map(|t| {
        (
            t.text().unwrap_or("").to_owned(),
            t.attribute("completeListSize").unwrap_or("").to_owned(),
            t.attribute("cursor").unwrap_or("").to_owned(),
        )
    });
    let request =
        named("request").next().unwrap().attributes().map(|a| (a.name().to_owned(), a.value().to_owned())).collect();
    Answer {
        error: named("error").next().and_then(|e| e.attribute("code")).map(str::to_owned),
        headers,
        token,
        request,
    }
}

fn ids(answer: &Answer) -> Vec<&str> {
    answer.headers.iter().map(|(id, _)| id.as_str()).collect()
}

/// The official schemas in a folder of this test's own, with the three patterns libxml2 rejects
/// as written made plain (REFERENCE.md §1b.6), and one schema that imports the OAI-PMH envelope,
/// the oai-identifier description and the CERIF profile, so that a response is checked whole.
struct Schemas {
    dir: tempfile::TempDir,
}

impl Schemas {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&shared_file(SCHEMAS), dir.path());
        let patch = |file: &str, from: &str, to: &str| {
            let path = dir.path().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} no longer holds {from}");
            std::fs::write(&path, text.replace(from, to)).unwrap();
        };
        patch("includes/orgunit-identifiers.xsd", "\\/", "/");
        patch("includes/person-identifiers.xsd", "info\\:eu\\-repo", "info:eu-repo");
        std::fs::write(
            dir.path().join("harvest.xsd"),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="cached/OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier" schemaLocation="cached/oai-identifier.xsd"/>
  <xs:import namespace="https://www.openaire.eu/cerif-profile/1.2/" schemaLocation="openaire-cerif-profile.xsd"/>
</xs:schema>"#,
        )
        .unwrap();
        Schemas { dir }
    }

    /// xmllint's complaints about `xml` (empty when it validates), offline.
    fn errors(&self, xml: &str) -> String {
        let file = self.dir.path().join("response.xml");
        std::fs::write(&file, xml).unwrap();
        let catalogs = format!(
            "{} {}",
            self.dir.path().join("catalog.xml").display(),
            self.dir.path().join("cached/catalog.xml").display()
        );
        let output = std::process::Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(self.dir.path().join("harvest.xsd"))
            .arg(&file)
            .env("XML_CATALOG_FILES", catalogs)
            .output()
            .unwrap();
        if output.status.success() {
            String::new()
        } else {
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .filter(|l| l.contains("response.xml"))
                .collect::<Vec<_>>()
                .join("\n")
        }
    }

    fn assert_valid(&self, xml: &str) {
        let errors = self.errors(xml);
        assert!(errors.is_empty(), "{errors}\n{xml}");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A public project led by the Russian laboratory, with an RSF award (with an amount), an NSFC
/// award, a refused application and an article with a DOI.
async fn public_project(app: &TestApp, world: &World, title: &str) -> (Value, Vec<Value>, Value) {
    let mut body = project_body(world, title);
    body["visibility"] = json!("public");
    let project = create(app, &body).await;
    let mut awards = Vec::new();
    // Award numbers of this project's own (a funder's numbers are unique).
    let suffix = &project["id"].as_str().unwrap()[30..];
    for (funder, number, status, side, amount) in [
        (RSF, format!("21-45-{suffix}"), "active", "RU", Some(600_000_012_i64)),
        (NSFC, format!("8216-{suffix}"), "awarded", "CN", None),
        (NSFC, format!("8210-{suffix}"), "rejected", "CN", None),
    ] {
        awards.push(award(app, &project, (funder, &number, status, side, amount)).await);
    }
    let mut article = output_body("Inflammation atlas", &[&project]);
    article["doi"] = json!(format!("10.1016/j.biopha.2021.{suffix}"));
    let response = app.post_json("/api/v1/outputs", &article).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    (project, awards, response.json().await.unwrap())
}

/// Every header of a list, following resumption tokens to the end (by POST when `post`); the
/// answers' (completeListSize, cursor) pairs beside it.
async fn harvest(
    app: &TestApp,
    first: &str,
    post: bool,
    schemas: Option<&Schemas>,
) -> (Vec<(String, bool)>, Vec<(String, String)>) {
    let verb = first.split('&').find_map(|p| p.strip_prefix("verb=")).unwrap().to_owned();
    let mut xml = oai(app, first).await;
    let mut headers = Vec::new();
    let mut tokens = Vec::new();
    loop {
        if let Some(schemas) = schemas {
            schemas.assert_valid(&xml);
        }
        let answer = read(&xml);
        assert_eq!(answer.error, None, "{xml}");
        headers.extend(answer.headers);
        let Some((token, size, cursor)) = answer.token else { break };
        tokens.push((size, cursor));
        if token.is_empty() {
            break;
        }
        xml = if post {
            oai_post(app, &[("verb", &verb), ("resumptionToken", &token)]).await
        } else {
            oai(app, &format!("verb={verb}&resumptionToken={token}")).await
        };
    }
    (headers, tokens)
}

both_backends! {
    #[requires(Tool("xmllint"), SharedFile("../shared/schemas/openaire-cerif-1.2/openaire-cerif-profile.xsd"))]
    async fn identify_formats_and_sets_validate_and_say_what_the_repository_is(backend) {
        let app = spawn(backend).await;
        let schemas = Schemas::new();

        let identify = oai(&app, "verb=Identify").await;
        schemas.assert_valid(&identify);
        for expected in [
            "<baseURL>https://registry.example.org/oai</baseURL>",
            "<protocolVersion>2.0</protocolVersion>",
            "<deletedRecord>transient</deletedRecord>",
            "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>",
            "<repositoryIdentifier>registry.example.org</repositoryIdentifier>",
            "https://www.openaire.eu/cerif-profile/vocab/OpenAIRE_Service_Compatibility#1.2</Compatibility>",
        ] {
            assert!(identify.contains(expected), "{expected} in {identify}");
        }
        assert_eq!(read(&identify).request, [("verb".to_owned(), "Identify".to_owned())]);

        let formats = oai(&app, "verb=ListMetadataFormats").await;
        schemas.assert_valid(&formats);
        assert!(formats.contains("<metadataPrefix>oai_cerif_openaire</metadataPrefix><schema>https://www.openaire.eu/schema/cris/1.2/openaire-cerif-profile.xsd</schema><metadataNamespace>https://www.openaire.eu/cerif-profile/1.2/</metadataNamespace>"), "{formats}");
        assert!(formats.contains("<metadataPrefix>oai_dc</metadataPrefix>"), "{formats}");

        let sets = oai(&app, "verb=ListSets").await;
        schemas.assert_valid(&sets);
        for spec in ["projects", "funding", "orgunits", "publications", "products", "patents", "persons", "events", "equipments"] {
            assert!(sets.contains(&format!("<setSpec>openaire_cris_{spec}</setSpec>")), "{spec} in {sets}");
        }
        // POST with a form body answers as GET does.
        let posted = oai_post(&app, &[("verb", "ListSets")]).await;
        assert_eq!(posted.split("</responseDate>").nth(1), sets.split("</responseDate>").nth(1));
    }

    #[requires(Tool("xmllint"), SharedFile("../shared/schemas/openaire-cerif-1.2/openaire-cerif-profile.xsd"))]
    async fn a_public_project_is_harvested_with_its_awards_organisations_and_output(backend) {
        let app = spawn(backend).await;
        let world = World::build(&app).await;
        let schemas = Schemas::new();
        let (project, awards, article) = public_project(&app, &world, "Systemic pathology of inflammation").await;

        let (headers, _) = harvest(&app, "verb=ListRecords&metadataPrefix=oai_cerif_openaire", false, Some(&schemas)).await;
        let listed: BTreeSet<&str> = headers.iter().map(|(id, _)| id.as_str()).collect();
        let expected = [
            identifier("Projects", &project),
            identifier("Fundings", &awards[0]),
            identifier("Fundings", &awards[1]),
            format!("oai:{DOMAIN}:OrgUnits/{}", world.susu),
            format!("oai:{DOMAIN}:OrgUnits/{}", world.wuhan),
            format!("oai:{DOMAIN}:OrgUnits/{RSF}"),
            format!("oai:{DOMAIN}:OrgUnits/{NSFC}"),
            identifier("Publications", &article),
        ];
        assert_eq!(listed, expected.iter().map(String::as_str).collect(), "the refused application and the outsider are not served");

        let get = |id: &str, prefix: &str| format!("verb=GetRecord&metadataPrefix={prefix}&identifier={id}");
        let record = oai(&app, &get(&expected[0], "oai_cerif_openaire")).await;
        schemas.assert_valid(&record);
        for part in [
            "<Acronym>SYSPATH</Acronym><Title xml:lang=\"en\">Systemic pathology of inflammation</Title><Title xml:lang=\"ru\">",
            "<StartDate>2021-01-01</StartDate><EndDate>2025-12-31</EndDate><Consortium><Coordinator><OrgUnit id=\"OrgUnits/",
            "<PrincipalInvestigator><DisplayName>Ирина Петрова</DisplayName><Person><ORCID>https://orcid.org/0000-0002-1825-0097</ORCID></Person></PrincipalInvestigator>",
            "<Subject scheme=\"https://www.elsevier.com/ASJC\">2734</Subject>",
        ] {
            assert!(record.contains(part), "{part} in {record}");
        }
        let number = format!("<Identifier type=\"https://w3id.org/cerif/vocab/IdentifierTypes#FinanceID\">{}</Identifier>", awards[1]["award_number"].as_str().unwrap());
        assert!(record.contains(&number), "{number} in {record}");
        let award = oai(&app, &get(&expected[1], "oai_cerif_openaire")).await;
        schemas.assert_valid(&award);
        assert!(award.contains("<Amount currency=\"RUB\">6000000.12</Amount>"), "exact decimal from minor units: {award}");
        assert!(award.contains("<Duration startDate=\"2021-07-01\" endDate=\"2024-06-30\"/>"), "{award}");
        let output = oai(&app, &get(&expected[7], "oai_cerif_openaire")).await;
        schemas.assert_valid(&output);
        assert!(output.contains("<Type xmlns=\"https://www.openaire.eu/cerif-profile/vocab/COAR_Publication_Types\">http://purl.org/coar/resource_type/c_6501</Type>"), "{output}");
        let doi = article["doi"].as_str().unwrap();
        assert!(output.contains(&format!("<DOI>{doi}</DOI>")), "{output}");
        assert!(output.contains(&format!("<OriginatesFrom><Project id=\"Projects/{}\">", project["id"].as_str().unwrap())), "{output}");
        let funder = oai(&app, &get(&format!("oai:{DOMAIN}:OrgUnits/{NSFC}"), "oai_cerif_openaire")).await;
        schemas.assert_valid(&funder);
        assert!(funder.contains("<Acronym>NSFC</Acronym>") && funder.contains("<FundRefID>https://doi.org/10.13039/501100001809</FundRefID>"), "{funder}");

        // Dublin Core: the same records, flat (no offline schema for oai_dc: read as XML).
        let dc = oai(&app, &get(&expected[0], "oai_dc")).await;
        assert_eq!(read(&dc).error, None, "{dc}");
        assert!(dc.contains("<dc:title xml:lang=\"en\">Systemic pathology of inflammation</dc:title>"), "{dc}");
        assert!(dc.contains(&format!("<dc:identifier>https://{DOMAIN}/api/v1/projects/{}</dc:identifier>", project["id"].as_str().unwrap())), "{dc}");
        let (dc_headers, _) = harvest(&app, "verb=ListRecords&metadataPrefix=oai_dc", false, None).await;
        assert_eq!(dc_headers, headers);
        let article_dc = oai(&app, &get(&expected[7], "oai_dc")).await;
        assert!(article_dc.contains(&format!("<dc:identifier>https://doi.org/{doi}</dc:identifier>")), "{article_dc}");

        // Sets: each entity type alone.
        let funding = read(&oai(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=openaire_cris_funding").await);
        assert_eq!(ids(&funding), [expected[1].as_str(), expected[2].as_str()]);
        let persons = read(&oai(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=openaire_cris_persons").await);
        assert_eq!(persons.error.as_deref(), Some("noRecordsMatch"));
        let formats = oai(&app, &format!("verb=ListMetadataFormats&identifier={}", expected[0])).await;
        assert!(formats.contains("oai_cerif_openaire"), "{formats}");
    }

    #[requires(Tool("xmllint"), SharedFile("../shared/schemas/openaire-cerif-1.2/openaire-cerif-profile.xsd"))]
    async fn restricted_and_partners_projects_are_never_served(backend) {
        let app = spawn(backend).await;
        let world = World::build(&app).await;
        let (open, ..) = public_project(&app, &world, "Open study").await;
        let mut hidden = Vec::new();
        for visibility in ["partners", "restricted"] {
            let (project, awards, article) = public_project(&app, &world, &format!("A {visibility} study")).await;
            let path = format!("/api/v1/projects/{}", project["id"].as_str().unwrap());
            let response = app.patch_current(&app.admin.access_token, &path, &json!({"visibility": visibility})).await;
            assert_eq!(response.status(), 200);
            hidden.push(identifier("Projects", &project));
            hidden.extend(awards.iter().map(|award| identifier("Fundings", award)));
            hidden.push(identifier("Publications", &article));
        }
        // An outsider's laboratory in a restricted project only: its institution is not named.
        let mut body = project_body(&world, "Outsider study");
        body["visibility"] = json!("restricted");
        body["labs"] = json!([{"lab_id": world.other_lab, "role": "lead"}]);
        body["participants"] = json!([]);
        let outsider = create(&app, &body).await;
        hidden.push(identifier("Projects", &outsider));
        hidden.push(format!("oai:{DOMAIN}:OrgUnits/{}", world.outsider_institution));

        let (headers, _) = harvest(&app, "verb=ListIdentifiers&metadataPrefix=oai_cerif_openaire", false, None).await;
        let listed: Vec<&str> = headers.iter().map(|(id, _)| id.as_str()).collect();
        assert!(listed.contains(&identifier("Projects", &open).as_str()));
        for id in &hidden {
            assert!(!listed.contains(&id.as_str()), "{id} is listed");
            for prefix in ["oai_cerif_openaire", "oai_dc"] {
                let record = read(&oai(&app, &format!("verb=GetRecord&metadataPrefix={prefix}&identifier={id}")).await);
                assert_eq!(record.error.as_deref(), Some("idDoesNotExist"), "{id}");
            }
        }
        // Credentials change nothing: a coordinator harvests what anyone does.
        let signed_in = app.request_as(&app.admin.access_token, Method::GET, "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").send().await.unwrap();
        let signed_in = read(&signed_in.text().await.unwrap());
        assert_eq!(signed_in.headers, headers);
    }

    #[requires(Tool("xmllint"), SharedFile("../shared/schemas/openaire-cerif-1.2/openaire-cerif-profile.xsd"))]
    async fn from_and_until_select_records_by_datestamp_in_either_granularity(backend) {
        let app = spawn(backend).await;
        let world = World::build(&app).await;
        let schemas = Schemas::new();
        let (project, ..) = public_project(&app, &world, "Dated study").await;
        let id = identifier("Projects", &project);
        let record = oai(&app, &format!("verb=GetRecord&metadataPrefix=oai_dc&identifier={id}")).await;
        let stamp = record.split("<datestamp>").nth(1).unwrap().split("</datestamp>").next().unwrap().to_owned();
        let day = &stamp[..10];
        let instant = chrono::NaiveDateTime::parse_from_str(&stamp, "%Y-%m-%dT%H:%M:%SZ").unwrap();
        let second_before = (instant - chrono::TimeDelta::seconds(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let next_day = (instant + chrono::TimeDelta::days(1)).format("%Y-%m-%d").to_string();
        let list = |window: String| format!("verb=ListIdentifiers&metadataPrefix=oai_cerif_openaire&set=openaire_cris_projects{window}");

        for window in [format!("&from={day}"), format!("&until={day}"), format!("&from={day}&until={day}"),
                       format!("&from={stamp}&until={stamp}"), format!("&from={stamp}"), format!("&until={stamp}")] {
            let xml = oai(&app, &list(window.clone())).await;
            schemas.assert_valid(&xml);
            assert_eq!(ids(&read(&xml)), [id.as_str()], "{window}");
        }
        for window in [format!("&until={second_before}"), format!("&from={next_day}"), "&until=2000-01-01".to_owned()] {
            let xml = oai(&app, &list(window.clone())).await;
            schemas.assert_valid(&xml);
            assert_eq!(read(&xml).error.as_deref(), Some("noRecordsMatch"), "{window}");
        }
    }

    #[requires(Tool("xmllint"), SharedFile("../shared/schemas/openaire-cerif-1.2/openaire-cerif-profile.xsd"))]
    async fn lists_page_by_resumption_token_to_the_end_without_duplicates_or_skips(backend) {
        let app = spawn(backend).await;
        let world = World::build(&app).await;
        let schemas = Schemas::new();
        let mut expected = BTreeSet::new();
        for n in 0..30 {
            let mut body = project_body(&world, &format!("Study {n:02}"));
            body["visibility"] = json!("public");
            body["participants"] = json!([]);
            expected.insert(identifier("Projects", &create(&app, &body).await));
        }
        expected.insert(format!("oai:{DOMAIN}:OrgUnits/{}", world.susu));
        expected.insert(format!("oai:{DOMAIN}:OrgUnits/{}", world.wuhan));

        // 32 records: parts of 25 records.
        let (headers, tokens) = harvest(&app, "verb=ListRecords&metadataPrefix=oai_cerif_openaire", false, Some(&schemas)).await;
        let listed: Vec<&str> = headers.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(listed.iter().copied().collect::<BTreeSet<_>>(), expected.iter().map(String::as_str).collect(), "none skipped");
        assert_eq!(listed.len(), expected.len(), "none twice");
        assert_eq!(tokens, [("32".to_owned(), "0".to_owned()), ("32".to_owned(), "25".to_owned())]);

        // By POST, one set: the projects' part ends exactly at 25 + 5, and the tokens are opaque.
        let (projects, tokens) = harvest(&app, "verb=ListRecords&metadataPrefix=oai_dc&set=openaire_cris_projects", true, None).await;
        assert_eq!(projects.len(), 30);
        assert_eq!(projects.iter().map(|(id, _)| id).collect::<BTreeSet<_>>().len(), 30);
        assert_eq!(tokens, [("30".to_owned(), "0".to_owned()), ("30".to_owned(), "25".to_owned())]);

        // A project changed while a harvester pages is given after the point it reached.
        let first = read(&oai(&app, "verb=ListRecords&metadataPrefix=oai_dc&set=openaire_cris_projects").await);
        let (token, ..) = first.token.unwrap();
        let early = first.headers[0].0.rsplit('/').next().unwrap().to_owned();
        let response = app.patch_current(&app.admin.access_token, &format!("/api/v1/projects/{early}"), &json!({"keywords": ["changed"]})).await;
        assert_eq!(response.status(), 200);
        let rest = read(&oai(&app, &format!("verb=ListRecords&resumptionToken={token}")).await);
        assert_eq!(rest.headers.len(), 6);
        assert_eq!(rest.headers.last().unwrap().0, first.headers[0].0);
    }

    #[requires(Tool("xmllint"), SharedFile("../shared/schemas/openaire-cerif-1.2/openaire-cerif-profile.xsd"))]
    async fn deleted_public_records_are_reported_as_deleted(backend) {
        let app = spawn(backend).await;
        let world = World::build(&app).await;
        let schemas = Schemas::new();
        let (kept, awards, article) = public_project(&app, &world, "Kept study").await;
        let mut body = project_body(&world, "Short-lived study");
        body["visibility"] = json!("public");
        let gone = create(&app, &body).await;
        body["visibility"] = json!("restricted");
        let secret = create(&app, &body).await;
        let delete = |path: String| app.request_as(&app.admin.access_token, Method::DELETE, &path).send();
        for path in [
            format!("/api/v1/projects/{}", gone["id"].as_str().unwrap()),
            format!("/api/v1/projects/{}", secret["id"].as_str().unwrap()),
            format!("/api/v1/outputs/{}", article["id"].as_str().unwrap()),
            format!("/api/v1/funding/{}", awards[0]["id"].as_str().unwrap()),
        ] {
            let response = delete(path.clone()).await.unwrap();
            assert_eq!(response.status(), 204, "{path}: {}", response.text().await.unwrap());
        }

        let (headers, _) = harvest(&app, "verb=ListRecords&metadataPrefix=oai_cerif_openaire", false, Some(&schemas)).await;
        let deleted: BTreeSet<&str> = headers.iter().filter(|(_, deleted)| *deleted).map(|(id, _)| id.as_str()).collect();
        let expected = [identifier("Projects", &gone), identifier("Fundings", &awards[0]), identifier("Publications", &article)];
        assert_eq!(deleted, expected.iter().map(String::as_str).collect(), "the restricted project was never served");
        assert!(headers.iter().any(|(id, deleted)| *id == identifier("Projects", &kept) && !deleted));

        let record = oai(&app, &format!("verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier={}", expected[0])).await;
        schemas.assert_valid(&record);
        assert!(record.contains("<header status=\"deleted\">") && !record.contains("<metadata>"), "{record}");
        let secret = read(&oai(&app, &format!("verb=GetRecord&metadataPrefix=oai_dc&identifier={}", identifier("Projects", &secret))).await);
        assert_eq!(secret.error.as_deref(), Some("idDoesNotExist"));
        let publications = read(&oai(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=openaire_cris_publications").await);
        assert_eq!(publications.headers, [(expected[2].clone(), true)]);
    }

    #[requires(Tool("xmllint"), SharedFile("../shared/schemas/openaire-cerif-1.2/openaire-cerif-profile.xsd"))]
    async fn every_bad_request_gets_its_protocol_error(backend) {
        let app = spawn(backend).await;
        let world = World::build(&app).await;
        let schemas = Schemas::new();
        let (project, ..) = public_project(&app, &world, "Erroneous study").await;
        let listed = read(&oai(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc").await);
        let (identifiers_token, ..) = listed.token.clone().unwrap_or_default();
        let cases: Vec<(String, &str)> = vec![
            ("".into(), "badVerb"),
            ("verb=Dance".into(), "badVerb"),
            ("verb=Identify&verb=ListSets".into(), "badVerb"),
            ("verb=Identify&metadataPrefix=oai_dc".into(), "badArgument"),
            ("verb=ListRecords".into(), "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc".into(), "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday".into(), "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-02-01T00:00:00Z".into(), "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01".into(), "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&set=openaire_cris_nothing".into(), "badArgument"),
            ("verb=GetRecord&metadataPrefix=oai_dc".into(), "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc".into(), "badArgument"),
            ("verb=ListRecords&metadataPrefix=marc21".into(), "cannotDisseminateFormat"),
            (format!("verb=GetRecord&metadataPrefix=marc21&identifier={}", identifier("Projects", &project)), "cannotDisseminateFormat"),
            ("verb=ListRecords&resumptionToken=not-a-token".into(), "badResumptionToken"),
            ("verb=ListSets&resumptionToken=not-a-token".into(), "badResumptionToken"),
            ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:registry.example.org:Projects/01a21f73-0000-7000-8000-000000000999".into(), "idDoesNotExist"),
            (format!("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.org:Projects/{}", project["id"].as_str().unwrap()), "idDoesNotExist"),
            ("verb=GetRecord&metadataPrefix=oai_dc&identifier=nonsense".into(), "idDoesNotExist"),
            ("verb=ListMetadataFormats&identifier=oai:registry.example.org:Persons/1".into(), "idDoesNotExist"),
            ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01".into(), "noRecordsMatch"),
            ("verb=ListRecords&metadataPrefix=oai_cerif_openaire&set=openaire_cris_events".into(), "noRecordsMatch"),
        ];
        for (query, code) in cases {
            let xml = oai(&app, &query).await;
            schemas.assert_valid(&xml);
            let answer = read(&xml);
            assert_eq!(answer.error.as_deref(), Some(code), "{query}: {xml}");
            if matches!(code, "badVerb" | "badArgument") {
                assert!(answer.request.is_empty(), "the request is not echoed: {xml}");
            }
        }
        // Only a part exists when a token is issued: one for ListIdentifiers does not resume ListRecords.
        if !identifiers_token.is_empty() {
            let xml = oai(&app, &format!("verb=ListRecords&resumptionToken={identifiers_token}")).await;
            assert_eq!(read(&xml).error.as_deref(), Some("badResumptionToken"));
        }
        // Outside the protocol: a POST that is not a form, a value beyond the documented limits.
        let response = app.anonymous.post(app.url("/oai")).json(&json!({"verb": "Identify"})).send().await.unwrap();
        crate::helpers::assert_problem(response, 415).await;
        let long = app.anonymous.get(app.url(&format!("/oai?verb=ListSets&resumptionToken={}", "a".repeat(1025)))).send().await.unwrap();
        crate::helpers::assert_problem(long, 400).await;
    }

    #[requires(Tool("xmllint"), SharedFile("../shared/schemas/openaire-cerif-1.2/openaire-cerif-profile.xsd"))]
    async fn the_demo_data_harvests_as_valid_cerif(backend) {
        let app = spawn(backend).await;
        jointreg::demo::load(&mut app.database.connect(), crate::helpers::today(), &mut |_| {}).unwrap();
        // Every demo project made public, so that all of the demo is harvested.
        let projects: Value = app.get("/api/v1/projects?limit=100").await.json().await.unwrap();
        for project in projects["items"].as_array().unwrap() {
            let path = format!("/api/v1/projects/{}", project["id"].as_str().unwrap());
            let response = app.patch_current(&app.admin.access_token, &path, &json!({"visibility": "public"})).await;
            assert_eq!(response.status(), 200);
        }
        let schemas = Schemas::new();
        let (headers, _) = harvest(&app, "verb=ListRecords&metadataPrefix=oai_cerif_openaire", false, Some(&schemas)).await;
        let count = |kind: &str| headers.iter().filter(|(id, _)| id.contains(&format!(":{kind}/"))).count();
        assert_eq!(count("Projects"), projects["items"].as_array().unwrap().len());
        assert!(count("Fundings") > 0 && count("OrgUnits") > 0 && count("Publications") > 0, "{headers:?}");
    }
}
