//! Tokens → events: the YAML grammar as a state machine with an explicit
//! state stack (no recursion), producing go-yaml v3's events, marks and
//! parser error messages.

use super::reader::Decoded;
use super::scanner::{Mark, ScalarStyle, Scanner, Tok, TokenKind};
use super::{Failure, FailureInfo, FailureKind, Stretch};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

/// Node properties: anchor and (fully expanded) tag; boxed, as most nodes
/// have none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Props(Option<Box<(Option<String>, Option<String>)>>);

impl Props {
    pub fn new(anchor: Option<String>, tag: Option<String>) -> Props {
        if anchor.is_none() && tag.is_none() {
            Props(None)
        } else {
            Props(Some(Box::new((anchor, tag))))
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// Anchor and tag.
    pub fn into_parts(self) -> (Option<String>, Option<String>) {
        self.0.map_or((None, None), |b| *b)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EventKind {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar {
        /// Where the value sits in the scanner's values.
        value: Stretch,
        style: ScalarStyle,
        props: Props,
    },
    SequenceStart {
        props: Props,
        flow: bool,
    },
    /// `closed`: ended by a `]` (rather than implied).
    SequenceEnd {
        closed: bool,
    },
    MappingStart {
        props: Props,
        flow: bool,
    },
    /// `closed`: ended by a `}` (rather than implied).
    MappingEnd {
        closed: bool,
    },
    /// What go-yaml hands out after a reader failure it did not stop at.
    Nothing,
}

impl EventKind {
    /// The event's name, for internal error messages.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            EventKind::StreamStart => "stream start",
            EventKind::StreamEnd => "stream end",
            EventKind::DocumentStart => "document start",
            EventKind::DocumentEnd => "document end",
            EventKind::Alias(_) => "alias",
            EventKind::Scalar { .. } => "scalar",
            EventKind::SequenceStart { .. } => "sequence start",
            EventKind::SequenceEnd { .. } => "sequence end",
            EventKind::MappingStart { .. } => "mapping start",
            EventKind::MappingEnd { .. } => "mapping end",
            EventKind::Nothing => "nothing",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Event {
    pub kind: EventKind,
    pub start: Mark,
    pub end: Mark,
}

pub(crate) struct Parser<'a> {
    pub scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    tag_directives: Vec<(String, String)>,
}

fn parser_error(context_mark: Option<Mark>, problem: &str, problem_mark: Mark) -> Failure {
    Failure::new(FailureInfo {
        kind: FailureKind::Parser,
        context_mark,
        problem: problem.to_string(),
        problem_mark: Some(problem_mark),
        raw_offset: None,
    })
}

fn event(kind: EventKind, start: Mark, end: Mark) -> Event {
    Event { kind, start, end }
}

fn empty_scalar(mark: Mark) -> Event {
    event(
        EventKind::Scalar {
            value: Stretch::EMPTY,
            style: ScalarStyle::Plain,
            props: Props::default(),
        },
        mark,
        mark,
    )
}

impl<'a> Parser<'a> {
    pub fn new(input: &'a [u8], decoded: &'a Decoded<'a>) -> Parser<'a> {
        Parser {
            scanner: Scanner::new(input, decoded),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
        }
    }

    /// The next event; [`EventKind::Nothing`] once the stream has ended (or
    /// a comment look-ahead hit an unreadable character).
    #[inline(always)]
    pub fn next_event(&mut self) -> Result<Event, Failure> {
        if self.scanner.stream_end_produced
            || self.scanner.poisoned.is_some()
            || self.state == State::End
        {
            let m = Mark::default();
            return Ok(event(EventKind::Nothing, m, m));
        }
        match self.state {
            State::StreamStart => self.stream_start(),
            State::ImplicitDocumentStart => self.document_start(true),
            State::DocumentStart => self.document_start(false),
            State::DocumentContent => self.document_content(),
            State::DocumentEnd => self.document_end(),
            State::BlockNode => self.node(true, false),
            State::BlockSequenceFirstEntry => self.block_sequence_entry(true),
            State::BlockSequenceEntry => self.block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.block_mapping_key(true),
            State::BlockMappingKey => self.block_mapping_key(false),
            State::BlockMappingValue => self.block_mapping_value(),
            State::FlowSequenceFirstEntry => self.flow_sequence_entry(true),
            State::FlowSequenceEntry => self.flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => self.flow_sequence_entry_mapping_key(),
            State::FlowSequenceEntryMappingValue => self.flow_sequence_entry_mapping_value(),
            State::FlowSequenceEntryMappingEnd => self.flow_sequence_entry_mapping_end(),
            State::FlowMappingFirstKey => self.flow_mapping_key(true),
            State::FlowMappingKey => self.flow_mapping_key(false),
            State::FlowMappingValue => self.flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.flow_mapping_value(true),
            State::End => {
                let m = Mark::default();
                Ok(event(EventKind::Nothing, m, m))
            }
        }
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn head_marks(&mut self) -> Result<(Tok, Mark, Mark), Failure> {
        let t = self.scanner.peek()?;
        Ok((t.kind.tok(), t.start, t.end))
    }

    fn stream_start(&mut self) -> Result<Event, Failure> {
        let (tok, start, end) = self.head_marks()?;
        if tok != Tok::StreamStart {
            return Err(parser_error(
                None,
                "did not find expected <stream-start>",
                start,
            ));
        }
        self.state = State::ImplicitDocumentStart;
        self.scanner.skip_token()?;
        Ok(event(EventKind::StreamStart, start, end))
    }

    fn document_start(&mut self, implicit: bool) -> Result<Event, Failure> {
        let mut tok = self.scanner.peek_tok()?;
        if !implicit {
            while tok == Tok::DocumentEnd {
                self.scanner.skip_token()?;
                tok = self.scanner.peek_tok()?;
            }
        }
        let directive_or_end = matches!(
            tok,
            Tok::VersionDirective | Tok::TagDirective | Tok::DocumentStart | Tok::StreamEnd
        );
        if implicit && !directive_or_end {
            self.process_directives()?;
            let (_, start, end) = self.head_marks()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            return Ok(event(EventKind::DocumentStart, start, end));
        }
        if tok != Tok::StreamEnd {
            let (_, start, _) = self.head_marks()?;
            self.process_directives()?;
            let (tok, token_start, token_end) = self.head_marks()?;
            if tok != Tok::DocumentStart {
                return Err(parser_error(
                    None,
                    "did not find expected <document start>",
                    token_start,
                ));
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.scanner.skip_token()?;
            return Ok(event(EventKind::DocumentStart, start, token_end));
        }
        let (_, start, end) = self.head_marks()?;
        self.state = State::End;
        self.scanner.skip_token()?;
        Ok(event(EventKind::StreamEnd, start, end))
    }

    fn process_directives(&mut self) -> Result<(), Failure> {
        let mut seen_version = false;
        loop {
            let token = self.scanner.peek()?;
            let start = token.start;
            match &token.kind {
                TokenKind::VersionDirective { major, minor } => {
                    if seen_version {
                        return Err(parser_error(None, "found duplicate %YAML directive", start));
                    }
                    if (*major, *minor) != (1, 1) {
                        return Err(parser_error(
                            None,
                            "found incompatible YAML document",
                            start,
                        ));
                    }
                    seen_version = true;
                }
                TokenKind::TagDirective(directive) => {
                    let (handle, prefix) = &**directive;
                    if self.tag_directives.iter().any(|(h, _)| h == handle) {
                        return Err(parser_error(None, "found duplicate %TAG directive", start));
                    }
                    let entry = (handle.clone(), prefix.clone());
                    self.tag_directives.push(entry);
                }
                _ => break,
            }
            self.scanner.skip_token()?;
        }
        for (handle, prefix) in [("!", "!"), ("!!", "tag:yaml.org,2002:")] {
            if !self.tag_directives.iter().any(|(h, _)| h == handle) {
                self.tag_directives
                    .push((handle.to_string(), prefix.to_string()));
            }
        }
        Ok(())
    }

    fn document_content(&mut self) -> Result<Event, Failure> {
        let (tok, start, _) = self.head_marks()?;
        if matches!(
            tok,
            Tok::VersionDirective
                | Tok::TagDirective
                | Tok::DocumentStart
                | Tok::DocumentEnd
                | Tok::StreamEnd
        ) {
            self.pop_state();
            return Ok(empty_scalar(start));
        }
        self.node(true, false)
    }

    fn document_end(&mut self) -> Result<Event, Failure> {
        let (tok, start, token_end) = self.head_marks()?;
        let mut end = start;
        if tok == Tok::DocumentEnd {
            end = token_end;
            self.scanner.skip_token()?;
        }
        self.tag_directives.clear();
        self.state = State::DocumentStart;
        Ok(event(EventKind::DocumentEnd, start, end))
    }

    fn node(&mut self, block: bool, indentless_sequence: bool) -> Result<Event, Failure> {
        let (tok, first_start, first_end) = self.head_marks()?;
        if tok == Tok::Alias {
            let token = self.scanner.take()?;
            self.pop_state();
            let name = match token.kind {
                TokenKind::Alias(name) => name.into_string(),
                _ => String::new(),
            };
            return Ok(event(EventKind::Alias(name), token.start, token.end));
        }

        let mut start = first_start;
        let mut end = first_start;
        let (mut tok, mut token_start, mut token_end) = (tok, first_start, first_end);
        let mut props = Props::default();
        if matches!(tok, Tok::Anchor | Tok::Tag) {
            (props, start, end) = self.node_properties(first_start)?;
            (tok, token_start, token_end) = self.head_marks()?;
        }
        if indentless_sequence && tok == Tok::BlockEntry {
            self.state = State::IndentlessSequenceEntry;
            return Ok(event(
                EventKind::SequenceStart { props, flow: false },
                start,
                token_end,
            ));
        }
        match tok {
            Tok::Scalar => {
                let token = self.scanner.take()?;
                self.pop_state();
                let (value, style) = match token.kind {
                    TokenKind::Scalar { value, style } => (value, style),
                    _ => (Stretch::EMPTY, ScalarStyle::Plain),
                };
                return Ok(event(
                    EventKind::Scalar {
                        value,
                        style,
                        props,
                    },
                    start,
                    token.end,
                ));
            }
            Tok::FlowSequenceStart => {
                self.state = State::FlowSequenceFirstEntry;
                return Ok(event(
                    EventKind::SequenceStart { props, flow: true },
                    start,
                    token_end,
                ));
            }
            Tok::FlowMappingStart => {
                self.state = State::FlowMappingFirstKey;
                return Ok(event(
                    EventKind::MappingStart { props, flow: true },
                    start,
                    token_end,
                ));
            }
            Tok::BlockSequenceStart if block => {
                self.state = State::BlockSequenceFirstEntry;
                return Ok(event(
                    EventKind::SequenceStart { props, flow: false },
                    start,
                    token_end,
                ));
            }
            Tok::BlockMappingStart if block => {
                self.state = State::BlockMappingFirstKey;
                return Ok(event(
                    EventKind::MappingStart { props, flow: false },
                    start,
                    token_end,
                ));
            }
            _ => {}
        }
        if !props.is_empty() {
            self.pop_state();
            return Ok(event(
                EventKind::Scalar {
                    value: Stretch::EMPTY,
                    style: ScalarStyle::Plain,
                    props,
                },
                start,
                end,
            ));
        }
        Err(parser_error(
            Some(start),
            "did not find expected node content",
            token_start,
        ))
    }

    /// A node (its first token, of kind `head`, at the head of the queue),
    /// and `next` as the state after it (go-yaml pushes `next` and parses
    /// the node).
    #[inline]
    fn node_then(
        &mut self,
        head: Tok,
        next: State,
        block: bool,
        indentless_sequence: bool,
    ) -> Result<Event, Failure> {
        // The common case in one go: a scalar without properties.
        if head == Tok::Scalar {
            let token = self.scanner.take()?;
            self.state = next;
            if let TokenKind::Scalar { value, style } = token.kind {
                let kind = EventKind::Scalar {
                    value,
                    style,
                    props: Props::default(),
                };
                return Ok(event(kind, token.start, token.end));
            }
            return Err(Failure::internal("scalar token expected"));
        }
        self.states.push(next);
        self.node(block, indentless_sequence)
    }

    /// A node's anchor and tag tokens (at most one of each, in either
    /// order): its properties and where they start and end.
    fn node_properties(&mut self, first_start: Mark) -> Result<(Props, Mark, Mark), Failure> {
        let mut start = first_start;
        let mut end = first_start;
        let mut anchor = None;
        let mut tag_parts: Option<(String, String)> = None;
        let mut tag_mark = first_start;
        for _ in 0..2 {
            let (tok, _, _) = self.head_marks()?;
            match tok {
                Tok::Anchor if anchor.is_none() => {
                    let token = self.scanner.take()?;
                    if tag_parts.is_none() {
                        start = token.start;
                    }
                    end = token.end;
                    if let TokenKind::Anchor(name) = token.kind {
                        anchor = Some(name.into_string());
                    }
                }
                Tok::Tag if tag_parts.is_none() => {
                    let token = self.scanner.take()?;
                    if anchor.is_none() {
                        start = token.start;
                    }
                    tag_mark = token.start;
                    end = token.end;
                    if let TokenKind::Tag(parts) = token.kind {
                        tag_parts = Some(*parts);
                    }
                }
                _ => break,
            }
        }

        let tag = match tag_parts {
            None => None,
            Some((handle, suffix)) if handle.is_empty() => Some(suffix),
            Some((handle, suffix)) => {
                match self.tag_directives.iter().find(|(h, _)| *h == handle) {
                    Some((_, prefix)) => Some(format!("{prefix}{suffix}")),
                    None => {
                        return Err(parser_error(
                            Some(start),
                            "found undefined tag handle",
                            tag_mark,
                        ));
                    }
                }
            }
        };
        Ok((Props::new(anchor, tag), start, end))
    }

    fn block_sequence_entry(&mut self, first: bool) -> Result<Event, Failure> {
        if first {
            let token = self.scanner.take()?;
            self.marks.push(token.start);
        }
        let head = self.scanner.peek()?;
        let (start, end) = (head.start, head.end);
        match head.kind.tok() {
            Tok::BlockEntry => {
                self.scanner.skip_token()?;
                let next = self.scanner.peek_tok()?;
                if next != Tok::BlockEntry && next != Tok::BlockEnd {
                    self.node_then(next, State::BlockSequenceEntry, true, false)
                } else {
                    self.state = State::BlockSequenceEntry;
                    Ok(empty_scalar(end))
                }
            }
            Tok::BlockEnd => {
                self.pop_state();
                self.marks.pop();
                self.scanner.skip_token()?;
                Ok(event(EventKind::SequenceEnd { closed: false }, start, end))
            }
            _ => {
                let context = self.marks.pop();
                Err(parser_error(
                    context,
                    "did not find expected '-' indicator",
                    start,
                ))
            }
        }
    }

    fn indentless_sequence_entry(&mut self) -> Result<Event, Failure> {
        let (tok, start, end) = self.head_marks()?;
        if tok == Tok::BlockEntry {
            self.scanner.skip_token()?;
            let (next, _, _) = self.head_marks()?;
            if !matches!(
                next,
                Tok::BlockEntry | Tok::Key | Tok::Value | Tok::BlockEnd
            ) {
                return self.node_then(next, State::IndentlessSequenceEntry, true, false);
            }
            self.state = State::IndentlessSequenceEntry;
            return Ok(empty_scalar(end));
        }
        self.pop_state();
        Ok(event(
            EventKind::SequenceEnd { closed: false },
            start,
            start,
        ))
    }

    fn block_mapping_key(&mut self, first: bool) -> Result<Event, Failure> {
        if first {
            let token = self.scanner.take()?;
            self.marks.push(token.start);
        }
        let head = self.scanner.peek()?;
        let (start, end) = (head.start, head.end);
        match head.kind.tok() {
            Tok::Key => {
                self.scanner.skip_token()?;
                let next = self.scanner.peek_tok()?;
                if !matches!(next, Tok::Key | Tok::Value | Tok::BlockEnd) {
                    self.node_then(next, State::BlockMappingValue, true, true)
                } else {
                    self.state = State::BlockMappingValue;
                    Ok(empty_scalar(end))
                }
            }
            Tok::BlockEnd => {
                self.pop_state();
                self.marks.pop();
                self.scanner.skip_token()?;
                Ok(event(EventKind::MappingEnd { closed: false }, start, end))
            }
            _ => {
                let context = self.marks.pop();
                Err(parser_error(context, "did not find expected key", start))
            }
        }
    }

    fn block_mapping_value(&mut self) -> Result<Event, Failure> {
        let head = self.scanner.peek()?;
        let (start, end) = (head.start, head.end);
        if head.kind.tok() == Tok::Value {
            self.scanner.skip_token()?;
            let next = self.scanner.peek_tok()?;
            if !matches!(next, Tok::Key | Tok::Value | Tok::BlockEnd) {
                return self.node_then(next, State::BlockMappingKey, true, true);
            }
            self.state = State::BlockMappingKey;
            return Ok(empty_scalar(end));
        }
        self.state = State::BlockMappingKey;
        Ok(empty_scalar(start))
    }

    fn flow_sequence_entry(&mut self, first: bool) -> Result<Event, Failure> {
        if first {
            let token = self.scanner.take()?;
            self.marks.push(token.start);
        }
        let (mut tok, mut start, mut end) = self.head_marks()?;
        if tok != Tok::FlowSequenceEnd {
            if !first {
                if tok == Tok::FlowEntry {
                    self.scanner.skip_token()?;
                    (tok, start, end) = self.head_marks()?;
                } else {
                    let context = self.marks.pop();
                    return Err(parser_error(
                        context,
                        "did not find expected ',' or ']'",
                        start,
                    ));
                }
            }
            if tok == Tok::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                self.scanner.skip_token()?;
                return Ok(event(
                    EventKind::MappingStart {
                        props: Props::default(),
                        flow: true,
                    },
                    start,
                    end,
                ));
            }
            if tok != Tok::FlowSequenceEnd {
                return self.node_then(tok, State::FlowSequenceEntry, false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.scanner.skip_token()?;
        Ok(event(EventKind::SequenceEnd { closed: true }, start, end))
    }

    fn flow_sequence_entry_mapping_key(&mut self) -> Result<Event, Failure> {
        let (tok, _, end) = self.head_marks()?;
        if !matches!(tok, Tok::Value | Tok::FlowEntry | Tok::FlowSequenceEnd) {
            return self.node_then(tok, State::FlowSequenceEntryMappingValue, false, false);
        }
        // go-yaml consumes the token here, whichever of the three it is.
        self.scanner.skip_token()?;
        self.state = State::FlowSequenceEntryMappingValue;
        Ok(empty_scalar(end))
    }

    fn flow_sequence_entry_mapping_value(&mut self) -> Result<Event, Failure> {
        let (mut tok, mut start, _) = self.head_marks()?;
        if tok == Tok::Value {
            self.scanner.skip_token()?;
            (tok, start, _) = self.head_marks()?;
            if tok != Tok::FlowEntry && tok != Tok::FlowSequenceEnd {
                return self.node_then(tok, State::FlowSequenceEntryMappingEnd, false, false);
            }
        }
        self.state = State::FlowSequenceEntryMappingEnd;
        Ok(empty_scalar(start))
    }

    fn flow_sequence_entry_mapping_end(&mut self) -> Result<Event, Failure> {
        let (_, start, _) = self.head_marks()?;
        self.state = State::FlowSequenceEntry;
        Ok(event(EventKind::MappingEnd { closed: false }, start, start))
    }

    fn flow_mapping_key(&mut self, first: bool) -> Result<Event, Failure> {
        if first {
            let token = self.scanner.take()?;
            self.marks.push(token.start);
        }
        let (mut tok, mut start, mut end) = self.head_marks()?;
        if tok != Tok::FlowMappingEnd {
            if !first {
                if tok == Tok::FlowEntry {
                    self.scanner.skip_token()?;
                    (tok, start, end) = self.head_marks()?;
                } else {
                    let context = self.marks.pop();
                    return Err(parser_error(
                        context,
                        "did not find expected ',' or '}'",
                        start,
                    ));
                }
            }
            if tok == Tok::Key {
                self.scanner.skip_token()?;
                let (next, next_start, _) = self.head_marks()?;
                if !matches!(next, Tok::Value | Tok::FlowEntry | Tok::FlowMappingEnd) {
                    return self.node_then(next, State::FlowMappingValue, false, false);
                }
                self.state = State::FlowMappingValue;
                return Ok(empty_scalar(next_start));
            }
            if tok != Tok::FlowMappingEnd {
                return self.node_then(tok, State::FlowMappingEmptyValue, false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.scanner.skip_token()?;
        Ok(event(EventKind::MappingEnd { closed: true }, start, end))
    }

    fn flow_mapping_value(&mut self, empty: bool) -> Result<Event, Failure> {
        let (mut tok, mut start, _) = self.head_marks()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Ok(empty_scalar(start));
        }
        if tok == Tok::Value {
            self.scanner.skip_token()?;
            (tok, start, _) = self.head_marks()?;
            if tok != Tok::FlowEntry && tok != Tok::FlowMappingEnd {
                return self.node_then(tok, State::FlowMappingKey, false, false);
            }
        }
        self.state = State::FlowMappingKey;
        Ok(empty_scalar(start))
    }
}
