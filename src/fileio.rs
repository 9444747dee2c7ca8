//! File input and output: settings files read as UTF-8 with the line of
//! any bad byte ([`read_utf8`]), and for the caches: whole files read into per-thread
//! buffers that are reused from one file to the next ([`with_file`]), and
//! cache entries written as a stream with a running XXH3 checksum
//! ([`ChecksumWriter`]). A fresh multi-megabyte `Vec` for every input file
//! and cache entry costs the kernel a page fault and a zeroed page for every
//! 4 KiB; a run reads and writes about a gigabyte that way.

use std::cell::RefCell;
use std::io::{Read, Write};
use std::path::Path;

/// Read a UTF-8 settings file (dictionary, stopwords, terms, rules,
/// config). A file in another encoding is an error naming the line and
/// column of its first bad byte and the encoding it looks like; `what`
/// names the kind of file in the advice ("the dictionary").
pub fn read_utf8(path: &Path, what: &str) -> crate::error::Result<String> {
    let bytes = std::fs::read(path).map_err(|e| crate::error::Error::read(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
        let start = bytes[..bad]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let looks = crate::corpus::decode::decode(bytes).map_or("an unknown encoding", |d| d.encoding);
        crate::error::Error::BadLine {
            path: path.to_path_buf(),
            line,
            message: format!(
                "not UTF-8 (column {} of this line; the file looks like {looks}); save {what} as UTF-8",
                bad - start + 1
            ),
        }
    })
}

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static ENTRY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Which of this thread's two buffers to read into: one for input files,
/// one for cache entries (read while an input file is still held).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buffer {
    /// Input files.
    Input,
    /// Cache entries.
    Entry,
}

/// Read `path` into this thread's `which` buffer and hand it to `f`. `f`
/// may take the bytes (`std::mem::take`) when it needs to own them; the
/// buffer is then allocated afresh for the next file.
pub fn with_file<R>(
    which: Buffer,
    path: &Path,
    f: impl FnOnce(std::io::Result<&mut Vec<u8>>) -> R,
) -> R {
    let key = match which {
        Buffer::Input => &INPUT,
        Buffer::Entry => &ENTRY,
    };
    key.with(|b| {
        // A nested call (none today) gets a buffer of its own.
        let Ok(mut buf) = b.try_borrow_mut() else {
            let mut own = Vec::new();
            return f(read_into(path, &mut own).map(|()| &mut own));
        };
        let r = read_into(path, &mut buf);
        let out = f(r.map(|()| &mut *buf));
        // Keep at most 64 MiB between files.
        if buf.capacity() > 64 << 20 {
            *buf = Vec::new();
        }
        out
    })
}

fn read_into(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    let mut file = std::fs::File::open(path)?;
    if let Ok(m) = file.metadata() {
        buf.reserve(m.len() as usize);
    }
    file.read_to_end(buf)?;
    Ok(())
}

/// A writer that keeps the XXH3-64 hash of everything written through it.
pub struct ChecksumWriter<W: Write> {
    inner: W,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> ChecksumWriter<W> {
    /// Wrap `inner`.
    pub fn new(inner: W) -> Self {
        ChecksumWriter {
            inner,
            hash: xxhash_rust::xxh3::Xxh3::new(),
        }
    }

    /// Append the checksum of everything written so far (little-endian
    /// u64, not itself hashed) and return the inner writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        let sum = self.hash.digest();
        self.inner.write_all(&sum.to_le_bytes())?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for ChecksumWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The first cache write that failed in this process (its path and the
/// error), for [`take_cache_write_failure`]: a cache that cannot be
/// written is no reason to stop a run, but the next run would load and
/// segment again without knowing why.
static CACHE_WRITE_FAILURE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Record that writing the cache entry `path` failed with `error` (the
/// first failure is kept).
pub fn note_cache_write_failure(path: &Path, error: &dyn std::fmt::Display) {
    if let Ok(mut first) = CACHE_WRITE_FAILURE.lock()
        && first.is_none()
    {
        *first = Some(format!("{}: {error}", path.display()));
    }
}

/// The first cache write failure since the last call, if any.
pub fn take_cache_write_failure() -> Option<String> {
    CACHE_WRITE_FAILURE.lock().ok().and_then(|mut f| f.take())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_writer_appends_the_hash_of_what_it_wrote() {
        let mut w = ChecksumWriter::new(Vec::new());
        w.write_all(b"abc").unwrap();
        w.write_all("数字经济".as_bytes()).unwrap();
        let out = w.finish().unwrap();
        let body = &out[..out.len() - 8];
        assert_eq!(body, "abc数字经济".as_bytes());
        assert_eq!(
            out[out.len() - 8..],
            xxhash_rust::xxh3::xxh3_64(body).to_le_bytes()
        );
    }

    #[test]
    fn reads_and_reuses() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "数字经济").unwrap();
        std::fs::write(&b, "x").unwrap();
        assert_eq!(
            with_file(Buffer::Input, &a, |r| r.unwrap().clone()),
            "数字经济".as_bytes()
        );
        assert_eq!(with_file(Buffer::Input, &b, |r| r.unwrap().clone()), b"x");
        let taken = with_file(Buffer::Input, &a, |r| std::mem::take(r.unwrap()));
        assert_eq!(taken, "数字经济".as_bytes());
        assert!(with_file(Buffer::Entry, &dir.path().join("missing"), |r| r.is_err()));
    }
}
