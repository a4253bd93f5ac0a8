//! A base config plus snippets, merged the way Lokomotive's terraform ct
//! provider merges them: each document is transpiled alone (same platform,
//! same strictness), then the results are combined with Ignition's
//! [`append`](crate::ignition::append::append), base first.
//!
//! The provider stops at the first document that fails and never says which
//! one it was; we check every document and name each one.

use crate::diagnostic::{Diagnostic, Phase};
use crate::ignition::append::append;
use crate::ignition::types::Config as IgnitionConfig;
use crate::transpile::{transpile, Options, Transpiled};

/// One input document.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    /// How diagnostics name it: `base`, `snippet 1`, or a file name.
    pub name: String,
    pub text: &'a [u8],
}

/// A document's own result.
#[derive(Clone, Debug)]
pub struct DocumentResult {
    pub name: String,
    pub transpiled: Transpiled,
    /// Why the provider rejects this document, in its words.
    pub provider_error: Option<String>,
}

/// The merged result.
#[derive(Clone, Debug)]
pub struct Merged {
    pub documents: Vec<DocumentResult>,
    /// The provider's `rendered` config; None when any document failed.
    pub config: Option<IgnitionConfig>,
    /// The provider's error for the first failing document.
    pub error: Option<String>,
}

impl Merged {
    pub fn success(&self) -> bool {
        self.config.is_some()
    }

    /// The provider's `rendered` attribute: `json.Marshal`, or
    /// `json.MarshalIndent(…, "", "  ")` with `pretty_print` (no trailing newline).
    pub fn rendered(&self, pretty: bool) -> Option<String> {
        self.config.as_ref().map(|c| c.to_json(pretty))
    }

    /// Every diagnostic, with the name of its document.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&str, &Diagnostic)> {
        self.documents.iter().flat_map(|d| {
            d.transpiled
                .diagnostics
                .iter()
                .map(move |x| (d.name.as_str(), x))
        })
    }
}

/// ct's report text for entries of one phase, joined as ct joins them.
fn report_text(diagnostics: &[Diagnostic], phase: Phase) -> String {
    diagnostics
        .iter()
        .filter(|d| d.phase == phase)
        .map(Diagnostic::ct_entry)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The provider's verdict on one transpiled document.
fn provider_error(t: &Transpiled, strict: bool) -> Option<String> {
    let parse: Vec<&Diagnostic> = t
        .diagnostics
        .iter()
        .filter(|d| d.phase == Phase::Parse)
        .collect();
    let parse_fatal = parse.iter().any(|d| d.is_error());
    if strict && !parse.is_empty() {
        return Some(format!(
            "error strict parsing Container Linux Config: {}",
            report_text(&t.diagnostics, Phase::Parse)
        ));
    }
    if parse_fatal {
        return Some(format!(
            "error parsing Container Linux Config: {}",
            report_text(&t.diagnostics, Phase::Parse)
        ));
    }
    let convert_fatal = t
        .diagnostics
        .iter()
        .any(|d| d.phase == Phase::Convert && d.is_error());
    if convert_fatal {
        return Some(format!(
            "error converting to Ignition: {}",
            report_text(&t.diagnostics, Phase::Convert)
        ));
    }
    None
}

/// Transpiles and merges `documents` (the first is the base); every other
/// document is treated as a user's snippet.
pub fn merge(documents: &[Document<'_>], options: &Options<'_>) -> Merged {
    let snippets: Vec<usize> = (1..documents.len()).collect();
    merge_with(documents, options, &snippets)
}

/// Like [`merge`], naming which documents are the user's snippets (those
/// are checked for text Terraform would rewrite in a `.lokocfg`).
pub fn merge_with(
    documents: &[Document<'_>],
    options: &Options<'_>,
    user_snippets: &[usize],
) -> Merged {
    merge_with_transpiler(documents, options, user_snippets, &mut transpile)
}

/// Like [`merge_with`], transpiling each document with `transpile_one`: a
/// caller that merges again and again (the playground, on every keystroke)
/// can answer unchanged documents from a cache. It must return what
/// [`transpile`] would for the same text and options.
pub fn merge_with_transpiler(
    documents: &[Document<'_>],
    options: &Options<'_>,
    user_snippets: &[usize],
    transpile_one: &mut dyn FnMut(&[u8], &Options<'_>) -> Transpiled,
) -> Merged {
    // The provider's strictness looks at the parse report only; convert
    // warnings never fail it. Transpile leniently and judge here.
    let lenient = Options {
        strict: false,
        terraform_snippet: false,
        ..options.clone()
    };
    let as_snippet = Options {
        terraform_snippet: true,
        ..lenient.clone()
    };
    let mut results = Vec::with_capacity(documents.len());
    let mut merged: Option<IgnitionConfig> = None;
    let mut error: Option<String> = None;
    for (index, doc) in documents.iter().enumerate() {
        if index >= options.limits.max_documents {
            let d = Diagnostic::new(
                crate::Severity::Error,
                "too-many-documents",
                format!(
                    "{} documents given; at most {} are merged",
                    documents.len(),
                    options.limits.max_documents
                ),
            );
            error.get_or_insert_with(|| d.message.clone());
            results.push(DocumentResult {
                name: doc.name.clone(),
                transpiled: Transpiled {
                    outcome: crate::transpile::Outcome::ParseFailed,
                    config: None,
                    diagnostics: vec![d],
                },
                provider_error: None,
            });
            break;
        }
        let doc_options = if user_snippets.contains(&index) {
            &as_snippet
        } else {
            &lenient
        };
        let transpiled = transpile_one(doc.text, doc_options);
        let doc_error = provider_error(&transpiled, options.strict);
        if error.is_none() {
            if let Some(e) = &doc_error {
                error = Some(e.clone());
            }
        }
        if error.is_none() {
            if let Some(config) = transpiled.config.clone() {
                merged = Some(match merged.take() {
                    None => config,
                    Some(old) => append(old, config),
                });
            }
        }
        results.push(DocumentResult {
            name: doc.name.clone(),
            transpiled,
            provider_error: doc_error,
        });
    }
    let config = if error.is_none() { merged } else { None };
    if let Some(merged_config) = &config {
        let sources: Vec<crate::lint::Source<'_>> = documents
            .iter()
            .map(|d| crate::lint::Source {
                name: &d.name,
                text: d.text,
            })
            .collect();
        let parts: Vec<&IgnitionConfig> = results
            .iter()
            .filter_map(|r| r.transpiled.config.as_ref())
            .collect();
        for (index, d) in crate::lint::merged(&sources, &parts, merged_config, &options.platform) {
            if let Some(r) = results.get_mut(index) {
                r.transpiled.diagnostics.push(d);
            }
        }
    }
    Merged {
        documents: results,
        config,
        error,
    }
}
