//! Transparent huge pages for the process: off for small runs, on once a
//! large corpus is to be segmented.
//!
//! The allocator asks the kernel for huge pages (2 MiB) where it may. That
//! pays when a long segmentation keeps touching the same working memory
//! (fewer TLB misses: a 330 MB `trends` run took ~6 % less processor time
//! with them). But the first touch of a huge page can be slow: on a virtual
//! machine that hands freed memory back to its host, it cost ~2 ms per huge
//! page here, and a 3 MB corpus's run took 0.25 s instead of 0.12 s. So the
//! binary starts with huge pages off ([`start_small`]) and the loader turns
//! them on once it has found a corpus of at least [`LARGE_INPUT`] bytes
//! ([`input_found`]); a run that only loads (`analyze corpus`) keeps them
//! off ([`keep_off`]): its memory grows with the corpus and is touched
//! once. Elsewhere (Linux only) these are no-ops, and a library user that
//! never calls [`start_small`] keeps the system's setting.

use std::sync::atomic::{AtomicU8, Ordering};

/// The input size from which huge pages are turned on: where their gain in
/// a run's processor time (~6 %) outweighs the slow first touch (~0.2 s
/// here), measured between 33 MB (off: 0.23 s, on: 0.41 s) and 330 MB (on
/// 4.3 s, off 4.6 s).
pub const LARGE_INPUT: u64 = 128 << 20;

/// Leave the system's setting alone (a library user's default).
const SYSTEM: u8 = 0;
/// Off, and on for a large input.
const BY_SIZE: u8 = 1;
/// Off for the whole run.
const OFF: u8 = 2;

static POLICY: AtomicU8 = AtomicU8::new(SYSTEM);

/// Turn huge pages off for now; [`input_found`] turns them on for a large
/// corpus.
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

/// The loader found `bytes` of input: turn huge pages on when that is a
/// large corpus and [`start_small`] asked for it.
pub fn input_found(bytes: u64) {
    if bytes >= LARGE_INPUT
        && POLICY
            .compare_exchange(BY_SIZE, SYSTEM, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        set_huge_pages(true);
    }
}

/// Allow (`true`) or forbid transparent huge pages for the process from
/// now on (`prctl(PR_SET_THP_DISABLE)`); whether the kernel accepted it.
#[cfg(target_os = "linux")]
fn set_huge_pages(on: bool) -> bool {
    let disable = libc::c_ulong::from(!on);
    let zero: libc::c_ulong = 0;
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and reads or
    // writes no memory of the process; it fails (EINVAL) on kernels
    // without it, which is then ignored.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, disable, zero, zero, zero) == 0 }
}

/// No huge-page control outside Linux.
#[cfg(not(target_os = "linux"))]
fn set_huge_pages(_on: bool) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kernel's own view of the flag (`PR_GET_THP_DISABLE`).
    #[cfg(target_os = "linux")]
    fn disabled() -> bool {
        let zero: libc::c_ulong = 0;
        // SAFETY: as in `set_huge_pages`.
        unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, zero, zero, zero, zero) == 1 }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_come_on_only_for_a_large_input() {
        start_small();
        assert!(disabled());
        input_found(LARGE_INPUT - 1);
        assert!(disabled(), "a small corpus keeps them off");
        input_found(LARGE_INPUT);
        assert!(!disabled(), "a large corpus turns them on");
        keep_off();
        input_found(10 * LARGE_INPUT);
        assert!(disabled(), "a run that only loads keeps them off");
        POLICY.store(SYSTEM, Ordering::Relaxed);
        set_huge_pages(true);
    }
}
