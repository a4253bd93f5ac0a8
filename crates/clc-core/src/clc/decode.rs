//! YAML nodes → Container Linux Config values, with go-yaml v3's decoding
//! rules: every scalar fits a string, `0644` fits an int as 420, a value of
//! the wrong type is collected as `line N: cannot unmarshal …` and decoding
//! carries on, duplicate keys are errors, `<<` merges mappings, a failed list
//! item is dropped.

use std::borrow::Cow;

use crate::limits::{MAX_ALIAS_NESTING, MAX_TYPE_ISSUES};
use crate::yaml::{self, Document, NodeId, NodeKind, NodeRef, Resolved};

/// What stops decoding: ct prints either the collected type errors under
/// `yaml: unmarshal errors:` or one other error on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// go-yaml's `*TypeError`: each entry reads `line N: …`.
    Type(Vec<TypeIssue>),
    /// Any other failure, printed as is (e.g. `three is not in dotted-tri format`).
    Other {
        message: String,
        node: Option<NodeId>,
    },
}

/// One `line N: …` entry of a type error, with the node it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeIssue {
    pub text: String,
    pub node: NodeId,
}

impl DecodeError {
    /// The text ct prints after `error: `.
    pub fn message(&self) -> String {
        match self {
            DecodeError::Type(issues) => {
                let mut s = String::from("yaml: unmarshal errors:");
                for issue in issues {
                    s.push_str("\n  ");
                    s.push_str(&issue.text);
                }
                s
            }
            DecodeError::Other { message, .. } => message.clone(),
        }
    }
}

/// Decoding state: the document, collected type errors, alias bookkeeping.
pub struct Decoder<'a> {
    pub doc: &'a Document,
    issues: Vec<TypeIssue>,
    dropped_issues: usize,
    failure: Option<(String, Option<NodeId>)>,
    alias_stack: Vec<NodeId>,
    decode_count: u64,
    alias_count: u64,
    step_budget: u64,
}

/// A value that can be decoded from a node (go-yaml's reflection, by hand).
pub trait Decode {
    /// The Go type name ct's messages use (`int`, `types.File`, `[]string`).
    fn go_type(&self) -> Cow<'static, str>;
    /// Decodes a non-alias node into `self`; returns go-yaml's "good" flag.
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool;
}

/// A struct decoded from a mapping, field by field.
pub trait DecodeStruct {
    const GO_TYPE: &'static str;
    /// Decodes `value` into the field called `key`; None when no such field.
    fn decode_field(&mut self, d: &mut Decoder<'_>, key: &str, value: NodeId) -> Option<bool>;
    /// Index of the field called `key`, to catch a field set twice.
    fn field_index(&self, key: &str) -> Option<usize>;
}

impl<'a> Decoder<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Decoder {
            doc,
            issues: Vec::new(),
            dropped_issues: 0,
            failure: None,
            alias_stack: Vec::new(),
            decode_count: 0,
            alias_count: 0,
            step_budget: crate::limits::decode_step_budget(doc.len()),
        }
    }

    /// Decodes `root` into `out` and reports what go-yaml would report.
    pub fn run(mut self, root: NodeId, out: &mut dyn Decode) -> Result<(), DecodeError> {
        self.unmarshal(root, out);
        self.finish()
    }

    fn finish(self) -> Result<(), DecodeError> {
        if let Some((message, node)) = self.failure {
            return Err(DecodeError::Other { message, node });
        }
        if self.issues.is_empty() {
            return Ok(());
        }
        let mut issues = self.issues;
        if self.dropped_issues > 0 {
            let node = issues.last().map(|i| i.node).unwrap_or(0);
            issues.push(TypeIssue {
                text: "… and more".to_owned(),
                node,
            });
        }
        Err(DecodeError::Type(issues))
    }

    pub fn failed(&self) -> bool {
        self.failure.is_some()
    }

    /// Stops decoding with an error that is not a type error.
    pub fn fail(&mut self, message: impl Into<String>, node: Option<NodeId>) {
        if self.failure.is_none() {
            self.failure = Some((message.into(), node));
        }
    }

    /// The node `id` ([`NodeRef::missing`] for an id the document does not hold).
    pub fn node(&self, id: NodeId) -> NodeRef<'a> {
        self.doc.node(id).unwrap_or_else(NodeRef::missing)
    }

    fn push_issue(&mut self, text: String, node: NodeId) {
        if self.issues.len() < MAX_TYPE_ISSUES {
            self.issues.push(TypeIssue { text, node });
        } else {
            self.dropped_issues += 1;
        }
    }

    /// Number of type issues so far (custom decoders compare before/after).
    pub fn issue_count(&self) -> usize {
        self.issues.len() + self.dropped_issues
    }

    /// go-yaml's `unmarshal`: follows aliases, then decodes.
    pub fn unmarshal(&mut self, id: NodeId, out: &mut dyn Decode) -> bool {
        if self.failure.is_some() {
            return false;
        }
        self.decode_count += 1;
        if !self.alias_stack.is_empty() {
            self.alias_count += 1;
        }
        if self.excessive_aliasing() {
            self.fail("yaml: document contains excessive aliasing", Some(id));
            return false;
        }
        let node = self.node(id);
        if let NodeKind::Alias(target) = node.kind {
            if self.alias_stack.contains(&id) {
                let name = self.node(target).anchor().unwrap_or_default().to_owned();
                self.fail(
                    format!("yaml: anchor '{name}' value contains itself"),
                    Some(id),
                );
                return false;
            }
            if self.alias_stack.len() >= MAX_ALIAS_NESTING {
                self.fail("yaml: aliases are nested too deeply", Some(id));
                return false;
            }
            self.alias_stack.push(id);
            let good = self.unmarshal(target, out);
            self.alias_stack.pop();
            return good;
        }
        out.decode_node(self, id)
    }

    /// go-yaml's alias-ratio rule, plus a hard ceiling on total work.
    fn excessive_aliasing(&self) -> bool {
        self.decode_count > self.step_budget
            || crate::limits::excessive_aliasing(self.alias_count, self.decode_count)
    }

    /// Records go-yaml's "cannot unmarshal" for `id` into `out`.
    pub fn type_error(&mut self, id: NodeId, out: &dyn Decode) {
        let node = self.node(id);
        let tag = node_short_tag(node);
        let mut text = format!("line {}: cannot unmarshal {}", node.line, tag);
        if tag != "!!seq" && tag != "!!map" {
            let value = match node.kind {
                NodeKind::Scalar(v) => v,
                _ => "",
            };
            text.push_str(" `");
            text.push_str(&truncate_value(value));
            text.push('`');
        }
        text.push_str(" into ");
        text.push_str(&out.go_type());
        self.push_issue(text, id);
    }

    /// The duplicate-key check go-yaml runs before decoding any mapping.
    /// Returns false (and records the issues) when a key repeats.
    fn check_unique_keys(&mut self, pairs: &[(NodeId, NodeId)]) -> bool {
        if pairs.len() < 2 {
            return true;
        }
        // Small mappings (nearly all): compare pairwise without allocating.
        if pairs.len() <= 16 {
            let mut keys = [(0u8, ""); 16];
            for (slot, &(k, _)) in keys.iter_mut().zip(pairs) {
                *slot = key_identity(self.node(k));
            }
            let keys = keys.get(..pairs.len()).unwrap_or_default();
            let mut clash = false;
            let mut rest = keys;
            while let Some((key, later)) = rest.split_first() {
                clash |= later.contains(key);
                rest = later;
            }
            if !clash {
                return true;
            }
        }
        // Group keys by (kind, value); report each later repeat of an earlier
        // key, in go-yaml's order (earlier key first, then each repeat).
        let mut groups: std::collections::HashMap<(u8, &str), Vec<usize>> =
            std::collections::HashMap::with_capacity(pairs.len());
        let mut any = false;
        for (i, &(k, _)) in pairs.iter().enumerate() {
            let entry = groups.entry(key_identity(self.node(k))).or_default();
            any |= !entry.is_empty();
            entry.push(i);
        }
        if !any {
            return true;
        }
        for (i, &(ki, _)) in pairs.iter().enumerate() {
            if self.issues.len() >= MAX_TYPE_ISSUES {
                // Counting the rest would take quadratic time; say there are more.
                self.dropped_issues += 1;
                break;
            }
            let Some(group) = groups.get(&key_identity(self.node(ki))) else {
                continue;
            };
            let later: Vec<NodeId> = group
                .iter()
                .copied()
                .filter(|&j| j > i)
                .take(MAX_TYPE_ISSUES)
                .filter_map(|j| pairs.get(j).map(|&(kj, _)| kj))
                .collect();
            for kj in later {
                let (ni, nj) = (self.node(ki), self.node(kj));
                let text = format!(
                    "line {}: mapping key {} already defined at line {}",
                    nj.line,
                    crate::gocompat::quote::quote(scalar_value(nj)),
                    ni.line
                );
                self.push_issue(text, kj);
            }
        }
        false
    }

    /// go-yaml's `mappingStruct`, for any [`DecodeStruct`].
    pub fn decode_struct<S: DecodeStruct + Decode>(&mut self, id: NodeId, out: &mut S) -> bool {
        let node = self.node(id);
        match node.kind {
            NodeKind::Mapping(pairs) => {
                if !self.check_unique_keys(pairs) {
                    return false;
                }
                let mut done = FieldsSet::default();
                for &(k, v) in pairs {
                    if self.failure.is_some() {
                        return false;
                    }
                    if is_merge_key(self.node(k)) {
                        self.merge(v, out);
                        continue;
                    }
                    // Plain scalar keys (nearly all) are read in place; others
                    // (aliases, collections) go through the full decoding.
                    let key_node = self.node(k);
                    let owned;
                    let name: &str = match key_node.kind {
                        NodeKind::Scalar(v) if !is_null(key_node) => {
                            self.decode_count += 1;
                            v
                        }
                        _ => {
                            let mut decoded = String::new();
                            if !self.unmarshal(k, &mut decoded) {
                                continue;
                            }
                            owned = decoded;
                            &owned
                        }
                    };
                    if let Some(index) = out.field_index(name) {
                        if !done.insert(index) {
                            let text = format!(
                                "line {}: field {} already set in type {}",
                                self.node(k).line,
                                name,
                                S::GO_TYPE
                            );
                            self.push_issue(text, k);
                            continue;
                        }
                        out.decode_field(self, name, v);
                    }
                }
                true
            }
            NodeKind::Scalar(_) => {
                if is_null(node) {
                    return false;
                }
                self.type_error(id, out);
                false
            }
            NodeKind::Sequence(_) => {
                self.type_error(id, out);
                false
            }
            NodeKind::Alias(_) => false,
        }
    }

    /// go-yaml's `merge`: `<<` takes a mapping or a list of mappings (the
    /// last listed first, so earlier ones win).
    fn merge(&mut self, id: NodeId, out: &mut dyn Decode) {
        let node = self.node(id);
        let want_map = "yaml: map merge requires map or sequence of maps as the value";
        match node.kind {
            NodeKind::Mapping(_) => {
                self.unmarshal(id, out);
            }
            NodeKind::Alias(target) => {
                if !matches!(self.node(target).kind, NodeKind::Mapping(_)) {
                    self.fail(want_map, Some(id));
                    return;
                }
                self.unmarshal(id, out);
            }
            NodeKind::Sequence(items) => {
                for &item in items.iter().rev() {
                    let ok = match self.node(item).kind {
                        NodeKind::Alias(target) => {
                            matches!(self.node(target).kind, NodeKind::Mapping(_))
                        }
                        NodeKind::Mapping(_) => true,
                        _ => false,
                    };
                    if !ok {
                        self.fail(want_map, Some(item));
                        return;
                    }
                    self.unmarshal(item, out);
                }
            }
            NodeKind::Scalar(_) => self.fail(want_map, Some(id)),
        }
    }

    /// Runs the duplicate-key check on a mapping about to be decoded into a
    /// non-struct type, then reports the type error. Returns false.
    fn mapping_into_non_struct(&mut self, id: NodeId, out: &dyn Decode) -> bool {
        if let NodeKind::Mapping(pairs) = self.node(id).kind {
            if !self.check_unique_keys(pairs) {
                return false;
            }
        }
        self.type_error(id, out);
        false
    }
}

/// The fields of a struct a mapping has set, by index: a bit each for the
/// first 128 (every struct but etcd's largest option sets), without
/// allocating, and a list for the rest.
#[derive(Default)]
struct FieldsSet {
    first: u128,
    rest: Vec<usize>,
}

impl FieldsSet {
    /// Adds `index`; false when it was already there.
    fn insert(&mut self, index: usize) -> bool {
        if let Some(bit) = u32::try_from(index).ok().and_then(|i| 1u128.checked_shl(i)) {
            let new = self.first & bit == 0;
            self.first |= bit;
            return new;
        }
        if self.rest.contains(&index) {
            return false;
        }
        self.rest.push(index);
        true
    }
}

/// The value of a scalar node, or "" for collections (as go-yaml's Node.Value).
fn scalar_value(node: NodeRef<'_>) -> &str {
    match node.kind {
        NodeKind::Scalar(v) => v,
        _ => "",
    }
}

fn key_identity(node: NodeRef<'_>) -> (u8, &str) {
    let kind = match node.kind {
        NodeKind::Scalar(_) => 0,
        NodeKind::Sequence(_) => 1,
        NodeKind::Mapping(_) => 2,
        NodeKind::Alias(_) => 3,
    };
    (kind, scalar_value(node))
}

/// go-yaml cuts a value longer than 10 bytes to its first 7 and `...`.
fn truncate_value(value: &str) -> Cow<'_, str> {
    if value.len() <= 10 {
        return Cow::Borrowed(value);
    }
    let bytes = value.as_bytes().get(..7).unwrap_or_default();
    let mut s = String::from_utf8_lossy(bytes).into_owned();
    s.push_str("...");
    Cow::Owned(s)
}

/// The short tag go-yaml gives a node (its resolved tag).
pub fn node_short_tag(node: NodeRef<'_>) -> &'static str {
    match node.kind {
        NodeKind::Sequence(_) => "!!seq",
        NodeKind::Mapping(_) => "!!map",
        NodeKind::Alias(_) => "!!null",
        NodeKind::Scalar(_) => yaml::short_tag(&yaml::resolve(node)),
    }
}

/// A scalar written in quotes or as a block scalar: always a string.
fn is_quoted(node: NodeRef<'_>) -> bool {
    !matches!(node.style, yaml::Style::Plain)
}

fn is_null(node: NodeRef<'_>) -> bool {
    let NodeKind::Scalar(value) = node.kind else {
        return false;
    };
    // The common case answered without full resolution: an untagged plain
    // scalar is null only when spelled as one of YAML's nulls.
    if node.tag().is_none() {
        return matches!(node.style, yaml::Style::Plain)
            && matches!(value, "" | "~" | "null" | "Null" | "NULL");
    }
    matches!(yaml::resolve(node), Resolved::Null)
}

fn is_merge_key(node: NodeRef<'_>) -> bool {
    matches!(node.kind, NodeKind::Scalar("<<")) && matches!(yaml::resolve(node), Resolved::Merge)
}

// ---- scalar types --------------------------------------------------------

impl Decode for String {
    fn go_type(&self) -> Cow<'static, str> {
        Cow::Borrowed("string")
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        let node = d.node(id);
        match node.kind {
            NodeKind::Scalar(value) => {
                if is_null(node) {
                    return false;
                }
                value.clone_into(self);
                true
            }
            NodeKind::Mapping(_) => d.mapping_into_non_struct(id, self),
            _ => {
                d.type_error(id, self);
                false
            }
        }
    }
}

/// Go's `int` (64-bit on the machines ct runs on).
impl Decode for i64 {
    fn go_type(&self) -> Cow<'static, str> {
        Cow::Borrowed("int")
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        let node = d.node(id);
        if let NodeKind::Scalar(_) = node.kind {
            let value = match yaml::resolve(node) {
                Resolved::Null => return false,
                Resolved::Int(v) => Some(v),
                Resolved::Uint(v) => i64::try_from(v).ok(),
                Resolved::Float(f) if f <= i64::MAX as f64 => Some(go_float_to_int(f)),
                _ => None,
            };
            if let Some(v) = value {
                *self = v;
                return true;
            }
        } else if let NodeKind::Mapping(_) = node.kind {
            return d.mapping_into_non_struct(id, self);
        }
        d.type_error(id, self);
        false
    }
}

/// Go's `uint`.
impl Decode for u64 {
    fn go_type(&self) -> Cow<'static, str> {
        Cow::Borrowed("uint")
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        let node = d.node(id);
        if let NodeKind::Scalar(_) = node.kind {
            let value = match yaml::resolve(node) {
                Resolved::Null => return false,
                Resolved::Int(v) => u64::try_from(v).ok(),
                Resolved::Uint(v) => Some(v),
                Resolved::Float(f) if f <= u64::MAX as f64 => Some(go_float_to_uint(f)),
                _ => None,
            };
            if let Some(v) = value {
                *self = v;
                return true;
            }
        } else if let NodeKind::Mapping(_) = node.kind {
            return d.mapping_into_non_struct(id, self);
        }
        d.type_error(id, self);
        false
    }
}

impl Decode for bool {
    fn go_type(&self) -> Cow<'static, str> {
        Cow::Borrowed("bool")
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        let node = d.node(id);
        if let NodeKind::Scalar(text) = node.kind {
            let quoted = is_quoted(node);
            match yaml::resolve(node) {
                Resolved::Null => return false,
                Resolved::Bool(b) if !quoted => {
                    *self = b;
                    return true;
                }
                _ => {}
            }
            // go-yaml still takes YAML 1.1 booleans when the target is a bool.
            let value = if quoted || matches!(yaml::resolve(node), Resolved::Str) {
                match text {
                    "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
                    "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
                    _ => None,
                }
            } else {
                None
            };
            if let Some(b) = value {
                *self = b;
                return true;
            }
        } else if let NodeKind::Mapping(_) = node.kind {
            return d.mapping_into_non_struct(id, self);
        }
        d.type_error(id, self);
        false
    }
}

/// Go converts an out-of-range float to the minimum int on amd64.
fn go_float_to_int(f: f64) -> i64 {
    if f.is_nan() || f < i64::MIN as f64 {
        i64::MIN
    } else {
        f as i64
    }
}

fn go_float_to_uint(f: f64) -> u64 {
    if f.is_nan() || f < 0.0 {
        // Go's conversion of a negative float to uint is undefined; amd64
        // gives the two's complement of the truncated value.
        (go_float_to_int(f)) as u64
    } else {
        f as u64
    }
}

// ---- containers -------------------------------------------------------------

/// A pointer field: null leaves it unset, anything else fills it.
impl<T: Decode + Default> Decode for Option<T> {
    fn go_type(&self) -> Cow<'static, str> {
        match self {
            Some(v) => v.go_type(),
            None => T::default().go_type(),
        }
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        if is_null(d.node(id)) {
            *self = None;
            return true;
        }
        let inner = self.get_or_insert_with(T::default);
        inner.decode_node(d, id)
    }
}

impl<T: Decode + Default> Decode for Vec<T> {
    fn go_type(&self) -> Cow<'static, str> {
        Cow::Owned(format!("[]{}", T::default().go_type()))
    }
    fn decode_node(&mut self, d: &mut Decoder<'_>, id: NodeId) -> bool {
        let node = d.node(id);
        match node.kind {
            NodeKind::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for &item in items {
                    let mut element = T::default();
                    if d.unmarshal(item, &mut element) {
                        out.push(element);
                    }
                    if d.failed() {
                        break;
                    }
                }
                *self = out;
                true
            }
            NodeKind::Scalar(_) if is_null(node) => {
                self.clear();
                true
            }
            NodeKind::Mapping(_) => d.mapping_into_non_struct(id, self),
            _ => {
                d.type_error(id, self);
                false
            }
        }
    }
}

/// Declares a CLC struct: its fields with their YAML keys and Go type name,
/// and its decoding.
#[macro_export]
macro_rules! clc_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $go:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $key:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $name {
            /// The YAML keys of this struct, in ct's field order.
            pub const KEYS: &'static [&'static str] = &[$($key),*];
        }

        impl $crate::clc::decode::DecodeStruct for $name {
            const GO_TYPE: &'static str = $go;
            fn decode_field(
                &mut self,
                d: &mut $crate::clc::decode::Decoder<'_>,
                key: &str,
                value: $crate::yaml::NodeId,
            ) -> Option<bool> {
                match key {
                    $( $key => Some(d.unmarshal(value, &mut self.$field)), )*
                    _ => None,
                }
            }
            fn field_index(&self, key: &str) -> Option<usize> {
                Self::KEYS.iter().position(|k| *k == key)
            }
        }

        impl $crate::clc::decode::Decode for $name {
            fn go_type(&self) -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($go)
            }
            fn decode_node(
                &mut self,
                d: &mut $crate::clc::decode::Decoder<'_>,
                id: $crate::yaml::NodeId,
            ) -> bool {
                d.decode_struct(id, self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_set_reports_each_index_once() {
        let mut set = FieldsSet::default();
        for index in [0, 1, 127, 128, 129, 300] {
            assert!(set.insert(index), "{index}");
        }
        for index in [0, 1, 127, 128, 129, 300] {
            assert!(!set.insert(index), "{index}");
        }
        assert!(set.insert(2));
        assert!(set.insert(200));
    }
}
