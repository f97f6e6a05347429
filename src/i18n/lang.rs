//! The console's three languages, and which one a request gets.

use actix_web::http::header::{self, AcceptLanguage, HeaderValue, LanguageTag, Preference, Quality, QualityItem};

use crate::text_enum;

text_enum! {
    /// A language of the registry's words for people (console pages and mail): `en`, `ru` or
    /// `zh`. The word is also the language cookie's value and the `.ftl` folder's name.
    #[derive(Default)]
    Lang {
        #[default]
        En => "en",
        Ru => "ru",
        Zh => "zh",
    }
}

impl Lang {
    /// The language for a request: a valid cookie (the person's own choice) wins; else the
    /// browser's best acceptable match by q-value; else English.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        cookie
            .and_then(|value| Lang::parse(value.trim()))
            .or_else(|| accept_language.and_then(Lang::from_accept_language))
            .unwrap_or_default()
    }

    /// The `lang` attribute of `<html>`: the console's Chinese is simplified, which a screen
    /// reader or font fallback can only know from the script subtag.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Zh => "zh-Hans",
        }
    }

    /// The language's name in itself, for a switcher that must be readable whatever the page's
    /// language is.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Zh => "中文",
        }
    }

    /// The Fluent locale of the language's messages (plural rules come from it).
    pub(super) fn locale(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Zh => "zh-Hans",
        }
    }

    /// The most preferred of our languages in an Accept-Language value, parsed by actix-web's
    /// RFC 9110 parser: an item with a malformed tag or q-value is dropped, `q=0` means "not
    /// this one", and ties keep the header's order.
    fn from_accept_language(value: &str) -> Option<Lang> {
        let value = HeaderValue::from_str(value).ok()?;
        let items: Vec<QualityItem<Preference<LanguageTag>>> =
            header::from_comma_delimited(std::iter::once(&value)).ok()?;
        // Languages the header names itself: `*` stands only for the others (RFC 4647 §3.3.1),
        // so `en;q=0, *` means anything but English.
        let named: Vec<Lang> = items.iter().filter_map(|item| item.item.item().and_then(Lang::of_tag)).collect();
        let acceptable = AcceptLanguage(items.into_iter().filter(|item| item.quality > Quality::ZERO).collect());
        acceptable.ranked().into_iter().find_map(|preference| match preference {
            Preference::Specific(tag) => Lang::of_tag(&tag),
            Preference::Any => Lang::ALL.into_iter().find(|lang| !named.contains(lang)),
        })
    }

    /// Ours by primary subtag: `zh-TW` and `zh-Hant` too get Chinese (simplified) rather than
    /// English, which a reader of traditional characters is less likely to prefer.
    fn of_tag(tag: &LanguageTag) -> Option<Lang> {
        let primary = tag.primary_language();
        Lang::ALL.into_iter().find(|lang| primary.eq_ignore_ascii_case(lang.as_str()))
    }
}

/// A record's name in `lang` when it has one, else the first of English, Russian, Chinese that
/// it has. A blank name counts as none; a record with no name at all gets `en` as it is.
pub fn name_in<'a>(lang: Lang, en: &'a str, ru: Option<&'a str>, zh: Option<&'a str>) -> &'a str {
    let given = |name: Option<&'a str>| name.filter(|n| !n.trim().is_empty());
    let of = |lang: Lang| match lang {
        Lang::En => given(Some(en)),
        Lang::Ru => given(ru),
        Lang::Zh => given(zh),
    };
    of(lang).or_else(|| Lang::ALL.into_iter().find_map(of)).unwrap_or(en)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_header(value: &str) -> Lang {
        Lang::negotiate(None, Some(value))
    }

    #[test]
    fn a_valid_cookie_wins_over_the_header() {
        assert_eq!(Lang::negotiate(Some("zh"), Some("ru-RU,ru;q=0.9")), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("en"), Some("ru")), Lang::En);
        assert_eq!(Lang::negotiate(Some(" ru "), None), Lang::Ru);
    }

    #[test]
    fn an_invalid_cookie_falls_back_to_the_header() {
        assert_eq!(Lang::negotiate(Some("de"), Some("zh-CN")), Lang::Zh);
        assert_eq!(Lang::negotiate(Some(""), Some("ru")), Lang::Ru);
        assert_eq!(Lang::negotiate(Some("RU-ru"), None), Lang::En);
    }

    /// `Accept-Language` values and the language each negotiates, by the rule each row shows.
    const BY_HEADER: &[(&str, Lang)] = &[
        // Nothing usable is English.
        ("", Lang::En),
        ("de-DE,fr;q=0.8", Lang::En),
        (",,;;==", Lang::En),
        ("ru;q=0", Lang::En),
        // The header is ranked by q-value; ties keep the header's order.
        ("ru-RU,ru;q=0.9,en;q=0.8", Lang::Ru),
        ("en;q=0.5,zh;q=0.7", Lang::Zh),
        ("de,fr;q=0.9,ru;q=0.2,en;q=0.1", Lang::Ru),
        ("en-GB, en;q=0.9, ru;q=0.95", Lang::En),
        ("zh;q=0.5, ru;q=0.5", Lang::Zh),
        ("RU;Q=1", Lang::Ru),
        // Every Chinese tag is Chinese.
        ("zh", Lang::Zh),
        ("zh-CN", Lang::Zh),
        ("zh-Hans", Lang::Zh),
        ("zh-Hans-CN", Lang::Zh),
        ("zh-TW", Lang::Zh),
        ("zh-Hant", Lang::Zh),
        ("zh-HK", Lang::Zh),
        ("ZH-cn", Lang::Zh),
        // A malformed q-value drops only its item.
        ("zh;q=abc, ru;q=0.5", Lang::Ru),
        ("zh;q=1.5, ru;q=0.5", Lang::Ru),
        ("zh;q=0.12345, ru;q=0.5", Lang::Ru),
        ("zh;q=-1, ru;q=0.5", Lang::Ru),
        ("zh;q=, ru;q=0.1", Lang::Ru),
        ("z@h, ru", Lang::Ru),
        // Zero means not acceptable.
        ("en;q=0, ru;q=0.1", Lang::Ru),
        ("zh;q=0.000, en;q=0.001", Lang::En),
        // The wildcard stands for the languages not named.
        ("*", Lang::En),
        ("de, *;q=0.5", Lang::En),
        ("en;q=0, *", Lang::Ru),
        ("en;q=0, ru;q=0, *;q=0.1", Lang::Zh),
        // `*` outranks a named language of lower quality: English is not named, so it is `*`'s.
        ("ru;q=0.5, *", Lang::En),
        // Every one of ours is named: `*` adds none, the named ones rank as they are.
        ("*, en;q=0.2, ru;q=0.3, zh;q=0.1", Lang::Ru),
        ("*;q=0", Lang::En),
    ];

    #[test]
    fn the_header_negotiates_by_its_rules() {
        assert_eq!(Lang::negotiate(None, None), Lang::En);
        for &(header, expected) in BY_HEADER {
            assert_eq!(by_header(header), expected, "{header:?}");
        }
    }

    #[test]
    fn words_for_the_page() {
        assert_eq!(Lang::Zh.html_lang(), "zh-Hans");
        assert_eq!(Lang::Ru.html_lang(), "ru");
        assert_eq!(Lang::En.native_name(), "English");
        assert_eq!(Lang::Ru.native_name(), "Русский");
        assert_eq!(Lang::Zh.native_name(), "中文");
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::Ru.as_str(), "ru");
    }

    #[test]
    fn names_fall_back_in_a_fixed_order() {
        assert_eq!(
            name_in(Lang::Ru, "Wuhan University", Some("Уханьский университет"), Some("武汉大学")),
            "Уханьский университет"
        );
        assert_eq!(name_in(Lang::Zh, "Wuhan University", Some("Уханьский университет"), Some("武汉大学")), "武汉大学");
        assert_eq!(name_in(Lang::Zh, "SUSU", Some("ЮУрГУ"), None), "SUSU");
        assert_eq!(name_in(Lang::Ru, "SUSU", None, Some("南乌拉尔国立大学")), "SUSU");
        assert_eq!(name_in(Lang::En, "", Some("ЮУрГУ"), Some("南乌拉尔国立大学")), "ЮУрГУ");
        assert_eq!(name_in(Lang::Zh, " ", Some("ЮУрГУ"), Some("")), "ЮУрГУ");
        assert_eq!(name_in(Lang::En, "", None, Some("南乌拉尔国立大学")), "南乌拉尔国立大学");
        assert_eq!(name_in(Lang::Ru, "", None, None), "");
    }
}
