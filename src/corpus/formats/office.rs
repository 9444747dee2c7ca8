//! STUB
#![allow(missing_docs, dead_code)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeText {
    pub text: String,
    pub title: Option<String>,
    pub created: Option<String>,
}
pub fn docx_text(_b: &[u8]) -> Result<OfficeText, String> {
    Err("stub".into())
}
pub fn odt_text(_b: &[u8]) -> Result<OfficeText, String> {
    Err("stub".into())
}
