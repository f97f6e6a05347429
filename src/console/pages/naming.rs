//! Records' names as the record pages show them: in the page's language when the record has
//! one, else the next available (`i18n::name_in`), marked with its own `lang` when it is not the
//! page's, so that a screen reader pronounces it and a font is chosen for its script.

use chrono::NaiveDate;

use crate::db::models::lab::Lab;
use crate::db::models::lab_status::{self, LabStatusEntry};
use crate::db::models::project::Project;
use crate::i18n::{Lang, Texts, name_in};

/// A name to show, and its language when that is not the page's.
#[derive(Debug, Clone, Default)]
pub struct Named {
    pub text: String,
    /// The `lang` attribute of the name, when it differs from the page's.
    pub lang: Option<&'static str>,
}

impl Named {
    /// The name of a record with names in English (always) and optionally Russian and Chinese.
    pub fn of(page: Lang, en: &str, ru: Option<&str>, zh: Option<&str>) -> Named {
        let text = name_in(page, en, ru, zh);
        let written_in = |lang: Lang| match lang {
            Lang::En => Some(en),
            Lang::Ru => ru,
            Lang::Zh => zh,
        };
        let shown_in = std::iter::once(page)
            .chain(Lang::ALL)
            .find(|lang| written_in(*lang).is_some_and(|name| name == text))
            .unwrap_or(Lang::En);
        Named { text: text.to_owned(), lang: (shown_in != page).then(|| shown_in.html_lang()) }
    }

    /// A project's title: projects may lack an English title, so every title is optional.
    pub fn project(page: Lang, project: &Project) -> Named {
        let en = project.title_en.as_deref().unwrap_or_default();
        Named::of(page, en, project.title_ru.as_deref(), project.title_zh.as_deref())
    }

    pub fn lab(page: Lang, lab: &Lab) -> Named {
        Named::of(page, &lab.name_en, lab.name_ru.as_deref(), lab.name_zh.as_deref())
    }
}

/// A link to another record's page, by its name.
#[derive(Debug, Clone)]
pub struct Linked {
    pub href: String,
    pub name: Named,
}

/// The names of a record in each of its languages, for the list under a page's heading.
#[derive(Debug, Clone)]
pub struct NameLine {
    /// "English", "Russian", "Chinese", in the page's language.
    pub language: String,
    pub lang: &'static str,
    pub text: String,
}

/// Every name the record has, English first.
pub fn name_lines(texts: &Texts, en: &str, ru: Option<&str>, zh: Option<&str>) -> Vec<NameLine> {
    [(Lang::En, Some(en)), (Lang::Ru, ru), (Lang::Zh, zh)]
        .into_iter()
        .filter_map(|(lang, name)| {
            let name = name.filter(|n| !n.trim().is_empty())?;
            let language = texts.text(&format!("records-name-{}", lang.as_str()));
            Some(NameLine { language, lang: lang.html_lang(), text: name.to_owned() })
        })
        .collect()
}

/// A lab's status on `today` and the day it took effect, translated; empty before its first.
pub fn status_on(texts: &Texts, entries: &[LabStatusEntry], today: NaiveDate) -> (String, String) {
    match lab_status::in_effect(entries, today) {
        Some(entry) => {
            let status = entry.status().map(|s| texts.label(s)).unwrap_or_else(|_| entry.status.clone());
            (status, texts.date(entry.effective_on))
        }
        None => (String::new(), String::new()),
    }
}

/// "1 Sep 2020 – 31 Dec 2022", or "1 Sep 2020 –" while open.
pub fn period(texts: &Texts, from: NaiveDate, to: Option<NaiveDate>) -> String {
    match to {
        Some(to) => format!("{} – {}", texts.date(from), texts.date(to)),
        None => format!("{} –", texts.date(from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_another_language_carries_its_lang() {
        let named = Named::of(Lang::Ru, "Wuhan lab", None, Some("武汉实验室"));
        assert_eq!((named.text.as_str(), named.lang), ("Wuhan lab", Some("en")));
        let named = Named::of(Lang::Zh, "Wuhan lab", None, Some("武汉实验室"));
        assert_eq!((named.text.as_str(), named.lang), ("武汉实验室", None));
        let named = Named::of(Lang::En, "", Some("Лаборатория"), None);
        assert_eq!((named.text.as_str(), named.lang), ("Лаборатория", Some("ru")));
    }
}
