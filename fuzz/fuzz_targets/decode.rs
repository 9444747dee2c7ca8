//! Bytes to text: BOM, UTF-8, legacy-encoding detection, HTML charset
//! declarations. No input may panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = analyze::corpus::decode::decode(data) {
        assert!(!d.text.contains('\0'));
    }
    let _ = analyze::corpus::formats::html::decode_html(data);
});
