//! Byte offsets → line and column, for spans shown to people.

use std::cell::OnceCell;

use crate::diagnostic::{Position, Span};

/// Line starts of one document. Lines end at `\n`, `\r\n` or a lone `\r`
/// (what editors and terminals show); columns count Unicode scalar values.
///
/// The line starts are found on first use: most runs report nothing, and a
/// large input would otherwise pay a pass over its bytes and a table of
/// every line for no reader.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: OnceCell<Vec<u32>>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &[u8]) -> Self {
        LineIndex {
            line_starts: OnceCell::new(),
            len: clamp_u32(text.len()),
        }
    }

    fn starts(&self, text: &[u8]) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0u32];
            let mut i = 0;
            while let Some(p) = text
                .get(i..)
                .and_then(|rest| rest.iter().position(|&b| b == b'\n' || b == b'\r'))
            {
                i += p;
                if text.get(i) == Some(&b'\r') && text.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
                starts.push(clamp_u32(i));
            }
            starts
        })
    }

    /// The position of `offset` (clamped into the text). `text` must be the
    /// bytes this index was built from.
    pub fn position(&self, text: &[u8], offset: u32) -> Position {
        let offset = offset.min(self.len);
        let starts = self.starts(text);
        let line = match starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(next) => next.saturating_sub(1),
        };
        let start = starts.get(line).copied().unwrap_or(0) as usize;
        let end = (offset as usize).min(text.len());
        let column = text.get(start..end).map(count_chars).unwrap_or(0);
        Position {
            offset,
            line: clamp_u32(line + 1),
            column: clamp_u32(column + 1),
        }
    }

    pub fn span(&self, text: &[u8], start: u32, end: u32) -> Span {
        Span {
            start: self.position(text, start),
            end: self.position(text, end.max(start)),
        }
    }

    /// Byte range of 1-based line `line`, without its line break.
    pub fn line_range(&self, text: &[u8], line: u32) -> Option<(usize, usize)> {
        let index = (line as usize).checked_sub(1)?;
        let starts = self.starts(text);
        let start = *starts.get(index)? as usize;
        let mut end = starts
            .get(index + 1)
            .map(|&s| s as usize)
            .unwrap_or(text.len());
        while end > start && matches!(text.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        Some((start, end))
    }

    pub fn line_count(&self, text: &[u8]) -> usize {
        self.starts(text).len()
    }
}

/// Characters in a byte slice; an invalid byte counts as one character.
fn count_chars(bytes: &[u8]) -> usize {
    // Every byte that is not a UTF-8 continuation byte starts a character.
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_char_columns() {
        let text = "a: é\nbb: ü✓x\n".as_bytes();
        let index = LineIndex::new(text);
        let x = text.iter().position(|&b| b == b'x').unwrap() as u32;
        let p = index.position(text, x);
        assert_eq!((p.line, p.column), (2, 7));
        assert_eq!(index.position(text, 0).column, 1);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = b"a\r\nb\rc\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3).line, 2);
        assert_eq!(index.position(text, 5).line, 3);
        assert_eq!(index.line_range(text, 1), Some((0, 1)));
        assert_eq!(index.line_range(text, 3), Some((5, 6)));
        assert_eq!(index.line_count(text), 4);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = b"ab";
        let index = LineIndex::new(text);
        let p = index.position(text, 99);
        assert_eq!((p.offset, p.line, p.column), (2, 1, 3));
    }
}
