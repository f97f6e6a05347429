//! The OAI-PMH response to a request: the envelope, then the verb's answer or the protocol error.
//! Protocol errors are part of the protocol (HTTP 200, an `error` element); only the service's own
//! failures (database down) are HTTP errors.

use chrono::Utc;

use super::catalogue::{self, Item, SETS, Source, stamp};
use super::records::{self, Neighbours};
use super::repository::Repository;
use super::request::{self, Arguments, Format, ListRequest, OaiError, Verb, Window};
use super::token::{Position, ResumptionToken};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::exports::xml::Xml;
use crate::exports::{cerif, dublin_core};
use crate::http::exchange::Context;

const OAI: &str = "http://www.openarchives.org/OAI/2.0/";
const OAI_SCHEMA: &str = "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const OAI_IDENTIFIER: &str = "http://www.openarchives.org/OAI/2.0/oai-identifier";
const OAI_IDENTIFIER_SCHEMA: &str =
    "http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd";
const COMPATIBILITY: &str = "https://www.openaire.eu/cerif-profile/vocab/OpenAIRE_Service_Compatibility";

/// Records per part of `ListRecords` (each reads a few rows of its own) and of `ListIdentifiers`.
pub const RECORDS_PER_PART: usize = 25;
pub const IDENTIFIERS_PER_PART: usize = 100;

/// What a verb found, before anything is written: a protocol error replaces the whole answer.
enum Found {
    Identify,
    Formats,
    Sets,
    List(Part),
    Record(Box<Item>, Format),
}

/// One part of a list and how it continues.
struct Part {
    items: Vec<Item>,
    format: Format,
    with_metadata: bool,
    /// The `resumptionToken` element: `None` for a list given whole at once.
    token: Option<TokenElement>,
}

struct TokenElement {
    /// Empty on the last part.
    value: String,
    cursor: u64,
    total: u64,
}

/// The whole response document to `arguments`.
pub fn answer(
    conn: &mut DbConn,
    repository: &Repository,
    arguments: &Arguments,
    context: &Context,
) -> Result<String, ApiError> {
    let found = match request::parse(arguments) {
        Ok(verb) => find(conn, repository, &verb)?,
        Err(error) => Err(error),
    };
    let mut xml = Xml::new();
    xml.declaration();
    xml.open("OAI-PMH", &[("xmlns", OAI), ("xmlns:xsi", XSI), ("xsi:schemaLocation", OAI_SCHEMA)]);
    xml.text("responseDate", &[], &stamp(Utc::now().naive_utc()));
    let echoed: Vec<(&str, &str)> = match &found {
        Err(error) if error.hides_arguments() => Vec::new(),
        _ => arguments.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
    };
    xml.text("request", &echoed, &repository.base_url);
    match found {
        Err(error) => {
            xml.text("error", &[("code", error.code)], &error.message);
        }
        Ok(found) => write(conn, &mut xml, repository, found, context)?,
    }
    xml.close("OAI-PMH");
    xml.finish()
}

/// What `verb` answers, or the protocol error it meets.
fn find(conn: &mut DbConn, repository: &Repository, verb: &Verb) -> Result<Result<Found, OaiError>, ApiError> {
    Ok(match verb {
        Verb::Identify => Ok(Found::Identify),
        Verb::ListSets => Ok(Found::Sets),
        Verb::ListMetadataFormats { identifier: None } => Ok(Found::Formats),
        // Every record is served in every format: an identifier only has to exist.
        Verb::ListMetadataFormats { identifier: Some(identifier) } => {
            record(conn, repository, identifier)?.map(|_| Found::Formats)
        }
        Verb::GetRecord { identifier, format } => {
            record(conn, repository, identifier)?.map(|item| Found::Record(Box::new(item), *format))
        }
        Verb::ListIdentifiers(list) => {
            part(conn, "ListIdentifiers", list, IDENTIFIERS_PER_PART, false)?.map(Found::List)
        }
        Verb::ListRecords(list) => part(conn, "ListRecords", list, RECORDS_PER_PART, true)?.map(Found::List),
    })
}

fn record(conn: &mut DbConn, repository: &Repository, identifier: &str) -> Result<Result<Item, OaiError>, ApiError> {
    let item = match repository.record_id(identifier) {
        Some(record_id) => catalogue::find(conn, record_id)?,
        None => None,
    };
    Ok(item.ok_or_else(|| {
        OaiError::new("idDoesNotExist", format!("{identifier:?} is not an identifier of this repository"))
    }))
}

/// The part of a list that `list` asks for.
fn part(
    conn: &mut DbConn,
    verb: &str,
    list: &ListRequest,
    size: usize,
    with_metadata: bool,
) -> Result<Result<Part, OaiError>, ApiError> {
    let (format, set, window, start, cursor, total, resumed) = match list {
        ListRequest::Fresh { format, set, window } => {
            let Some(sources) = catalogue::sources(set.as_deref()) else {
                let set = set.as_deref().unwrap_or_default();
                return Ok(Err(OaiError::new("badArgument", format!("There is no set {set:?}; ListSets names them"))));
            };
            let mut total = 0;
            for source in &sources {
                total += source.count(conn, window)?;
            }
            let start = Position { source: 0, after: None };
            (*format, set.clone(), window.clone(), start, 0, total.max(0) as u64, false)
        }
        ListRequest::Resumed(token) => {
            (token.format, token.set.clone(), token.window(), token.position.clone(), token.cursor, token.total, true)
        }
    };
    let bad_token = || OaiError::new("badResumptionToken", "The resumption token does not name a place in this list");
    let Some(sources) = catalogue::sources(set.as_deref()) else { return Ok(Err(bad_token())) };
    if start.source > sources.len() {
        return Ok(Err(bad_token()));
    }
    let (items, next) = read(conn, &sources, &window, start, size)?;
    if items.is_empty() && !resumed {
        return Ok(Err(OaiError::new("noRecordsMatch", "No record matches the arguments")));
    }
    let given = cursor + items.len() as u64;
    let token = match next {
        Some(position) => Some(TokenElement {
            value: ResumptionToken {
                verb: verb.to_owned(),
                format,
                set,
                from: window.from,
                before: window.before,
                position,
                cursor: given,
                total: total.max(given),
            }
            .encode(),
            cursor,
            total: total.max(given + 1),
        }),
        None if resumed => Some(TokenElement { value: String::new(), cursor, total: given }),
        None => None,
    };
    Ok(Ok(Part { items, format, with_metadata, token }))
}

/// Up to `size` records from `start` on, and where the list goes on (when it does).
fn read(
    conn: &mut DbConn,
    sources: &[Source],
    window: &Window,
    start: Position,
    size: usize,
) -> Result<(Vec<Item>, Option<Position>), ApiError> {
    let mut items: Vec<Item> = Vec::new();
    let mut index = start.source;
    let mut after = start.after;
    while index < sources.len() {
        let room = size - items.len();
        let selection = catalogue::Selection { window, only: None, after: after.as_ref() };
        let mut got = sources[index].read(conn, &selection, room as i64 + 1)?;
        if got.len() > room {
            got.truncate(room);
            let last = got.last().map(|item| item.key.clone());
            items.extend(got);
            return Ok((items, Some(Position { source: index, after: last })));
        }
        items.extend(got);
        index += 1;
        after = None;
        if items.len() == size {
            // Full at the end of a source: the list goes on only if a later source has a record.
            let everything = catalogue::Selection { window, only: None, after: None };
            for (later, source) in sources.iter().enumerate().skip(index) {
                if !source.read(conn, &everything, 1)?.is_empty() {
                    return Ok((items, Some(Position { source: later, after: None })));
                }
            }
            return Ok((items, None));
        }
    }
    Ok((items, None))
}

fn write(
    conn: &mut DbConn,
    xml: &mut Xml,
    repository: &Repository,
    found: Found,
    context: &Context,
) -> Result<(), ApiError> {
    match found {
        Found::Identify => identify(conn, xml, repository)?,
        Found::Formats => {
            xml.open("ListMetadataFormats", &[]);
            for (prefix, schema, namespace) in [
                (Format::Cerif.prefix(), cerif::SCHEMA, cerif::NAMESPACE),
                (Format::DublinCore.prefix(), dublin_core::SCHEMA, dublin_core::NAMESPACE),
            ] {
                xml.open("metadataFormat", &[]);
                xml.text("metadataPrefix", &[], prefix);
                xml.text("schema", &[], schema);
                xml.text("metadataNamespace", &[], namespace);
                xml.close("metadataFormat");
            }
            xml.close("ListMetadataFormats");
        }
        Found::Sets => {
            xml.open("ListSets", &[]);
            for set in &SETS {
                xml.open("set", &[]);
                xml.text("setSpec", &[], set.spec);
                xml.text("setName", &[], set.name);
                xml.close("set");
            }
            xml.close("ListSets");
        }
        Found::Record(item, format) => {
            xml.open("GetRecord", &[]);
            let neighbours = Neighbours::load(conn, std::slice::from_ref(item.as_ref()))?;
            record_element(conn, xml, repository, &item, format, &neighbours, context)?;
            xml.close("GetRecord");
        }
        Found::List(part) => {
            let verb = if part.with_metadata { "ListRecords" } else { "ListIdentifiers" };
            xml.open(verb, &[]);
            if part.with_metadata {
                let neighbours = Neighbours::load(conn, &part.items)?;
                for item in &part.items {
                    record_element(conn, xml, repository, item, part.format, &neighbours, context)?;
                }
            } else {
                for item in &part.items {
                    header(xml, repository, item);
                }
            }
            if let Some(token) = part.token {
                let (cursor, total) = (token.cursor.to_string(), token.total.to_string());
                xml.text("resumptionToken", &[("completeListSize", &total), ("cursor", &cursor)], &token.value);
            }
            xml.close(verb);
        }
    }
    Ok(())
}

fn header(xml: &mut Xml, repository: &Repository, item: &Item) {
    let status: &[(&str, &str)] = if item.deleted() { &[("status", "deleted")] } else { &[] };
    xml.open("header", status);
    xml.text("identifier", &[], &repository.identifier(&item.record_id()));
    xml.text("datestamp", &[], &item.datestamp());
    xml.text("setSpec", &[], item.set_spec());
    xml.close("header");
}

fn record_element(
    conn: &mut DbConn,
    xml: &mut Xml,
    repository: &Repository,
    item: &Item,
    format: Format,
    neighbours: &Neighbours,
    context: &Context,
) -> Result<(), ApiError> {
    xml.open("record", &[]);
    header(xml, repository, item);
    if !item.deleted() {
        records::metadata(conn, xml, item, format, neighbours, context, &repository.website)?;
    }
    xml.close("record");
    Ok(())
}

fn identify(conn: &mut DbConn, xml: &mut Xml, repository: &Repository) -> Result<(), ApiError> {
    let earliest = catalogue::earliest(conn)?.unwrap_or_else(|| Utc::now().naive_utc());
    let name = "jointreg: registry of joint Russian–Chinese research";
    xml.open("Identify", &[]);
    xml.text("repositoryName", &[], name);
    xml.text("baseURL", &[], &repository.base_url);
    xml.text("protocolVersion", &[], "2.0");
    xml.text("adminEmail", &[], &repository.admin_email);
    xml.text("earliestDatestamp", &[], &stamp(earliest));
    xml.text("deletedRecord", &[], "transient");
    xml.text("granularity", &[], "YYYY-MM-DDThh:mm:ssZ");
    xml.open("description", &[]);
    xml.open("oai-identifier", &[("xmlns", OAI_IDENTIFIER), ("xsi:schemaLocation", OAI_IDENTIFIER_SCHEMA)]);
    xml.text("scheme", &[], "oai");
    xml.text("repositoryIdentifier", &[], &repository.domain);
    xml.text("delimiter", &[], ":");
    xml.text("sampleIdentifier", &[], &repository.identifier("Projects/01a21f73-9c00-7000-8000-000000000701"));
    xml.close("oai-identifier");
    xml.close("description");
    // The OpenAIRE guidelines ask for exactly one Service record naming the profile version.
    xml.open("description", &[]);
    xml.open("Service", &[("xmlns", cerif::NAMESPACE), ("id", "Services/jointreg")]);
    xml.text("Compatibility", &[("xmlns", COMPATIBILITY)], &format!("{COMPATIBILITY}#1.2"));
    xml.text("Acronym", &[], "jointreg");
    xml.text("Name", &[("xml:lang", "en")], name);
    xml.text(
        "Description",
        &[("xml:lang", "en")],
        "Public joint projects, their awards, the organisations taking part and funding them, and their outputs.",
    );
    xml.text("WebsiteURL", &[], &repository.website);
    xml.text("OAIPMHBaseURL", &[], &repository.base_url);
    xml.close("Service");
    xml.close("description");
    xml.close("Identify");
    Ok(())
}
