//! Attachments in a bucket of an S3-compatible store (AWS, Garage, MinIO, …) through the
//! `object_store` crate, so that every instance serves every upload.

use std::time::Duration;

use futures_util::future::BoxFuture;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ClientOptions, ObjectStoreExt, RetryConfig};
use secrecy::ExposeSecret;

use super::{checked_key, Storage, StorageSettings};

/// One bucket (and a key prefix in it).
pub struct S3Storage {
    store: AmazonS3,
    prefix: String,
}

impl S3Storage {
    /// A client of `bucket` as `settings` describe it (no request is sent yet).
    pub fn new(settings: &StorageSettings, bucket: &str, prefix: &str) -> anyhow::Result<Self> {
        // A request handler waits for the store: a few quick retries, never object_store's
        // default of ten over three minutes.
        let retry = RetryConfig {
            max_retries: settings.attempts.saturating_sub(1),
            retry_timeout: Duration::from_millis(settings.timeout_ms),
            ..RetryConfig::default()
        };
        let client = ClientOptions::new()
            .with_timeout(Duration::from_millis(settings.timeout_ms))
            .with_allow_http(settings.plain_http());
        // `new()`, not `from_env()`: only our settings configure the store, never a stray
        // AWS_* variable.
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region(settings.region.trim())
            .with_retry(retry)
            .with_client_options(client);
        if let Some(endpoint) = settings.endpoint.as_deref() {
            // Path-style requests (`endpoint/bucket/key`): what Garage, MinIO and s3s serve
            // without a wildcard DNS name per bucket.
            builder = builder
                .with_endpoint(endpoint.trim())
                .with_virtual_hosted_style_request(false);
        }
        if let (Some(id), Some(secret)) = (&settings.access_key_id, &settings.secret_access_key) {
            builder = builder
                .with_access_key_id(id.trim())
                .with_secret_access_key(secret.expose_secret());
        }
        let store = builder
            .build()
            .map_err(|e| anyhow::anyhow!("storage: cannot configure the S3 client: {e}"))?;
        Ok(S3Storage {
            store,
            prefix: prefix.to_owned(),
        })
    }

    fn path(&self, key: &str) -> std::io::Result<Path> {
        let key = checked_key(key)?;
        let full = if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}/{key}", self.prefix)
        };
        Path::parse(full).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    }
}

/// The store's error as an I/O error (not found stays not found).
fn io_error(err: object_store::Error) -> std::io::Error {
    match err {
        object_store::Error::NotFound { .. } => {
            std::io::Error::new(std::io::ErrorKind::NotFound, err)
        }
        other => std::io::Error::other(other),
    }
}

impl Storage for S3Storage {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> BoxFuture<'a, std::io::Result<()>> {
        Box::pin(async move {
            // One PUT is atomic: readers see the whole object or none.
            self.store
                .put(&self.path(key)?, bytes.into())
                .await
                .map(|_| ())
                .map_err(io_error)
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, std::io::Result<Vec<u8>>> {
        Box::pin(async move {
            let found = self.store.get(&self.path(key)?).await.map_err(io_error)?;
            let bytes = found.bytes().await.map_err(io_error)?;
            Ok(bytes.to_vec())
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, std::io::Result<()>> {
        Box::pin(async move { self.store.delete(&self.path(key)?).await.map_err(io_error) })
    }
}
