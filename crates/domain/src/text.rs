//! Vietnamese text: diacritics-insensitive search keys, dictionary collation of names, and numbers
//! written the Vietnamese way (`17.852`, `24,07%`).

use unicode_normalization::UnicodeNormalization;

const GRAVE: char = '\u{300}'; // huyền
const ACUTE: char = '\u{301}'; // sắc
const CIRCUMFLEX: char = '\u{302}';
const TILDE: char = '\u{303}'; // ngã
const BREVE: char = '\u{306}';
const HOOK: char = '\u{309}'; // hỏi
const HORN: char = '\u{31B}';
const DOT_BELOW: char = '\u{323}'; // nặng

/// Folds text for searching: lower case, no tone marks or letter modifiers, `đ` as `d`, single
/// spaces. `Nguyễn  Văn Ấn` and `nguyen van an` fold to the same key.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfd() {
        if ('\u{300}'..='\u{36F}').contains(&c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The rank of a base letter with its modifier in the Vietnamese alphabet
/// (a ă â b c d đ e ê … o ô ơ … u ư …), digits first, other characters after.
fn letter_rank(base: char, modifier: Option<char>) -> u16 {
    const ALPHABET: &[(char, Option<char>)] = &[
        ('a', None),
        ('a', Some(BREVE)),
        ('a', Some(CIRCUMFLEX)),
        ('b', None),
        ('c', None),
        ('d', None),
        ('đ', None),
        ('e', None),
        ('e', Some(CIRCUMFLEX)),
        ('f', None),
        ('g', None),
        ('h', None),
        ('i', None),
        ('j', None),
        ('k', None),
        ('l', None),
        ('m', None),
        ('n', None),
        ('o', None),
        ('o', Some(CIRCUMFLEX)),
        ('o', Some(HORN)),
        ('p', None),
        ('q', None),
        ('r', None),
        ('s', None),
        ('t', None),
        ('u', None),
        ('u', Some(HORN)),
        ('v', None),
        ('w', None),
        ('x', None),
        ('y', None),
        ('z', None),
    ];
    if let Some(d) = base.to_digit(10) {
        return 1 + d as u16;
    }
    match ALPHABET.iter().position(|&(b, m)| b == base && m == modifier) {
        Some(i) => 11 + i as u16,
        // Other letters sort after the alphabet by code point, capped to keep the key compact.
        None => 64 + (base as u32).min(0xFFBF) as u16,
    }
}

fn tone_rank(mark: char) -> Option<u8> {
    match mark {
        GRAVE => Some(1),
        HOOK => Some(2),
        TILDE => Some(3),
        ACUTE => Some(4),
        DOT_BELOW => Some(5),
        _ => None,
    }
}

/// Appends the collation key of one syllable: its letters by alphabet rank, a terminator lower than
/// any letter (so `an` sorts before `anh`), then its tone (none, huyền, hỏi, ngã, sắc, nặng), so that
/// `an, àn, ản, ãn, án, ạn` come before `anh` as in a Vietnamese dictionary.
fn push_syllable_key(word: &str, key: &mut Vec<u8>) {
    let mut tone = 0u8;
    let mut chars = word.nfd().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        if let Some(t) = tone_rank(c) {
            tone = t;
            continue;
        }
        if ('\u{300}'..='\u{36F}').contains(&c) {
            continue;
        }
        let modifier = match chars.peek() {
            Some(&m) if m == BREVE || m == CIRCUMFLEX || m == HORN => {
                chars.next();
                Some(m)
            }
            _ => None,
        };
        // A tone mark may sit between the letter and its modifier in decomposed text.
        let modifier = modifier.or_else(|| {
            let t = chars.peek().copied().and_then(tone_rank)?;
            chars.next();
            tone = t;
            match chars.peek() {
                Some(&m) if m == BREVE || m == CIRCUMFLEX || m == HORN => {
                    chars.next();
                    Some(m)
                }
                _ => None,
            }
        });
        let rank = letter_rank(c, modifier);
        key.extend_from_slice(&rank.to_be_bytes());
    }
    key.extend_from_slice(&[0, 0, tone]);
}

/// A person's name split the Vietnamese way: family name first, given name last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    full: String,
}

/// Why a text is not a person's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {0} characters")]
    TooLong(usize),
    #[error("the name contains a character that is not allowed: {0:?}")]
    BadCharacter(char),
}

impl crate::msg::Said for NameError {
    fn msg(&self) -> crate::msg::Msg {
        use crate::msg::Msg;
        match self {
            NameError::Empty => Msg::new("name-empty"),
            NameError::TooLong(n) => Msg::new("name-too-long").int("max", *n as i64),
            NameError::BadCharacter(c) => Msg::new("name-bad-character").text("character", format!("{c:?}")),
        }
    }
}

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    /// Parses a full name, normalizing it to NFC with single spaces.
    pub fn parse(text: &str) -> Result<PersonName, NameError> {
        let full: String = text.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect();
        if full.is_empty() {
            return Err(NameError::Empty);
        }
        if full.chars().count() > Self::MAX_CHARS {
            return Err(NameError::TooLong(Self::MAX_CHARS));
        }
        if let Some(c) =
            full.chars().find(|c| !(c.is_alphabetic() || *c == ' ' || *c == '-' || *c == '\'' || *c == '.'))
        {
            return Err(NameError::BadCharacter(c));
        }
        Ok(PersonName { full })
    }

    pub fn as_str(&self) -> &str {
        &self.full
    }

    pub fn family(&self) -> &str {
        let mut words = self.full.split(' ');
        match (words.next(), words.next()) {
            (Some(first), Some(_)) => first,
            _ => "",
        }
    }

    pub fn given(&self) -> &str {
        self.full.rsplit(' ').next().unwrap_or_default()
    }

    /// The diacritics-free search key of the whole name.
    pub fn search_key(&self) -> String {
        fold(&self.full)
    }

    /// The collation key of the given name alone: every [`PersonName::sort_key`] begins with it.
    pub fn given_key(&self) -> Vec<u8> {
        let mut key = Vec::new();
        push_syllable_key(self.given(), &mut key);
        key
    }

    /// The collation key: given name, then middle names, then family name, each syllable compared by
    /// letters in the Vietnamese alphabet and then by tone. Byte order of keys is name order.
    pub fn sort_key(&self) -> Vec<u8> {
        let words: Vec<&str> = self.full.split(' ').collect();
        let mut key = Vec::with_capacity(self.full.len() * 3);
        let Some((given, rest)) = words.split_last() else {
            return key;
        };
        let (family, middle) = match rest.split_first() {
            Some((f, m)) => (Some(*f), m),
            None => (None, &[][..]),
        };
        push_syllable_key(given, &mut key);
        for w in middle {
            push_syllable_key(w, &mut key);
        }
        if let Some(f) = family {
            key.push(0);
            push_syllable_key(f, &mut key);
        }
        key
    }
}

/// `17852` → `17.852`.
pub fn format_int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `part / whole` as a Vietnamese percentage with two decimals: `24,07%`. `None` when `whole` is 0.
pub fn format_percent(part: i64, whole: i64) -> Option<String> {
    if whole == 0 {
        return None;
    }
    // Round half away from zero in hundredths of a percent, in integers to avoid float surprises.
    let scaled = part as i128 * 10_000;
    let w = whole as i128;
    let q = (scaled * 2 + w.signum() * scaled.signum() * w.abs()) / (2 * w);
    let sign = if q < 0 { "-" } else { "" };
    let q = q.abs();
    Some(format!("{sign}{},{:02}%", format_int((q / 100) as i64), q % 100))
}

/// A signed difference for comparisons: `+12`, `−107` (with a true minus sign), `0`.
pub fn format_delta(n: i64) -> String {
    match n {
        0 => "0".into(),
        n if n > 0 => format!("+{}", format_int(n)),
        n => format!("\u{2212}{}", format_int(-n)),
    }
}

/// The first control character of a text that people's text never holds: the C0 controls but
/// tab, line feed and carriage return (which multi-line texts keep), DEL and the C1 controls. A
/// NUL cannot be stored by PostgreSQL at all; none of them is taken, on either database.
pub fn control_character(text: &str) -> Option<char> {
    text.chars().find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c))
}

/// A whole number as people write it: digits, optionally grouped by threes with dots or spaces
/// (`17.852`, `1 000 000`), with an optional minus sign. Anything else — `1.5`, `1,5`, `12.34`,
/// an empty text — is not a whole number, so that a decimal is never read as a larger integer.
pub fn whole_number(text: &str) -> Option<i64> {
    let t = text.trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let groups: Vec<&str> = digits.split(['.', ' ']).collect();
    let (first, rest) = groups.split_first()?;
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(first)
        || (!rest.is_empty() && first.len() > 3)
        || rest.iter().any(|g| g.len() != 3 || !all_digits(g))
    {
        return None;
    }
    let n: i64 = groups.concat().parse().ok()?;
    Some(if negative { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> PersonName {
        PersonName::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn folding_ignores_tones_modifiers_case_and_spacing() {
        assert_eq!(fold("Nguyễn  Văn Ấn"), "nguyen van an");
        assert_eq!(fold("ĐẶNG Thị Ngọc Ánh"), "dang thi ngoc anh");
        // Decomposed input folds the same as composed input.
        let nfd: String = "Phạm Thị Hường".nfd().collect();
        assert_eq!(fold(&nfd), "pham thi huong");
    }

    #[test]
    fn names_split_family_middle_given() {
        let n = name("  Nguyễn   Thị Minh  Khai ");
        assert_eq!(n.as_str(), "Nguyễn Thị Minh Khai");
        assert_eq!(n.family(), "Nguyễn");
        assert_eq!(n.given(), "Khai");
        assert_eq!(name("Sùng").family(), "");
        assert_eq!(PersonName::parse("   "), Err(NameError::Empty));
        assert!(matches!(PersonName::parse("<script>"), Err(NameError::BadCharacter('<'))));
    }

    #[test]
    fn names_sort_by_given_then_middle_then_family() {
        let mut names = [
            name("Trần Văn Bình"),
            name("Nguyễn Văn An"),
            name("Lê Thị An"),
            name("Nguyễn Văn Anh"),
            name("Phạm Văn Ân"),
            name("Đỗ Văn Ăn"),
        ];
        names.sort_by_key(PersonName::sort_key);
        let order: Vec<&str> = names.iter().map(PersonName::as_str).collect();
        // Given names: An < Anh < Ăn < Ân < Bình: ă and â are letters of their own after a, so
        // every name in a- (Anh too) comes before the first in ă-. Among the two "An": Thị < Văn.
        assert_eq!(
            order,
            ["Lê Thị An", "Nguyễn Văn An", "Nguyễn Văn Anh", "Đỗ Văn Ăn", "Phạm Văn Ân", "Trần Văn Bình"]
        );
    }

    #[test]
    fn tones_sort_in_dictionary_order_within_a_syllable() {
        let tones = ["Lê Văn Ma", "Lê Văn Mà", "Lê Văn Mả", "Lê Văn Mã", "Lê Văn Má", "Lê Văn Mạ", "Lê Văn Mai"];
        let mut shuffled: Vec<PersonName> = tones.iter().rev().map(|s| name(s)).collect();
        shuffled.sort_by_key(PersonName::sort_key);
        let order: Vec<&str> = shuffled.iter().map(PersonName::as_str).collect();
        assert_eq!(order, tones);
    }

    #[test]
    fn every_sort_key_begins_with_its_given_key() {
        for n in ["Nguyễn Văn An", "Sùng", "Lê Thị Minh Khai", "Hồ Ánh"] {
            let n = name(n);
            assert!(n.sort_key().starts_with(&n.given_key()), "{n:?}");
        }
    }

    #[test]
    fn d_with_stroke_sorts_after_d() {
        let mut v = [name("A Đào"), name("A Dung"), name("A Duy")];
        v.sort_by_key(PersonName::sort_key);
        let order: Vec<&str> = v.iter().map(PersonName::as_str).collect();
        assert_eq!(order, ["A Dung", "A Duy", "A Đào"]);
    }

    #[test]
    fn numbers_are_written_the_vietnamese_way() {
        assert_eq!(format_int(17_852), "17.852");
        assert_eq!(format_int(5_600_000), "5.600.000");
        assert_eq!(format_int(-107), "-107");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_percent(26, 108).as_deref(), Some("24,07%"));
        assert_eq!(format_percent(7, 14).as_deref(), Some("50,00%"));
        assert_eq!(format_percent(1, 3).as_deref(), Some("33,33%"));
        assert_eq!(format_percent(2, 3).as_deref(), Some("66,67%"));
        assert_eq!(format_percent(1, 0), None);
        assert_eq!(format_delta(-107), "\u{2212}107");
        assert_eq!(format_delta(1_234), "+1.234");
    }

    #[test]
    fn whole_numbers_are_grouped_by_threes_or_not_at_all() {
        assert_eq!(whole_number("17.852"), Some(17_852));
        assert_eq!(whole_number("1 000 000"), Some(1_000_000));
        assert_eq!(whole_number("30000"), Some(30_000));
        assert_eq!(whole_number("-5"), Some(-5));
        for bad in ["1.5", "1,5", "12.34", "1234.567", "", ".", "1..000", "abc", "1.000,5"] {
            assert_eq!(whole_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn control_characters_but_line_breaks_and_tabs_are_found() {
        assert_eq!(control_character("Nguyễn Văn An\tdòng 1\r\ndòng 2"), None);
        assert_eq!(control_character("a\u{0}b"), Some('\u{0}'));
        assert_eq!(control_character("\u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(control_character("x\u{7f}"), Some('\u{7f}'));
        assert_eq!(control_character("x\u{85}"), Some('\u{85}'));
    }
}
