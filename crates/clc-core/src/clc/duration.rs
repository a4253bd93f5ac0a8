//! Go's `time.ParseDuration` grammar (locksmith's `window_length`):
//! `[-+]` then one or more `<number><unit>`, units ns us µs μs ms s m h;
//! a bare `0` is allowed.

/// Parses a duration into nanoseconds.
pub fn parse(s: &str) -> Result<i64, String> {
    let invalid = || {
        format!(
            "time: invalid duration {}",
            crate::gocompat::quote::quote(s)
        )
    };
    let mut rest = s;
    let negative = if let Some(r) = rest.strip_prefix('-') {
        rest = r;
        true
    } else {
        if let Some(r) = rest.strip_prefix('+') {
            rest = r;
        }
        false
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let whole: u128 = if digits > 0 {
            rest.get(..digits)
                .unwrap_or_default()
                .parse()
                .map_err(|_| invalid())?
        } else {
            0
        };
        rest = rest.get(digits..).unwrap_or_default();
        let mut fraction = "";
        if let Some(r) = rest.strip_prefix('.') {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            fraction = r.get(..n).unwrap_or_default();
            rest = r.get(n..).unwrap_or_default();
            if digits == 0 && n == 0 {
                return Err(invalid());
            }
        } else if digits == 0 {
            return Err(invalid());
        }
        let unit_len = rest
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let scale: u128 = match rest.get(..unit_len).unwrap_or_default() {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            "" => {
                return Err(format!(
                    "time: missing unit in duration {}",
                    crate::gocompat::quote::quote(s)
                ))
            }
            unit => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    crate::gocompat::quote::quote(unit),
                    crate::gocompat::quote::quote(s)
                ))
            }
        };
        rest = rest.get(unit_len..).unwrap_or_default();
        let mut value = whole.checked_mul(scale).ok_or_else(invalid)?;
        let (frac_value, frac_scale) = leading_fraction(fraction);
        if frac_value > 0 {
            // Go's float64 arithmetic, rounding included.
            let part = frac_value as f64 * (scale as f64 / frac_scale);
            value = value.checked_add(part as u128).ok_or_else(invalid)?;
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > i64::MAX as u128 + u128::from(negative) {
            return Err(invalid());
        }
    }
    let total = total as i128;
    Ok(if negative { -total } else { total } as i64)
}

/// Go's `leadingFraction`: the digits' value and 10^(digits used). Digits
/// stop counting once the value would pass 2^63; the rest are read but
/// change nothing (a fraction of any length parses).
fn leading_fraction(digits: &str) -> (u64, f64) {
    let mut value: u64 = 0;
    let mut scale = 1.0;
    for b in digits.bytes() {
        let digit = u64::from(b.wrapping_sub(b'0'));
        let Some(next) = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(digit))
            .filter(|&v| v <= 1 << 63)
        else {
            break;
        };
        value = next;
        scale *= 10.0;
    }
    (value, scale)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn accepts_go_durations() {
        assert_eq!(parse("1h"), Ok(3_600_000_000_000));
        assert_eq!(parse("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(parse("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse(".5ms"), Ok(500_000));
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("-2m"), Ok(-120_000_000_000));
        assert_eq!(parse("3µs"), Ok(3_000));
        assert_eq!(parse("1.h"), Ok(3_600_000_000_000));
    }

    #[test]
    fn long_fractions_parse_as_in_go() {
        // Found by the transpile fuzz target: 30 fraction digits times an
        // hour overflowed (a panic in debug builds, a wrong value in release).
        let long = format!("1.{}h", "6".repeat(60));
        assert_eq!(parse(&long), Ok(3_600_000_000_000 + 2_400_000_000_000));
        assert_eq!(parse(&format!("0.{}1s", "0".repeat(40))), Ok(0));
        assert_eq!(
            parse(&format!(".{}h", "9".repeat(25))),
            Ok(3_600_000_000_000)
        );
        assert!(parse(&format!("0102.{}h30my.pem", "6".repeat(100))).is_err());
    }

    #[test]
    fn the_largest_durations() {
        assert_eq!(parse("2562047h47m16.854775807s"), Ok(i64::MAX));
        assert!(parse("2562047h47m16.854775808s").is_err());
        assert_eq!(parse("-2562047h47m16.854775808s"), Ok(i64::MIN));
        assert!(parse("-2562047h47m16.854775809s").is_err());
        assert!(parse("9223372036854775808ns").is_err());
        assert_eq!(parse("-9223372036854775808ns"), Ok(i64::MIN));
    }

    #[test]
    fn rejects_others() {
        for bad in ["", "1", "h", "1x", ".h", "5 m", "1hour", "10000000000000h"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
