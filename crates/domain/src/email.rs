//! E-mail addresses (邮箱): a practical syntax check, not full RFC 5322.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why an e-mail address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing was entered.
    #[error("邮箱不能为空")]
    Empty,
    /// Longer than 254 characters.
    #[error("邮箱地址过长")]
    TooLong,
    /// Not exactly one `@`.
    #[error("邮箱地址格式不正确，应为“名称@域名”")]
    MissingAt,
    /// The part before `@` is empty or has characters or dots not allowed.
    #[error("邮箱地址“@”前的部分格式不正确")]
    InvalidLocalPart,
    /// The domain is not like `example.com`.
    #[error("邮箱地址的域名格式不正确")]
    InvalidDomain,
}

/// A syntactically valid e-mail address (邮箱), stored lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

fn local_ok(local: &str) -> bool {
    const SPECIALS: &str = ".!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let labels_ok = labels.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    labels.len() >= 2 && labels_ok && tld_ok
}

impl Email {
    /// Parses an address: trimmed, lower-cased, one `@`, a dotted domain with a
    /// letters-only top-level label.
    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = match s.split_once('@') {
            Some((l, d)) if !d.contains('@') => (l, d),
            _ => return Err(EmailError::MissingAt),
        };
        if !local_ok(local) {
            return Err(EmailError::InvalidLocalPart);
        }
        if !domain_ok(domain) {
            return Err(EmailError::InvalidDomain);
        }
        Ok(Email(s))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> Self {
        e.0
    }
}
