//! The comparable skeleton of a cleaned text: its Han characters and digits
//! in order, punctuation, whitespace, Latin letters and symbols left out,
//! each with its character offset in the cleaned text so that every result
//! maps back to the text `analyze corpus --out` writes.

use crate::corpus::metadata::is_han;

/// Whether `c` belongs to the skeleton: a Han character, an ASCII digit
/// (texts are NFKC-normalised, so full-width digits are ASCII by now) or
/// `〇` (the zero of Chinese-numeral dates).
pub fn kept(c: char) -> bool {
    is_han(c) || c.is_ascii_digit() || c == '〇'
}

/// A text reduced to its Han characters and digits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skeleton {
    /// The kept characters, as code points.
    pub codes: Vec<u32>,
    /// For each kept character, its character offset in the cleaned text.
    pub char_pos: Vec<u32>,
    /// `han_before[i]`: Han characters among `codes[..i]` (length `len + 1`).
    pub han_before: Vec<u32>,
}

impl Skeleton {
    /// The skeleton of `text`.
    pub fn new(text: &str) -> Skeleton {
        let mut s = Skeleton {
            codes: Vec::with_capacity(text.len() / 3),
            char_pos: Vec::with_capacity(text.len() / 3),
            han_before: Vec::with_capacity(text.len() / 3 + 1),
        };
        s.han_before.push(0);
        let mut han = 0u32;
        for (i, c) in text.chars().enumerate() {
            if kept(c) {
                s.codes.push(c as u32);
                s.char_pos.push(i as u32);
                han += u32::from(is_han(c));
                s.han_before.push(han);
            }
        }
        s
    }

    /// Kept characters.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether nothing was kept.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Han characters among the kept characters `start..end`.
    pub fn han_in(&self, start: usize, end: usize) -> usize {
        (self.han_before[end] - self.han_before[start]) as usize
    }

    /// Character offsets in the cleaned text of the kept characters
    /// `start..end` (`start < end`): from the first one to just after the
    /// last one, so punctuation inside the span is part of it.
    pub fn char_span(&self, start: usize, end: usize) -> (usize, usize) {
        (
            self.char_pos[start] as usize,
            self.char_pos[end - 1] as usize + 1,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_and_letters_are_left_out_and_offsets_map_back() {
        let text = "一、发展 GDP 增长5%,\n二〇二五年。";
        let s = Skeleton::new(text);
        let kept: String = s.codes.iter().filter_map(|&c| char::from_u32(c)).collect();
        assert_eq!(kept, "一发展增长5二〇二五年");
        assert_eq!(s.char_pos, [0, 2, 3, 9, 10, 11, 15, 16, 17, 18, 19]);
        // 二〇二五年 (kept 6..11) is the text's characters 15..20.
        assert_eq!(s.char_span(6, 11), (15, 20));
        let chars: String = text.chars().skip(15).take(5).collect();
        assert_eq!(chars, "二〇二五年");
        // Han characters: 〇 and 5 are not Han.
        assert_eq!(s.han_in(0, s.len()), 9);
        // 长, 5, 二
        assert_eq!(s.han_in(4, 7), 2);
    }
}
