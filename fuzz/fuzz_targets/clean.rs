//! Cleaning with the shipped rules, and markup detection and conversion:
//! the per-rule counts of removed characters must add up to the total, and cleaning twice must
//! not panic.
#![no_main]
use std::sync::OnceLock;

use analyze::corpus::Rules;
use analyze::corpus::formats::html;
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| Rules::builtin().expect("shipped rules"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let c = rules().clean(&text);
    // Rules remove; NFKC may also lengthen (… → ...), which no rule counts.
    let before = text.chars().count();
    let added = analyze::corpus::clean::nfkc(&text)
        .chars()
        .count()
        .saturating_sub(before);
    let by_rules: i64 = c.removed_by.iter().map(|(_, n)| i64::from(*n)).sum();
    let after = c.text.chars().count() as i64;
    assert_eq!(by_rules - added as i64, before as i64 - after);
    assert_eq!(c.chars_before, text.chars().count());
    let _ = rules().clean(&c.text);
    if html::looks_like_markup(&text) {
        let _ = html::markup_to_text(&text);
    }
});
