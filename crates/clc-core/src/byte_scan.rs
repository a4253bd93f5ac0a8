//! Finding the end of a run of ordinary bytes in long text (file contents,
//! data URLs) with fewer branches than a byte-by-byte search.

/// The length of the leading run of `bytes` whose entries in `stop` are 0.
pub fn run_len(bytes: &[u8], stop: &[u8; 256]) -> usize {
    // A `u8` always indexes a 256-entry table.
    #[allow(clippy::indexing_slicing)]
    let stops = |b: u8| stop[usize::from(b)];
    // Eight bytes at a time while none stops the run: their entries are
    // OR-ed together, one branch per chunk instead of one per byte.
    let mut len = 0;
    for chunk in bytes.chunks_exact(8) {
        if chunk.iter().fold(0, |any, &b| any | stops(b)) != 0 {
            break;
        }
        len += 8;
    }
    let rest = bytes.get(len..).unwrap_or_default();
    len + rest
        .iter()
        .position(|&b| stops(b) != 0)
        .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_first_flagged_byte() {
        let mut stop = [0; 256];
        stop[usize::from(b'!')] = 1;
        for len in 0..40 {
            let mut text = vec![b'a'; len];
            assert_eq!(run_len(&text, &stop), len);
            for at in 0..len {
                text[at] = b'!';
                assert_eq!(run_len(&text, &stop), at, "{len} {at}");
                text[at] = b'a';
            }
        }
    }
}
