//! Interim stand-in for the languages module (replaced by the catalogue branch): the same API.

use chrono::NaiveDate;

use crate::text_enum;

text_enum! {
    Lang {
        En => "en",
        Ru => "ru",
        Zh => "zh",
    }
}

impl Lang {
    pub fn negotiate(cookie: Option<&str>, _accept_language: Option<&str>) -> Lang {
        cookie.and_then(Lang::parse).unwrap_or(Lang::En)
    }

    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Zh => "zh-Hans",
        }
    }

    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Zh => "中文",
        }
    }
}

pub enum Arg {
    Str(String),
    Int(i64),
}

pub struct Catalogue;

impl Catalogue {
    pub fn load() -> Result<Catalogue, String> {
        Ok(Catalogue)
    }

    pub fn text(&self, _lang: Lang, key: &str) -> String {
        key.to_owned()
    }

    pub fn text_with(&self, _lang: Lang, key: &str, _args: &[(&str, Arg)]) -> String {
        key.to_owned()
    }
}

pub fn date(_lang: Lang, date: NaiveDate) -> String {
    date.to_string()
}

pub fn name_in<'a>(lang: Lang, en: &'a str, ru: Option<&'a str>, zh: Option<&'a str>) -> &'a str {
    match lang {
        Lang::Ru => ru.unwrap_or(en),
        Lang::Zh => zh.unwrap_or(en),
        Lang::En => en,
    }
}
