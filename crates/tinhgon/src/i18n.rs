//! The message catalogs of tinhgon (Fluent files in the domain crate's `locales/`), Vietnamese first: the pages, and the
//! refusals of the API that are the API's own.
//! Numbers and dates are formatted here, in the reader's convention, and passed to the
//! catalogs as text.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use tinhgon_domain::msg::{Arg, Labelled, Msg, Said};
use tinhgon_domain::text::format_int;
use tinhgon_domain::Date;

/// The languages of the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: &str, source: &str) -> Bundle {
    let id = lang.parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    match FluentResource::try_new(source.to_string()) {
        Ok(r) => {
            if let Err(errors) = b.add_resource(r) {
                tracing::error!(?errors, lang, "message catalog has duplicate entries");
            }
        }
        Err((r, errors)) => {
            tracing::error!(?errors, lang, "message catalog has syntax errors");
            let _ = b.add_resource(r);
        }
    }
    b
}

pub use tinhgon_domain::catalog::{EN_FTL, VI_FTL};

fn catalogs() -> &'static (Bundle, Bundle) {
    static C: OnceLock<(Bundle, Bundle)> = OnceLock::new();
    C.get_or_init(|| (bundle("vi", VI_FTL), bundle("en", EN_FTL)))
}

/// A translator for one request.
#[derive(Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    fn bundle(&self) -> &'static Bundle {
        let (vi, en) = catalogs();
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let b = self.bundle();
        let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
            // A missing message shows its id, which the catalog test catches.
            return id.to_string();
        };
        let mut errors = Vec::new();
        b.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// A message.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// A message with arguments, each given as text.
    pub fn f(&self, id: &str, args: &[(&str, String)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, FluentValue::from(v.clone()));
        }
        self.format(id, Some(&a))
    }

    /// A count in the reader's convention: 17.852 or 17,852.
    pub fn int(&self, n: i64) -> String {
        match self.lang {
            Lang::Vi => format_int(n),
            Lang::En => format_int(n).replace('.', ","),
        }
    }

    /// A signed difference: +12, −3 (a real minus sign), 0.
    pub fn delta(&self, n: i64) -> String {
        match n {
            0 => "0".into(),
            n if n > 0 => format!("+{}", self.int(n)),
            n => format!("−{}", self.int(-n)),
        }
    }

    /// A date: 05/03/2026 in Vietnamese, 2026-03-05 in English.
    pub fn date(&self, d: Date) -> String {
        match self.lang {
            Lang::Vi => d.vn(),
            Lang::En => d.to_string(),
        }
    }

    /// One of two words already written in each language.
    pub fn pick<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// A code's label in the reader's language.
    pub fn label(&self, code: impl Labelled) -> String {
        self.t(code.key())
    }

    /// A message of the domain or the services, in the reader's language: its values are
    /// written in the reader's convention, labels and inner messages in the same language.
    pub fn msg(&self, m: &Msg) -> String {
        let mut a = FluentArgs::new();
        for (name, value) in &m.args {
            let text = match value {
                Arg::Text(t) => t.clone(),
                Arg::Int(n) => self.int(*n),
                Arg::Day(y, m, d) => {
                    Date::from_ymd(*y, *m, *d).map_or_else(|| format!("{y}-{m}-{d}"), |d| self.date(d))
                }
                Arg::Month(y, m) => match self.lang {
                    Lang::Vi => format!("{m:02}/{y}"),
                    Lang::En => format!("{y:04}-{m:02}"),
                },
                Arg::Key(k) => self.t(k),
                Arg::KeyLower(k) => self.t(k).to_lowercase(),
                Arg::Said(inner) => self.msg(inner),
            };
            a.set(name.to_string(), FluentValue::from(text));
        }
        self.format(&m.key, Some(&a))
    }
}

/// A code's label in Vietnamese and in English, for the places that show both or pick one later.
pub trait Label: Labelled {
    fn label_vi(self) -> String {
        Tr::new(Lang::Vi).label(self)
    }

    fn label_en(self) -> String {
        Tr::new(Lang::En).label(self)
    }
}

impl<T: Labelled> Label for T {}

/// A message in both languages, Vietnamese then English.
pub fn said(m: &Msg) -> (String, String) {
    (Tr::new(Lang::Vi).msg(m), Tr::new(Lang::En).msg(m))
}

/// What a refusal of the domain says, in Vietnamese.
pub fn vi(e: &impl Said) -> String {
    Tr::new(Lang::Vi).msg(&e.msg())
}

/// What a refusal of the domain says, in English.
pub fn en(e: &impl Said) -> String {
    Tr::new(Lang::En).msg(&e.msg())
}

/// Whether the catalogs hold a message.
pub fn has(id: &str) -> bool {
    catalogs().0.has_message(id)
}

/// Message ids of a catalog, in order.
pub fn ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && !l.starts_with('.'))
        .filter_map(|l| l.split_once(" = ").or_else(|| l.split_once(" =")).map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect()
}

/// A message in both languages, Vietnamese then English: for the problems and refusals that carry
/// both.
pub fn both(id: &str, args: &[(&str, String)]) -> (String, String) {
    (Tr::new(Lang::Vi).f(id, args), Tr::new(Lang::En).f(id, args))
}

/// A message in both languages whose values are words of each language (a role's name, a kind's
/// label): Vietnamese with `vi`, English with `en`.
pub fn both_each(id: &str, vi: &[(&str, String)], en: &[(&str, String)]) -> (String, String) {
    (Tr::new(Lang::Vi).f(id, vi), Tr::new(Lang::En).f(id, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogs_parse_and_hold_the_same_messages() {
        for (lang, src) in [("vi", VI_FTL), ("en", EN_FTL)] {
            if let Err((_, errors)) = FluentResource::try_new(src.to_string()) {
                panic!("{lang}.ftl: {errors:?}");
            }
        }
        let vi = ids(VI_FTL);
        let en = ids(EN_FTL);
        assert!(vi.len() > 50, "{}", vi.len());
        let missing_en: Vec<_> = vi.iter().filter(|k| !en.contains(k)).collect();
        let missing_vi: Vec<_> = en.iter().filter(|k| !vi.contains(k)).collect();
        assert!(missing_en.is_empty() && missing_vi.is_empty(), "en lacks {missing_en:?}; vi lacks {missing_vi:?}");
    }

    /// Every code of every list has its label, and every list its name, in both catalogs.
    #[test]
    fn every_code_has_its_label_in_both_catalogs() {
        use tinhgon_domain::directives::{campaign, document, task};
        use tinhgon_domain::party::{admission, discipline, dues, leaving, meeting, rating, transfer};
        use tinhgon_domain::{access, catalog as c, plan, rules};
        let mut keys: Vec<&str> = Vec::new();
        macro_rules! lists {
            ($($t:ty),+) => {$(
                keys.push(<$t>::LIST_KEY);
                keys.extend(<$t>::ALL.iter().map(|k| k.key()));
            )+};
        }
        lists!(
            c::UnitKind,
            c::Sector,
            c::Ownership,
            c::MemberStatus,
            c::Rank,
            c::StaffCategory,
            c::Gender,
            c::Education,
            c::Theory,
            access::Role,
            document::DocKind,
            document::DocStatus,
            campaign::CampaignKind,
            campaign::FigureKey,
            task::Rollup,
            task::TaskStatus,
            plan::PlanStatus,
            rules::RuleKey,
            rating::Subject,
            rating::Stage,
            rating::Grade,
            discipline::CaseKind,
            discipline::Mode,
            discipline::Form,
            discipline::Breach,
            leaving::Ground,
            dues::Category,
            dues::Exemption,
            meeting::Kind,
            meeting::Presence,
            admission::Step,
            admission::Limit,
            transfer::Kind,
            transfer::Scope
        );
        assert!(keys.len() > 250, "{}", keys.len());
        let (vi, en) = (ids(VI_FTL), ids(EN_FTL));
        let missing: Vec<_> =
            keys.iter().filter(|k| !vi.iter().any(|v| v == *k) || !en.iter().any(|e| e == *k)).collect();
        assert!(missing.is_empty(), "labels missing from the catalogs: {missing:?}");
        assert_eq!(Tr::new(Lang::Vi).label(c::Sector::Soe100), "Doanh nghiệp 100% vốn Nhà nước");
        assert_eq!(Tr::new(Lang::En).label(meeting::Presence::Present), "Present");
    }

    #[test]
    fn numbers_and_dates_follow_the_language() {
        let vi = Tr::new(Lang::Vi);
        let en = Tr::new(Lang::En);
        assert_eq!(vi.int(17_852), "17.852");
        assert_eq!(en.int(17_852), "17,852");
        assert_eq!(vi.delta(-107), "−107");
        let d = Date::from_ymd(2026, 3, 5).unwrap();
        assert_eq!(vi.date(d), "05/03/2026");
        assert_eq!(en.date(d), "2026-03-05");
        assert_eq!(vi.f("members-count", &[("n", vi.int(1234))]), "1.234 đảng viên");
        assert_eq!(en.t("sign-in"), "Sign in");
    }
}
