//! `github.com/vincent-petithory/dataurl.Escape` as vendored by ct v0.9.4,
//! and the `data:` URLs ct builds with it.
//!
//! Every byte outside `A-Z a-z 0-9 - _ . ! ~ * ' ( )` becomes `%XX` with
//! upper-case hex digits. ct wraps the result as
//! `(&url.URL{Scheme: "data", Opaque: "," + escaped}).String()`; `String()`
//! writes an opaque URL as `scheme ":" opaque` without touching the opaque
//! part, so the source is simply `data:,` followed by the escaped bytes.

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether `Escape` keeps `b` as it is.
const fn kept(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
        )
}

/// Whether `Escape` keeps all of `bytes` as they are; for short slices, as
/// it looks at each byte without branching.
fn all_kept(bytes: &[u8]) -> bool {
    // The OR of the entries has a count of 1, any escape makes it 3.
    #[allow(clippy::indexing_slicing)]
    let counts = bytes
        .iter()
        .fold(0, |any, &b| any | ENCODED[usize::from(b)])
        >> 24;
    counts <= 1
}

/// The upper-case hex digit of the low four bits of `n`.
pub(crate) fn upper_hex(n: u8) -> u8 {
    UPPER_HEX
        .get(usize::from(n & 0x0f))
        .copied()
        .unwrap_or(b'0')
}

/// `dataurl.Escape(data)` (and `EscapeString`).
pub fn escape(data: &[u8]) -> String {
    let mut out = Vec::with_capacity(data.len());
    push_escaped(&mut out, data);
    into_string(out)
}

/// The file source ct writes for inline or local contents: `data:,` followed
/// by [`escape`]d bytes.
pub fn data_url(data: &[u8]) -> String {
    const PREFIX: &[u8] = b"data:,";
    // Room for every byte escaped, then the rest handed back: shrinking in
    // place is cheaper than growing (which copies) or counting first.
    let mut out = Vec::with_capacity(PREFIX.len() + 3 * data.len());
    out.extend_from_slice(PREFIX);
    push_escaped(&mut out, data);
    out.shrink_to_fit();
    into_string(out)
}

/// Each byte as `Escape` writes it, packed little-endian: the output bytes
/// (the byte itself, or `%XX`) in the low three bytes and their count in the
/// top byte, so every input byte costs one load and one 4-byte store.
// Built at compile time: an index out of range would fail the build.
#[allow(clippy::indexing_slicing)]
static ENCODED: [u32; 256] = byte_table!([0u32; 256], |b| if kept(b) {
    b as u32 | 1 << 24
} else {
    b'%' as u32
        | (UPPER_HEX[(b >> 4) as usize] as u32) << 8
        | (UPPER_HEX[(b & 0x0f) as usize] as u32) << 16
        | 3 << 24
});

/// Writes the escaped form of `b` at `staged[at..]`; returns its length.
fn stage(staged: &mut [u8], at: usize, b: u8) -> usize {
    // A `u8` always indexes a 256-entry table.
    #[allow(clippy::indexing_slicing)]
    let entry = ENCODED[usize::from(b)];
    if let Some(slot) = staged.get_mut(at..at + 4) {
        slot.copy_from_slice(&entry.to_le_bytes());
    }
    (entry >> 24) as usize
}

fn push_escaped(out: &mut Vec<u8>, data: &[u8]) {
    // Escaped into a stack buffer a block at a time, then appended with one
    // copy: writing byte by byte into the vector costs a capacity check and
    // a length update per byte.
    const BLOCK: usize = 64;
    // Room for every byte escaped, plus the three spare bytes the last
    // 4-byte store may write past the end.
    let mut staged = [0u8; 3 * BLOCK + 1];
    for block in data.chunks(BLOCK) {
        let mut len = 0;
        let mut eights = block.chunks_exact(8);
        for eight in eights.by_ref() {
            // Eight kept bytes (long lines, base64) are copied at once.
            if all_kept(eight) {
                if let Some(slot) = staged.get_mut(len..len + 8) {
                    slot.copy_from_slice(eight);
                }
                len += 8;
            } else {
                for &b in eight {
                    len += stage(&mut staged, len, b);
                }
            }
        }
        for &b in eights.remainder() {
            len += stage(&mut staged, len, b);
        }
        out.extend_from_slice(staged.get(..len).unwrap_or_default());
    }
}

/// The escaped output is pure ASCII; the fallback is never taken.
fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_unreserved_bytes() {
        for b in 0..=255u8 {
            let unreserved = b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b);
            assert_eq!(kept(b), unreserved, "{b:#04x}");
        }
    }

    #[test]
    fn data_urls_keep_no_spare_room() {
        let data: Vec<u8> = (0..=255u8).chain("héllo ✓ <&>".bytes()).collect();
        for len in 0..data.len() {
            let url = data_url(&data[..len]);
            assert_eq!(url.capacity(), url.len(), "{len}");
        }
    }

    #[test]
    fn kept_and_escaped_bytes() {
        assert_eq!(escape(b""), "");
        assert_eq!(escape(b"AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
        assert_eq!(
            escape(b" \"#$%&+,/:;<=>?@[\\]^`{|}"),
            "%20%22%23%24%25%26%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D"
        );
        assert_eq!(escape(b"\x00\n\t\x7f\x80\xff"), "%00%0A%09%7F%80%FF");
        assert_eq!(escape("é✓".as_bytes()), "%C3%A9%E2%9C%93");
    }

    #[test]
    fn every_byte_round_trips() {
        let all: Vec<u8> = (0..=255u8).collect();
        let escaped = escape(&all);
        let mut decoded = Vec::new();
        let bytes = escaped.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                assert_eq!(hex, hex.to_ascii_uppercase());
                decoded.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
        assert_eq!(decoded, all);
        // 62 alphanumerics and 9 marks are kept.
        assert_eq!(escaped.len(), 71 + 3 * 185);
    }

    #[test]
    fn conformance_inline_sources() {
        let motd = "Welcome to Flatcar! <b>bold</b> & \"quotes\" 'single'\n100% tabs:\there  unicode: héllo ✓ 日本\npath/with/slashes?query=1#frag\n";
        assert_eq!(
            data_url(motd.as_bytes()),
            "data:,Welcome%20to%20Flatcar!%20%3Cb%3Ebold%3C%2Fb%3E%20%26%20%22quotes%22%20'single'%0A100%25%20tabs%3A%09here%20%20unicode%3A%20h%C3%A9llo%20%E2%9C%93%20%E6%97%A5%E6%9C%AC%0Apath%2Fwith%2Fslashes%3Fquery%3D1%23frag%0A"
        );
        assert_eq!(
            data_url(b"no trailing newline; semi:colon,comma=equals+plus"),
            "data:,no%20trailing%20newline%3B%20semi%3Acolon%2Ccomma%3Dequals%2Bplus"
        );
        assert_eq!(data_url(b""), "data:,");
    }

    /// The rule written out byte by byte, to check the table-driven version.
    fn reference_escape(data: &[u8]) -> String {
        data.iter()
            .map(|&b| {
                if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    #[test]
    fn matches_the_reference_across_block_boundaries() {
        let all: Vec<u8> = (0..=255u8).collect();
        assert_eq!(escape(&all), reference_escape(&all));
        let text = "héllo ✓ 日本 \u{2028} <&> 100% \n\t".as_bytes();
        // Every length and alignment around the 64-byte blocks, with runs of
        // kept and escaped bytes of varying lengths.
        let mut pattern = Vec::new();
        for round in 0..40u8 {
            pattern.extend(std::iter::repeat_n(
                b'a' + round % 26,
                usize::from(round % 7),
            ));
            pattern.extend(
                all.iter()
                    .skip(usize::from(round) * 5)
                    .take(usize::from(round % 5)),
            );
            pattern.extend_from_slice(text);
        }
        for len in 0..pattern.len() {
            let data = &pattern[..len];
            assert_eq!(escape(data), reference_escape(data), "{len}");
            assert_eq!(data_url(data), format!("data:,{}", reference_escape(data)));
        }
    }

    #[test]
    fn large_input() {
        let data = vec![b'a'; 3 << 20];
        let url = data_url(&data);
        assert_eq!(url.len(), 6 + (3 << 20));
        let data = vec![b'\n'; 1 << 20];
        assert_eq!(escape(&data).len(), 3 << 20);
    }
}
