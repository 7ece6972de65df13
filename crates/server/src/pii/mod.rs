//! Personal data at rest. Retirees' ID numbers and mobiles are stored encrypted
//! (XChaCha20-Poly1305, a random 24-byte nonce per value, the column name as associated
//! data is not needed: a value is only ever read back into the column type [`Sealed`]),
//! and found again through a keyed blind index (HMAC-SHA256): exact ID search, the
//! once-per-plan-year uniqueness and the duplicate checks of an import compare indexes,
//! never the numbers.
//!
//! The keys come from `RTP_PII_KEYS` (`pii_keys` in the config) and never from the
//! database: `index:<base64>,<name>:<base64>,…` — `index` keys the blind index, the first
//! named key encrypts, the others only decrypt (older keys during a rotation). Outside
//! production a missing setting means a file `<data_dir>/pii_keys` (mode 0600) created on
//! the first start. At every start [`reseal`] converts the rows still in clear text (a
//! database from before this version) and re-encrypts those under an older key, so a
//! rotation is: put a new key first, keep the old one after it, restart, then drop the old
//! one. The index key cannot rotate without re-indexing; it is a separate key so that
//! rotating the encryption key does not touch it.

mod keys;
pub mod reseal;
mod sealed;

pub use keys::{install, keys, PiiKeys};
pub use sealed::Sealed;

/// What a blind index is computed over, so that equal texts of different kinds never share
/// an index value.
#[derive(Clone, Copy, Debug)]
pub enum IndexKind {
    /// A normalised ID number (`domain::IdNumber::as_str`).
    IdNumber,
    /// A normalised mobile (`domain::Mobile::as_str`).
    Mobile,
}

/// The blind index of a normalised ID number.
pub fn id_index(id_number: &str) -> String {
    keys().blind_index(IndexKind::IdNumber, id_number)
}

/// The blind index of a normalised mobile.
pub fn mobile_index(mobile: &str) -> String {
    keys().blind_index(IndexKind::Mobile, mobile)
}

/// The last four characters of an ID number, kept in clear for the 后4位 search: the
/// lists show them anyway (the mask keeps the first three and the last four).
pub fn last_four(id_number: &str) -> String {
    let chars: Vec<char> = id_number.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_four_of_short_and_long_numbers() {
        assert_eq!(last_four("11010119500101001X"), "001X");
        assert_eq!(last_four("AB1"), "AB1");
        assert_eq!(last_four(""), "");
    }
}
