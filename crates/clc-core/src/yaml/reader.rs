//! The input side of the YAML reader: encoding detection, character
//! validation, and a model of the chunked decoding go-yaml v3 does.
//!
//! go-yaml decodes its input 512 raw bytes at a time, only when the scanner
//! asks for more characters than it has buffered. Two observable behaviours
//! depend on that:
//!
//! * an invalid byte (bad UTF-8, a control character, …) is only reported
//!   when the scanner first needs a character from the chunk that holds it,
//!   so a syntax error earlier in the file, or the end of the first document,
//!   can come first;
//! * the check for a byte order mark at the start of a line looks at the
//!   first character of go-yaml's character buffer, not at the current one,
//!   and what sits there depends on when the buffer was last refilled.
//!
//! We validate the whole input up front (finding the first bad character),
//! keep the valid prefix as UTF-8 text, and replay the refill bookkeeping in
//! [`Feed`], so both behaviours come out the same.

use std::borrow::Cow;

use super::byte_at;
use crate::byte_scan::run_len;

/// Size of go-yaml's raw input buffer.
const RAW_CHUNK: usize = 512;

/// How the input is encoded (from its byte order mark).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// The first character go-yaml's reader rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    /// Raw offset where the rejected character starts.
    pub raw_pos: usize,
    /// Bytes from `raw_pos` the reader must hold before it notices.
    pub needed: usize,
    /// go-yaml's wording, e.g. "invalid trailing UTF-8 octet".
    pub problem: &'static str,
    /// The raw offset go-yaml reports for it.
    pub offset: usize,
}

/// The decoded input: the valid prefix as UTF-8 plus the way back to raw
/// offsets.
pub(crate) struct Decoded<'a> {
    pub encoding: Encoding,
    /// Raw offset of the first character after the byte order mark.
    pub start: usize,
    /// UTF-8 text of every character before the fault (or all of them).
    pub text: Cow<'a, str>,
    /// For UTF-16 input: the raw offset of every text byte position
    /// (`text.len() + 1` entries). None for UTF-8, where it is `start + pos`.
    raw_of_text: Option<Vec<usize>>,
    pub fault: Option<Fault>,
    /// Whether the text holds a byte order mark (U+FEFF).
    pub has_bom: bool,
}

impl Decoded<'_> {
    /// The raw input offset of text position `pos` (clamped to the text).
    pub fn raw_offset(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        match &self.raw_of_text {
            None => self.start + pos,
            Some(map) => map.get(pos).copied().unwrap_or(self.start),
        }
    }
}

/// Reads the byte order mark and validates every character, the way
/// go-yaml's reader does.
pub(crate) fn decode(raw: &[u8]) -> Decoded<'_> {
    let (encoding, start) = if raw.starts_with(&[0xFF, 0xFE]) {
        (Encoding::Utf16Le, 2)
    } else if raw.starts_with(&[0xFE, 0xFF]) {
        (Encoding::Utf16Be, 2)
    } else if raw.starts_with(&[0xEF, 0xBB, 0xBF]) {
        (Encoding::Utf8, 3)
    } else {
        (Encoding::Utf8, 0)
    };
    match encoding {
        Encoding::Utf8 => {
            let rest = raw.get(start..).unwrap_or_default();
            // The standard validator finds the first invalid sequence; the
            // valid prefix is the text unless go-yaml rejects a character
            // in it.
            let valid = match std::str::from_utf8(rest) {
                Ok(s) => s,
                Err(e) => std::str::from_utf8(rest.get(..e.valid_up_to()).unwrap_or_default())
                    .unwrap_or_default(),
            };
            let (rejected, mut has_bom) = first_rejected(valid.as_bytes());
            let fault = go_decode_faults(raw, start + rejected.unwrap_or(valid.len()));
            let end = fault.as_ref().map_or(raw.len(), |f| f.raw_pos);
            // Every character before the fault is valid UTF-8, so `end`
            // falls on a character boundary of the valid prefix.
            let text = match valid.get(..end.saturating_sub(start)) {
                Some(s) => Cow::Borrowed(s),
                None => {
                    let text =
                        String::from_utf8_lossy(raw.get(start..end.max(start)).unwrap_or_default());
                    has_bom = text.contains('\u{FEFF}');
                    text
                }
            };
            Decoded {
                encoding,
                start,
                text,
                raw_of_text: None,
                fault,
                has_bom,
            }
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            transcode_utf16(raw, start, encoding == Encoding::Utf16Le)
        }
    }
}

/// go-yaml's set of characters a YAML stream may hold.
fn allowed_char(c: u32) -> bool {
    matches!(c, 0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Width of a UTF-8 sequence from its first byte (0: not a first byte).
pub(crate) fn utf8_width(b: u8) -> usize {
    if b & 0x80 == 0 {
        1
    } else if b & 0xE0 == 0xC0 {
        2
    } else if b & 0xF0 == 0xE0 {
        3
    } else if b & 0xF8 == 0xF0 {
        4
    } else {
        0
    }
}

/// In valid UTF-8: where the first character go-yaml rejects starts (a
/// control character other than tab and line breaks, a C1 control other
/// than NEL, U+FFFE or U+FFFF), and whether a byte order mark comes before
/// it.
fn first_rejected(bytes: &[u8]) -> (Option<usize>, bool) {
    // Bytes that may start such a character or a byte order mark.
    let odd = |b: u8| {
        ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
            | (b == 0x7F)
            | (b == 0xC2)
            | (b == 0xEF)
    };
    let mut has_bom = false;
    let mut check = |at: usize| -> bool {
        let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
        match next(0) {
            0xC2 => matches!(next(1), 0x80..=0x84 | 0x86..=0x9F),
            0xEF => {
                has_bom |= next(1) == 0xBB && next(2) == 0xBF;
                next(1) == 0xBF && matches!(next(2), 0xBE | 0xBF)
            }
            _ => true,
        }
    };
    let mut at = 0;
    loop {
        at += bytes.get(at..).map_or(0, |rest| run_len(rest, odd));
        if at >= bytes.len() {
            return (None, has_bom);
        }
        if check(at) {
            return (Some(at), has_bom);
        }
        at += 1;
    }
}

/// Decodes from `p` the way go-yaml does until the first rejected character.
fn go_decode_faults(raw: &[u8], start: usize) -> Option<Fault> {
    let mut p = start;
    let len = raw.len();
    while let Some(&lead) = raw.get(p) {
        if lead < 0x80 {
            // Fast path for ASCII.
            if !allowed_char(u32::from(lead)) {
                return Some(Fault {
                    raw_pos: p,
                    needed: 1,
                    problem: "control characters are not allowed",
                    offset: p,
                });
            }
            p += 1;
            continue;
        }
        let w = utf8_width(lead);
        if w == 0 {
            return Some(Fault {
                raw_pos: p,
                needed: 1,
                problem: "invalid leading UTF-8 octet",
                offset: p,
            });
        }
        if p + w > len {
            return Some(Fault {
                raw_pos: p,
                needed: w,
                problem: "incomplete UTF-8 octet sequence",
                offset: p,
            });
        }
        let mut value = u32::from(match w {
            2 => lead & 0x1F,
            3 => lead & 0x0F,
            _ => lead & 0x07,
        });
        for k in 1..w {
            let b = byte_at(raw, p + k);
            if b & 0xC0 != 0x80 {
                return Some(Fault {
                    raw_pos: p,
                    needed: w,
                    problem: "invalid trailing UTF-8 octet",
                    offset: p + k,
                });
            }
            value = (value << 6) | u32::from(b & 0x3F);
        }
        let shortest = match w {
            2 => value >= 0x80,
            3 => value >= 0x800,
            _ => value >= 0x10000,
        };
        let problem = if !shortest {
            Some("invalid length of a UTF-8 sequence")
        } else if (0xD800..=0xDFFF).contains(&value) || value > 0x10FFFF {
            Some("invalid Unicode character")
        } else if !allowed_char(value) {
            Some("control characters are not allowed")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Some(Fault {
                raw_pos: p,
                needed: w,
                problem,
                offset: p,
            });
        }
        p += w;
    }
    None
}

fn transcode_utf16(raw: &[u8], start: usize, little: bool) -> Decoded<'_> {
    let unit = |at: usize| -> u32 {
        let (lo, hi) = if little {
            (byte_at(raw, at), byte_at(raw, at + 1))
        } else {
            (byte_at(raw, at + 1), byte_at(raw, at))
        };
        u32::from(lo) | (u32::from(hi) << 8)
    };
    let mut text = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len());
    let mut fault = None;
    let mut p = start;
    while p < raw.len() {
        let fail = |needed, problem, offset| Fault {
            raw_pos: p,
            needed,
            problem,
            offset,
        };
        if p + 2 > raw.len() {
            fault = Some(fail(2, "incomplete UTF-16 character", p));
            break;
        }
        let mut value = unit(p);
        if value & 0xFC00 == 0xDC00 {
            fault = Some(fail(2, "unexpected low surrogate area", p));
            break;
        }
        let width = if value & 0xFC00 == 0xD800 {
            if p + 4 > raw.len() {
                fault = Some(fail(4, "incomplete UTF-16 surrogate pair", p));
                break;
            }
            let low = unit(p + 2);
            if low & 0xFC00 != 0xDC00 {
                fault = Some(fail(4, "expected low surrogate area", p + 2));
                break;
            }
            value = 0x10000 + ((value & 0x3FF) << 10) + (low & 0x3FF);
            4
        } else {
            2
        };
        if !allowed_char(value) {
            fault = Some(fail(width, "control characters are not allowed", p));
            break;
        }
        let c = char::from_u32(value).unwrap_or('\u{FFFD}');
        text.push(c);
        for _ in 0..c.len_utf8() {
            map.push(p);
        }
        p += width;
    }
    map.push(p);
    Decoded {
        encoding: if little {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        },
        start,
        has_bom: text.contains('\u{FEFF}'),
        text: Cow::Owned(text),
        raw_of_text: Some(map),
        fault,
    }
}

/// go-yaml's refill bookkeeping: which raw bytes have been decoded, how many
/// decoded characters are still unread, and where its buffer starts.
pub(crate) struct Feed {
    raw_len: usize,
    encoding: Encoding,
    /// Raw offset of the first byte not yet decoded.
    raw_next: usize,
    /// Raw offset where the bytes read so far end.
    raw_end: usize,
    eof: bool,
    /// Where the rejected character starts (raw), if any.
    fault_at: usize,
    fault_needed: usize,
    /// Decoded characters the scanner has not consumed yet (go-yaml's
    /// `unread`, NUL padding at the end included).
    pub unread: isize,
    /// Text position of the character at the front of go-yaml's buffer.
    pub front: usize,
}

impl Feed {
    pub fn new(raw: &[u8], decoded: &Decoded<'_>) -> Feed {
        let raw_len = raw.len();
        Feed {
            raw_len,
            encoding: decoded.encoding,
            raw_next: decoded.start,
            raw_end: raw_len.min(RAW_CHUNK),
            // go-yaml reads until it has three bytes to look for a byte
            // order mark; a shorter input hits the end of input right away.
            eof: raw_len < 3,
            fault_at: decoded.fault.as_ref().map_or(usize::MAX, |f| f.raw_pos),
            fault_needed: decoded.fault.as_ref().map_or(0, |f| f.needed),
            unread: 0,
            front: 0,
        }
    }

    /// Whether the refill bookkeeping is unobservable for this input: with
    /// no rejected character no refill can fail, and with no byte order
    /// mark in the text the front of the buffer never matters.
    pub fn unobservable(decoded: &Decoded<'_>) -> bool {
        decoded.fault.is_none() && !decoded.has_bom
    }

    /// Counts every character as decoded (see [`Feed::unobservable`]): no
    /// refill ever happens, and runs of characters can be taken in one go.
    pub fn decode_everything(&mut self) {
        self.unread = isize::MAX / 2;
    }

    /// go-yaml's `update_buffer(length)`, called when fewer than `length`
    /// characters are unread; `pos` is the scanner's text position. Err when
    /// the reader reaches the rejected character.
    pub fn refill(&mut self, raw: &[u8], pos: usize, length: usize) -> Result<(), ()> {
        let length = length as isize;
        if self.unread >= length {
            return Ok(());
        }
        // The unread characters move to the front of the buffer.
        self.front = pos;
        let mut first = true;
        while self.unread < length {
            if !first || self.raw_next == self.raw_end {
                self.read_more();
            }
            first = false;
            self.decode_chunk(raw)?;
            if self.eof {
                // One NUL character marks the end of the input.
                self.unread += 1;
                break;
            }
        }
        Ok(())
    }

    fn read_more(&mut self) {
        if self.eof {
            return;
        }
        if self.raw_end >= self.raw_len {
            self.eof = true;
            return;
        }
        self.raw_end = self.raw_len.min(self.raw_next + RAW_CHUNK);
    }

    fn decode_chunk(&mut self, raw: &[u8]) -> Result<(), ()> {
        let stop = self.fault_at.min(self.raw_end);
        let mut p = self.raw_next;
        let mut count: isize = 0;
        if self.encoding == Encoding::Utf8 && p < stop {
            // Every complete character up to `stop`: back off from `stop`
            // to the start of the last character and keep it if it fits.
            let mut last = stop - 1;
            while last > p && byte_at(raw, last) & 0xC0 == 0x80 {
                last -= 1;
            }
            let end = if last + utf8_width(byte_at(raw, last)).max(1) <= stop {
                stop
            } else {
                last
            };
            count = raw
                .get(p..end)
                .unwrap_or_default()
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count() as isize;
            p = end;
        }
        while p < stop {
            let w = match self.encoding {
                Encoding::Utf8 => utf8_width(byte_at(raw, p)).max(1),
                Encoding::Utf16Le | Encoding::Utf16Be => {
                    let hi = if self.encoding == Encoding::Utf16Le {
                        raw.get(p + 1)
                    } else {
                        raw.get(p)
                    };
                    if hi.is_some_and(|&h| h & 0xFC == 0xD8) {
                        4
                    } else {
                        2
                    }
                }
            };
            if p + w > self.raw_end {
                break;
            }
            p += w;
            count += 1;
        }
        self.raw_next = p;
        self.unread += count;
        if p == self.fault_at && (self.raw_end - p >= self.fault_needed || self.eof) {
            return Err(());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_kinds() {
        assert_eq!(decode(b"\xEF\xBB\xBFa").start, 3);
        assert_eq!(decode(b"\xFF\xFEa\x00").encoding, Encoding::Utf16Le);
        assert_eq!(decode(b"\xFE\xFF\x00a").encoding, Encoding::Utf16Be);
        assert_eq!(decode(b"a").start, 0);
    }

    #[test]
    fn utf8_faults_use_go_yaml_wording_and_offsets() {
        let f = |input: &[u8]| decode(input).fault.map(|f| (f.problem, f.offset));
        assert_eq!(f(b"caf\xe9\"\n"), Some(("invalid trailing UTF-8 octet", 4)));
        assert_eq!(
            f(b"caf\xe9\n"),
            Some(("incomplete UTF-8 octet sequence", 3))
        );
        assert_eq!(f(b"ab\xff"), Some(("invalid leading UTF-8 octet", 2)));
        assert_eq!(
            f(b"ab\xe2\x82"),
            Some(("incomplete UTF-8 octet sequence", 2))
        );
        assert_eq!(
            f(b"\xc0\x80"),
            Some(("invalid length of a UTF-8 sequence", 0))
        );
        assert_eq!(f(b"\xed\xa0\x80"), Some(("invalid Unicode character", 0)));
        assert_eq!(f(b"a\x00"), Some(("control characters are not allowed", 1)));
        assert_eq!(f(b"a\x7f"), Some(("control characters are not allowed", 1)));
        assert_eq!(
            f(b"\xc2\x80"),
            Some(("control characters are not allowed", 0))
        );
        assert_eq!(
            f(b"\xef\xbf\xbe"),
            Some(("control characters are not allowed", 0))
        );
        assert_eq!(f("é\u{85}\u{2028}\t\r\n".as_bytes()), None);
    }

    #[test]
    fn control_characters_are_found_anywhere() {
        for bad in [0x01u8, 0x7F, 0x1B, 0x00] {
            for at in 0..40 {
                let mut raw = vec![b'a'; 40];
                raw[at] = bad;
                let fault = decode(&raw).fault.map(|f| (f.problem, f.offset));
                assert_eq!(
                    fault,
                    Some(("control characters are not allowed", at)),
                    "{bad:#x} at {at}"
                );
            }
        }
        // Allowed: tab, line breaks, printable text, NEL, BOM-free text.
        let fine = "\t\r\n x \u{85} \u{A0} \u{FFFD} \u{10000} ~".repeat(5);
        assert!(decode(fine.as_bytes()).fault.is_none());
        let c1 = "abcdefgh\u{80}".as_bytes();
        assert_eq!(decode(c1).fault.map(|f| f.offset), Some(8));
    }

    #[test]
    fn utf16_is_transcoded_with_raw_offsets() {
        let raw = b"\xFF\xFEa\x00:\x00 \x00=\xD8\x00\xDE";
        let d = decode(raw);
        assert!(d.fault.is_none());
        assert_eq!(&*d.text, "a: \u{1F600}");
        assert_eq!(d.raw_offset(0), 2);
        assert_eq!(d.raw_offset(3), 8);
        assert_eq!(d.raw_offset(d.text.len()), raw.len());
        let odd = decode(b"\xFE\xFF\x00a\x00");
        assert_eq!(
            odd.fault.map(|f| f.problem),
            Some("incomplete UTF-16 character")
        );
        let low = decode(b"\xFF\xFE\x00\xDC");
        assert_eq!(
            low.fault.map(|f| f.problem),
            Some("unexpected low surrogate area")
        );
        let pair = decode(b"\xFF\xFE\x00\xD8a\x00");
        assert_eq!(
            pair.fault.map(|f| (f.problem, f.offset)),
            Some(("expected low surrogate area", 4))
        );
    }

    #[test]
    fn faults_surface_only_with_their_chunk() {
        // 600 valid bytes, then a bad one: the first refill stops short of it.
        let mut raw = vec![b'a'; 600];
        raw.push(0xFF);
        let d = decode(&raw);
        let mut feed = Feed::new(&raw, &d);
        assert!(feed.refill(&raw, 0, 1).is_ok());
        assert_eq!(feed.unread, 512);
        // Consuming all but two characters, then asking for four, reads on.
        feed.unread = 2;
        assert!(feed.refill(&raw, 510, 4).is_err());
    }

    #[test]
    fn short_inputs_end_at_once() {
        let raw = b"a";
        let d = decode(raw);
        let mut feed = Feed::new(raw, &d);
        assert!(feed.refill(raw, 0, 4).is_ok());
        // One character and one NUL.
        assert_eq!(feed.unread, 2);
    }
}
