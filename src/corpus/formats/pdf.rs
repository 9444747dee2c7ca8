//! STUB
#![allow(missing_docs, dead_code)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfText {
    pub text: String,
    pub pages: usize,
    pub title: Option<String>,
    pub created: Option<String>,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfProblem {
    NoTextLayer { pages: usize },
    Encrypted,
    Invalid(String),
}
pub fn pdf_text(_b: &[u8]) -> Result<PdfText, PdfProblem> {
    Err(PdfProblem::Invalid("stub".into()))
}
