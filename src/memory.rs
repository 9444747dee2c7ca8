//! Transparent huge pages for the process: only for the tables of a large
//! corpus's segmentation.
//!
//! The allocator asks the kernel for huge pages (2 MiB) where it may. They
//! pay for jieba's dictionary tables, which every cut walks at random: a
//! 330 MB `trends` run took ~6 % more processor time without them. But the
//! first touch of a huge page can be slow: on a virtual machine that hands
//! freed memory back to its host it cost ~2 ms per huge page here, so a
//! 3 MB corpus's run took 0.25 s instead of 0.12 s, and a warm run over
//! 330 MB (texts from the document cache, counts from the segmentation
//! cache) 0.74 s instead of 0.24 s. So the binary turns huge pages off at
//! start ([`start_small`]), the loader says when it has found a corpus of
//! at least [`LARGE_INPUT`] bytes ([`input_found`]), and the segmenter
//! builds jieba's tables with huge pages on only then
//! ([`for_large_tables`]), turning them off again afterwards. A run that
//! only loads (`analyze corpus`) keeps them off ([`keep_off`]). Elsewhere
//! than on Linux these are no-ops, and a library user that never calls
//! [`start_small`] keeps the system's setting.

use std::sync::atomic::{AtomicU8, Ordering};

/// The input size from which jieba's tables get huge pages: where their
/// gain in a run's processor time (~6 %) outweighs their slow first touch,
/// measured between 33 MB (0.23 s without huge pages, 0.41 s with them)
/// and 330 MB (4.3 s with them, 4.6 s without).
pub const LARGE_INPUT: u64 = 128 << 20;

/// Leave the system's setting alone (a library user's default).
const SYSTEM: u8 = 0;
/// Off; on for jieba's tables once a large input was found.
const BY_SIZE: u8 = 1;
/// A large input was found: on for jieba's tables.
const LARGE: u8 = 2;
/// Off for the whole run.
const OFF: u8 = 3;

static POLICY: AtomicU8 = AtomicU8::new(SYSTEM);

/// Turn huge pages off; [`for_large_tables`] turns them on for jieba's
/// tables once [`input_found`] saw a large corpus.
pub fn start_small() {
    POLICY.store(BY_SIZE, Ordering::Relaxed);
    set_huge_pages(false);
}

/// Turn huge pages off for the whole run (a run that loads and does not
/// segment).
pub fn keep_off() {
    POLICY.store(OFF, Ordering::Relaxed);
    set_huge_pages(false);
}

/// The loader found `bytes` of input: a large corpus's segmentation tables
/// get huge pages (when [`start_small`] asked for it).
pub fn input_found(bytes: u64) {
    if bytes >= LARGE_INPUT {
        let _ = POLICY.compare_exchange(BY_SIZE, LARGE, Ordering::Relaxed, Ordering::Relaxed);
    }
}

/// Run `build` (jieba's tables) with huge pages on when a large corpus was
/// found, and off again afterwards; else as things are.
pub fn for_large_tables<T>(build: impl FnOnce() -> T) -> T {
    if POLICY.load(Ordering::Relaxed) != LARGE {
        return build();
    }
    set_huge_pages(true);
    let built = build();
    set_huge_pages(false);
    built
}

/// Allow (`true`) or forbid transparent huge pages for the process from
/// now on (`prctl(PR_SET_THP_DISABLE)`). A kernel without the call refuses
/// it (EINVAL), and the run goes on with the system's setting.
#[cfg(target_os = "linux")]
fn set_huge_pages(on: bool) {
    let disable = libc::c_ulong::from(!on);
    let zero: libc::c_ulong = 0;
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and reads or
    // writes no memory of the process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, disable, zero, zero, zero);
    }
}

/// No huge-page control outside Linux.
#[cfg(not(target_os = "linux"))]
fn set_huge_pages(_on: bool) {}
