//! Deterministic synthetic data: hash buckets, Chinese names, 社保编号, unit names, birth dates.
//! Every function here is pure: the same input always gives the same output.

use chrono::{Datelike, Duration as Days, NaiveDate};
use sha2::{Digest, Sha256};

/// 64 bits of SHA-256 over `salt` and `key`; different salts give independent draws.
pub fn hash64(salt: &str, key: &str) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update([0x1f]);
    hasher.update(key.as_bytes());
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// The key's bucket 0–999 for the draw named `salt`.
pub fn permille(salt: &str, key: &str) -> u16 {
    (hash64(salt, key) % 1000) as u16
}

fn pick<T: Copy>(list: &[T], h: u64) -> T {
    list[(h % list.len() as u64) as usize]
}

const SURNAMES: &[char] = &[
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭',
    '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾',
    '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁',
    '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金', '石', '廖', '贾', '夏',
    '顾', '毛', '钱', '严', '施', '陶', '邵', '倪', '缪', '俞', '翁', '戴', '孔', '汤', '万', '龚',
];

const GIVEN: &[char] = &[
    '伟', '芳', '娜', '秀', '英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟',
    '涛', '明', '超', '兰', '霞', '平', '刚', '桂', '华', '建', '国', '玉', '珍', '文', '德', '志',
    '红', '梅', '海', '林', '萍', '云', '凤', '荣', '斌', '根', '宝', '妹', '龙', '福', '金', '忠',
    '琴', '慧', '美', '培', '新', '家', '耀', '庆', '菊', '惠', '雪', '芬', '民', '春', '生', '祥',
];

/// A plausible Chinese name (two or three characters) for an ID number that came without one.
pub fn generated_name(id: &str) -> String {
    let h = hash64("name", id);
    let mut name = String::new();
    name.push(pick(SURNAMES, h));
    name.push(pick(GIVEN, h >> 16));
    if !(h >> 32).is_multiple_of(3) {
        name.push(pick(GIVEN, h >> 40));
    }
    name
}

/// The social-security name of a "name differs" person: `name` with its last character
/// replaced by one fixed by the ID (an empty name first becomes the generated one). The
/// answer for the social-security name itself is that name again, so a platform that
/// overwrites its name with the answer (确认) matches on the next check; a name that
/// already ends with the ID's character differs in no place.
pub fn altered_name(name: &str, id: &str) -> String {
    let base = if name.trim().is_empty() {
        generated_name(id)
    } else {
        name.trim().to_owned()
    };
    let mut chars: Vec<char> = base.chars().collect();
    if let Some(last) = chars.last_mut() {
        *last = pick(GIVEN, hash64("name-differs", id));
    }
    chars.into_iter().collect()
}

/// The 社保编号 of a unit hint: `C` and nine digits; `second` gives the hint's other code.
pub fn ss_code_for_hint(hint: &str, second: bool) -> String {
    let salt = if second { "ss-code-2" } else { "ss-code-1" };
    format!("C{:09}", hash64(salt, hint.trim()) % 1_000_000_000)
}

/// The 社保编号 of a person asked about without a unit hint: one of their own.
pub fn ss_code_for_person(id: &str) -> String {
    format!("C{:09}", hash64("ss-code-own", id) % 1_000_000_000)
}

/// Whether `code` has the simulator's 社保编号 shape (`C` and nine digits).
pub fn is_well_formed_ss_code(code: &str) -> bool {
    code.len() == 10 && code.starts_with('C') && code.bytes().skip(1).all(|b| b.is_ascii_digit())
}

const PLACES: &[&str] = &[
    "申江", "浦江", "东方", "华申", "新沪", "金桥", "长宁", "徐汇", "宝山", "闵行", "嘉定", "松江",
    "奉贤", "青浦", "崇明", "静安", "杨浦", "虹口", "普陀", "黄浦",
];
const TRADES: &[&str] = &[
    "机械", "纺织", "电器", "化工", "仪表", "船舶", "印刷", "建材", "食品", "钢铁", "电子", "物资",
    "轻工", "交通", "医药", "服装",
];
const FORMS: &[&str] = &[
    "有限公司",
    "股份有限公司",
    "厂",
    "集团有限公司",
    "实业有限公司",
];

/// The unit name the social-security records hold for a 社保编号.
pub fn unit_name_for_code(code: &str) -> String {
    let h = hash64("unit-name", code);
    format!(
        "上海{}{}{}",
        pick(PLACES, h),
        pick(TRADES, h >> 16),
        pick(FORMS, h >> 32)
    )
}

/// 社保人数 of a code, in `min..=max`.
pub fn retiree_count(code: &str, min: u32, max: u32) -> u32 {
    let span = u64::from(max.saturating_sub(min)) + 1;
    min + (hash64("retirees", code) % span) as u32
}

/// Birth date and sex (true: male) of a person: read from an 18-digit resident ID, otherwise
/// drawn from the hash (born 1940–1965).
pub fn birth_and_sex(id: &str) -> (NaiveDate, bool) {
    let digits = |range: std::ops::Range<usize>| id.get(range).and_then(|s| s.parse::<u32>().ok());
    let from_id = if id.len() == 18 && id.bytes().take(17).all(|b| b.is_ascii_digit()) {
        let date = match (digits(6..10), digits(10..12), digits(12..14)) {
            (Some(y), Some(m), Some(d)) => i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
            _ => None,
        };
        date.zip(digits(16..17).map(|s| s % 2 == 1))
    } else {
        None
    };
    from_id.unwrap_or_else(|| {
        let h = hash64("birth", id);
        let start = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap_or_default();
        let date = start + Days::days((h % (26 * 365)) as i64);
        (date, (h >> 32) % 2 == 1)
    })
}

/// A year and month as `YYYY-MM`.
pub fn year_month(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The month a person retired: men at 60, women at 50 or 55 (by hash), in their birth month;
/// `None` while that month is still after `today`'s.
pub fn retirement_month(id: &str, today: NaiveDate) -> Option<(i32, u32)> {
    let (birth, male) = birth_and_sex(id);
    let age = if male {
        60
    } else if hash64("retire-age", id).is_multiple_of(2) {
        50
    } else {
        55
    };
    let retired = (birth.year() + age, birth.month());
    (retired <= (today.year(), today.month())).then_some(retired)
}

/// An invalid 退休年月 for the "invalid" anomaly: `0000-00`, the month before birth, or a
/// thirteenth month.
pub fn invalid_retirement_month(id: &str) -> String {
    let (birth, _) = birth_and_sex(id);
    match hash64("invalid-month", id) % 3 {
        0 => "0000-00".to_owned(),
        1 if birth.month() == 1 => year_month(birth.year() - 1, 12),
        1 => year_month(birth.year(), birth.month() - 1),
        _ => year_month(birth.year() + 55, 13),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "11010119500101001X";

    #[test]
    fn names_are_deterministic_and_the_altered_one_differs_in_one_place() {
        assert_eq!(generated_name(ID), generated_name(ID));
        let n = generated_name(ID).chars().count();
        assert!((2..=3).contains(&n));
        let last = pick(GIVEN, hash64("name-differs", ID));
        for name in ["张三", "欧阳明华", "李", ""] {
            let altered = altered_name(name, ID);
            assert_eq!(altered, altered_name(name, ID));
            // Confirming the social-security name ends the anomaly.
            assert_eq!(altered_name(&altered, ID), altered);
            if !name.is_empty() && !name.ends_with(last) {
                assert_ne!(altered, name);
                let differing = name.chars().zip(altered.chars()).filter(|(a, b)| a != b);
                assert_eq!(differing.count(), 1, "{name} → {altered}");
                assert_eq!(name.chars().count(), altered.chars().count());
            }
        }
    }

    #[test]
    fn codes_have_the_shape_and_units_are_stable() {
        let a = ss_code_for_hint("tuixiu31011500001", false);
        let b = ss_code_for_hint(" tuixiu31011500001 ", true);
        assert!(is_well_formed_ss_code(&a) && is_well_formed_ss_code(&b));
        assert_ne!(a, b);
        assert_eq!(a, ss_code_for_hint("tuixiu31011500001", false));
        assert!(!is_well_formed_ss_code("C12345678"));
        assert!(!is_well_formed_ss_code("D123456789"));
        assert_eq!(unit_name_for_code(&a), unit_name_for_code(&a));
        assert!(unit_name_for_code(&a).starts_with("上海"));
        for code in [&a, &b] {
            assert!((10..=40).contains(&retiree_count(code, 10, 40)));
        }
        assert_eq!(retiree_count(&a, 7, 7), 7);
    }

    #[test]
    fn birth_and_retirement_follow_the_id() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default();
        let (birth, male) = birth_and_sex(ID);
        assert_eq!(
            birth,
            NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default()
        );
        assert!(male, "17th digit 1 is odd: male");
        assert_eq!(retirement_month(ID, today), Some((2010, 1)));
        // Born 1990: not retired yet.
        assert_eq!(retirement_month("110101199001010014", today), None);
        let (other, _) = birth_and_sex("H1234567");
        assert!((1940..=1966).contains(&other.year()));
        assert_eq!(invalid_retirement_month(ID), invalid_retirement_month(ID));
    }

    #[test]
    fn invalid_months_are_zero_before_birth_or_a_thirteenth_month() {
        let mut seen = std::collections::HashSet::new();
        for seq in 0..60u32 {
            let id = format!("H{seq:07}");
            let (birth, _) = birth_and_sex(&id);
            let month = invalid_retirement_month(&id);
            let kind = if month == "0000-00" {
                "zero"
            } else if month.ends_with("-13") {
                "thirteenth"
            } else {
                assert!(
                    month < year_month(birth.year(), birth.month()),
                    "{id}: {month}"
                );
                "before birth"
            };
            seen.insert(kind);
        }
        assert_eq!(seen.len(), 3, "{seen:?}");
    }
}
