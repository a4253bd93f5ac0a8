//! JSON output byte-exact with Go's `encoding/json` (as ct and the terraform
//! provider print it): struct fields in declaration order, `omitempty`,
//! HTML-safe escaping, and `MarshalIndent(v, "", "  ")` for the pretty form.

use crate::byte_scan::run_len;

/// Writes JSON text in compact or pretty form.
pub struct JsonWriter {
    out: String,
    pretty: bool,
    depth: usize,
    /// Whether the innermost open object/array is still empty. One flag is
    /// enough: a container that closes is a value in its parent, so the
    /// parent is never empty then.
    first: bool,
}

/// A value that prints itself as Go would.
pub trait ToJson {
    fn write_json(&self, w: &mut JsonWriter);
    /// Go's `omitempty` test.
    fn is_empty_value(&self) -> bool {
        false
    }
}

impl JsonWriter {
    pub fn new(pretty: bool) -> Self {
        JsonWriter {
            out: String::new(),
            pretty,
            depth: 0,
            first: false,
        }
    }

    pub fn with_capacity(pretty: bool, capacity: usize) -> Self {
        let mut w = JsonWriter::new(pretty);
        w.out.reserve(capacity);
        w
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// Separator and indentation before an element of the open container.
    fn element(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.out.push(',');
        }
        self.newline();
    }

    pub fn begin_object(&mut self) {
        self.out.push('{');
        self.depth += 1;
        self.first = true;
    }

    pub fn end_object(&mut self) {
        self.close('}');
    }

    pub fn begin_array(&mut self) {
        self.out.push('[');
        self.depth += 1;
        self.first = true;
    }

    pub fn end_array(&mut self) {
        self.close(']');
    }

    fn close(&mut self, bracket: char) {
        self.depth = self.depth.saturating_sub(1);
        let empty = std::mem::replace(&mut self.first, false);
        if !empty {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// Writes `"name":` (with a space after the colon when pretty).
    pub fn key(&mut self, name: &str) {
        self.element();
        write_string(&mut self.out, name);
        self.out.push(':');
        if self.pretty {
            self.out.push(' ');
        }
    }

    /// A field, honouring `omitempty`.
    pub fn field<T: ToJson + ?Sized>(&mut self, name: &str, value: &T, omitempty: bool) {
        if omitempty && value.is_empty_value() {
            return;
        }
        self.key(name);
        value.write_json(self);
    }

    /// Prepares for an array element.
    pub fn array_element(&mut self) {
        self.element();
    }

    pub fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    pub fn string(&mut self, s: &str) {
        write_string(&mut self.out, s);
    }
}

/// Go's string escaping: `"` `\` and control characters, plus `<`, `>`, `&`,
/// U+2028 and U+2029 as `\u` escapes (HTML-safe mode, on by default in Go).
pub fn write_string(out: &mut String, s: &str) {
    write_string_escaping(out, s, true);
}

/// [`write_string`], with `<`, `>` and `&` left alone unless `escape_html`
/// (Go's `SetEscapeHTML(false)`).
pub fn write_string_escaping(out: &mut String, s: &str, escape_html: bool) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    // Bytes up to `start` are written; runs that need nothing are copied
    // whole. Every escaped byte is ASCII or the lead byte of U+2028/2029, so
    // `start` and `i` always sit on character boundaries.
    let mut start = 0;
    let mut i = 0;
    loop {
        i += bytes.get(i..).map_or(0, |rest| run_len(rest, may_escape));
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b'<' | b'>' | b'&' if !escape_html => {
                i += 1;
                continue;
            }
            0xE2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(0xA8)) => "\\u2028",
                (Some(0x80), Some(0xA9)) => "\\u2029",
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => "",
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            out.extend(char::from_digit(u32::from(b >> 4), 16));
            out.extend(char::from_digit(u32::from(b & 0xF), 16));
        } else {
            out.push_str(escape);
        }
        i += if b == 0xE2 { 3 } else { 1 };
        start = i;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// Whether `b` may need an escape (0xE2 starts U+2028/U+2029).
fn may_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\') | (b == b'<') | (b == b'>') | (b == b'&') | (b == 0xE2)
}

impl ToJson for String {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut JsonWriter) {
        w.raw(if *self { "true" } else { "false" });
    }
    fn is_empty_value(&self) -> bool {
        !*self
    }
}

impl ToJson for i64 {
    fn write_json(&self, w: &mut JsonWriter) {
        // Without `to_string`'s allocation and formatting machinery.
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        let mut rest = self.unsigned_abs();
        for slot in digits.iter_mut().rev() {
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
            start -= 1;
            if rest == 0 {
                break;
            }
        }
        if *self < 0 {
            w.out.push('-');
        }
        // Digit by digit: a few bytes, cheaper than checking them as UTF-8.
        for &digit in digits.get(start..).unwrap_or_default() {
            w.out.push(char::from(digit));
        }
    }
    fn is_empty_value(&self) -> bool {
        *self == 0
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(v) => v.write_json(w),
            None => w.raw("null"),
        }
    }
    fn is_empty_value(&self) -> bool {
        self.is_none()
    }
}

/// Slices: ct never builds an empty non-nil slice, so an empty one is Go's
/// nil slice and prints as `null` (only fields without `omitempty` show it).
impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        if self.is_empty() {
            w.raw("null");
            return;
        }
        w.begin_array();
        for item in self {
            w.array_element();
            item.write_json(w);
        }
        w.end_array();
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> String {
        let mut out = String::new();
        write_string(&mut out, text);
        out
    }

    #[test]
    fn escapes_like_go() {
        assert_eq!(s("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(s("<a&b>"), r#""\u003ca\u0026b\u003e""#);
        assert_eq!(s("\u{2028}\u{2029}"), r#""\u2028\u2029""#);
        assert_eq!(s("\u{8}\u{c}\u{1}\n\t\r"), r#""\u0008\u000c\u0001\n\t\r""#);
        assert_eq!(s("é✓\u{7f}"), "\"é✓\u{7f}\"");
    }

    /// Go's rules written out character by character.
    fn reference(text: &str, escape_html: bool) -> String {
        let mut out = String::from('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '<' | '>' | '&' if escape_html => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                '\u{0}'..='\u{1f}' | '\u{2028}' | '\u{2029}' => {
                    out.push_str(&format!("\\u{:04x}", u32::from(c)))
                }
                _ => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn matches_the_reference_at_every_offset() {
        let pieces = [
            "plain",
            "\"",
            "\\",
            "<",
            ">",
            "&",
            "\u{2028}",
            "\u{2029}",
            "\u{2027}",
            "\u{202a}",
            "✓",
            "é",
            "\u{7f}",
            "\u{0}",
            "\u{1f}",
            "\n",
            "\r",
            "\t",
            "\u{8}",
            "0123456789",
        ];
        for (n, piece) in pieces.iter().enumerate() {
            for pad in 0..20 {
                let text = format!("{}{piece}{}", "x".repeat(pad), "y".repeat(n % 9));
                for html in [true, false] {
                    let mut out = String::new();
                    write_string_escaping(&mut out, &text, html);
                    assert_eq!(out, reference(&text, html), "{text:?}");
                }
            }
        }
        let all: String = (0..=0x7f_u8)
            .map(char::from)
            .chain(pieces.concat().chars())
            .collect();
        assert_eq!(s(&all), reference(&all, true));
    }

    #[test]
    fn integers_like_go() {
        for n in [
            0,
            1,
            9,
            10,
            420,
            0o644,
            -1,
            -10,
            i64::MAX,
            i64::MIN,
            1 << 40,
        ] {
            let mut w = JsonWriter::new(false);
            n.write_json(&mut w);
            assert_eq!(w.finish(), n.to_string());
        }
    }

    #[test]
    fn nested_empty_and_full_containers() {
        for pretty in [false, true] {
            let mut w = JsonWriter::new(pretty);
            w.begin_object();
            w.key("a");
            w.begin_array();
            w.array_element();
            w.begin_object();
            w.end_object();
            w.array_element();
            w.begin_array();
            w.end_array();
            w.end_array();
            w.key("b");
            w.begin_object();
            w.key("c");
            w.raw("1");
            w.end_object();
            w.key("d");
            w.raw("2");
            w.end_object();
            let want = if pretty {
                "{\n  \"a\": [\n    {},\n    []\n  ],\n  \"b\": {\n    \"c\": 1\n  },\n  \"d\": 2\n}"
            } else {
                r#"{"a":[{},[]],"b":{"c":1},"d":2}"#
            };
            assert_eq!(w.finish(), want);
        }
    }

    #[test]
    fn pretty_layout() {
        let mut w = JsonWriter::new(true);
        w.begin_object();
        w.key("a");
        w.begin_object();
        w.end_object();
        w.key("b");
        vec![String::from("x"), String::from("y")].write_json(&mut w);
        w.end_object();
        assert_eq!(
            w.finish(),
            "{\n  \"a\": {},\n  \"b\": [\n    \"x\",\n    \"y\"\n  ]\n}"
        );
    }

    #[test]
    fn compact_layout() {
        let mut w = JsonWriter::new(false);
        w.begin_object();
        w.field("a", &0i64, true);
        w.field("b", &Vec::<String>::new(), false);
        w.field("c", &true, true);
        w.end_object();
        assert_eq!(w.finish(), r#"{"b":null,"c":true}"#);
    }
}
