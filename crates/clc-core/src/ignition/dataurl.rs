//! Ignition 2.3's check of `data:` URLs (RFC 2397), with the messages of the
//! data-URL library it uses: `missing comma before data`,
//! `invalid data character`, `illegal base64 data at input byte N`, …

/// Checks a `data:` URL the way Ignition decodes it.
pub fn validate(s: &str) -> Result<(), String> {
    let Some(rest) = s.strip_prefix("data:") else {
        return Err("missing data prefix".into());
    };
    // Only the short header is read as characters; the data, which can be
    // megabytes, is checked byte by byte without copying.
    let (head, data) = rest
        .split_at_checked(header_length(rest))
        .unwrap_or((rest, ""));
    let chars: Vec<char> = head.chars().collect();
    let mut lexer = Lexer {
        chars: &chars,
        pos: 0,
    };
    let header = lexer.header()?;
    if header.base64 {
        if data.bytes().any(|b| !is_base64_char(b)) {
            return Err("invalid data character".into());
        }
        decode_base64(data)
    } else {
        if data.bytes().any(|b| !is_url_char(b)) {
            return Err("invalid data character".into());
        }
        check_escapes(data)
    }
}

/// Bytes up to and including the first comma outside a quoted parameter
/// value (the whole text when there is none).
fn header_length(rest: &str) -> usize {
    let mut quoted = false;
    let mut bytes = rest.bytes().enumerate();
    while let Some((i, b)) = bytes.next() {
        match b {
            b'\\' if quoted => {
                bytes.next(); // the escaped byte
            }
            b'"' => quoted = !quoted,
            b',' if !quoted => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

struct Header {
    base64: bool,
}

struct Lexer<'c> {
    chars: &'c [char],
    pos: usize,
}

impl Lexer<'_> {
    /// The characters in `range`, as a string.
    fn text(&self, range: std::ops::Range<usize>) -> String {
        self.chars.get(range).unwrap_or_default().iter().collect()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    /// Everything up to and including the comma.
    fn header(&mut self) -> Result<Header, String> {
        let mut header = Header { base64: false };
        match self.peek() {
            None => return Err("missing comma before data".into()),
            Some(',') => {
                self.pos += 1;
                return Ok(header);
            }
            Some(';') => {}
            Some(c) if is_token(c) => self.media_type()?,
            Some(_) => return Err("invalid character after data prefix".into()),
        }
        // Parameters: `;attr=value` or a final `;base64`.
        loop {
            match self.next() {
                Some(',') => return Ok(header),
                Some(';') => {}
                None => return Err("missing comma before data".into()),
                Some(_) => return Err("expected semicolon or comma".into()),
            }
            match self.peek() {
                None | Some('=') | Some(',') => {
                    return Err("unterminated parameter sequence".into())
                }
                Some(c) if is_token(c) => {}
                Some(_) => return Err("invalid character for parameter attribute".into()),
            }
            let start = self.pos;
            loop {
                match self.next() {
                    Some('=') => break,
                    Some(',') => {
                        let attr = self.text(start..self.pos - 1);
                        if attr != "base64" {
                            return Err(format!("expected base64, got {attr}"));
                        }
                        header.base64 = true;
                        return Ok(header);
                    }
                    None => return Err("unterminated parameter sequence".into()),
                    Some(c) if is_token(c) => {}
                    Some(_) => return Err("invalid character for parameter attribute".into()),
                }
            }
            self.param_value()?;
        }
    }

    fn media_type(&mut self) -> Result<(), String> {
        let start = self.pos;
        let x_token =
            matches!(self.peek(), Some('x' | 'X')) && self.chars.get(start + 1) == Some(&'-');
        loop {
            match self.next() {
                Some('/') => break,
                None => return Err("missing media type slash".into()),
                Some(c) if is_token(c) => {}
                Some(_) => return Err("invalid character for media type".into()),
            }
        }
        let kind = self.text(start..self.pos - 1);
        let known = [
            "text",
            "image",
            "audio",
            "video",
            "application",
            "message",
            "multipart",
        ];
        if !x_token && !known.iter().any(|k| kind.starts_with(k)) {
            return Err("invalid media type".into());
        }
        loop {
            match self.peek() {
                Some(';' | ',') => return Ok(()),
                None => return Err("incomplete media type".into()),
                Some(c) if is_token(c) => self.pos += 1,
                Some(_) => return Err("invalid character for media subtype".into()),
            }
        }
    }

    fn param_value(&mut self) -> Result<(), String> {
        match self.next() {
            Some('"') => loop {
                match self.next() {
                    None => return Err("unclosed quoted string".into()),
                    Some('\\') => match self.next() {
                        None => return Err("unexpected eof".into()),
                        Some(c) if c.is_ascii() => {}
                        Some(_) => return Err("invalid escaped character".into()),
                    },
                    Some('"') => return Ok(()),
                    Some(c) if c.is_ascii() => {}
                    Some(_) => return Err("invalid character for parameter value".into()),
                }
            },
            None => Err("missing comma before data".into()),
            Some(c) if is_token(c) => {
                let start = self.pos - 1;
                loop {
                    match self.peek() {
                        Some(';' | ',') => break,
                        None => return Err("missing comma before data".into()),
                        Some(c) if is_token(c) => self.pos += 1,
                        Some(_) => return Err("invalid character for parameter value".into()),
                    }
                }
                let value = self.text(start..self.pos);
                unescape(&value).map(|_| ())
            }
            Some(_) => Err("invalid character for parameter value".into()),
        }
    }
}

fn is_tspecial(c: char) -> bool {
    matches!(
        c,
        '(' | ')' | '<' | '>' | '@' | ',' | ';' | ':' | '\\' | '"' | '/' | '[' | ']' | '?' | '='
    )
}

fn is_token(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_control() && c != ' ' && !is_tspecial(c)
}

fn is_url_char(b: u8) -> bool {
    b.is_ascii()
        && !b.is_ascii_control()
        && !matches!(
            b,
            b' ' | b'<'
                | b'>'
                | b'#'
                | b'"'
                | b'{'
                | b'}'
                | b'|'
                | b'\\'
                | b'^'
                | b'['
                | b']'
                | b'`'
        )
}

fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n')
}

/// The data's `%XX` escapes are well formed (what unescaping would check).
fn check_escapes(data: &str) -> Result<(), String> {
    let bytes = data.as_bytes();
    let mut i = 0;
    while let Some(p) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'%'))
    {
        let at = i + p;
        match (bytes.get(at + 1), bytes.get(at + 2)) {
            (None, _) | (Some(_), None) if bytes.get(at + 1).is_none_or(u8::is_ascii_hexdigit) => {
                return Err("rfc2396: unexpected end of unescape sequence".into())
            }
            (Some(h), Some(l)) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => i = at + 3,
            _ => return Err("rfc2396: invalid char 0x25 in unescape sequence".into()),
        }
    }
    Ok(())
}

/// RFC 2396 unescaping of `%XX`.
fn unescape(s: &str) -> Result<Vec<u8>, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b >= 0x80 {
            return Err("rfc2396: non-ASCII char detected".into());
        }
        if b == b'%' {
            let hi = bytes
                .get(i + 1)
                .ok_or("rfc2396: unexpected end of unescape sequence")?;
            if !hi.is_ascii_hexdigit() {
                return Err("rfc2396: invalid char 0x25 in unescape sequence".into());
            }
            let lo = bytes
                .get(i + 2)
                .ok_or("rfc2396: unexpected end of unescape sequence")?;
            if !lo.is_ascii_hexdigit() {
                return Err("rfc2396: invalid char 0x25 in unescape sequence".into());
            }
            out.push(hex(*hi) * 16 + hex(*lo));
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Ok(out)
}

fn hex(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b - b'A' + 10,
    }
}

/// Go's `base64.StdEncoding.DecodeString`: padded, newlines skipped.
fn decode_base64(s: &str) -> Result<(), String> {
    let illegal = |at: usize| Err(format!("illegal base64 data at input byte {at}"));
    let bytes = s.as_bytes();
    let mut quantum = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        if b == b'\n' || b == b'\r' {
            i += 1;
            continue;
        }
        if b == b'=' {
            // Padding may only complete a quantum of 2 or 3 symbols.
            if quantum < 2 {
                return illegal(i);
            }
            let needed = 4 - quantum;
            let mut seen = 0;
            let mut j = i;
            while let Some(&c) = bytes.get(j).filter(|_| seen < needed) {
                match c {
                    b'=' => seen += 1,
                    b'\n' | b'\r' => {}
                    _ => return illegal(j),
                }
                j += 1;
            }
            if seen < needed {
                return illegal(bytes.len());
            }
            let after = bytes.get(j..).unwrap_or_default();
            if let Some(k) = after.iter().position(|&c| c != b'\n' && c != b'\r') {
                return illegal(j + k);
            }
            return Ok(());
        }
        if !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/') {
            return illegal(i);
        }
        quantum = (quantum + 1) % 4;
        i += 1;
    }
    if quantum != 0 {
        return illegal(bytes.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn accepts_common_forms() {
        assert!(validate("data:,").is_ok());
        assert!(validate("data:,hello%20world").is_ok());
        assert!(validate("data:text/plain;base64,aGVsbG8gd29ybGQK").is_ok());
        assert!(validate("data:text/plain;charset=utf-8,x").is_ok());
        assert!(validate("data:;base64,aGk=").is_ok());
    }

    #[test]
    fn rejects_with_library_messages() {
        assert_eq!(
            validate("data:text/plain"),
            Err("incomplete media type".into())
        );
        assert_eq!(validate("data:"), Err("missing comma before data".into()));
        assert_eq!(validate("data:,a b"), Err("invalid data character".into()));
        assert_eq!(validate("data:bogus/x,a"), Err("invalid media type".into()));
        assert_eq!(
            validate("data:;base64,aGk"),
            Err("illegal base64 data at input byte 3".into())
        );
        assert_eq!(
            validate("data:;foo,x"),
            Err("expected base64, got foo".into())
        );
        assert_eq!(
            validate("data:,%zz"),
            Err("rfc2396: invalid char 0x25 in unescape sequence".into())
        );
    }
}
