//! `github.com/coreos/go-semver/semver` as vendored by ct v0.9.4, together with
//! the parts of Go's `strconv.ParseInt` it relies on.
//!
//! Parsing splits off `+metadata` at the first `+`, then `-pre-release` at the
//! first `-` of what is left, then expects exactly three dot-separated numbers
//! (the third part keeps any further dots, so `1.2.3.4` fails in `ParseInt`).
//! Checks run in this order: dotted-tri shape, pre-release identifier,
//! metadata identifier, then the three numbers left to right.

use std::cmp::Ordering;
use std::fmt;

use super::quote::quote;

/// A semantic version as go-semver represents it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Version {
    pub major: i64,
    pub minor: i64,
    pub patch: i64,
    pub pre_release: String,
    pub metadata: String,
}

impl Version {
    /// A release version without pre-release or metadata.
    pub const fn new(major: i64, minor: i64, patch: i64) -> Version {
        Version {
            major,
            minor,
            patch,
            pre_release: String::new(),
            metadata: String::new(),
        }
    }

    /// `semver.NewVersion(s)`; the error is go-semver's text, e.g.
    /// `three is not in dotted-tri format`.
    pub fn parse(s: &str) -> Result<Version, String> {
        let (rest, metadata) = split_off(s, '+');
        let (rest, pre_release) = split_off(rest, '-');
        let parts: Vec<&str> = rest.splitn(3, '.').collect();
        let [major, minor, patch] = parts[..] else {
            return Err(format!("{rest} is not in dotted-tri format"));
        };
        validate_identifier(pre_release)
            .map_err(|e| format!("failed to validate pre-release: {e}"))?;
        validate_identifier(metadata).map_err(|e| format!("failed to validate metadata: {e}"))?;
        Ok(Version {
            major: parse_int(major)?,
            minor: parse_int(minor)?,
            patch: parse_int(patch)?,
            pre_release: pre_release.to_owned(),
            metadata: metadata.to_owned(),
        })
    }

    /// go-semver's `Compare`: major, minor and patch numerically, then the
    /// pre-release (a version without one ranks higher; identifiers compare
    /// numerically when both parse as integers, a numeric one ranks below a
    /// non-numeric one, equal numbers fall back to byte order, and a longer
    /// list wins a tie). Metadata is ignored.
    pub fn compare(&self, other: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| compare_pre_release(&self.pre_release, &other.pre_release))
    }

    /// go-semver's `LessThan`.
    pub fn less_than(&self, other: &Version) -> bool {
        self.compare(other) == Ordering::Less
    }

    /// go-semver's `Equal` (which, unlike `==`, ignores metadata).
    pub fn equal(&self, other: &Version) -> bool {
        self.compare(other) == Ordering::Equal
    }
}

/// Orders like go-semver's `Compare`. Two versions that differ only in
/// metadata are unequal (`==` compares every field) yet neither is less than
/// the other, so they are unordered (`partial_cmp` gives `None`).
impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        match self.compare(other) {
            Ordering::Equal if self != other => None,
            order => Some(order),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre_release.is_empty() {
            write!(f, "-{}", self.pre_release)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Version {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Version::parse(s)
    }
}

/// Splits `s` at the first `delim`: (before, after), or (s, "") without one.
fn split_off(s: &str, delim: char) -> (&str, &str) {
    s.split_once(delim).unwrap_or((s, ""))
}

/// Empty, or dot-separated non-empty runs of `[0-9A-Za-z-]`.
fn validate_identifier(id: &str) -> Result<(), String> {
    let valid = id.split('.').all(|part| {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if id.is_empty() || valid {
        Ok(())
    } else {
        Err(format!("{id} is not a valid semver identifier"))
    }
}

fn compare_pre_release(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        let (x, y) = match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => (x, y),
        };
        let order = match (parse_int(x).ok(), parse_int(y).ok()) {
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(m), Some(n)) => m.cmp(&n).then_with(|| x.as_bytes().cmp(y.as_bytes())),
            (None, None) => x.as_bytes().cmp(y.as_bytes()),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

/// Go's `strconv.ParseInt(s, 10, 64)` with its error text, e.g.
/// `strconv.ParseInt: parsing "x": invalid syntax` or
/// `strconv.ParseInt: parsing "99999999999999999999": value out of range`.
///
/// A sign (`+`/`-`) is accepted; underscores are not. Digits are consumed left
/// to right, so whichever comes first decides the error: a non-digit
/// (syntax) or the value passing `u64::MAX` (range).
pub fn parse_int(s: &str) -> Result<i64, String> {
    let syntax = || format!("strconv.ParseInt: parsing {}: invalid syntax", quote(s));
    let range = || format!("strconv.ParseInt: parsing {}: value out of range", quote(s));
    let (neg, digits) = match s.as_bytes().first() {
        None => return Err(syntax()),
        Some(b'+') => (false, s.get(1..).unwrap_or_default()),
        Some(b'-') => (true, s.get(1..).unwrap_or_default()),
        Some(_) => (false, s),
    };
    if digits.is_empty() {
        return Err(syntax());
    }
    let mut magnitude: u64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return Err(syntax());
        }
        match magnitude
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(b - b'0')))
        {
            Some(m) => magnitude = m,
            None => return Err(range()),
        }
    }
    const LIMIT: u64 = 1 << 63;
    match (neg, magnitude) {
        (false, m) if m >= LIMIT => Err(range()),
        (true, m) if m > LIMIT => Err(range()),
        (true, m) => Ok(0i64.wrapping_sub_unsigned(m)),
        (false, m) => Ok(m as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        match Version::parse(s) {
            Ok(v) => v,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn e(s: &str) -> String {
        match Version::parse(s) {
            Ok(v) => panic!("{s} parsed as {v:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn parses_fields() {
        assert_eq!(
            v("3.5.0"),
            Version {
                major: 3,
                minor: 5,
                patch: 0,
                ..Version::default()
            }
        );
        let full = v("1.2.3-rc.1-x+build.5-a");
        assert_eq!((full.major, full.minor, full.patch), (1, 2, 3));
        assert_eq!(full.pre_release, "rc.1-x");
        assert_eq!(full.metadata, "build.5-a");
        // A '+' before the '-' makes the rest metadata.
        let meta = v("1.2.3+a-b");
        assert_eq!(meta.pre_release, "");
        assert_eq!(meta.metadata, "a-b");
        // An empty pre-release after '-' is allowed and dropped.
        assert_eq!(v("1.2.3-").to_string(), "1.2.3");
    }

    #[test]
    fn display_round_trips() {
        for s in ["0.6.0", "3.3.0-rc.0", "1.0.0+meta", "1.0.0-a.b+c.d"] {
            assert_eq!(v(s).to_string(), s);
        }
        assert_eq!(v("01.002.3").to_string(), "1.2.3");
    }

    #[test]
    fn shape_errors() {
        assert_eq!(e("three"), "three is not in dotted-tri format");
        assert_eq!(e("1.2"), "1.2 is not in dotted-tri format");
        assert_eq!(e(""), " is not in dotted-tri format");
        assert_eq!(e("1.2-3.4"), "1.2 is not in dotted-tri format");
        assert_eq!(e("v1+2.3.4"), "v1 is not in dotted-tri format");
    }

    #[test]
    fn identifier_errors_come_before_numbers() {
        assert_eq!(
            e("x.y.z-bad_id"),
            "failed to validate pre-release: bad_id is not a valid semver identifier"
        );
        assert_eq!(
            e("1.2.3-a..b"),
            "failed to validate pre-release: a..b is not a valid semver identifier"
        );
        assert_eq!(
            e("1.2.3-.a"),
            "failed to validate pre-release: .a is not a valid semver identifier"
        );
        assert_eq!(
            e("1.2.3+meta!"),
            "failed to validate metadata: meta! is not a valid semver identifier"
        );
        assert_eq!(
            e("1.2.3-é+x"),
            "failed to validate pre-release: é is not a valid semver identifier"
        );
    }

    #[test]
    fn number_errors() {
        assert_eq!(
            e("a.2.3"),
            r#"strconv.ParseInt: parsing "a": invalid syntax"#
        );
        assert_eq!(e("1..3"), r#"strconv.ParseInt: parsing "": invalid syntax"#);
        assert_eq!(
            e("1.2.3.4"),
            r#"strconv.ParseInt: parsing "3.4": invalid syntax"#
        );
        assert_eq!(
            e("1.2. 3"),
            r#"strconv.ParseInt: parsing " 3": invalid syntax"#
        );
        assert_eq!(
            e("1.2.1_0"),
            r#"strconv.ParseInt: parsing "1_0": invalid syntax"#
        );
        assert_eq!(
            e("1.99999999999999999999.0"),
            r#"strconv.ParseInt: parsing "99999999999999999999": value out of range"#
        );
        assert_eq!(
            e("1.2.\t"),
            r#"strconv.ParseInt: parsing "\t": invalid syntax"#
        );
    }

    #[test]
    fn parse_int_like_go() {
        assert_eq!(parse_int("0"), Ok(0));
        assert_eq!(parse_int("+7"), Ok(7));
        assert_eq!(parse_int("-7"), Ok(-7));
        assert_eq!(parse_int("007"), Ok(7));
        assert_eq!(parse_int("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        let range = |s: &str| format!("strconv.ParseInt: parsing \"{s}\": value out of range");
        let syntax = |s: &str| format!("strconv.ParseInt: parsing \"{s}\": invalid syntax");
        assert_eq!(
            parse_int("9223372036854775808"),
            Err(range("9223372036854775808"))
        );
        assert_eq!(
            parse_int("-9223372036854775809"),
            Err(range("-9223372036854775809"))
        );
        assert_eq!(parse_int(""), Err(syntax("")));
        assert_eq!(parse_int("-"), Err(syntax("-")));
        assert_eq!(parse_int("+-1"), Err(syntax("+-1")));
        assert_eq!(parse_int("0x10"), Err(syntax("0x10")));
        // Overflow is noticed before the later bad byte ...
        assert_eq!(
            parse_int("184467440737095516160x"),
            Err(range("184467440737095516160x"))
        );
        // ... but not when the bad byte comes first.
        assert_eq!(
            parse_int("1x84467440737095516160"),
            Err(syntax("1x84467440737095516160"))
        );
        // 2^64 - 1 fits the unsigned pass but not int64.
        assert_eq!(
            parse_int("18446744073709551615"),
            Err(range("18446744073709551615"))
        );
    }

    fn cmp(a: &str, b: &str) -> Ordering {
        v(a).compare(&v(b))
    }

    #[test]
    fn ordering() {
        assert_eq!(cmp("2.3.0", "2.3.0"), Ordering::Equal);
        assert_eq!(cmp("2.2.5", "2.3.0"), Ordering::Less);
        assert_eq!(cmp("10.0.0", "9.9.9"), Ordering::Greater);
        assert_eq!(cmp("1.0.0-rc.1", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("1.0.0", "1.0.0-rc.1"), Ordering::Greater);
        assert_eq!(cmp("1.0.0-alpha", "1.0.0-alpha.1"), Ordering::Less);
        assert_eq!(cmp("1.0.0-alpha.1", "1.0.0-alpha.beta"), Ordering::Less);
        assert_eq!(cmp("1.0.0-beta.2", "1.0.0-beta.11"), Ordering::Less);
        assert_eq!(cmp("1.0.0-beta", "1.0.0-Beta"), Ordering::Greater);
        assert_eq!(cmp("1.0.0-01", "1.0.0-1"), Ordering::Less);
        assert_eq!(cmp("1.0.0-rc.-1", "1.0.0-rc.0"), Ordering::Less);
        assert_eq!(cmp("1.0.0+a", "1.0.0+b"), Ordering::Equal);
        assert!(v("1.0.0+a").equal(&v("1.0.0+b")));
        assert_ne!(v("1.0.0+a"), v("1.0.0+b"));
        assert!(v("2.2.5").less_than(&v("2.3.0")));
        assert!(!v("2.3.0").less_than(&v("2.3.0")));
    }

    #[test]
    fn operators_follow_compare() {
        assert!(v("2.2.5") < Version::new(2, 3, 0));
        assert!(v("3.5.0-rc.1") < Version::new(3, 5, 0));
        assert!(v("0.10.0") > Version::new(0, 5, 0));
        assert_eq!(Version::new(3, 5, 0), v("3.5.0"));
        assert!(v("1.0.0-beta.11") > v("1.0.0-beta.2"));
        assert!(v("1.0.0") >= v("1.0.0"));
        let (a, b) = (v("1.0.0+a"), v("1.0.0+b"));
        assert_eq!(a.partial_cmp(&b), None);
        assert!(!a.less_than(&b) && !b.less_than(&a));
        assert!(a.equal(&b) && a != b);
    }
}
