//! For tests that hold the source to a rule (every audit action has a label, every search
//! escapes its wildcards): the server's own source files and their text.

use std::path::PathBuf;

/// Every file under `src/` with its text, except those whose path ends with one of `skip`.
pub fn source_files(skip: &[&str]) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if !skip.iter().any(|s| path.ends_with(s)) {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                files.push((path, text));
            }
        }
    }
    files
}
