//! Events → nodes, the way go-yaml v3 builds its `Node` tree for
//! `Unmarshal`: only the first document, anchors registered when their node
//! starts (so an alias may point at an enclosing node), aliases to unknown
//! anchors rejected. Built with an explicit stack, never recursion.

use std::collections::HashMap;
use std::ops::Range;

use super::parser::{Event, EventKind, Parser, Props};
use super::scanner::{Mark, ScalarStyle};
use super::{
    store_children, Failure, FailureInfo, FailureKind, Limits, Node, NodeId, NodeProps, Shape,
    Stretch, Style,
};

pub(crate) struct Composed {
    pub nodes: Vec<Node>,
    pub values: String,
    pub items: Vec<NodeId>,
    pub pairs: Vec<(NodeId, NodeId)>,
    pub root: Option<NodeId>,
    /// Where the document starts (go-yaml's document node position).
    pub document: Option<Mark>,
}

/// An open collection: its node and where its children start in the
/// shared child stack.
struct Frame {
    id: NodeId,
    mapping: bool,
    base: usize,
}

struct Composer<'p, 'a> {
    parser: &'p mut Parser<'a>,
    limits: &'p Limits,
    nodes: Vec<Node>,
    items: Vec<NodeId>,
    pairs: Vec<(NodeId, NodeId)>,
    anchors: HashMap<Box<str>, NodeId>,
}

/// go-yaml's short form of a tag: `tag:yaml.org,2002:str` → `!!str`.
pub(crate) fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

fn limit_failure(problem: String, at: Mark) -> Failure {
    Failure::new(FailureInfo {
        kind: FailureKind::Limit,
        context_mark: None,
        problem,
        problem_mark: Some(at),
        raw_offset: None,
    })
}

fn unexpected(event: &Event) -> Failure {
    Failure::internal(&format!("unexpected event: {}", event.kind.name()))
}

pub(crate) fn compose(parser: &mut Parser<'_>, limits: &Limits) -> Result<Composed, Failure> {
    // A first guess (typical configs hold a node per 15 to 30 bytes); once
    // it fills, the arena grows to what the rest of the text promises (see
    // `make_room`) rather than by doubling.
    let estimate = (parser.scanner.text_len() / 64)
        .clamp(16, 4096)
        .min(limits.max_nodes);
    let mut c = Composer {
        parser,
        limits,
        nodes: Vec::with_capacity(estimate),
        items: Vec::new(),
        pairs: Vec::new(),
        anchors: HashMap::new(),
    };
    let first = c.parser.next_event()?;
    if first.kind != EventKind::StreamStart {
        return Err(unexpected(&first));
    }
    let doc = c.parser.next_event()?;
    match doc.kind {
        EventKind::StreamEnd => {
            return Ok(Composed {
                nodes: Vec::new(),
                values: String::new(),
                items: Vec::new(),
                pairs: Vec::new(),
                root: None,
                document: None,
            })
        }
        EventKind::DocumentStart => {}
        EventKind::Nothing => return Err(c.poison()),
        _ => return Err(unexpected(&doc)),
    }
    let root = c.node_tree()?;
    let end = c.parser.next_event()?;
    match end.kind {
        EventKind::DocumentEnd => {}
        EventKind::Nothing => {
            // go-yaml asks once more and reports what it got.
            let mut f = c.poison();
            f.kind = FailureKind::Composer;
            f.problem = "expected document end event but got none".to_string();
            return Err(f);
        }
        _ => return Err(unexpected(&end)),
    }
    let mut nodes = c.nodes;
    if nodes.capacity() - nodes.len() > nodes.len() / 32 {
        nodes.shrink_to_fit();
    }
    Ok(Composed {
        nodes,
        values: std::mem::take(&mut c.parser.scanner.values),
        items: c.items,
        pairs: c.pairs,
        root: Some(root),
        document: Some(doc.start),
    })
}

impl Composer<'_, '_> {
    /// The failure behind an event stream that stopped short.
    fn poison(&self) -> Failure {
        self.parser
            .scanner
            .poisoned
            .clone()
            .unwrap_or_else(|| Failure::internal("event stream ended early"))
    }

    fn raw(&self, pos: usize) -> u32 {
        u32::try_from(self.parser.scanner.decoded.raw_offset(pos)).unwrap_or(u32::MAX)
    }

    fn span(&self, start: Mark, end: Mark) -> Range<u32> {
        let s = self.raw(start.pos());
        let e = self.raw(end.pos().max(start.pos()));
        s..e.max(s)
    }

    #[inline(always)]
    fn add(
        &mut self,
        shape: Shape,
        style: Style,
        props: Props,
        start: Mark,
        span: Range<u32>,
    ) -> Result<NodeId, Failure> {
        if self.nodes.len() >= self.limits.max_nodes {
            return Err(limit_failure(
                format!("exceeded max node count of {}", self.limits.max_nodes),
                start,
            ));
        }
        if self.nodes.len() == self.nodes.capacity() {
            self.make_room();
        }
        let id = self.nodes.len() as NodeId;
        let mut node_props = None;
        if !props.is_empty() {
            let (a, t) = props.into_parts();
            let tag = t
                .filter(|t| t != "!")
                .map(|t| short_tag(&t).into_boxed_str());
            let anchor = a.map(String::into_boxed_str);
            if let Some(a) = &anchor {
                self.anchors.insert(a.clone(), id);
            }
            if tag.is_some() || anchor.is_some() {
                node_props = Some(Box::new(NodeProps { tag, anchor }));
            }
        }
        self.nodes.push(Node {
            shape,
            style,
            props: node_props,
            line: start.line_number(),
            column: start.column_number(),
            span,
        });
        Ok(id)
    }

    /// Grows the full node arena to the node count the text read so far
    /// projects for the whole text (by a quarter at least, and to four
    /// times its size at most).
    #[cold]
    #[inline(never)]
    fn make_room(&mut self) {
        let len = self.nodes.len();
        let total = self.parser.scanner.text_len().max(1);
        let done = self.parser.scanner.position().clamp(1, total);
        let projected =
            usize::try_from(len as u64 * total as u64 / done as u64).unwrap_or(usize::MAX);
        let wanted = projected.saturating_add(projected / 16).saturating_add(16);
        // At least a quarter more, at most four times as many (a dense
        // start must not reserve for a sparse rest).
        let room = wanted
            .saturating_sub(len)
            .clamp(len / 4, len.saturating_mul(3))
            .max(16)
            .min(self.limits.max_nodes.saturating_sub(len).max(1));
        self.nodes.reserve_exact(room);
    }

    /// Reads the events of one node (and everything inside it).
    fn node_tree(&mut self) -> Result<NodeId, Failure> {
        let mut stack: Vec<Frame> = Vec::new();
        // Children of every open collection, innermost last.
        let mut children: Vec<NodeId> = Vec::new();
        loop {
            let ev = self.parser.next_event()?;
            let is_sequence = matches!(ev.kind, EventKind::SequenceStart { .. });
            let finished = match ev.kind {
                EventKind::Scalar {
                    value,
                    style,
                    props,
                } => {
                    let style = match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted => Style::SingleQuoted,
                        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                        ScalarStyle::Literal => Style::Literal,
                        ScalarStyle::Folded => Style::Folded,
                    };
                    let mut span = self.span(ev.start, ev.end);
                    if matches!(style, Style::Literal | Style::Folded) {
                        span.end = self.trim_block_end(span.clone());
                    }
                    self.add(Shape::Scalar(value), style, props, ev.start, span)?
                }
                EventKind::Alias(name) => {
                    let Some(&target) = self.anchors.get(name.as_str()) else {
                        return Err(Failure::new(FailureInfo {
                            kind: FailureKind::Composer,
                            context_mark: None,
                            problem: format!("unknown anchor '{name}' referenced"),
                            problem_mark: Some(ev.start),
                            raw_offset: None,
                        }));
                    };
                    let span = self.span(ev.start, ev.end);
                    self.add(
                        Shape::Alias(target),
                        Style::Plain,
                        Props::default(),
                        ev.start,
                        span,
                    )?
                }
                EventKind::SequenceStart { props, flow }
                | EventKind::MappingStart { props, flow } => {
                    if stack.len() >= self.limits.max_depth as usize {
                        return Err(limit_failure(
                            format!("exceeded max depth of {}", self.limits.max_depth),
                            ev.start,
                        ));
                    }
                    let style = if flow { Style::Flow } else { Style::Block };
                    let kind = if is_sequence {
                        Shape::Sequence(Stretch::EMPTY)
                    } else {
                        Shape::Mapping(Stretch::EMPTY)
                    };
                    let span = self.span(ev.start, ev.start);
                    let id = self.add(kind, style, props, ev.start, span)?;
                    stack.push(Frame {
                        id,
                        mapping: !is_sequence,
                        base: children.len(),
                    });
                    continue;
                }
                EventKind::SequenceEnd { closed } | EventKind::MappingEnd { closed } => {
                    let Some(frame) = stack.pop() else {
                        return Err(Failure::internal("unbalanced collection end"));
                    };
                    let id = frame.id;
                    let own = children.get(frame.base..).unwrap_or(&[]);
                    let last = own.last().copied();
                    let shape =
                        store_children(frame.mapping, own, &mut self.pairs, &mut self.items);
                    children.truncate(frame.base);
                    let end = if closed {
                        self.raw(ev.end.pos())
                    } else {
                        last.and_then(|child| self.nodes.get(child as usize))
                            .map_or(0, |child| child.span.end)
                    };
                    if let Some(node) = self.nodes.get_mut(id as usize) {
                        node.shape = shape;
                        node.span.end = end.max(node.span.start);
                    }
                    id
                }
                EventKind::Nothing => return Err(self.poison()),
                other => {
                    return Err(Failure::internal(&format!(
                        "unexpected event: {}",
                        other.name()
                    )))
                }
            };
            // Attach the finished node to its parent, or return it.
            if stack.is_empty() {
                return Ok(finished);
            }
            children.push(finished);
        }
    }

    /// A block scalar's token runs to the start of the line after it; the
    /// node's text ends at its last non-blank character.
    fn trim_block_end(&self, span: Range<u32>) -> u32 {
        let text = self.parser.scanner.decoded.text.as_bytes();
        let offset = self.raw(0);
        // Only UTF-8 input maps raw offsets straight onto the text.
        if self.parser.scanner.decoded.raw_offset(text.len()) != offset as usize + text.len() {
            return span.end;
        }
        let mut end = span.end as usize - offset as usize;
        let start = span.start as usize - offset as usize;
        while end > start + 1 && matches!(text.get(end - 1), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            end -= 1;
        }
        (end + offset as usize) as u32
    }
}
