//! A small front to quick-xml's event writer for the XML exports (CERIF, Dublin Core, OAI-PMH):
//! elements in order, text and attribute values escaped by quick-xml, characters XML 1.0 cannot
//! carry (control characters a stored text may hold) left out rather than written.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::error::ApiError;

pub struct Xml {
    writer: Writer<Vec<u8>>,
    /// The first write that failed (writing to memory does not, but the error is not lost).
    failed: Option<std::io::Error>,
}

impl Default for Xml {
    fn default() -> Self {
        Xml::new()
    }
}

impl Xml {
    pub fn new() -> Self {
        Xml { writer: Writer::new(Vec::new()), failed: None }
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>`.
    pub fn declaration(&mut self) -> &mut Self {
        self.put(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        self
    }

    /// A start tag with its attributes; [`Xml::close`] ends it.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.put(Event::Start(start(name, attributes)));
        self
    }

    pub fn close(&mut self, name: &str) -> &mut Self {
        self.put(Event::End(BytesEnd::new(name)));
        self
    }

    /// An element holding only `text`.
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(name, attributes);
        self.put(Event::Text(BytesText::new(&legal(text))));
        self.close(name)
    }

    /// An element holding `text`, when there is one.
    pub fn optional(&mut self, name: &str, attributes: &[(&str, &str)], text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            self.text(name, attributes, text);
        }
        self
    }

    /// An element with attributes and no content.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.put(Event::Empty(start(name, attributes)));
        self
    }

    fn put(&mut self, event: Event<'_>) {
        if self.failed.is_none()
            && let Err(error) = self.writer.write_event(event)
        {
            self.failed = Some(error);
        }
    }

    pub fn finish(self) -> Result<String, ApiError> {
        if let Some(error) = self.failed {
            return Err(ApiError::internal(error));
        }
        String::from_utf8(self.writer.into_inner()).map_err(ApiError::internal)
    }
}

fn start<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attributes {
        start.push_attribute((*key, legal(value).as_ref()));
    }
    start
}

/// `text` without the characters XML 1.0 has no place for, even escaped.
pub fn legal(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}');
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_control_characters_dropped() {
        let mut xml = Xml::new();
        xml.open("a", &[("title", "x\"<&\u{1}y")]).text("b", &[], "1 < 2 & \u{7}3").close("a");
        assert_eq!(xml.finish().unwrap(), "<a title=\"x&quot;&lt;&amp;y\"><b>1 &lt; 2 &amp; 3</b></a>");
    }
}
