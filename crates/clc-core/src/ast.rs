//! Finding the YAML node behind a config value, the way ct does: follow the
//! keys and indices as far as the document has them; a value the document
//! does not spell out is reported at the nearest enclosing node.

use std::rc::Rc;

use crate::diagnostic::{Diagnostic, Phase, Severity, Span};
use crate::path::ConfigPath;
use crate::source::LineIndex;
use crate::yaml::{Document, NodeId, NodeKind, NodeRef};

/// Where a value sits: the deepest node found for it, whether that node is
/// the value's own, and the value's logical path.
#[derive(Clone, Debug)]
pub struct Loc {
    pub node: Option<NodeId>,
    pub exact: bool,
    pub path: LocPath,
}

/// A value's logical path while walking, turned into a [`ConfigPath`] only
/// when a diagnostic needs it. Schema paths are short, so the segments sit
/// inline and a step down is a copy, not an allocation; a deeper path (none
/// of ct's schemas has one) moves to the heap.
#[derive(Clone, Debug, Default)]
pub struct LocPath(Segments);

const INLINE_SEGMENTS: usize = 8;

#[derive(Clone, Debug)]
enum Segments {
    Inline(u8, [LocSegment; INLINE_SEGMENTS]),
    Heap(Rc<[LocSegment]>),
}

impl Default for Segments {
    fn default() -> Self {
        Segments::Inline(0, [LocSegment::Index(0); INLINE_SEGMENTS])
    }
}

#[derive(Clone, Copy, Debug)]
enum LocSegment {
    Key(&'static str),
    Index(usize),
}

impl LocPath {
    pub fn root() -> Self {
        LocPath::default()
    }

    pub fn key(&self, key: &'static str) -> Self {
        self.then(LocSegment::Key(key))
    }

    pub fn index(&self, index: usize) -> Self {
        self.then(LocSegment::Index(index))
    }

    fn segments(&self) -> &[LocSegment] {
        match &self.0 {
            Segments::Inline(len, segments) => segments.get(..usize::from(*len)).unwrap_or(&[]),
            Segments::Heap(segments) => segments,
        }
    }

    fn then(&self, segment: LocSegment) -> Self {
        if let Segments::Inline(len, segments) = &self.0 {
            let mut segments = *segments;
            if let Some(slot) = segments.get_mut(usize::from(*len)) {
                *slot = segment;
                return LocPath(Segments::Inline(*len + 1, segments));
            }
        }
        let mut all = self.segments().to_vec();
        all.push(segment);
        LocPath(Segments::Heap(all.into()))
    }

    pub fn to_config_path(&self) -> ConfigPath {
        ConfigPath(
            self.segments()
                .iter()
                .map(|segment| match *segment {
                    LocSegment::Key(k) => crate::path::Segment::Key(k.to_owned()),
                    LocSegment::Index(i) => crate::path::Segment::Index(i),
                })
                .collect(),
        )
    }
}

/// How mapping keys are matched: as written (CLC), or camelCased the way ct
/// matches them against Ignition's JSON names (`wipe_table` → `wipeTable`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyStyle {
    Yaml,
    Json,
}

/// A document plus what diagnostics need to point into it.
pub struct Tree<'a> {
    pub doc: &'a Document,
    pub text: &'a [u8],
    pub lines: &'a LineIndex,
}

impl<'a> Tree<'a> {
    pub fn root(&self) -> Loc {
        Loc {
            node: self.doc.root,
            exact: self.doc.root.is_some(),
            path: LocPath::root(),
        }
    }

    /// The node `id` of the document ([`NodeRef::missing`] for an id the
    /// document does not hold, which the YAML composer never hands out).
    pub fn node(&self, id: NodeId) -> NodeRef<'a> {
        self.doc.node(id).unwrap_or_else(NodeRef::missing)
    }

    /// The mapping entry `key` of `at`, if `at` is a mapping that has it.
    pub fn lookup(&self, at: &Loc, key: &str, style: KeyStyle) -> Option<(NodeId, NodeId)> {
        if !at.exact {
            return None;
        }
        let node = self.node(at.node?);
        let NodeKind::Mapping(pairs) = node.kind else {
            return None;
        };
        // A repeated key keeps its last value, like ct's key map.
        pairs
            .iter()
            .rev()
            .copied()
            .find(|&(k, _)| match self.node(k).kind {
                NodeKind::Scalar(name) => match style {
                    KeyStyle::Yaml => name == key,
                    // Keys without `_` are their own camelCase form.
                    KeyStyle::Json if !name.contains('_') => name == key,
                    KeyStyle::Json => json_key_name(name) == key,
                },
                _ => key.is_empty(),
            })
    }

    pub fn child(&self, at: &Loc, key: &'static str, style: KeyStyle) -> Loc {
        let path = at.path.key(key);
        match self.lookup(at, key, style) {
            Some((_, value)) => Loc {
                node: Some(value),
                exact: true,
                path,
            },
            None => Loc {
                node: at.node,
                exact: false,
                path,
            },
        }
    }

    pub fn index(&self, at: &Loc, index: usize) -> Loc {
        let path = at.path.index(index);
        if at.exact {
            if let Some(id) = at.node {
                if let NodeKind::Sequence(items) = self.node(id).kind {
                    if let Some(&item) = items.get(index) {
                        return Loc {
                            node: Some(item),
                            exact: true,
                            path,
                        };
                    }
                }
            }
        }
        Loc {
            node: at.node,
            exact: false,
            path,
        }
    }

    /// The span we underline for a node: a scalar's own text; for a
    /// collection, its first key or item, so a code frame stays one line.
    pub fn focus_span(&self, id: NodeId) -> Span {
        let mut current = id;
        // Collections nest; walk down to the first scalar-ish node (bounded by depth).
        for _ in 0..64 {
            let node = self.node(current);
            match node.kind {
                NodeKind::Mapping(pairs) => match pairs.first() {
                    Some(&(key, _)) => current = key,
                    None => break,
                },
                NodeKind::Sequence(items) => {
                    let Some(&item) = items.first() else {
                        break;
                    };
                    // Include the `- ` indicator when the item starts later on the line.
                    let start = node.span.start;
                    let first = self.node(item);
                    let end = self.focus_span(item).end.offset.max(first.span.start);
                    return self.lines.span(self.text, start, end);
                }
                _ => break,
            }
        }
        let node = self.node(current);
        self.lines.span(self.text, node.span.start, node.span.end)
    }

    /// A diagnostic located at `at`: ct's position is the node's own line and
    /// column (go-yaml's), our span its focus.
    pub fn diagnostic(
        &self,
        at: &Loc,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        phase: Phase,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(severity, code, message)
            .in_phase(phase)
            .with_path(at.path.to_config_path());
        if let Some(id) = at.node {
            let node = self.node(id);
            d.ct_position = Some((node.line, node.column));
            d.span = Some(self.focus_span(id));
        }
        d
    }

    /// Span and ct position of a key node (for unknown keys).
    pub fn key_diagnostic(
        &self,
        key: NodeId,
        path: ConfigPath,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let node = self.node(key);
        let mut d = Diagnostic::new(severity, code, message).with_path(path);
        d.ct_position = Some((node.line, node.column));
        d.span = Some(self.lines.span(self.text, node.span.start, node.span.end));
        d
    }
}

/// ct's snake_case → camelCase key conversion: split at `_`, title-case every
/// word after the first.
pub fn json_key_name(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for (i, word) in key.split('_').enumerate() {
        if i == 0 {
            out.push_str(word);
        } else {
            out.push_str(&title_case(word));
        }
    }
    out
}

/// Go's `strings.Title`: upper-case each letter that starts a word.
fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut previous: Option<char> = None;
    for c in word.chars() {
        let starts_word = match previous {
            None => true,
            Some(p) => is_title_separator(p),
        };
        if starts_word {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

fn is_title_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if c.is_alphanumeric() {
        return false;
    }
    c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_cases_like_ct() {
        assert_eq!(json_key_name("wipe_table"), "wipeTable");
        assert_eq!(
            json_key_name("http_response_headers"),
            "httpResponseHeaders"
        );
        assert_eq!(json_key_name("type_guid"), "typeGuid");
        assert_eq!(json_key_name("path"), "path");
        assert_eq!(json_key_name("a_b-c"), "aB-C");
    }
}
