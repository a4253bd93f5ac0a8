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
        if !fraction.is_empty() {
            let mut frac_value: u128 = 0;
            let mut frac_scale: u128 = 1;
            for b in fraction.bytes().take(30) {
                frac_value = frac_value * 10 + u128::from(b - b'0');
                frac_scale *= 10;
            }
            value += frac_value * scale / frac_scale;
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > i64::MAX as u128 + u128::from(negative) {
            return Err(invalid());
        }
    }
    let total = total as i128;
    Ok(if negative { -total } else { total } as i64)
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
    fn rejects_others() {
        for bad in ["", "1", "h", "1x", ".h", "5 m", "1hour", "10000000000000h"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
