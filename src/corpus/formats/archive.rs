//! Zip archives of reports, read into memory entry by entry.
//!
//! Names are decoded the way Chinese users' archives need (UTF-8 when
//! flagged or valid, else GB18030/GBK), unsafe and hidden entries are left
//! out, and sizes are bounded against zip bombs. An entry that cannot be read
//! does not fail the archive: it is described so the loader can warn.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

/// One file inside a zip archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the archive with `/` separators, decoded: UTF-8 when the
    /// entry's UTF-8 flag is set or the raw name is valid UTF-8, else
    /// GB18030/GBK (zips made on Chinese Windows store names in GBK without
    /// the flag).
    pub path: String,
    /// The uncompressed bytes.
    pub bytes: Vec<u8>,
}

/// Limits against zip bombs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest uncompressed entry, in bytes.
    pub max_entry: u64,
    /// Largest total uncompressed size, in bytes.
    pub max_total: u64,
    /// Most entries.
    pub max_entries: usize,
}

impl Default for Limits {
    /// 1 GiB per entry, 8 GiB in total, 100 000 entries.
    fn default() -> Self {
        Limits {
            max_entry: 1 << 30,
            max_total: 8 << 30,
            max_entries: 100_000,
        }
    }
}

/// The general-purpose flag bit saying the name is UTF-8 (APPNOTE 4.4.4, bit 11).
const UTF8_FLAG: u16 = 1 << 11;

/// The file entries of a zip archive, sorted by path: directories,
/// `__MACOSX/`, hidden files (a path component starting with '.') and
/// entries with unsafe paths (absolute, `..`) skipped; an entry that cannot be
/// read (bad CRC, unsupported compression such as bzip2/zstd/aes encryption,
/// over a limit) is not returned but described in the second vector (one
/// sentence each, naming the entry) so the loader can warn. Entries with
/// unsafe paths and symbolic links are described there too. Err only when
/// the bytes are not a readable zip at all.
pub fn zip_entries(bytes: &[u8], limits: Limits) -> Result<(Vec<Entry>, Vec<String>), String> {
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| super::unreadable_zip(bytes, "zip", &e))?;
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let count = zip.len();
    if count > limits.max_entries {
        problems.push(format!(
            "the archive has {count} entries, more than the limit of {}; only the first {} were read",
            limits.max_entries, limits.max_entries
        ));
    }
    let mut total = 0u64;
    for index in 0..count.min(limits.max_entries) {
        let budget = limits.max_entry.min(limits.max_total.saturating_sub(total));
        let path = match check_entry(&zip, index, limits, budget) {
            Ok(Some(path)) => path,
            Ok(None) => continue,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        match read_entry(&mut zip, index, budget) {
            Ok(Some(bytes)) => {
                total += bytes.len() as u64;
                entries.push(Entry { path, bytes });
            }
            Ok(None) => problems.push(too_large(&path, budget, limits)),
            // The reason without zip's "i/o error:" prefix (bad CRC, unsupported method).
            Err(ZipError::Io(e)) => {
                problems.push(format!("entry {path} cannot be read ({e}); skipped"));
            }
            Err(e) => problems.push(format!("entry {path} cannot be read ({e}); skipped")),
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((entries, problems))
}

/// The decoded path of an entry worth reading, from its central-directory
/// record: `Ok(None)` for entries silently left out (directories,
/// `__MACOSX/`, hidden files), `Err` with a sentence for one skipped with a
/// warning (unsafe path, symbolic link, encrypted, declared size over the
/// budget left).
fn check_entry(
    zip: &ZipArchive<Cursor<&[u8]>>,
    index: usize,
    limits: Limits,
    budget: u64,
) -> Result<Option<String>, String> {
    let entry = zip
        .by_index_data(index)
        .map_err(|e| format!("entry number {} cannot be read ({e}); skipped", index + 1))?;
    let raw = entry.name_raw();
    let path = entry_path(raw, entry.flags().as_u16() & UTF8_FLAG != 0);
    if entry.is_dir() || raw.ends_with(b"/") || raw.ends_with(b"\\") || ignored(&path) {
        return Ok(None);
    }
    if !safe(&path) {
        return Err(format!(
            "entry {path} skipped: its path is absolute or leaves the archive"
        ));
    }
    if entry.is_symlink() {
        return Err(format!("entry {path} skipped: it is a symbolic link"));
    }
    if entry.encrypted() {
        return Err(format!("entry {path} skipped: it is encrypted"));
    }
    if entry.size() > budget {
        return Err(too_large(&path, budget, limits));
    }
    Ok(Some(path))
}

/// The sentence for an entry over the size limits.
fn too_large(path: &str, budget: u64, limits: Limits) -> String {
    if budget < limits.max_entry {
        format!(
            "entry {path} skipped: the archive's total uncompressed size would exceed {} bytes",
            limits.max_total
        )
    } else {
        format!(
            "entry {path} skipped: it is larger than the limit of {} bytes",
            limits.max_entry
        )
    }
}

/// The uncompressed bytes of an entry, `None` when there are more than
/// `budget`. Reads at most one byte past the budget, so a header that
/// understates the size cannot make it use more memory.
fn read_entry(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    budget: u64,
) -> Result<Option<Vec<u8>>, ZipError> {
    let file = zip.by_index(index)?;
    let mut bytes = Vec::with_capacity(file.size().min(budget).min(1 << 26) as usize);
    file.take(budget.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= budget).then_some(bytes))
}

/// A raw entry name as text with `/` separators: UTF-8 when flagged (and
/// valid) or valid anyway, else GB18030 (a superset of GBK).
fn entry_path(raw: &[u8], utf8_flag: bool) -> String {
    let name = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) if utf8_flag => String::from_utf8_lossy(raw).into_owned(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    };
    let name = name.replace('\\', "/");
    // `./a.txt` and `a//b.txt` name the same file as `a.txt` and `a/b.txt`.
    let parts: Vec<&str> = name
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let joined = parts.join("/");
    if name.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The resource folders of saved pages among the member `paths` of an
/// archive (`报告_files` beside `报告.html`; see
/// [`super::saved_page_names`]), each with its page's name, outermost
/// first and each once.
pub fn saved_page_folders<'a>(
    paths: impl Iterator<Item = &'a str> + Clone,
) -> Vec<(String, String)> {
    let names: std::collections::HashSet<&str> = paths.clone().collect();
    let mut found: Vec<(String, String)> = Vec::new();
    for path in paths {
        // Each folder on the path, outermost first: `a`, `a/b`, …
        for (end, _) in path.match_indices('/') {
            let dir = &path[..end];
            if found.iter().any(|(d, _)| d == dir) {
                break;
            }
            let (parent, folder) = match dir.rfind('/') {
                Some(i) => (&dir[..=i], &dir[i + 1..]),
                None => ("", dir),
            };
            let page = super::saved_page_names(folder)
                .into_iter()
                .find(|p| names.contains(format!("{parent}{p}").as_str()));
            if let Some(page) = page {
                found.push((dir.to_string(), page));
                break;
            }
        }
    }
    found
}

/// Whether a path is left out without a word: macOS resource forks,
/// hidden files or folders, and Office's lock files (`~$报告.docx`).
fn ignored(path: &str) -> bool {
    path.split('/').any(|part| {
        part == "__MACOSX" || part.starts_with("~$") || (part.starts_with('.') && part != "..")
    })
}

/// Whether a path stays inside the archive: not absolute (no leading `/`,
/// no drive letter), no `..` component, no NUL.
fn safe(path: &str) -> bool {
    let drive = path.as_bytes().get(1) == Some(&b':');
    !path.is_empty()
        && !path.starts_with('/')
        && !drive
        && !path.contains('\0')
        && path.split('/').all(|part| part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::formats::testutil::mutations;
    use std::io::Write;
    use zip::ZipWriter;
    use zip::write::SimpleFileOptions;

    const UTF8_NAME: &str = "报告/2023年示例市政府工作报告.txt";
    const GBK_NAME: &str = "2022年示例县政府工作报告.txt";
    const BODY_2023: &str = "各位代表：现在，我代表市人民政府，向大会报告工作。";
    const BODY_2022: &str = "过去一年，全县上下稳增长、促改革、惠民生。";

    fn stored() -> SimpleFileOptions {
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
    }

    fn zip_of(files: &[(&str, &[u8])], options: SimpleFileOptions) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in files {
            w.start_file(*name, options).unwrap();
            w.write_all(body).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// An archive like one made on Chinese Windows, plus entries to skip.
    fn archive() -> Vec<u8> {
        let gbk = encoding_rs::GBK.encode(GBK_NAME).0.into_owned();
        assert!(std::str::from_utf8(&gbk).is_err());
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = SimpleFileOptions::default();
        w.add_directory("报告/", deflated).unwrap();
        w.start_file(UTF8_NAME, deflated).unwrap();
        w.write_all(BODY_2023.as_bytes()).unwrap();
        w.start_file_with_options(deflated.name(&gbk)).unwrap();
        w.write_all(BODY_2022.as_bytes()).unwrap();
        for (name, body) in [
            ("__MACOSX/._x", &b"\x00\x05\x16\x07"[..]),
            ("报告/.DS_Store", b"\x00\x00\x00\x01Bud1"),
            ("../evil.txt", b"outside"),
        ] {
            w.start_file(name, deflated).unwrap();
            w.write_all(body).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn names_decoded_and_junk_skipped() {
        let bytes = archive();
        // The fixture really stores the GBK name without the UTF-8 flag.
        let zip = ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let gbk = zip.by_index_data(2).unwrap();
        assert_eq!(gbk.flags().as_u16() & UTF8_FLAG, 0);
        drop(gbk);

        let (entries, problems) = zip_entries(&bytes, Limits::default()).unwrap();
        let got: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|e| (e.path.as_str(), e.bytes.as_slice()))
            .collect();
        assert_eq!(
            got,
            [
                (GBK_NAME, BODY_2022.as_bytes()),
                (UTF8_NAME, BODY_2023.as_bytes()),
            ]
        );
        assert_eq!(
            problems,
            ["entry ../evil.txt skipped: its path is absolute or leaves the archive"]
        );
    }

    #[test]
    fn entries_over_the_limits_are_problems() {
        let bytes = zip_of(
            &[
                ("a.txt", &[b'a'; 5]),
                ("b.txt", &[b'b'; 100]),
                ("c.txt", &[b'c'; 8]),
            ],
            SimpleFileOptions::default(),
        );
        let limits = Limits {
            max_entry: 10,
            ..Limits::default()
        };
        let (entries, problems) = zip_entries(&bytes, limits).unwrap();
        let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", "c.txt"]);
        assert_eq!(
            problems,
            ["entry b.txt skipped: it is larger than the limit of 10 bytes"]
        );

        let total = Limits {
            max_total: 10,
            ..Limits::default()
        };
        let (entries, problems) = zip_entries(&bytes, total).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(problems.len(), 2);
        assert!(problems[1].starts_with("entry c.txt skipped: the archive's total"));

        let few = Limits {
            max_entries: 2,
            ..Limits::default()
        };
        let (entries, problems) = zip_entries(&bytes, few).unwrap();
        assert_eq!(entries.len(), 2);
        assert!(problems[0].starts_with("the archive has 3 entries"));
    }

    /// A one-entry stored archive with a header field patched in both the
    /// local header and the central directory.
    fn patched(local_offset: usize, central_offset: usize, value: u16) -> Vec<u8> {
        let mut bytes = zip_of(&[("报告.txt", BODY_2023.as_bytes())], stored());
        let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        for at in [local_offset, central + central_offset] {
            bytes[at..at + 2].copy_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn unreadable_entries_are_problems() {
        // Compression method 12 (bzip2) is not built in.
        let (entries, problems) = zip_entries(&patched(8, 10, 12), Limits::default()).unwrap();
        assert!(entries.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("entry 报告.txt cannot be read ("),
            "{problems:?}"
        );
        // The encrypted flag (bit 0), with the UTF-8 flag kept.
        let (_, problems) = zip_entries(&patched(6, 8, 0x0801), Limits::default()).unwrap();
        assert_eq!(problems, ["entry 报告.txt skipped: it is encrypted"]);
        // A damaged byte in the stored data fails the CRC check.
        let mut bytes = zip_of(&[("报告.txt", BODY_2023.as_bytes())], stored());
        let at = bytes
            .windows(6)
            .position(|w| w == "各位".as_bytes())
            .unwrap();
        bytes[at] ^= 0x01;
        let (entries, problems) = zip_entries(&bytes, Limits::default()).unwrap();
        assert!(entries.is_empty());
        assert!(
            problems[0].starts_with("entry 报告.txt cannot be read ("),
            "{problems:?}"
        );
    }

    #[test]
    fn resource_folders_of_saved_pages_are_found() {
        let paths = [
            "2019/报告.html",
            "2019/报告_files/frame.htm",
            "2019/报告_files/sub/inner.html",
            "旧页.htm",
            "旧页.files/top.html",
            "archive_files/2018.txt",
            "x_files/a.htm",
        ];
        assert_eq!(
            saved_page_folders(paths.iter().copied()),
            [
                ("2019/报告_files".to_string(), "报告.html".to_string()),
                ("旧页.files".to_string(), "旧页.htm".to_string()),
            ]
        );
    }

    #[test]
    fn not_a_zip_is_an_error() {
        assert!(zip_entries(b"", Limits::default()).is_err());
        let err = zip_entries("二〇二三年政府工作报告".as_bytes(), Limits::default()).unwrap_err();
        assert!(err.starts_with("not a readable .zip"), "{err}");
        let err = zip_entries(b"PK\x03\x04\x14\x00cut here", Limits::default()).unwrap_err();
        assert!(err.starts_with("a damaged or cut-short .zip"), "{err}");
    }

    #[test]
    fn paths_normalised_and_judged() {
        assert_eq!(entry_path(br"a\b\c.txt", false), "a/b/c.txt");
        assert_eq!(entry_path(b"./a//b.txt", false), "a/b.txt");
        assert_eq!(entry_path(b"/etc/passwd", false), "/etc/passwd");
        assert_eq!(entry_path(b"\xb1\xa8\xb8\xe6.txt", false), "报告.txt");
        assert_eq!(entry_path(b"\xb1\xa8.txt", true), "\u{fffd}\u{fffd}.txt");
        assert!(!safe("/etc/passwd") && !safe("C:/x.txt") && !safe("a/../../x"));
        assert!(safe("报告/2023.txt"));
        assert!(ignored("__MACOSX/a/._b") && ignored("a/.git/config") && ignored("a/~$报告.docx"));
        assert!(!ignored("a/b.txt"));
    }

    #[test]
    fn mutations_never_panic() {
        for m in mutations(&archive()) {
            let _ = zip_entries(&m, Limits::default());
        }
    }
}
