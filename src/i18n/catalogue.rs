//! The console's messages: one Fluent file per language, compiled in, loaded once.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use super::Lang;
use super::format;

type Bundle = FluentBundle<FluentResource>;

/// Each language's files, one per area of the product (so that work on one area does not touch
/// the others): `src/i18n/<language>/<area>.ftl`, as (path for errors, text).
macro_rules! files {
    ($dir:literal) => {
        [
            (concat!("src/i18n/", $dir, "/common.ftl"), include_str!(concat!($dir, "/common.ftl"))),
            (concat!("src/i18n/", $dir, "/findings.ftl"), include_str!(concat!($dir, "/findings.ftl"))),
            (concat!("src/i18n/", $dir, "/records.ftl"), include_str!(concat!($dir, "/records.ftl"))),
            (concat!("src/i18n/", $dir, "/account.ftl"), include_str!(concat!($dir, "/account.ftl"))),
            (concat!("src/i18n/", $dir, "/mail.ftl"), include_str!(concat!($dir, "/mail.ftl"))),
            (concat!("src/i18n/", $dir, "/forms.ftl"), include_str!(concat!($dir, "/forms.ftl"))),
            (concat!("src/i18n/", $dir, "/record_forms.ftl"), include_str!(concat!($dir, "/record_forms.ftl"))),
        ]
    };
}

pub(super) const SOURCES: [(Lang, [(&str, &str); 7]); 3] =
    [(Lang::En, files!("en")), (Lang::Ru, files!("ru")), (Lang::Zh, files!("zh"))];

/// A value for a message's variable. Integers select plural forms and are printed grouped as
/// the language groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg<'a> {
    Str(&'a str),
    Int(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(value: &'a str) -> Self {
        Arg::Str(value)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(value: &'a String) -> Self {
        Arg::Str(value)
    }
}

impl From<i64> for Arg<'_> {
    fn from(value: i64) -> Self {
        Arg::Int(value)
    }
}

impl From<i32> for Arg<'_> {
    fn from(value: i32) -> Self {
        Arg::Int(value.into())
    }
}

impl From<u32> for Arg<'_> {
    fn from(value: u32) -> Self {
        Arg::Int(value.into())
    }
}

impl From<u64> for Arg<'_> {
    fn from(value: u64) -> Self {
        Arg::Int(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Arg<'_> {
    fn from(value: usize) -> Self {
        Arg::Int(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

/// A stored word that the console shows translated: its key is `PREFIX-word`, the word
/// lower-cased with `_` as `-` (`finding-kind-one-sided`, `side-ru`).
pub trait Labelled: Copy {
    const PREFIX: &'static str;
    fn word(self) -> &'static str;
}

/// Templates hand values over by reference.
impl<T: Labelled> Labelled for &T {
    const PREFIX: &'static str = T::PREFIX;
    fn word(self) -> &'static str {
        (*self).word()
    }
}

/// A value a template hands over, by value or through any number of references.
pub trait Given<T> {
    fn given(&self) -> T;
}

impl Given<chrono::NaiveDate> for chrono::NaiveDate {
    fn given(&self) -> chrono::NaiveDate {
        *self
    }
}

impl Given<i64> for i64 {
    fn given(&self) -> i64 {
        *self
    }
}

impl<T, U: Given<T> + ?Sized> Given<T> for &U {
    fn given(&self) -> T {
        (**self).given()
    }
}

/// The key of a stored word's label: `key_of("finding-kind", "one_sided")` is
/// `finding-kind-one-sided`.
pub fn key_of(prefix: &str, word: &str) -> String {
    format!("{prefix}-{}", word.to_ascii_lowercase().replace('_', "-"))
}

macro_rules! labelled {
    ($($ty:path => $prefix:literal),+ $(,)?) => {
        $(impl Labelled for $ty {
            const PREFIX: &'static str = $prefix;
            fn word(self) -> &'static str {
                self.as_str()
            }
        })+
    };
}

labelled! {
    crate::domain::role::Role => "role",
    crate::domain::institution::InstitutionKind => "institution-kind",
    crate::domain::role::UserStatus => "user-status",
    crate::domain::lab::LabStatus => "lab-status",
    crate::domain::lab::MirrorKind => "mirror-kind",
    crate::db::models::centre::CentreStatus => "centre-status",
    crate::db::models::funder::FunderStatus => "funder-status",
    crate::domain::project::ProjectStatus => "project-status",
    crate::domain::project::Visibility => "visibility",
    crate::domain::project::LabRole => "lab-role",
    crate::domain::project::ParticipantRole => "participant-role",
    crate::domain::project::OutputKind => "output-kind",
    crate::domain::project::FundingStatus => "funding-status",
    crate::findings::engine::FindingKind => "finding-kind",
    crate::db::models::finding_review::ReviewState => "review-state",
    crate::routes::coverage::wire::Side => "side",
}

/// The three languages' messages. `Send + Sync`: build it once at start-up and share it.
pub struct Catalogue {
    en: Bundle,
    ru: Bundle,
    zh: Bundle,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue").finish_non_exhaustive()
    }
}

impl Catalogue {
    /// Parses the three files. An error names the file and line of every problem, so a broken
    /// translation stops start-up rather than showing keys to people.
    pub fn load() -> Result<Catalogue, String> {
        let [en, ru, zh] = SOURCES;
        Ok(Catalogue { en: bundle(en.0, &en.1)?, ru: bundle(ru.0, &ru.1)?, zh: bundle(zh.0, &zh.1)? })
    }

    /// A message, or an attribute of one as `key.attribute` (`field-email.hint`). A key that
    /// is missing comes back as itself, with a warning in the log.
    pub fn text(&self, lang: Lang, key: &str) -> String {
        self.format(lang, key, None)
    }

    /// A message with variables, e.g. `("count", Arg::Int(5))`.
    pub fn text_with(&self, lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for &(name, value) in args {
            match value {
                Arg::Str(text) => fluent_args.set(name, FluentValue::from(text)),
                Arg::Int(n) => fluent_args.set(name, FluentValue::from(n)),
            }
        }
        self.format(lang, key, Some(&fluent_args))
    }

    /// The label of a stored word (a status, a role, a kind of finding).
    pub fn label<T: Labelled>(&self, lang: Lang, value: T) -> String {
        self.text(lang, &key_of(T::PREFIX, value.word()))
    }

    /// Days from today, in words: "in 12 days", "12 days ago", "today".
    pub fn days(&self, lang: Lang, n: i64) -> String {
        match n {
            0 => self.text(lang, "days-today"),
            1.. => self.text_with(lang, "days-in", &[("count", Arg::Int(n))]),
            _ => self.text_with(lang, "days-ago", &[("count", Arg::Int(n.checked_neg().unwrap_or(i64::MAX)))]),
        }
    }

    /// Whether every language has the message `key` (or `key.attribute`).
    pub fn has(&self, key: &str) -> bool {
        let (id, attribute) = key.split_once('.').map_or((key, None), |(id, a)| (id, Some(a)));
        Lang::ALL.iter().all(|lang| {
            self.bundle(*lang)
                .get_message(id)
                .is_some_and(|message| attribute.is_none_or(|a| message.get_attribute(a).is_some()))
        })
    }

    /// The catalogue in one language, for a page rendered in it.
    pub fn texts(&self, lang: Lang) -> Texts<'_> {
        Texts { catalogue: self, lang }
    }

    fn bundle(&self, lang: Lang) -> &Bundle {
        match lang {
            Lang::En => &self.en,
            Lang::Ru => &self.ru,
            Lang::Zh => &self.zh,
        }
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle(lang);
        let (id, attribute) = match key.split_once('.') {
            Some((id, attribute)) => (id, Some(attribute)),
            None => (key, None),
        };
        let pattern = bundle.get_message(id).and_then(|message| match attribute {
            Some(name) => message.get_attribute(name).map(|a| a.value()),
            None => message.value(),
        });
        let Some(pattern) = pattern else {
            tracing::warn!(key, lang = lang.as_str(), "the console catalogue has no such message");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            // Fluent still gives a text (a missing variable shows as `{$name}`): show it, and
            // leave the cause where someone will look.
            tracing::warn!(key, lang = lang.as_str(), ?errors, "a console message did not format cleanly");
        }
        text.into_owned()
    }
}

/// The catalogue and formats bound to one language: what a template gets.
#[derive(Debug, Clone, Copy)]
pub struct Texts<'c> {
    catalogue: &'c Catalogue,
    lang: Lang,
}

impl<'c> Texts<'c> {
    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn text(&self, key: &str) -> String {
        self.catalogue.text(self.lang, key)
    }

    pub fn text_with(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.catalogue.text_with(self.lang, key, args)
    }

    pub fn label<T: Labelled>(&self, value: T) -> String {
        self.catalogue.label(self.lang, value)
    }

    pub fn days(&self, n: impl Given<i64>) -> String {
        self.catalogue.days(self.lang, n.given())
    }

    pub fn date(&self, day: impl Given<chrono::NaiveDate>) -> String {
        format::date(self.lang, day.given())
    }

    pub fn month_year(&self, day: chrono::NaiveDate) -> String {
        format::month_year(self.lang, day)
    }

    pub fn number(&self, n: impl Given<i64>) -> String {
        format::number(self.lang, n.given())
    }

    pub fn money(&self, amount_minor: i128, currency_code: &str) -> String {
        format::money(self.lang, amount_minor, currency_code)
    }

    pub fn name<'a>(&self, en: &'a str, ru: Option<&'a str>, zh: Option<&'a str>) -> &'a str {
        super::name_in(self.lang, en, ru, zh)
    }
}

/// One language's bundle from its files; an error names the file and line of every problem.
fn bundle(lang: Lang, files: &[(&str, &str)]) -> Result<Bundle, String> {
    let locale: LanguageIdentifier = lang.locale().parse().map_err(|e| format!("locale {:?}: {e}", lang.locale()))?;
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // Fluent wraps each variable in U+2068/U+2069 for right-to-left text; none of our languages
    // needs them, and inside HTML attributes and test strings they are invisible garbage.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        Lang::En => group_en,
        Lang::Ru => group_ru,
        Lang::Zh => group_zh,
    }));
    let mut problems = Vec::new();
    for &(path, source) in files {
        match resource(path, source) {
            Ok(resource) => {
                if let Err(errors) = bundle.add_resource(resource) {
                    problems.extend(errors.iter().map(|e| match e {
                        fluent_bundle::FluentError::Overriding { id, .. } => {
                            format!("{path}:{}: {e}", last_line_defining(source, id))
                        }
                        _ => format!("{path}: {e}"),
                    }));
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() { Ok(bundle) } else { Err(problems.join("\n")) }
}

fn resource(path: &str, source: &str) -> Result<FluentResource, String> {
    FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| {
        let problems: Vec<String> = errors
            .iter()
            .map(|e| {
                let line = line_at(source, e.pos.start);
                // The parser notices some problems only at an entry's end: name its start too.
                match e.slice.as_ref().map(|entry| line_at(source, entry.start)) {
                    Some(start) if start != line => format!("{path}:{line}: {e} (in the entry from line {start})"),
                    _ => format!("{path}:{line}: {e}"),
                }
            })
            .collect();
        problems.join("\n")
    })
}

/// The 1-based line of a byte offset.
fn line_at(source: &str, offset: usize) -> usize {
    source.as_bytes()[..offset.min(source.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The line of the last definition of `id` (the duplicate, for an error about one).
fn last_line_defining(source: &str, id: &str) -> usize {
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| line.strip_prefix(id).is_some_and(|rest| rest.trim_start().starts_with('=')))
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(0)
}

// Fluent prints numbers as Rust does ("1800000"); these group whole numbers as each language
// does. A function pointer each, since Fluent's formatter hook cannot capture the language.
fn group_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(Lang::En, value)
}

fn group_ru<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(Lang::Ru, value)
}

fn group_zh<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(Lang::Zh, value)
}

fn grouped(lang: Lang, value: &FluentValue) -> Option<String> {
    // Whole numbers only, and only those f64 holds exactly; anything else prints as Fluent does.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        FluentValue::Number(n)
            if n.options.minimum_fraction_digits.unwrap_or(0) == 0
                && n.value.fract() == 0.0
                && n.value.abs() <= EXACT =>
        {
            Some(format::number(lang, n.value as i64))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;
    use crate::db::models::centre::CentreStatus;
    use crate::db::models::finding_review::ReviewState;
    use crate::db::models::funder::FunderStatus;
    use crate::domain::lab::{LabStatus, MirrorKind};
    use crate::domain::project::{FundingStatus, LabRole, OutputKind, ParticipantRole, ProjectStatus, Visibility};
    use crate::domain::role::{Role, UserStatus};
    use crate::findings::engine::FindingKind;
    use crate::routes::coverage::wire::Side;

    fn catalogue() -> Catalogue {
        Catalogue::load().unwrap()
    }

    /// Every message id, `id.attribute` and term id of a file, with the variables each uses.
    fn keys(path: &str, source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, errors)| panic!("{path}: {errors:?}"));
        let mut keys = BTreeMap::new();
        for entry in resource.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_owned(), m.value, m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(t.value), t.attributes),
                _ => continue,
            };
            if let Some(value) = value {
                keys.insert(id.clone(), variables(&value));
            }
            for attribute in attributes {
                keys.insert(format!("{id}.{}", attribute.id.name), variables(&attribute.value));
            }
        }
        keys
    }

    fn variables(pattern: &ast::Pattern<&str>) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, &mut found);
            }
        }
        found
    }

    fn expression_variables(expression: &ast::Expression<&str>, found: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Inline(inline) => inline_variables(inline, found),
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, found);
                for variant in variants {
                    found.extend(variables(&variant.value));
                }
            }
        }
    }

    fn inline_variables(inline: &ast::InlineExpression<&str>, found: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                found.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => expression_variables(expression, found),
            _ => {}
        }
    }

    #[test]
    fn every_file_parses() {
        for (path, source) in SOURCES.iter().flat_map(|(_, files)| files) {
            if let Err(problem) = resource(path, source) {
                panic!("{problem}");
            }
        }
        let catalogue = catalogue();
        assert!(format!("{catalogue:?}").starts_with("Catalogue"));
    }

    #[test]
    fn every_language_has_the_same_keys() {
        let [(_, english_files), rest @ ..] = SOURCES;
        let total: usize = english_files.iter().map(|(path, source)| keys(path, source).len()).sum();
        assert!(total > 150, "the English catalogue lost its messages: {total}");
        let mut problems = Vec::new();
        for (area, (en_path, en_source)) in english_files.iter().enumerate() {
            let english = keys(en_path, en_source);
            for (_, files) in &rest {
                let (path, source) = files[area];
                let other = keys(path, source);
                let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
                let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
                if !missing.is_empty() || !extra.is_empty() {
                    problems.push(format!("{path}: missing {missing:?}; not in {en_path} {extra:?}"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_translation_uses_the_same_variables() {
        let [(_, english_files), rest @ ..] = SOURCES;
        for (area, (en_path, en_source)) in english_files.iter().enumerate() {
            let english = keys(en_path, en_source);
            for (_, files) in &rest {
                let (path, source) = files[area];
                for (key, variables) in keys(path, source) {
                    if let Some(expected) = english.get(&key) {
                        assert_eq!(&variables, expected, "{path}: {key}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_broken_file_is_an_error_naming_its_file_and_line() {
        let broken = "nav-home = Home\n\nnav-labs = { $count ->\n    [one] lab\n}\n";
        let error = bundle(Lang::En, &[("src/i18n/en/common.ftl", broken)]).err().expect("a broken file loads");
        assert_eq!(
            error,
            "src/i18n/en/common.ftl:5: The select expression must have a default variant (in the entry from line 3)"
        );

        let twice = "nav-home = Home\nnav-labs = Labs\nnav-home = Start\n";
        let error =
            bundle(Lang::En, &[("src/i18n/en/common.ftl", twice)]).err().expect("a message defined twice loads");
        assert!(error.starts_with("src/i18n/en/common.ftl:3: "), "{error}");
        assert!(error.contains("nav-home"), "{error}");
    }

    #[test]
    fn the_catalogue_can_be_shared_between_workers() {
        fn shared<T: Send + Sync>() {}
        shared::<Catalogue>();
    }

    #[test]
    fn messages_and_attributes() {
        let c = catalogue();
        assert_eq!(c.text(Lang::En, "nav-centres"), "Joint centres");
        assert_eq!(c.text(Lang::Ru, "nav-centres"), "Совместные центры");
        assert_eq!(c.text(Lang::Zh, "nav-centres"), "联合中心");
        assert_eq!(c.text(Lang::Zh, "finding-kind-gap"), "资助缺口");
        assert_eq!(c.text(Lang::Ru, "finding-kind-gap"), "Разрыв финансирования");
        assert_eq!(c.text(Lang::En, "field-email.hint"), "The address your account was registered with.");
        assert_eq!(
            c.text_with(Lang::Ru, "field-new-password.hint", &[("min", Arg::Int(12))]),
            "Не менее 12 символов. Хороший пароль — несколько слов подряд."
        );
    }

    #[test]
    fn a_missing_key_is_the_key_itself() {
        let c = catalogue();
        assert_eq!(c.text(Lang::Ru, "no-such-key"), "no-such-key");
        assert_eq!(c.text(Lang::En, "nav-home.no-such-attribute"), "nav-home.no-such-attribute");
        assert_eq!(c.text(Lang::En, "nav-home.hint"), "nav-home.hint");
        assert_eq!(c.text_with(Lang::Zh, "", &[("count", Arg::Int(1))]), "");
    }

    #[test]
    fn strings_go_in_as_they_are_without_isolation_marks() {
        let c = catalogue();
        let text = c.text_with(Lang::En, "error-internal-body", &[("request_id", Arg::Str("01J9Z"))]);
        assert!(text.ends_with("request id: 01J9Z"), "{text}");
        assert!(!text.contains('\u{2068}') && !text.contains('\u{2069}'));
        let role = c.label(Lang::Ru, Role::LabHead);
        let text = c.text_with(Lang::Ru, "invitation-intro", &[("role", (&role).into())]);
        assert!(text.contains("Ваша роль: Руководитель лаборатории."), "{text}");
        // A variable left out shows its name rather than failing the page.
        let text = c.text(Lang::En, "error-internal-body");
        assert!(text.ends_with("{$request_id}"), "{text}");
    }

    #[test]
    fn integers_are_grouped_as_the_language_groups_them() {
        let c = catalogue();
        assert_eq!(c.text_with(Lang::En, "common-results", &[("count", Arg::Int(1_800_000))]), "1,800,000 results");
        assert_eq!(
            c.text_with(Lang::Ru, "common-results", &[("count", Arg::Int(1_800_000))]),
            "1\u{202F}800\u{202F}000 результатов"
        );
        assert_eq!(c.text_with(Lang::Zh, "common-results", &[("count", Arg::Int(1_800_000))]), "共1,800,000条结果");
        assert_eq!(
            c.text_with(Lang::En, "common-page-of", &[("page", 2.into()), ("pages", 12usize.into())]),
            "Page 2 of 12"
        );
    }

    #[test]
    fn russian_plurals() {
        let c = catalogue();
        let days = |n| c.days(Lang::Ru, n);
        assert_eq!(days(1), "через 1 день");
        assert_eq!(days(2), "через 2 дня");
        assert_eq!(days(5), "через 5 дней");
        assert_eq!(days(11), "через 11 дней");
        assert_eq!(days(21), "через 21 день");
        assert_eq!(days(22), "через 22 дня");
        assert_eq!(days(12), "через 12 дней");
        assert_eq!(days(111), "через 111 дней");
        assert_eq!(days(-1), "1 день назад");
        assert_eq!(days(-2), "2 дня назад");
        assert_eq!(days(-5), "5 дней назад");
        assert_eq!(days(-11), "11 дней назад");
        assert_eq!(days(-21), "21 день назад");
        assert_eq!(days(-22), "22 дня назад");

        let wait = |n: i64| c.text_with(Lang::Ru, "sign-in-error-too-many-attempts", &[("minutes", n.into())]);
        assert!(wait(1).ends_with("через 1 минуту."));
        assert!(wait(2).ends_with("через 2 минуты."));
        assert!(wait(5).ends_with("через 5 минут."));
        assert!(wait(11).ends_with("через 11 минут."));
        assert!(wait(21).ends_with("через 21 минуту."));
        assert!(wait(22).ends_with("через 22 минуты."));

        let open = |n: i64| c.text_with(Lang::Ru, "findings-open", &[("count", n.into())]);
        assert_eq!(open(1), "1 открытая проблема");
        assert_eq!(open(2), "2 открытые проблемы");
        assert_eq!(open(5), "5 открытых проблем");
        assert_eq!(open(11), "11 открытых проблем");
        assert_eq!(open(21), "21 открытая проблема");
        assert_eq!(open(22), "22 открытые проблемы");

        let short = |n: i64| c.text_with(Lang::Ru, "password-error-too-short", &[("min", n.into())]);
        assert_eq!(short(1), "Пароль должен содержать не менее 1 символа.");
        assert_eq!(short(12), "Пароль должен содержать не менее 12 символов.");
        assert_eq!(short(21), "Пароль должен содержать не менее 21 символа.");
        assert_eq!(short(22), "Пароль должен содержать не менее 22 символов.");
    }

    #[test]
    fn relative_days() {
        let c = catalogue();
        assert_eq!(c.days(Lang::En, 12), "in 12 days");
        assert_eq!(c.days(Lang::En, 1), "in 1 day");
        assert_eq!(c.days(Lang::En, -12), "12 days ago");
        assert_eq!(c.days(Lang::En, -1), "1 day ago");
        assert_eq!(c.days(Lang::En, 0), "today");
        assert_eq!(c.days(Lang::Ru, 12), "через 12 дней");
        assert_eq!(c.days(Lang::Ru, -12), "12 дней назад");
        assert_eq!(c.days(Lang::Ru, 0), "сегодня");
        assert_eq!(c.days(Lang::Zh, 12), "12天后");
        assert_eq!(c.days(Lang::Zh, -12), "12天前");
        assert_eq!(c.days(Lang::Zh, 1), "1天后");
        assert_eq!(c.days(Lang::Zh, 0), "今天");
        assert_eq!(c.days(Lang::En, 1500), "in 1,500 days");
        assert_eq!(c.days(Lang::En, -36_500), "36,500 days ago");
        // Beyond what f64 (Fluent's number) holds exactly: printed as Fluent does, never a panic.
        assert!(c.days(Lang::En, i64::MIN).ends_with(" days ago"));
    }

    #[test]
    fn every_stored_word_has_a_label_in_every_language() {
        fn check<T: Labelled>(c: &Catalogue, all: &[T]) {
            for &value in all {
                let key = key_of(T::PREFIX, value.word());
                for lang in Lang::ALL {
                    assert_ne!(c.label(lang, value), key, "{} has no {key}", lang.as_str());
                }
            }
        }
        let c = catalogue();
        check(&c, &Role::ALL);
        check(&c, &crate::domain::institution::InstitutionKind::ALL);
        check(&c, &UserStatus::ALL);
        check(&c, &LabStatus::ALL);
        check(&c, &MirrorKind::ALL);
        check(&c, &CentreStatus::ALL);
        check(&c, &FunderStatus::ALL);
        check(&c, &ProjectStatus::ALL);
        check(&c, &Visibility::ALL);
        check(&c, &LabRole::ALL);
        check(&c, &ParticipantRole::ALL);
        check(&c, &OutputKind::ALL);
        check(&c, &FundingStatus::ALL);
        check(&c, &FindingKind::ALL);
        check(&c, &ReviewState::ALL);
        check(&c, &Side::ALL);
        assert_eq!(c.label(Lang::Zh, Side::Russia), "俄方");
        assert_eq!(c.label(Lang::Ru, FindingKind::OneSided), "Одностороннее финансирование");
        assert_eq!(c.label(Lang::En, ReviewState::ResolvedExternally), "Resolved outside the registry");
    }

    #[test]
    fn texts_speak_one_language() {
        let c = catalogue();
        let t = c.texts(Lang::Ru);
        assert_eq!(t.lang(), Lang::Ru);
        assert_eq!(t.text("nav-labs"), "Лаборатории");
        assert_eq!(t.label(ProjectStatus::Completed), "Завершён");
        assert_eq!(t.days(3), "через 3 дня");
        assert_eq!(t.number(1000), "1\u{202F}000");
        assert_eq!(t.money(100, "CNY"), "1,00 CNY");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert_eq!(t.date(day), "6 дек. 2026 г.");
        assert_eq!(t.month_year(day), "дек. 2026");
        assert_eq!(t.name("Wuhan University", Some("Уханьский университет"), None), "Уханьский университет");
        assert_eq!(t.text_with("common-page-of", &[("page", 1.into()), ("pages", 3.into())]), "Страница 1 из 3");
    }
}
