//! HS256 access tokens whose subject is the account's public UUID.

use std::path::Path;

use api_types::Role;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The account's public id.
    pub sub: Uuid,
    /// The account's role when the token was issued (checked again against the database).
    pub role: Role,
    /// The account's token version: a password change or reset invalidates older tokens.
    pub tv: i32,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch); checked against the server's clock, no leeway.
    pub exp: i64,
}

/// Why a token was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Past its `exp`.
    Expired,
    /// Unreadable, forged or of another algorithm.
    Invalid,
}

/// The signing and verification keys.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    /// Keys from the configured secret, or from `<data_dir>/jwt_secret` (created on first run).
    pub fn load(configured: Option<&SecretString>, data_dir: &Path) -> anyhow::Result<Self> {
        let secret = match configured {
            Some(s) => s.expose_secret().as_bytes().to_vec(),
            None => load_or_create_secret(data_dir)?,
        };
        anyhow::ensure!(
            secret.len() >= 32,
            "the JWT secret must have at least 32 bytes"
        );
        Ok(JwtKeys {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
        })
    }

    /// Signs a token for the account, valid for `ttl` from `now`.
    pub fn issue(
        &self,
        sub: Uuid,
        role: Role,
        tv: i32,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<(String, DateTime<Utc>), jsonwebtoken::errors::Error> {
        let expires_at = now + ttl;
        let claims = Claims {
            sub,
            role,
            tv,
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, expires_at))
    }

    /// Verifies the signature and algorithm, then the expiry against `now`.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked below against the server's (injectable) clock, with no leeway.
        validation.validate_exp = false;
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| TokenError::Invalid)?;
        if data.claims.exp <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        Ok(data.claims)
    }
}

fn load_or_create_secret(data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    let path = data_dir.join("jwt_secret");
    if let Ok(existing) = std::fs::read(&path) {
        if existing.len() >= 32 {
            return Ok(existing);
        }
    }
    std::fs::create_dir_all(data_dir)?;
    let mut secret = vec![0u8; 64];
    rand::thread_rng().fill_bytes(&mut secret);
    crate::private_files::write_private(&path, &secret)?;
    Ok(secret)
}
