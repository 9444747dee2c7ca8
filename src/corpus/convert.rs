//! Traditional → simplified conversion (`--t2s`) with ferrous-opencc, a pure
//! Rust implementation of OpenCC and its dictionaries (phrase-aware, so
//! 乾隆 stays 乾隆 while 乾燥 becomes 干燥).
//!
//! The 1954 national report is written in traditional characters (and 1957
//! mixes some in), so simplified terms miss it unless it is converted.

use std::sync::Arc;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use crate::error::{Error, Result};

/// A shareable traditional → simplified converter.
#[derive(Clone)]
pub struct T2s(Arc<OpenCC>);

impl std::fmt::Debug for T2s {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("T2s(OpenCC t2s)")
    }
}

impl T2s {
    /// Build the converter (OpenCC's `t2s` configuration).
    pub fn new() -> Result<T2s> {
        OpenCC::from_config(BuiltinConfig::T2s)
            .map(|c| T2s(Arc::new(c)))
            .map_err(|e| Error::Usage(format!("cannot load the t2s conversion tables: {e}")))
    }

    /// Convert `text` to simplified characters.
    pub fn convert(&self, text: &str) -> String {
        self.0.convert(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_becomes_simplified_and_simplified_stays() {
        let t = T2s::new().unwrap();
        assert_eq!(t.convert("階級鬥爭,發展國民經濟"), "阶级斗争,发展国民经济");
        let s = "推进数字经济和高质量发展";
        assert_eq!(t.convert(s), s);
    }
}
