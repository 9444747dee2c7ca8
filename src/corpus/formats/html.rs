//! STUB (replaced by the HTML reader).
#![allow(missing_docs, dead_code)]
use crate::corpus::decode::{Decoded, Undecodable};
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlText { pub text: String, pub title: Option<String> }
pub fn decode_html(bytes: &[u8]) -> Result<Decoded<'_>, Undecodable> { crate::corpus::decode::decode(bytes) }
pub fn html_to_text(html: &str) -> HtmlText { HtmlText { text: html.to_string(), title: None } }
pub fn looks_like_markup(_text: &str) -> bool { false }
pub fn markup_to_text(text: &str) -> HtmlText { html_to_text(text) }
