//! The segmentation cache: per-document word counts on disk, keyed by the
//! SHA-256 of the cleaned text and a fingerprint of everything that shapes
//! segmentation (dictionaries with their hashes, HMM, segmenter version).
//!
//! Layout: `<root>/dfm-v2/<fingerprint>/<sha[0..2]>/<sha>.counts`. A file
//! is the packed [`DocCounts`] layout followed by its XXH3-64 checksum (see
//! `encode`). Entries are verified on every read (length, checksum, UTF-8,
//! layout): a truncated or corrupt entry is deleted, counted as rebuilt, and
//! recomputed — never trusted. A new dictionary gives a new fingerprint, so everything is
//! segmented again (old entries stay until `analyze cache clear`). New
//! requested terms do not change the fingerprint: only documents that
//! contain such a term are segmented again (and not cached).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::DocCounts;
use crate::error::{Error, Result};
use crate::report::sha256_hex;
use crate::tokens::Dictionary;

/// Version of the segmentation logic; bump when segmentation changes.
pub const SEGMENTER_VERSION: &str = "protected-constrained-route+jieba-rs-0.11-patched+content-v2";

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
    /// Documents segmented without the cache (they contain a requested term
    /// that changes their segmentation).
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

    fn path(&self, sha: &str) -> PathBuf {
        self.dir
            .join(&sha[..2.min(sha.len())])
            .join(format!("{sha}.counts"))
    }

    /// Counts for the text with hash `sha`, or compute them with `make`
    /// and store them.
    pub fn get_or_insert(&self, sha: &str, make: impl FnOnce() -> DocCounts) -> DocCounts {
        let path = self.path(sha);
        match std::fs::read(&path) {
            Ok(bytes) => match decode(&bytes) {
                Some(c) => {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    return c;
                }
                None => {
                    let _ = std::fs::remove_file(&path);
                    self.rebuilt.fetch_add(1, Ordering::Relaxed);
                }
            },
            Err(_) => {
                self.misses.fetch_add(1, Ordering::Relaxed);
            }
        }
        let counts = make();
        // Written in place, not via a temporary file and a rename: an entry
        // cut short (a crash, two runs writing at once) fails its checksum
        // and is rebuilt, so atomicity buys nothing here but file-system
        // work. A cache that cannot be written is not an error.
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(&path, encode(&counts));
        counts
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
fn decode(bytes: &[u8]) -> Option<DocCounts> {
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
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
    let words = std::str::from_utf8(words).ok()?;
    let entries = table
        .chunks_exact(12)
        .map(|e| Some((u32_at(e, 0)?, u32_at(e, 4)?, u32_at(e, 8)?)))
        .collect::<Option<Vec<_>>>()?;
    DocCounts::from_raw(words, &entries, tokens_total)
}

/// Remove every cache entry under `root` (segmentation and document caches,
/// current and older layouts); returns (files, bytes) removed.
pub fn clear(root: &Path) -> Result<(u64, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    for name in [DIR, "dfm-v1", crate::corpus::cache::DIR] {
        let dir = root.join(name);
        if !dir.exists() {
            continue;
        }
        for e in walkdir::WalkDir::new(&dir).into_iter().flatten() {
            if e.file_type().is_file() {
                files += 1;
                bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
        std::fs::remove_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    }
    Ok((files, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DocCounts {
        DocCounts::from_pairs([("数字经济", 3), ("发展", 5)], 12)
    }

    #[test]
    fn round_trip_hit_and_miss() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "fp").unwrap();
        let sha = "ab".repeat(32);
        let first = c.get_or_insert(&sha, sample);
        let second = c.get_or_insert(&sha, || panic!("must come from the cache"));
        assert_eq!(first, second);
        let s = c.stats();
        assert_eq!((s.hits, s.misses, s.rebuilt), (1, 1, 0));
    }

    #[test]
    fn corrupt_or_partial_entries_are_rebuilt_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "fp").unwrap();
        let sha = "cd".repeat(32);
        c.get_or_insert(&sha, sample);
        let path = c.path(&sha);
        // Truncate the entry (a partial write from a crashed run).
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 4]).unwrap();
        let mut recomputed = false;
        let got = c.get_or_insert(&sha, || {
            recomputed = true;
            sample()
        });
        assert!(recomputed);
        assert_eq!(got, sample());
        // Tamper with a count but keep the length: the checksum catches it.
        let mut bytes = std::fs::read(&path).unwrap();
        let five = bytes
            .windows(4)
            .position(|w| w == 5u32.to_le_bytes())
            .unwrap();
        bytes[five] = 6;
        std::fs::write(&path, bytes).unwrap();
        let mut again = false;
        c.get_or_insert(&sha, || {
            again = true;
            sample()
        });
        assert!(again);
        assert_eq!(c.stats().rebuilt, 2);
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
