//! Password policy (密码规则): 8–20 characters with a letter, a digit and a special character.

use serde::{Deserialize, Serialize};

/// Shortest password accepted.
pub const PASSWORD_MIN_LEN: usize = 8;
/// Longest password accepted.
pub const PASSWORD_MAX_LEN: usize = 20;

/// A kind of character a password must contain (密码字符类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharClass {
    /// 字母
    Letter,
    /// 数字
    Digit,
    /// 特殊字符: printable ASCII that is neither letter nor digit.
    Special,
}

impl CharClass {
    /// Chinese wording: 字母 / 数字 / 特殊字符.
    pub fn label_zh(&self) -> &'static str {
        match self {
            CharClass::Letter => "字母",
            CharClass::Digit => "数字",
            CharClass::Special => "特殊字符",
        }
    }
}

fn join_labels(classes: &[CharClass]) -> String {
    classes
        .iter()
        .map(CharClass::label_zh)
        .collect::<Vec<_>>()
        .join("、")
}

/// Why a password does not meet the policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Shorter than 8 or longer than 20 characters.
    #[error("密码长度应为8至20位，当前为{0}位")]
    Length(usize),
    /// Contains a space, a non-ASCII or a control character.
    #[error("密码只能由字母、数字和英文特殊字符组成，不能包含空格或中文")]
    DisallowedCharacter,
    /// Lacks one or more required kinds of character.
    #[error("密码必须包含字母、数字和特殊字符，缺少：{}", join_labels(.0))]
    Missing(Vec<CharClass>),
}

/// Checks a new password against the policy; the error lists what is missing.
pub fn check_password_policy(password: &str) -> Result<(), PasswordError> {
    let len = password.chars().count();
    if !(PASSWORD_MIN_LEN..=PASSWORD_MAX_LEN).contains(&len) {
        return Err(PasswordError::Length(len));
    }
    if !password.chars().all(|c| c.is_ascii_graphic()) {
        return Err(PasswordError::DisallowedCharacter);
    }
    let missing: Vec<CharClass> = [
        (
            CharClass::Letter,
            password.chars().any(|c| c.is_ascii_alphabetic()),
        ),
        (
            CharClass::Digit,
            password.chars().any(|c| c.is_ascii_digit()),
        ),
        (
            CharClass::Special,
            password.chars().any(|c| c.is_ascii_punctuation()),
        ),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(class, _)| class)
    .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(PasswordError::Missing(missing))
    }
}
