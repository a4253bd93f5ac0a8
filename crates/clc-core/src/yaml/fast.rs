//! A quick reader for the plain block YAML most configs are written in:
//! block mappings and sequences, one-line plain and quoted scalars, literal
//! block scalars, one-line flow sequences of plain scalars and comments. It builds the same [`Document`] the full
//! reader (scanner → parser → composer) builds, in one pass over the lines
//! and without tokens or events.
//!
//! Whatever else it meets it declines (returns None) and the full reader
//! reads the text: other flow collections, anchors, aliases, tags, directives,
//! document markers, multi-line plain or quoted scalars, escapes, folded
//! scalars, indentation indicators, empty values, tabs, CR and the other
//! line breaks, and anything that is an error. So errors, and their
//! messages and positions, always come from the full reader. Tests compare
//! both readers on every input of the corpus and on generated ones.

use super::reader::{Decoded, Encoding};
use super::scanner::is_indicator;
use super::{store_children, Document, Limits, Node, NodeId, Shape, Stretch, Style};
use crate::byte_scan::run_len;

/// An open collection.
struct Frame {
    id: NodeId,
    mapping: bool,
    /// Column (0-based; spaces only before it) of its keys or `-`s.
    indent: usize,
    /// A sequence at its parent mapping's column (`key:` then `- a`).
    indentless: bool,
    /// A key read whose value starts on a later line.
    pending_key: bool,
    /// Where its children start in the shared child stack.
    base: usize,
}

/// One line with content (not blank, not a comment).
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    /// Byte offset of the first character after the indentation.
    content: usize,
    /// 1-based line number.
    number: u32,
}

impl Line {
    fn indent(&self) -> usize {
        self.content - self.start
    }
}

struct Reader<'t> {
    source: &'t str,
    text: &'t [u8],
    /// Start of the next line to read.
    pos: usize,
    /// 1-based number of the line starting at `pos`.
    line: u32,
    nodes: Vec<Node>,
    values: String,
    items: Vec<NodeId>,
    pairs: Vec<(NodeId, NodeId)>,
    children: Vec<NodeId>,
    frames: Vec<Frame>,
    max_nodes: usize,
    max_depth: usize,
}

/// The document, when the text is within what this reader reads.
pub(crate) fn compose(decoded: &Decoded<'_>, limits: &Limits) -> Option<Document> {
    // Offsets in the text must be offsets in the input.
    if decoded.encoding != Encoding::Utf8
        || decoded.start != 0
        || decoded.fault.is_some()
        || decoded.has_bom
    {
        return None;
    }
    let bytes = decoded.text.as_bytes();
    if !plain_line_breaks(bytes) {
        return None;
    }
    let mut reader = Reader {
        source: &decoded.text,
        text: bytes,
        pos: 0,
        line: 1,
        nodes: Vec::with_capacity(bytes.len() / 16),
        // Every value is a stretch of the text or shorter (indentation and
        // quotes dropped), so they never outgrow it.
        values: String::with_capacity(bytes.len()),
        items: Vec::new(),
        pairs: Vec::new(),
        children: Vec::new(),
        frames: Vec::new(),
        max_nodes: limits.max_nodes,
        max_depth: limits.max_depth as usize,
    };
    let root = reader.document()?;
    let (line, column) = reader.nodes.first().map(|n| (n.line, n.column))?;
    Some(Document {
        nodes: reader.nodes,
        values: reader.values,
        items: reader.items,
        pairs: reader.pairs,
        root: Some(root),
        line,
        column,
    })
}

/// No tab, CR, NEL, LS or PS anywhere: every line ends at `\n` and is
/// indented with spaces only.
fn plain_line_breaks(bytes: &[u8]) -> bool {
    // The bytes that are or may start such a character.
    let suspect = |b: u8| (b == b'\t') | (b == b'\r') | (b == 0xC2) | (b == 0xE2);
    let at = |i: usize| bytes.get(i).copied();
    let mut i = 0;
    loop {
        i += bytes.get(i..).map_or(0, |rest| run_len(rest, suspect));
        let line_break = match at(i) {
            None => return true,
            Some(0xC2) => at(i + 1) == Some(0x85),
            Some(0xE2) => at(i + 1) == Some(0x80) && matches!(at(i + 2), Some(0xA8 | 0xA9)),
            Some(_) => true,
        };
        if line_break {
            return false;
        }
        i += 1;
    }
}

fn is_blank_or_end(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\n'))
}

impl<'t> Reader<'t> {
    fn byte(&self, i: usize) -> Option<u8> {
        self.text.get(i).copied()
    }

    /// End of the line holding `i` (the `\n` or the end of the text).
    fn line_end(&self, i: usize) -> usize {
        self.text
            .get(i..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(self.text.len(), |n| i + n)
    }

    /// Steps past the line holding `i`.
    fn next_line_after(&mut self, i: usize) {
        // Callers are often at the line break already.
        let end = if self.byte(i) == Some(b'\n') {
            i
        } else {
            self.line_end(i)
        };
        self.pos = end + 1;
        self.line += 1;
    }

    /// The next line with content, skipping blank and comment lines; None
    /// at the end of the text. Declines document markers and directives.
    fn content_line(&mut self) -> Result<Option<Line>, ()> {
        loop {
            if self.pos >= self.text.len() {
                return Ok(None);
            }
            let start = self.pos;
            let content = self.skip_spaces(start);
            match self.byte(content) {
                None => {
                    self.pos = content;
                    return Ok(None);
                }
                Some(b'\n' | b'#') => self.next_line_after(content),
                Some(b) => {
                    if content == start
                        && (b == b'%'
                            || ((b == b'-' || b == b'.')
                                && self.byte(start + 1) == Some(b)
                                && self.byte(start + 2) == Some(b)
                                && is_blank_or_end(self.text.get(start + 3))))
                    {
                        return Err(());
                    }
                    return Ok(Some(Line {
                        start,
                        content,
                        number: self.line,
                    }));
                }
            }
        }
    }

    /// The first byte from `i` on that is not a space.
    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.byte(i) == Some(b' ') {
            i += 1;
        }
        i
    }

    /// How many spaces, up to `limit`, start at `i`.
    fn spaces_up_to(&self, i: usize, limit: usize) -> usize {
        let window = self.text.get(i..).unwrap_or_default();
        let window = window.get(..limit).unwrap_or(window);
        if window.iter().all(|&b| b == b' ') {
            return window.len();
        }
        window.iter().take_while(|&&b| b == b' ').count()
    }

    /// Where the line's end or its comment starts, if the rest of the line
    /// from `from` holds nothing else (a comment needs a space before it).
    fn rest_is_comment(&self, from: usize) -> Option<usize> {
        let i = self.skip_spaces(from);
        match self.byte(i) {
            None | Some(b'\n') => Some(i),
            Some(b'#') if i > from => Some(i),
            _ => None,
        }
    }

    /// 1-based column of byte `i` on `line`: its indentation is spaces, a
    /// column each, and only the text after it needs counting.
    fn column(&self, line: &Line, i: usize) -> u32 {
        let from = line.content.min(i);
        let chars = from.saturating_sub(line.start)
            + self
                .text
                .get(from..i)
                .unwrap_or_default()
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count();
        u32::try_from(chars + 1).unwrap_or(u32::MAX)
    }

    fn add(
        &mut self,
        shape: Shape,
        style: Style,
        line: &Line,
        at: usize,
        end: usize,
    ) -> Option<NodeId> {
        if self.nodes.len() >= self.max_nodes {
            return None;
        }
        let id = NodeId::try_from(self.nodes.len()).ok()?;
        let column = self.column(line, at);
        self.nodes.push(Node {
            shape,
            style,
            props: None,
            line: line.number,
            column,
            span: u32::try_from(at).ok()?..u32::try_from(end).ok()?,
        });
        Some(id)
    }

    fn store(&mut self, value: &str) -> Stretch {
        let start = self.values.len();
        self.values.push_str(value);
        Stretch::to_end(start, self.values.len())
    }

    fn text_of(&self, from: usize, to: usize) -> Option<&'t str> {
        self.source.get(from..to)
    }

    fn open(&mut self, mapping: bool, line: &Line, at: usize, indentless: bool) -> Option<()> {
        if self.frames.len() >= self.max_depth {
            return None;
        }
        let shape = if mapping {
            Shape::Mapping(Stretch::EMPTY)
        } else {
            Shape::Sequence(Stretch::EMPTY)
        };
        let id = self.add(shape, Style::Block, line, at, at)?;
        self.frames.push(Frame {
            id,
            mapping,
            indent: at - line.start,
            indentless,
            pending_key: false,
            base: self.children.len(),
        });
        Some(())
    }

    /// Closes the innermost collection; returns its id when it was the
    /// root.
    fn close(&mut self) -> Option<Option<NodeId>> {
        let frame = self.frames.pop()?;
        if frame.pending_key {
            // `key:` with nothing after it: an empty value.
            return None;
        }
        let own = self.children.get(frame.base..)?;
        let last = own.last().copied()?;
        let shape = store_children(frame.mapping, own, &mut self.pairs, &mut self.items);
        self.children.truncate(frame.base);
        let end = self.nodes.get(last as usize)?.span.end;
        let node = self.nodes.get_mut(frame.id as usize)?;
        node.shape = shape;
        node.span.end = end.max(node.span.start);
        if self.frames.is_empty() {
            return Some(Some(frame.id));
        }
        self.children.push(frame.id);
        Some(None)
    }

    fn document(&mut self) -> Option<NodeId> {
        let first = self.content_line().ok()??;
        self.open_at(&first)?;
        let mut next = Some(first);
        while let Some(line) = next {
            self.entry(&line)?;
            next = self.content_line().ok()?;
            if let Some(line) = next {
                self.settle(&line)?;
            }
        }
        loop {
            if let Some(root) = self.close()? {
                return Some(root);
            }
        }
    }

    /// Opens the collection that starts at `line`.
    fn open_at(&mut self, line: &Line) -> Option<()> {
        if self.is_entry(line.content) {
            self.open(false, line, line.content, false)
        } else {
            self.open(true, line, line.content, false)
        }
    }

    /// `- ` (or `-` at the end of the line) at `i`.
    fn is_entry(&self, i: usize) -> bool {
        self.byte(i) == Some(b'-') && is_blank_or_end(self.text.get(i + 1))
    }

    /// Closes and opens collections so that `line` continues the innermost
    /// one.
    fn settle(&mut self, line: &Line) -> Option<()> {
        let indent = line.indent();
        let top = self.frames.last()?;
        if top.pending_key {
            if indent > top.indent {
                self.frames.last_mut()?.pending_key = false;
                return self.open_at(line);
            }
            if indent == top.indent && self.is_entry(line.content) {
                self.frames.last_mut()?.pending_key = false;
                return self.open(false, line, line.content, true);
            }
            return None;
        }
        loop {
            let top = self.frames.last()?;
            let leave = indent < top.indent
                || (top.indentless && indent == top.indent && !self.is_entry(line.content));
            if !leave {
                break;
            }
            if self.close()?.is_some() {
                // Content after the root collection ended.
                return None;
            }
        }
        (self.frames.last()?.indent == indent).then_some(())
    }

    /// Reads the key or item on `line` (the innermost collection's).
    fn entry(&mut self, line: &Line) -> Option<()> {
        let top = self.frames.last()?;
        if top.mapping {
            return self.pair(line, line.content);
        }
        if !self.is_entry(line.content) {
            return None;
        }
        let at = self.skip_spaces(line.content + 1);
        match self.byte(at) {
            None | Some(b'\n' | b'#' | b'-') => None,
            Some(_) if self.key_end(at).is_some() => {
                self.open(true, line, at, false)?;
                self.pair(line, at)
            }
            Some(_) => {
                let id = self.scalar(line, at)?;
                self.children.push(id);
                Some(())
            }
        }
    }

    /// Whether a plain scalar starts at `at`: not at an indicator, except
    /// a `-` before a non-blank (`-1`).
    fn starts_plain(&self, at: usize) -> bool {
        match self.byte(at) {
            None => false,
            Some(b'-') => !is_blank_or_end(self.text.get(at + 1)),
            Some(b) => !is_indicator(b),
        }
    }

    /// Where the plain key starting at `at` ends and its `:` is, if the
    /// line holds `key: …` or `key:`.
    fn key_end(&self, at: usize) -> Option<(usize, usize)> {
        if !self.starts_plain(at) {
            return None;
        }
        let mut i = at;
        while let Some(b) = self.byte(i) {
            match b {
                b'\n' => return None,
                b':' if is_blank_or_end(self.text.get(i + 1)) => {
                    let mut end = i;
                    while end > at && self.byte(end - 1) == Some(b' ') {
                        end -= 1;
                    }
                    return Some((end, i));
                }
                b'#' if self.byte(i - 1) == Some(b' ') => return None,
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// `key: value` or `key:` at `at`, in the innermost (mapping) frame.
    fn pair(&mut self, line: &Line, at: usize) -> Option<()> {
        let (key_end, colon) = self.key_end(at)?;
        // go-yaml's simple keys are at most 1024 characters long.
        if key_end - at > 1000 {
            return None;
        }
        let value = self.text_of(at, key_end)?;
        let stretch = self.store(value);
        let key = self.add(Shape::Scalar(stretch), Style::Plain, line, at, key_end)?;
        self.children.push(key);
        let v = self.skip_spaces(colon + 1);
        match self.byte(v) {
            None | Some(b'\n' | b'#') => {
                self.frames.last_mut()?.pending_key = true;
                self.next_line_after(colon);
                Some(())
            }
            Some(_) => {
                let id = self.scalar(line, v)?;
                self.children.push(id);
                Some(())
            }
        }
    }

    /// The scalar value starting at `at` on `line`; moves on past it.
    fn scalar(&mut self, line: &Line, at: usize) -> Option<NodeId> {
        match self.byte(at)? {
            b'|' => self.literal(line, at),
            b'[' => self.flow_sequence(line, at),
            b'\'' | b'"' => self.quoted(line, at),
            _ => self.plain(line, at),
        }
    }

    /// What may follow a scalar on its line: spaces, then a comment or
    /// nothing. Moves on to the next line, and declines when that line
    /// could continue the scalar (it is indented past the collection).
    fn end_of_scalar_line(&mut self, from: usize) -> Option<()> {
        let i = self.rest_is_comment(from)?;
        self.next_line_after(i);
        let indent = self.frames.last()?.indent;
        let mut j = self.pos;
        loop {
            let start = j;
            j = self.skip_spaces(j);
            match self.byte(j) {
                None => return Some(()),
                Some(b'\n') => j += 1,
                Some(_) => return (j - start <= indent).then_some(()),
            }
        }
    }

    fn plain(&mut self, line: &Line, at: usize) -> Option<NodeId> {
        if !self.starts_plain(at) {
            return None;
        }
        let mut i = at;
        let mut end = at;
        while let Some(b) = self.byte(i) {
            match b {
                b'\n' => break,
                b':' if is_blank_or_end(self.text.get(i + 1)) => return None,
                b'#' if self.byte(i - 1) == Some(b' ') => break,
                b' ' => {}
                _ => end = i + 1,
            }
            i += 1;
        }
        let value = self.text_of(at, end)?;
        let stretch = self.store(value);
        let id = self.add(Shape::Scalar(stretch), Style::Plain, line, at, end)?;
        self.end_of_scalar_line(end)?;
        Some(id)
    }

    /// A one-line flow sequence of plain scalars without `:`, `#` or `?`
    /// (`[--log-driver=journald, b]`).
    fn flow_sequence(&mut self, line: &Line, at: usize) -> Option<NodeId> {
        let id = self.add(Shape::Sequence(Stretch::EMPTY), Style::Flow, line, at, at)?;
        let mut items = Vec::new();
        let mut i = at + 1;
        i = self.skip_spaces(i);
        let close = if self.byte(i) == Some(b']') {
            i
        } else {
            loop {
                let start = i;
                if !self.starts_plain(start) {
                    return None;
                }
                let mut end = start;
                while let Some(b) = self.byte(i) {
                    match b {
                        b',' | b']' => break,
                        // `?` ends a plain scalar in a flow collection.
                        b'\n' | b'[' | b'{' | b'}' | b':' | b'#' | b'?' => return None,
                        b' ' => {}
                        _ => end = i + 1,
                    }
                    i += 1;
                }
                let value = self.text_of(start, end)?;
                let stretch = self.store(value);
                items.push(self.add(Shape::Scalar(stretch), Style::Plain, line, start, end)?);
                match self.byte(i)? {
                    b']' => break i,
                    _ => {
                        // A `,`; a trailing one is left to the full reader.
                        i = self.skip_spaces(i + 1);
                        if self.byte(i) == Some(b']') {
                            return None;
                        }
                    }
                }
            }
        };
        let start = self.items.len();
        self.items.extend_from_slice(&items);
        let node = self.nodes.get_mut(id as usize)?;
        node.shape = Shape::Sequence(Stretch::to_end(start, self.items.len()));
        node.span.end = u32::try_from(close + 1).ok()?;
        self.end_of_scalar_line(close + 1)?;
        Some(id)
    }

    /// A one-line quoted scalar without escapes.
    fn quoted(&mut self, line: &Line, at: usize) -> Option<NodeId> {
        let quote = self.byte(at)?;
        let mut value = String::new();
        let mut run = at + 1;
        let mut i = at + 1;
        let close = loop {
            match self.byte(i)? {
                b'\n' | b'\\' if quote == b'"' => return None,
                b'\n' => return None,
                b'\'' if quote == b'\'' && self.byte(i + 1) == Some(b'\'') => {
                    value.push_str(self.text_of(run, i + 1)?);
                    i += 2;
                    run = i;
                }
                b if b == quote => break i,
                _ => i += 1,
            }
        };
        value.push_str(self.text_of(run, close)?);
        let stretch = self.store(&value);
        let style = if quote == b'\'' {
            Style::SingleQuoted
        } else {
            Style::DoubleQuoted
        };
        let id = self.add(Shape::Scalar(stretch), style, line, at, close + 1)?;
        // A quoted key (`"a": 1`) is left to the full reader.
        let after = self.skip_spaces(close + 1);
        if self.byte(after) == Some(b':') {
            return None;
        }
        self.end_of_scalar_line(close + 1)?;
        Some(id)
    }

    /// A literal block scalar (`|`, `|-` or `|+`, indentation detected).
    fn literal(&mut self, line: &Line, at: usize) -> Option<NodeId> {
        let mut i = at + 1;
        let chomping = match self.byte(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 0,
        };
        let j = self.rest_is_comment(i)?;
        let floor = self.frames.last()?.indent + 1;
        self.next_line_after(j);
        // The first content line sets the indentation; blank lines before
        // it are left to the full reader (their spaces count too).
        let first = self.pos;
        let k = self.skip_spaces(first);
        let indent = k - first;
        if matches!(self.byte(k), None | Some(b'\n')) || indent < floor {
            return None;
        }
        let value_start = self.values.len();
        let mut leading_break = false;
        let mut trailing_breaks = 0usize;
        let mut last_content_end = at + 1;
        loop {
            let start = self.pos;
            if start >= self.text.len() {
                break;
            }
            let s = start + self.spaces_up_to(start, indent);
            let end = self.line_end(s);
            let has_break = end < self.text.len();
            if s == end {
                // A blank line (up to the indentation) inside or after the
                // block.
                if has_break {
                    trailing_breaks += 1;
                }
                self.next_line_after(end);
                continue;
            }
            if s - start < indent {
                // Less indented content ends the block.
                break;
            }
            if leading_break {
                self.values.push('\n');
            }
            self.values
                .extend(std::iter::repeat_n('\n', trailing_breaks));
            trailing_breaks = 0;
            let content = self.text_of(s, end)?;
            self.values.push_str(content);
            if let Some(last) = self
                .text
                .get(s..end)
                .and_then(|content| content.iter().rposition(|&b| b != b' '))
            {
                last_content_end = s + last + 1;
            }
            leading_break = has_break;
            self.next_line_after(end);
        }
        if chomping != -1 && leading_break {
            self.values.push('\n');
        }
        if chomping == 1 {
            self.values
                .extend(std::iter::repeat_n('\n', trailing_breaks));
        }
        let stretch = Stretch::to_end(value_start, self.values.len());
        self.add(
            Shape::Scalar(stretch),
            Style::Literal,
            line,
            at,
            last_content_end,
        )
    }
}

#[cfg(test)]
mod tests;
