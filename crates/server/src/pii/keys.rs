//! The keys of the personal data: parsed from the setting or the key file, installed once
//! per process (the column type [`super::Sealed`] converts to and from the database
//! without a handle to pass around).

use std::path::Path;
use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use super::IndexKind;

/// The prefix of a sealed value: `v1:<key name>:<base64 of nonce ‖ ciphertext ‖ tag>`.
const VERSION: &str = "v1";
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;
const KEY_FILE: &str = "pii_keys";

/// The blind-index key and the encryption keys, the current one first.
pub struct PiiKeys {
    index: [u8; KEY_LEN],
    current: (String, XChaCha20Poly1305),
    older: Vec<(String, XChaCha20Poly1305)>,
    /// SHA-256 of the setting, to tell two installations apart without keeping the text.
    fingerprint: [u8; 32],
}

/// A stored value that does not open: a wrong or missing key, or a damaged value.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("sealed with key {0:?}, which is not configured")]
    UnknownKey(String),
    #[error("damaged sealed value")]
    Damaged,
}

impl PiiKeys {
    /// Reads `index:<base64>,<name>:<base64>,…` (commas or new lines between entries).
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let mut index = None;
        let mut named = Vec::new();
        for entry in text
            .split([',', '\n'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let (name, b64) = entry
                .split_once(':')
                .ok_or_else(|| anyhow::anyhow!("pii_keys: an entry is not name:base64"))?;
            let bytes = STANDARD
                .decode(b64.trim())
                .map_err(|_| anyhow::anyhow!("pii_keys: key {name:?} is not base64"))?;
            let key: [u8; KEY_LEN] = bytes
                .try_into()
                .map_err(|_| anyhow::anyhow!("pii_keys: key {name:?} must be 32 bytes"))?;
            let name = name.trim();
            anyhow::ensure!(
                !name.is_empty()
                    && name.len() <= 16
                    && name.chars().all(|c| c.is_ascii_alphanumeric()),
                "pii_keys: key names are 1–16 letters or digits"
            );
            if name == "index" {
                anyhow::ensure!(index.is_none(), "pii_keys: two index keys");
                index = Some(key);
            } else {
                anyhow::ensure!(
                    named.iter().all(|(n, _)| n != name),
                    "pii_keys: key {name:?} twice"
                );
                named.push((name.to_owned(), XChaCha20Poly1305::new(&key.into())));
            }
        }
        let index = index.ok_or_else(|| anyhow::anyhow!("pii_keys: no index key"))?;
        let mut named = named.into_iter();
        let current = named
            .next()
            .ok_or_else(|| anyhow::anyhow!("pii_keys: no encryption key"))?;
        Ok(PiiKeys {
            index,
            current,
            older: named.collect(),
            fingerprint: Sha256::digest(text.trim().as_bytes()).into(),
        })
    }

    /// A new setting: a random index key and one random encryption key `k1`.
    pub fn generate() -> String {
        let mut index = [0u8; KEY_LEN];
        let mut k1 = [0u8; KEY_LEN];
        rand::thread_rng().fill_bytes(&mut index);
        rand::thread_rng().fill_bytes(&mut k1);
        format!(
            "index:{},k1:{}",
            STANDARD.encode(index),
            STANDARD.encode(k1)
        )
    }

    /// The configured keys, or those of `<data_dir>/pii_keys` (created on the first start;
    /// production refuses to start without the setting before this is reached).
    pub fn load(configured: Option<&SecretString>, data_dir: &Path) -> anyhow::Result<Self> {
        match configured {
            Some(text) => Self::parse(text.expose_secret()),
            None => {
                let path = data_dir.join(KEY_FILE);
                if let Ok(text) = std::fs::read_to_string(&path) {
                    return Self::parse(&text);
                }
                std::fs::create_dir_all(data_dir)?;
                let text = Self::generate();
                crate::private_files::write_private(&path, text.as_bytes())?;
                Self::parse(&text)
            }
        }
    }

    /// The name of the key new values are sealed with.
    pub fn current_name(&self) -> &str {
        &self.current.0
    }

    /// `plain` encrypted under the current key.
    pub fn seal(&self, plain: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encryption with a valid key and nonce cannot fail for inputs this small.
        let sealed = self
            .current
            .1
            .encrypt(&nonce, plain.as_bytes())
            .unwrap_or_default();
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{VERSION}:{}:{}", self.current.0, STANDARD.encode(bytes))
    }

    /// The clear text of a stored value. A value without the `v1:` prefix is a row from
    /// before encryption: it is returned as it is (and [`super::reseal`] converts it).
    pub fn open(&self, stored: &str) -> Result<String, OpenError> {
        let Some((name, b64)) = sealed_parts(stored) else {
            return Ok(stored.to_owned());
        };
        let cipher = std::iter::once(&self.current)
            .chain(self.older.iter())
            .find(|(n, _)| n == name)
            .map(|(_, c)| c)
            .ok_or_else(|| OpenError::UnknownKey(name.to_owned()))?;
        let bytes = STANDARD.decode(b64).map_err(|_| OpenError::Damaged)?;
        if bytes.len() < NONCE_LEN {
            return Err(OpenError::Damaged);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = cipher
            .decrypt(XNonce::from_slice(nonce), sealed)
            .map_err(|_| OpenError::Damaged)?;
        String::from_utf8(plain).map_err(|_| OpenError::Damaged)
    }

    /// Whether a stored value is sealed under the current key (nothing to redo).
    pub fn is_current(&self, stored: &str) -> bool {
        sealed_parts(stored).is_some_and(|(name, _)| name == self.current.0)
    }

    /// HMAC-SHA256 of the kind and the normalised text, hex (64 characters).
    pub fn blind_index(&self, kind: IndexKind, normalised: &str) -> String {
        // A 32-byte key is always accepted by HMAC.
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.index) else {
            return String::new();
        };
        let tag: &[u8] = match kind {
            IndexKind::IdNumber => b"id\0",
            IndexKind::Mobile => b"mobile\0",
        };
        mac.update(tag);
        mac.update(normalised.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

fn sealed_parts(stored: &str) -> Option<(&str, &str)> {
    let rest = stored.strip_prefix(VERSION)?.strip_prefix(':')?;
    rest.split_once(':')
}

static INSTALLED: OnceLock<PiiKeys> = OnceLock::new();

/// Installs the keys for this process. Installing the same setting again is a no-op (tests
/// start many servers in one process); a different one is refused.
pub fn install(keys: PiiKeys) -> anyhow::Result<()> {
    let fingerprint = keys.fingerprint;
    let installed = INSTALLED.get_or_init(|| keys);
    anyhow::ensure!(
        installed.fingerprint == fingerprint,
        "another set of personal-data keys is already installed in this process"
    );
    Ok(())
}

/// The installed keys. [`crate::app::Application::build`] installs them before the
/// database is opened, so every conversion finds them.
pub fn keys() -> &'static PiiKeys {
    INSTALLED
        .get()
        .expect("personal-data keys are installed at start-up, before any database access")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;

    fn two_keys() -> (PiiKeys, PiiKeys) {
        let first = PiiKeys::generate();
        let index = first.split(',').next().unwrap().to_owned();
        let k2 = format!("k2:{}", STANDARD.encode([7u8; 32]));
        let old = first.split(',').nth(1).unwrap();
        let rotated = format!("{index},{k2},{old}");
        (
            PiiKeys::parse(&first).unwrap(),
            PiiKeys::parse(&rotated).unwrap(),
        )
    }

    #[test]
    fn a_sealed_value_opens_and_hides_the_text() {
        let (keys, _) = two_keys();
        let sealed = keys.seal("11010119500101001X");
        assert!(sealed.starts_with("v1:k1:"));
        assert!(!sealed.contains("19500101"));
        assert_ne!(sealed, keys.seal("11010119500101001X"), "random nonces");
        assert_eq!(keys.open(&sealed).unwrap(), "11010119500101001X");
        assert!(keys.is_current(&sealed));
    }

    #[test]
    fn rotation_opens_old_values_and_seals_with_the_new_key() {
        let (old, rotated) = two_keys();
        let sealed_old = old.seal("13812345678");
        assert_eq!(rotated.open(&sealed_old).unwrap(), "13812345678");
        assert!(!rotated.is_current(&sealed_old));
        assert!(rotated.seal("x").starts_with("v1:k2:"));
        assert!(matches!(
            old.open(&rotated.seal("x")),
            Err(OpenError::UnknownKey(_))
        ));
        // The index key did not change: the blind index did not either.
        assert_eq!(
            old.blind_index(IndexKind::IdNumber, "1"),
            rotated.blind_index(IndexKind::IdNumber, "1")
        );
    }

    #[test]
    fn tampering_is_detected_and_clear_text_passes_through() {
        let (keys, _) = two_keys();
        let sealed = keys.seal("13812345678");
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(matches!(keys.open(&tampered), Err(OpenError::Damaged)));
        assert_eq!(keys.open("13812345678").unwrap(), "13812345678");
        assert!(!keys.is_current("13812345678"));
    }

    #[test]
    fn the_index_tells_kinds_apart_and_is_keyed() {
        let (keys, _) = two_keys();
        let other = PiiKeys::parse(&PiiKeys::generate()).unwrap();
        let id = keys.blind_index(IndexKind::IdNumber, "13812345678");
        assert_eq!(id.len(), 64);
        assert_ne!(id, keys.blind_index(IndexKind::Mobile, "13812345678"));
        assert_ne!(id, other.blind_index(IndexKind::IdNumber, "13812345678"));
    }

    #[test]
    fn bad_settings_are_refused() {
        let k = STANDARD.encode([1u8; 32]);
        for bad in [
            String::new(),
            format!("k1:{k}"),
            format!("index:{k}"),
            format!("index:{k},k1:short"),
            format!("index:{k},k1:{}", STANDARD.encode([1u8; 16])),
            format!("index:{k},k1:{k},k1:{k}"),
            format!("index:{k},bad name:{k}"),
        ] {
            assert!(PiiKeys::parse(&bad).is_err(), "{bad}");
        }
        assert!(PiiKeys::parse(&format!("index:{k}\nk1:{k}\n")).is_ok());
    }
}
