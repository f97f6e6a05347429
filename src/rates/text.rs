//! A file's bytes as text: UTF-8 (with or without a byte-order mark), or the encoding its XML
//! declaration names — the Bank of Russia writes `encoding="windows-1251"`. And XML documents
//! whose problems name their line.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

use super::Malformed;

/// Decodes `bytes`, refusing any byte sequence the encoding does not have.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Malformed> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    let encoding = match declared_encoding(bytes) {
        Some(label) => Encoding::for_label(label.as_bytes())
            .ok_or_else(|| Malformed::new(1, format!("declares the unknown encoding {label:?}")))?,
        None => UTF_8,
    };
    if encoding == UTF_8 {
        return utf8(bytes);
    }
    encoding.decode_without_bom_handling_and_without_replacement(bytes).ok_or_else(|| {
        Malformed::new(1, format!("holds bytes that are not {}, the encoding it declares", encoding.name()))
    })
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, Malformed> {
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
        Malformed::new(line, "is not UTF-8 text, and declares no other encoding")
    })
}

/// The `encoding` of an XML declaration at the very start: `<?xml version="1.0" encoding="…"?>`.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(200))?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let declaration = std::str::from_utf8(head.get(..end)?).ok()?;
    let declaration = declaration.strip_prefix("<?xml")?;
    let (_, after) = declaration.split_once("encoding")?;
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let (label, _) = after[1..].split_once(quote)?;
    Some(label.to_owned())
}

/// Parses XML, naming the line of the first problem. Document type declarations are refused
/// (roxmltree's default), so no entity can expand.
pub fn xml(text: &str) -> Result<roxmltree::Document<'_>, Malformed> {
    roxmltree::Document::parse(text)
        .map_err(|e| Malformed::new(e.pos().row as usize, format!("is not well-formed XML ({e})")))
}

/// The line (from 1) an element starts on.
pub fn line_of(node: roxmltree::Node<'_, '_>) -> usize {
    node.document().text_pos_at(node.range().start).row as usize
}

/// The trimmed text of `node`'s child element `name`, or the problem naming it.
pub fn child_text<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Result<&'a str, Malformed> {
    let child = node
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .ok_or_else(|| Malformed::new(line_of(node), format!("<{}> has no <{name}>", node.tag_name().name())))?;
    Ok(child.text().unwrap_or("").trim())
}

/// `node`'s attribute `name`, or the problem naming it.
pub fn attribute<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Result<&'a str, Malformed> {
    node.attribute(name)
        .map(str::trim)
        .ok_or_else(|| Malformed::new(line_of(node), format!("<{}> has no {name} attribute", node.tag_name().name())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1251_is_decoded_when_declared() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<Name>".to_vec();
        bytes.extend_from_slice(&[0xC4, 0xEE, 0xEB, 0xEB, 0xE0, 0xF0]); // Доллар
        bytes.extend_from_slice(b"</Name>");
        assert!(decode(&bytes).unwrap().contains("Доллар"));
    }

    #[test]
    fn utf8_is_the_default_and_bad_bytes_name_their_line() {
        assert_eq!(decode("\u{feff}Date,USD".as_bytes()).unwrap(), "Date,USD");
        assert_eq!(decode(b"a\nb\n\xFF").unwrap_err().line, 3);
        assert_eq!(decode(b"<?xml version='1.0' encoding='klingon'?>").unwrap_err().line, 1);
    }

    #[test]
    fn xml_problems_name_their_line() {
        assert_eq!(xml("<a>\n<b>\n</a>").unwrap_err().line, 3);
        assert!(xml("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>").is_err());
    }
}
