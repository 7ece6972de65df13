//! The key itself: 32 random bytes from the operating system's generator, shown once, kept
//! only as a SHA-256 digest. A slow password hash is not needed: with 256 bits of entropy
//! there is nothing to guess, and a plain digest lets each request find its key with one
//! indexed lookup instead of trying every stored hash.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// Every key starts so (it tells a key from a login token at a glance).
pub const PREFIX: &str = "rtpk_";

/// How many characters of a key are kept in clear to tell keys apart.
const SHOWN: usize = PREFIX.len() + 8;

/// A new key: what the caller is shown once, and what is stored.
pub struct NewSecret {
    /// `rtpk_` and 64 hex digits.
    pub secret: String,
    /// Its first characters.
    pub prefix: String,
    /// Hex SHA-256 of `secret`.
    pub hash: String,
}

/// Generates a key.
pub fn generate() -> NewSecret {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = format!("{PREFIX}{}", hex::encode(bytes));
    NewSecret {
        prefix: secret[..SHOWN].to_owned(),
        hash: digest(&secret),
        secret,
    }
}

/// The stored form of a key.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_only_their_digest_is_kept() {
        let (a, b) = (generate(), generate());
        assert_ne!(a.secret, b.secret);
        assert_eq!(a.secret.len(), PREFIX.len() + 64);
        assert!(a.secret.starts_with(&a.prefix));
        assert_eq!(a.hash, digest(&a.secret));
        assert!(!a.hash.contains(&a.secret[PREFIX.len()..]));
        assert_eq!(a.hash.len(), 64);
    }
}
