//! Finding the input files: a single file, or a folder walked recursively in
//! sorted order, skipping hidden entries, run folders written by `analyze`,
//! and files excluded by `corpus.toml`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::config::{ConfigCache, FolderConfig};
use super::formats::{Format, named_by_content, saved_page_names, unsupported_advice};
use crate::error::{Error, Result, Warning, WarningKind};

/// Name of the marker file `analyze` leaves in every run folder it writes,
/// so that a later run over a parent folder does not read its own outputs.
pub const RUN_MARKER: &str = ".analyze-run";

/// A file selected for reading.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Its path as found (joined onto the input path).
    pub path: PathBuf,
    /// Path shown in tables and messages: relative to the input folder's
    /// parent, with `/` separators (e.g. `national/government_work_reports.jsonl`).
    pub shown: String,
    /// Its format.
    pub format: Format,
    /// The `corpus.toml` settings that apply to it.
    pub config: Arc<FolderConfig>,
    /// The later pages of a web page saved one file per page (`报告_2.html`
    /// after `报告.html`), in page order: read with it as one document.
    pub pages: Vec<Page>,
}

/// A later page of a report saved one file per page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its path as found.
    pub path: PathBuf,
    /// Its path as shown.
    pub shown: String,
}

/// Files found under `input`, and warnings about files that were skipped.
pub fn find_inputs(input: &Path) -> Result<(Vec<InputFile>, Vec<Warning>)> {
    if !input.exists() {
        return Err(Error::MissingInput(input.to_path_buf()));
    }
    let root = if input.is_dir() {
        input.to_path_buf()
    } else {
        input.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let base = root.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut cache = ConfigCache::default();
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    if input.is_file() {
        let Some(format) = Format::of(input).or_else(|| content_format(input)) else {
            let advice = unsupported_advice(input).unwrap_or(
                "use .txt, .md, .jsonl, .json, .csv, .tsv, .html, .mht, .docx, .doc, .odt, .pdf, .xlsx, .xls, .ods, .parquet or .zip",
            );
            return Err(Error::Usage(format!(
                "{} is not a supported file: {advice}",
                input.display()
            )));
        };
        let config = cache.for_dir(&root, &root)?;
        files.push(InputFile {
            path: input.to_path_buf(),
            shown: shown(input, &base),
            format,
            config,
            pages: vec![],
        });
        return Ok((files, warnings));
    }
    let page_folders = std::cell::RefCell::new(Vec::new());
    // Symbolic links are followed, to files and to folders: a collection
    // put together from links is read like one of copies. A dangling link,
    // or a link that loops back to a folder above it, is a warning
    // (walkdir reports both as errors), never silently nothing.
    let walker = walkdir::WalkDir::new(input)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if let Some(page) = saved_page_of(e) {
                page_folders
                    .borrow_mut()
                    .push((e.path().to_path_buf(), page));
                return false;
            }
            !is_skipped_dir(e)
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| shown(p, &base)).unwrap_or_default();
                let target = e.path().and_then(|p| std::fs::read_link(p).ok());
                let message = match (e.loop_ancestor(), target) {
                    (Some(above), _) => format!(
                        "skipped: a link back to {}, a folder above it (it would be read again and again)",
                        above.display()
                    ),
                    // The target is there but is a link again, round in a
                    // loop (a → b → a).
                    (None, Some(target))
                        if !e.path().is_some_and(Path::exists)
                            && e.path()
                                .and_then(Path::parent)
                                .map(|d| d.join(&target))
                                .is_some_and(|t| std::fs::symlink_metadata(t).is_ok()) =>
                    {
                        format!(
                            "skipped: a link to {}, which leads round a loop of links back to itself",
                            target.display()
                        )
                    }
                    (None, Some(target)) if !e.path().is_some_and(Path::exists) => format!(
                        "skipped: a link to {}, which does not exist",
                        target.display()
                    ),
                    _ => format!("cannot list: {e}"),
                };
                warnings.push(Warning::new(WarningKind::Other, path, None, message));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            // A named pipe, socket or device with a report's name (or a
            // link to one): never read, and said.
            if !entry.file_type().is_dir() && Format::of(entry.path()).is_some() {
                warnings.push(Warning::new(
                    WarningKind::Other,
                    shown(entry.path(), &base),
                    None,
                    "skipped: not a regular file (a named pipe, socket or device, or a link to one)",
                ));
            }
            continue;
        }
        let path = entry.path();
        let format = Format::of(path).or_else(|| content_format(path));
        let Some(format) = format else {
            if let Some(advice) = unsupported_advice(path) {
                warnings.push(Warning::new(
                    WarningKind::Parse,
                    shown(path, &base),
                    None,
                    format!("skipped: {advice}"),
                ));
            }
            continue;
        };
        let dir = path.parent().unwrap_or(&root);
        let config = cache.for_dir(dir, &root)?;
        if !config.selects(path) {
            continue;
        }
        files.push(InputFile {
            path: path.to_path_buf(),
            shown: shown(path, &base),
            format,
            config,
            pages: vec![],
        });
    }
    join_page_sets(&mut files, &mut warnings);
    for (folder, page) in page_folders.into_inner() {
        warnings.push(Warning::new(
            WarningKind::NotAReport,
            shown(&folder, &base),
            None,
            if folder.parent().is_some_and(|d| d.join(&page).is_file()) {
                format!("skipped: the images, scripts and frames saved with the page {page}")
            } else {
                format!(
                    "skipped: the images, scripts and frames a browser saved with a page ({page}, no longer beside it)"
                )
            },
        ));
    }
    if files.is_empty() {
        return Err(Error::EmptyInput(input.to_path_buf()));
    }
    Ok((files, warnings))
}

/// The page number a web page's file stem ends with (`报告_2` → `("报告",
/// 2)`; content-management systems number the pages after the first `_1`,
/// `_2`, … or `_2`, `_3`, …), at most 99.
pub fn page_number(stem: &str) -> Option<(&str, u32)> {
    let (base, n) = stem.rsplit_once('_')?;
    if base.is_empty() || n.is_empty() || n.len() > 2 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = n.parse().ok()?;
    (n >= 1).then_some((base, n))
}

/// Web pages saved one file per page (`报告.html`, `报告_1.html`,
/// `报告_2.html`, … in one folder, with the same extension): the later
/// pages go with the first into one input, in page order, with a warning
/// naming them. A numbered file with no unnumbered one beside it stays on
/// its own, and so does one that opens a report of its own (its own
/// dateline, or a title naming another year or region:
/// [`super::formats::opens_own_report`]), with a warning.
fn join_page_sets(files: &mut Vec<InputFile>, warnings: &mut Vec<Warning>) {
    let sets = page_sets(
        files
            .iter()
            .map(|f| (f.format == Format::Html).then_some(f.path.as_path())),
    );
    if sets.is_empty() {
        return;
    }
    let mut later = vec![false; files.len()];
    for (first, pages) in sets {
        let first_bytes = std::fs::read(&files[first].path).ok();
        let (pages, own): (Vec<usize>, Vec<usize>) = pages.into_iter().partition(|&i| {
            let own = first_bytes.as_deref().is_some_and(|f| {
                std::fs::read(&files[i].path).is_ok_and(|p| super::formats::opens_own_report(f, &p))
            });
            !own
        });
        for &i in &own {
            warnings.push(own_report_warning(&files[i].shown, &files[first].shown));
        }
        if pages.is_empty() {
            continue;
        }
        let list: Vec<Page> = pages
            .iter()
            .map(|&i| {
                later[i] = true;
                Page {
                    path: files[i].path.clone(),
                    shown: files[i].shown.clone(),
                }
            })
            .collect();
        let names: Vec<&str> = list.iter().map(|p| p.shown.as_str()).collect();
        warnings.push(page_set_warning(&files[first].shown, &names));
        files[first].pages = list;
    }
    let mut i = 0;
    files.retain(|_| {
        i += 1;
        !later[i - 1]
    });
}

/// The warning for a file named as a later page of `first` that opens a
/// report of its own ([`super::formats::opens_own_report`]): read on its own.
pub fn own_report_warning(page: &str, first: &str) -> Warning {
    Warning::new(
        WarningKind::Other,
        page,
        None,
        format!(
            "named as a later page of {first} but opens a report of its own (its own title or dateline): read on its own"
        ),
    )
}

/// The warning that names the later pages read with `first`.
pub fn page_set_warning(first: &str, later: &[&str]) -> Warning {
    Warning::new(
        WarningKind::Other,
        first,
        None,
        format!(
            "read as one report with its later pages {} (a page saved one file per page)",
            later.join(", ")
        ),
    )
}

/// The page sets among `paths` (`None` for a file that is no web page):
/// for each first page's index, the indices of its later pages in page
/// order (same folder, same extension, stem `first_N`).
pub fn page_sets<'a>(
    paths: impl Iterator<Item = Option<&'a Path>>,
) -> std::collections::BTreeMap<usize, Vec<usize>> {
    use std::collections::{BTreeMap, HashMap};
    let parts = |p: &'a Path| -> Option<(&'a Path, &'a str, &'a str)> {
        Some((
            p.parent()?,
            p.file_stem()?.to_str()?,
            p.extension()?.to_str()?,
        ))
    };
    let keys: Vec<Option<(&Path, &str, &str)>> = paths.map(|p| p.and_then(parts)).collect();
    let firsts: HashMap<(&Path, &str, &str), usize> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (k, i)))
        .collect();
    let mut sets: BTreeMap<usize, Vec<(u32, usize)>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let Some((dir, stem, ext)) = *key else {
            continue;
        };
        let Some((base, n)) = page_number(stem) else {
            continue;
        };
        if let Some(&first) = firsts.get(&(dir, base, ext)) {
            sets.entry(first).or_default().push((n, i));
        }
    }
    sets.into_iter()
        .map(|(first, mut pages)| {
            pages.sort_unstable();
            (first, pages.into_iter().map(|(_, i)| i).collect())
        })
        .collect()
}

/// The format of a file whose name says nothing ([`named_by_content`]),
/// from its first bytes; `None` when it is not a report file (or cannot be
/// read: the loader would report that, but such a file was never chosen).
fn content_format(path: &Path) -> Option<Format> {
    use std::io::Read;
    if !named_by_content(path) {
        return None;
    }
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .ok()?
        .take(1024)
        .read_to_end(&mut head)
        .ok()?;
    Format::of_content(&head)
}

/// The name of the saved page whose resource folder `e` is (`报告_files`
/// beside `报告.html`), if it is one.
fn saved_page_of(e: &walkdir::DirEntry) -> Option<String> {
    if !e.file_type().is_dir() {
        return None;
    }
    let name = e.file_name().to_str()?;
    let dir = e.path().parent()?;
    let pages = saved_page_names(name);
    if let Some(page) = pages.iter().find(|page| dir.join(page).is_file()) {
        return Some(page.clone());
    }
    // The page renamed or deleted since: a folder so named that holds what
    // browsers save with a page (a script, a style sheet, Chrome's
    // `saved_resource.html`) is still one, of the page it was named for.
    let browser_saved = |f: &std::fs::DirEntry| {
        let n = f.file_name().to_string_lossy().to_lowercase();
        n.starts_with("saved_resource") || n.ends_with(".js") || n.ends_with(".css")
    };
    let holds_resources = std::fs::read_dir(e.path())
        .ok()?
        .filter_map(std::result::Result::ok)
        .any(|f| browser_saved(&f));
    (holds_resources && !pages.is_empty()).then(|| pages.into_iter().nth(1).unwrap_or_default())
}

/// Hidden entries, Office's lock files (`~$报告.docx`, written beside a
/// document while it is open in Word or Excel: not a document), and run
/// folders.
fn is_skipped_dir(e: &walkdir::DirEntry) -> bool {
    let hidden = e
        .file_name()
        .to_str()
        .is_some_and(|n| n.starts_with('.') || n.starts_with("~$"));
    hidden || (e.file_type().is_dir() && e.path().join(RUN_MARKER).exists())
}

/// `path` relative to `base`, with `/` separators, each name as
/// [`name_text`] reads it.
fn shown(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| name_text(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

/// A file or folder name as text: UTF-8 as it is; a name that is not (on
/// Unix, bytes from a Windows machine or an old archive tool: GBK, as
/// `上海市` written by a Chinese Windows) in GB18030 when that reads it
/// without a malformed sequence, else with replacement characters.
pub fn name_text(name: &std::ffi::OsStr) -> std::borrow::Cow<'_, str> {
    if let Some(s) = name.to_str() {
        return std::borrow::Cow::Borrowed(s);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(name.as_bytes());
        if !had_errors {
            return std::borrow::Cow::Owned(text.into_owned());
        }
    }
    name.to_string_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A named pipe with a report's name is a warning; a loop of links
    /// says so rather than that the target does not exist.
    #[cfg(unix)]
    #[test]
    fn pipes_and_link_loops_are_named_for_what_they_are() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("2019_示例市.txt"), "各位代表").unwrap();
        let fifo = dir.path().join("2023_示例市.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        symlink("b.txt", dir.path().join("a.txt")).unwrap();
        symlink("a.txt", dir.path().join("b.txt")).unwrap();
        let (files, warnings) = find_inputs(dir.path()).unwrap();
        assert_eq!(files.len(), 1);
        let said = |file: &str, what: &str| {
            warnings
                .iter()
                .any(|w| w.file.ends_with(file) && w.message.contains(what))
        };
        if made.is_ok_and(|s| s.success()) {
            assert!(
                said("2023_示例市.txt", "not a regular file"),
                "{warnings:?}"
            );
        }
        assert!(said("a.txt", "loop of links"), "{warnings:?}");
    }

    /// A name in GBK bytes (from a Windows machine) reads as its Chinese
    /// name; a UTF-8 name as it is.
    #[cfg(unix)]
    #[test]
    fn gbk_file_names_read_as_chinese() {
        use std::os::unix::ffi::OsStrExt;
        let (gbk, _, _) = encoding_rs::GBK.encode("2018_上海市_政府工作报告.txt");
        let name = std::ffi::OsStr::from_bytes(&gbk);
        assert_eq!(name_text(name), "2018_上海市_政府工作报告.txt");
        assert_eq!(name_text(std::ffi::OsStr::new("深圳市.txt")), "深圳市.txt");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), "x").unwrap();
        let (files, _) = find_inputs(dir.path()).unwrap();
        assert!(
            files[0].shown.ends_with("/2018_上海市_政府工作报告.txt"),
            "{}",
            files[0].shown
        );
    }

    /// Links to files and folders are read through; a dangling link and a
    /// link looping back to a folder above it are warnings naming them.
    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_followed_and_broken_ones_are_warnings() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let (root, elsewhere) = (dir.path().join("corpus"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(elsewhere.join("more")).unwrap();
        std::fs::write(root.join("2020.txt"), "x").unwrap();
        std::fs::write(elsewhere.join("2021.txt"), "x").unwrap();
        std::fs::write(elsewhere.join("more/2022.txt"), "x").unwrap();
        symlink(elsewhere.join("2021.txt"), root.join("2021.txt")).unwrap();
        symlink(elsewhere.join("more"), root.join("more")).unwrap();
        symlink(dir.path().join("nowhere.txt"), root.join("dangling.txt")).unwrap();
        symlink(&root, root.join("sub/loop")).unwrap();
        let (files, warnings) = find_inputs(&root).unwrap();
        let shown: Vec<_> = files.iter().map(|f| f.shown.as_str()).collect();
        assert_eq!(
            shown,
            ["corpus/2020.txt", "corpus/2021.txt", "corpus/more/2022.txt"]
        );
        let mut warned: Vec<_> = warnings.iter().map(|w| w.file.as_str()).collect();
        warned.sort_unstable();
        assert_eq!(
            warned,
            ["corpus/dangling.txt", "corpus/sub/loop"],
            "{warnings:?}"
        );
        assert!(
            warnings[0].message.starts_with("skipped: a link to ")
                && warnings[0]
                    .message
                    .ends_with("nowhere.txt, which does not exist"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].message.starts_with("skipped: a link back to "),
            "{warnings:?}"
        );
    }

    #[test]
    fn walks_sorted_and_skips_hidden_and_run_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("run")).unwrap();
        std::fs::write(root.join("b/2021.txt"), "x").unwrap();
        std::fs::write(root.join("2020.txt"), "x").unwrap();
        std::fs::write(root.join(".git/2019.txt"), "x").unwrap();
        std::fs::write(root.join("run").join(RUN_MARKER), "").unwrap();
        std::fs::write(root.join("run/documents.csv"), "a").unwrap();
        std::fs::write(root.join("README.md"), "readme").unwrap();
        std::fs::write(root.join("report.rtf"), "x").unwrap();
        std::fs::write(root.join("~$2022.docx"), b"\x06zhang").unwrap();
        let (files, warnings) = find_inputs(&root).unwrap();
        let shown: Vec<_> = files.iter().map(|f| f.shown.as_str()).collect();
        assert_eq!(shown, ["corpus/2020.txt", "corpus/b/2021.txt"]);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].file.ends_with("report.rtf"));
    }

    #[test]
    fn saved_page_folders_skipped_and_unnamed_files_judged_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        let page = "<!DOCTYPE html><html><body><p>x</p></body></html>";
        for (name, body) in [
            ("2019年报告.html", page),
            ("2019年报告_files/frame.htm", page),
            ("2019年报告_files/ga.js", "var x;"),
            ("旧页.htm", page),
            ("旧页.files/top.html", page),
            // A folder named so, with no page beside it, is an ordinary one.
            ("archive_files/2018.txt", "x"),
            // ... unless it holds what browsers save with a page.
            ("改名前_files/saved_resource.html", page),
            ("改名前_files/jquery.min.js", "var x;"),
            ("content_2020.jsp", page),
            ("view.aspx", "not a page"),
            ("a1b2c3", page),
            ("LICENSE", "MIT License"),
        ] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, body).unwrap();
        }
        std::fs::write(root.join("scan"), b"%PDF-1.4\n").unwrap();
        let (files, warnings) = find_inputs(&root).unwrap();
        let found: Vec<_> = files.iter().map(|f| (f.shown.as_str(), f.format)).collect();
        assert_eq!(
            found,
            [
                ("corpus/2019年报告.html", Format::Html),
                ("corpus/a1b2c3", Format::Html),
                ("corpus/archive_files/2018.txt", Format::Txt),
                ("corpus/content_2020.jsp", Format::Html),
                ("corpus/scan", Format::Pdf),
                ("corpus/旧页.htm", Format::Html),
            ]
        );
        let skipped: Vec<_> = warnings.iter().map(|w| w.file.as_str()).collect();
        assert_eq!(
            skipped,
            [
                "corpus/2019年报告_files",
                "corpus/改名前_files",
                "corpus/旧页.files"
            ]
        );
        assert!(
            warnings[0].message.contains("2019年报告.html"),
            "{warnings:?}"
        );
    }

    #[test]
    fn missing_and_empty_inputs_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            find_inputs(&dir.path().join("nope")),
            Err(Error::MissingInput(_))
        ));
        assert!(matches!(find_inputs(dir.path()), Err(Error::EmptyInput(_))));
    }
}
