//! The binary containers (.docx, .doc, .odt, .xlsx, .xls, .ods, .zip archives of
//! reports, Parquet tables) through the whole loading path. The first byte picks the
//! extension; the content may override it, as for users' files. The
//! spreadsheet and PDF libraries' own panics are caught inside the readers
//! and become warnings, so the panic hook is quieted (libFuzzer's hook
//! would abort on a caught panic); a panic that escapes still crashes.
#![no_main]
use std::sync::OnceLock;

use analyze::corpus::{LoadOptions, load_bytes_as};
use libfuzzer_sys::fuzz_target;

fn opts() -> &'static LoadOptions {
    static O: OnceLock<LoadOptions> = OnceLock::new();
    O.get_or_init(|| LoadOptions::builtin().expect("shipped rules"))
}

fuzz_target!(|data: &[u8]| {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = [
        "r.docx", "r.odt", "r.xlsx", "r.xls", "r.ods", "r.zip", "r.doc", "r.parquet",
    ][pick as usize % 8];
    let _ = load_bytes_as(name, rest, opts());
});
