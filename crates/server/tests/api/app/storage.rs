//! Where a test app keeps attachment bytes: its own data dir (`file://`, the default) or a
//! real S3-compatible server named by `TEST_S3_URL=http://KEY:SECRET@127.0.0.1:PORT/BUCKET`
//! (`scripts/test.sh` installs and starts one and sets it). Each test gets a prefix of its
//! own in the bucket, so tests never see each other's objects.

use secrecy::SecretString;
use server::attachments::storage::StorageSettings;
use uuid::Uuid;

/// The store a test runs against.
#[derive(Clone, Debug)]
pub enum Store {
    /// Files under the app's temporary data dir.
    File,
    /// A fresh prefix in the test S3 server's bucket.
    S3(StorageSettings),
}

impl Store {
    /// A fresh prefix on the test S3 server, or `None` (said on stderr) when `TEST_S3_URL`
    /// is unset; a malformed value fails the test. Once the test command has promised a
    /// server, an unreachable one fails the test on its first upload, never skips it.
    pub fn s3(test: &str) -> Option<Store> {
        let Ok(raw) = std::env::var("TEST_S3_URL") else {
            eprintln!(
                "SKIPPED {test} on S3: TEST_S3_URL is unset (scripts/test.sh starts an S3-compatible server and sets it)"
            );
            return None;
        };
        let url =
            reqwest::Url::parse(&raw).expect("TEST_S3_URL is http://KEY:SECRET@HOST:PORT/BUCKET");
        let bucket = url.path().trim_matches('/').to_owned();
        assert!(!bucket.is_empty(), "TEST_S3_URL names no bucket: {raw}");
        let endpoint = format!(
            "{}://{}:{}",
            url.scheme(),
            url.host_str().expect("TEST_S3_URL has a host"),
            url.port_or_known_default().expect("TEST_S3_URL has a port")
        );
        Some(Store::S3(StorageSettings {
            url: format!("s3://{bucket}/test-{}", Uuid::new_v4().simple()),
            endpoint: Some(endpoint),
            region: "us-east-1".into(),
            access_key_id: Some(url.username().to_owned()),
            secret_access_key: url.password().map(SecretString::from),
            ..StorageSettings::default()
        }))
    }

    /// The settings' `[storage]` for this store (`File`: the default).
    pub fn settings(&self) -> StorageSettings {
        match self {
            Store::File => StorageSettings::default(),
            Store::S3(s) => s.clone(),
        }
    }
}
