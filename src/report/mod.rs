//! The `report` stage: run folders written atomically, tables written as
//! Parquet and CSV, warnings, and the run manifest.
//!
//! A run writes everything into a temporary folder beside its destination
//! and swaps it into place only when every file was written, so a failed
//! run never leaves a half-replaced folder.

pub mod charts;
pub mod diffusion;
pub mod figures;
pub mod manifest;
pub mod reuse;
pub mod similarity;
pub mod tables;
pub mod years;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use self::manifest::Manifest;
use crate::corpus::walk::RUN_MARKER;
use crate::error::{Error, Result};

/// SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Refuse to replace `dir` with a run folder unless it is missing, an
/// empty folder, or a run folder analyze wrote (it holds the
/// `.analyze-run` marker): a folder of the user's (a corpus, a thesis, a
/// cache) is never deleted to make room for outputs.
pub fn check_replaceable(dir: &Path) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return Ok(());
    };
    if !meta.is_dir() {
        let what = if meta.file_type().is_symlink() {
            "a symbolic link (a run folder is replaced whole, not written through a link): give --out the folder it points to"
        } else {
            "a file, not a folder: choose another --out or --name"
        };
        return Err(Error::Usage(format!(
            "the output folder {} is {what}",
            dir.display()
        )));
    }
    let empty = std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none());
    if empty || dir.join(RUN_MARKER).exists() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "the output folder {} already exists and was not written by analyze (it has no {RUN_MARKER} file), so it is not replaced; choose another --out or --name, or move that folder away",
        dir.display()
    )))
}

/// Mark `dir` as written by analyze: corpus reading skips it, and a later
/// run may replace it (see [`check_replaceable`]).
pub fn write_marker(dir: &Path) -> Result<()> {
    let marker = dir.join(RUN_MARKER);
    std::fs::write(
        &marker,
        "written by analyze; folders holding this file are skipped when reading corpora\n",
    )
    .map_err(|e| Error::write(&marker, e))
}

/// The staging folders of the runs this process is writing, which
/// [`remove_unfinished`] removes when the process is stopped (Ctrl-C).
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// The staging folders of [`UNFINISHED`] runs, locked (a poisoned lock
/// still holds the list).
fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Remove the staging folders of the runs this process has begun and not
/// finished (for a Ctrl-C or SIGTERM handler, which then exits): the
/// earlier runs they would have replaced stay as they were. Returns how
/// many were removed.
pub fn remove_unfinished() -> usize {
    let list = std::mem::take(&mut *unfinished());
    list.iter()
        .filter(|p| p.is_dir() && std::fs::remove_dir_all(p).is_ok())
        .count()
}

/// A run folder being written: files go to a temporary sibling folder
/// until [`RunDir::commit`] swaps it into place.
#[derive(Debug)]
pub struct RunDir {
    target: PathBuf,
    temp: tempfile::TempDir,
    written: Vec<String>,
    notes: Vec<crate::error::Warning>,
}

impl RunDir {
    /// Start writing a run whose final folder is `target`.
    pub fn create(target: &Path) -> Result<RunDir> {
        check_replaceable(target)?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "run".into());
        // The staging folder is named for this process, so that a later run
        // removes what an interrupted one (Ctrl-C, a kill) left behind.
        remove_stale_staging(parent, &name);
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-{}-", std::process::id()))
            .tempdir_in(parent)
            .map_err(|e| Error::write(parent, e))?;
        // Marked from the start: a later run of any name may then remove it
        // if this one is interrupted.
        write_marker(temp.path())?;
        unfinished().push(temp.path().to_path_buf());
        Ok(RunDir {
            target: target.to_path_buf(),
            temp,
            written: Vec::new(),
            notes: Vec::new(),
        })
    }

    /// The final folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Where a file named `name` is written before the swap.
    pub fn staging_path(&self, name: &str) -> PathBuf {
        self.temp.path().join(name)
    }

    /// Names of the files written so far (relative to the run folder).
    pub fn written(&self) -> &[String] {
        &self.written
    }

    /// Say something about the files written (a table too long for
    /// Excel): the run's warnings table gets it.
    pub fn note(&mut self, note: crate::error::Warning) {
        self.notes.push(note);
    }

    /// What [`RunDir::note`] was told.
    pub fn notes(&self) -> &[crate::error::Warning] {
        &self.notes
    }

    /// Write `bytes` to `name` (which may contain `/` for sub-folders).
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.staging_path(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))?;
        self.written.push(name.to_string());
        Ok(())
    }

    /// Swap the finished folder into place, replacing an earlier run.
    pub fn commit(self) -> Result<PathBuf> {
        // tempfile creates the folder 0700; a run folder is ordinary output.
        set_mode(self.temp.path(), 0o755);
        write_marker(self.temp.path())?;
        // Checked again: the folder may have appeared since the run began.
        check_replaceable(&self.target)?;
        let temp = self.temp.keep();
        unfinished().retain(|p| *p != temp);
        let target = self.target;
        let mut old = None;
        if target.exists() {
            let parent = target.parent().unwrap_or(Path::new("."));
            let holder = tempfile::Builder::new()
                .prefix(&format!(".old-run-{}-", std::process::id()))
                .tempdir_in(parent)
                .map_err(|e| Error::write(parent, e))?;
            let dest = holder.path().join("run");
            std::fs::rename(&target, &dest).map_err(|e| Error::write(&target, e))?;
            old = Some(holder);
        }
        if let Err(e) = std::fs::rename(&temp, &target) {
            // Put the earlier run back before reporting.
            if let Some(holder) = &old {
                let _ = std::fs::rename(holder.path().join("run"), &target);
            }
            let _ = std::fs::remove_dir_all(&temp);
            return Err(Error::write(&target, e));
        }
        drop(old);
        Ok(target)
    }
}

/// Remove what interrupted runs (Ctrl-C, a kill) left in `parent` and whose
/// process is gone: the staging folders of runs named `name`, those of runs
/// of any name that carry the run marker, and the holders of replaced runs.
/// A folder of a run still going on is left alone.
fn remove_stale_staging(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.tmp-");
    for e in entries.flatten() {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let marked_run = || {
            (file.strip_prefix('.'))
                .and_then(|f| f.rsplit_once(".tmp-"))
                .filter(|_| e.path().join(RUN_MARKER).is_file())
                .map(|(_, rest)| rest)
        };
        let Some(rest) = file
            .strip_prefix(staging.as_str())
            .or_else(|| file.strip_prefix(".old-run-"))
            .or_else(marked_run)
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !process_alive(p)) && e.path().is_dir() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Whether process `pid` is running (Linux: `/proc`; elsewhere assumed, so
/// nothing is removed).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Write `bytes` to `path` atomically (temporary file in the same folder,
/// then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::write(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::write(path, e))?;
    tmp.persist(path).map_err(|e| Error::write(path, e.error))?;
    // tempfile creates files 0600; outputs are ordinary files.
    set_mode(path, 0o644);
    Ok(())
}

/// Set Unix permissions (no-op elsewhere); failures are ignored.
fn set_mode(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_missing_empty_or_earlier_run_folders_are_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        assert!(check_replaceable(&p("missing")).is_ok());
        std::fs::create_dir(p("empty")).unwrap();
        assert!(check_replaceable(&p("empty")).is_ok());
        std::fs::create_dir(p("run")).unwrap();
        write_marker(&p("run")).unwrap();
        std::fs::write(p("run/a.csv"), "1").unwrap();
        assert!(check_replaceable(&p("run")).is_ok());
        std::fs::create_dir(p("mine")).unwrap();
        std::fs::write(p("mine/thesis.md"), "草稿").unwrap();
        let e = check_replaceable(&p("mine")).unwrap_err().to_string();
        assert!(e.contains("not written by analyze"), "{e}");
        std::fs::write(p("file"), "x").unwrap();
        let e = check_replaceable(&p("file")).unwrap_err().to_string();
        assert!(e.contains("a file"), "{e}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(p("run"), p("link")).unwrap();
            let e = check_replaceable(&p("link")).unwrap_err().to_string();
            assert!(e.contains("symbolic link"), "{e}");
        }
    }

    #[test]
    fn an_interrupted_runs_staging_folder_is_removed_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        // Left by a process that is gone (no pid is this large), by this
        // one (still running), and of another run's name.
        let stale = dir.path().join(".run1.tmp-999999999-abc");
        let live = dir
            .path()
            .join(format!(".run1.tmp-{}-xyz", std::process::id()));
        let other = dir.path().join(".run2.tmp-999999999-abc");
        let holder = dir.path().join(".old-run-999999999-abc");
        // Another run's, marked as analyze's: removed too; a user's
        // look-alike without the marker is not.
        let marked = dir.path().join(".run.3.tmp-999999999-abc");
        let lookalike = dir.path().join(".notes.tmp-999999999-abc");
        for d in [&stale, &live, &other, &holder, &marked, &lookalike] {
            std::fs::create_dir_all(d.join("sub")).unwrap();
        }
        write_marker(&marked).unwrap();
        let mut r = RunDir::create(&dir.path().join("run1")).unwrap();
        r.write("a.csv", b"1").unwrap();
        r.commit().unwrap();
        assert!(!stale.exists() && !holder.exists());
        if cfg!(target_os = "linux") {
            assert!(live.exists() && other.exists() && lookalike.exists());
            assert!(!marked.exists());
        }
        assert!(dir.path().join("run1").join(RUN_MARKER).exists());
    }

    /// A run being written is listed for [`remove_unfinished`] from its
    /// start until its commit (the list is the process's: other tests'
    /// runs may be in it too).
    #[test]
    fn a_run_is_unfinished_until_its_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = RunDir::create(&dir.path().join("run1")).unwrap();
        let staging = r.temp.path().to_path_buf();
        assert!(unfinished().contains(&staging));
        r.write("a.csv", b"1").unwrap();
        r.commit().unwrap();
        assert!(!unfinished().contains(&staging));
        assert!(dir.path().join("run1/a.csv").exists());
    }

    #[test]
    fn commit_replaces_an_earlier_run_only_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out/run1");
        let mut first = RunDir::create(&target).unwrap();
        first.write("a.csv", b"1").unwrap();
        first.commit().unwrap();
        assert_eq!(std::fs::read(target.join("a.csv")).unwrap(), b"1");

        let mut second = RunDir::create(&target).unwrap();
        second.write("b.csv", b"2").unwrap();
        // Until the commit, the earlier run is intact.
        assert!(target.join("a.csv").exists());
        assert!(!target.join("b.csv").exists());
        second.commit().unwrap();
        assert!(!target.join("a.csv").exists());
        assert_eq!(std::fs::read(target.join("b.csv")).unwrap(), b"2");
        assert!(target.join(RUN_MARKER).exists());
        // No temporary folders are left behind.
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["run1"]);
    }

    #[test]
    fn a_dropped_run_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("run");
        let mut r = RunDir::create(&target).unwrap();
        r.write("x.csv", b"x").unwrap();
        drop(r);
        assert!(!target.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
