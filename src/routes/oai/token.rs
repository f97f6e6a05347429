//! Resumption tokens: where a list stopped, opaque to harvesters (base64url of a small JSON
//! document). They hold the list's arguments and a keyset position — the source reached and the
//! last (datestamp, id) given — so they never expire, and a record changed while a harvester
//! pages moves behind the position and is given again later rather than skipped.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::request::{Format, OaiError, Window};

/// Where a list goes on from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The index of the source (in the set's list of sources) to read next.
    #[serde(rename = "s")]
    pub source: usize,
    /// The last (datestamp, id) given from that source.
    #[serde(rename = "a")]
    pub after: Option<(NaiveDateTime, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumptionToken {
    #[serde(rename = "v")]
    pub verb: String,
    #[serde(rename = "f")]
    pub format: Format,
    #[serde(rename = "t")]
    pub set: Option<String>,
    #[serde(rename = "w0")]
    pub from: Option<NaiveDateTime>,
    #[serde(rename = "w1")]
    pub before: Option<NaiveDateTime>,
    #[serde(rename = "p")]
    pub position: Position,
    /// How many records came before this part.
    #[serde(rename = "c")]
    pub cursor: u64,
    /// The list's size when its first part was given.
    #[serde(rename = "n")]
    pub total: u64,
}

impl ResumptionToken {
    pub fn window(&self) -> Window {
        Window { from: self.from, before: self.before }
    }

    pub fn encode(&self) -> String {
        // Serialising plain data to JSON cannot fail.
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    pub fn decode(text: &str) -> Result<Self, OaiError> {
        let bad = || OaiError::new("badResumptionToken", "The resumption token is not one this repository issued");
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| bad())?;
        serde_json::from_slice(&bytes).map_err(|_| bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_reads_back_and_a_forged_one_is_refused() {
        let at = NaiveDateTime::parse_from_str("2024-01-02 03:04:05.123456", "%Y-%m-%d %H:%M:%S%.f").unwrap();
        let token = ResumptionToken {
            verb: "ListRecords".into(),
            format: Format::Cerif,
            set: Some("openaire_cris_projects".into()),
            from: None,
            before: Some(at),
            position: Position { source: 1, after: Some((at, "01a2".into())) },
            cursor: 25,
            total: 60,
        };
        assert_eq!(ResumptionToken::decode(&token.encode()), Ok(token));
        assert_eq!(ResumptionToken::decode("eyJ2IjoxfQ").unwrap_err().code, "badResumptionToken");
    }
}
