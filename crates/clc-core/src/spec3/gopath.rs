//! Slash-path helpers with the exact results of Go's `path` package
//! (`Clean`, `Join`, `Ext`, `IsAbs`) and `url.PathEscape`, which decide the
//! node paths and networkd sources of the spec-3 translation.

use crate::gocompat::dataurl::upper_hex;

/// Go's `path.Clean`: lexical simplification of a slash path. Repeated
/// slashes collapse, `.` elements vanish, `..` removes the element before it
/// (and is dropped at the root), a trailing slash goes, and "" becomes ".".
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let bytes = path.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    let at_sep = |i: usize| matches!(at(i), None | Some(b'/'));
    let rooted = path.starts_with('/');
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut r = 0;
    // `out[..dotdot]` may not be backtracked over by `..`.
    let mut dotdot = 0;
    if rooted {
        out.push(b'/');
        r = 1;
        dotdot = 1;
    }
    while let Some(c) = at(r) {
        if c == b'/' || (c == b'.' && at_sep(r + 1)) {
            // An empty or `.` element.
            r += 1;
        } else if c == b'.' && at(r + 1) == Some(b'.') && at_sep(r + 2) {
            r += 2;
            if out.len() > dotdot {
                out.pop();
                while out.len() > dotdot && out.last() != Some(&b'/') {
                    out.pop();
                }
                // Drop the separator before the removed element too.
                if out.len() > dotdot && out.last() == Some(&b'/') {
                    out.pop();
                }
            } else if !rooted {
                if !out.is_empty() {
                    out.push(b'/');
                }
                out.extend_from_slice(b"..");
                dotdot = out.len();
            }
        } else {
            if (rooted && out.len() != 1) || (!rooted && !out.is_empty()) {
                out.push(b'/');
            }
            while let Some(c) = at(r).filter(|&c| c != b'/') {
                out.push(c);
                r += 1;
            }
        }
    }
    if out.is_empty() {
        return ".".to_owned();
    }
    // Only whole elements between slashes were copied, so the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Go's `path.Join`: the non-empty elements from the first non-empty one on,
/// joined with `/` and cleaned; "" when every element is empty.
pub fn join(elems: &[&str]) -> String {
    match elems.iter().position(|e| !e.is_empty()) {
        Some(first) => clean(&elems.get(first..).unwrap_or_default().join("/")),
        None => String::new(),
    }
}

/// Go's `path.Ext`: the suffix from the last `.` of the last element.
pub fn ext(path: &str) -> &str {
    for (i, b) in path.bytes().enumerate().rev() {
        match b {
            b'/' => break,
            b'.' => return path.get(i..).unwrap_or_default(),
            _ => {}
        }
    }
    ""
}

/// Go's `path.IsAbs`.
pub fn is_abs(path: &str) -> bool {
    path.starts_with('/')
}

/// Go's `url.PathEscape`: every byte except `A-Za-z0-9-_.~$&+:=@` becomes
/// `%XX` (uppercase hex).
pub fn path_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'_' | b'.' | b'~' | b'$' | b'&' | b'+' | b':' | b'=' | b'@'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(upper_hex(b >> 4)));
            out.push(char::from(upper_hex(b)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_matches_go() {
        let cases = [
            ("", "."),
            ("/", "/"),
            ("abc", "abc"),
            ("abc/def", "abc/def"),
            ("a/b/c", "a/b/c"),
            (".", "."),
            ("..", ".."),
            ("../..", "../.."),
            ("../../abc", "../../abc"),
            ("/abc", "/abc"),
            ("/", "/"),
            ("abc/", "abc"),
            ("abc/def/", "abc/def"),
            ("a/b/c/", "a/b/c"),
            ("./", "."),
            ("../", ".."),
            ("../../", "../.."),
            ("/abc/", "/abc"),
            ("abc//def//ghi", "abc/def/ghi"),
            ("//abc", "/abc"),
            ("///abc", "/abc"),
            ("//abc//", "/abc"),
            ("abc//", "abc"),
            ("abc/./def", "abc/def"),
            ("/./abc/def", "/abc/def"),
            ("abc/.", "abc"),
            ("abc/def/ghi/../jkl", "abc/def/jkl"),
            ("abc/def/../ghi/../jkl", "abc/jkl"),
            ("abc/def/..", "abc"),
            ("abc/def/../..", "."),
            ("/abc/def/../..", "/"),
            ("abc/def/../../..", ".."),
            ("/abc/def/../../..", "/"),
            ("abc/def/../../../ghi/jkl/../../../mno", "../../mno"),
            ("abc/./../def", "def"),
            ("abc//./../def", "def"),
            ("abc/../../././../def", "../../def"),
            ("/etc//a/../b/", "/etc/b"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "clean({input:?})");
        }
    }

    #[test]
    fn join_matches_go() {
        assert_eq!(join(&["", ""]), "");
        assert_eq!(join(&["", "/a"]), "/a");
        assert_eq!(join(&["", "a"]), "a");
        assert_eq!(join(&["/", "/etc/x"]), "/etc/x");
        assert_eq!(join(&["/tmp/data-ign1", "/etc/x"]), "/tmp/data-ign1/etc/x");
        assert_eq!(join(&["a", ""]), "a");
        assert_eq!(join(&["/", "", "/p"]), "/p");
    }

    #[test]
    fn ext_matches_go() {
        assert_eq!(ext("a.service"), ".service");
        assert_eq!(ext("a.b/c"), "");
        assert_eq!(ext("noext"), "");
        assert_eq!(ext("x.d/y.conf"), ".conf");
        assert_eq!(ext("trailing."), ".");
    }

    #[test]
    fn path_escape_matches_go() {
        assert_eq!(
            path_escape("a b/c,d;e?f[g]"),
            "a%20b%2Fc%2Cd%3Be%3Ff%5Bg%5D"
        );
        assert_eq!(path_escape("$&+:=@-_.~"), "$&+:=@-_.~");
        assert_eq!(path_escape("*'\n"), "%2A%27%0A");
        assert_eq!(path_escape("é"), "%C3%A9");
    }
}
