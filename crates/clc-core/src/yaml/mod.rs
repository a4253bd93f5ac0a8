//! YAML with positions, read the way go-yaml v3 (ct's parser) reads it.
//!
//! [`parse`] turns bytes into a [`Document`]: a flat arena of [`Node`]s with
//! go-yaml's `Node` fields (kind, style, tag, anchor, 1-based line and
//! column) plus byte spans into the input. Like `yaml.Unmarshal`, only the
//! first document is read; later documents are not parsed, apart from the
//! few tokens go-yaml's scanner reads ahead.
//!
//! Errors carry go-yaml's exact text in [`YamlError::message`] (including its
//! line-number habits: a parser error names the 0-based line of the
//! collection it was in whenever that is not line 0), and our own precise
//! location in the other fields.
//!
//! Aliases stay [`NodeKind::Alias`] nodes pointing at their anchor; nothing
//! is expanded here. Scalars are resolved on demand with [`resolve`].
//!
//! The reader, scanner and parser never recurse and never index out of
//! bounds on any input; resource use is bounded by [`Limits`].
//!
//! Where we knowingly differ from go-yaml:
//! * nesting deeper than [`Limits::max_depth`] (1000 by default) is refused
//!   with "yaml: line N: exceeded max depth of 1000"; go-yaml's own limits
//!   (10000 flow levels, 10000 indentation levels) apply beyond that;
//! * when go-yaml's comment look-ahead meets an unreadable character and its
//!   node builder then finds the event stream cut short, go-yaml panics (ct
//!   crashes); we report the unreadable character.
//!
//! Layers: `reader` (encoding, validation, go-yaml's chunked decoding),
//! `scanner` (tokens), `parser` (events), `compose` (nodes), `resolve`
//! (scalar types). `fast` reads plain block YAML straight into nodes and
//! declines anything else, which then takes the full path above.

mod compose;
mod fast;
mod parser;
mod reader;
mod resolve;
mod scanner;

use std::ops::Range;

pub use resolve::{node_tag, resolve, short_tag, try_resolve, Resolved};

/// Index of a node in [`Document::nodes`].
pub type NodeId = u32;

/// The first document of a YAML stream.
///
/// Nodes live in one vector; scalar values, sequence items and mapping
/// pairs live in three more, each node naming its stretch of one of them.
/// A document of thousands of nodes is a handful of allocations, not one
/// or two per node. [`Document::node`] hands out [`NodeRef`]s, which show a
/// node with its contents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    nodes: Vec<Node>,
    /// Scalar values, back to back.
    values: String,
    /// Sequence items, each sequence's together.
    items: Vec<NodeId>,
    /// Mapping key and value ids, each mapping's together.
    pairs: Vec<(NodeId, NodeId)>,
    /// The document's content node; None when the stream holds no document
    /// at all (empty input, only comments or blank lines) — go-yaml's
    /// zero `Node` case. A document always has a content node otherwise:
    /// `---` alone or `~` gives an empty or null plain scalar.
    pub root: Option<NodeId>,
    /// go-yaml's document node position (1-based; 0 without a document):
    /// the first token of the document (`---`, a directive, or the content).
    pub line: u32,
    pub column: u32,
}

impl Document {
    pub fn node(&self, id: NodeId) -> Option<NodeRef<'_>> {
        self.nodes.get(id as usize).map(|node| self.view(node))
    }

    /// Number of nodes; ids run from 0 to `len() - 1`.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Every node, in id order.
    pub fn iter(&self) -> impl Iterator<Item = NodeRef<'_>> + '_ {
        self.nodes.iter().map(|node| self.view(node))
    }

    fn view<'d>(&'d self, node: &'d Node) -> NodeRef<'d> {
        let kind = match node.shape {
            Shape::Scalar(r) => NodeKind::Scalar(self.values.get(r.range()).unwrap_or("")),
            Shape::Sequence(r) => NodeKind::Sequence(self.items.get(r.range()).unwrap_or(&[])),
            Shape::Mapping(r) => NodeKind::Mapping(self.pairs.get(r.range()).unwrap_or(&[])),
            Shape::Alias(target) => NodeKind::Alias(target),
        };
        NodeRef { kind, node }
    }
}

/// One YAML node as the document stores it; see [`NodeRef`] for its
/// contents.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    shape: Shape,
    pub style: Style,
    /// The node's explicit tag and anchor, out of line: most nodes have
    /// neither, and a document holds many nodes. See [`Node::tag`] and
    /// [`Node::anchor`].
    props: Option<Box<NodeProps>>,
    /// 1-based, as go-yaml's `Node.Line`: the line of the node's first token
    /// (its anchor or tag if it has one). go-yaml also ends lines at NEL,
    /// U+2028 and U+2029.
    pub line: u32,
    /// 1-based, in characters, as go-yaml's `Node.Column`.
    pub column: u32,
    /// Byte range in the original input (BOM included). For scalars the
    /// written text (quotes included); for block collections up to the end
    /// of the last entry; empty for values that are not written at all.
    pub span: Range<u32>,
}

/// Where a node's contents sit in its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Scalar(Stretch),
    Sequence(Stretch),
    Mapping(Stretch),
    Alias(NodeId),
}

/// A stretch of one of the document's vectors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stretch {
    start: u32,
    len: u32,
}

impl Stretch {
    pub(crate) const EMPTY: Stretch = Stretch { start: 0, len: 0 };

    /// The stretch from `start` to the end of a vector `end` long.
    pub(crate) fn to_end(start: usize, end: usize) -> Stretch {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX);
        Stretch {
            start,
            len: end.saturating_sub(start),
        }
    }

    fn range(self) -> Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

/// Appends a finished collection's children (a mapping's as key, value,
/// key, …) to the document's items or pairs; returns the collection's shape.
fn store_children(
    mapping: bool,
    children: &[NodeId],
    pairs: &mut Vec<(NodeId, NodeId)>,
    items: &mut Vec<NodeId>,
) -> Shape {
    if mapping {
        let start = pairs.len();
        pairs.extend(children.chunks_exact(2).filter_map(|pair| match *pair {
            [key, value] => Some((key, value)),
            _ => None,
        }));
        Shape::Mapping(Stretch::to_end(start, pairs.len()))
    } else {
        let start = items.len();
        items.extend_from_slice(children);
        Shape::Sequence(Stretch::to_end(start, items.len()))
    }
}

/// A node with its contents: what [`Document::node`] gives. It reads as the
/// stored [`Node`] (line, column, span, style, tag, anchor) plus `kind`.
#[derive(Clone, Copy, Debug)]
pub struct NodeRef<'d> {
    pub kind: NodeKind<'d>,
    node: &'d Node,
}

impl std::ops::Deref for NodeRef<'_> {
    type Target = Node;
    fn deref(&self) -> &Node {
        self.node
    }
}

impl<'d> NodeRef<'d> {
    /// An empty plain scalar at no position: what lookups read for an id
    /// the document does not hold, so a stray id cannot panic.
    pub fn missing() -> NodeRef<'d> {
        static MISSING: Node = Node {
            shape: Shape::Scalar(Stretch::EMPTY),
            style: Style::Plain,
            props: None,
            line: 0,
            column: 0,
            span: 0..0,
        };
        NodeRef {
            kind: NodeKind::Scalar(""),
            node: &MISSING,
        }
    }

    /// The explicit tag, in go-yaml's short form. See [`node_tag`] for the
    /// tag go-yaml reports.
    pub fn tag(&self) -> Option<&'d str> {
        self.node.tag()
    }
}

/// A node's explicit tag and anchor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeProps {
    /// The tag in go-yaml's short form (`!!str`, `!foo`, `!!python/x`); None
    /// without a tag (the non-specific `!` counts as none, as in go-yaml).
    pub tag: Option<Box<str>>,
    pub anchor: Option<Box<str>>,
}

impl Node {
    /// The explicit tag, in go-yaml's short form. See [`node_tag`] for the
    /// tag go-yaml reports.
    pub fn tag(&self) -> Option<&str> {
        self.props.as_ref().and_then(|p| p.tag.as_deref())
    }

    /// The anchor the node defines (`&name`).
    pub fn anchor(&self) -> Option<&str> {
        self.props.as_ref().and_then(|p| p.anchor.as_deref())
    }
}

/// A node's contents.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NodeKind<'d> {
    /// The value after escapes, folding and chomping.
    Scalar(&'d str),
    Sequence(&'d [NodeId]),
    /// Key and value ids in document order; repeated keys are kept.
    Mapping(&'d [(NodeId, NodeId)]),
    /// The node whose anchor the alias names (possibly an enclosing one).
    Alias(NodeId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Plain scalars, and alias nodes.
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
    /// `[…]` and `{…}` collections (also the one-pair mapping in `[a: b]`).
    Flow,
    /// Indented collections.
    Block,
}

/// A YAML syntax error (or a limit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// Exactly what go-yaml's error prints, "yaml: " prefix included.
    pub message: String,
    /// Byte offset in the input of the problem.
    pub offset: u32,
    /// 1-based line and column (characters) of `offset`, with lines ending
    /// at `\n`, `\r\n` or a lone `\r`.
    pub line: u32,
    pub column: u32,
    /// The problem alone, e.g. "found unexpected end of stream".
    pub problem: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

/// Resource limits for one parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Larger input is refused before reading.
    pub max_input_bytes: usize,
    /// Deepest nesting of collections.
    pub max_depth: u32,
    /// Most nodes in the document (aliases count as one each).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 16 * 1024 * 1024,
            max_depth: 1000,
            max_nodes: 4_000_000,
        }
    }
}

/// Parses the first document of `input` with the default [`Limits`].
pub fn parse(input: &[u8]) -> Result<Document, YamlError> {
    parse_with_limits(input, &Limits::default())
}

/// Parses the first document of `input`.
pub fn parse_with_limits(input: &[u8], limits: &Limits) -> Result<Document, YamlError> {
    parse_with(input, limits, true)
}

/// [`parse_with_limits`] without the quick reader for plain block YAML, so
/// that tests and fuzzers can compare the two.
#[doc(hidden)]
pub fn parse_with_full_reader(input: &[u8], limits: &Limits) -> Result<Document, YamlError> {
    parse_with(input, limits, false)
}

fn parse_with(input: &[u8], limits: &Limits, quick: bool) -> Result<Document, YamlError> {
    let max = limits.max_input_bytes.min(u32::MAX as usize - 1);
    if input.len() > max {
        let problem = format!(
            "input is {} bytes, more than the limit of {} bytes",
            input.len(),
            max
        );
        return Err(YamlError {
            message: format!("yaml: {problem}"),
            offset: 0,
            line: 1,
            column: 1,
            problem,
        });
    }
    // go-yaml reads an empty input as a single line break.
    let input_ref: &[u8] = if input.is_empty() { b"\n" } else { input };
    let decoded = reader::decode(input_ref);
    // Plain block YAML (most configs) has a quicker reader; it declines
    // whatever else, errors included.
    if quick {
        if let Some(document) = fast::compose(&decoded, limits) {
            return Ok(document);
        }
    }
    parse_in_full(input, input_ref, &decoded, limits)
}

/// The full reader: scanner → parser → composer.
fn parse_in_full(
    input: &[u8],
    input_ref: &[u8],
    decoded: &reader::Decoded<'_>,
    limits: &Limits,
) -> Result<Document, YamlError> {
    let mut parser = parser::Parser::new(input_ref, decoded);
    match compose::compose(&mut parser, limits) {
        Ok(composed) => {
            let (line, column) = composed
                .document
                .map_or((0, 0), |m| (m.line_number(), m.column_number()));
            Ok(Document {
                nodes: composed.nodes,
                values: composed.values,
                items: composed.items,
                pairs: composed.pairs,
                root: composed.root,
                line,
                column,
            })
        }
        Err(failure) => Err(failure.into_error(decoded, input)),
    }
}

/// What kind of code noticed a problem; go-yaml words and numbers each kind
/// differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FailureKind {
    Reader,
    Scanner,
    Parser,
    /// go-yaml's node builder ("unknown anchor …"): no line number.
    Composer,
    /// Our own limits: "line N: …".
    Limit,
    /// A state the grammar rules out; reported, never panicked on.
    Internal,
}

/// An error before it is worded (boxed: results stay small).
#[derive(Clone, Debug)]
pub(crate) struct Failure(Box<FailureInfo>);

impl std::ops::Deref for Failure {
    type Target = FailureInfo;
    fn deref(&self) -> &FailureInfo {
        &self.0
    }
}

impl std::ops::DerefMut for Failure {
    fn deref_mut(&mut self) -> &mut FailureInfo {
        &mut self.0
    }
}

/// go-yaml's error fields.
#[derive(Clone, Debug)]
pub(crate) struct FailureInfo {
    pub kind: FailureKind,
    pub context_mark: Option<scanner::Mark>,
    pub problem: String,
    pub problem_mark: Option<scanner::Mark>,
    /// Raw input offset for reader errors.
    pub raw_offset: Option<usize>,
}

impl Failure {
    pub fn new(info: FailureInfo) -> Failure {
        Failure(Box::new(info))
    }

    pub fn internal(what: &str) -> Failure {
        Failure::new(FailureInfo {
            kind: FailureKind::Internal,
            context_mark: None,
            problem: format!("internal error: {what}"),
            problem_mark: None,
            raw_offset: None,
        })
    }

    fn into_error(self, decoded: &reader::Decoded<'_>, input: &[u8]) -> YamlError {
        let this = *self.0;
        this.into_error(decoded, input)
    }
}

impl FailureInfo {
    fn into_error(self, decoded: &reader::Decoded<'_>, input: &[u8]) -> YamlError {
        // go-yaml prefers the context mark's line unless it is the first
        // line (0); scanner errors count from 1, parser errors from 0.
        let bump = usize::from(self.kind == FailureKind::Scanner);
        let go_line = match (self.context_mark, self.problem_mark) {
            (Some(c), _) if c.line() != 0 => c.line() + bump,
            (_, Some(p)) if p.line() != 0 => p.line() + bump,
            _ => 0,
        };
        let message = match self.kind {
            FailureKind::Reader | FailureKind::Composer | FailureKind::Internal => {
                format!("yaml: {}", self.problem)
            }
            FailureKind::Limit => {
                let line = self.problem_mark.map_or(1, |m| m.line() + 1);
                format!("yaml: line {line}: {}", self.problem)
            }
            FailureKind::Scanner | FailureKind::Parser => {
                if go_line != 0 {
                    format!("yaml: line {go_line}: {}", self.problem)
                } else {
                    format!("yaml: {}", self.problem)
                }
            }
        };
        let offset = match (self.raw_offset, self.problem_mark) {
            (Some(raw), _) => raw,
            (None, Some(m)) => decoded.raw_offset(m.pos()),
            (None, None) => decoded.raw_offset(decoded.text.len()),
        }
        .min(input.len());
        let (line, column) = if decoded.encoding == reader::Encoding::Utf8 {
            line_and_column(input, offset)
        } else {
            // Count in the decoded text for UTF-16 input.
            let pos = self.problem_mark.map_or(decoded.text.len(), |m| m.pos());
            line_and_column(decoded.text.as_bytes(), pos.min(decoded.text.len()))
        };
        YamlError {
            message,
            offset: u32::try_from(offset).unwrap_or(u32::MAX),
            line,
            column,
            problem: self.problem,
        }
    }
}

/// The byte at `i`, or 0 past the end: 0 is none of the bytes the readers
/// and number grammars look for, so a short input reads as "no match"
/// rather than a crash.
pub(crate) fn byte_at(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).copied().unwrap_or(0)
}

/// 1-based line and column of `offset`: lines end at `\n`, `\r\n` or a lone
/// `\r`; columns count characters (an invalid byte is one).
fn line_and_column(bytes: &[u8], offset: usize) -> (u32, u32) {
    let offset = offset.min(bytes.len());
    let mut line = 1usize;
    let mut line_start = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i).filter(|_| i < offset) {
        match b {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') && i + 1 < offset {
                    i += 1;
                } else if bytes.get(i + 1) == Some(&b'\n') {
                    // The offset sits between CR and LF: still this line.
                    break;
                }
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let column = bytes
        .get(line_start..offset)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests;
