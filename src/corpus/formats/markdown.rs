//! Markdown (`.md`) to plain text with pulldown-cmark: emphasis, links,
//! images, list markers, quote marks and table pipes go; the words stay.
//!
//! Each block (paragraph, heading, list item, table row, quote, code block)
//! becomes its own paragraph, blocks separated by a blank line; a line
//! break inside a paragraph stays a line break, so that the cleaning rules'
//! joiner decides, as for any text, whether the lines are wrapped
//! paragraphs (it joins them only in texts made of blank-line paragraphs).
//! An ordered list keeps its numbers (`1.`), which the section reader uses;
//! table cells are separated by a tab; images and HTML comments are dropped,
//! other raw HTML is kept for the markup check that follows.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The plain text of the Markdown document `md`.
pub fn to_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    // Nesting of images (their alt text is no part of the report), and the
    // next number of each open list (`None` for a bullet list).
    let mut in_image = 0usize;
    let mut lists: Vec<Option<u64>> = Vec::new();
    let end_block = |out: &mut String| {
        while out.ends_with([' ', '\t']) {
            out.pop();
        }
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
        }
    };
    for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Start(Tag::List(start)) => lists.push(start),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                end_block(&mut out);
            }
            Event::Start(Tag::Item) => {
                end_block(&mut out);
                if let Some(Some(n)) = lists.last_mut() {
                    out.push_str(&format!("{n}. "));
                    *n += 1;
                }
            }
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) if !h.trim_start().starts_with("<!--") => {
                out.push_str(&h);
            }
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push('\t'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock,
            )
            | Event::Rule => end_block(&mut out),
            _ => {}
        }
    }
    while out.ends_with(char::is_whitespace) {
        out.pop();
    }
    stray_emphasis(&out)
}

/// `text` without the emphasis marks CommonMark leaves in Chinese text: a
/// closing `*` after full-width punctuation and before a character
/// (`*各位代表!*让我们`) does not close, by the spec's flanking rules, and
/// stays as a literal. Runs of one to three `*` next to a non-ASCII
/// character are dropped; an asterisk between ASCII characters (`3*4`)
/// stays.
fn stray_emphasis(text: &str) -> String {
    if !text.contains('*') {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '*' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '*' {
            i += 1;
        }
        let wide = |c: Option<&char>| c.is_some_and(|c| !c.is_ascii());
        let touches_wide =
            wide(start.checked_sub(1).and_then(|k| chars.get(k))) || wide(chars.get(i));
        if !(i - start <= 3 && touches_wide) {
            out.extend(&chars[start..i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_the_words_stay() {
        let md = "# 2022年示例市政府工作报告\n\n![](https://example.gov.cn/a.jpg)\n\n各位代表:\n\n过去一年,我们**大力发展数字经济**,推进[乡村振兴](https://example.gov.cn/x)战略。\n\n> 全市生产总值增长百分之六。\n\n- 新增市场主体1万户;\n- 新建5G基站2000个。\n\n1. 第一项\n2. 第二项\n\n| 指标 | 增长 |\n| --- | --- |\n| 生产总值 | 6% |\n\n<!-- 注释 -->\n*各位代表!*让我们团结奋斗!\n";
        assert_eq!(
            to_text(md),
            "2022年示例市政府工作报告\n\n各位代表:\n\n过去一年,我们大力发展数字经济,推进乡村振兴战略。\n\n全市生产总值增长百分之六。\n\n新增市场主体1万户;\n\n新建5G基站2000个。\n\n1. 第一项\n\n2. 第二项\n\n指标\t增长\n\n生产总值\t6%\n\n各位代表!让我们团结奋斗!"
        );
    }

    #[test]
    fn line_breaks_inside_a_paragraph_stay() {
        // One paragraph per line (no blank lines) and wrapped paragraphs
        // keep their line breaks: the cleaning joiner decides.
        assert_eq!(
            to_text("第一段。\n第二段。\n第三段。"),
            "第一段。\n第二段。\n第三段。"
        );
        assert_eq!(
            to_text("一段被折行的\n文字。\n\n第二段。"),
            "一段被折行的\n文字。\n\n第二段。"
        );
        // Indented text (a code block in Markdown) is kept as text.
        assert_eq!(to_text("    缩进的段落。\n"), "缩进的段落。");
        assert_eq!(to_text(""), "");
    }

    #[test]
    fn emphasis_marks_left_by_the_flanking_rules_go() {
        assert_eq!(to_text("*各位代表!*让我们奋斗!"), "各位代表!让我们奋斗!");
        assert_eq!(to_text("**“十四五”**规划"), "“十四五”规划");
        assert_eq!(to_text("3 * 4 = 12"), "3 * 4 = 12");
        assert_eq!(to_text("a*b*c"), "abc");
    }
}
