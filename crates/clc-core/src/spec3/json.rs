//! A small ordered JSON tree and Go-compatible writers for it.
//!
//! Two renderings matter for the spec-3 view:
//!
//! * the pretty form of the reference outputs: two-space indent, HTML
//!   escaping **off** (`<>&` literal), a trailing newline (what Go's
//!   `json.Encoder` with `SetEscapeHTML(false)` and `SetIndent("", "  ")`
//!   prints);
//! * the compact form Ignition re-parses after translating (Go's
//!   `json.Marshal`, HTML escaping **on**). Its byte offsets are the
//!   `line 1 col N` positions in Ignition's warnings, see [`column_of`].
//!
//! Both escape `"`, `\`, control characters (`\n`, `\r`, `\t` by name, the
//! rest as `\u00XX`) and U+2028/U+2029.

use super::validate::{VPath, VSeg};

/// A JSON value whose objects keep their key order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(&'static str, Json)>),
}

/// Builds an object field by field, honouring Go's `omitempty`.
#[derive(Default)]
pub struct Obj(Vec<(&'static str, Json)>);

impl Obj {
    pub fn new() -> Self {
        Obj(Vec::new())
    }

    /// A field that is always present.
    pub fn put(mut self, key: &'static str, value: Json) -> Self {
        self.0.push((key, value));
        self
    }

    /// An optional (pointer) field: absent when `None`.
    pub fn opt_str(self, key: &'static str, value: &Option<String>) -> Self {
        match value {
            Some(s) => self.put(key, Json::Str(s.clone())),
            None => self,
        }
    }

    pub fn opt_int(self, key: &'static str, value: Option<i64>) -> Self {
        match value {
            Some(n) => self.put(key, Json::Int(n)),
            None => self,
        }
    }

    pub fn opt_bool(self, key: &'static str, value: Option<bool>) -> Self {
        match value {
            Some(b) => self.put(key, Json::Bool(b)),
            None => self,
        }
    }

    /// An `omitempty` slice: absent when empty.
    pub fn list(self, key: &'static str, items: Vec<Json>) -> Self {
        if items.is_empty() {
            self
        } else {
            self.put(key, Json::Arr(items))
        }
    }

    /// An `omitempty` slice of strings.
    pub fn strings(self, key: &'static str, items: &[String]) -> Self {
        self.list(key, items.iter().cloned().map(Json::Str).collect())
    }

    /// An `omitempty` int (absent when 0).
    pub fn nonzero_int(self, key: &'static str, value: i64) -> Self {
        if value == 0 {
            self
        } else {
            self.put(key, Json::Int(value))
        }
    }

    pub fn build(self) -> Json {
        Json::Obj(self.0)
    }
}

/// Appends `s` as a Go JSON string literal.
pub fn write_string(out: &mut String, s: &str, escape_html: bool) {
    crate::ignition::json::write_string_escaping(out, s, escape_html);
}

/// The pretty form (indent two spaces, no HTML escaping), with a trailing
/// newline.
pub fn to_pretty(value: &Json) -> String {
    let mut out = String::with_capacity(4096);
    write_pretty(&mut out, value, 0);
    out.push('\n');
    out
}

fn indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_pretty(out: &mut String, value: &Json, depth: usize) {
    match value {
        Json::Arr(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                write_pretty(out, item, depth + 1);
            }
            indent(out, depth);
            out.push(']');
        }
        Json::Obj(fields) if !fields.is_empty() => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                write_string(out, key, false);
                out.push_str(": ");
                write_pretty(out, item, depth + 1);
            }
            indent(out, depth);
            out.push('}');
        }
        other => write_compact(out, other, false),
    }
}

/// The compact form (`json.Marshal`), optionally HTML-escaped.
pub fn to_compact(value: &Json, escape_html: bool) -> String {
    let mut out = String::with_capacity(4096);
    write_compact(&mut out, value, escape_html);
    out
}

fn write_compact(out: &mut String, value: &Json, escape_html: bool) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(n) => out.push_str(&n.to_string()),
        Json::Str(s) => write_string(out, s, escape_html),
        Json::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(out, item, escape_html);
            }
            out.push(']');
        }
        Json::Obj(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key, escape_html);
                out.push(':');
                write_compact(out, item, escape_html);
            }
            out.push('}');
        }
    }
}

/// Byte length of the compact, HTML-escaped rendering.
fn compact_len(value: &Json) -> usize {
    match value {
        Json::Str(s) => {
            let mut tmp = String::with_capacity(s.len() + 2);
            write_string(&mut tmp, s, true);
            tmp.len()
        }
        Json::Arr(items) => {
            2 + items.iter().map(compact_len).sum::<usize>() + items.len().saturating_sub(1)
        }
        Json::Obj(fields) => {
            2 + fields
                .iter()
                .map(|(k, v)| {
                    let mut tmp = String::new();
                    write_string(&mut tmp, k, true);
                    tmp.len() + 1 + compact_len(v)
                })
                .sum::<usize>()
                + fields.len().saturating_sub(1)
        }
        other => to_compact(other, true).len(),
    }
}

/// The 1-based column at which Ignition's JSON parser places the value at
/// `path` in the compact, HTML-escaped rendering (always on line 1). When
/// `path` does not exist, the deepest existing ancestor is used, as
/// Ignition's report correlation does.
pub fn column_of(root: &Json, path: &VPath) -> usize {
    let mut offset = 0;
    let mut node = root;
    for seg in &path.0 {
        match (node, seg) {
            (Json::Obj(fields), VSeg::Key(key)) => {
                let Some((pos, (name, value))) =
                    fields.iter().enumerate().find(|(_, (k, _))| k == key)
                else {
                    break;
                };
                offset += 1;
                for (k, v) in fields.iter().take(pos) {
                    let mut tmp = String::new();
                    write_string(&mut tmp, k, true);
                    offset += tmp.len() + 1 + compact_len(v) + 1;
                }
                let mut tmp = String::new();
                write_string(&mut tmp, name, true);
                offset += tmp.len() + 1;
                node = value;
            }
            (Json::Arr(items), VSeg::Index(i)) => {
                let Some(item) = items.get(*i) else {
                    break;
                };
                offset += 1;
                for earlier in items.iter().take(*i) {
                    offset += compact_len(earlier) + 1;
                }
                node = item;
            }
            _ => break,
        }
    }
    offset + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_has_go_shape() {
        let v = Obj::new()
            .put("a", Obj::new().build())
            .put("b", Json::Arr(vec![Json::Int(1), Json::Str("<&>".into())]))
            .build();
        assert_eq!(
            to_pretty(&v),
            "{\n  \"a\": {},\n  \"b\": [\n    1,\n    \"<&>\"\n  ]\n}\n"
        );
    }

    #[test]
    fn compact_escapes_html_and_separators() {
        let v = Json::Str("<a>&\u{2028}\u{1}\n".into());
        assert_eq!(
            to_compact(&v, true),
            "\"\\u003ca\\u003e\\u0026\\u2028\\u0001\\n\""
        );
        assert_eq!(to_compact(&v, false), "\"<a>&\\u2028\\u0001\\n\"");
    }

    #[test]
    fn column_points_at_value_start() {
        let v = Obj::new()
            .put("x", Json::Str("<".into()))
            .put(
                "y",
                Json::Arr(vec![
                    Json::Int(10),
                    Obj::new().put("z", Json::Bool(true)).build(),
                ]),
            )
            .build();
        let text = to_compact(&v, true);
        let path = VPath::root().key("y").index(1).key("z");
        let col = column_of(&v, &path);
        assert_eq!(&text[col - 1..col + 3], "true");
        // A missing leaf falls back to its parent.
        let missing = VPath::root().key("y").index(1).key("nope");
        let col = column_of(&v, &missing);
        assert_eq!(&text[col - 1..col], "{");
    }
}
