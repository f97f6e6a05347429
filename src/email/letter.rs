//! A plain-text message in its recipient's language, put together paragraph by paragraph from
//! the catalogue's `mail.ftl`: a greeting, the paragraphs, links on lines of their own (so mail
//! programs make them clickable whole), and the signature.

use crate::db::models::user::User;
use crate::email::OutgoingMessage;
use crate::error::ApiError;
use crate::i18n::{Arg, Catalogue, Lang, Texts};

/// Who a message goes to, and the language they read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub lang: Lang,
}

impl Recipient {
    pub fn of(user: &User) -> Result<Recipient, ApiError> {
        Ok(Recipient { email: user.email.clone(), name: user.display_name.clone(), lang: user.language()? })
    }
}

pub struct Letter<'c> {
    texts: Texts<'c>,
    to: String,
    paragraphs: Vec<String>,
}

impl<'c> Letter<'c> {
    /// A letter to `to`, in their language, opened with the greeting.
    pub fn to(catalogue: &'c Catalogue, to: &Recipient) -> Letter<'c> {
        let texts = catalogue.texts(to.lang);
        let greeting = texts.text_with("mail-greeting", &[("name", Arg::Str(&to.name))]);
        Letter { texts, to: to.email.clone(), paragraphs: vec![greeting] }
    }

    /// The catalogue and formats in the recipient's language.
    pub fn texts(&self) -> Texts<'c> {
        self.texts
    }

    /// A paragraph of its own.
    pub fn paragraph(&mut self, text: String) -> &mut Self {
        self.paragraphs.push(text);
        self
    }

    /// A message of the catalogue as a paragraph.
    pub fn say(&mut self, key: &str, args: &[(&str, Arg)]) -> &mut Self {
        let text = self.texts.text_with(key, args);
        self.paragraph(text)
    }

    /// Lines that belong together (a list), as one paragraph.
    pub fn lines(&mut self, lines: impl IntoIterator<Item = String>) -> &mut Self {
        let text = lines.into_iter().collect::<Vec<_>>().join("\n");
        self.paragraph(text)
    }

    /// The message, with the signature below the last paragraph.
    pub fn finish(&self, kind: &'static str, subject: String) -> OutgoingMessage {
        let mut body = self.paragraphs.join("\n\n");
        body.push_str("\n\n-- \n");
        body.push_str(&self.texts.text("mail-signature"));
        body.push('\n');
        OutgoingMessage { kind, to: self.to.clone(), subject, body }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_greeting_paragraphs_and_signature_in_one_language() {
        let catalogue = Catalogue::load().unwrap();
        let to = Recipient { email: "li.wei@whu.edu.cn".into(), name: "Li Wei".into(), lang: Lang::Zh };
        let mut letter = Letter::to(&catalogue, &to);
        letter.paragraph("第一段".into()).lines(["- a".to_owned(), "- b".to_owned()]);
        let message = letter.finish("test", "主题".into());
        assert_eq!(message.to, "li.wei@whu.edu.cn");
        assert!(message.body.starts_with("Li Wei，您好：\n\n第一段\n\n- a\n- b\n\n-- \n"), "{}", message.body);
        assert!(message.body.ends_with(&format!("{}\n", catalogue.text(Lang::Zh, "mail-signature"))));
    }
}
