//! An OAI-PMH request taken apart: its verb and arguments, each checked as the protocol says, or
//! the protocol error that answers it (`badVerb`, `badArgument`, `cannotDisseminateFormat`,
//! `badResumptionToken`). The same for GET (query string) and POST (form body).

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::token::ResumptionToken;

/// A protocol error: its code and a human-readable explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OaiError {
    pub code: &'static str,
    pub message: String,
}

impl OaiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        OaiError { code, message: message.into() }
    }

    fn argument(message: impl Into<String>) -> Self {
        OaiError::new("badArgument", message)
    }

    /// Whether the request is too broken for its arguments to be echoed (the protocol's rule for
    /// the `request` element).
    pub fn hides_arguments(&self) -> bool {
        matches!(self.code, "badVerb" | "badArgument")
    }
}

/// The metadata formats served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    #[serde(rename = "c")]
    Cerif,
    #[serde(rename = "d")]
    DublinCore,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Cerif, Format::DublinCore];

    pub fn prefix(self) -> &'static str {
        match self {
            Format::Cerif => "oai_cerif_openaire",
            Format::DublinCore => "oai_dc",
        }
    }

    fn parse(prefix: &str) -> Result<Self, OaiError> {
        Format::ALL.into_iter().find(|f| f.prefix() == prefix).ok_or_else(|| {
            OaiError::new("cannotDisseminateFormat", format!("The metadata format {prefix:?} is not served here"))
        })
    }
}

/// Which datestamps a list covers: `from` inclusive, `before` exclusive (an `until` moved on by
/// its granularity, since a datestamp is shown to the second).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Window {
    pub from: Option<NaiveDateTime>,
    pub before: Option<NaiveDateTime>,
}

/// A list request as first asked (arguments), or resumed (a token).
#[derive(Debug, Clone)]
pub enum ListRequest {
    Fresh { format: Format, set: Option<String>, window: Window },
    Resumed(ResumptionToken),
}

#[derive(Debug, Clone)]
pub enum Verb {
    Identify,
    ListMetadataFormats { identifier: Option<String> },
    ListSets,
    ListIdentifiers(ListRequest),
    ListRecords(ListRequest),
    GetRecord { identifier: String, format: Format },
}

/// The arguments of a request in the order sent, for the response's `request` element.
pub type Arguments = Vec<(String, String)>;

const VERBS: [&str; 6] = ["Identify", "ListMetadataFormats", "ListSets", "ListIdentifiers", "ListRecords", "GetRecord"];

/// Parses a request's arguments (`application/x-www-form-urlencoded`, from the query or body).
pub fn parse(arguments: &Arguments) -> Result<Verb, OaiError> {
    let verbs: Vec<&str> = arguments.iter().filter(|(k, _)| k == "verb").map(|(_, v)| v.as_str()).collect();
    let verb = match verbs.as_slice() {
        [] => return Err(OaiError::new("badVerb", "The verb argument is missing")),
        [verb] if VERBS.contains(verb) => *verb,
        [verb] => return Err(OaiError::new("badVerb", format!("{verb:?} is not an OAI-PMH verb"))),
        _ => return Err(OaiError::new("badVerb", "The verb argument is repeated")),
    };
    let (required, optional): (&[&str], &[&str]) = match verb {
        "Identify" => (&[], &[]),
        "ListMetadataFormats" => (&[], &["identifier"]),
        "ListSets" => (&[], &["resumptionToken"]),
        "GetRecord" => (&["identifier", "metadataPrefix"], &[]),
        _ => (&[], &["metadataPrefix", "from", "until", "set", "resumptionToken"]),
    };
    let mut seen: Vec<&str> = Vec::new();
    for (key, _) in arguments.iter().filter(|(k, _)| k != "verb") {
        if !required.contains(&key.as_str()) && !optional.contains(&key.as_str()) {
            return Err(OaiError::argument(format!("{verb} takes no argument {key:?}")));
        }
        if seen.contains(&key.as_str()) {
            return Err(OaiError::argument(format!("The argument {key:?} is repeated")));
        }
        seen.push(key);
    }
    let get = |name: &str| arguments.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    if let Some(token) = get("resumptionToken") {
        if seen.len() > 1 {
            return Err(OaiError::argument("resumptionToken is an exclusive argument: send it with the verb alone"));
        }
        let token = ResumptionToken::decode(token)?;
        return match verb {
            "ListIdentifiers" | "ListRecords" if token.verb == verb => Ok(if verb == "ListRecords" {
                Verb::ListRecords(ListRequest::Resumed(token))
            } else {
                Verb::ListIdentifiers(ListRequest::Resumed(token))
            }),
            _ => Err(OaiError::new("badResumptionToken", format!("The token was not issued for {verb}"))),
        };
    }
    for name in required {
        if get(name).is_none() {
            return Err(OaiError::argument(format!("{verb} needs the argument {name}")));
        }
    }
    Ok(match verb {
        "Identify" => Verb::Identify,
        "ListMetadataFormats" => Verb::ListMetadataFormats { identifier: get("identifier").map(str::to_owned) },
        "ListSets" => Verb::ListSets,
        "GetRecord" => Verb::GetRecord {
            identifier: get("identifier").unwrap_or_default().to_owned(),
            format: Format::parse(get("metadataPrefix").unwrap_or_default())?,
        },
        _ => {
            let prefix = get("metadataPrefix")
                .ok_or_else(|| OaiError::argument(format!("{verb} needs metadataPrefix or resumptionToken")))?;
            let window = window(get("from"), get("until"))?;
            let list =
                ListRequest::Fresh { format: Format::parse(prefix)?, set: get("set").map(str::to_owned), window };
            if verb == "ListRecords" { Verb::ListRecords(list) } else { Verb::ListIdentifiers(list) }
        }
    })
}

/// A UTC datestamp in either granularity Identify declares: its instant, and whether it names a
/// whole day.
fn datestamp(name: &str, text: &str) -> Result<(NaiveDateTime, bool), OaiError> {
    if text.len() == 10
        && let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
    {
        return Ok((day.and_time(chrono::NaiveTime::MIN), true));
    }
    if text.len() == 20
        && let Ok(instant) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ")
    {
        return Ok((instant, false));
    }
    Err(OaiError::argument(format!("{name} {text:?} is not a UTC datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)")))
}

fn window(from: Option<&str>, until: Option<&str>) -> Result<Window, OaiError> {
    let from = from.map(|text| datestamp("from", text)).transpose()?;
    let until = until.map(|text| datestamp("until", text)).transpose()?;
    if let (Some((_, from_day)), Some((_, until_day))) = (from, until)
        && from_day != until_day
    {
        return Err(OaiError::argument("from and until have different granularities"));
    }
    if let (Some((from, _)), Some((until, _))) = (from, until)
        && from > until
    {
        return Err(OaiError::argument("from is later than until"));
    }
    let before = until.map(|(instant, day)| instant + if day { TimeDelta::days(1) } else { TimeDelta::seconds(1) });
    Ok(Window { from: from.map(|(instant, _)| instant), before })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> Arguments {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn code(pairs: &[(&str, &str)]) -> &'static str {
        parse(&args(pairs)).err().map_or("ok", |e| e.code)
    }

    #[test]
    fn each_error_for_its_mistake() {
        assert_eq!(code(&[]), "badVerb");
        assert_eq!(code(&[("verb", "Dance")]), "badVerb");
        assert_eq!(code(&[("verb", "Identify"), ("verb", "Identify")]), "badVerb");
        assert_eq!(code(&[("verb", "Identify"), ("set", "x")]), "badArgument");
        assert_eq!(code(&[("verb", "ListRecords")]), "badArgument");
        assert_eq!(code(&[("verb", "ListRecords"), ("metadataPrefix", "marc")]), "cannotDisseminateFormat");
        assert_eq!(code(&[("verb", "GetRecord"), ("metadataPrefix", "oai_dc")]), "badArgument");
        assert_eq!(code(&[("verb", "ListRecords"), ("resumptionToken", "nonsense")]), "badResumptionToken");
        assert_eq!(
            code(&[("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("resumptionToken", "x")]),
            "badArgument"
        );
        assert_eq!(
            code(&[("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2024-13-01")]),
            "badArgument"
        );
        let mixed = [
            ("verb", "ListRecords"),
            ("metadataPrefix", "oai_dc"),
            ("from", "2024-01-01"),
            ("until", "2024-02-01T00:00:00Z"),
        ];
        assert_eq!(code(&mixed), "badArgument");
        let reversed = [
            ("verb", "ListIdentifiers"),
            ("metadataPrefix", "oai_dc"),
            ("from", "2024-02-01"),
            ("until", "2024-01-01"),
        ];
        assert_eq!(code(&reversed), "badArgument");
        assert_eq!(code(&[("verb", "ListSets")]), "ok");
    }

    #[test]
    fn until_covers_its_whole_second_or_day() {
        let day = window(Some("2024-01-01"), Some("2024-01-31")).unwrap();
        assert_eq!(day.before.unwrap().to_string(), "2024-02-01 00:00:00");
        let second = window(None, Some("2024-01-31T10:00:00Z")).unwrap();
        assert_eq!(second.before.unwrap().to_string(), "2024-01-31 10:00:01");
    }
}
