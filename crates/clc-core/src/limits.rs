//! Every resource limit of the core, in one place. Past a limit the input
//! gets a clear diagnostic, never a crash, a hang or unbounded memory.
//! `tests/limits.rs` tests each one at the limit and one past it.
//!
//! | limit | value | past it |
//! |---|---|---|
//! | document size ([`MAX_INPUT_BYTES`]) | 16 MiB | `input-too-large`: "input is N bytes; the limit is 16777216 bytes" |
//! | YAML nesting ([`MAX_DEPTH`]) | 1000 collections | `yaml-syntax`: "yaml: line N: exceeded max depth of 1000" |
//! | YAML nodes ([`MAX_YAML_NODES`]) | 4,000,000 (aliases count one each) | `yaml-syntax`: "yaml: line N: exceeded max node count of 4000000" |
//! | aliases inside aliases ([`MAX_ALIAS_NESTING`]) | 256 | `yaml-decode`: "yaml: aliases are nested too deeply" |
//! | alias expansion (go-yaml's ratio rule, [`alias_ratio_allowed`]) | see below | `yaml-decode`: "yaml: document contains excessive aliasing" |
//! | decoding steps ([`decode_step_budget`]) | 8 per node + 2,000,000 | the same "excessive aliasing" |
//! | type errors kept ([`MAX_TYPE_ISSUES`]) | 1000 | the rest summed up as `… and more` |
//! | documents in one merge ([`MAX_DOCUMENTS`]) | 2048 | `too-many-documents`: "N documents given; at most 2048 are merged" |
//! | `.lokocfg` nesting ([`MAX_LOKOCFG_NESTING`]) | 256 blocks, lists, objects or calls | `lokocfg-syntax`: "not valid HCL: nested more than 256 levels deep" |
//!
//! Alias expansion follows go-yaml v3 (ct's parser), so a document ct
//! accepts is accepted here: once more than 100 aliased values and more than
//! 1000 values in all have been decoded, the share of aliased values may not
//! pass 99 % (up to 400,000 values decoded), falling linearly to 10 % at
//! 4,000,000. A "billion laughs" document trips this long before it costs
//! anything. The step budget is a backstop under that rule (the rule trips
//! first on every input); it bounds the work should the rule ever change.
//!
//! go-yaml's own scanner limits (10,000 flow levels, 10,000 indentation
//! levels) lie beyond [`MAX_DEPTH`] and are never reached.
//!
//! The sizes [`Limits`] carries can be lowered per call (the tests do);
//! the others are fixed.

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

/// 16 MiB per document: the core refuses anything larger before reading it
/// (the playground refuses a snippet that large before sending it).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// Real configs nest fewer than 15 levels; 1000 nested collections parse,
/// the 1001st is refused.
pub const MAX_DEPTH: u32 = 1000;
/// Lokomotive snippets per node number in the tens; a base plus 1000
/// snippets still merges. The 2049th document is refused.
pub const MAX_DOCUMENTS: usize = 2048;
/// Nodes in one YAML document (the YAML layer's `Limits::max_nodes`).
pub const MAX_YAML_NODES: usize = 4_000_000;
/// Aliases followed inside aliases (the decoder's stack is this deep).
pub const MAX_ALIAS_NESTING: usize = 256;
/// Type errors kept for one document; every pair of equal keys is one, so a
/// hostile document could otherwise produce billions.
pub const MAX_TYPE_ISSUES: usize = 1000;
/// Nesting of blocks, lists, objects and calls in a `.lokocfg` (the HCL
/// reader's recursion).
pub const MAX_LOKOCFG_NESTING: usize = 256;

/// go-yaml v3's `allowedAliasRatio`: the largest share of aliased values
/// once `decoded` values have been decoded.
pub fn alias_ratio_allowed(decoded: u64) -> f64 {
    const LOW: f64 = 400_000.0;
    const HIGH: f64 = 4_000_000.0;
    let decoded = decoded as f64;
    if decoded <= LOW {
        0.99
    } else if decoded >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decoded - LOW) / (HIGH - LOW))
    }
}

/// go-yaml v3's `excessive aliasing` test after `decoded` values, `aliased`
/// of them inside an alias.
pub fn excessive_aliasing(aliased: u64, decoded: u64) -> bool {
    aliased > 100
        && decoded > 1000
        && aliased as f64 / decoded as f64 > alias_ratio_allowed(decoded)
}

/// Most values decoded from a document of `nodes` nodes: without aliases a
/// document decodes in about one step per node, so anything far beyond that
/// is alias expansion.
pub fn decode_step_budget(nodes: usize) -> u64 {
    (nodes as u64).saturating_mul(8).saturating_add(2_000_000)
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: MAX_INPUT_BYTES,
            max_depth: MAX_DEPTH,
            max_documents: MAX_DOCUMENTS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_ratio_is_go_yamls() {
        assert_eq!(alias_ratio_allowed(1), 0.99);
        assert_eq!(alias_ratio_allowed(400_000), 0.99);
        assert!((alias_ratio_allowed(2_200_000) - 0.545).abs() < 1e-9);
        assert_eq!(alias_ratio_allowed(4_000_000), 0.10);
        assert_eq!(alias_ratio_allowed(u64::MAX), 0.10);
        // Few aliases, or few values, are never excessive.
        assert!(!excessive_aliasing(100, 1_000_000));
        assert!(!excessive_aliasing(1000, 1000));
        assert!(excessive_aliasing(1000, 1001));
        assert!(!excessive_aliasing(990, 1001));
    }

    #[test]
    fn the_yaml_layer_uses_these_limits() {
        let yaml = crate::yaml::Limits::default();
        assert_eq!(yaml.max_input_bytes, MAX_INPUT_BYTES);
        assert_eq!(yaml.max_depth, MAX_DEPTH);
        assert_eq!(yaml.max_nodes, MAX_YAML_NODES);
    }
}
