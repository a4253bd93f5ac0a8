//! Go's `strconv.Quote`, i.e. what `fmt`'s `%q` verb prints for a string.
//!
//! The result is a double-quoted Go string literal: `"` and `\` are
//! backslashed, printable runes (per Go 1.19's `strconv.IsPrint`, which follows
//! Unicode 13.0.0) are kept as they are, the usual C escapes are used for
//! `\a \b \f \n \r \t \v`, other ASCII control bytes and DEL become `\xhh`,
//! other non-printable runes become `\uhhhh` or `\Uhhhhhhhh`, and each byte
//! that is not part of valid UTF-8 becomes `\xhh` (lower-case hex).

use super::print_table::PRINTABLE_RANGES;

/// `strconv.Quote(s)` for a Rust string.
pub fn quote(s: &str) -> String {
    quote_bytes(s.as_bytes())
}

/// `strconv.Quote(s)` for an arbitrary Go string (a byte sequence that need
/// not be valid UTF-8).
pub fn quote_bytes(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut rest = s;
    while let Some(&first) = rest.first() {
        let (decoded, size) = decode_rune(rest);
        match decoded {
            None => push_hex_escape(&mut out, 'x', u32::from(first), 2),
            Some(c) => push_escaped_char(&mut out, c),
        }
        rest = rest.get(size.max(1)..).unwrap_or_default();
    }
    out.push('"');
    out
}

fn push_escaped_char(out: &mut String, c: char) {
    if c == '"' || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\u{07}' => out.push_str("\\a"),
        '\u{08}' => out.push_str("\\b"),
        '\u{0c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{0b}' => out.push_str("\\v"),
        c if c < ' ' || c == '\u{7f}' => push_hex_escape(out, 'x', u32::from(c), 2),
        c if u32::from(c) < 0x1_0000 => push_hex_escape(out, 'u', u32::from(c), 4),
        c => push_hex_escape(out, 'U', u32::from(c), 8),
    }
}

fn push_hex_escape(out: &mut String, letter: char, value: u32, digits: u32) {
    out.push('\\');
    out.push(letter);
    for k in (0..digits).rev() {
        let nibble = (value >> (4 * k)) & 0xf;
        // A nibble is always a hex digit; from_digit gives it in lower case.
        out.extend(char::from_digit(nibble, 16));
    }
}

/// Go's `strconv.IsPrint` (= `unicode.IsPrint`) as of Go 1.19: letters,
/// marks, numbers, punctuation and symbols of Unicode 13.0.0, plus the ASCII
/// space.
pub fn is_print(c: char) -> bool {
    let cp = u32::from(c);
    if cp <= 0xff {
        return (0x20..=0x7e).contains(&cp) || ((0xa1..=0xff).contains(&cp) && cp != 0xad);
    }
    // Index of the first range whose upper bound is >= cp.
    let ranges = PRINTABLE_RANGES.len() / 2;
    let (mut lo, mut hi) = (0usize, ranges);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if PRINTABLE_RANGES
            .get(2 * mid + 1)
            .is_some_and(|&last| last < cp)
        {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    PRINTABLE_RANGES
        .get(2 * lo)
        .is_some_and(|&start| start <= cp)
}

/// Decodes the first rune of `s` the way Go's `utf8.DecodeRune` does.
///
/// Returns the rune and its length in bytes, or `None` and length 1 when the
/// leading bytes are not valid UTF-8 (Go's `RuneError, 1`). For an empty
/// slice it returns `(None, 0)`.
pub(crate) fn decode_rune(s: &[u8]) -> (Option<char>, usize) {
    let Some(&first) = s.first() else {
        return (None, 0);
    };
    let len = match first {
        0x00..=0x7f => return (Some(char::from(first)), 1),
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return (None, 1),
    };
    match s.get(..len).map(std::str::from_utf8) {
        Some(Ok(text)) => match text.chars().next() {
            Some(c) => (Some(c), len),
            None => (None, 1),
        },
        _ => (None, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_backslashed() {
        assert_eq!(quote(""), r#""""#);
        assert_eq!(quote("hello world"), r#""hello world""#);
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("it's"), r#""it's""#);
    }

    #[test]
    fn control_characters() {
        assert_eq!(
            quote("\u{07}\u{08}\u{0c}\n\r\t\u{0b}"),
            r#""\a\b\f\n\r\t\v""#
        );
        assert_eq!(quote("\u{00}\u{01}\u{1b}\u{1f}"), r#""\x00\x01\x1b\x1f""#);
        assert_eq!(quote("\u{7f}"), r#""\x7f""#);
        // C1 controls and the soft hyphen are not printable, but are valid
        // runes below U+10000.
        assert_eq!(quote("\u{80}\u{9f}\u{ad}"), r#""\u0080\u009f\u00ad""#);
    }

    #[test]
    fn unicode_kept_or_escaped() {
        assert_eq!(quote("héllo ✓ 日本"), "\"héllo ✓ 日本\"");
        assert_eq!(quote("\u{a0}"), r#""\u00a0""#); // no-break space: Zs
        assert_eq!(quote("\u{2028}\u{feff}\u{200b}"), r#""\u2028\ufeff\u200b""#);
        assert_eq!(quote("\u{e000}"), r#""\ue000""#); // private use
        assert_eq!(quote("😀"), "\"😀\"");
        // A well-formed U+FFFD is a printable symbol, unlike an invalid byte.
        assert_eq!(quote("\u{fffd}"), "\"\u{fffd}\"");
        assert_eq!(quote("\u{e0001}"), r#""\U000e0001""#); // language tag: Cf
        assert_eq!(quote("\u{10ffff}"), r#""\U0010ffff""#);
    }

    #[test]
    fn unicode_13_boundary() {
        // U+08BE was added in Unicode 13.0, U+0870 and U+1FAD7 in 14.0.
        assert_eq!(quote("\u{8be}"), "\"\u{8be}\"");
        assert_eq!(quote("\u{870}"), r#""\u0870""#);
        assert_eq!(quote("\u{1fad6}"), "\"\u{1fad6}\"");
        assert_eq!(quote("\u{1fad7}"), r#""\U0001fad7""#);
        assert!(is_print('\u{3134a}'));
        assert!(!is_print('\u{3134b}'));
        assert!(is_print('\u{9ffc}'));
        assert!(!is_print('\u{9ffd}'));
    }

    #[test]
    fn latin1_fast_path() {
        assert!(is_print(' '));
        assert!(is_print('~'));
        assert!(!is_print('\u{7f}'));
        assert!(!is_print('\u{a0}'));
        assert!(is_print('\u{a1}'));
        assert!(!is_print('\u{ad}'));
        assert!(is_print('\u{ff}'));
        assert!(is_print('\u{100}'));
    }

    #[test]
    fn invalid_utf8_bytes() {
        assert_eq!(quote_bytes(b"a\xffb"), r#""a\xffb""#);
        assert_eq!(quote_bytes(b"%a\xc3"), r#""%a\xc3""#);
        // A surrogate encoded in UTF-8 is three invalid bytes for Go.
        assert_eq!(quote_bytes(b"\xed\xa0\x80"), r#""\xed\xa0\x80""#);
        // Overlong encoding of '/'.
        assert_eq!(quote_bytes(b"\xc0\xaf"), r#""\xc0\xaf""#);
        // Truncated sequence followed by ASCII.
        assert_eq!(quote_bytes(b"\xe6\x97x"), r#""\xe6\x97x""#);
        assert_eq!(quote_bytes("é".as_bytes()), "\"é\"");
    }

    #[test]
    fn table_is_sorted_and_disjoint() {
        assert_eq!(PRINTABLE_RANGES.len() % 2, 0);
        for pair in PRINTABLE_RANGES.chunks(2) {
            assert!(pair[0] <= pair[1]);
        }
        for w in PRINTABLE_RANGES.windows(2).skip(1).step_by(2) {
            // w = [hi of range k, lo of range k+1]: a gap of at least one.
            assert!(w[0] + 1 < w[1], "ranges touch at {:#x}", w[0]);
        }
    }

    #[test]
    fn decode_rune_matches_go() {
        assert_eq!(decode_rune(b""), (None, 0));
        assert_eq!(decode_rune(b"a"), (Some('a'), 1));
        assert_eq!(decode_rune("é!".as_bytes()), (Some('é'), 2));
        assert_eq!(decode_rune("😀".as_bytes()), (Some('😀'), 4));
        assert_eq!(decode_rune(b"\x80"), (None, 1));
        assert_eq!(decode_rune(b"\xf4\x90\x80\x80"), (None, 1)); // > U+10FFFF
        assert_eq!(decode_rune(b"\xf0\x9f"), (None, 1));
    }
}
