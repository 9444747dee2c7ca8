//! The segmentation cache: per-document word counts on disk, keyed by the
//! SHA-256 of the cleaned text and a fingerprint of everything that shapes
//! segmentation (dictionaries with their hashes, HMM, segmenter version).
//!
//! Layout: `<root>/dfm-v1/<fingerprint>/<sha[0..2]>/<sha>.counts`. A file
//! is a header line `analyze-dfm 1 <tokens_total> <entries> <body sha256>`
//! followed by `word<TAB>count` lines. Entries are written atomically
//! (temporary file + rename) and verified on every read: a truncated or
//! corrupt entry is deleted, counted as rebuilt, and recomputed — never
//! trusted. A new dictionary gives a new fingerprint, so everything is
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
pub const SEGMENTER_VERSION: &str = "protected-bmm-repair+jieba-rs-0.11+content-v2";

const MAGIC: &str = "analyze-dfm 1";

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
        let dir = root.join("dfm-v1").join(fingerprint);
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
            Ok(bytes) => match std::str::from_utf8(&bytes).ok().and_then(decode) {
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
        }
    }
}

/// Serialise counts (sorted, so equal counts give equal files).
fn encode(c: &DocCounts) -> String {
    let mut pairs: Vec<(&String, &u32)> = c.counts.iter().collect();
    pairs.sort_unstable();
    let mut body = String::with_capacity(pairs.iter().map(|(w, _)| w.len() + 8).sum());
    let mut digits = itoa_buf();
    for (w, n) in &pairs {
        body.push_str(w);
        body.push('\t');
        body.push_str(digits.format(**n));
        body.push('\n');
    }
    format!(
        "{MAGIC} {} {} {}\n{body}",
        c.tokens_total,
        pairs.len(),
        sha256_hex(body.as_bytes())
    )
}

/// A small integer formatter (no `fmt` machinery per line).
struct Digits([u8; 10]);

fn itoa_buf() -> Digits {
    Digits([0; 10])
}

impl Digits {
    fn format(&mut self, mut n: u32) -> &str {
        let mut i = self.0.len();
        loop {
            i -= 1;
            self.0[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        std::str::from_utf8(&self.0[i..]).unwrap_or("0")
    }
}

/// Parse and verify a cache entry.
fn decode(text: &str) -> Option<DocCounts> {
    let (header, body) = text.split_once('\n')?;
    let rest = header.strip_prefix(MAGIC)?.trim();
    let mut parts = rest.split(' ');
    let tokens_total: u64 = parts.next()?.parse().ok()?;
    let entries: usize = parts.next()?.parse().ok()?;
    let sha = parts.next()?;
    if sha256_hex(body.as_bytes()) != sha {
        return None;
    }
    let mut counts = super::Counts::with_capacity_and_hasher(entries, Default::default());
    for line in body.lines() {
        let (w, n) = line.split_once('\t')?;
        counts.insert(w.to_string(), n.parse().ok()?);
    }
    (counts.len() == entries).then_some(DocCounts {
        counts,
        tokens_total,
    })
}

/// Remove everything under `root/dfm-v1`; returns (files, bytes) removed.
pub fn clear(root: &Path) -> Result<(u64, u64)> {
    let dir = root.join("dfm-v1");
    if !dir.exists() {
        return Ok((0, 0));
    }
    let mut files = 0;
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(&dir).into_iter().flatten() {
        if e.file_type().is_file() {
            files += 1;
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    std::fs::remove_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    Ok((files, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DocCounts {
        DocCounts {
            counts: [("数字经济".to_string(), 3), ("发展".to_string(), 5)]
                .into_iter()
                .collect(),
            tokens_total: 12,
        }
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
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, &text.as_bytes()[..text.len() - 4]).unwrap();
        let mut recomputed = false;
        let got = c.get_or_insert(&sha, || {
            recomputed = true;
            sample()
        });
        assert!(recomputed);
        assert_eq!(got, sample());
        // Tamper with a count but keep the length: the checksum catches it.
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\t5", "\t6");
        std::fs::write(&path, text).unwrap();
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
