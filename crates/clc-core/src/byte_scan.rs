//! Byte tables, and finding the end of a run of ordinary bytes in long text
//! (file contents, data URLs) with fewer branches than a byte-by-byte
//! search.

/// A 256-entry table built at compile time: starting from `$init`, entry
/// `$b` holds `$value`. (Where it initialises a `static`, an index out of
/// range would fail the build.)
macro_rules! byte_table {
    ($init:expr, |$b:ident| $value:expr) => {{
        let mut table = $init;
        let mut $b: u8 = 0;
        loop {
            table[$b as usize] = $value;
            if $b == u8::MAX {
                break table;
            }
            $b += 1;
        }
    }};
}

/// Bytes checked per branch; 16 measured best across the benchmark inputs.
const RUN_CHUNK: usize = 16;

/// The length of the leading run of `bytes` whose entries in `stop` are 0.
pub fn run_len(bytes: &[u8], stop: &[u8; 256]) -> usize {
    // A `u8` always indexes a 256-entry table.
    #[allow(clippy::indexing_slicing)]
    let stops = |b: u8| stop[usize::from(b)];
    // A chunk at a time while none stops the run: their entries are OR-ed
    // together, one branch per chunk instead of one per byte.
    let mut len = 0;
    for chunk in bytes.chunks_exact(RUN_CHUNK) {
        if chunk.iter().fold(0, |any, &b| any | stops(b)) != 0 {
            break;
        }
        len += RUN_CHUNK;
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
