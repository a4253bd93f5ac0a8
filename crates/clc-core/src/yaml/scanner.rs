//! Characters → tokens: a YAML scanner with simple-key tracking and an
//! indentation stack, following go-yaml v3's scanner rule for rule — its
//! token look-ahead, its handling of tabs, comments and document markers,
//! and its error messages and marks.

use std::collections::VecDeque;

use super::reader::{utf8_width, Decoded, Feed};
use super::{Failure, FailureInfo, FailureKind};

/// Deepest flow nesting and indentation stack go-yaml accepts.
const MAX_FLOW_LEVEL: usize = 10_000;
const MAX_INDENTS: usize = 10_000;
/// How far go-yaml looks ahead for comments.
const COMMENT_LOOKAHEAD: usize = 512;

/// A position in the text, counted the way go-yaml counts: `index` and
/// `column` in characters (a CR LF pair is two characters of `index`),
/// `line` and `column` from 0. `pos` is the byte offset in the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mark {
    pub pos: usize,
    pub index: usize,
    pub line: usize,
    pub column: usize,
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
    Alias(String),
    Anchor(String),
    /// Handle and suffix.
    Tag(Box<(String, String)>),
    Scalar {
        value: String,
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
    entries: VecDeque<(usize, usize)>,
}

impl KeyIndex {
    fn insert(&mut self, number: usize, level: usize) {
        match self.entries.back() {
            Some(&(last, _)) if last >= number => {
                match self.entries.binary_search_by_key(&number, |e| e.0) {
                    Ok(i) => self.entries[i].1 = level,
                    Err(i) => self.entries.insert(i, (number, level)),
                }
            }
            _ => self.entries.push_back((number, level)),
        }
    }

    fn remove(&mut self, number: usize) {
        if let Ok(i) = self.entries.binary_search_by_key(&number, |e| e.0) {
            self.entries.remove(i);
        }
    }

    /// The level for token `number`; entries for earlier tokens are dropped
    /// (lookups only ever ask for the next token to hand out).
    fn get(&mut self, number: usize) -> Option<usize> {
        while self.entries.front().is_some_and(|e| e.0 < number) {
            self.entries.pop_front();
        }
        match self.entries.front() {
            Some(&(n, level)) if n == number => Some(level),
            _ => None,
        }
    }
}

pub(crate) struct Scanner<'a> {
    raw: &'a [u8],
    pub decoded: &'a Decoded<'a>,
    /// The decoded text (`decoded.text`), borrowed once for speed.
    text: &'a [u8],
    feed: Feed,
    mark: Mark,
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
    /// Buffers reused by the scalar scanners.
    scratch: [Vec<u8>; 4],
}

fn is_alpha(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn is_uri_char(b: u8) -> bool {
    is_alpha(b) || b";/?:@&=+$,.!~*'()[]%".contains(&b)
}

/// Bytes a plain scalar's word cannot simply run over.
#[inline]
fn plain_stop(b: u8, flow: bool) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0 | b':' | 0xC2 | 0xE2)
        || (flow && matches!(b, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
}

/// Bytes a quoted scalar's word cannot simply run over.
#[inline]
fn quoted_stop(b: u8, quote: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0 | b'\\' | 0xC2 | 0xE2) || b == quote
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

fn push_char(out: &mut Vec<u8>, value: u32) {
    let c = char::from_u32(value).unwrap_or('\u{FFFD}');
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// Bytes that were collected from valid text: always UTF-8.
fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A scalar value from the bytes collected for it (valid UTF-8).
fn copy_string(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

impl<'a> Scanner<'a> {
    pub fn new(raw: &'a [u8], decoded: &'a Decoded<'a>) -> Scanner<'a> {
        let feed = Feed::new(raw, decoded);
        Scanner {
            raw,
            decoded,
            text: &decoded.text,
            feed,
            mark: Mark::default(),
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
            scratch: Default::default(),
        }
    }

    // ---- characters ----------------------------------------------------

    /// The byte `k` places after the current position; 0 past the end.
    #[inline]
    fn at(&self, k: usize) -> u8 {
        match self.text.get(self.mark.pos + k) {
            Some(&b) => b,
            None => 0,
        }
    }

    #[inline]
    fn is_blank_at(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t')
    }

    #[inline]
    fn is_break_at(&self, k: usize) -> bool {
        match self.at(k) {
            b'\r' | b'\n' => true,
            0xC2 => self.at(k + 1) == 0x85,
            0xE2 => self.at(k + 1) == 0x80 && matches!(self.at(k + 2), 0xA8 | 0xA9),
            _ => false,
        }
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
        self.is_blank_at(k) || self.is_breakz_at(k)
    }

    /// True when the next four characters are `---` or `...` and a blank.
    fn at_document_indicator(&self) -> bool {
        let c = self.at(0);
        self.mark.column == 0
            && (c == b'-' || c == b'.')
            && self.at(1) == c
            && self.at(2) == c
            && self.is_blankz_at(3)
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
            .refill(self.raw, self.mark.pos, n)
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

    /// Reusable buffers for scalar scanning, emptied.
    fn take_scratch(&mut self) -> [Vec<u8>; 4] {
        let mut bufs = std::mem::take(&mut self.scratch);
        for b in &mut bufs {
            b.clear();
        }
        bufs
    }

    /// The scalar's value; the buffers go back for the next scalar.
    fn finish_scalar(&mut self, bufs: [Vec<u8>; 4]) -> String {
        let value = copy_string(&bufs[0]);
        self.scratch = bufs;
        value
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
            problem_mark: Some(self.mark),
            raw_offset: None,
        })
    }

    fn skip(&mut self) {
        let b = self.at(0);
        if b != b' ' && b != b'\t' {
            self.newlines = 0;
        }
        self.mark.index += 1;
        self.mark.column += 1;
        self.feed.unread -= 1;
        self.mark.pos += utf8_width(b).max(1);
    }

    fn skip_line(&mut self) {
        if self.at(0) == b'\r' && self.at(1) == b'\n' {
            self.mark.index += 2;
            self.mark.pos += 2;
            self.feed.unread -= 2;
        } else if self.is_break_at(0) {
            self.mark.index += 1;
            self.mark.pos += utf8_width(self.at(0)).max(1);
            self.feed.unread -= 1;
        } else {
            return;
        }
        self.mark.column = 0;
        self.mark.line += 1;
        self.newlines += 1;
    }

    /// Copies the current character to `out` and advances.
    fn read(&mut self, out: &mut Vec<u8>) {
        let b = self.at(0);
        if b != b' ' && b != b'\t' {
            self.newlines = 0;
        }
        let w = utf8_width(b).max(1);
        let text = &self.text;
        let start = self.mark.pos.min(text.len());
        let end = (self.mark.pos + w).min(text.len());
        out.extend_from_slice(&text[start..end]);
        self.mark.pos += w;
        self.mark.index += 1;
        self.mark.column += 1;
        self.feed.unread -= 1;
    }

    /// Copies a run of characters for which `stop` is false, the way the
    /// per-character loops would, as long as `keep` decoded characters stay
    /// unread after each one (so no refill is skipped). Returns whether
    /// anything was copied.
    fn copy_run(&mut self, out: &mut Vec<u8>, keep: isize, stop: impl Fn(u8) -> bool) -> bool {
        let text = self.text;
        let from = self.mark.pos;
        let budget = self.feed.unread - keep;
        let mut to = from;
        let mut chars: isize = 0;
        let mut non_blank = false;
        while chars < budget {
            let Some(&b) = text.get(to) else { break };
            if stop(b) {
                break;
            }
            non_blank |= b != b' ' && b != b'\t';
            to += utf8_width(b).max(1);
            chars += 1;
        }
        if chars == 0 {
            return false;
        }
        let to = to.min(text.len());
        out.extend_from_slice(&text[from..to]);
        if non_blank {
            self.newlines = 0;
        }
        self.mark.pos = to;
        self.mark.index += chars as usize;
        self.mark.column += chars as usize;
        self.feed.unread -= chars;
        true
    }

    /// Copies a line break to `out` (CR, LF, CR LF and NEL as `\n`; LS and
    /// PS as themselves) and advances.
    fn read_line(&mut self, out: &mut Vec<u8>) {
        let (bytes, kept): (usize, &[u8]) = match (self.at(0), self.at(1), self.at(2)) {
            (b'\r', b'\n', _) => {
                self.mark.index += 1;
                self.feed.unread -= 1;
                (2, b"\n")
            }
            (b'\r' | b'\n', _, _) => (1, b"\n"),
            (0xC2, 0x85, _) => (2, b"\n"),
            (0xE2, 0x80, 0xA8) => (3, "\u{2028}".as_bytes()),
            (0xE2, 0x80, 0xA9) => (3, "\u{2029}".as_bytes()),
            _ => return,
        };
        out.extend_from_slice(kept);
        self.mark.pos += bytes;
        self.mark.index += 1;
        self.mark.column = 0;
        self.mark.line += 1;
        self.feed.unread -= 1;
        self.newlines += 1;
    }

    // ---- the token queue -----------------------------------------------

    /// The next token, scanning more input as go-yaml would.
    pub fn peek(&mut self) -> Result<&Token, Failure> {
        if !self.token_available {
            self.fetch_more_tokens()?;
        }
        self.tokens
            .front()
            .ok_or_else(|| Failure::internal("empty token queue"))
    }

    pub fn peek_tok(&mut self) -> Result<Tok, Failure> {
        Ok(self.peek()?.kind.tok())
    }

    /// Removes and returns the token [`Self::peek`] showed.
    pub fn take(&mut self) -> Result<Token, Failure> {
        if !self.token_available {
            self.fetch_more_tokens()?;
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

    fn queue_len(&self) -> usize {
        self.tokens.len()
    }

    fn push_token(&mut self, kind: TokenKind, start: Mark, end: Mark) {
        self.last_added = Some(kind.tok());
        self.tokens.push_back(Token { kind, start, end });
    }

    /// Inserts a token `number` tokens after the head of the queue; a
    /// position before the head appends it, as go-yaml does.
    fn insert_token(&mut self, number: isize, token: Token) {
        if number < 0 || number as usize >= self.tokens.len() {
            self.last_added = Some(token.kind.tok());
            self.tokens.push_back(token);
        } else {
            self.tokens.insert(number as usize, token);
        }
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
        let scan_mark = self.mark;
        self.scan_to_next_token()?;
        self.unroll_indent(self.mark.column as isize, scan_mark);
        self.need(4)?;

        let c = self.at(0);
        if c == 0 {
            return self.fetch_stream_end();
        }
        if self.mark.column == 0 && c == b'%' {
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
        Ok(())
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
        let indicator = self.is_blankz_at(0) || b"-?:,[]{}#&*!|>'\"%@`".contains(&c);
        if !indicator
            || (c == b'-' && !self.is_blank_at(1))
            || (!flow && (c == b'?' || c == b':') && !self.is_blankz_at(1))
        {
            return self.fetch_plain_scalar();
        }
        Err(self.scanner_error(self.mark, "found character that cannot start any token"))
    }

    // ---- simple keys and indentation --------------------------------------

    /// Whether the simple key at `level` can still be a key; a required key
    /// that can no longer be one is an error.
    fn simple_key_is_valid(&mut self, level: usize) -> Result<bool, Failure> {
        let key = self.simple_keys[level];
        if !key.possible {
            return Ok(false);
        }
        if key.mark.line < self.mark.line || key.mark.index + 1024 < self.mark.index {
            if key.required {
                return Err(self.scanner_error(key.mark, "could not find expected ':'"));
            }
            self.simple_keys[level].possible = false;
            return Ok(false);
        }
        Ok(true)
    }

    fn save_simple_key(&mut self) -> Result<(), Failure> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.queue_len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            let level = self.simple_keys.len() - 1;
            self.simple_keys[level] = key;
            self.keys_by_token.insert(key.token_number, level);
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Result<(), Failure> {
        let level = self.simple_keys.len() - 1;
        let key = self.simple_keys[level];
        if key.possible {
            if key.required {
                return Err(self.scanner_error(key.mark, "could not find expected ':'"));
            }
            self.simple_keys[level].possible = false;
            self.keys_by_token.remove(key.token_number);
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) -> Result<(), Failure> {
        let placeholder = SimpleKey {
            possible: false,
            required: false,
            token_number: self.tokens_parsed + self.queue_len(),
            mark: self.mark,
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
    fn roll_indent(
        &mut self,
        column: usize,
        number: Option<usize>,
        kind: TokenKind,
        mark: Mark,
    ) -> Result<(), Failure> {
        if self.flow_level > 0 {
            return Ok(());
        }
        if self.indent < column as isize {
            self.indents.push(self.indent);
            self.indent = column as isize;
            if self.indents.len() > MAX_INDENTS {
                let context = self.simple_keys.last().map_or(self.mark, |k| k.mark);
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
                    self.insert_token(relative, token);
                }
                None => {
                    self.last_added = Some(token.kind.tok());
                    self.tokens.push_back(token);
                }
            }
        }
        Ok(())
    }

    /// Closes block collections deeper than `column`.
    fn unroll_indent(&mut self, column: isize, scan_mark: Mark) {
        if self.flow_level > 0 {
            return;
        }
        let mut mark = scan_mark;
        mark.index = mark.index.saturating_sub(1);
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
        self.push_token(TokenKind::StreamStart, self.mark, self.mark);
    }

    fn fetch_stream_end(&mut self) -> Result<(), Failure> {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1, self.mark);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        self.push_token(TokenKind::StreamEnd, self.mark, self.mark);
        Ok(())
    }

    fn fetch_directive(&mut self) -> Result<(), Failure> {
        self.unroll_indent(-1, self.mark);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.last_added = Some(token.kind.tok());
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: TokenKind) -> Result<(), Failure> {
        self.unroll_indent(-1, self.mark);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        self.push_token(kind, start, self.mark);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: TokenKind) -> Result<(), Failure> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push_token(kind, start, self.mark);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: TokenKind) -> Result<(), Failure> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.push_token(kind, start, self.mark);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> Result<(), Failure> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push_token(TokenKind::FlowEntry, start, self.mark);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Result<(), Failure> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.scanner_error(
                    self.mark,
                    "block sequence entries are not allowed in this context",
                ));
            }
            self.roll_indent(
                self.mark.column,
                None,
                TokenKind::BlockSequenceStart,
                self.mark,
            )?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push_token(TokenKind::BlockEntry, start, self.mark);
        Ok(())
    }

    fn fetch_key(&mut self) -> Result<(), Failure> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(
                    self.scanner_error(self.mark, "mapping keys are not allowed in this context")
                );
            }
            self.roll_indent(
                self.mark.column,
                None,
                TokenKind::BlockMappingStart,
                self.mark,
            )?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        self.push_token(TokenKind::Key, start, self.mark);
        Ok(())
    }

    fn fetch_value(&mut self) -> Result<(), Failure> {
        let level = self.simple_keys.len() - 1;
        if self.simple_key_is_valid(level)? {
            let key = self.simple_keys[level];
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
                key.mark.column,
                Some(key.token_number),
                TokenKind::BlockMappingStart,
                key.mark,
            )?;
            self.simple_keys[level].possible = false;
            self.keys_by_token.remove(key.token_number);
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(self.scanner_error(
                        self.mark,
                        "mapping values are not allowed in this context",
                    ));
                }
                self.roll_indent(
                    self.mark.column,
                    None,
                    TokenKind::BlockMappingStart,
                    self.mark,
                )?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        self.push_token(TokenKind::Value, start, self.mark);
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
            if self.mark.column == 0 && self.front_is_bom() {
                self.skip();
            }
            self.need(1)?;
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
        self.text.get(front..front + 3) == Some(&[0xEF, 0xBB, 0xBF][..])
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
        let seen = self.mark.index + peek;
        loop {
            self.need(1)?;
            if self.is_breakz_at(0) {
                if self.mark.index >= seen {
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
    fn scan_line_comment(&mut self) -> Result<(), Failure> {
        if self.newlines > 0 {
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
        let start = self.mark;
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
        let end = self.mark;
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
            self.read(&mut name);
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
        let start = self.mark;
        self.skip();
        self.need(1)?;
        let mut name = Vec::new();
        while is_alpha(self.at(0)) {
            self.read(&mut name);
            self.need(1)?;
        }
        let end = self.mark;
        let ends_well = self.is_blankz_at(0) || b"?:,]}%@`".contains(&self.at(0));
        if name.is_empty() || !ends_well {
            return Err(self.scanner_error(
                start,
                "did not find expected alphabetic or numeric character",
            ));
        }
        let name = into_string(name);
        let kind = if alias {
            TokenKind::Alias(name)
        } else {
            TokenKind::Anchor(name)
        };
        Ok(Token { kind, start, end })
    }

    fn scan_tag(&mut self) -> Result<Token, Failure> {
        let start = self.mark;
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
            if h.len() > 1 && h[0] == b'!' && h[h.len() - 1] == b'!' {
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
            end: self.mark,
        })
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Result<Vec<u8>, Failure> {
        self.need(1)?;
        if self.at(0) != b'!' {
            return Err(self.scanner_error(start, "did not find expected '!'"));
        }
        let mut handle = Vec::new();
        self.read(&mut handle);
        self.need(1)?;
        while is_alpha(self.at(0)) {
            self.read(&mut handle);
            self.need(1)?;
        }
        if self.at(0) == b'!' {
            self.read(&mut handle);
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
                uri.extend_from_slice(&h[1..]);
            }
        }
        self.need(1)?;
        while is_uri_char(self.at(0)) {
            if self.at(0) == b'%' {
                self.scan_uri_escapes(start, &mut uri)?;
            } else {
                self.read(&mut uri);
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
        let start = self.mark;
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

        let mut end = self.mark;
        let mut indent: usize = 0;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent as usize + increment
            } else {
                increment
            };
        }

        let [mut value, mut leading_break, mut trailing_breaks, whitespaces] = self.take_scratch();
        self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        self.need(1)?;

        let mut leading_blank = false;
        while self.mark.column == indent && !self.is_z_at(0) {
            let trailing_blank = self.is_blank_at(0);
            if !literal
                && !leading_blank
                && !trailing_blank
                && leading_break.first() == Some(&b'\n')
            {
                if trailing_breaks.is_empty() {
                    value.push(b' ');
                }
            } else {
                value.extend_from_slice(&leading_break);
            }
            leading_break.clear();
            value.extend_from_slice(&trailing_breaks);
            trailing_breaks.clear();

            leading_blank = self.is_blank_at(0);
            self.read_rest_of_line(&mut value)?;
            self.need(2)?;
            self.read_line(&mut leading_break);
            self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }

        if chomping != -1 {
            value.extend_from_slice(&leading_break);
        }
        if chomping == 1 {
            value.extend_from_slice(&trailing_breaks);
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: self.finish_scalar([value, leading_break, trailing_breaks, whitespaces]),
                style,
            },
            start,
            end,
        })
    }

    /// Copies characters up to the next line break (or the end).
    fn read_rest_of_line(&mut self, out: &mut Vec<u8>) -> Result<(), Failure> {
        loop {
            let copied = self.copy_run(out, 1, |b| matches!(b, b'\r' | b'\n' | 0 | 0xC2 | 0xE2));
            if !copied {
                if self.is_breakz_at(0) {
                    return Ok(());
                }
                self.read(out);
            }
            self.need(1)?;
        }
    }

    fn scan_block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut Vec<u8>,
        start: Mark,
        end: &mut Mark,
    ) -> Result<(), Failure> {
        *end = self.mark;
        let mut max_indent = 0usize;
        loop {
            self.need(1)?;
            while (*indent == 0 || self.mark.column < *indent) && self.at(0) == b' ' {
                self.skip();
                self.need(1)?;
            }
            if self.mark.column > max_indent {
                max_indent = self.mark.column;
            }
            if (*indent == 0 || self.mark.column < *indent) && self.at(0) == b'\t' {
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
            *end = self.mark;
        }
        if *indent == 0 {
            let floor = (self.indent + 1).max(1) as usize;
            *indent = max_indent.max(floor);
        }
        Ok(())
    }

    fn scan_flow_scalar(&mut self, single: bool) -> Result<Token, Failure> {
        let start = self.mark;
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
                    value.push(b'\'');
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
                if leading_break.first() == Some(&b'\n') {
                    if trailing_breaks.is_empty() {
                        value.push(b' ');
                    } else {
                        value.extend_from_slice(&trailing_breaks);
                    }
                } else {
                    value.extend_from_slice(&leading_break);
                    value.extend_from_slice(&trailing_breaks);
                }
                trailing_breaks.clear();
                leading_break.clear();
            } else {
                value.extend_from_slice(&whitespaces);
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
            end: self.mark,
        })
    }

    /// One backslash escape in a double-quoted scalar.
    fn scan_escape(&mut self, start: Mark, value: &mut Vec<u8>) -> Result<(), Failure> {
        let simple: Option<&[u8]> = match self.at(1) {
            b'0' => Some(b"\0"),
            b'a' => Some(b"\x07"),
            b'b' => Some(b"\x08"),
            b't' | b'\t' => Some(b"\t"),
            b'n' => Some(b"\n"),
            b'v' => Some(b"\x0B"),
            b'f' => Some(b"\x0C"),
            b'r' => Some(b"\r"),
            b'e' => Some(b"\x1B"),
            b' ' => Some(b" "),
            b'"' => Some(b"\""),
            b'\'' => Some(b"'"),
            b'\\' => Some(b"\\"),
            b'N' => Some("\u{85}".as_bytes()),
            b'_' => Some("\u{A0}".as_bytes()),
            b'L' => Some("\u{2028}".as_bytes()),
            b'P' => Some("\u{2029}".as_bytes()),
            b'x' | b'u' | b'U' => None,
            _ => return Err(self.scanner_error(start, "found unknown escape character")),
        };
        let code_length = match self.at(1) {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => 0,
        };
        if let Some(bytes) = simple {
            value.extend_from_slice(bytes);
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
        let [mut value, mut leading_break, mut trailing_breaks, mut whitespaces] =
            self.take_scratch();
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        let start = self.mark;
        let mut end = self.mark;
        let flow = self.flow_level > 0;

        loop {
            self.need(4)?;
            if self.at_document_indicator() || self.at(0) == b'#' {
                break;
            }
            while !self.is_blankz_at(0) {
                let c = self.at(0);
                if (c == b':' && self.is_blankz_at(1)) || (flow && b",?[]{}".contains(&c)) {
                    break;
                }
                if leading_blanks || !whitespaces.is_empty() {
                    if leading_blanks {
                        if leading_break.first() == Some(&b'\n') {
                            if trailing_breaks.is_empty() {
                                value.push(b' ');
                            } else {
                                value.extend_from_slice(&trailing_breaks);
                            }
                        } else {
                            value.extend_from_slice(&leading_break);
                            value.extend_from_slice(&trailing_breaks);
                        }
                        trailing_breaks.clear();
                        leading_break.clear();
                        leading_blanks = false;
                    } else {
                        value.extend_from_slice(&whitespaces);
                        whitespaces.clear();
                    }
                }
                self.read(&mut value);
                self.need(2)?;
                // The rest of the word, in one go.
                if self.copy_run(&mut value, 2, |b| plain_stop(b, flow)) {
                    self.need(2)?;
                }
                end = self.mark;
            }

            if !(self.is_blank_at(0) || self.is_break_at(0)) {
                break;
            }
            self.need(1)?;
            while self.is_blank_at(0) || self.is_break_at(0) {
                if self.is_blank_at(0) {
                    if leading_blanks && (self.mark.column as isize) < indent && self.at(0) == b'\t'
                    {
                        return Err(self.scanner_error(
                            start,
                            "found a tab character that violates indentation",
                        ));
                    }
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
            if !flow && (self.mark.column as isize) < indent {
                break;
            }
        }

        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(Token {
            kind: TokenKind::Scalar {
                value: self.finish_scalar([value, leading_break, trailing_breaks, whitespaces]),
                style: ScalarStyle::Plain,
            },
            start,
            end,
        })
    }
}
