//! The huge-page policy of `src/memory.rs`, in a process of its own (the
//! setting is the process's: other tests building segmenters alongside
//! would turn it on and off under this one).

#![cfg(target_os = "linux")]

use analyze::memory::{LARGE_INPUT, for_large_tables, input_found, keep_off, start_small};

/// The kernel's own view of the flag (`PR_GET_THP_DISABLE`).
fn disabled() -> bool {
    let zero: libc::c_ulong = 0;
    // SAFETY: PR_GET_THP_DISABLE takes integer arguments only and reads or
    // writes no memory of the process.
    unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, zero, zero, zero, zero) == 1 }
}

#[test]
fn huge_pages_are_on_only_while_a_large_corpus_s_tables_are_built() {
    start_small();
    assert!(disabled(), "off from the start");
    input_found(LARGE_INPUT - 1);
    assert!(for_large_tables(disabled), "a small corpus's tables: off");
    input_found(LARGE_INPUT);
    assert!(disabled(), "off outside the tables");
    assert!(!for_large_tables(disabled), "a large corpus's tables: on");
    assert!(disabled(), "and off again afterwards");
    keep_off();
    input_found(10 * LARGE_INPUT);
    assert!(for_large_tables(disabled), "a run that only loads: off");
}
