//! Local alignment of a chain: Smith–Waterman in a band that follows the
//! chain's runs, scoring a match +1 and a mismatch, an inserted or a
//! deleted character −1 each. The best-scoring local alignment inside the
//! window is the passage: it starts and ends with a match, extends past a
//! small edit whenever the characters after it make up for it, and stops
//! where the texts part. Only two rows of the band are kept; each cell
//! carries where its alignment started and how many matches and columns it
//! has, so no traceback is needed.

use super::chain::Run;

/// An aligned passage in skeleton coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alignment {
    /// Start in the target skeleton.
    pub t_start: usize,
    /// End in the target skeleton (exclusive).
    pub t_end: usize,
    /// Start in the source skeleton.
    pub s_start: usize,
    /// End in the source skeleton (exclusive).
    pub s_end: usize,
    /// Aligned pairs of equal characters.
    pub matches: u32,
    /// Alignment columns: matches, mismatches, insertions and deletions.
    pub columns: u32,
    /// Smith–Waterman score (matches − other columns).
    pub score: i32,
}

impl Alignment {
    /// `matches / columns`.
    pub fn identity(&self) -> f64 {
        if self.columns == 0 {
            0.0
        } else {
            f64::from(self.matches) / f64::from(self.columns)
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    score: i32,
    t0: u32,
    s0: u32,
    matches: u32,
    columns: u32,
}

impl Cell {
    fn step(self, matched: bool, delta: i32) -> Cell {
        Cell {
            score: self.score + delta,
            matches: self.matches + u32::from(matched),
            columns: self.columns + 1,
            ..self
        }
    }
}

/// Align target `t` and source `s` (skeleton code points) around `chain`
/// (sorted by target position), inside the windows `t_win` and `s_win`
/// (half-open), `band` characters either side of the chain's diagonal.
/// `None` when nothing scores above 0.
pub fn align(
    t: &[u32],
    s: &[u32],
    chain: &[Run],
    t_win: (usize, usize),
    s_win: (usize, usize),
    band: usize,
) -> Option<Alignment> {
    let first = chain.first()?;
    let band = band as i64;
    let mut run_at = 0usize;
    let mut prev: Vec<Cell> = Vec::new();
    let mut cur: Vec<Cell> = Vec::new();
    let mut prev_lo = 0i64;
    let mut best: Option<(Cell, usize, usize)> = None;
    let mut diag = first.diag();
    for (i, &ti) in t.iter().enumerate().take(t_win.1).skip(t_win.0) {
        while run_at < chain.len() && (chain[run_at].t as usize) <= i {
            diag = chain[run_at].diag();
            run_at += 1;
        }
        let centre = i as i64 + diag;
        let lo = (centre - band).max(s_win.0 as i64);
        let hi = (centre + band).min(s_win.1 as i64 - 1);
        cur.clear();
        if lo > hi {
            std::mem::swap(&mut prev, &mut cur);
            prev_lo = lo;
            continue;
        }
        let from_prev = |j: i64| -> Option<Cell> {
            let k = j - prev_lo;
            (k >= 0 && (k as usize) < prev.len())
                .then(|| prev[k as usize])
                .filter(|c| c.score > 0)
        };
        for j in lo..=hi {
            let matched = ti == s[j as usize];
            let delta = if matched { 1 } else { -1 };
            let mut cell = match from_prev(j - 1) {
                Some(p) => p.step(matched, delta),
                None if matched => Cell {
                    score: 1,
                    t0: i as u32,
                    s0: j as u32,
                    matches: 1,
                    columns: 1,
                },
                None => Cell::default(),
            };
            if let Some(up) = from_prev(j).map(|p| p.step(false, -1))
                && up.score > cell.score
            {
                cell = up;
            }
            if let Some(left) = cur
                .last()
                .filter(|c| c.score > 0 && j > lo)
                .map(|c| c.step(false, -1))
                && left.score > cell.score
            {
                cell = left;
            }
            if cell.score <= 0 {
                cell = Cell::default();
            } else if best.is_none_or(|(b, _, _)| cell.score > b.score) {
                best = Some((cell, i + 1, j as usize + 1));
            }
            cur.push(cell);
        }
        std::mem::swap(&mut prev, &mut cur);
        prev_lo = lo;
    }
    best.map(|(c, t_end, s_end)| Alignment {
        t_start: c.t0 as usize,
        t_end,
        s_start: c.s0 as usize,
        s_end,
        matches: c.matches,
        columns: c.columns,
        score: c.score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    fn whole(t: &[u32], s: &[u32], chain: &[Run]) -> Option<Alignment> {
        align(t, s, chain, (0, t.len()), (0, s.len()), 6)
    }

    #[test]
    fn a_substitution_an_insertion_and_a_deletion() {
        // source: 甲乙 | 一二三四五六七八九十百千万亿兆 | 丙丁
        // target: 子 | 一二三X五六七八加九十百千亿兆 | 丑寅
        // (四→X substituted, 加 inserted, 万 deleted)
        let s = codes("甲乙一二三四五六七八九十百千万亿兆丙丁");
        let t = codes("子一二三X五六七八加九十百千亿兆丑寅");
        let chain = [
            Run { t: 5, s: 6, len: 4 },
            Run {
                t: 10,
                s: 10,
                len: 4,
            },
        ];
        let a = whole(&t, &s, &chain).unwrap();
        assert_eq!((a.t_start, a.t_end), (1, 16));
        assert_eq!((a.s_start, a.s_end), (2, 17));
        // 13 matches; columns: 13 + 1 mismatch + 1 insertion + 1 deletion.
        assert_eq!((a.matches, a.columns), (13, 16));
        assert_eq!(a.score, 13 - 3);
        assert!((a.identity() - 13.0 / 16.0).abs() < 1e-12);
        // Without 兆 the deletion would cost what 亿 brings: a tie, and
        // the alignment ends at the first of the two (千).
        let s2 = codes("甲乙一二三四五六七八九十百千万亿丙丁");
        let t2 = codes("子一二三X五六七八加九十百千亿丑寅");
        let a = whole(&t2, &s2, &chain).unwrap();
        assert_eq!((a.t_end, a.s_end, a.score), (14, 14, 9));
    }

    #[test]
    fn the_alignment_stops_where_the_texts_part_and_respects_the_window() {
        let s = codes("一二三四五六七八九十");
        let t = codes("一二三四五六甲乙丙丁戊");
        let chain = [Run { t: 0, s: 0, len: 6 }];
        let a = whole(&t, &s, &chain).unwrap();
        assert_eq!((a.t_start, a.t_end, a.s_start, a.s_end), (0, 6, 0, 6));
        assert_eq!(a.identity(), 1.0);
        // A window that cuts the target at 3.
        let a = align(&t, &s, &chain, (0, 3), (0, s.len()), 6).unwrap();
        assert_eq!((a.t_start, a.t_end), (0, 3));
        // Nothing in common inside the window.
        assert!(align(&t, &s, &chain, (6, 11), (6, 10), 6).is_none());
    }
}
