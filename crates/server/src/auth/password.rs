//! Argon2id password hashes, computed off the async runtime.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::ServiceError;

/// Hashes a password with a fresh salt (PHC string).
pub async fn hash(password: String) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(ServiceError::internal)
    })
    .await
    .map_err(ServiceError::internal)?
}

/// A hash no password matches in practice, with the parameters of every stored hash: a
/// login for an account that does not exist checks the password against it, so it takes as
/// long as a wrong password for one that does.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$X3KUXvS/2eALZuiRDXvWDw$S7S/FWag8mTQgJvv/WG241ses1/E566nQQz6bUfCg94";

/// Does the work of [`verify`] for an account that does not exist; never a match.
pub async fn verify_dummy(password: String) -> Result<(), ServiceError> {
    verify(password, DUMMY_HASH.to_owned()).await.map(|_| ())
}

/// True when `password` matches the stored PHC hash.
pub async fn verify(password: String, stored: String) -> Result<bool, ServiceError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored).map_err(ServiceError::internal)?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(ServiceError::internal)?
}

/// Hashes a password synchronously (start-up seeding only).
pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dummy costs what a real hash costs: the same algorithm and parameters as the
    /// hashes `hash` writes now (a change of the crate's defaults must regenerate it).
    #[test]
    fn the_dummy_hash_has_the_parameters_of_new_hashes() {
        let fresh = hash_blocking("Abcd1234!").unwrap_or_default();
        let params = |phc: &str| phc.rsplitn(3, '$').nth(2).map(str::to_owned);
        assert!(params(&fresh).is_some(), "{fresh}");
        assert_eq!(params(DUMMY_HASH), params(&fresh));
    }
}
