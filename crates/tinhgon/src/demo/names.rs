//! Vietnamese names and ethnicities with plausible frequencies, for synthetic people.

use super::rng::Rng;

/// Family names with their approximate share per mille.
const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 30),
    ("Huỳnh", 21),
    ("Phan", 45),
    ("Vũ", 22),
    ("Võ", 17),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 8),
    ("Đào", 6),
    ("Trương", 6),
    ("Lương", 5),
    ("Mai", 4),
    ("Cao", 4),
    ("Tạ", 3),
    ("Hà", 5),
    ("Lò", 3),
    ("Lục", 2),
    ("Sùng", 2),
    ("Thạch", 2),
    ("Y", 1),
    ("Kiều", 2),
];

const MIDDLE_MALE: &[&str] = &[
    "Văn", "Hữu", "Đức", "Công", "Quang", "Minh", "Thanh", "Xuân", "Ngọc", "Đình", "Trọng", "Quốc", "Anh", "Tiến",
    "Mạnh",
];
const MIDDLE_FEMALE: &[&str] =
    &["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Thùy", "Phương", "Mai", "Bích"];

const GIVEN_MALE: &[&str] = &[
    "An", "Anh", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Giang", "Hải", "Hào", "Hiếu", "Hoàng", "Hùng", "Huy",
    "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang",
    "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Ấn", "Ân",
];
const GIVEN_FEMALE: &[&str] = &[
    "An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
    "Hương", "Hường", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương",
    "Quỳnh", "Tâm", "Thảo", "Thu", "Thúy", "Trang", "Trinh", "Tuyết", "Vân", "Yến", "Ăn", "Ân",
];

const ETHNICITY: &[(&str, u32)] = &[
    ("Kinh", 850),
    ("Tày", 20),
    ("Thái", 20),
    ("Mường", 15),
    ("Khmer", 15),
    ("H'Mông", 15),
    ("Nùng", 12),
    ("Dao", 10),
    ("Hoa", 6),
    ("Gia Rai", 5),
    ("Ê Đê", 4),
    ("Ba Na", 3),
    ("Sán Chay", 2),
    ("Chăm", 2),
    ("Cơ Ho", 2),
    ("Xơ Đăng", 2),
    ("Sán Dìu", 2),
    ("Hrê", 1),
    ("Ra Glai", 1),
    ("Mnông", 1),
];

pub fn name(rng: &mut Rng, female: bool) -> String {
    let family = rng.weighted(FAMILY).copied().unwrap_or("Nguyễn");
    let (middle, given) = if female { (MIDDLE_FEMALE, GIVEN_FEMALE) } else { (MIDDLE_MALE, GIVEN_MALE) };
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
    rng.weighted(ETHNICITY).copied().unwrap_or("Kinh")
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
