//! Metadata parsing: the head of a report (key–value header, dateline,
//! speaker, title), dates in Arabic and Chinese numerals, years, regions.
#![no_main]
use analyze::corpus::{head, metadata};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let h = head::read_head(&text);
    assert!(h.kv_len <= text.len() && text.is_char_boundary(h.kv_len));
    for line in text.lines().take(20) {
        if let Some(d) = head::dateline(line)
            && let Some(date) = d.date
        {
            assert!(metadata::plausible_year(date.year));
        }
        let _ = head::parse_any_date(line);
        let _ = head::year_of(line);
        let _ = metadata::parse_date(line);
        let _ = metadata::parse_year_field(line);
        let _ = metadata::year_from_title(line);
        let _ = metadata::region_from_title(line);
        let _ = metadata::region_from_file_name(line);
        let _ = metadata::region_from_folder_name(line);
        let _ = metadata::current_name(line);
        let _ = metadata::is_kind_of_place(line);
        let _ = analyze::corpus::Level::parse(line);
    }
});
