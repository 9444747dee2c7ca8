//! Shared helpers of the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/corpora`, or `None` (with a message) when it is missing.
/// With `CI=true` a missing corpus is a failure.
pub fn corpora() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but the real corpora are missing at {}",
            dir.display()
        );
    }
    eprintln!("SKIPPED: real corpora not found at {}", dir.display());
    None
}

/// Path of the binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_analyze"))
}

/// The repository's own demo corpus.
pub fn datasets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets")
}
