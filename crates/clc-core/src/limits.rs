//! Every resource limit of the core, in one place. Past a limit the input
//! gets a clear diagnostic, never a crash or a hang.

/// Limits on what one request may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest document, in bytes.
    pub max_input_bytes: usize,
    /// Deepest nesting of YAML collections.
    pub max_depth: u32,
    /// Most documents (base plus snippets) merged at once.
    pub max_documents: usize,
}

/// 16 MiB per document.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// Real configs nest fewer than 15 levels.
pub const MAX_DEPTH: u32 = 1000;
/// Lokomotive snippets per node number in the tens; a base plus 1000
/// snippets still merges.
pub const MAX_DOCUMENTS: usize = 2048;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: MAX_INPUT_BYTES,
            max_depth: MAX_DEPTH,
            max_documents: MAX_DOCUMENTS,
        }
    }
}
