//! Texts set aside on disk while a streamed run counts them.
//!
//! A streamed run (`--stream`) segments and counts each document as soon as
//! it is cleaned and drops its text, so memory does not grow with the
//! corpus. Analyses that read texts again after counting (substring counts
//! of automatically chosen terms, fragment checks, TextRank) write each text
//! to one anonymous temporary file as it is counted ([`SpillWriter::put`])
//! and read it back by position later ([`Spilled::text`]), a document at a
//! time. The file lives in the run's output folder (the system's temporary
//! folder, `TMPDIR`, until that exists: a RAM-backed `/tmp` would hold the
//! texts in memory again), has no name there, takes about the size of the
//! cleaned texts, and disappears when the run ends, even if it fails.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::Mutex;

/// Where one text lies in the spill file: byte offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset in the file.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
}

/// Writes texts to the spill file from many threads.
#[derive(Debug)]
pub struct SpillWriter {
    /// The buffered file and the offset of the next text.
    out: Mutex<(BufWriter<File>, u64)>,
}

impl SpillWriter {
    /// A new, empty spill file in the system's temporary folder.
    pub fn new() -> std::io::Result<SpillWriter> {
        Self::new_in(&std::env::temp_dir())
    }

    /// A new, empty spill file in `dir` (an anonymous file: it has no name
    /// there and disappears when closed).
    pub fn new_in(dir: &std::path::Path) -> std::io::Result<SpillWriter> {
        Ok(SpillWriter {
            out: Mutex::new((
                BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(dir)?),
                0,
            )),
        })
    }

    /// Append `text`; where it went.
    pub fn put(&self, text: &str) -> std::io::Result<Span> {
        let mut guard = self
            .out
            .lock()
            .map_err(|_| std::io::Error::other("a thread writing the spill file failed"))?;
        let (file, next) = &mut *guard;
        file.write_all(text.as_bytes())?;
        let span = Span {
            offset: *next,
            len: text.len() as u64,
        };
        *next += span.len;
        Ok(span)
    }

    /// Flush, and give the texts of the corpus's documents in corpus order:
    /// `spans[i]` is where document `i`'s text lies.
    pub fn finish(self, spans: Vec<Span>) -> std::io::Result<Spilled> {
        let (file, _) = self
            .out
            .into_inner()
            .map_err(|_| std::io::Error::other("a thread writing the spill file failed"))?;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        Ok(Spilled { file, spans })
    }
}

/// The texts of a corpus's documents, on disk (see the module docs).
#[derive(Debug)]
pub struct Spilled {
    file: File,
    spans: Vec<Span>,
}

impl Spilled {
    /// The text of document `i` (an empty text past the end).
    pub fn text(&self, i: usize) -> std::io::Result<String> {
        let Some(span) = self.spans.get(i) else {
            return Ok(String::new());
        };
        let len = usize::try_from(span.len)
            .map_err(|_| std::io::Error::other("a spilled text is too long for memory"))?;
        let mut buf = vec![0; len];
        read_exact_at(&self.file, &mut buf, span.offset)?;
        String::from_utf8(buf).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// The number of texts.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no texts.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn texts_written_from_many_threads_read_back_in_any_order() {
        let w = SpillWriter::new().unwrap();
        let texts: Vec<String> = (0..2_000)
            .map(|i| format!("第{i}篇：数字经济{}", "高质量发展。".repeat(i % 37)))
            .chain([String::new()])
            .collect();
        let spans: Vec<Span> = texts.par_iter().map(|t| w.put(t).unwrap()).collect();
        let s = w.finish(spans).unwrap();
        assert_eq!(s.len(), texts.len());
        assert!(!s.is_empty());
        for i in (0..texts.len()).rev() {
            assert_eq!(s.text(i).unwrap(), texts[i], "text {i}");
        }
        let again: Vec<String> = (0..texts.len())
            .into_par_iter()
            .map(|i| s.text(i).unwrap())
            .collect();
        assert_eq!(again, texts);
        assert_eq!(s.text(texts.len()).unwrap(), "");
    }
}
