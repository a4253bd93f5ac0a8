//! Go 1.19's `net/url`: [`parse`] (`url.Parse`), [`Url::to_string_go`]
//! (`(*URL).String()`) and the query helpers behind `u.Query()`.
//!
//! Parsing follows Go's order of checks, which decides the reported error:
//!
//! 1. the text before the first `#` is parsed, the fragment after it last;
//! 2. any ASCII control byte or DEL: `net/url: invalid control character in URL`;
//! 3. a leading `:`: `missing protocol scheme` (a scheme is
//!    `[A-Za-z][A-Za-z0-9+.-]*` before the first `:`; it is lower-cased);
//! 4. the query is split off at the first `?` (a single trailing `?` sets
//!    `ForceQuery`);
//! 5. with a scheme, anything not starting with `/` is kept verbatim as the
//!    opaque part, unvalidated; without one, a colon in the first path segment
//!    is refused (`first path segment in URL cannot contain colon`);
//! 6. the authority after `//` is parsed host first (`missing ']' in host`,
//!    `invalid port ":x" after host`, `invalid character " " in host name`,
//!    `invalid URL escape "%41"`: a host may only escape non-ASCII bytes), then
//!    userinfo (`net/url: invalid userinfo`, escapes);
//! 7. the path (`invalid URL escape "%zz"`), then the fragment.
//!
//! [`UrlError`] displays like Go's `*url.Error`: `parse "<url>": <reason>`,
//! with the URL quoted by [`quote`]. The URL is the text before `#`, except
//! for a fragment error, which shows the whole input.
//!
//! Decoded components (host, path, fragment, userinfo, query values) are byte
//! strings, as in Go: `%FF` decodes to a lone byte that is not UTF-8.

use std::fmt;

use super::dataurl::upper_hex;
use super::quote::{quote, quote_bytes};

/// Which part of a URL is being escaped or unescaped (Go's `encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Path,
    Host,
    Zone,
    UserPassword,
    QueryComponent,
    Fragment,
}

/// Go's `shouldEscape`.
fn should_escape(c: u8, part: Part) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(part, Part::Host | Part::Zone)
        && matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        )
    {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match part {
            Part::Path => return c == b'?',
            Part::UserPassword => return matches!(c, b'@' | b'/' | b'?' | b':'),
            Part::QueryComponent => return true,
            Part::Fragment => return false,
            Part::Host | Part::Zone => {}
        },
        _ => {}
    }
    !(part == Part::Fragment && matches!(c, b'!' | b'(' | b')' | b'*'))
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Go's `unescape`: decodes `%XX` (and `+` in query components).
fn unescape(s: &[u8], part: Part) -> Result<Vec<u8>, UrlErrorKind> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        match c {
            b'%' => {
                let rest = s.get(i..).unwrap_or_default();
                let hi = rest.get(1).copied().and_then(hex_value);
                let lo = rest.get(2).copied().and_then(hex_value);
                let escape = rest.get(..3).unwrap_or(rest);
                let (Some(hi), Some(lo)) = (hi, lo) else {
                    return Err(UrlErrorKind::InvalidEscape(escape.to_vec()));
                };
                let byte = hi << 4 | lo;
                // A host may only escape non-ASCII bytes (and "%25" in a zone).
                if part == Part::Host && hi < 8 && escape != b"%25" {
                    return Err(UrlErrorKind::InvalidEscape(escape.to_vec()));
                }
                if part == Part::Zone
                    && escape != b"%25"
                    && byte != b' '
                    && should_escape(byte, Part::Host)
                {
                    return Err(UrlErrorKind::InvalidEscape(escape.to_vec()));
                }
                out.push(byte);
                i += 3;
            }
            b'+' => {
                out.push(if part == Part::QueryComponent {
                    b' '
                } else {
                    b'+'
                });
                i += 1;
            }
            _ => {
                if matches!(part, Part::Host | Part::Zone) && c < 0x80 && should_escape(c, part) {
                    return Err(UrlErrorKind::InvalidHostCharacter(c));
                }
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Go's `escape`. The result is ASCII.
fn escape(s: &[u8], part: Part) -> String {
    let mut out = String::with_capacity(s.len());
    for &c in s {
        if c == b' ' && part == Part::QueryComponent {
            out.push('+');
        } else if should_escape(c, part) {
            out.push('%');
            out.push(char::from(upper_hex(c >> 4)));
            out.push(char::from(upper_hex(c)));
        } else {
            out.push(char::from(c));
        }
    }
    out
}

/// Go's `validEncoded`: `s` holds no byte that escaping would change, apart
/// from sub-delimiters, `[`, `]` and `%`.
fn valid_encoded(s: &[u8], part: Part) -> bool {
    s.iter().all(|&c| {
        matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'['
                | b']'
                | b'%'
        ) || !should_escape(c, part)
    })
}

/// Empty, or `:` followed by ASCII digits.
fn valid_optional_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()),
        None => port.is_empty(),
    }
}

/// Go's `validUserinfo` (RFC 3986 userinfo characters, plus `%` and `@`).
fn valid_userinfo(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '.'
                    | '_'
                    | ':'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | '%'
                    | '@'
            )
    })
}

/// Why [`parse`] failed; displays as Go's underlying error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlErrorKind {
    /// `net/url: invalid control character in URL`
    InvalidControlCharacter,
    /// `missing protocol scheme`
    MissingProtocolScheme,
    /// `first path segment in URL cannot contain colon`
    FirstPathSegmentColon,
    /// `net/url: invalid userinfo`
    InvalidUserinfo,
    /// `missing ']' in host`
    MissingClosingBracket,
    /// `invalid port ":x" after host` (holds the `:x` text)
    InvalidPort(String),
    /// `invalid URL escape "%zz"` (holds up to three bytes from the `%`)
    InvalidEscape(Vec<u8>),
    /// `invalid character " " in host name`
    InvalidHostCharacter(u8),
}

impl fmt::Display for UrlErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlErrorKind::InvalidControlCharacter => {
                f.write_str("net/url: invalid control character in URL")
            }
            UrlErrorKind::MissingProtocolScheme => f.write_str("missing protocol scheme"),
            UrlErrorKind::FirstPathSegmentColon => {
                f.write_str("first path segment in URL cannot contain colon")
            }
            UrlErrorKind::InvalidUserinfo => f.write_str("net/url: invalid userinfo"),
            UrlErrorKind::MissingClosingBracket => f.write_str("missing ']' in host"),
            UrlErrorKind::InvalidPort(port) => write!(f, "invalid port {} after host", quote(port)),
            UrlErrorKind::InvalidEscape(text) => {
                write!(f, "invalid URL escape {}", quote_bytes(text))
            }
            UrlErrorKind::InvalidHostCharacter(c) => {
                write!(f, "invalid character {} in host name", quote_bytes(&[*c]))
            }
        }
    }
}

/// Go's `*url.Error` for `Parse`: displays as `parse "<url>": <reason>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError {
    /// The URL text Go puts in the message.
    pub url: String,
    pub kind: UrlErrorKind,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "parse {}: {}", quote(&self.url), self.kind)
    }
}

impl std::error::Error for UrlError {}

/// The `user[:password]` part of a URL, decoded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Userinfo {
    username: Vec<u8>,
    password: Option<Vec<u8>>,
}

impl Userinfo {
    pub fn username(&self) -> &[u8] {
        &self.username
    }

    pub fn password(&self) -> Option<&[u8]> {
        self.password.as_deref()
    }

    /// Go's `(*Userinfo).String()`.
    fn to_go_string(&self) -> String {
        let mut out = escape(&self.username, Part::UserPassword);
        if let Some(password) = &self.password {
            out.push(':');
            out.push_str(&escape(password, Part::UserPassword));
        }
        out
    }
}

/// A parsed URL with the fields of Go's `url.URL`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Url {
    scheme: String,
    opaque: String,
    user: Option<Userinfo>,
    host: Vec<u8>,
    path: Vec<u8>,
    raw_path: String,
    omit_host: bool,
    force_query: bool,
    raw_query: String,
    fragment: Vec<u8>,
    raw_fragment: String,
}

/// Go's `url.Parse`.
pub fn parse(raw: &str) -> Result<Url, UrlError> {
    let (before_fragment, fragment) = match raw.split_once('#') {
        Some((url, fragment)) => (url, fragment),
        None => (raw, ""),
    };
    let mut url = parse_reference(before_fragment).map_err(|kind| UrlError {
        url: before_fragment.to_owned(),
        kind,
    })?;
    if !fragment.is_empty() {
        url.set_fragment(fragment).map_err(|kind| UrlError {
            url: raw.to_owned(),
            kind,
        })?;
    }
    Ok(url)
}

/// Go's `getScheme`: (scheme, rest); no scheme when the text does not start
/// with `[A-Za-z][A-Za-z0-9+.-]*:`.
fn split_scheme(raw: &str) -> Result<(&str, &str), UrlErrorKind> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err(UrlErrorKind::MissingProtocolScheme),
            b':' => {
                return Ok((
                    raw.get(..i).unwrap_or_default(),
                    raw.get(i + 1..).unwrap_or_default(),
                ))
            }
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

/// Go's `parse(rawURL, viaRequest=false)`: everything but the fragment.
fn parse_reference(raw: &str) -> Result<Url, UrlErrorKind> {
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(UrlErrorKind::InvalidControlCharacter);
    }
    let mut url = Url::default();
    if raw == "*" {
        url.path = b"*".to_vec();
        return Ok(url);
    }
    let (scheme, mut rest) = split_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();

    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        url.force_query = true;
        rest = rest.get(..rest.len().saturating_sub(1)).unwrap_or_default();
    } else if let Some((before, query)) = rest.split_once('?') {
        url.raw_query = query.to_owned();
        rest = before;
    }

    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            url.opaque = rest.to_owned();
            return Ok(url);
        }
        let first_segment = rest.split('/').next().unwrap_or("");
        if first_segment.contains(':') {
            return Err(UrlErrorKind::FirstPathSegmentColon);
        }
    }

    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let after_slashes = rest.get(2..).unwrap_or_default();
        let (authority, path) = match after_slashes.find('/') {
            Some(i) => after_slashes.split_at(i),
            None => (after_slashes, ""),
        };
        let (user, host) = parse_authority(authority)?;
        url.user = user;
        url.host = host;
        rest = path;
    } else if !url.scheme.is_empty() && rest.starts_with('/') {
        url.omit_host = true;
    }

    url.set_path(rest)?;
    Ok(url)
}

fn parse_authority(authority: &str) -> Result<(Option<Userinfo>, Vec<u8>), UrlErrorKind> {
    let at = authority.rfind('@');
    let host = parse_host(match at {
        Some(i) => authority.get(i + 1..).unwrap_or_default(),
        None => authority,
    })?;
    let Some(at) = at else {
        return Ok((None, host));
    };
    let userinfo = authority.get(..at).unwrap_or_default();
    if !valid_userinfo(userinfo) {
        return Err(UrlErrorKind::InvalidUserinfo);
    }
    let user = match userinfo.split_once(':') {
        None => Userinfo {
            username: unescape(userinfo.as_bytes(), Part::UserPassword)?,
            password: None,
        },
        Some((username, password)) => Userinfo {
            username: unescape(username.as_bytes(), Part::UserPassword)?,
            password: Some(unescape(password.as_bytes(), Part::UserPassword)?),
        },
    };
    Ok((Some(user), host))
}

/// Go's `parseHost`: `host[:port]` or `[ipv6-literal[%25zone]][:port]`.
fn parse_host(host: &str) -> Result<Vec<u8>, UrlErrorKind> {
    if host.starts_with('[') {
        let Some(close) = host.rfind(']') else {
            return Err(UrlErrorKind::MissingClosingBracket);
        };
        let colon_port = host.get(close + 1..).unwrap_or_default();
        if !valid_optional_port(colon_port) {
            return Err(UrlErrorKind::InvalidPort(colon_port.to_owned()));
        }
        if let Some(zone) = host.get(..close).unwrap_or_default().find("%25") {
            let bytes = host.as_bytes();
            let mut out = unescape(bytes.get(..zone).unwrap_or_default(), Part::Host)?;
            out.extend(unescape(
                bytes.get(zone..close).unwrap_or_default(),
                Part::Zone,
            )?);
            out.extend(unescape(
                bytes.get(close..).unwrap_or_default(),
                Part::Host,
            )?);
            return Ok(out);
        }
    } else if let Some(colon) = host.rfind(':') {
        let colon_port = host.get(colon..).unwrap_or_default();
        if !valid_optional_port(colon_port) {
            return Err(UrlErrorKind::InvalidPort(colon_port.to_owned()));
        }
    }
    unescape(host.as_bytes(), Part::Host)
}

impl Url {
    /// The scheme, lower-cased ("" when there is none).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The opaque part of `scheme:opaque` URLs, verbatim.
    pub fn opaque(&self) -> &str {
        &self.opaque
    }

    pub fn user(&self) -> Option<&Userinfo> {
        self.user.as_ref()
    }

    /// The decoded `host[:port]`.
    pub fn host(&self) -> &[u8] {
        &self.host
    }

    /// The decoded path.
    pub fn path(&self) -> &[u8] {
        &self.path
    }

    /// The path as written, when that differs from its default escaping.
    pub fn raw_path(&self) -> &str {
        &self.raw_path
    }

    /// Whether the URL had a scheme and `/path` but no `//authority`.
    pub fn omit_host(&self) -> bool {
        self.omit_host
    }

    /// Whether the URL ended in a lone `?`.
    pub fn force_query(&self) -> bool {
        self.force_query
    }

    /// The query without the `?`, verbatim.
    pub fn raw_query(&self) -> &str {
        &self.raw_query
    }

    /// The decoded fragment.
    pub fn fragment(&self) -> &[u8] {
        &self.fragment
    }

    fn set_path(&mut self, escaped: &str) -> Result<(), UrlErrorKind> {
        self.path = unescape(escaped.as_bytes(), Part::Path)?;
        self.raw_path = if escape(&self.path, Part::Path) == escaped {
            String::new()
        } else {
            escaped.to_owned()
        };
        Ok(())
    }

    fn set_fragment(&mut self, escaped: &str) -> Result<(), UrlErrorKind> {
        self.fragment = unescape(escaped.as_bytes(), Part::Fragment)?;
        self.raw_fragment = if escape(&self.fragment, Part::Fragment) == escaped {
            String::new()
        } else {
            escaped.to_owned()
        };
        Ok(())
    }

    /// Go's `EscapedPath`: the path as written when that is a valid escaping,
    /// else the default escaping.
    pub fn escaped_path(&self) -> String {
        if !self.raw_path.is_empty()
            && valid_encoded(self.raw_path.as_bytes(), Part::Path)
            && unescape(self.raw_path.as_bytes(), Part::Path).is_ok_and(|p| p == self.path)
        {
            return self.raw_path.clone();
        }
        if self.path == b"*" {
            return "*".to_owned();
        }
        escape(&self.path, Part::Path)
    }

    /// Go's `EscapedFragment`.
    pub fn escaped_fragment(&self) -> String {
        if !self.raw_fragment.is_empty()
            && valid_encoded(self.raw_fragment.as_bytes(), Part::Fragment)
            && unescape(self.raw_fragment.as_bytes(), Part::Fragment)
                .is_ok_and(|f| f == self.fragment)
        {
            return self.raw_fragment.clone();
        }
        escape(&self.fragment, Part::Fragment)
    }

    /// Go's `(*URL).String()`.
    pub fn to_string_go(&self) -> String {
        let mut out = String::with_capacity(self.raw_query.len() + self.path.len() + 32);
        if !self.scheme.is_empty() {
            out.push_str(&self.scheme);
            out.push(':');
        }
        if !self.opaque.is_empty() {
            out.push_str(&self.opaque);
        } else {
            let has_authority =
                !self.scheme.is_empty() || !self.host.is_empty() || self.user.is_some();
            let omitted = self.omit_host && self.host.is_empty() && self.user.is_none();
            if has_authority && !omitted {
                if !self.host.is_empty() || !self.path.is_empty() || self.user.is_some() {
                    out.push_str("//");
                }
                if let Some(user) = &self.user {
                    out.push_str(&user.to_go_string());
                    out.push('@');
                }
                if !self.host.is_empty() {
                    out.push_str(&escape(&self.host, Part::Host));
                }
            }
            let path = self.escaped_path();
            if !path.is_empty() && !path.starts_with('/') && !self.host.is_empty() {
                out.push('/');
            }
            if out.is_empty() && path.split('/').next().unwrap_or("").contains(':') {
                // Keep a colon in the first segment from reading as a scheme.
                out.push_str("./");
            }
            out.push_str(&path);
        }
        if self.force_query || !self.raw_query.is_empty() {
            out.push('?');
            out.push_str(&self.raw_query);
        }
        if !self.fragment.is_empty() {
            out.push('#');
            out.push_str(&self.escaped_fragment());
        }
        out
    }

    /// The decoded `key=value` pairs of the query, in order (Go's
    /// `u.Query()`, see [`parse_query`]).
    pub fn query_pairs(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        parse_query(&self.raw_query)
    }

    /// `v, ok := u.Query()[key]`: every value of `key`, or `None` when the
    /// query has no usable `key` pair. A present key has at least one value.
    pub fn query_values(&self, key: &str) -> Option<Vec<Vec<u8>>> {
        let values: Vec<Vec<u8>> = self
            .query_pairs()
            .into_iter()
            .filter(|(k, _)| k == key.as_bytes())
            .map(|(_, v)| v)
            .collect();
        (!values.is_empty()).then_some(values)
    }

    /// The first value of `key`, or `None` when the query has no usable
    /// `key` pair (what `v, ok := u.Query()[key]` distinguishes).
    pub fn query_first(&self, key: &str) -> Option<Vec<u8>> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == key.as_bytes())
            .map(|(_, v)| v)
    }

    /// `u.Query().Get(key)`: the first value, or empty.
    pub fn query_get(&self, key: &str) -> Vec<u8> {
        self.query_first(key).unwrap_or_default()
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_go())
    }
}

/// Go's `url.ParseQuery`, keeping the pairs in order: the query is split at
/// `&`; pieces that are empty or contain `;` are dropped; each piece is split
/// at its first `=` (no `=`: empty value); key and value are unescaped with
/// `+` meaning space, and a piece with a bad escape in either is dropped.
pub fn parse_query(query: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty() && !piece.contains(';'))
        .filter_map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            let key = unescape(key.as_bytes(), Part::QueryComponent).ok()?;
            let value = unescape(value.as_bytes(), Part::QueryComponent).ok()?;
            Some((key, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Url {
        match parse(s) {
            Ok(u) => u,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn err(s: &str) -> String {
        match parse(s) {
            Ok(u) => panic!("{s} parsed: {u:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn round(s: &str) -> String {
        ok(s).to_string_go()
    }

    #[test]
    fn conformance_sources_round_trip() {
        for s in [
            "https://downloads.example.com/tool-1.2.3.gz",
            "data:text/plain;base64,aGVsbG8gd29ybGQK",
            "s3://my-bucket/path/obj?versionId=abc123",
            "oem:///config.sh",
            "s3://bucket-name/node.ign",
            "https://example.com/x.xz",
            "gopher://example.com/file2",
        ] {
            assert_eq!(round(s), s);
        }
        let u = ok("oem:///config.sh");
        assert_eq!(u.scheme(), "oem");
        assert_eq!(u.host(), b"");
        assert_eq!(u.path(), b"/config.sh");
        assert!(!u.omit_host());
        let u = ok("data:text/plain;base64,aGVsbG8gd29ybGQK");
        assert_eq!(u.opaque(), "text/plain;base64,aGVsbG8gd29ybGQK");
    }

    #[test]
    fn conformance_errors() {
        assert_eq!(
            err("https://exa mple.com/%gg"),
            r#"parse "https://exa mple.com/%gg": invalid character " " in host name"#
        );
        assert_eq!(
            err("http://bad host/%zz"),
            r#"parse "http://bad host/%zz": invalid character " " in host name"#
        );
    }

    #[test]
    fn s3_version_id() {
        let u = ok("s3://bucket/key?versionId=");
        assert_eq!(u.query_first("versionId"), Some(Vec::new()));
        let u = ok("s3://my-bucket/path/obj?versionId=abc123");
        assert_eq!(u.query_first("versionId"), Some(b"abc123".to_vec()));
        assert_eq!(u.query_get("versionId"), b"abc123");
        let u = ok("s3://b/k?versionid=x");
        assert_eq!(u.query_first("versionId"), None);
        assert_eq!(u.query_get("versionId"), b"");
        let u = ok("s3://b/k?versionId");
        assert_eq!(u.query_first("versionId"), Some(Vec::new()));
    }

    #[test]
    fn query_parsing() {
        let u = ok("s3://b/k?versionId=%zz&versionId=second&versionId=third");
        assert_eq!(u.query_first("versionId"), Some(b"second".to_vec()));
        assert_eq!(
            u.query_values("versionId"),
            Some(vec![b"second".to_vec(), b"third".to_vec()])
        );
        assert_eq!(u.query_values("other"), None);
        assert_eq!(ok("s3://b/k?versionId=%zz").query_values("versionId"), None);
        let u = ok("s3://b/k?versionId=1;x&versionId=2");
        assert_eq!(u.query_first("versionId"), Some(b"2".to_vec()));
        assert_eq!(
            parse_query("a+b=c%20d+e&&=v&k=%FF&x=1=2"),
            vec![
                (b"a b".to_vec(), b"c d e".to_vec()),
                (b"".to_vec(), b"v".to_vec()),
                (b"k".to_vec(), vec![0xff]),
                (b"x".to_vec(), b"1=2".to_vec()),
            ]
        );
        assert_eq!(parse_query(""), vec![]);
        assert_eq!(parse_query("%"), vec![]);
    }

    #[test]
    fn error_order_and_texts() {
        assert_eq!(
            err("http://x/\n"),
            r#"parse "http://x/\n": net/url: invalid control character in URL"#
        );
        assert_eq!(
            err("http://x/\u{7f}#%zz"),
            r#"parse "http://x/\x7f": net/url: invalid control character in URL"#
        );
        assert_eq!(err(":foo"), r#"parse ":foo": missing protocol scheme"#);
        assert_eq!(
            err("1a:b"),
            r#"parse "1a:b": first path segment in URL cannot contain colon"#
        );
        assert_eq!(
            err("a b:c/d"),
            r#"parse "a b:c/d": first path segment in URL cannot contain colon"#
        );
        assert_eq!(
            err("http://[::1/x"),
            r#"parse "http://[::1/x": missing ']' in host"#
        );
        assert_eq!(
            err("http://x:y/"),
            r#"parse "http://x:y/": invalid port ":y" after host"#
        );
        assert_eq!(
            err("http://[::1]x/"),
            r#"parse "http://[::1]x/": invalid port "x" after host"#
        );
        assert_eq!(
            err("http://x:ü/"),
            r#"parse "http://x:ü/": invalid port ":ü" after host"#
        );
        assert_eq!(
            err("http://x/%g"),
            r#"parse "http://x/%g": invalid URL escape "%g""#
        );
        assert_eq!(
            err("http://x/%"),
            r#"parse "http://x/%": invalid URL escape "%""#
        );
        assert_eq!(
            err("http://x/%zzz"),
            r#"parse "http://x/%zzz": invalid URL escape "%zz""#
        );
        assert_eq!(
            err("/a%aé"),
            r#"parse "/a%aé": invalid URL escape "%a\xc3""#
        );
        assert_eq!(
            err("http://%41/"),
            r#"parse "http://%41/": invalid URL escape "%41""#
        );
        assert_eq!(
            err("http://a b@c/"),
            r#"parse "http://a b@c/": net/url: invalid userinfo"#
        );
        // The host is checked before the userinfo.
        assert_eq!(
            err("http://a b@c d/"),
            r#"parse "http://a b@c d/": invalid character " " in host name"#
        );
        assert_eq!(
            err("http://us%zzer@host/"),
            r#"parse "http://us%zzer@host/": invalid URL escape "%zz""#
        );
        // The host is checked before the path.
        assert_eq!(
            err("http://x y/%zz"),
            r#"parse "http://x y/%zz": invalid character " " in host name"#
        );
        assert_eq!(
            err("http://x/{}%zz"),
            r#"parse "http://x/{}%zz": invalid URL escape "%zz""#
        );
        assert_eq!(
            err("http://x/ok#%zz"),
            r#"parse "http://x/ok#%zz": invalid URL escape "%zz""#
        );
        assert_eq!(
            err("http://x/bad%zz#frag"),
            r#"parse "http://x/bad%zz": invalid URL escape "%zz""#
        );
        // In a zone, escapes may only produce bytes a host could hold (or a
        // space); "%25" and "%20" pass, "%2F" does not.
        assert_eq!(
            round("http://[fe80::1%25en%200]/"),
            "http://[fe80::1%25en%200]/"
        );
        assert_eq!(
            err("http://[fe80::1%25en%2F0]/"),
            r#"parse "http://[fe80::1%25en%2F0]/": invalid URL escape "%2F""#
        );
        assert_eq!(
            err("http://x{y/"),
            r#"parse "http://x{y/": invalid character "{" in host name"#
        );
        // '"' is one of the few punctuation bytes a host may hold.
        assert_eq!(round("http://x\"y/"), "http://x\"y/");
    }

    #[test]
    fn string_rebuilds_like_go() {
        assert_eq!(round(""), "");
        assert_eq!(round("*"), "*");
        assert_eq!(round("HTTP://Example.COM/"), "http://Example.COM/");
        assert_eq!(round("http://x/a b"), "http://x/a%20b");
        assert_eq!(round("http://x/a%2fb"), "http://x/a%2fb");
        // A needless escape is kept: the written form is a valid encoding.
        assert_eq!(round("http://x/%41"), "http://x/%41");
        assert_eq!(round("http://x/a?b"), "http://x/a?b");
        assert_eq!(round("http://x?"), "http://x?");
        assert_eq!(round("http://x?a?"), "http://x?a?");
        assert_eq!(round("http://x?a b"), "http://x?a b");
        assert_eq!(round("http://x/#"), "http://x/");
        assert_eq!(round("http://x/#a b"), "http://x/#a%20b");
        assert_eq!(round("http://x/#a!b/c?d"), "http://x/#a!b/c?d");
        assert_eq!(round("http://x/#%41"), "http://x/#%41");
        assert_eq!(round("http://x/#%2F"), "http://x/#%2F");
        assert_eq!(round("mailto:joe@example.com"), "mailto:joe@example.com");
        assert_eq!(round("http:opaque?q#f"), "http:opaque?q#f");
        assert_eq!(round("data:,a b%zz"), "data:,a b%zz");
        assert_eq!(round("http:/path"), "http:/path");
        assert_eq!(round("http:///path"), "http:///path");
        assert_eq!(round("http://"), "http:");
        assert_eq!(round("http:"), "http:");
        assert_eq!(round("/rel/path"), "/rel/path");
        assert_eq!(round("rel/pa:th"), "rel/pa:th");
        assert_eq!(round("./a:b"), "./a:b");
        assert_eq!(round("//host/path"), "//host/path");
        assert_eq!(round("///path"), "///path");
        assert_eq!(round("http://host"), "http://host");
        assert_eq!(round("http://ü.com/"), "http://%C3%BC.com/");
        assert_eq!(round("http://%C3%BC.com/"), "http://%C3%BC.com/");
        assert_eq!(
            round("http://[fe80::1%25en0]:8080/"),
            "http://[fe80::1%25en0]:8080/"
        );
        assert_eq!(
            round("http://user:p%40ss@host/p"),
            "http://user:p%40ss@host/p"
        );
        assert_eq!(round("http://us+er:@host"), "http://us+er:@host");
        assert_eq!(round("http://@host"), "http://@host");
        assert_eq!(round("http://a:b:c@host"), "http://a:b%3Ac@host");
        assert_eq!(round("http://x:/"), "http://x:/");
        assert_eq!(round("http://x/é"), "http://x/%C3%A9");
        assert_eq!(round("http://x/a;b,c$d"), "http://x/a;b,c$d");
        assert_eq!(round("http://x/[a]"), "http://x/[a]");
    }

    #[test]
    fn decoded_fields() {
        let u = ok("https://us%20er:pw@Host:8080/a%2Fb%FF?q=1#fr%20ag");
        assert_eq!(u.scheme(), "https");
        let user = u.user().unwrap();
        assert_eq!(user.username(), b"us er");
        assert_eq!(user.password(), Some(&b"pw"[..]));
        assert_eq!(u.host(), b"Host:8080");
        assert_eq!(u.path(), b"/a/b\xff");
        assert_eq!(u.raw_path(), "/a%2Fb%FF");
        assert_eq!(u.raw_query(), "q=1");
        assert_eq!(u.fragment(), b"fr ag");
        assert_eq!(
            u.to_string(),
            "https://us%20er:pw@Host:8080/a%2Fb%FF?q=1#fr%20ag"
        );
        let u = ok("http:/x");
        assert!(u.omit_host());
        assert!(ok("http://x?").force_query());
    }

    #[test]
    fn should_escape_per_part() {
        assert!(should_escape(b'?', Part::Path));
        assert!(!should_escape(b'/', Part::Path));
        assert!(should_escape(b':', Part::UserPassword));
        assert!(!should_escape(b'&', Part::UserPassword));
        assert!(should_escape(b'&', Part::QueryComponent));
        assert!(!should_escape(b'?', Part::Fragment));
        assert!(!should_escape(b'!', Part::Fragment));
        assert!(should_escape(b'!', Part::Path));
        assert!(!should_escape(b'<', Part::Host));
        assert!(should_escape(b'/', Part::Host));
        assert!(should_escape(b'@', Part::Zone));
        assert!(should_escape(0x80, Part::Fragment));
        assert_eq!(escape(b"a b", Part::QueryComponent), "a+b");
    }
}
