//! `[storage]`: where attachment bytes live, chosen by URL. `file://` (the default) keeps
//! them on this machine's disk; `s3://bucket[/prefix]` puts them in an S3-compatible store
//! that every instance reaches.

use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Deserialize;

/// The `[storage]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct StorageSettings {
    /// `file://` (files under `<data_dir>/attachments`), `file:///some/dir`, or
    /// `s3://bucket` / `s3://bucket/prefix`.
    pub url: String,
    /// The S3 API's base URL (`http://127.0.0.1:3900` for Garage, MinIO's, …); unset: AWS.
    pub endpoint: Option<String>,
    /// The region the store signs for (Garage's default is `garage`).
    pub region: String,
    /// The access key's id (`RTP_STORAGE__ACCESS_KEY_ID`).
    pub access_key_id: Option<String>,
    /// The access key's secret (`RTP_STORAGE__SECRET_ACCESS_KEY`); never logged.
    pub secret_access_key: Option<SecretString>,
    /// Time allowed for one request to the store, in milliseconds.
    pub timeout_ms: u64,
    /// Attempts of a request that failed on the network or with a 5xx before it fails.
    pub attempts: usize,
}

impl Default for StorageSettings {
    fn default() -> Self {
        StorageSettings {
            url: "file://".into(),
            endpoint: None,
            region: "us-east-1".into(),
            access_key_id: None,
            secret_access_key: None,
            timeout_ms: 30_000,
            attempts: 3,
        }
    }
}

/// What a valid `storage.url` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageTarget {
    /// A directory on this machine.
    Local(PathBuf),
    /// A bucket of an S3-compatible store, keys under `prefix` (empty: the bucket's root).
    S3 {
        /// The bucket's name.
        bucket: String,
        /// Leading path of every key, without slashes at either end.
        prefix: String,
    },
}

impl StorageSettings {
    /// Reads the URL (`data_dir` roots a bare `file://`); every error says what to write.
    pub fn target(&self, data_dir: &Path) -> anyhow::Result<StorageTarget> {
        let url = self.url.trim();
        if let Some(path) = url.strip_prefix("file://") {
            return Ok(StorageTarget::Local(if path.is_empty() {
                data_dir.join("attachments")
            } else {
                PathBuf::from(path)
            }));
        }
        let Some(rest) = url.strip_prefix("s3://") else {
            anyhow::bail!(
                "storage.url must start with file:// or s3:// (e.g. s3://rtp-attachments), not {url:?}"
            );
        };
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        anyhow::ensure!(
            !authority.contains('@'),
            "storage.url must not carry credentials: set storage.access_key_id and storage.secret_access_key (RTP_STORAGE__ACCESS_KEY_ID, RTP_STORAGE__SECRET_ACCESS_KEY)"
        );
        anyhow::ensure!(
            valid_bucket(authority),
            "storage.url names the bucket {authority:?}: a bucket name is 3–63 lower-case letters, digits, '-' or '.' (s3://bucket or s3://bucket/prefix)"
        );
        anyhow::ensure!(
            !url.contains(['?', '#']),
            "storage.url takes no query or fragment: the endpoint and keys are storage.endpoint, storage.access_key_id and storage.secret_access_key"
        );
        let prefix = path.trim_matches('/');
        let segments_ok = prefix.is_empty()
            || prefix
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        let chars_ok = prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
        anyhow::ensure!(
            segments_ok && chars_ok,
            "storage.url's prefix {prefix:?} may hold only letters, digits, '-', '_', '.' and single slashes"
        );
        Ok(StorageTarget::S3 {
            bucket: authority.to_owned(),
            prefix: prefix.to_owned(),
        })
    }

    /// Refuses, at start-up, a configuration the store could not work with.
    pub fn check(&self, data_dir: &Path) -> anyhow::Result<()> {
        let target = self.target(data_dir)?;
        anyhow::ensure!(
            self.timeout_ms > 0 && self.attempts > 0,
            "storage.timeout_ms and storage.attempts must be positive"
        );
        if let StorageTarget::Local(_) = target {
            return Ok(());
        }
        if let Some(endpoint) = self.endpoint.as_deref() {
            let parsed = reqwest::Url::parse(endpoint).map_err(|e| {
                anyhow::anyhow!("storage.endpoint must be a URL such as http://127.0.0.1:3900: {e}")
            })?;
            anyhow::ensure!(
                matches!(parsed.scheme(), "http" | "https")
                    && parsed.host_str().is_some()
                    && parsed.username().is_empty()
                    && parsed.password().is_none(),
                "storage.endpoint must be http:// or https:// with a host and no credentials"
            );
        }
        anyhow::ensure!(
            !self.region.trim().is_empty(),
            "storage.region must be set for s3:// storage"
        );
        let id = self
            .access_key_id
            .as_deref()
            .is_some_and(|k| !k.trim().is_empty());
        let secret = self
            .secret_access_key
            .as_ref()
            .is_some_and(|s| !secrecy::ExposeSecret::expose_secret(s).is_empty());
        anyhow::ensure!(
            id == secret,
            "storage.access_key_id and storage.secret_access_key go together: set both (or neither, for the machine's own AWS role)"
        );
        Ok(())
    }

    /// Whether requests to the store travel without TLS.
    pub fn plain_http(&self) -> bool {
        self.endpoint
            .as_deref()
            .is_some_and(|e| e.trim_start().starts_with("http://"))
    }
}

/// S3's bucket-name rule (the part every store shares).
fn valid_bucket(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && !name.starts_with(['-', '.'])
        && !name.ends_with(['-', '.'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_url(url: &str) -> StorageSettings {
        StorageSettings {
            url: url.into(),
            ..StorageSettings::default()
        }
    }

    #[test]
    fn file_urls_name_a_directory_and_the_bare_one_is_the_data_dir() {
        let data = Path::new("/srv/rtp");
        let local = |url: &str| with_url(url).target(data).expect("valid");
        assert_eq!(
            local("file://"),
            StorageTarget::Local(data.join("attachments"))
        );
        assert_eq!(
            local("file:///var/lib/rtp/files"),
            StorageTarget::Local("/var/lib/rtp/files".into())
        );
    }

    #[test]
    fn s3_urls_name_a_bucket_and_a_prefix() {
        let data = Path::new("/srv/rtp");
        let s3 = |url: &str| with_url(url).target(data);
        assert_eq!(
            s3("s3://rtp-attachments").expect("valid"),
            StorageTarget::S3 {
                bucket: "rtp-attachments".into(),
                prefix: String::new()
            }
        );
        assert_eq!(
            s3("s3://rtp/prod/files/").expect("valid"),
            StorageTarget::S3 {
                bucket: "rtp".into(),
                prefix: "prod/files".into()
            }
        );
        for bad in [
            "http://bucket",
            "rtp-attachments",
            "s3://",
            "s3://UPPER",
            "s3://ab",
            "s3://key:secret@bucket",
            "s3://bucket/a//b",
            "s3://bucket/../x",
            "s3://bucket?region=x",
            "s3://bucket/名",
        ] {
            assert!(s3(bad).is_err(), "{bad} is refused");
        }
    }

    #[test]
    fn s3_needs_a_usable_endpoint_and_both_halves_of_a_key() {
        let data = Path::new("/srv/rtp");
        let s3 = |endpoint: Option<&str>, id: Option<&str>, secret: Option<&str>| StorageSettings {
            url: "s3://rtp".into(),
            endpoint: endpoint.map(Into::into),
            access_key_id: id.map(Into::into),
            secret_access_key: secret.map(SecretString::from),
            ..StorageSettings::default()
        };
        let garage = Some("http://garage:3900");
        assert!(s3(garage, Some("GK1"), Some("s")).check(data).is_ok());
        assert!(
            s3(None, None, None).check(data).is_ok(),
            "AWS with its role"
        );
        assert!(s3(garage, Some("GK1"), None).check(data).is_err());
        assert!(s3(garage, None, Some("s")).check(data).is_err());
        assert!(s3(Some("garage:3900"), None, None).check(data).is_err());
        assert!(s3(Some("ftp://garage"), None, None).check(data).is_err());
        assert!(s3(Some("http://k:s@garage"), None, None)
            .check(data)
            .is_err());
        assert!(s3(garage, None, None).plain_http());
    }

    #[test]
    fn the_secret_never_shows_in_debug_output() {
        let s = StorageSettings {
            secret_access_key: Some(SecretString::from("very-secret-value")),
            ..StorageSettings::default()
        };
        assert!(!format!("{s:?}").contains("very-secret-value"));
    }
}
