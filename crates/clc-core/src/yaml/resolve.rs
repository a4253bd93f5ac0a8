//! Scalar resolution as go-yaml v3 does it when decoding: which YAML type a
//! scalar is (null, bool, int, float, timestamp, merge key, string), with
//! Go's number syntax (`strconv.ParseInt` with base 0, `ParseFloat`) and
//! Go's `time.Parse` for the accepted timestamp layouts.

use std::borrow::Cow;

use super::{byte_at, NodeKind, NodeRef, Style};

/// A scalar's resolved type and, for numbers and booleans, its value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    /// Fits in an i64.
    Int(i64),
    /// An integer above `i64::MAX` that fits in a u64.
    Uint(u64),
    Float(f64),
    /// A string: quoted and block scalars, `!!str`, unknown tags and every
    /// plain scalar that is nothing else.
    Str,
    /// `2001-12-14`, `2001-12-14T21:59:43.10Z`, …
    Timestamp,
    /// The plain `<<` key (or an explicit `!!merge`).
    Merge,
    /// An explicit `!!binary` scalar (the value is base64).
    Binary,
}

/// go-yaml's short tag for a resolved type ("!!int", …).
pub fn short_tag(resolved: &Resolved) -> &'static str {
    match resolved {
        Resolved::Null => "!!null",
        Resolved::Bool(_) => "!!bool",
        Resolved::Int(_) | Resolved::Uint(_) => "!!int",
        Resolved::Float(_) => "!!float",
        Resolved::Str => "!!str",
        Resolved::Timestamp => "!!timestamp",
        Resolved::Merge => "!!merge",
        Resolved::Binary => "!!binary",
    }
}

/// go-yaml's `Node.Tag` for a node: the explicit tag if any, else `!!str`
/// for quoted and block scalars, `!!merge` for a plain `<<`, the resolved
/// tag for other plain scalars, `!!seq` / `!!map` for collections, and ""
/// for aliases. This is the tag go-yaml names in "cannot unmarshal …".
pub fn node_tag<'d>(node: NodeRef<'d>) -> Cow<'d, str> {
    if let Some(tag) = node.tag() {
        return Cow::Borrowed(tag);
    }
    match node.kind {
        NodeKind::Sequence(_) => Cow::Borrowed("!!seq"),
        NodeKind::Mapping(_) => Cow::Borrowed("!!map"),
        NodeKind::Alias(_) => Cow::Borrowed(""),
        NodeKind::Scalar(_) => Cow::Borrowed(short_tag(&resolve(node))),
    }
}

/// Resolves a scalar node the way go-yaml's decoder does. Where go-yaml
/// fails (an explicit tag the value does not fit, e.g. `!!int abc`), this
/// returns [`Resolved::Str`]; use [`try_resolve`] for the error. Non-scalar
/// nodes give [`Resolved::Str`].
pub fn resolve(node: NodeRef<'_>) -> Resolved {
    try_resolve(node).unwrap_or(Resolved::Str)
}

/// Like [`resolve`], with go-yaml's error for an explicit tag the value
/// cannot have: "yaml: cannot decode !!str `abc` as a !!int".
pub fn try_resolve(node: NodeRef<'_>) -> Result<Resolved, String> {
    let NodeKind::Scalar(value) = node.kind else {
        return Ok(Resolved::Str);
    };
    match node.tag() {
        Some("!!str") => Ok(Resolved::Str),
        None if node.style != Style::Plain => Ok(Resolved::Str),
        None if value == "<<" => Ok(Resolved::Merge),
        None => Ok(resolve_plain(value, true)),
        Some(tag @ ("!!bool" | "!!int" | "!!float" | "!!null" | "!!timestamp")) => {
            let r = resolve_plain(value, tag == "!!timestamp");
            let rtag = short_tag(&r);
            if rtag == tag {
                Ok(r)
            } else if let (Resolved::Int(i), "!!float") = (r, tag) {
                Ok(Resolved::Float(i as f64))
            } else {
                Err(format!("yaml: cannot decode {rtag} `{value}` as a {tag}"))
            }
        }
        Some("!!binary") => Ok(Resolved::Binary),
        Some("!!merge") => Ok(Resolved::Merge),
        Some(_) => Ok(Resolved::Str),
    }
}

/// go-yaml's `resolve("", value)` for a plain scalar; timestamps only when
/// `timestamps` (untagged or `!!timestamp`).
pub(crate) fn resolve_plain(value: &str, timestamps: bool) -> Resolved {
    let bytes = value.as_bytes();
    let hint = match bytes.first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => return Resolved::Str,
    };
    // None of YAML's named values starts with a digit; numbers (nearly all
    // of them plain integers) go straight to the number rules.
    if hint == b'D' {
        return resolve_number(value, timestamps);
    }
    match value {
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        _ => {}
    }
    match hint {
        b'.' => match go_parse_float(value) {
            Some(f) => Resolved::Float(f),
            None => Resolved::Str,
        },
        b'S' => resolve_number(value, timestamps),
        _ => Resolved::Str,
    }
}

fn resolve_number(value: &str, timestamps: bool) -> Resolved {
    if let Some(i) = small_plain_integer(value) {
        return Resolved::Int(i);
    }
    if timestamps && is_timestamp(value) {
        return Resolved::Timestamp;
    }
    let plain: Cow<'_, str> = if value.contains('_') {
        Cow::Owned(value.chars().filter(|&c| c != '_').collect())
    } else {
        Cow::Borrowed(value)
    };
    if let Some(i) = go_parse_int(&plain, 0) {
        return Resolved::Int(i);
    }
    if let Some(u) = go_parse_uint(&plain, 0) {
        return Resolved::Uint(u);
    }
    if yaml_style_float(&plain) {
        if let Some(f) = go_parse_float(&plain) {
            return Resolved::Float(f);
        }
    }
    // Binary and 0o octal numbers once more, with an explicit base (this
    // also takes a sign after the prefix, as go-yaml does).
    for (prefix, base) in [("0b", 2), ("0o", 8)] {
        if let Some(rest) = plain.strip_prefix(prefix) {
            if let Some(i) = go_parse_int(rest, base) {
                return Resolved::Int(i);
            }
            if let Some(u) = go_parse_uint(rest, base) {
                return Resolved::Uint(u);
            }
        } else if let Some(rest) = plain.strip_prefix('-').and_then(|p| p.strip_prefix(prefix)) {
            if let Some(i) = go_parse_int(&format!("-{rest}"), base) {
                return Resolved::Int(i);
            }
        }
    }
    Resolved::Str
}

/// The common numbers (`500`, `0644`) the way `strconv.ParseInt(s, 0, 64)`
/// reads them: up to 18 digits, decimal, or octal after a leading `0`.
/// Anything else (signs, `_`, `0x`, `09`, …) is left to the full rules.
fn small_plain_integer(value: &str) -> Option<i64> {
    let digits = value.as_bytes();
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let octal = digits.len() > 1 && digits.first() == Some(&b'0');
    let base = if octal { 8 } else { 10 };
    digits.iter().try_fold(0i64, |n, &d| {
        let d = i64::from(d - b'0');
        (d < base).then_some(n * base + d)
    })
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let from = *i;
        while byte_at(b, *i).is_ascii_digit() {
            *i += 1;
        }
        *i - from
    };
    if matches!(byte_at(b, i), b'+' | b'-') {
        i += 1;
    }
    if byte_at(b, i) == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if byte_at(b, i) == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(byte_at(b, i), b'e' | b'E') {
        i += 1;
        if matches!(byte_at(b, i), b'+' | b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseUint(s, base, 64)` for base 0 (with prefixes), 2 or 8.
/// Underscores are not expected (go-yaml removes them first).
fn go_parse_uint(s: &str, base: u32) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let (digits, base) = match (base, b) {
        (0, [b'0', prefix, rest @ ..]) if !rest.is_empty() => match prefix.to_ascii_lowercase() {
            b'b' => (rest, 2),
            b'o' => (rest, 8),
            b'x' => (rest, 16),
            _ => (b.get(1..).unwrap_or_default(), 8),
        },
        (0, [b'0', rest @ ..]) => (rest, 8),
        (0, _) => (b, 10),
        _ => (b, base),
    };
    let mut n: u64 = 0;
    for &c in digits {
        let d = (c as char).to_digit(36)?;
        if d >= base {
            return None;
        }
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, base, 64)`.
fn go_parse_int(s: &str, base: u32) -> Option<i64> {
    let (negative, rest) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let n = go_parse_uint(rest, base)?;
    if negative {
        if n <= 1u64 << 63 {
            Some((n as i64).wrapping_neg())
        } else {
            None
        }
    } else {
        i64::try_from(n).ok()
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal syntax (what reaches it
/// here: text starting with '.', or matching the YAML float pattern).
/// None on a syntax error or overflow.
fn go_parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(byte_at(b, i), b'+' | b'-') {
        i += 1;
    }
    let mut underscores = false;
    let mut saw_dot = false;
    let mut saw_digits = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => underscores = true,
            b'.' if !saw_dot => saw_dot = true,
            b'0'..=b'9' => saw_digits = true,
            _ => break,
        }
        i += 1;
    }
    if !saw_digits {
        return None;
    }
    if matches!(byte_at(b, i), b'e' | b'E') {
        i += 1;
        if matches!(byte_at(b, i), b'+' | b'-') {
            i += 1;
        }
        if !byte_at(b, i).is_ascii_digit() {
            return None;
        }
        while matches!(byte_at(b, i), b'0'..=b'9' | b'_') {
            underscores |= byte_at(b, i) == b'_';
            i += 1;
        }
    }
    if i != b.len() || (underscores && !underscore_ok(s)) {
        return None;
    }
    let cleaned: Cow<'_, str> = if underscores {
        Cow::Owned(s.replace('_', ""))
    } else {
        Cow::Borrowed(s)
    };
    let f: f64 = cleaned.parse().ok()?;
    if f.is_infinite() {
        return None;
    }
    Some(f)
}

/// Go's rule for underscores in number literals: only between digits (or
/// after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some((b'+' | b'-', rest)) = b.split_first() {
        b = rest;
    }
    let mut saw = b'^';
    let mut hex = false;
    if let [b'0', prefix, rest @ ..] = b {
        if matches!(prefix.to_ascii_lowercase(), b'b' | b'o' | b'x') {
            b = rest;
            saw = b'0';
            hex = prefix.eq_ignore_ascii_case(&b'x');
        }
    }
    for &c in b {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

// ---- timestamps --------------------------------------------------------------

#[derive(Clone, Copy)]
enum Part {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Fraction,
    Zone,
    Lit(&'static str),
}

/// The layouts go-yaml tries, as Go's time package reads them.
const LAYOUTS: [&[Part]; 4] = {
    use Part::*;
    [
        &[
            Year,
            Lit("-"),
            Month,
            Lit("-"),
            Day,
            Lit("T"),
            Hour,
            Lit(":"),
            Minute,
            Lit(":"),
            Second,
            Fraction,
            Zone,
        ],
        &[
            Year,
            Lit("-"),
            Month,
            Lit("-"),
            Day,
            Lit("t"),
            Hour,
            Lit(":"),
            Minute,
            Lit(":"),
            Second,
            Fraction,
            Zone,
        ],
        &[
            Year,
            Lit("-"),
            Month,
            Lit("-"),
            Day,
            Lit(" "),
            Hour,
            Lit(":"),
            Minute,
            Lit(":"),
            Second,
            Fraction,
        ],
        &[Year, Lit("-"), Month, Lit("-"), Day],
    ]
};

/// go-yaml's timestamp check: four digits and '-', then one of the layouts.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    LAYOUTS.iter().any(|layout| matches_layout(layout, b))
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(v: &[u8], fixed: bool) -> Option<(u32, &[u8])> {
    let d0 = v.first().filter(|c| c.is_ascii_digit())?;
    match v.get(1).filter(|c| c.is_ascii_digit()) {
        Some(d1) => Some((u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'), skip(v, 2))),
        None if fixed => None,
        None => Some((u32::from(d0 - b'0'), skip(v, 1))),
    }
}

/// `v` without its first `n` bytes (empty when shorter).
fn skip(v: &[u8], n: usize) -> &[u8] {
    v.get(n..).unwrap_or_default()
}

fn days_in(month: u32, year: i64) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn matches_layout(layout: &[Part], mut v: &[u8]) -> bool {
    let (mut year, mut month, mut day) = (0i64, 1u32, 1u32);
    for part in layout {
        match *part {
            Part::Lit(lit) => {
                for &l in lit.as_bytes() {
                    if l == b' ' {
                        // A space in a layout matches any run of spaces.
                        if v.first().is_some_and(|&c| c != b' ') {
                            return false;
                        }
                        while v.first() == Some(&b' ') {
                            v = skip(v, 1);
                        }
                    } else if v.first() == Some(&l) {
                        v = skip(v, 1);
                    } else {
                        return false;
                    }
                }
            }
            Part::Year => {
                let Some(digits) = v.get(..4).filter(|d| d.iter().all(u8::is_ascii_digit)) else {
                    return false;
                };
                year = digits.iter().fold(0, |n, &c| n * 10 + i64::from(c - b'0'));
                v = skip(v, 4);
            }
            Part::Month => match getnum(v, false) {
                Some((m, rest)) if (1..=12).contains(&m) => {
                    month = m;
                    v = rest;
                }
                _ => return false,
            },
            Part::Day => match getnum(v, false) {
                Some((d, rest)) => {
                    day = d;
                    v = rest;
                }
                None => return false,
            },
            Part::Hour | Part::Minute | Part::Second => {
                let limit = if matches!(part, Part::Hour) { 24 } else { 60 };
                match getnum(v, false) {
                    Some((n, rest)) if n < limit => v = rest,
                    _ => return false,
                }
            }
            Part::Fraction => {
                if let [b'.' | b',', first, rest @ ..] = v {
                    if first.is_ascii_digit() {
                        let more = rest.iter().take_while(|c| c.is_ascii_digit()).count();
                        v = skip(rest, more);
                    }
                }
            }
            Part::Zone => {
                if v.first() == Some(&b'Z') {
                    v = skip(v, 1);
                    continue;
                }
                let [sign, h1, h2, b':', m1, m2, ..] = *v else {
                    return false;
                };
                let (Some((hours, _)), Some((minutes, _))) =
                    (getnum(&[h1, h2], true), getnum(&[m1, m2], true))
                else {
                    return false;
                };
                if hours > 24 || minutes > 60 || !(sign == b'+' || sign == b'-') {
                    return false;
                }
                v = skip(v, 6);
            }
        }
    }
    v.is_empty() && day >= 1 && day <= days_in(month, year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Resolved {
        resolve_plain(s, true)
    }

    #[test]
    fn integers_like_go() {
        assert_eq!(plain("0644"), Resolved::Int(420));
        assert_eq!(plain("0"), Resolved::Int(0));
        assert_eq!(plain("-0"), Resolved::Int(0));
        assert_eq!(plain("+12"), Resolved::Int(12));
        assert_eq!(plain("0x1F"), Resolved::Int(31));
        assert_eq!(plain("0X1f"), Resolved::Int(31));
        assert_eq!(plain("0o17"), Resolved::Int(15));
        assert_eq!(plain("0b101"), Resolved::Int(5));
        assert_eq!(plain("-0b101"), Resolved::Int(-5));
        assert_eq!(plain("1_000"), Resolved::Int(1000));
        assert_eq!(plain("0b-101"), Resolved::Int(-5));
        assert_eq!(plain("0o-7"), Resolved::Int(-7));
        assert_eq!(plain("9223372036854775807"), Resolved::Int(i64::MAX));
        assert_eq!(plain("-9223372036854775808"), Resolved::Int(i64::MIN));
        assert_eq!(plain("18446744073709551615"), Resolved::Uint(u64::MAX));
        assert_eq!(plain("0xFFFFFFFFFFFFFFFF"), Resolved::Uint(u64::MAX));
    }

    #[test]
    fn floats_and_overflow_like_go() {
        assert_eq!(plain("99999999999999999999999"), Resolved::Float(1e23));
        assert_eq!(
            plain("-9223372036854775809"),
            Resolved::Float(-9223372036854775809.0)
        );
        assert_eq!(plain("08"), Resolved::Float(8.0));
        assert_eq!(plain("1.5"), Resolved::Float(1.5));
        assert_eq!(plain("1e3"), Resolved::Float(1000.0));
        assert_eq!(plain("-.5"), Resolved::Float(-0.5));
        assert_eq!(plain(".5"), Resolved::Float(0.5));
        assert_eq!(plain("1."), Resolved::Float(1.0));
        assert_eq!(plain(".5_0"), Resolved::Float(0.5));
        assert_eq!(plain("._5"), Resolved::Str);
        assert_eq!(plain("1e400"), Resolved::Str);
        assert_eq!(plain("1e-400"), Resolved::Float(0.0));
        assert_eq!(plain(".inf"), Resolved::Float(f64::INFINITY));
        assert_eq!(plain("-.Inf"), Resolved::Float(f64::NEG_INFINITY));
        assert!(matches!(plain(".NaN"), Resolved::Float(f) if f.is_nan()));
        assert_eq!(plain(".nAn"), Resolved::Str);
        assert_eq!(plain("0x"), Resolved::Str);
        assert_eq!(plain("1.2.3"), Resolved::Str);
        assert_eq!(plain("+"), Resolved::Str);
        assert_eq!(plain("-"), Resolved::Str);
    }

    #[test]
    fn bools_nulls_and_strings() {
        for t in ["true", "True", "TRUE"] {
            assert_eq!(plain(t), Resolved::Bool(true));
        }
        for f in ["false", "False", "FALSE"] {
            assert_eq!(plain(f), Resolved::Bool(false));
        }
        for s in ["yes", "no", "on", "off", "y", "tRUE", "nil"] {
            assert_eq!(plain(s), Resolved::Str, "{s}");
        }
        for n in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(n), Resolved::Null, "{n:?}");
        }
        assert_eq!(plain("nULL"), Resolved::Str);
        assert_eq!(plain("<<"), Resolved::Str);
        assert_eq!(plain("hello"), Resolved::Str);
    }

    #[test]
    fn timestamps() {
        for t in [
            "2001-12-14",
            "2001-1-2",
            "2001-12-14T21:59:43.10Z",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10",
            "2001-12-14   21:59:43",
            "2001-12-14T21:59:43,5+01:00",
            "2000-02-29",
        ] {
            assert_eq!(plain(t), Resolved::Timestamp, "{t}");
        }
        for t in [
            "2001-12-14 21:59:43.10 -5",
            "2001-13-01",
            "2001-02-30",
            "1900-02-29",
            "2001-12-14T25:00:00Z",
            "2001-12-14T21:59:43+0500",
            "20011-12-14",
            "2001-012-14",
        ] {
            assert_ne!(plain(t), Resolved::Timestamp, "{t}");
        }
        assert_eq!(resolve_plain("2001-12-14", false), Resolved::Str);
    }

    #[test]
    fn small_integers_read_as_go_parse_int_reads_them() {
        let mut inputs: Vec<String> = (0..5000).map(|n| n.to_string()).collect();
        inputs.extend((0..5000).map(|n| format!("0{n}")));
        inputs.extend((0..600).map(|n| format!("00{n:o}")));
        inputs.extend(
            [
                "999999999999999999",
                "0777777777777777777",
                "09",
                "0008",
                "",
            ]
            .map(String::from),
        );
        for input in &inputs {
            if let Some(quick) = small_plain_integer(input) {
                assert_eq!(Some(quick), go_parse_int(input, 0), "{input}");
            } else {
                assert!(
                    input.is_empty() || input.len() > 18 || go_parse_int(input, 0).is_none(),
                    "{input} left to the full rules although Go reads it"
                );
            }
        }
        assert_eq!(small_plain_integer("0644"), Some(420));
        assert_eq!(small_plain_integer("500"), Some(500));
        assert_eq!(small_plain_integer("09"), None);
    }

    #[test]
    fn explicit_tags() {
        let node = |tag: Option<&str>, style: Style, value: &str| -> NodeRef<'static> {
            let stored = Box::leak(Box::new(crate::yaml::Node {
                shape: crate::yaml::Shape::Scalar(crate::yaml::Stretch::EMPTY),
                style,
                props: tag.map(|t| {
                    Box::new(crate::yaml::NodeProps {
                        tag: Some(t.into()),
                        anchor: None,
                    })
                }),
                line: 1,
                column: 1,
                span: 0..0,
            }));
            NodeRef {
                kind: NodeKind::Scalar(Box::leak(value.to_string().into_boxed_str())),
                node: stored,
            }
        };
        assert_eq!(
            resolve(node(None, Style::DoubleQuoted, "12")),
            Resolved::Str
        );
        assert_eq!(resolve(node(None, Style::Literal, "true")), Resolved::Str);
        assert_eq!(
            resolve(node(Some("!!str"), Style::Plain, "12")),
            Resolved::Str
        );
        assert_eq!(
            resolve(node(Some("!!int"), Style::DoubleQuoted, "12")),
            Resolved::Int(12)
        );
        assert_eq!(
            resolve(node(Some("!!float"), Style::Plain, "12")),
            Resolved::Float(12.0)
        );
        assert_eq!(resolve(node(None, Style::Plain, "<<")), Resolved::Merge);
        assert_eq!(
            resolve(node(None, Style::SingleQuoted, "<<")),
            Resolved::Str
        );
        assert_eq!(
            resolve(node(Some("!foo"), Style::Plain, "12")),
            Resolved::Str
        );
        assert_eq!(
            resolve(node(Some("!!binary"), Style::Plain, "aGk=")),
            Resolved::Binary
        );
        assert_eq!(
            try_resolve(node(Some("!!int"), Style::Plain, "abc")),
            Err("yaml: cannot decode !!str `abc` as a !!int".to_string())
        );
        assert_eq!(
            try_resolve(node(Some("!!bool"), Style::Plain, "1")),
            Err("yaml: cannot decode !!int `1` as a !!bool".to_string())
        );
        assert_eq!(
            resolve(node(Some("!!int"), Style::Plain, "abc")),
            Resolved::Str
        );
        assert_eq!(node_tag(node(Some("!foo"), Style::Plain, "x")), "!foo");
        assert_eq!(node_tag(node(None, Style::Plain, "0644")), "!!int");
        assert_eq!(node_tag(node(None, Style::SingleQuoted, "0644")), "!!str");
        assert_eq!(short_tag(&Resolved::Uint(1)), "!!int");
    }
}
