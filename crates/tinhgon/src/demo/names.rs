//! Vietnamese names and ethnicities with plausible frequencies, for synthetic people.

use super::rng::Rng;

/// The lists of `data/names.txt`, read once.
struct Lists {
    family: Vec<(&'static str, u32)>,
    middle_male: Vec<&'static str>,
    middle_female: Vec<&'static str>,
    given_male: Vec<&'static str>,
    given_female: Vec<&'static str>,
    ethnicity: Vec<(&'static str, u32)>,
}

fn lists() -> &'static Lists {
    static LISTS: std::sync::OnceLock<Lists> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| {
        let mut sections: std::collections::HashMap<&str, Vec<&'static str>> = std::collections::HashMap::new();
        let mut current = "";
        for line in include_str!("../../data/names.txt").lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                Some(name) => current = name,
                None => sections.entry(current).or_default().push(line),
            }
        }
        let mut plain = |name: &str| sections.remove(name).unwrap_or_default();
        let weighted = |lines: Vec<&'static str>| {
            lines
                .into_iter()
                .filter_map(|l| l.rsplit_once(' ').and_then(|(n, w)| Some((n, w.parse().ok()?))))
                .collect::<Vec<(&'static str, u32)>>()
        };
        Lists {
            family: weighted(plain("family")),
            middle_male: plain("middle_male"),
            middle_female: plain("middle_female"),
            given_male: plain("given_male"),
            given_female: plain("given_female"),
            ethnicity: weighted(plain("ethnicity")),
        }
    })
}

/// The men's given names of the list, in its order.
pub fn given_names() -> &'static [&'static str] {
    &lists().given_male
}

pub fn name(rng: &mut Rng, female: bool) -> String {
    let l = lists();
    let family = rng.weighted(&l.family).copied().unwrap_or("Nguyễn");
    let (middle, given) = if female { (&l.middle_female, &l.given_female) } else { (&l.middle_male, &l.given_male) };
    let m = rng.pick(middle).copied().unwrap_or("Văn");
    let g = rng.pick(given).copied().unwrap_or("An");
    // One in five has a second middle name, as in "Nguyễn Thị Minh Khai".
    if rng.chance(0.2) {
        let m2 = rng.pick(middle).copied().unwrap_or("Minh");
        if m2 != m {
            return format!("{family} {m} {m2} {g}");
        }
    }
    format!("{family} {m} {g}")
}

pub fn ethnicity(rng: &mut Rng) -> &'static str {
    rng.weighted(&lists().ethnicity).copied().unwrap_or("Kinh")
}

/// Search queries of the shapes people type, folded: a family and middle name, a whole name, a
/// given name, the start of a name.
pub fn sample_queries(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let female = rng.chance(0.4);
            let full = name(rng, female);
            let words: Vec<&str> = full.split(' ').collect();
            let q = match i % 4 {
                0 => words.iter().take(2).copied().collect::<Vec<_>>().join(" "),
                1 => full.clone(),
                2 => words.last().copied().unwrap_or("An").to_string(),
                _ => {
                    let mut s = words.iter().take(2).copied().collect::<Vec<_>>().join(" ");
                    s.push(' ');
                    s.extend(words.last().and_then(|w| w.chars().next()));
                    s
                }
            };
            tinhgon_domain::text::fold(&q)
        })
        .collect()
}
