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

/// Bytes tested per branch.
const RUN_CHUNK: usize = 32;

/// The length of the leading run of `bytes` for which `stops` is false.
///
/// A chunk at a time while no byte stops the run: `stops` is applied to
/// every byte of the chunk and the results OR-ed into a `u8` (a `bool`
/// would be tested byte by byte), one branch per chunk. Written as a few
/// comparisons joined with `|` (not `||`, not a table), `stops` compiles to
/// vector instructions that test the whole chunk at once. The scan pays
/// off on long runs; for a few bytes a plain loop is cheaper.
#[inline(always)]
pub fn run_len(bytes: &[u8], stops: impl Fn(u8) -> bool) -> usize {
    let mut len = 0;
    for chunk in bytes.chunks_exact(RUN_CHUNK) {
        if chunk.iter().fold(0u8, |any, &b| any | u8::from(stops(b))) != 0 {
            break;
        }
        len += RUN_CHUNK;
    }
    let rest = bytes.get(len..).unwrap_or_default();
    len + rest.iter().position(|&b| stops(b)).unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_first_flagged_byte() {
        let stop = |b: u8| b == b'!';
        for len in 0..80 {
            let mut text = vec![b'a'; len];
            assert_eq!(run_len(&text, stop), len);
            for at in 0..len {
                text[at] = b'!';
                assert_eq!(run_len(&text, stop), at, "{len} {at}");
                text[at] = b'a';
            }
        }
    }
}
