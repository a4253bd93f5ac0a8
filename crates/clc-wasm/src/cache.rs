//! Transpile results of recent documents, reused while only other documents
//! change. The playground compiles on every keystroke, and a Lokomotive base
//! config with its internal snippets is most of the text each time.

use std::cell::RefCell;

use clc_core::{Options, Transpiled};

/// Documents remembered at most: a preset's documents, a few snippets, and
/// the previous version of each.
const CAPACITY: usize = 32;

struct Entry {
    text: Vec<u8>,
    platform: String,
    terraform_snippet: bool,
    transpiled: Transpiled,
}

/// Least recently used first.
#[derive(Default)]
pub struct TranspileCache {
    entries: Vec<Entry>,
}

impl TranspileCache {
    /// What [`clc_core::transpile`] gives for `text` under `options`, from
    /// the cache when the same text was transpiled with the same platform and
    /// snippet checks. `platform` names `options.platform`. Options that may
    /// read files are never cached.
    pub fn transpile(&mut self, text: &[u8], options: &Options<'_>, platform: &str) -> Transpiled {
        let hit = self.entries.iter().position(|e| {
            e.terraform_snippet == options.terraform_snippet
                && !options.strict
                && e.platform == platform
                && e.text == text
        });
        if let Some(index) = hit {
            let entry = self.entries.remove(index);
            let transpiled = entry.transpiled.clone();
            self.entries.push(entry);
            return transpiled;
        }
        let transpiled = clc_core::transpile(text, options);
        if !options.strict {
            if self.entries.len() >= CAPACITY {
                self.entries.remove(0);
            }
            self.entries.push(Entry {
                text: text.to_vec(),
                platform: platform.to_owned(),
                terraform_snippet: options.terraform_snippet,
                transpiled: transpiled.clone(),
            });
        }
        transpiled
    }
}

thread_local! {
    static CACHE: RefCell<TranspileCache> = RefCell::new(TranspileCache::default());
}

/// Runs `f` with the instance's cache.
pub fn with_cache<T>(f: impl FnOnce(&mut TranspileCache) -> T) -> T {
    CACHE.with(|cache| f(&mut cache.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hit_equals_a_fresh_transpile() {
        let mut cache = TranspileCache::default();
        let options = Options::default();
        let text = b"storage:\n  files:\n    - path: relative\n";
        let first = cache.transpile(text, &options, "");
        let second = cache.transpile(text, &options, "");
        let fresh = clc_core::transpile(text, &options);
        assert_eq!(second.stdout(false), fresh.stdout(false));
        assert_eq!(second.diagnostics, fresh.diagnostics);
        assert_eq!(first.diagnostics, second.diagnostics);
        assert_eq!(cache.entries.len(), 1);
    }

    #[test]
    fn platform_and_snippet_checks_are_part_of_the_key() {
        let mut cache = TranspileCache::default();
        let text =
            b"storage:\n  files:\n    - path: /etc/x\n      contents:\n        inline: ${X}\n";
        let plain = Options::default();
        let snippet = Options {
            terraform_snippet: true,
            ..Options::default()
        };
        let a = cache.transpile(text, &plain, "");
        let b = cache.transpile(text, &snippet, "");
        assert_ne!(a.diagnostics.len(), b.diagnostics.len());
        cache.transpile(text, &plain, "packet");
        assert_eq!(cache.entries.len(), 3);
    }

    #[test]
    fn old_entries_make_room() {
        let mut cache = TranspileCache::default();
        for i in 0..CAPACITY + 5 {
            cache.transpile(format!("a: {i}\n").as_bytes(), &Options::default(), "");
        }
        assert_eq!(cache.entries.len(), CAPACITY);
        assert_eq!(cache.entries[0].text, format!("a: {}\n", 5).into_bytes());
    }
}
