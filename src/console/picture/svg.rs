//! Writing SVG by hand: escaping, ids, numbers, text fitting and a tiny element writer.
//!
//! Every attribute value and every text node goes through [`escape`], so a lab called
//! `A&B <"x">` is drawn as written and can never break out of the markup.

/// Text made safe for an XML text node or a double- or single-quoted attribute value.
///
/// Characters that XML 1.0 forbids even when escaped (most C0 controls, U+FFFE, U+FFFF) become
/// U+FFFD: one stray control character in a lab name would otherwise make the whole picture fail
/// to parse, and the browser would show nothing at all.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A prefix that is safe inside an XML id and a `url(#…)` reference: ASCII letters, digits, `-`
/// and `_`, starting with a letter. Anything else becomes `-`; an empty or digit-first prefix gets
/// a leading `p`.
pub fn id_prefix(raw: &str) -> String {
    let mut out: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'p');
    }
    out
}

/// A coordinate with one decimal, without a trailing `.0`: short, stable output that tests can
/// compare as text. Not-a-number (never expected) is written as 0 rather than as `NaN`, which no
/// renderer accepts.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    let rounded = (value * 10.0).round() / 10.0;
    let text = format!("{rounded:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    if text == "-0" { "0".into() } else { text.into() }
}

/// The estimated width of `text` at `font_px`. No font metrics are at hand on the server, so
/// this is deliberately generous: CJK and other wide characters count a full em, everything else
/// 0.62 em (a little wider than the average Latin or Cyrillic letter in common sans-serif fonts).
pub fn text_width(text: &str, font_px: f64) -> f64 {
    text.chars().map(|c| if is_wide(c) { 1.0 } else { 0.62 }).sum::<f64>() * font_px
}

fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' |
        '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' |
        '\u{FFE0}'..='\u{FFE6}' | '\u{20000}'..='\u{3FFFD}')
}

/// `text` cut to fit `max_px` at `font_px`, ending in `…` when cut (`None`: not even one
/// character and the ellipsis fit). The bool says whether it was cut, so the caller can keep the
/// full text in a `<title>`.
pub fn fit(text: &str, max_px: f64, font_px: f64) -> Option<(String, bool)> {
    if text_width(text, font_px) <= max_px {
        return Some((text.to_string(), false));
    }
    let budget = max_px - text_width("…", font_px);
    let mut kept = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), font_px);
        if used + w > budget {
            break;
        }
        used += w;
        kept.push(c);
    }
    let kept = kept.trim_end();
    if kept.is_empty() {
        return None;
    }
    Some((format!("{kept}…"), true))
}

/// An SVG document being written. Attribute values and text are escaped here, so callers pass
/// plain strings.
#[derive(Default)]
pub struct Svg {
    out: String,
}

impl Svg {
    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }

    /// `<name …>`; close it with [`Svg::close`].
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
    }

    pub fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name …/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// `<name …>text</name>`.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(name, attrs);
        self.out.push('>');
        self.out.push_str(&escape(text));
        self.close(name);
    }

    /// A `<title>` child: the tooltip of its parent, and its accessible name.
    pub fn title(&mut self, text: &str) {
        self.text("title", &[], text);
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_forbidden_characters() {
        assert_eq!(escape("a < b & c > d"), "a &lt; b &amp; c &gt; d");
        assert_eq!(escape(r#"say "hi" & 'bye'"#), "say &quot;hi&quot; &amp; &apos;bye&apos;");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape("bell\u{7}tab\tline\n"), "bell\u{FFFD}tab\tline\n");
        assert_eq!(escape("Лаборатория 实验室"), "Лаборатория 实验室");
    }

    #[test]
    fn writer_escapes_attributes_and_text() {
        let mut svg = Svg::default();
        svg.text("text", &[("class", "a\"b")], "<x>");
        assert_eq!(svg.finish(), "<text class=\"a&quot;b\">&lt;x&gt;</text>\n");
    }

    #[test]
    fn ids_are_safe_tokens() {
        assert_eq!(id_prefix("centre-1"), "centre-1");
        assert_eq!(id_prefix("a b\"<c"), "a-b--c");
        assert_eq!(id_prefix("019a"), "p019a");
        assert_eq!(id_prefix(""), "p");
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn fitting_keeps_short_text_and_cuts_long_text_with_an_ellipsis() {
        assert_eq!(fit("RSF", 100.0, 10.0), Some(("RSF".to_string(), false)));
        let (cut, was_cut) = fit("Inflammation and immunopathology", 60.0, 10.0).unwrap();
        assert!(was_cut);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 10.0) <= 60.0);
        // Wide characters count a full em: five fit in 60 px at 10 px with the ellipsis.
        let (cut, _) = fit("炎症与免疫病理实验室", 60.0, 10.0).unwrap();
        assert_eq!(cut, "炎症与免疫…");
        // No trailing space before the ellipsis.
        let (cut, _) = fit("ab cdefghijkl", 30.0, 10.0).unwrap();
        assert_eq!(cut, "ab…");
        assert_eq!(fit("Oncopathology", 5.0, 10.0), None);
    }
}
