//! Byte offsets → what the editor needs: 1-based line, UTF-16 column and
//! UTF-16 offset (CodeMirror and JavaScript strings count UTF-16 units).

use serde::Serialize;

/// A position for the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EditorPosition {
    pub line: u32,
    /// 1-based, in UTF-16 code units.
    pub column: u32,
    /// 0-based, in UTF-16 code units from the start of the document.
    pub offset: u32,
}

/// Line starts with their UTF-16 offsets, for one document.
pub struct Utf16Index<'a> {
    text: &'a [u8],
    /// (byte offset, UTF-16 offset) of each line start.
    lines: Vec<(u32, u32)>,
}

impl<'a> Utf16Index<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        let mut lines = vec![(0u32, 0u32)];
        let mut utf16 = 0u32;
        let mut i = 0usize;
        while i < text.len() {
            let b = text[i];
            let (width, units) = utf8_width(text, i);
            utf16 += units;
            i += width;
            let line_break = b == b'\n' || (b == b'\r' && text.get(i) != Some(&b'\n'));
            if line_break {
                lines.push((clamp(i), utf16));
            }
        }
        Utf16Index { text, lines }
    }

    pub fn position(&self, byte: u32) -> EditorPosition {
        let byte = byte.min(clamp(self.text.len()));
        let line = match self.lines.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(exact) => exact,
            Err(next) => next.saturating_sub(1),
        };
        let (start, start_utf16) = self.lines.get(line).copied().unwrap_or((0, 0));
        let mut i = start as usize;
        let mut column = 0u32;
        while i < byte as usize {
            let (width, units) = utf8_width(self.text, i);
            column += units;
            i += width;
        }
        EditorPosition {
            line: clamp(line + 1),
            column: column + 1,
            offset: start_utf16 + column,
        }
    }
}

/// Byte width and UTF-16 length of the character at `i`; an invalid byte
/// counts as one unit (it arrives in JavaScript as U+FFFD).
fn utf8_width(text: &[u8], i: usize) -> (usize, u32) {
    let b = text[i];
    let width = match b {
        0x00..=0x7F => 1,
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (1, 1),
    };
    match text.get(i..i + width).map(std::str::from_utf8) {
        Some(Ok(s)) => (width, s.chars().map(|c| c.len_utf16() as u32).sum()),
        _ => (1, 1),
    }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_utf16_units() {
        // "é" is one unit, "😀" two.
        let text = "a: é😀x\nb: y".as_bytes();
        let index = Utf16Index::new(text);
        let x = text.iter().position(|&b| b == b'x').unwrap() as u32;
        assert_eq!(
            index.position(x),
            EditorPosition {
                line: 1,
                column: 7,
                offset: 6
            }
        );
        let y = text.iter().position(|&b| b == b'y').unwrap() as u32;
        assert_eq!(
            index.position(y),
            EditorPosition {
                line: 2,
                column: 4,
                offset: 11
            }
        );
    }

    #[test]
    fn crlf_and_invalid_bytes() {
        let text = b"a\r\nb\xffc";
        let index = Utf16Index::new(text);
        assert_eq!(
            index.position(3),
            EditorPosition {
                line: 2,
                column: 1,
                offset: 3
            }
        );
        assert_eq!(
            index.position(5),
            EditorPosition {
                line: 2,
                column: 3,
                offset: 5
            }
        );
        assert_eq!(index.position(99).line, 2);
    }
}
