//! Characters → tokens: a YAML scanner with simple-key tracking and an
//! indentation stack, following go-yaml v3's scanner rule for rule — its
//! token look-ahead, its handling of tabs, comments and document markers,
//! and its error messages and marks.

use std::collections::VecDeque;

use super::reader::{utf8_width, Decoded, Feed};
use super::{Failure, FailureInfo, FailureKind, Stretch};

/// Deepest flow nesting and indentation stack go-yaml accepts.
const MAX_FLOW_LEVEL: usize = 10_000;
const MAX_INDENTS: usize = 10_000;
/// How far go-yaml looks ahead for comments.
const COMMENT_LOOKAHEAD: usize = 512;

/// A position in the text, counted the way go-yaml counts: `line` and
/// `column` from 0, `column` in characters. `pos` is the byte offset in the
/// text. (go-yaml's `index`, the characters before the position, is the
/// number of characters in the text up to `pos`.) Stored compactly: tokens
/// and events carry two each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mark {
    pos: u32,
    line: u32,
    column: u32,
}

/// `n` as a mark field. Inputs are smaller than 4 GiB; only a UTF-16 input
/// near that size could have a text whose positions wrap here.
#[inline(always)]
fn narrow(n: usize) -> u32 {
    n as u32
}

impl Mark {
    #[inline(always)]
    pub fn new(pos: usize, line: usize, column: usize) -> Mark {
        Mark {
            pos: narrow(pos),
            line: narrow(line),
            column: narrow(column),
        }
    }

    /// Byte offset in the text.
    #[inline(always)]
    pub fn pos(self) -> usize {
        self.pos as usize
    }

    /// Line, from 0.
    #[inline(always)]
    pub fn line(self) -> usize {
        self.line as usize
    }

    /// Column in characters, from 0.
    #[inline(always)]
    pub fn column(self) -> usize {
        self.column as usize
    }

    /// 1-based line, as go-yaml reports it.
    #[inline(always)]
    pub fn line_number(self) -> u32 {
        self.line.saturating_add(1)
    }

    /// 1-based column, as go-yaml reports it.
    #[inline(always)]
    pub fn column_number(self) -> u32 {
        self.column.saturating_add(1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    StreamStart,
    StreamEnd,
    VersionDirective {
        major: u8,
        minor: u8,
    },
    /// Handle and prefix.
    TagDirective(Box<(String, String)>),
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(Box<str>),
    Anchor(Box<str>),
    /// Handle and suffix.
    Tag(Box<(String, String)>),
    Scalar {
        /// Where the value sits in the scanner's [`Scanner::values`].
        value: Stretch,
        style: ScalarStyle,
    },
}

/// The kind of a token without its data, for cheap comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

impl TokenKind {
    pub fn tok(&self) -> Tok {
        match self {
            TokenKind::StreamStart => Tok::StreamStart,
            TokenKind::StreamEnd => Tok::StreamEnd,
            TokenKind::VersionDirective { .. } => Tok::VersionDirective,
            TokenKind::TagDirective(_) => Tok::TagDirective,
            TokenKind::DocumentStart => Tok::DocumentStart,
            TokenKind::DocumentEnd => Tok::DocumentEnd,
            TokenKind::BlockSequenceStart => Tok::BlockSequenceStart,
            TokenKind::BlockMappingStart => Tok::BlockMappingStart,
            TokenKind::BlockEnd => Tok::BlockEnd,
            TokenKind::FlowSequenceStart => Tok::FlowSequenceStart,
            TokenKind::FlowSequenceEnd => Tok::FlowSequenceEnd,
            TokenKind::FlowMappingStart => Tok::FlowMappingStart,
            TokenKind::FlowMappingEnd => Tok::FlowMappingEnd,
            TokenKind::BlockEntry => Tok::BlockEntry,
            TokenKind::FlowEntry => Tok::FlowEntry,
            TokenKind::Key => Tok::Key,
            TokenKind::Value => Tok::Value,
            TokenKind::Alias(_) => Tok::Alias,
            TokenKind::Anchor(_) => Tok::Anchor,
            TokenKind::Tag(_) => Tok::Tag,
            TokenKind::Scalar { .. } => Tok::Scalar,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub start: Mark,
    pub end: Mark,
}

/// A place where a plain or quoted scalar, an alias, … might turn out to be
/// a mapping key once a `:` follows.
#[derive(Clone, Copy, Debug, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// Token numbers of possible simple keys → their level in the simple-key
/// stack, sorted by token number (new keys always have the highest).
#[derive(Default)]
struct KeyIndex {
    entries: Vec<(usize, usize)>,
    /// Entries before this one are gone.
    head: usize,
}

impl KeyIndex {
    #[inline(always)]
    fn insert(&mut self, number: usize, level: usize) {
        match self.entries.last() {
            Some(&(last, _)) if last >= number && self.head < self.entries.len() => {
                self.insert_before(number, level);
            }
            _ => self.entries.push((number, level)),
        }
    }

    #[inline(never)]
    fn insert_before(&mut self, number: usize, level: usize) {
        let live = self.entries.get(self.head..).unwrap_or_default();
        match live.binary_search_by_key(&number, |e| e.0) {
            Ok(i) => {
                if let Some(entry) = self.entries.get_mut(self.head + i) {
                    entry.1 = level;
                }
            }
            Err(i) => self.entries.insert(self.head + i, (number, level)),
        }
    }

    #[inline(always)]
    fn remove(&mut self, number: usize) {
        // Usually the newest key.
        if self.head < self.entries.len() && self.entries.last().is_some_and(|e| e.0 == number) {
            self.entries.pop();
        } else {
            self.remove_older(number);
        }
    }

    #[inline(never)]
    fn remove_older(&mut self, number: usize) {
        let live = self.entries.get(self.head..).unwrap_or_default();
        if let Ok(i) = live.binary_search_by_key(&number, |e| e.0) {
            self.entries.remove(self.head + i);
        }
    }

    /// False when there is certainly no entry for token `number` (or later).
    #[inline(always)]
    fn may_hold(&self, number: usize) -> bool {
        self.entries.last().is_some_and(|e| e.0 >= number)
    }

    /// The level for token `number`; entries for earlier tokens are dropped
    /// (lookups only ever ask for the next token to hand out).
    fn get(&mut self, number: usize) -> Option<usize> {
        while self.entries.get(self.head).is_some_and(|e| e.0 < number) {
            self.head += 1;
        }
        if self.head == self.entries.len() {
            self.entries.clear();
            self.head = 0;
            return None;
        }
        if self.head >= 64 {
            self.entries.drain(..self.head);
            self.head = 0;
        }
        match self.entries.get(self.head) {
            Some(&(n, level)) if n == number => Some(level),
            _ => None,
        }
    }
}

pub(crate) struct Scanner<'a> {
    raw: &'a [u8],
    pub decoded: &'a Decoded<'a>,
    /// The decoded text (`decoded.text`), borrowed once for speed.
    text: &'a str,
    /// The same text as bytes.
    bytes: &'a [u8],
    feed: Feed,
    /// The current position (see [`Mark`]).
    pos: usize,
    line: usize,
    column: usize,
    tokens: VecDeque<Token>,
    /// Tokens handed to the parser so far.
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    pub stream_end_produced: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    /// Token number → index in `simple_keys`, as go-yaml keeps it (entries
    /// can outlive their key; lookups check).
    keys_by_token: KeyIndex,
    flow_level: usize,
    /// Line breaks consumed since the last non-blank character.
    newlines: usize,
    /// Kind of the token most recently added to the queue.
    last_added: Option<Tok>,
    /// A reader failure hit during a comment look-ahead: go-yaml records it
    /// without stopping, and produces no more events after the current one.
    pub poisoned: Option<Failure>,
    /// Whether the text holds a byte order mark (one go-yaml's line-start
    /// check could find).
    has_bom: bool,
    /// Buffers reused by the scalar scanners.
    scratch: [String; 4],
    /// Every scalar value scanned, back to back: the document keeps them
    /// (see [`super::Document`]).
    pub values: String,
}

/// YAML's indicator characters: none starts a plain scalar (though `-`,
/// `?` and `:` do before a non-blank).
pub(super) fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

fn is_alpha(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn is_uri_char(b: u8) -> bool {
    is_alpha(b)
        || matches!(
            b,
            b';' | b'/'
                | b'?'
                | b':'
                | b'@'
                | b'&'
                | b'='
                | b'+'
                | b'$'
                | b','
                | b'.'
                | b'!'
                | b'~'
                | b'*'
                | b'\''
                | b'('
                | b')'
                | b'['
                | b']'
                | b'%'
        )
}

/// [`PLAIN_STOP`] bit: a plain scalar's word cannot simply run over the
/// byte (in block context; in flow context [`FLOW_STOP`] too).
const BLOCK_STOP: u8 = 1;
const FLOW_STOP: u8 = 2;
/// [`PLAIN_STOP`] bit of the bytes of non-ASCII characters.
const NON_ASCII: u8 = 4;

/// Bytes a plain scalar's word cannot simply run over: blanks, breaks (and
/// the first bytes of NEL, LS and PS), `:`, and the flow indicators.
// Built at compile time: an index out of range would fail the build.
#[allow(clippy::indexing_slicing)]
static PLAIN_STOP: [u8; 256] = {
    let mut table = [0u8; 256];
    let both = [b' ', b'\t', b'\r', b'\n', 0, b':', 0xC2, 0xE2];
    let mut i = 0;
    while i < both.len() {
        table[both[i] as usize] = BLOCK_STOP | FLOW_STOP;
        i += 1;
    }
    let flow = [b',', b'?', b'[', b']', b'{', b'}'];
    let mut i = 0;
    while i < flow.len() {
        table[flow[i] as usize] = FLOW_STOP;
        i += 1;
    }
    let mut b = 0x80;
    while b < 0x100 {
        table[b] |= NON_ASCII;
        b += 1;
    }
    table
};

/// The [`PLAIN_STOP`] bits of `b`.
#[inline(always)]
fn plain_class(b: u8) -> u8 {
    // A `u8` always indexes a 256-entry table.
    #[allow(clippy::indexing_slicing)]
    PLAIN_STOP[usize::from(b)]
}

/// Whether `b` starts a character (is not a UTF-8 continuation byte).
#[inline(always)]
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of the lowest byte of `w` equal to `b` is set (higher
/// bytes may be flagged falsely, lower ones never).
#[inline(always)]
fn flag_byte(w: u64, b: u8) -> u64 {
    let v = w ^ (ONES * u64::from(b));
    v.wrapping_sub(ONES) & !v & HIGHS
}

/// The first eight bytes of `bytes` as a little-endian word.
#[inline(always)]
fn word_at(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    if let Some(first) = bytes.get(..8) {
        word.copy_from_slice(first);
    }
    u64::from_le_bytes(word)
}

/// How many bytes of `flags` (each 0x80 or 0) are flagged.
#[inline(always)]
fn count_flags(flags: u64) -> usize {
    ((flags >> 7).wrapping_mul(ONES) >> 56) as usize
}

/// The run of a block scalar line from `from`: the position of the line
/// break (CR, LF, NEL, LS or PS) or NUL that ends it, or of a byte that may
/// start a line break where the last few bytes of the text begin, or the
/// end of the text; and how many characters come before it.
#[inline]
fn line_run(bytes: &[u8], from: usize) -> (usize, usize) {
    let mut at = from;
    // UTF-8 continuation bytes passed.
    let mut cont = 0usize;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Printable ASCII (and DEL) only: nothing to stop at or count.
        let low = w.wrapping_sub(ONES * 0x0E) & !w & HIGHS;
        if (w & HIGHS) | low == 0 {
            at += 8;
            continue;
        }
        let stops = flag_byte(w, b'\n')
            | flag_byte(w, b'\r')
            | flag_byte(w, 0)
            | flag_byte(w, 0xC2)
            | flag_byte(w, 0xE2);
        let conts = w & !(w << 1) & HIGHS;
        if stops != 0 {
            let i = stops.trailing_zeros() / 8;
            let before = if i == 0 { 0 } else { u64::MAX >> (64 - 8 * i) };
            cont += count_flags(conts & before);
            let to = at + i as usize;
            let next = |k: usize| bytes.get(to + k).copied().unwrap_or(0);
            let false_stop = match next(0) {
                0xC2 => next(1) != 0x85,
                0xE2 => next(1) != 0x80 || !matches!(next(2), 0xA8 | 0xA9),
                _ => false,
            };
            if !false_stop {
                return (to, to - from - cont);
            }
            // A character that only starts like NEL, LS or PS: on after it.
            at = to + 1;
            continue;
        }
        cont += count_flags(conts);
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if matches!(b, b'\r' | b'\n' | 0 | 0xC2 | 0xE2) {
            break;
        }
        cont += usize::from(!starts_char(b));
        at += 1;
    }
    (at, at - from - cont)
}

/// Bytes a quoted scalar's word cannot simply run over.
#[inline]
fn quoted_stop(b: u8, quote: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0 | b'\\' | 0xC2 | 0xE2) || b == quote
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// Appends a line break as [`Scanner::skip_break`] reads it ("" for none).
#[inline(always)]
fn push_break(out: &mut String, line_break: &str) {
    if line_break == "\n" {
        out.push('\n');
    } else {
        out.push_str(line_break);
    }
}

fn push_char(out: &mut String, value: u32) {
    out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
}

/// Bytes that were collected from valid text: always UTF-8.
fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

impl<'a> Scanner<'a> {
    pub fn new(raw: &'a [u8], decoded: &'a Decoded<'a>) -> Scanner<'a> {
        let mut feed = Feed::new(raw, decoded);
        if Feed::unobservable(decoded) {
            feed.decode_everything();
        }
        Scanner {
            raw,
            decoded,
            text: &decoded.text,
            bytes: decoded.text.as_bytes(),
            feed,
            pos: 0,
            line: 0,
            column: 0,
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            stream_start_produced: false,
            stream_end_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            keys_by_token: KeyIndex::default(),
            flow_level: 0,
            newlines: 0,
            last_added: None,
            poisoned: None,
            has_bom: decoded.has_bom,
            scratch: Default::default(),
            values: String::new(),
        }
    }

    // ---- characters ----------------------------------------------------

    /// The current position as a mark.
    #[inline(always)]
    fn mark(&self) -> Mark {
        Mark::new(self.pos, self.line, self.column)
    }

    /// The byte at text position `p`; 0 past the end.
    #[inline(always)]
    fn byte(&self, p: usize) -> u8 {
        match self.bytes.get(p) {
            Some(&b) => b,
            None => 0,
        }
    }

    /// Whether a line break (CR, LF, NEL, LS or PS) starts at `p`.
    #[inline(always)]
    fn is_break(&self, p: usize) -> bool {
        match self.byte(p) {
            b'\r' | b'\n' => true,
            0xC2 => self.byte(p + 1) == 0x85,
            0xE2 => self.byte(p + 1) == 0x80 && matches!(self.byte(p + 2), 0xA8 | 0xA9),
            _ => false,
        }
    }

    /// Whether a blank, a line break or the end of the text is at `p`.
    #[inline(always)]
    fn is_blankz(&self, p: usize) -> bool {
        matches!(self.byte(p), b' ' | b'\t' | 0) || self.is_break(p)
    }

    /// The byte `k` places after the current position; 0 past the end.
    #[inline(always)]
    fn at(&self, k: usize) -> u8 {
        self.byte(self.pos + k)
    }

    #[inline]
    fn is_blank_at(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t')
    }

    #[inline]
    fn is_break_at(&self, k: usize) -> bool {
        self.is_break(self.pos + k)
    }

    #[inline]
    fn is_z_at(&self, k: usize) -> bool {
        self.at(k) == 0
    }

    #[inline]
    fn is_breakz_at(&self, k: usize) -> bool {
        self.is_z_at(k) || self.is_break_at(k)
    }

    #[inline]
    fn is_blankz_at(&self, k: usize) -> bool {
        self.is_blankz(self.pos + k)
    }

    /// Whether every character from here on is decoded, with `keep` to
    /// spare: no `need(n)` for `n <= keep` can refill before the end.
    #[inline(always)]
    fn decoded_to_end(&self, keep: isize) -> bool {
        self.feed.unread - keep >= self.bytes.len().saturating_sub(self.pos) as isize
    }

    /// True when the next four characters are `---` or `...` and a blank
    /// (at the start of a line).
    #[inline(always)]
    fn at_document_indicator(&self) -> bool {
        self.column == 0 && self.document_indicator_follows()
    }

    fn document_indicator_follows(&self) -> bool {
        let c = self.at(0);
        (c == b'-' || c == b'.') && self.at(1) == c && self.at(2) == c && self.is_blankz_at(3)
    }

    /// Makes sure `n` characters are decoded (go-yaml's `cache`).
    #[inline(always)]
    fn need(&mut self, n: usize) -> Result<(), Failure> {
        if self.feed.unread >= n as isize {
            return Ok(());
        }
        self.refill(n)
    }

    #[cold]
    #[inline(never)]
    fn refill(&mut self, n: usize) -> Result<(), Failure> {
        self.feed
            .refill(self.raw, self.pos, n)
            .map_err(|()| self.reader_failure())
    }

    /// Like [`Self::need`] where go-yaml ignores the failure (comment
    /// look-ahead): the failure is recorded and false returned.
    fn need_soft(&mut self, n: usize) -> bool {
        match self.need(n) {
            Ok(()) => true,
            Err(f) => {
                if self.poisoned.is_none() {
                    self.poisoned = Some(f);
                }
                false
            }
        }
    }

    /// Length of the decoded text.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// How far into the text the scanner is.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Whether more than 1024 characters lie between text position `from`
    /// and the current position: always past 4096 bytes (characters take 1
    /// to 4 bytes), counted up to that.
    #[cold]
    fn more_than_1024_chars_since(&self, from: usize) -> bool {
        self.pos.saturating_sub(from) > 4096 || self.chars_since(from) > 1024
    }

    /// Characters (go-yaml's `index` units) from text position `from` to
    /// the current position.
    fn chars_since(&self, from: usize) -> usize {
        let to = self.pos;
        self.bytes
            .get(from.min(to)..to)
            .map_or(0, |run| run.iter().filter(|&&b| starts_char(b)).count())
    }

    /// Reusable buffers for scalar scanning, emptied.
    fn take_scratch(&mut self) -> [String; 4] {
        let mut bufs = std::mem::take(&mut self.scratch);
        for b in &mut bufs {
            b.clear();
        }
        bufs
    }

    /// Stores the scalar value held in the first buffer; the buffers go
    /// back for the next scalar.
    fn finish_scalar(&mut self, bufs: [String; 4]) -> Stretch {
        let value = self.store_value(&bufs[0]);
        self.scratch = bufs;
        value
    }

    /// Appends a scalar value to [`Self::values`].
    fn store_value(&mut self, value: &str) -> Stretch {
        let start = self.values.len();
        self.values.push_str(value);
        Stretch::to_end(start, self.values.len())
    }

    /// The text from `from` to `to` (empty out of bounds or off character
    /// boundaries, which the scanner never asks for).
    #[inline]
    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or("")
    }

    pub fn reader_failure(&self) -> Failure {
        let fault = self.decoded.fault.as_ref();
        Failure::new(FailureInfo {
            kind: FailureKind::Reader,
            context_mark: None,
            problem: fault
                .map_or("unknown problem parsing YAML content", |f| f.problem)
                .to_string(),
            problem_mark: None,
            raw_offset: fault.map(|f| f.offset),
        })
    }

    fn scanner_error(&self, context_mark: Mark, problem: &str) -> Failure {
        Failure::new(FailureInfo {
            kind: FailureKind::Scanner,
            context_mark: Some(context_mark),
            problem: problem.to_string(),
            problem_mark: Some(self.mark()),
            raw_offset: None,
        })
    }

    fn skip(&mut self) {
        let b = self.at(0);
        if b != b' ' && b != b'\t' {
            self.newlines = 0;
        }
        self.column += 1;
        self.feed.unread -= 1;
        self.pos += utf8_width(b).max(1);
    }

    fn skip_line(&mut self) {
        if self.at(0) == b'\r' && self.at(1) == b'\n' {
            self.pos += 2;
            self.feed.unread -= 2;
        } else if self.is_break_at(0) {
            self.pos += utf8_width(self.at(0)).max(1);
            self.feed.unread -= 1;
        } else {
            return;
        }
        self.column = 0;
        self.line += 1;
        self.newlines += 1;
    }

    /// Copies the current character to `out` and advances.
    fn read(&mut self, out: &mut String) {
        let from = self.pos;
        self.skip();
        out.push_str(self.slice(from, self.pos));
    }

    /// Like [`Self::read`], for the byte buffers of names and tags.
    fn read_bytes(&mut self, out: &mut Vec<u8>) {
        let from = self.pos;
        self.skip();
        out.extend_from_slice(self.slice(from, self.pos).as_bytes());
    }

    /// Advances over the run of characters from here whose first byte
    /// `stop` is false for (`stop` must be false for UTF-8 continuation
    /// bytes), the way the per-character loops would (`skip`, then
    /// `need(keep)`): only while `keep` decoded characters stay unread after
    /// each one, so no refill is skipped. Returns how many were skipped.
    #[inline(always)]
    fn skip_run(&mut self, keep: isize, stop: impl Fn(u8) -> bool) -> usize {
        let bytes = self.bytes;
        let from = self.pos;
        let budget = self.feed.unread - keep;
        let mut to = from;
        let mut chars: usize = 0;
        if budget >= bytes.len().saturating_sub(from) as isize {
            // Every character there is decoded: a plain byte loop.
            while let Some(&b) = bytes.get(to) {
                if stop(b) {
                    break;
                }
                chars += usize::from(starts_char(b));
                to += 1;
            }
        } else {
            while (chars as isize) < budget {
                let Some(&b) = bytes.get(to) else { break };
                if stop(b) {
                    break;
                }
                to += utf8_width(b).max(1);
                chars += 1;
            }
            to = to.min(bytes.len());
        }
        self.advance_over(from, to, chars);
        chars
    }

    /// [`Self::skip_run`] over the rest of a plain scalar's word (`stop`:
    /// [`BLOCK_STOP`] or [`FLOW_STOP`]) with two characters kept unread.
    #[inline(always)]
    fn skip_plain_run(&mut self, stop: u8) -> usize {
        let bytes = self.bytes;
        let from = self.pos;
        if self.feed.unread - 2 < bytes.len().saturating_sub(from) as isize {
            return self.skip_run(2, |b| plain_class(b) & stop != 0);
        }
        let mut to = from;
        // UTF-8 continuation bytes passed.
        let mut cont = 0;
        while let Some(&b) = bytes.get(to) {
            let class = plain_class(b);
            if class & (stop | NON_ASCII) != 0 {
                if class & stop != 0 {
                    break;
                }
                cont += usize::from(!starts_char(b));
            }
            to += 1;
        }
        let chars = to - from - cont;
        self.advance_over(from, to, chars);
        chars
    }

    /// Moves on from `from` (the current position) to `to` over `chars`
    /// characters with no line break among them.
    #[inline(always)]
    fn advance_over(&mut self, from: usize, to: usize, chars: usize) {
        if chars == 0 {
            return;
        }
        if self.newlines != 0
            && self
                .bytes
                .get(from..to)
                .unwrap_or_default()
                .iter()
                .any(|&b| b != b' ' && b != b'\t')
        {
            self.newlines = 0;
        }
        self.pos = to;
        self.column += chars;
        self.feed.unread -= chars as isize;
    }

    /// Copies a run of characters for which `stop` is false, as
    /// [`Self::skip_run`] skips them. Returns whether anything was copied.
    fn copy_run(&mut self, out: &mut String, keep: isize, stop: impl Fn(u8) -> bool) -> bool {
        let from = self.pos;
        if self.skip_run(keep, stop) == 0 {
            return false;
        }
        out.push_str(self.slice(from, self.pos));
        true
    }

    /// Skips the spaces from here, at most `limit` of them, as
    /// [`Self::skip_run`] does.
    #[inline(always)]
    fn skip_spaces(&mut self, keep: isize, limit: usize) {
        let bytes = self.bytes;
        let from = self.pos;
        let budget = usize::try_from(self.feed.unread - keep).unwrap_or(0);
        let end = bytes.len().min(from.saturating_add(limit.min(budget)));
        let run = bytes.get(from..end).unwrap_or_default();
        let mut n = 0;
        // Eight at a time: the first byte that is not a space ends the run.
        while let Some(chunk) = run.get(n..n + 8) {
            let others = word_at(chunk) ^ (ONES * u64::from(b' '));
            if others != 0 {
                n += (others.trailing_zeros() / 8) as usize;
                break;
            }
            n += 8;
        }
        if run.len() - n < 8 {
            n += run
                .get(n..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&b| b == b' ')
                .count();
        }
        self.pos = from + n;
        self.column += n;
        self.feed.unread -= n as isize;
    }

    /// Copies a line break to `out` (CR, LF, CR LF and NEL as `\n`; LS and
    /// PS as themselves) and advances.
    fn read_line(&mut self, out: &mut String) {
        out.push_str(self.skip_break());
    }

    /// Skips a line break and returns what [`Self::read_line`] would copy
    /// ("" when there is no line break here).
    fn skip_break(&mut self) -> &'static str {
        let (bytes, kept): (usize, &'static str) = match (self.at(0), self.at(1), self.at(2)) {
            (b'\r', b'\n', _) => {
                self.feed.unread -= 1;
                (2, "\n")
            }
            (b'\r' | b'\n', _, _) => (1, "\n"),
            (0xC2, 0x85, _) => (2, "\n"),
            (0xE2, 0x80, 0xA8) => (3, "\u{2028}"),
            (0xE2, 0x80, 0xA9) => (3, "\u{2029}"),
            _ => return "",
        };
        self.pos += bytes;
        self.column = 0;
        self.line += 1;
        self.feed.unread -= 1;
        self.newlines += 1;
        kept
    }

    // ---- the token queue -----------------------------------------------

    /// The next token, scanning more input as go-yaml would.
    pub fn peek(&mut self) -> Result<&Token, Failure> {
        if !self.token_available {
            self.make_available()?;
        }
        self.tokens
            .front()
            .ok_or_else(|| Failure::internal("empty token queue"))
    }

    pub fn peek_tok(&mut self) -> Result<Tok, Failure> {
        Ok(self.peek()?.kind.tok())
    }

    /// Removes and returns the token [`Self::peek`] showed.
    #[inline]
    pub fn take(&mut self) -> Result<Token, Failure> {
        if !self.token_available {
            self.make_available()?;
        }
        let token = self
            .tokens
            .pop_front()
            .ok_or_else(|| Failure::internal("empty token queue"))?;
        self.token_available = false;
        self.tokens_parsed += 1;
        self.stream_end_produced = token.kind == TokenKind::StreamEnd;
        Ok(token)
    }

    /// Removes the token [`Self::peek`] showed.
    #[inline]
    pub fn skip_token(&mut self) -> Result<(), Failure> {
        self.take().map(drop)
    }

    fn queue_len(&self) -> usize {
        self.tokens.len()
    }

    fn push_token(&mut self, kind: TokenKind, start: Mark, end: Mark) {
        self.last_added = Some(kind.tok());
        self.tokens.push_back(Token { kind, start, end });
    }

    /// Inserts a token `number` tokens after the head of the queue; a
    /// position before the head appends it, as go-yaml does.
    #[inline(always)]
    fn insert_token(&mut self, number: isize, token: Token) {
        let len = self.tokens.len();
        if number < 0 || number as usize >= len {
            self.last_added = Some(token.kind.tok());
            self.tokens.push_back(token);
        } else if number as usize + 1 == len {
            // Usually just before the last token: cheaper than an insert.
            if let Some(last) = self.tokens.pop_back() {
                self.tokens.push_back(token);
                self.tokens.push_back(last);
            }
        } else {
            self.tokens.insert(number as usize, token);
        }
    }

    /// [`Self::fetch_more_tokens`], answered at once in the common case of
    /// enough tokens queued and no simple key at the head.
    #[inline(always)]
    fn make_available(&mut self) -> Result<(), Failure> {
        if self.queue_len() > 2 && !self.keys_by_token.may_hold(self.tokens_parsed) {
            self.token_available = true;
            return Ok(());
        }
        self.fetch_more_tokens()
    }

    /// go-yaml keeps at least three tokens queued, and more while the head
    /// token could still become a simple key.
    fn fetch_more_tokens(&mut self) -> Result<(), Failure> {
        loop {
            if self.queue_len() > 2 {
                match self.keys_by_token.get(self.tokens_parsed) {
                    None => break,
                    Some(level) => {
                        if level >= self.simple_keys.len() || !self.simple_key_is_valid(level)? {
                            break;
                        }
                    }
                }
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    fn fetch_next_token(&mut self) -> Result<(), Failure> {
        self.need(1)?;
        if !self.stream_start_produced {
            self.fetch_stream_start();
            return Ok(());
        }
        let scan_mark = self.mark();
        self.scan_to_next_token()?;
        self.unroll_indent(self.column as isize, scan_mark);
        self.need(4)?;

        let c = self.at(0);
        if c == 0 {
            return self.fetch_stream_end();
        }
        if self.column == 0 && c == b'%' {
            return self.fetch_directive();
        }
        if self.at_document_indicator() {
            let kind = if c == b'-' {
                TokenKind::DocumentStart
            } else {
                TokenKind::DocumentEnd
            };
            return self.fetch_document_indicator(kind);
        }

        self.fetch_content_token(c)?;
        // A comment on the rest of the line is consumed right away, except
        // after a `-` entry indicator.
        if self.last_added != Some(Tok::BlockEntry) {
            self.scan_line_comment()?;
        }
        if self.value_follows_key() {
            // What the next call would do at the `:`.
            self.fetch_value()?;
            self.scan_line_comment()?;
        }
        Ok(())
    }

    /// Whether the scalar just queued is a block mapping key with its `:`
    /// right after it, which can be fetched at once: go-yaml fetches that
    /// `:` before it hands the scalar out (the key stays valid), nothing it
    /// does in between changes the scanner's state, and with the key valid
    /// and room for another indentation level fetching it cannot fail.
    #[inline(always)]
    fn value_follows_key(&self) -> bool {
        if self.last_added != Some(Tok::Scalar)
            || self.flow_level != 0
            || self.at(0) != b':'
            || !self.is_blankz_at(1)
        {
            return false;
        }
        let Some(key) = self.simple_keys.last() else {
            return false;
        };
        key.possible
            && key.token_number + 1 == self.tokens_parsed + self.queue_len()
            && key.mark.line() == self.line
            && self.pos.saturating_sub(key.mark.pos()) <= 1024
            && self.indents.len() < MAX_INDENTS
            && self.decoded_to_end(4)
    }

    fn fetch_content_token(&mut self, c: u8) -> Result<(), Failure> {
        let flow = self.flow_level > 0;
        match c {
            b'[' => return self.fetch_flow_collection_start(TokenKind::FlowSequenceStart),
            b'{' => return self.fetch_flow_collection_start(TokenKind::FlowMappingStart),
            b']' => return self.fetch_flow_collection_end(TokenKind::FlowSequenceEnd),
            b'}' => return self.fetch_flow_collection_end(TokenKind::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            _ => {}
        }
        if c == b'-' && self.is_blankz_at(1) {
            return self.fetch_block_entry();
        }
        if c == b'?' && (flow || self.is_blankz_at(1)) {
            return self.fetch_key();
        }
        if c == b':' && (flow || self.is_blankz_at(1)) {
            return self.fetch_value();
        }
        match c {
            b'*' => return self.fetch_anchor(true),
            b'&' => return self.fetch_anchor(false),
            b'!' => return self.fetch_tag(),
            b'|' if !flow => return self.fetch_block_scalar(true),
            b'>' if !flow => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = self.is_blankz_at(0) || is_indicator(c);
        if !indicator
            || (c == b'-' && !self.is_blank_at(1))
            || (!flow && (c == b'?' || c == b':') && !self.is_blankz_at(1))
        {
            return self.fetch_plain_scalar();
        }
        Err(self.scanner_error(self.mark(), "found character that cannot start any token"))
    }

    // ---- simple keys and indentation --------------------------------------

    /// Whether the simple key at `level` can still be a key; a required key
    /// that can no longer be one is an error.
    fn simple_key_is_valid(&mut self, level: usize) -> Result<bool, Failure> {
        let Some(key) = self.simple_keys.get(level).copied() else {
            return Ok(false);
        };
        if !key.possible {
            return Ok(false);
        }
        // More than 1024 characters on: only possible past 1024 bytes.
        if key.mark.line() < self.line
            || (self.pos.saturating_sub(key.mark.pos()) > 1024
                && self.more_than_1024_chars_since(key.mark.pos()))
        {
            if key.required {
                return Err(self.scanner_error(key.mark, "could not find expected ':'"));
            }
            self.forget_simple_key(level);
            return Ok(false);
        }
        Ok(true)
    }

    #[inline(always)]
    fn save_simple_key(&mut self) -> Result<(), Failure> {
        let required = self.flow_level == 0 && self.indent == self.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.queue_len(),
                mark: self.mark(),
            };
            self.remove_simple_key()?;
            let level = self.simple_keys.len().saturating_sub(1);
            if let Some(slot) = self.simple_keys.get_mut(level) {
                *slot = key;
                self.keys_by_token.insert(key.token_number, level);
            }
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Result<(), Failure> {
        let level = self.simple_keys.len().saturating_sub(1);
        let Some(key) = self.simple_keys.get(level).copied() else {
            return Ok(());
        };
        if key.possible {
            if key.required {
                return Err(self.scanner_error(key.mark, "could not find expected ':'"));
            }
            self.forget_simple_key(level);
            self.keys_by_token.remove(key.token_number);
        }
        Ok(())
    }

    /// The key saved at `level` can no longer be one.
    fn forget_simple_key(&mut self, level: usize) {
        if let Some(key) = self.simple_keys.get_mut(level) {
            key.possible = false;
        }
    }

    fn increase_flow_level(&mut self) -> Result<(), Failure> {
        let placeholder = SimpleKey {
            possible: false,
            required: false,
            token_number: self.tokens_parsed + self.queue_len(),
            mark: self.mark(),
        };
        self.simple_keys.push(placeholder);
        self.flow_level += 1;
        if self.flow_level > MAX_FLOW_LEVEL {
            return Err(self.scanner_error(placeholder.mark, "exceeded max depth of 10000"));
        }
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if let Some(top) = self.simple_keys.pop() {
                self.keys_by_token.remove(top.token_number);
            }
        }
    }

    /// Opens a block collection when `column` is deeper than the current
    /// indentation; the start token goes at token `number` (or at the end).
    #[inline(always)]
    fn roll_indent(
        &mut self,
        column: usize,
        number: Option<usize>,
        kind: TokenKind,
        mark: Mark,
    ) -> Result<(), Failure> {
        if self.flow_level > 0 || self.indent >= column as isize {
            return Ok(());
        }
        self.open_indent(column, number, kind, mark)
    }

    /// [`Self::roll_indent`] when a collection opens.
    fn open_indent(
        &mut self,
        column: usize,
        number: Option<usize>,
        kind: TokenKind,
        mark: Mark,
    ) -> Result<(), Failure> {
        self.indents.push(self.indent);
        self.indent = column as isize;
        if self.indents.len() > MAX_INDENTS {
            let context = self.simple_keys.last().map_or(self.mark(), |k| k.mark);
            return Err(self.scanner_error(context, "exceeded max depth of 10000"));
        }
        let token = Token {
            kind,
            start: mark,
            end: mark,
        };
        match number {
            Some(n) => {
                let relative = n as isize - self.tokens_parsed as isize;
                if relative >= 0 && relative as usize + 2 == self.tokens.len() {
                    // Usually before the KEY token and the key: cheaper
                    // than an insert.
                    let last = self.tokens.pop_back();
                    let before = self.tokens.pop_back();
                    self.tokens.push_back(token);
                    if let Some(before) = before {
                        self.tokens.push_back(before);
                    }
                    if let Some(last) = last {
                        self.tokens.push_back(last);
                    }
                } else {
                    self.insert_token(relative, token);
                }
            }
            None => {
                self.last_added = Some(token.kind.tok());
                self.tokens.push_back(token);
            }
        }
        Ok(())
    }

    /// Closes block collections deeper than `column`.
    fn unroll_indent(&mut self, column: isize, scan_mark: Mark) {
        if self.flow_level > 0 {
            return;
        }
        let mark = scan_mark;
        while self.indent > column {
            self.push_token(TokenKind::BlockEnd, mark, mark);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    // ---- token fetchers --------------------------------------------------

    fn fetch_stream_start(&mut self) {
        self.indent = -1;
        self.simple_keys.push(SimpleKey::default());
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        self.push_token(TokenKind::StreamStart, self.mark(), self.mark());
    }

    fn fetch_stream_end(&mut self) -> Result<(), Failure> {
        if self.column != 0 {
            self.column = 0;
            self.line += 1;
        }
        self.unroll_indent(-1, self.mark());
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        self.push_token(TokenKind::StreamEnd, self.mark(), self.mark());
        Ok(())
    }

    fn fetch_directive(&mut self) -> Result<(), Failure> {
        self.unroll_indent(-1, self.mark());
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.last_added = Some(token.kind.tok());
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: TokenKind) -> Result<(), Failure> {
        self.unroll_indent(-1, self.mark());
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark();
        self.skip();
        self.skip();
        self.skip();
        self.push_token(kind, start, self.mark());
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: TokenKind) -> Result<(), Failure> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark();
        self.skip();
        self.push_token(kind, start, self.mark());
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: TokenKind) -> Result<(), Failure> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark();
        self.skip();
        self.push_token(kind, start, self.mark());
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> Result<(), Failure> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark();
        self.skip();
        self.push_token(TokenKind::FlowEntry, start, self.mark());
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Result<(), Failure> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.scanner_error(
                    self.mark(),
                    "block sequence entries are not allowed in this context",
                ));
            }
            self.roll_indent(
                self.column,
                None,
                TokenKind::BlockSequenceStart,
                self.mark(),
            )?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark();
        self.skip();
        self.push_token(TokenKind::BlockEntry, start, self.mark());
        Ok(())
    }

    fn fetch_key(&mut self) -> Result<(), Failure> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(
                    self.scanner_error(self.mark(), "mapping keys are not allowed in this context")
                );
            }
            self.roll_indent(self.column, None, TokenKind::BlockMappingStart, self.mark())?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark();
        self.skip();
        self.push_token(TokenKind::Key, start, self.mark());
        Ok(())
    }

    fn fetch_value(&mut self) -> Result<(), Failure> {
        let level = self.simple_keys.len().saturating_sub(1);
        let valid_key = if self.simple_key_is_valid(level)? {
            self.simple_keys.get(level).copied()
        } else {
            None
        };
        if let Some(key) = valid_key {
            let relative = key.token_number as isize - self.tokens_parsed as isize;
            self.insert_token(
                relative,
                Token {
                    kind: TokenKind::Key,
                    start: key.mark,
                    end: key.mark,
                },
            );
            self.roll_indent(
                key.mark.column(),
                Some(key.token_number),
                TokenKind::BlockMappingStart,
                key.mark,
            )?;
            self.forget_simple_key(level);
            self.keys_by_token.remove(key.token_number);
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(self.scanner_error(
                        self.mark(),
                        "mapping values are not allowed in this context",
                    ));
                }
                self.roll_indent(self.column, None, TokenKind::BlockMappingStart, self.mark())?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark();
        self.skip();
        self.push_token(TokenKind::Value, start, self.mark());
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> Result<(), Failure> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_anchor(alias)?;
        self.last_added = Some(token.kind.tok());
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Result<(), Failure> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_tag()?;
        self.last_added = Some(token.kind.tok());
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Result<(), Failure> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.last_added = Some(token.kind.tok());
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Result<(), Failure> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.last_added = Some(token.kind.tok());
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> Result<(), Failure> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.last_added = Some(token.kind.tok());
        self.tokens.push_back(token);
        Ok(())
    }

    // ---- whitespace and comments ----------------------------------------

    fn scan_to_next_token(&mut self) -> Result<(), Failure> {
        loop {
            self.need(1)?;
            // go-yaml's byte order mark check looks at the front of its
            // buffer, whatever the current character is.
            if self.has_bom && self.column == 0 && self.front_is_bom() {
                self.skip();
            }
            self.need(1)?;
            self.skip_spaces(1, usize::MAX);
            loop {
                let c = self.at(0);
                let tab_ok = self.flow_level > 0 || !self.simple_key_allowed;
                if c == b' ' || (tab_ok && c == b'\t') {
                    self.skip();
                    self.need(1)?;
                } else {
                    break;
                }
            }
            if self.at(0) == b'#' {
                self.scan_comments()?;
            }
            if self.is_break_at(0) {
                self.need(2)?;
                self.skip_line();
                if self.flow_level == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                return Ok(());
            }
        }
    }

    fn front_is_bom(&self) -> bool {
        let front = self.feed.front;
        self.bytes.get(front..front + 3) == Some(&[0xEF, 0xBB, 0xBF][..])
    }

    /// Consumes the comment at the current position and any comment lines
    /// that follow it (with only blank lines between), as go-yaml's comment
    /// collector does; stops at the line break after the last one.
    fn scan_comments(&mut self) -> Result<(), Failure> {
        let mut peek = 0;
        while peek < COMMENT_LOOKAHEAD {
            if !self.need_soft(peek + 1) {
                break;
            }
            let c = self.at(peek);
            if c == b' ' || c == b'\t' {
                peek += 1;
                continue;
            }
            let close_flow = self.flow_level > 0 && (c == b']' || c == b'}');
            if close_flow || self.is_breakz_at(peek) {
                if !self.is_break_at(peek) {
                    break;
                }
                peek += 1;
                continue;
            }
            if c != b'#' {
                break;
            }
            self.consume_comment_at(peek)?;
            // go-yaml resumes one character past the line break.
            peek = 1;
        }
        Ok(())
    }

    /// Skips to `peek` characters ahead (a `#`) and through the comment up
    /// to its line break.
    fn consume_comment_at(&mut self, peek: usize) -> Result<(), Failure> {
        let from = self.pos;
        loop {
            self.need(1)?;
            if self.is_breakz_at(0) {
                if self.chars_since(from) >= peek {
                    return Ok(());
                }
                self.need(2)?;
                self.skip_line();
            } else {
                self.skip();
            }
        }
    }

    /// After a token: blanks and a comment on the rest of the line.
    #[inline(always)]
    fn scan_line_comment(&mut self) -> Result<(), Failure> {
        // Usually nothing to look at: a line break came, or the next
        // character (already decoded), or the one after a space, is neither
        // a blank nor a `#`.
        if self.newlines > 0
            || (self.feed.unread >= 1 && !matches!(self.at(0), b' ' | b'\t' | b'#'))
            || (self.feed.unread >= 2
                && self.at(0) == b' '
                && !matches!(self.at(1), b' ' | b'\t' | b'#'))
        {
            return Ok(());
        }
        self.scan_line_comment_ahead()
    }

    #[inline(never)]
    fn scan_line_comment_ahead(&mut self) -> Result<(), Failure> {
        if self.decoded_to_end(COMMENT_LOOKAHEAD as isize) {
            // No look-ahead can fail: only a `#` after the blanks matters.
            let run = self.bytes.get(self.pos..).unwrap_or_default();
            let blanks = run
                .iter()
                .take(COMMENT_LOOKAHEAD)
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            if blanks < COMMENT_LOOKAHEAD && run.get(blanks) == Some(&b'#') {
                self.consume_comment_at(blanks)?;
            }
            return Ok(());
        }
        let mut peek = 0;
        while peek < COMMENT_LOOKAHEAD {
            if !self.need_soft(peek + 1) {
                break;
            }
            if self.is_blank_at(peek) {
                peek += 1;
                continue;
            }
            if self.at(peek) == b'#' {
                self.consume_comment_at(peek)?;
            }
            break;
        }
        Ok(())
    }

    // ---- directives --------------------------------------------------------

    fn scan_directive(&mut self) -> Result<Token, Failure> {
        let start = self.mark();
        self.skip();
        let name = self.scan_directive_name(start)?;
        let kind = match name.as_slice() {
            b"YAML" => {
                let (major, minor) = self.scan_version_directive_value(start)?;
                TokenKind::VersionDirective { major, minor }
            }
            b"TAG" => {
                let (handle, prefix) = self.scan_tag_directive_value(start)?;
                TokenKind::TagDirective(Box::new((handle, prefix)))
            }
            _ => return Err(self.scanner_error(start, "found unknown directive name")),
        };
        let end = self.mark();
        self.need(1)?;
        while self.is_blank_at(0) {
            self.skip();
            self.need(1)?;
        }
        if self.at(0) == b'#' {
            while !self.is_breakz_at(0) {
                self.skip();
                self.need(1)?;
            }
        }
        if !self.is_breakz_at(0) {
            return Err(self.scanner_error(start, "did not find expected comment or line break"));
        }
        if self.is_break_at(0) {
            self.need(2)?;
            self.skip_line();
        }
        Ok(Token { kind, start, end })
    }

    fn scan_directive_name(&mut self, start: Mark) -> Result<Vec<u8>, Failure> {
        self.need(1)?;
        let mut name = Vec::new();
        while is_alpha(self.at(0)) {
            self.read_bytes(&mut name);
            self.need(1)?;
        }
        if name.is_empty() {
            return Err(self.scanner_error(start, "could not find expected directive name"));
        }
        if !self.is_blankz_at(0) {
            return Err(self.scanner_error(start, "found unexpected non-alphabetical character"));
        }
        Ok(name)
    }

    fn scan_version_directive_value(&mut self, start: Mark) -> Result<(u8, u8), Failure> {
        self.need(1)?;
        while self.is_blank_at(0) {
            self.skip();
            self.need(1)?;
        }
        let major = self.scan_version_number(start)?;
        if self.at(0) != b'.' {
            return Err(self.scanner_error(start, "did not find expected digit or '.' character"));
        }
        self.skip();
        let minor = self.scan_version_number(start)?;
        Ok((major, minor))
    }

    fn scan_version_number(&mut self, start: Mark) -> Result<u8, Failure> {
        self.need(1)?;
        let mut value: u8 = 0;
        let mut length = 0;
        while self.at(0).is_ascii_digit() {
            length += 1;
            if length > 2 {
                return Err(self.scanner_error(start, "found extremely long version number"));
            }
            value = value * 10 + (self.at(0) - b'0');
            self.skip();
            self.need(1)?;
        }
        if length == 0 {
            return Err(self.scanner_error(start, "did not find expected version number"));
        }
        Ok(value)
    }

    fn scan_tag_directive_value(&mut self, start: Mark) -> Result<(String, String), Failure> {
        self.need(1)?;
        while self.is_blank_at(0) {
            self.skip();
            self.need(1)?;
        }
        let handle = self.scan_tag_handle(true, start)?;
        self.need(1)?;
        if !self.is_blank_at(0) {
            return Err(self.scanner_error(start, "did not find expected whitespace"));
        }
        while self.is_blank_at(0) {
            self.skip();
            self.need(1)?;
        }
        let prefix = self.scan_tag_uri(None, start)?;
        self.need(1)?;
        if !self.is_blankz_at(0) {
            return Err(self.scanner_error(start, "did not find expected whitespace or line break"));
        }
        Ok((into_string(handle), into_string(prefix)))
    }

    // ---- anchors and tags --------------------------------------------------

    fn scan_anchor(&mut self, alias: bool) -> Result<Token, Failure> {
        let start = self.mark();
        self.skip();
        self.need(1)?;
        let mut name = Vec::new();
        while is_alpha(self.at(0)) {
            self.read_bytes(&mut name);
            self.need(1)?;
        }
        let end = self.mark();
        let ends_well = self.is_blankz_at(0)
            || matches!(
                self.at(0),
                b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`'
            );
        if name.is_empty() || !ends_well {
            return Err(self.scanner_error(
                start,
                "did not find expected alphabetic or numeric character",
            ));
        }
        let name = into_string(name).into_boxed_str();
        let kind = if alias {
            TokenKind::Alias(name)
        } else {
            TokenKind::Anchor(name)
        };
        Ok(Token { kind, start, end })
    }

    fn scan_tag(&mut self) -> Result<Token, Failure> {
        let start = self.mark();
        self.need(2)?;
        let (handle, suffix);
        if self.at(1) == b'<' {
            self.skip();
            self.skip();
            let uri = self.scan_tag_uri(None, start)?;
            if self.at(0) != b'>' {
                return Err(self.scanner_error(start, "did not find the expected '>'"));
            }
            self.skip();
            handle = Vec::new();
            suffix = uri;
        } else {
            let h = self.scan_tag_handle(false, start)?;
            if h.len() > 1 && h.first() == Some(&b'!') && h.last() == Some(&b'!') {
                suffix = self.scan_tag_uri(None, start)?;
                handle = h;
            } else {
                let s = self.scan_tag_uri(Some(&h), start)?;
                if s.is_empty() {
                    // The lone `!` tag.
                    handle = Vec::new();
                    suffix = b"!".to_vec();
                } else {
                    handle = b"!".to_vec();
                    suffix = s;
                }
            }
        }
        self.need(1)?;
        if !self.is_blankz_at(0) {
            return Err(self.scanner_error(start, "did not find expected whitespace or line break"));
        }
        Ok(Token {
            kind: TokenKind::Tag(Box::new((
                into_string(handle),
                String::from_utf8_lossy(&suffix).into_owned(),
            ))),
            start,
            end: self.mark(),
        })
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Result<Vec<u8>, Failure> {
        self.need(1)?;
        if self.at(0) != b'!' {
            return Err(self.scanner_error(start, "did not find expected '!'"));
        }
        let mut handle = Vec::new();
        self.read_bytes(&mut handle);
        self.need(1)?;
        while is_alpha(self.at(0)) {
            self.read_bytes(&mut handle);
            self.need(1)?;
        }
        if self.at(0) == b'!' {
            self.read_bytes(&mut handle);
        } else if directive && handle != b"!" {
            return Err(self.scanner_error(start, "did not find expected '!'"));
        }
        Ok(handle)
    }

    fn scan_tag_uri(&mut self, head: Option<&[u8]>, start: Mark) -> Result<Vec<u8>, Failure> {
        let mut uri = Vec::new();
        let mut has_tag = head.is_some_and(|h| !h.is_empty());
        if let Some(h) = head {
            if h.len() > 1 {
                uri.extend_from_slice(h.get(1..).unwrap_or_default());
            }
        }
        self.need(1)?;
        while is_uri_char(self.at(0)) {
            if self.at(0) == b'%' {
                self.scan_uri_escapes(start, &mut uri)?;
            } else {
                self.read_bytes(&mut uri);
            }
            self.need(1)?;
            has_tag = true;
        }
        if !has_tag {
            return Err(self.scanner_error(start, "did not find expected tag URI"));
        }
        Ok(uri)
    }

    fn scan_uri_escapes(&mut self, start: Mark, out: &mut Vec<u8>) -> Result<(), Failure> {
        let mut remaining: Option<usize> = None;
        loop {
            self.need(3)?;
            let octet = match (self.at(0), hex_value(self.at(1)), hex_value(self.at(2))) {
                (b'%', Some(hi), Some(lo)) => (hi * 16 + lo) as u8,
                _ => return Err(self.scanner_error(start, "did not find URI escaped octet")),
            };
            let left = match remaining {
                None => {
                    let w = utf8_width(octet);
                    if w == 0 {
                        return Err(
                            self.scanner_error(start, "found an incorrect leading UTF-8 octet")
                        );
                    }
                    w
                }
                Some(left) => {
                    if octet & 0xC0 != 0x80 {
                        return Err(
                            self.scanner_error(start, "found an incorrect trailing UTF-8 octet")
                        );
                    }
                    left
                }
            };
            out.push(octet);
            self.skip();
            self.skip();
            self.skip();
            if left <= 1 {
                return Ok(());
            }
            remaining = Some(left - 1);
        }
    }

    // ---- scalars --------------------------------------------------------------

    fn scan_block_scalar(&mut self, literal: bool) -> Result<Token, Failure> {
        let start = self.mark();
        self.skip();
        self.need(1)?;

        let mut chomping = 0i8;
        let mut increment = 0usize;
        let c = self.at(0);
        if c == b'+' || c == b'-' {
            chomping = if c == b'+' { 1 } else { -1 };
            self.skip();
            self.need(1)?;
            if self.at(0).is_ascii_digit() {
                if self.at(0) == b'0' {
                    return Err(
                        self.scanner_error(start, "found an indentation indicator equal to 0")
                    );
                }
                increment = usize::from(self.at(0) - b'0');
                self.skip();
            }
        } else if c.is_ascii_digit() {
            if c == b'0' {
                return Err(self.scanner_error(start, "found an indentation indicator equal to 0"));
            }
            increment = usize::from(c - b'0');
            self.skip();
            self.need(1)?;
            let c = self.at(0);
            if c == b'+' || c == b'-' {
                chomping = if c == b'+' { 1 } else { -1 };
                self.skip();
            }
        }

        self.need(1)?;
        while self.is_blank_at(0) {
            self.skip();
            self.need(1)?;
        }
        if self.at(0) == b'#' {
            self.scan_line_comment()?;
            while !self.is_breakz_at(0) {
                self.skip();
                self.need(1)?;
            }
        }
        if !self.is_breakz_at(0) {
            return Err(self.scanner_error(start, "did not find expected comment or line break"));
        }
        if self.is_break_at(0) {
            self.need(2)?;
            self.skip_line();
        }

        let mut end = self.mark();
        let mut indent: usize = 0;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent as usize + increment
            } else {
                increment
            };
        }

        let [mut value, spare, mut trailing_breaks, whitespaces] = self.take_scratch();
        // The line break after the last line read.
        let mut leading_break: &str = "";
        self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        self.need(1)?;

        let mut leading_blank = false;
        while self.column == indent && !self.is_z_at(0) {
            let trailing_blank = self.is_blank_at(0);
            if !literal && !leading_blank && !trailing_blank && leading_break.starts_with('\n') {
                if trailing_breaks.is_empty() {
                    value.push(' ');
                }
            } else {
                push_break(&mut value, leading_break);
            }
            if !trailing_breaks.is_empty() {
                value.push_str(&trailing_breaks);
                trailing_breaks.clear();
            }

            leading_blank = self.is_blank_at(0);
            self.read_rest_of_line(&mut value)?;
            self.need(2)?;
            leading_break = self.skip_break();
            self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }

        if chomping != -1 {
            push_break(&mut value, leading_break);
        }
        if chomping == 1 {
            value.push_str(&trailing_breaks);
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: self.finish_scalar([value, spare, trailing_breaks, whitespaces]),
                style,
            },
            start,
            end,
        })
    }

    /// Copies characters up to the next line break (or the end).
    fn read_rest_of_line(&mut self, out: &mut String) -> Result<(), Failure> {
        loop {
            let from = self.pos;
            let copied = if self.decoded_to_end(1) {
                // Every character there is decoded: find the end at once.
                let (to, chars) = line_run(self.bytes, from);
                self.advance_over(from, to, chars);
                out.push_str(self.slice(from, to));
                if self.is_breakz_at(0) {
                    return Ok(());
                }
                chars > 0
            } else {
                self.copy_run(out, 1, |b| matches!(b, b'\r' | b'\n' | 0 | 0xC2 | 0xE2))
            };
            if !copied {
                if self.is_breakz_at(0) {
                    return Ok(());
                }
                self.read(out);
            }
            self.need(1)?;
        }
    }

    #[inline(always)]
    fn scan_block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut String,
        start: Mark,
        end: &mut Mark,
    ) -> Result<(), Failure> {
        *end = self.mark();
        let mut max_indent = 0usize;
        loop {
            self.need(1)?;
            let limit = if *indent == 0 {
                usize::MAX
            } else {
                indent.saturating_sub(self.column)
            };
            self.skip_spaces(1, limit);
            while (*indent == 0 || self.column < *indent) && self.at(0) == b' ' {
                self.skip();
                self.need(1)?;
            }
            if self.column > max_indent {
                max_indent = self.column;
            }
            if (*indent == 0 || self.column < *indent) && self.at(0) == b'\t' {
                return Err(self.scanner_error(
                    start,
                    "found a tab character where an indentation space is expected",
                ));
            }
            if !self.is_break_at(0) {
                break;
            }
            self.need(2)?;
            self.read_line(breaks);
            *end = self.mark();
        }
        if *indent == 0 {
            let floor = (self.indent + 1).max(1) as usize;
            *indent = max_indent.max(floor);
        }
        Ok(())
    }

    fn scan_flow_scalar(&mut self, single: bool) -> Result<Token, Failure> {
        let start = self.mark();
        self.skip();

        let [mut value, mut leading_break, mut trailing_breaks, mut whitespaces] =
            self.take_scratch();
        loop {
            self.need(4)?;
            if self.at_document_indicator() {
                return Err(self.scanner_error(start, "found unexpected document indicator"));
            }
            if self.is_z_at(0) {
                return Err(self.scanner_error(start, "found unexpected end of stream"));
            }

            let mut leading_blanks = false;
            while !self.is_blankz_at(0) {
                let c = self.at(0);
                if single && c == b'\'' && self.at(1) == b'\'' {
                    value.push('\'');
                    self.skip();
                    self.skip();
                } else if (single && c == b'\'') || (!single && c == b'"') {
                    // The closing quote.
                    break;
                } else if !single && c == b'\\' && self.is_break_at(1) {
                    self.need(3)?;
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    self.scan_escape(start, &mut value)?;
                } else {
                    self.read(&mut value);
                    self.need(2)?;
                    let quote = if single { b'\'' } else { b'"' };
                    if self.copy_run(&mut value, 2, |b| quoted_stop(b, quote)) {
                        self.need(2)?;
                    }
                    continue;
                }
                self.need(2)?;
            }

            self.need(1)?;
            let c = self.at(0);
            if (single && c == b'\'') || (!single && c == b'"') {
                break;
            }

            while self.is_blank_at(0) || self.is_break_at(0) {
                if self.is_blank_at(0) {
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else {
                    self.need(2)?;
                    if leading_blanks {
                        self.read_line(&mut trailing_breaks);
                    } else {
                        whitespaces.clear();
                        self.read_line(&mut leading_break);
                        leading_blanks = true;
                    }
                }
                self.need(1)?;
            }

            if leading_blanks {
                if leading_break.starts_with('\n') {
                    if trailing_breaks.is_empty() {
                        value.push(' ');
                    } else {
                        value.push_str(&trailing_breaks);
                    }
                } else {
                    value.push_str(&leading_break);
                    value.push_str(&trailing_breaks);
                }
                trailing_breaks.clear();
                leading_break.clear();
            } else {
                value.push_str(&whitespaces);
                whitespaces.clear();
            }
        }

        self.skip();
        let style = if single {
            ScalarStyle::SingleQuoted
        } else {
            ScalarStyle::DoubleQuoted
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: self.finish_scalar([value, leading_break, trailing_breaks, whitespaces]),
                style,
            },
            start,
            end: self.mark(),
        })
    }

    /// One backslash escape in a double-quoted scalar.
    fn scan_escape(&mut self, start: Mark, value: &mut String) -> Result<(), Failure> {
        let simple: Option<&str> = match self.at(1) {
            b'0' => Some("\0"),
            b'a' => Some("\x07"),
            b'b' => Some("\x08"),
            b't' | b'\t' => Some("\t"),
            b'n' => Some("\n"),
            b'v' => Some("\x0B"),
            b'f' => Some("\x0C"),
            b'r' => Some("\r"),
            b'e' => Some("\x1B"),
            b' ' => Some(" "),
            b'"' => Some("\""),
            b'\'' => Some("'"),
            b'\\' => Some("\\"),
            b'N' => Some("\u{85}"),
            b'_' => Some("\u{A0}"),
            b'L' => Some("\u{2028}"),
            b'P' => Some("\u{2029}"),
            b'x' | b'u' | b'U' => None,
            _ => return Err(self.scanner_error(start, "found unknown escape character")),
        };
        let code_length = match self.at(1) {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => 0,
        };
        if let Some(text) = simple {
            value.push_str(text);
        }
        self.skip();
        self.skip();
        if code_length > 0 {
            self.need(code_length)?;
            let mut code: u32 = 0;
            for k in 0..code_length {
                match hex_value(self.at(k)) {
                    Some(d) => code = (code << 4) + d,
                    None => {
                        return Err(
                            self.scanner_error(start, "did not find expected hexdecimal number")
                        )
                    }
                }
            }
            if (0xD800..=0xDFFF).contains(&code) || code > 0x10FFFF {
                return Err(
                    self.scanner_error(start, "found invalid Unicode character escape code")
                );
            }
            push_char(value, code);
            for _ in 0..code_length {
                self.skip();
            }
        }
        Ok(())
    }

    fn scan_plain_scalar(&mut self) -> Result<Token, Failure> {
        let mut value = String::new();
        let mut leading_break: &str = "";
        let mut trailing_breaks = String::new();
        let mut leading_blanks = false;
        // Where the blanks read since the last word (on its line) start.
        let mut pending_blanks: Option<usize> = None;
        // While no line has been folded the value is the text from `start`
        // to `end`, and `value` stays empty.
        let mut contiguous = true;
        let indent = self.indent + 1;
        let start = self.mark();
        let mut end = self.mark();
        let flow = self.flow_level > 0;
        let stop = if flow { FLOW_STOP } else { BLOCK_STOP };

        // The common case in one go: a block scalar's first line, and the
        // line break and indentation after it.
        let mut finished = false;
        if !flow && self.decoded_to_end(4) {
            let line = self.line;
            let mut p = self.pos;
            let mut column = self.column;
            let at_break = loop {
                // A word starts here (not at a blank, a break or the end).
                let b = self.byte(p);
                if b == b':' && self.is_blankz(p + 1) {
                    break false;
                }
                p += utf8_width(b).max(1);
                let word = p;
                // UTF-8 continuation bytes in the word.
                let mut cont = 0;
                loop {
                    // Eight bytes at a time up to a byte that is not
                    // printable ASCII (the text holds no control characters
                    // but tab and line breaks), or a `:`.
                    while let Some(chunk) = self.bytes.get(p..p + 8) {
                        let w = word_at(chunk);
                        let flags = (w.wrapping_sub(ONES * 0x21) & !w & HIGHS)
                            | flag_byte(w, b':')
                            | (w & HIGHS);
                        if flags != 0 {
                            p += (flags.trailing_zeros() / 8) as usize;
                            break;
                        }
                        p += 8;
                    }
                    let Some(&b) = self.bytes.get(p) else { break };
                    let class = plain_class(b);
                    if class & BLOCK_STOP != 0 {
                        break;
                    }
                    cont += usize::from(!starts_char(b));
                    p += 1;
                }
                column += 1 + (p - word) - cont;
                end = Mark::new(p, line, column);
                let b = self.byte(p);
                if b != b' ' && b != b'\t' {
                    if b == 0 {
                        break false;
                    }
                    if self.is_break(p) {
                        break true;
                    }
                    // `:` or a non-breaking character continues the word.
                    continue;
                }
                while matches!(self.byte(p), b' ' | b'\t') {
                    p += 1;
                    column += 1;
                }
                if self.byte(p) == 0 {
                    break false;
                }
                if self.is_break(p) {
                    break true;
                }
                if (column as isize) < indent || self.byte(p) == b'#' {
                    break false;
                }
            };
            self.feed.unread -= (column - self.column) as isize;
            self.pos = p;
            self.column = column;
            self.newlines = 0;
            finished = !at_break;
            if at_break {
                leading_break = self.skip_break();
                leading_blanks = true;
                self.skip_spaces(1, usize::MAX);
                let c = self.at(0);
                finished = c != b'\t' && !self.is_break_at(0) && (self.column as isize) < indent;
            }
        }

        if !finished {
            loop {
                self.need(4)?;
                if self.at_document_indicator() || self.at(0) == b'#' {
                    break;
                }
                while !self.is_blankz_at(0) {
                    let c = self.at(0);
                    if (c == b':' && self.is_blankz_at(1))
                        || (flow && matches!(c, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
                    {
                        break;
                    }
                    if leading_blanks {
                        if contiguous {
                            value.push_str(self.slice(start.pos(), end.pos()));
                            contiguous = false;
                        }
                        if leading_break.starts_with('\n') {
                            if trailing_breaks.is_empty() {
                                value.push(' ');
                            } else {
                                value.push_str(&trailing_breaks);
                            }
                        } else {
                            value.push_str(leading_break);
                            value.push_str(&trailing_breaks);
                        }
                        trailing_breaks.clear();
                        leading_break = "";
                        leading_blanks = false;
                    } else if let Some(blanks) = pending_blanks.take() {
                        if !contiguous {
                            value.push_str(self.slice(blanks, self.pos));
                        }
                    }
                    let word = self.pos;
                    self.skip();
                    self.need(2)?;
                    // The rest of the word, in one go.
                    if self.skip_plain_run(stop) > 0 {
                        self.need(2)?;
                    }
                    if !contiguous {
                        value.push_str(self.slice(word, self.pos));
                    }
                    end = self.mark();
                }

                if !(self.is_blank_at(0) || self.is_break_at(0)) {
                    break;
                }
                self.need(1)?;
                while self.is_blank_at(0) || self.is_break_at(0) {
                    if self.is_blank_at(0) {
                        if leading_blanks && (self.column as isize) < indent && self.at(0) == b'\t'
                        {
                            return Err(self.scanner_error(
                                start,
                                "found a tab character that violates indentation",
                            ));
                        }
                        if !leading_blanks && pending_blanks.is_none() {
                            pending_blanks = Some(self.pos);
                        }
                        self.skip();
                        self.need(1)?;
                        // Any further spaces, in one go.
                        self.skip_spaces(1, usize::MAX);
                        continue;
                    }
                    self.need(2)?;
                    if leading_blanks {
                        self.read_line(&mut trailing_breaks);
                    } else {
                        pending_blanks = None;
                        leading_break = self.skip_break();
                        leading_blanks = true;
                    }
                    self.need(1)?;
                }
                if !flow && (self.column as isize) < indent {
                    break;
                }
            }
        }

        if leading_blanks {
            self.simple_key_allowed = true;
        }
        let value = if contiguous {
            self.store_value(self.slice(start.pos(), end.pos()))
        } else {
            self.store_value(&value)
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value,
                style: ScalarStyle::Plain,
            },
            start,
            end,
        })
    }
}
