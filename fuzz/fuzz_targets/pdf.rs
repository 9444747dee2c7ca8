//! PDF text layers: extraction and clean-up. The PDF library's own panics
//! are caught inside `pdf_text` and become errors, so this target quiets
//! the panic hook's message (libFuzzer's hook would abort on a caught
//! panic) and treats only an escaping panic as a crash.
#![no_main]
use std::sync::Once;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    if let Ok(t) = analyze::corpus::formats::pdf::pdf_text(data) {
        assert!(!t.text.contains("\n\n\n"));
    }
});
