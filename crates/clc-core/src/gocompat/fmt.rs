//! What Go's `fmt.Sprintf(s)` prints when `s` is used as a format string and
//! no operands are given.
//!
//! ct prints its whole report this way, so every `%` in a message is read as
//! the start of a verb: `%%` becomes `%`, and any other verb, having no operand,
//! becomes `%!<verb>(MISSING)` (`%zz` → `%!z(MISSING)z`, `%2F` →
//! `%!F(MISSING)`). Flags (`#0+- `), a width, a precision and argument indexes
//! (`[n]`) are parsed the way `fmt` parses them before the verb is read:
//!
//! * `*` as width or precision prints `%!(BADWIDTH)` / `%!(BADPREC)` (there is
//!   no operand to take it from);
//! * an argument index (`%[1]d`) makes the verb print `%!d(BADINDEX)`;
//! * a width or precision of more than seven digits whose leading digits
//!   already exceed 1e6 makes `fmt` give up on the rest of the string, which
//!   then ends in `%!(NOVERB)`;
//! * a `%` at the very end (possibly after flags, width, …) prints
//!   `%!(NOVERB)`.

use super::quote::decode_rune;

const NO_VERB: &[u8] = b"%!(NOVERB)";
const BAD_WIDTH: &[u8] = b"%!(BADWIDTH)";
const BAD_PREC: &[u8] = b"%!(BADPREC)";
const MISSING: &[u8] = b"(MISSING)";
const BAD_INDEX: &[u8] = b"(BADINDEX)";

/// `fmt.Sprintf(s)` with no operands.
pub fn sprintf_no_args(s: &str) -> String {
    let out = sprintf_no_args_bytes(s.as_bytes());
    // Only whole runes of a valid UTF-8 input are copied and only ASCII (or
    // a whole rune) is inserted, so the result is valid UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `fmt.Sprintf(s)` with no operands, for an arbitrary Go string (bytes that
/// need not be UTF-8). A verb that is not valid UTF-8 is printed as U+FFFD,
/// like `fmt` does.
pub fn sprintf_no_args_bytes(format: &[u8]) -> Vec<u8> {
    let end = format.len();
    let mut out = Vec::with_capacity(end + 16);
    let mut i = 0;
    while let Some(rest) = format.get(i..).filter(|r| !r.is_empty()) {
        let Some(percent) = rest.iter().position(|&b| b == b'%') else {
            out.extend_from_slice(rest);
            break;
        };
        out.extend_from_slice(rest.get(..percent).unwrap_or_default());
        i += percent + 1; // through the '%'

        // Flags.
        while matches!(format.get(i), Some(b'#' | b'0' | b'+' | b'-' | b' ')) {
            i += 1;
        }

        let mut good_index = true;
        let (next, mut after_index) = arg_index(format, i, &mut good_index);
        i = next;

        // Width.
        if format.get(i) == Some(&b'*') {
            i += 1;
            out.extend_from_slice(BAD_WIDTH);
            after_index = false;
        } else {
            let (present, next) = parse_num(format, i, end);
            i = next;
            if after_index && present {
                good_index = false;
            }
        }

        // Precision (a '.' that is the last byte is read as the verb).
        if i + 1 < end && format.get(i) == Some(&b'.') {
            i += 1;
            if after_index {
                good_index = false;
            }
            let (next, found) = arg_index(format, i, &mut good_index);
            i = next;
            after_index = found;
            if format.get(i) == Some(&b'*') {
                i += 1;
                out.extend_from_slice(BAD_PREC);
                after_index = false;
            } else {
                let (_, next) = parse_num(format, i, end);
                i = next;
            }
        }

        if !after_index {
            let (next, _) = arg_index(format, i, &mut good_index);
            i = next;
        }

        let Some(verb_bytes) = format.get(i..).filter(|r| !r.is_empty()) else {
            out.extend_from_slice(NO_VERB);
            break;
        };

        let (verb, size) = decode_rune(verb_bytes);
        i += size.max(1);
        let verb = verb.unwrap_or(char::REPLACEMENT_CHARACTER);
        if verb == '%' {
            out.push(b'%');
            continue;
        }
        out.extend_from_slice(b"%!");
        let mut utf8 = [0u8; 4];
        out.extend_from_slice(verb.encode_utf8(&mut utf8).as_bytes());
        out.extend_from_slice(if good_index { MISSING } else { BAD_INDEX });
    }
    out
}

/// `fmt`'s `tooLarge`: magnitudes above 1e6 are not accepted as widths.
fn too_large(n: i64) -> bool {
    n > 1_000_000
}

/// `fmt`'s `parsenum`: reads decimal digits in `s[start..end]`.
///
/// Returns whether a number was present and the index after it; when the
/// number grows too large, reports "no number" and jumps to `end`.
fn parse_num_value(s: &[u8], start: usize, end: usize) -> (i64, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num: i64 = 0;
    let mut present = false;
    let mut i = start;
    while let Some(&d) = s.get(i).filter(|d| i < end && d.is_ascii_digit()) {
        if too_large(num) {
            return (0, false, end);
        }
        num = num * 10 + i64::from(d - b'0');
        present = true;
        i += 1;
    }
    (num, present, i)
}

fn parse_num(s: &[u8], start: usize, end: usize) -> (bool, usize) {
    let (_, present, next) = parse_num_value(s, start, end);
    (present, next)
}

/// `fmt`'s `argNumber` with no operands: an index `[n]` at `format[i]` is
/// consumed and, there being no operand to select, marks the verb as having a
/// bad index. Returns the next index and whether a well-formed `[n]` was read.
fn arg_index(format: &[u8], i: usize, good_index: &mut bool) -> (usize, bool) {
    if format.get(i) != Some(&b'[') {
        return (i, false);
    }
    let (width, ok) = bracketed_number(format.get(i..).unwrap_or_default());
    *good_index = false;
    (i + width, ok)
}

/// `fmt`'s `parseArgNumber` on text starting with `[`: the number of bytes to
/// consume (through the closing bracket, or just the `[` when there is none)
/// and whether the brackets held a plain decimal number.
fn bracketed_number(s: &[u8]) -> (usize, bool) {
    if s.len() < 3 {
        return (1, false);
    }
    match s.iter().skip(1).position(|&b| b == b']') {
        Some(pos) => {
            let close = pos + 1;
            let (_, present, next) = parse_num_value(s, 1, close);
            (close + 1, present && next == close)
        }
        None => (1, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        sprintf_no_args(s)
    }

    #[test]
    fn text_without_verbs_is_unchanged() {
        assert_eq!(f(""), "");
        assert_eq!(
            f("error at line 4, column 15\n"),
            "error at line 4, column 15\n"
        );
        assert_eq!(f("héllo ✓"), "héllo ✓");
    }

    #[test]
    fn percent_percent() {
        assert_eq!(f("100%%"), "100%");
        assert_eq!(f("%%%%"), "%%");
        // Flags, width and precision are ignored by %%.
        assert_eq!(f("%-5.2%"), "%");
        assert_eq!(f("%[2]%"), "%");
    }

    #[test]
    fn conformance_messages() {
        assert_eq!(
            f(r#"parse "https://exa mple.com/%gg": invalid character " " in host name"#),
            r#"parse "https://exa mple.com/%!g(MISSING)g": invalid character " " in host name"#
        );
        assert_eq!(
            f(r#"parse "http://bad host/%zz": invalid character " " in host name"#),
            r#"parse "http://bad host/%!z(MISSING)z": invalid character " " in host name"#
        );
    }

    #[test]
    fn missing_operands() {
        assert_eq!(f("%d"), "%!d(MISSING)");
        assert_eq!(f("%2F"), "%!F(MISSING)");
        assert_eq!(f("a%20b"), "a%!b(MISSING)");
        assert_eq!(f("%+-# 0v"), "%!v(MISSING)");
        assert_eq!(f("%3.4f"), "%!f(MISSING)");
        assert_eq!(f("%.f"), "%!f(MISSING)");
        assert_eq!(f("%é"), "%!é(MISSING)");
        assert_eq!(f("%\n"), "%!\n(MISSING)");
        assert_eq!(f("% x"), "%!x(MISSING)");
    }

    #[test]
    fn trailing_percent() {
        assert_eq!(f("100%"), "100%!(NOVERB)");
        assert_eq!(f("%-"), "%!(NOVERB)");
        assert_eq!(f("%12"), "%!(NOVERB)");
        assert_eq!(f("%1.2"), "%!(NOVERB)");
        // A '.' that is the last byte is the verb, not a precision.
        assert_eq!(f("%."), "%!.(MISSING)");
        assert_eq!(f("%5."), "%!.(MISSING)");
    }

    #[test]
    fn star_width_and_precision() {
        assert_eq!(f("%*d"), "%!(BADWIDTH)%!d(MISSING)");
        assert_eq!(f("%.*d"), "%!(BADPREC)%!d(MISSING)");
        assert_eq!(f("%*.*d"), "%!(BADWIDTH)%!(BADPREC)%!d(MISSING)");
        assert_eq!(f("%*"), "%!(BADWIDTH)%!(NOVERB)");
    }

    #[test]
    fn argument_indexes() {
        assert_eq!(f("%[1]d"), "%!d(BADINDEX)");
        assert_eq!(f("%[x]d"), "%!d(BADINDEX)");
        assert_eq!(f("%[]d"), "%!d(BADINDEX)");
        // Fewer than three bytes from '[': only the '[' is consumed.
        assert_eq!(f("%[d"), "%!d(BADINDEX)");
        // No closing bracket: only the '[' is consumed, then "12" is a width.
        assert_eq!(f("%[12d"), "%!d(BADINDEX)");
        assert_eq!(f("%[1]*d"), "%!(BADWIDTH)%!d(BADINDEX)");
        assert_eq!(f("%.[2]d"), "%!d(BADINDEX)");
        assert_eq!(f("%[1]"), "%!(NOVERB)");
        // Each verb starts with a good index again.
        assert_eq!(f("%[1]d %d"), "%!d(BADINDEX) %!d(MISSING)");
    }

    #[test]
    fn huge_width_swallows_the_rest() {
        assert_eq!(f("%9999999d"), "%!d(MISSING)");
        assert_eq!(f("x%12345678d and more"), "x%!(NOVERB)");
        assert_eq!(f("%.12345678d tail"), "%!(NOVERB)");
        assert_eq!(f("%[12345678]d"), "%!d(BADINDEX)");
    }

    #[test]
    fn invalid_utf8_verb_prints_replacement() {
        assert_eq!(
            sprintf_no_args_bytes(b"%\xff!"),
            "%!\u{fffd}(MISSING)!".as_bytes()
        );
        assert_eq!(sprintf_no_args_bytes(b"a\xfeb"), b"a\xfeb");
    }
}
