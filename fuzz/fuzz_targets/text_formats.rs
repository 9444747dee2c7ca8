//! Every text reader (txt, md, JSON Lines, CSV, HTML, JSON, MHTML web
//! archives) through the whole
//! loading path: decoding, records, markup conversion, cleaning, the head's
//! metadata, flags. The first byte picks the format.
#![no_main]
use std::sync::OnceLock;

use analyze::corpus::{LoadOptions, load_bytes_as};
use libfuzzer_sys::fuzz_target;

fn opts() -> &'static LoadOptions {
    static O: OnceLock<LoadOptions> = OnceLock::new();
    O.get_or_init(|| LoadOptions::builtin().expect("shipped rules"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = [
        "2020.txt",
        "报告.md",
        "a.jsonl",
        "b.csv",
        "page.html",
        "c.json",
        "d.mht",
    ][pick as usize % 7];
    if let Ok(entry) = load_bytes_as(name, rest, opts()) {
        for d in &entry.documents {
            assert!(!d.text.is_empty());
            assert_eq!(d.chars(), d.text.chars().count());
        }
    }
});
