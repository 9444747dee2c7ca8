//! The document cache: what loading one input file produced (its cleaned
//! documents with their metadata, its warnings, its manifest entry), so that
//! a warm run skips decoding, parsing, cleaning and hashing the cleaned texts.
//!
//! An entry is keyed by the XXH3-128 hash of the file's bytes (read and
//! hashed on every run; XXH3 is ~10× faster than SHA-256, and the entry
//! carries the file's SHA-256 for the manifest, computed when the entry was
//! made from the same bytes), the path it is shown under, its format,
//! the `corpus.toml` settings that apply to it, and a fingerprint of the
//! loader: its version, the cleaning rules, and the `--t2s` mode. Any change to one
//! of those is a different key, so an entry is never stale.
//!
//! Layout: `<root>/docs-v1/<key[0..2]>/<key>.docs`. A file is `MAGIC`, the
//! length of a JSON header (u32, little-endian), the header (documents
//! without their texts, the lengths of the texts, warnings, the source-file
//! entry), the texts concatenated, and an XXH3-64 checksum of everything
//! before it. Entries are written atomically and verified on read; a corrupt
//! or partial entry is
//! deleted and the file is loaded afresh.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::{Document, SourceFile};
use crate::error::Warning;
use crate::report::sha256_hex;

/// Folder of the current layout under the cache root.
pub const DIR: &str = "docs-v1";

/// Version of the loading logic; bump when decoding, parsing, cleaning or
/// metadata resolution change in a way the rules do not show.
pub const LOADER_VERSION: &str = "loader-71";

const MAGIC: &[u8; 8] = b"ADOC\x01\0\0\0";

/// What loading one file produced.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    /// The documents (texts restored from the entry's text section).
    pub documents: Vec<Document>,
    /// Warnings about the file.
    pub warnings: Vec<Warning>,
    /// Its manifest entry.
    pub source: Option<SourceFile>,
    /// Documents skipped for want of a year.
    pub undated: usize,
}

#[derive(Deserialize)]
struct Header {
    /// The key the entry was stored under: an entry found under another
    /// key (copied or renamed by hand) is not used.
    key: String,
    entry: FileEntry,
    text_lens: Vec<usize>,
}

/// [`Header`] for writing, borrowing the entry.
#[derive(Serialize)]
struct HeaderRef<'a> {
    key: &'a str,
    entry: &'a FileEntry,
    text_lens: Vec<usize>,
}

/// Entries up to this size are encoded in memory and written by a
/// background thread, so that a cold run's loading does not wait for the
/// disk (the writes go on while the documents are segmented); larger ones
/// are streamed to disk on the spot.
const BACKGROUND_MAX: usize = 64 << 20;

/// The background writer: encoded entries in, files out.
#[derive(Debug)]
struct Writer {
    tx: std::sync::mpsc::SyncSender<(PathBuf, Vec<u8>)>,
    handle: std::thread::JoinHandle<()>,
}

/// An open document cache.
#[derive(Debug)]
pub struct DocCache {
    dir: PathBuf,
    loader: String,
    hits: AtomicU64,
    misses: AtomicU64,
    rebuilt: AtomicU64,
    writer: std::sync::Mutex<Option<Writer>>,
}

impl Drop for DocCache {
    fn drop(&mut self) {
        self.finish();
    }
}

impl DocCache {
    /// Open the cache under `root` for a loader with fingerprint `loader`
    /// (see [`loader_fingerprint`]). Nothing is created until an entry is
    /// stored.
    pub fn open(root: &Path, loader: String) -> DocCache {
        DocCache {
            dir: root.join(DIR),
            loader,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            rebuilt: AtomicU64::new(0),
            writer: std::sync::Mutex::new(None),
        }
    }

    /// Wait until every entry handed to the background writer is on disk.
    pub fn finish(&self) {
        let writer = self.writer.lock().ok().and_then(|mut w| w.take());
        if let Some(w) = writer {
            drop(w.tx);
            let _ = w.handle.join();
        }
    }

    /// Hand `bytes` to the background writer (started on first use); `false`
    /// if it cannot take them.
    fn write_later(&self, path: PathBuf, bytes: Vec<u8>) -> bool {
        let Ok(mut guard) = self.writer.lock() else {
            return false;
        };
        if guard.is_none() {
            let (tx, rx) = std::sync::mpsc::sync_channel::<(PathBuf, Vec<u8>)>(16);
            let handle = std::thread::Builder::new()
                .name("doc-cache".into())
                .spawn(move || {
                    for (path, bytes) in rx {
                        write_atomically(&path, &bytes);
                    }
                });
            match handle {
                Ok(handle) => *guard = Some(Writer { tx, handle }),
                Err(_) => return false,
            }
        }
        let tx = guard.as_ref().map(|w| w.tx.clone());
        drop(guard);
        tx.is_some_and(|tx| tx.send((path, bytes)).is_ok())
    }

    /// The key of a file with content hash `content` (hex), shown as
    /// `shown`, under settings `settings` (format and `corpus.toml`).
    pub fn key(&self, content: &str, shown: &str, settings: &str) -> String {
        let material = format!("{}\n{content}\n{shown}\n{settings}", self.loader);
        sha256_hex(material.as_bytes())[..40].to_string()
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.docs"))
    }

    /// The entry stored under `key`, if there is a sound one.
    pub fn get(&self, key: &str) -> Option<FileEntry> {
        let path = self.path(key);
        crate::fileio::with_file(crate::fileio::Buffer::Entry, &path, |read| {
            let Ok(bytes) = read else {
                self.misses.fetch_add(1, Ordering::Relaxed);
                return None;
            };
            self.check(&path, decode(bytes, key))
        })
    }

    fn check(&self, path: &Path, decoded: Option<FileEntry>) -> Option<FileEntry> {
        match decoded {
            Some(e) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(e)
            }
            None => {
                let _ = std::fs::remove_file(path);
                self.rebuilt.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Store `entry` under `key`. A cache that cannot be written is not an
    /// error (the run goes on without it). Small entries are written in the
    /// background ([`DocCache::finish`] waits for them).
    pub fn put(&self, key: &str, entry: &FileEntry) {
        let path = self.path(key);
        let text: usize = entry.documents.iter().map(|d| d.text.len()).sum();
        if text <= BACKGROUND_MAX {
            let mut bytes = Vec::with_capacity(text + 4096);
            if encode(entry, key, &mut bytes).is_ok() && self.write_later(path.clone(), bytes) {
                return;
            }
        }
        let Some(dir) = path.parent() else { return };
        let _ = std::fs::create_dir_all(dir);
        // Temporary file + rename: batch jobs over the same files may write
        // the same entry at once, and a reader never sees half of one.
        let mut tmp = match tempfile::NamedTempFile::new_in(dir) {
            Ok(tmp) => tmp,
            Err(e) => return crate::fileio::note_cache_write_failure(&path, &e),
        };
        let written = encode(entry, key, tmp.as_file_mut())
            .map_err(|e| e.to_string())
            .and_then(|()| tmp.persist(&path).map(drop).map_err(|e| e.to_string()));
        if let Err(e) = written {
            crate::fileio::note_cache_write_failure(&path, &e);
        }
    }

    /// `(hits, misses, rebuilt)` so far.
    pub fn stats(&self) -> (u64, u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
            self.rebuilt.load(Ordering::Relaxed),
        )
    }
}

/// Write `bytes` to `path` through a temporary file and a rename (a reader
/// never sees half an entry); failures leave no entry.
fn write_atomically(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    let _ = std::fs::create_dir_all(dir);
    let mut tmp = match tempfile::NamedTempFile::new_in(dir) {
        Ok(tmp) => tmp,
        Err(e) => return crate::fileio::note_cache_write_failure(path, &e),
    };
    let written = std::io::Write::write_all(tmp.as_file_mut(), bytes)
        .map_err(|e| e.to_string())
        .and_then(|()| tmp.persist(path).map(drop).map_err(|e| e.to_string()));
    if let Err(e) = written {
        crate::fileio::note_cache_write_failure(path, &e);
    }
}

/// The loader's fingerprint: its version, the cleaning rules (names,
/// actions, patterns, zones) and the `--t2s` mode (which documents are
/// converted from traditional characters).
pub fn loader_fingerprint(rules: &super::Rules, t2s: super::convert::T2sMode) -> String {
    let material = format!(
        "{LOADER_VERSION}\nt2s={}\nscript={}/{}/{}/{}\ncrates={:?}\n{:?}",
        t2s.as_str(),
        super::convert::TRADITIONAL_MIN,
        super::convert::SIMPLIFIED_MAX,
        super::convert::MIN_EVIDENCE,
        super::convert::MIXED_MIN_CHARS,
        crate::report::manifest::crate_versions(),
        rules.rules()
    );
    sha256_hex(material.as_bytes())
}

/// Write `entry` to `w`: `MAGIC` · header length u32 · JSON header ·
/// texts · XXH3-64 of everything before (streamed: the texts are not copied
/// into a buffer first).
fn encode(entry: &FileEntry, key: &str, w: impl std::io::Write) -> std::io::Result<()> {
    // Texts are skipped by `Document`'s serialisation.
    let header = HeaderRef {
        key,
        entry,
        text_lens: entry.documents.iter().map(|d| d.text.len()).collect(),
    };
    let json = serde_json::to_vec(&header)?;
    let len = u32::try_from(json.len()).map_err(std::io::Error::other)?;
    let mut w = crate::fileio::ChecksumWriter::new(std::io::BufWriter::new(w));
    w.write_all(MAGIC)?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(&json)?;
    for d in &entry.documents {
        w.write_all(d.text.as_bytes())?;
    }
    w.finish()?.flush()
}

fn decode(bytes: &[u8], key: &str) -> Option<FileEntry> {
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let rest = body.strip_prefix(MAGIC)?;
    let json_len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let json = rest.get(4..4 + json_len)?;
    let texts = rest.get(4 + json_len..)?;
    let Header {
        key: stored,
        mut entry,
        text_lens,
    } = serde_json::from_slice(json).ok()?;
    if stored != key {
        return None;
    }
    if text_lens.len() != entry.documents.len() || text_lens.iter().sum::<usize>() != texts.len() {
        return None;
    }
    // One SIMD validation for all texts, then each cut out on its
    // character boundaries.
    let all = simdutf8::basic::from_utf8(texts).ok()?;
    let mut at = 0;
    for (d, len) in entry.documents.iter_mut().zip(text_lens) {
        d.text = all.get(at..at + len)?.to_string();
        at += len;
    }
    Some(entry)
}

#[cfg(test)]
mod tests {
    use crate::corpus::{LoadOptions, load};

    fn corpus_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("reports.jsonl"),
            "{\"year\":\"2024\",\"title\":\"2024年政府工作报告\",\"content\":\"发展数字经济。\\n\\n培育新质生产力。\"}\n\
             {\"year\":\"2025\",\"title\":\"2025年政府工作报告\",\"content\":\"推进高质量发展。\"}\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn a_cached_load_equals_a_fresh_one() {
        let input = corpus_dir();
        let cache = tempfile::tempdir().unwrap();
        let mut opts = LoadOptions::builtin().unwrap();
        let fresh = load(input.path(), &opts).unwrap();
        opts.cache = Some(cache.path().to_path_buf());
        let first = load(input.path(), &opts).unwrap();
        first.finish_cache_writes();
        let second = load(input.path(), &opts).unwrap();
        for c in [&first, &second] {
            assert_eq!(
                format!("{:?}", c.documents),
                format!("{:?}", fresh.documents)
            );
            assert_eq!(format!("{:?}", c.files), format!("{:?}", fresh.files));
            assert_eq!(c.warnings, fresh.warnings);
        }
        assert_eq!(first.doc_cache, Some((0, 1, 0)));
        assert_eq!(second.doc_cache, Some((1, 0, 0)));
    }

    #[test]
    fn legacy_encodings_survive_the_cache() {
        let input = tempfile::tempdir().unwrap();
        let (gbk, _, _) =
            encoding_rs::GBK.encode("2024年政府工作报告\n\n发展数字经济，培育新质生产力。");
        std::fs::write(input.path().join("2024_报告.txt"), &gbk).unwrap();
        let cache = tempfile::tempdir().unwrap();
        let mut opts = LoadOptions::builtin().unwrap();
        opts.cache = Some(cache.path().to_path_buf());
        let first = load(input.path(), &opts).unwrap();
        first.finish_cache_writes();
        let second = load(input.path(), &opts).unwrap();
        assert_eq!(second.doc_cache, Some((1, 0, 0)));
        assert_eq!(first.documents[0].encoding, second.documents[0].encoding);
        assert!(["GBK", "gb18030"].contains(&second.documents[0].encoding));
        assert_eq!(first.documents[0].text, second.documents[0].text);
        assert_eq!(first.files[0].sha256, second.files[0].sha256);
    }

    #[test]
    fn corrupt_entries_are_rebuilt_and_changed_rules_miss() {
        let input = corpus_dir();
        let cache = tempfile::tempdir().unwrap();
        let mut opts = LoadOptions::builtin().unwrap();
        opts.cache = Some(cache.path().to_path_buf());
        let fresh = load(input.path(), &opts).unwrap();
        fresh.finish_cache_writes();
        // Flip one byte of the text section of every entry.
        for e in walkdir::WalkDir::new(cache.path()).into_iter().flatten() {
            if e.file_type().is_file() {
                let mut b = std::fs::read(e.path()).unwrap();
                let n = b.len();
                b[n - 12] ^= 1;
                std::fs::write(e.path(), b).unwrap();
            }
        }
        let again = load(input.path(), &opts).unwrap();
        assert_eq!(again.doc_cache, Some((0, 0, 1)));
        assert_eq!(
            format!("{:?}", again.documents),
            format!("{:?}", fresh.documents)
        );
        // Other rules: another key, so a miss, not a stale hit.
        opts.rules = crate::corpus::Rules::default();
        let other = load(input.path(), &opts).unwrap();
        assert_eq!(other.doc_cache, Some((0, 1, 0)));
    }

    #[test]
    fn an_entry_under_another_files_key_is_not_used() {
        // Two files' entries swapped by hand: each is sound, but stored
        // under the other's key; both are rebuilt, not trusted.
        let input = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("2024.txt", "发展数字经济。"),
            ("2025.txt", "培育新质生产力。"),
        ] {
            std::fs::write(
                input.path().join(name),
                format!("2025年政府工作报告\n{text}"),
            )
            .unwrap();
        }
        let cache = tempfile::tempdir().unwrap();
        let mut opts = LoadOptions::builtin().unwrap();
        opts.cache = Some(cache.path().to_path_buf());
        let fresh = load(input.path(), &opts).unwrap();
        fresh.finish_cache_writes();
        let entries: Vec<std::path::PathBuf> = walkdir::WalkDir::new(cache.path())
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().to_path_buf())
            .collect();
        assert_eq!(entries.len(), 2);
        let (a, b) = (
            std::fs::read(&entries[0]).unwrap(),
            std::fs::read(&entries[1]).unwrap(),
        );
        std::fs::write(&entries[0], b).unwrap();
        std::fs::write(&entries[1], a).unwrap();
        let again = load(input.path(), &opts).unwrap();
        assert_eq!(again.doc_cache, Some((0, 0, 2)));
        assert_eq!(
            format!("{:?}", again.documents),
            format!("{:?}", fresh.documents)
        );
    }
}
