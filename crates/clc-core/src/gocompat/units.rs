//! `github.com/alecthomas/units.ParseBase2Bytes` as vendored by ct v0.9.4.
//!
//! Grammar: an optional sign, then either exactly `0` or one or more
//! `<digits>[.<digits>]<unit>` elements whose values are summed in `f64`.
//! Units are first looked up among `B KiB MiB GiB TiB PiB EiB`; if anything
//! fails, the whole string is parsed again with `B KB MB GB TB PB EB` (all
//! powers of 1024) and that second attempt's result (or error) is the answer.
//! So `100M` fails with `units: unknown unit M in 100M`, and a bare number such
//! as `5` fails with `units: unknown unit  in 5` (empty unit).
//!
//! Error texts:
//! * `units: invalid <input>`: empty input, a lone sign, an element that does
//!   not start with a digit or `.`, no digits around the `.`, or a run of
//!   digits whose value would pass about 9.2e18 (Go's overflow guard);
//! * `units: unknown unit <unit> in <input>`;
//! * `units: overflow parsing unit`: the sum is beyond ±2^63. Only reachable
//!   with the legacy spellings: an overflowing `9EiB` is retried as legacy
//!   units and fails with `units: unknown unit EiB in 9EiB`.
//!
//! The float→int64 conversion truncates toward zero (`1.5B` is 1).
//!
//! **Wrap-around.** Go checks `f > float64(1<<63-1)`; that constant rounds to
//! 2^63, so a sum of exactly 2^63 (`8EiB`, `8192PiB`, `4EiB4EiB`, …) passes the
//! check and `int64(f)` is then out of range. On amd64, where ct's release
//! binaries run, that conversion yields `math.MinInt64`; ct then reports the
//! size as negative: `invalid dimension (negative): "8EiB"`. This is returned
//! as [`ParsedSize`] with `value == i64::MIN` and `wrapped == true` so callers
//! can both reproduce ct and say what really happened.

/// Result of [`parse_base2_bytes_detailed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedSize {
    /// The `int64` Go ends up with (on amd64).
    pub value: i64,
    /// `true` when the true size was exactly 2^63 bytes, which does not fit in
    /// an `int64`; Go then yields `i64::MIN` (see the module docs).
    pub wrapped: bool,
}

/// `units.ParseBase2Bytes(s)`: the `int64` Go produces, or Go's error text.
///
/// The value is Go's even when it wrapped: a size of exactly 2^63 bytes gives
/// `i64::MIN` (see the module docs). Use [`parse_base2_bytes_detailed`] to
/// tell that case apart.
pub fn parse_base2_bytes(s: &str) -> Result<i64, String> {
    parse_base2_bytes_detailed(s).map(|parsed| parsed.value)
}

/// Like [`parse_base2_bytes`], also saying whether Go's value wrapped.
pub fn parse_base2_bytes_detailed(s: &str) -> Result<ParsedSize, String> {
    parse_unit(s, iec_unit).or_else(|_| parse_unit(s, legacy_unit))
}

/// A message for a size that Go silently wrapped (`size <input> is too
/// large`); ct itself never prints this.
pub fn too_large_message(input: &str) -> String {
    format!("size {input} is too large")
}

const KIB: f64 = 1024.0;

fn iec_unit(unit: &[u8]) -> Option<f64> {
    Some(match unit {
        b"B" => 1.0,
        b"KiB" => KIB,
        b"MiB" => KIB * KIB,
        b"GiB" => KIB * KIB * KIB,
        b"TiB" => KIB * KIB * KIB * KIB,
        b"PiB" => KIB * KIB * KIB * KIB * KIB,
        b"EiB" => KIB * KIB * KIB * KIB * KIB * KIB,
        _ => return None,
    })
}

fn legacy_unit(unit: &[u8]) -> Option<f64> {
    Some(match unit {
        b"B" => 1.0,
        b"KB" => KIB,
        b"MB" => KIB * KIB,
        b"GB" => KIB * KIB * KIB,
        b"TB" => KIB * KIB * KIB * KIB,
        b"PB" => KIB * KIB * KIB * KIB * KIB,
        b"EB" => KIB * KIB * KIB * KIB * KIB * KIB,
        _ => return None,
    })
}

/// Largest accumulated value after which one more digit is refused.
const LEADING_INT_LIMIT: i64 = (i64::MAX - 9) / 10;

/// Consumes leading ASCII digits. `None` when the value would get too large.
fn leading_int(s: &[u8]) -> Option<(i64, &[u8])> {
    let mut x: i64 = 0;
    let mut rest = s;
    while let Some((&d, tail)) = rest.split_first().filter(|(d, _)| d.is_ascii_digit()) {
        if x >= LEADING_INT_LIMIT {
            return None;
        }
        x = x * 10 + i64::from(d - b'0');
        rest = tail;
    }
    Some((x, rest))
}

fn parse_unit(orig: &str, unit_value: fn(&[u8]) -> Option<f64>) -> Result<ParsedSize, String> {
    let invalid = || format!("units: invalid {orig}");
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some((&c, rest)) = s.split_first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = rest;
        }
    }
    if s == b"0" {
        return Ok(ParsedSize {
            value: 0,
            wrapped: false,
        });
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total = 0f64;
    while let Some(&first) = s.first() {
        if !(first == b'.' || first.is_ascii_digit()) {
            return Err(invalid());
        }
        let before = s.len();
        let (whole, rest) = leading_int(s).ok_or_else(invalid)?;
        s = rest;
        let mut element = whole as f64;
        let has_whole = before != s.len();

        let mut has_fraction = false;
        if let Some(after_dot) = s.strip_prefix(b".") {
            s = after_dot;
            let before = s.len();
            let (fraction, rest) = leading_int(s).ok_or_else(invalid)?;
            s = rest;
            let digits = before - s.len();
            let mut scale = 1.0f64;
            for _ in 0..digits {
                scale *= 10.0;
            }
            element += fraction as f64 / scale;
            has_fraction = digits > 0;
        }
        if !has_whole && !has_fraction {
            return Err(invalid());
        }

        let unit_len = s
            .iter()
            .position(|&c| c == b'.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        let (unit, rest) = s.split_at(unit_len);
        s = rest;
        let Some(multiplier) = unit_value(unit) else {
            return Err(format!(
                "units: unknown unit {} in {orig}",
                String::from_utf8_lossy(unit)
            ));
        };
        total += element * multiplier;
    }
    if neg {
        total = -total;
    }
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if !(-TWO_POW_63..=TWO_POW_63).contains(&total) {
        return Err("units: overflow parsing unit".to_owned());
    }
    if total == TWO_POW_63 {
        return Ok(ParsedSize {
            value: i64::MIN,
            wrapped: true,
        });
    }
    // In range: `as` truncates toward zero like Go's conversion.
    Ok(ParsedSize {
        value: total as i64,
        wrapped: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> i64 {
        match parse_base2_bytes_detailed(s) {
            Ok(p) => {
                assert!(!p.wrapped, "{s} wrapped");
                p.value
            }
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn err(s: &str) -> String {
        match parse_base2_bytes(s) {
            Ok(p) => panic!("{s} parsed as {p:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn both_unit_spellings() {
        assert_eq!(ok("1B"), 1);
        assert_eq!(ok("2048KiB"), 2 << 20);
        assert_eq!(ok("2048KB"), 2 << 20);
        assert_eq!(ok("1GB"), 1 << 30);
        assert_eq!(ok("2GiB"), 2 << 30);
        assert_eq!(ok("1TB"), 1 << 40);
        assert_eq!(ok("1PiB"), 1 << 50);
        assert_eq!(ok("7EiB"), 7 << 60);
        assert_eq!(ok("1MiB512KiB"), (1 << 20) + (512 << 10));
    }

    #[test]
    fn zero_signs_and_fractions() {
        assert_eq!(ok("0"), 0);
        assert_eq!(ok("-0"), 0);
        assert_eq!(ok("+0"), 0);
        assert_eq!(ok("0B"), 0);
        assert_eq!(ok("-8MiB"), -(8 << 20));
        assert_eq!(ok("+8MiB"), 8 << 20);
        assert_eq!(ok("1.5B"), 1);
        assert_eq!(ok("-1.5B"), -1);
        assert_eq!(ok("0.5MiB"), 512 << 10);
        assert_eq!(ok(".5KiB"), 512);
        assert_eq!(ok("1.KiB"), 1024);
        assert_eq!(ok("1.25MiB.5MiB"), (1 << 20) + (768 << 10));
        assert_eq!(ok("0.000000000000000000000000001EiB"), 0);
    }

    #[test]
    fn unknown_units() {
        assert_eq!(err("100M"), "units: unknown unit M in 100M");
        assert_eq!(err("5"), "units: unknown unit  in 5");
        assert_eq!(err("00"), "units: unknown unit  in 00");
        assert_eq!(err("1kB"), "units: unknown unit kB in 1kB");
        assert_eq!(err("1 MiB"), "units: unknown unit  MiB in 1 MiB");
        assert_eq!(err("1mib"), "units: unknown unit mib in 1mib");
        // The second attempt (legacy spellings) decides the message.
        assert_eq!(err("1KiB1MB"), "units: unknown unit KiB in 1KiB1MB");
        assert_eq!(err("1MB1KiB"), "units: unknown unit KiB in 1MB1KiB");
        assert_eq!(err("1MiBx"), "units: unknown unit MiBx in 1MiBx");
    }

    #[test]
    fn invalid_forms() {
        assert_eq!(err(""), "units: invalid ");
        assert_eq!(err("-"), "units: invalid -");
        assert_eq!(err("+"), "units: invalid +");
        assert_eq!(err("MiB"), "units: invalid MiB");
        assert_eq!(err("--1B"), "units: invalid --1B");
        assert_eq!(err(".B"), "units: invalid .B");
        assert_eq!(err("-.MiB"), "units: invalid -.MiB");
        assert_eq!(err("1B "), "units: unknown unit B  in 1B ");
    }

    #[test]
    fn digit_limits() {
        // 18 digits are accepted, the 19th is refused before any overflow.
        // (The sum is an f64, so 18 nines round to 10^18.)
        assert_eq!(ok("999999999999999999B"), 1_000_000_000_000_000_000);
        assert_eq!(
            err("9223372036854775807B"),
            "units: invalid 9223372036854775807B"
        );
        assert_eq!(
            err("1.9999999999999999999B"),
            "units: invalid 1.9999999999999999999B"
        );
        assert_eq!(ok("1.0000000000000000000000B"), 1);
        // Leading zeros do not count towards the limit.
        assert_eq!(ok("000000000000000000000000001B"), 1);
    }

    #[test]
    fn overflow() {
        assert_eq!(err("9EB"), "units: overflow parsing unit");
        assert_eq!(err("99999999999TB"), "units: overflow parsing unit");
        assert_eq!(err("-9EB"), "units: overflow parsing unit");
        // An overflow in IEC spelling is retried with the legacy units, whose
        // complaint about the unit is what gets reported.
        assert_eq!(err("9EiB"), "units: unknown unit EiB in 9EiB");
        assert_eq!(
            err("99999999999TiB"),
            "units: unknown unit TiB in 99999999999TiB"
        );
        assert_eq!(err("8EiB4KiB"), "units: unknown unit EiB in 8EiB4KiB");
        // -2^63 itself fits.
        assert_eq!(ok("-8EiB"), i64::MIN);
    }

    #[test]
    fn exactly_two_to_the_63_wraps() {
        // The sum is an f64: 2^63 + 1 rounds to 2^63.
        for s in [
            "8EiB",
            "8EB",
            "8192PiB",
            "4EiB4EiB",
            "7.99999999999999999EiB",
            "8EiB1B",
        ] {
            assert_eq!(parse_base2_bytes(s), Ok(i64::MIN), "{s}");
            assert_eq!(
                parse_base2_bytes_detailed(s),
                Ok(ParsedSize {
                    value: i64::MIN,
                    wrapped: true
                }),
                "{s}"
            );
        }
        assert_eq!(too_large_message("8EiB"), "size 8EiB is too large");
    }
}
