//! Attachments as files on this machine's disk, mode 0600.

use std::path::PathBuf;

use futures_util::future::BoxFuture;

use super::{checked_key, Storage};

/// Files on the local disk.
pub struct LocalStorage {
    root: PathBuf,
}

impl LocalStorage {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: PathBuf) -> Self {
        LocalStorage { root }
    }

    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        Ok(self.root.join(checked_key(key)?))
    }
}

impl Storage for LocalStorage {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> BoxFuture<'a, std::io::Result<()>> {
        Box::pin(async move {
            let path = self.path(key)?;
            tokio::fs::create_dir_all(&self.root).await?;
            // Write to a temporary name first so a crash never leaves a half file under the key;
            // mode 0600 from the start (letters, vouchers and materials carry personal data).
            let tmp = self.root.join(format!("{key}.part"));
            let root = self.root.clone();
            tokio::task::spawn_blocking(move || {
                crate::private_files::restrict(&root)?;
                crate::private_files::write_private(&tmp, &bytes)?;
                std::fs::rename(&tmp, &path)
            })
            .await
            .map_err(std::io::Error::other)?
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, std::io::Result<Vec<u8>>> {
        Box::pin(async move { tokio::fs::read(self.path(key)?).await })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, std::io::Result<()>> {
        Box::pin(async move { tokio::fs::remove_file(self.path(key)?).await })
    }
}
