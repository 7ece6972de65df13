//! Identity documents (证件): the mainland resident ID number (居民身份证, GB 11643) and
//! other documents such as passports (非身份证).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::text::{compact, mask_middle};

/// Kind of identity document (证件类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// 身份证: 18-character mainland resident ID.
    ResidentId,
    /// 非身份证: passport, Hong Kong/Macao/Taiwan permits and the like.
    Other,
}

impl DocumentType {
    /// Both document types, in template order.
    pub const ALL: [DocumentType; 2] = [DocumentType::ResidentId, DocumentType::Other];

    /// The manual's wording: 身份证 / 非身份证.
    pub fn label_zh(&self) -> &'static str {
        match self {
            DocumentType::ResidentId => "身份证",
            DocumentType::Other => "非身份证",
        }
    }

    /// Reads the template's 证件类型 cell. Besides the two template words, a few common
    /// spellings are accepted because operators type them (居民身份证, 护照, …).
    pub fn parse_zh(raw: &str) -> Option<DocumentType> {
        match compact(raw).as_str() {
            "身份证" | "居民身份证" | "二代身份证" => Some(DocumentType::ResidentId),
            "非身份证" | "护照" | "港澳台居住证" | "港澳台居民居住证" | "其他" | "其它" => {
                Some(DocumentType::Other)
            }
            _ => None,
        }
    }
}

/// Sex (性别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 男
    Male,
    /// 女
    Female,
}

impl Sex {
    /// The manual's wording: 男 / 女.
    pub fn label_zh(&self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    /// Reads a 性别 cell: 男 / 女 (also 男性 / 女性).
    pub fn parse_zh(raw: &str) -> Option<Sex> {
        match compact(raw).as_str() {
            "男" | "男性" => Some(Sex::Male),
            "女" | "女性" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// Why an identity document number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    /// Nothing was entered.
    #[error("证件号码不能为空")]
    Empty,
    /// Excel turned a long number into scientific notation (e.g. `1.10101199001011E+17`).
    #[error("证件号码被Excel显示为科学计数法，请将证件号码列设置为\"文本\"格式后重新填写")]
    ScientificNotation,
    /// The 15-digit first-generation number.
    #[error("不支持15位旧身份证号码，请使用18位身份证号码")]
    LegacyFifteenDigits,
    /// Neither 18 nor 15 characters.
    #[error("身份证号码应为18位，当前为{0}位")]
    WrongLength(usize),
    /// Non-digits in the first 17 places, or a last place other than a digit or X.
    #[error("身份证号码前17位必须是数字，最后一位必须是数字或X")]
    InvalidCharacters,
    /// Places 7–14 are not a real calendar date.
    #[error("身份证号码中的出生日期无效")]
    InvalidBirthDate,
    /// The birth date lies after the reference date.
    #[error("身份证号码中的出生日期晚于当前日期")]
    BirthDateInFuture,
    /// The 18th character does not match the GB 11643 check digit.
    #[error("身份证号码校验位错误，请核对号码")]
    CheckDigitMismatch,
    /// A non-resident-ID number outside 3–30 letters, digits or '-'.
    #[error("非身份证证件号码应为3至30位字母、数字或\"-\"")]
    InvalidOtherDocument,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// GB 11643 (ISO 7064 MOD 11-2) check character for the first 17 digits of a resident ID;
/// `None` unless `first17` is exactly 17 ASCII digits.
pub fn resident_id_check_digit(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// A validated identity document number (证件号码) together with its type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "IdNumberRepr", into = "IdNumberRepr")]
pub struct IdNumber {
    doc_type: DocumentType,
    value: String,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
}

/// Serialized form of [`IdNumber`] (证件): type and number; deserializing re-validates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdNumberRepr {
    /// 证件类型
    pub doc_type: DocumentType,
    /// 证件号码
    pub number: String,
}

impl TryFrom<IdNumberRepr> for IdNumber {
    type Error = IdNumberError;
    fn try_from(r: IdNumberRepr) -> Result<Self, Self::Error> {
        IdNumber::parse(r.doc_type, &r.number)
    }
}

impl From<IdNumber> for IdNumberRepr {
    fn from(id: IdNumber) -> Self {
        IdNumberRepr {
            doc_type: id.doc_type,
            number: id.value,
        }
    }
}

/// True when a cell looks like a number Excel rendered in scientific notation.
fn looks_scientific(s: &str) -> bool {
    let upper = s.to_ascii_uppercase();
    match upper.split_once('E') {
        Some((mantissa, exp)) => {
            let exp = exp.strip_prefix('+').unwrap_or(exp);
            !mantissa.is_empty()
                && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
                && mantissa.chars().any(|c| c.is_ascii_digit())
                && !exp.is_empty()
                && exp.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

impl IdNumber {
    /// Parses and normalises a document number: whitespace and full-width characters are
    /// removed, a resident ID's lower-case `x` becomes `X`.
    pub fn parse(doc_type: DocumentType, raw: &str) -> Result<IdNumber, IdNumberError> {
        let s = compact(raw);
        if s.is_empty() {
            return Err(IdNumberError::Empty);
        }
        if looks_scientific(&s) {
            return Err(IdNumberError::ScientificNotation);
        }
        match doc_type {
            DocumentType::ResidentId => parse_resident(&s.to_ascii_uppercase()),
            DocumentType::Other => parse_other(&s),
        }
    }

    /// Like [`IdNumber::parse`], and also refuses a resident ID whose birth date is after
    /// `today`.
    pub fn parse_as_of(
        doc_type: DocumentType,
        raw: &str,
        today: NaiveDate,
    ) -> Result<IdNumber, IdNumberError> {
        let id = IdNumber::parse(doc_type, raw)?;
        match id.birth_date {
            Some(b) if b > today => Err(IdNumberError::BirthDateInFuture),
            _ => Ok(id),
        }
    }

    /// 证件类型.
    pub fn doc_type(&self) -> DocumentType {
        self.doc_type
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Birth date encoded in a resident ID; `None` for other documents.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.birth_date
    }

    /// Sex encoded in a resident ID (17th digit odd = male); `None` for other documents.
    pub fn sex(&self) -> Option<Sex> {
        self.sex
    }

    /// The number for lists: first 3 and last 4 characters kept, the rest `*`, same length
    /// (`410***********8616`).
    pub fn masked(&self) -> String {
        mask_middle(&self.value, 3, 4)
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

fn parse_resident(s: &str) -> Result<IdNumber, IdNumberError> {
    let len = s.chars().count();
    if len == 15 && s.chars().all(|c| c.is_ascii_digit()) {
        return Err(IdNumberError::LegacyFifteenDigits);
    }
    if len != 18 {
        return Err(IdNumberError::WrongLength(len));
    }
    let (first17, last) = s.split_at(17);
    if !first17.chars().all(|c| c.is_ascii_digit())
        || !last.chars().all(|c| c.is_ascii_digit() || c == 'X')
    {
        return Err(IdNumberError::InvalidCharacters);
    }
    let birth_date = digits_date(&first17[6..14]).ok_or(IdNumberError::InvalidBirthDate)?;
    if birth_date.year() < 1900 {
        return Err(IdNumberError::InvalidBirthDate);
    }
    let expected = resident_id_check_digit(first17).ok_or(IdNumberError::InvalidCharacters)?;
    if !last.starts_with(expected) {
        return Err(IdNumberError::CheckDigitMismatch);
    }
    let sex_digit = first17[16..17]
        .parse::<u32>()
        .map_err(|_| IdNumberError::InvalidCharacters)?;
    let sex = if sex_digit % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok(IdNumber {
        doc_type: DocumentType::ResidentId,
        value: s.to_owned(),
        birth_date: Some(birth_date),
        sex: Some(sex),
    })
}

fn digits_date(yyyymmdd: &str) -> Option<NaiveDate> {
    let y = yyyymmdd.get(0..4)?.parse().ok()?;
    let m = yyyymmdd.get(4..6)?.parse().ok()?;
    let d = yyyymmdd.get(6..8)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

fn parse_other(s: &str) -> Result<IdNumber, IdNumberError> {
    let len = s.chars().count();
    if !(3..=30).contains(&len) || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(IdNumberError::InvalidOtherDocument);
    }
    Ok(IdNumber {
        doc_type: DocumentType::Other,
        value: s.to_ascii_uppercase(),
        birth_date: None,
        sex: None,
    })
}
