//! STUB
#![allow(missing_docs, dead_code)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub bytes: Vec<u8>,
}
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_entry: u64,
    pub max_total: u64,
    pub max_entries: usize,
}
impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entry: 1 << 30,
            max_total: 8 << 30,
            max_entries: 100_000,
        }
    }
}
pub fn zip_entries(_b: &[u8], _l: Limits) -> Result<(Vec<Entry>, Vec<String>), String> {
    Err("stub".into())
}
