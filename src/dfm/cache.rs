//! The segmentation cache: dictionary-only word counts (no term requested)
//! on disk, under a fingerprint of everything that shapes segmentation
//! (dictionaries with their hashes, HMM, segmenter version).
//!
//! Layout: `<root>/dfm-v2/<fingerprint>/<key[0..2]>/<key>.pack`, one pack
//! per input file (`key` hashes its path and SHA-256). A pack holds, for
//! each of the file's documents, the SHA-256 of its cleaned text and its
//! counts in the packed [`DocCounts`] layout, then an XXH3-64 checksum of
//! the whole (see `encode_pack`); a document is served only if its text
//! hash matches. Packs are replaced atomically and verified on every read
//! (length, checksum, UTF-8, layout): a truncated or corrupt pack is
//! deleted, its documents counted as rebuilt and recomputed — never
//! trusted. A new dictionary gives a new fingerprint, so everything is
//! segmented again (old packs stay until `analyze cache clear`). Requested
//! terms do not change the fingerprint: how they are applied to cached
//! counts is [`super::Dfm::build_cached`]'s business.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::DocCounts;
use crate::error::{Error, Result};
use crate::report::sha256_hex;
use crate::tokens::Dictionary;

/// Version of the segmentation logic; bump when segmentation changes.
pub const SEGMENTER_VERSION: &str =
    "protected-constrained-route+jieba-rs-0.11-patched+content-v2+dictionary-only+run-flag";

/// Folder of the current layout under the cache root.
pub const DIR: &str = "dfm-v2";

const MAGIC: &[u8; 8] = b"ADFM\x02\0\0\0";

/// Fingerprint of the settings that shape segmentation.
pub fn fingerprint(dictionaries: &[Dictionary], hmm: bool) -> String {
    let mut s = format!("{SEGMENTER_VERSION}\nhmm={hmm}\n");
    for d in dictionaries {
        let _ = writeln!(s, "{}", d.sha256);
    }
    sha256_hex(s.as_bytes())[..20].to_string()
}

/// Hit and miss counters of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CacheStats {
    /// Documents read from the cache.
    pub hits: u64,
    /// Documents segmented and stored.
    pub misses: u64,
    /// Corrupt entries found, deleted and recomputed.
    pub rebuilt: u64,
    /// Documents where a requested term may change the segmentation: their
    /// cached dictionary-only counts are corrected by cutting again the
    /// clauses that hold the term (the whole document without a cache entry
    /// or with the two-pass segmenter).
    pub bypassed: u64,
    /// Input files whose cleaned documents came from the document cache
    /// (no decoding, parsing or cleaning).
    pub file_hits: u64,
    /// Input files loaded afresh and stored in the document cache.
    pub file_misses: u64,
    /// Corrupt document-cache entries found, deleted and loaded afresh.
    pub file_rebuilt: u64,
}

/// An open cache for one fingerprint.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    hits: AtomicU64,
    misses: AtomicU64,
    rebuilt: AtomicU64,
    bypassed: AtomicU64,
}

impl Cache {
    /// Open (create) the cache under `root` for `fingerprint`.
    pub fn open(root: &Path, fingerprint: &str) -> Result<Cache> {
        let dir = root.join(DIR).join(fingerprint);
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        Ok(Cache {
            dir,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            rebuilt: AtomicU64::new(0),
            bypassed: AtomicU64::new(0),
        })
    }

    fn pack_path(&self, key: &str) -> PathBuf {
        self.dir
            .join(&key[..2.min(key.len())])
            .join(format!("{key}.pack"))
    }

    /// The counts stored in the pack `key` (one input file's documents), by
    /// text hash; empty if there is none. A corrupt or partial pack is
    /// deleted and its `documents` are counted as rebuilt.
    pub fn read_pack(&self, key: &str, documents: u64) -> Pack {
        let path = self.pack_path(key);
        let decoded = crate::fileio::with_file(crate::fileio::Buffer::Entry, &path, |read| {
            read.ok().map(|bytes| decode_pack(bytes))
        });
        let Some(decoded) = decoded else {
            return Pack::default();
        };
        match decoded {
            Some(p) => p,
            None => {
                let _ = std::fs::remove_file(&path);
                self.rebuilt.fetch_add(documents, Ordering::Relaxed);
                Pack::default()
            }
        }
    }

    /// Store `entries` (text hash, counts) as the pack `key`, atomically
    /// (temporary file + rename: packs are rewritten when documents are
    /// added). A cache that cannot be written is not an error; the failure
    /// is noted ([`crate::fileio::note_cache_write_failure`]).
    pub fn write_pack(&self, key: &str, entries: &[(&str, &DocCounts)]) {
        let path = self.pack_path(key);
        let Some(dir) = path.parent() else { return };
        let _ = std::fs::create_dir_all(dir);
        let mut tmp = match tempfile::NamedTempFile::new_in(dir) {
            Ok(tmp) => tmp,
            Err(e) => return crate::fileio::note_cache_write_failure(&path, &e),
        };
        let written = encode_pack(entries, tmp.as_file_mut())
            .map_err(|e| e.to_string())
            .and_then(|()| tmp.persist(&path).map(drop).map_err(|e| e.to_string()));
        if let Err(e) = written {
            crate::fileio::note_cache_write_failure(&path, &e);
        }
    }

    /// Count documents served from the cache (`hits`) and segmented and
    /// stored (`misses`).
    pub fn note(&self, hits: u64, misses: u64) {
        self.hits.fetch_add(hits, Ordering::Relaxed);
        self.misses.fetch_add(misses, Ordering::Relaxed);
    }

    /// Count a document segmented without the cache.
    pub fn note_bypass(&self) {
        self.bypassed.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            rebuilt: self.rebuilt.load(Ordering::Relaxed),
            bypassed: self.bypassed.load(Ordering::Relaxed),
            ..CacheStats::default()
        }
    }
}

/// Counts of one input file's documents, by the SHA-256 (hex) of their
/// cleaned text.
pub type Pack = rustc_hash::FxHashMap<String, DocCounts>;

const PACK_MAGIC: &[u8; 8] = b"ADFP\x01\0\0\0";

/// Write a pack to `w`: `PACK_MAGIC` · documents u32 · per document: text
/// SHA-256 (64 hex bytes), entry length u32, entry (see `encode`) · XXH3-64
/// of everything before.
fn encode_pack(entries: &[(&str, &DocCounts)], w: impl std::io::Write) -> std::io::Result<()> {
    let mut w = crate::fileio::ChecksumWriter::new(std::io::BufWriter::new(w));
    w.write_all(PACK_MAGIC)?;
    w.write_all(&(entries.len() as u32).to_le_bytes())?;
    for (sha, c) in entries {
        let e = encode(c);
        w.write_all(sha.as_bytes())?;
        w.write_all(&(e.len() as u32).to_le_bytes())?;
        w.write_all(&e)?;
    }
    w.finish()?.flush()
}

fn decode_pack(bytes: &[u8]) -> Option<Pack> {
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut rest = body.strip_prefix(PACK_MAGIC)?;
    let n = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    rest = &rest[4..];
    let mut pack = Pack::default();
    for _ in 0..n {
        let sha = std::str::from_utf8(rest.get(..64)?).ok()?.to_string();
        let len = u32::from_le_bytes(rest.get(64..68)?.try_into().ok()?) as usize;
        // The pack's checksum, verified above, covers the entry.
        let counts = decode_checked(rest.get(68..68 + len)?, false)?;
        rest = &rest[68 + len..];
        pack.insert(sha, counts);
    }
    rest.is_empty().then_some(pack)
}

/// Serialise counts: the packed layout as-is, little-endian, then an XXH3
/// checksum of everything before it.
///
/// `MAGIC` (8 bytes) · tokens_total u64 · entries u32 · word bytes u32 ·
/// entries × (hash u32, end u32, count u32) · word bytes · xxh3-64 u64.
fn encode(c: &DocCounts) -> Vec<u8> {
    let (words, entries) = c.raw();
    let mut out = Vec::with_capacity(32 + entries.len() * 12 + words.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&c.tokens_total.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    for &(hash, end, count) in &entries {
        out.extend_from_slice(&hash.to_le_bytes());
        out.extend_from_slice(&end.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
    }
    out.extend_from_slice(words.as_bytes());
    let sum = xxhash_rust::xxh3::xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Parse and verify a cache entry: length, checksum, UTF-8 and the packed
/// layout's invariants. `None` for anything else.
#[cfg(test)]
fn decode(bytes: &[u8]) -> Option<DocCounts> {
    decode_checked(bytes, true)
}

/// [`decode`], with the entry's own checksum checked or not (inside a pack
/// whose checksum already covers it).
fn decode_checked(bytes: &[u8], check: bool) -> Option<DocCounts> {
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if check && xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let rest = body.strip_prefix(MAGIC)?;
    let u32_at = |b: &[u8], i: usize| -> Option<u32> {
        Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
    };
    let tokens_total = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
    let n = u32_at(rest, 8)? as usize;
    let words_len = u32_at(rest, 12)? as usize;
    let table = rest.get(16..16 + n.checked_mul(12)?)?;
    let words = rest.get(16 + n * 12..)?;
    if words.len() != words_len {
        return None;
    }
    let words = simdutf8::basic::from_utf8(words).ok()?;
    let entries = table
        .chunks_exact(12)
        .map(|e| Some((u32_at(e, 0)?, u32_at(e, 4)?, u32_at(e, 8)?)))
        .collect::<Option<Vec<_>>>()?;
    DocCounts::from_raw(words, &entries, tokens_total)
}

/// What [`clear`] did: the cache files it removed and their bytes, and
/// the other files it found in the cache's folders and left alone.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cleared {
    /// Cache files removed.
    pub files: u64,
    /// Their size in bytes.
    pub bytes: u64,
    /// Files in the cache's folders that are no cache entry (a user's),
    /// kept where they are.
    pub kept: Vec<std::path::PathBuf>,
}

/// Remove every cache entry under `root` (segmentation and document caches,
/// current and older layouts: `.pack`, `.docs` and `.counts` files, and
/// the temporary files of an interrupted write), then the folders left
/// empty. Any other file is no cache entry and stays, listed in
/// [`Cleared::kept`].
pub fn clear(root: &Path) -> Result<Cleared> {
    let mut done = Cleared::default();
    let is_entry = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        name.starts_with(".tmp")
            || p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["pack", "docs", "counts"].contains(&e))
    };
    for name in [DIR, "dfm-v1", crate::corpus::cache::DIR] {
        let dir = root.join(name);
        if !dir.exists() {
            continue;
        }
        // Deepest first, so that a folder is emptied before it is tried.
        for e in walkdir::WalkDir::new(&dir)
            .contents_first(true)
            .into_iter()
            .flatten()
        {
            let path = e.path();
            if e.file_type().is_dir() {
                // Removed only when empty: a folder holding a kept file stays.
                let _ = std::fs::remove_dir(path);
            } else if is_entry(path) {
                let len = e.metadata().map(|m| m.len()).unwrap_or(0);
                std::fs::remove_file(path).map_err(|err| Error::write(path, err))?;
                done.files += 1;
                done.bytes += len;
            } else {
                done.kept.push(path.to_path_buf());
            }
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DocCounts {
        DocCounts::from_pairs([("数字经济", 3), ("发展", 5)], 12)
    }

    /// `clear` removes cache entries and the folders they leave empty, and
    /// never a file that is no cache entry.
    #[test]
    fn clear_removes_cache_entries_only() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "fp").unwrap();
        c.write_pack("k1", &[(&"ab".repeat(32), &sample())]);
        let docs = dir.path().join(crate::corpus::cache::DIR).join("ab");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("abcd.docs"), b"x").unwrap();
        std::fs::write(docs.join(".tmpXYZ"), b"x").unwrap();
        let mine = dir.path().join(crate::corpus::cache::DIR).join("mine.txt");
        std::fs::write(&mine, b"notes").unwrap();
        let cleared = clear(dir.path()).unwrap();
        assert_eq!(cleared.files, 3);
        assert_eq!(cleared.kept, std::slice::from_ref(&mine));
        assert!(mine.exists());
        assert!(!dir.path().join(DIR).exists(), "emptied folders go");
        assert!(!docs.exists());
    }

    /// A pack that cannot be written (its folder's place taken by a file,
    /// as a full or read-only disk would refuse it) is noted, not lost in
    /// silence.
    #[test]
    fn a_pack_that_cannot_be_written_is_noted() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "fp").unwrap();
        let path = c.pack_path("k1");
        let parent = path.parent().unwrap();
        let _ = std::fs::remove_dir_all(parent);
        std::fs::write(parent, b"in the way").unwrap();
        c.write_pack("k1", &[(&"ab".repeat(32), &sample())]);
        assert!(!path.exists());
        assert!(crate::fileio::take_cache_write_failure().is_some());
    }

    #[test]
    fn packs_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "fp").unwrap();
        assert!(c.read_pack("k1", 2).is_empty());
        let (a, b) = ("ab".repeat(32), "cd".repeat(32));
        let other = DocCounts::from_pairs([("新质生产力", 1)], 4);
        c.write_pack("k1", &[(&a, &sample()), (&b, &other)]);
        let p = c.read_pack("k1", 2);
        assert_eq!(p.len(), 2);
        assert_eq!(p[&a], sample());
        assert_eq!(p[&b], other);
        assert_eq!(p[&a].get("数字经济"), 3);
        assert_eq!(c.stats().rebuilt, 0);
    }

    #[test]
    fn corrupt_or_partial_packs_are_rebuilt_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "fp").unwrap();
        let sha = "cd".repeat(32);
        c.write_pack("k", &[(&sha, &sample())]);
        let path = c.pack_path("k");
        // Truncate the pack (a partial write from a crashed run).
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 4]).unwrap();
        assert!(c.read_pack("k", 1).is_empty());
        assert!(!path.exists(), "a corrupt pack is deleted");
        // Tamper with a count but keep the length: the checksum catches it.
        c.write_pack("k", &[(&sha, &sample())]);
        let mut bytes = std::fs::read(&path).unwrap();
        let five = bytes
            .windows(4)
            .position(|w| w == 5u32.to_le_bytes())
            .unwrap();
        bytes[five] = 6;
        std::fs::write(&path, bytes).unwrap();
        assert!(c.read_pack("k", 1).is_empty());
        assert_eq!(c.stats().rebuilt, 2);
        // The inner entry's own checks also hold without the pack's.
        let entry = encode(&sample());
        assert_eq!(decode(&entry), Some(sample()));
        assert_eq!(decode(&entry[..entry.len() - 1]), None);
    }

    #[test]
    fn fingerprints_follow_dictionaries() {
        let a = Dictionary::parse("数字经济 10\n", Path::new("a")).unwrap();
        let b = Dictionary::parse("数字经济 11\n", Path::new("a")).unwrap();
        assert_ne!(
            fingerprint(std::slice::from_ref(&a), true),
            fingerprint(&[b], true)
        );
        assert_ne!(
            fingerprint(std::slice::from_ref(&a), true),
            fingerprint(&[a], false)
        );
    }
}
