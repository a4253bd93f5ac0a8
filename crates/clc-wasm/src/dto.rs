//! The wire types of the playground API and the conversion from the core's
//! results. Plain Rust, tested natively; `lib.rs` only moves them across the
//! JavaScript boundary.

use serde::Serialize;

use clc_core::diagnostic::Diagnostic;
use clc_core::merge::{merge_with_transpiler, Document};
use clc_core::{presets, Options, PlatformChoice};

use crate::positions::{EditorPosition, Utf16Index};

/// The properties of a [`CompileRequest`] and of a [`NamedText`], for the
/// unknown-field check at the boundary (tests keep them in step).
pub const COMPILE_REQUEST_FIELDS: &[&str] = &[
    "preset",
    "snippets",
    "platform",
    "strict",
    "skipSpec3",
    "skipTables",
];
pub const NAMED_TEXT_FIELDS: &[&str] = &["name", "text"];

/// One snippet as the page holds it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NamedText {
    pub name: String,
    pub text: String,
}

/// What the page asks to compile. `lib.rs` reads it from JavaScript by hand
/// (absent optional fields are None/false, unknown ones are refused);
/// Serialize is for the tests that keep it in step with the TypeScript type.
#[derive(Clone, Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CompileRequest {
    /// A preset id (`equinix-worker`), or None/"" for no base config.
    pub preset: Option<String>,
    /// The user's snippets, in order.
    pub snippets: Vec<NamedText>,
    /// A ct platform name, or "" for none. Defaults to the preset's platform.
    pub platform: Option<String>,
    pub strict: bool,
    /// Leave out the spec-3 view: it costs as much as the merge itself.
    pub skip_spec3: bool,
    /// Leave out the effective tables.
    pub skip_tables: bool,
}

/// A position range in one document.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WireRelated {
    pub document: String,
    pub path: Option<String>,
    pub start: Option<EditorPosition>,
    pub end: Option<EditorPosition>,
    pub message: String,
}

/// A diagnostic as the editor and the list need it.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WireDiagnostic {
    pub document: String,
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub path: Option<String>,
    pub start: Option<EditorPosition>,
    pub end: Option<EditorPosition>,
    /// Exact UTF-8 byte offsets `[start, end)`.
    pub bytes: Option<[u32; 2]>,
    /// The `line, column` ct itself prints, when it prints one.
    pub ct_position: Option<[u32; 2]>,
    /// `ct` (ct's own report), `lint` (our checks).
    pub source: &'static str,
    pub related: Vec<WireRelated>,
}

/// One document's own result.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WireDocument {
    pub name: String,
    /// `base`, `internal`, `snippet` or `extra`.
    pub kind: &'static str,
    /// The document transpiled alone (pretty), when it converts.
    pub ignition: Option<String>,
    /// The provider's error for this document, if it rejects it.
    pub error: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Merged {
    pub pretty: String,
    pub compact: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub documents: u32,
    pub input_bytes: u64,
    pub output_bytes: u64,
}

/// Everything the page shows for one request.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CompileResponse {
    pub merged: Option<Merged>,
    /// The provider's error (the first failing document), as terraform prints it.
    pub error: Option<String>,
    pub documents: Vec<WireDocument>,
    pub diagnostics: Vec<WireDiagnostic>,
    pub tables: Option<clc_core::tables::Effective>,
    /// What Flatcar 3185 and later make of the merged config at boot.
    pub spec3: Option<clc_core::spec3::Spec3Outcome>,
    pub stats: Stats,
}

fn severity(d: &Diagnostic) -> &'static str {
    d.severity.as_str()
}

/// Converts one core diagnostic of document `name` (text `text`); related
/// locations in other documents are converted with those documents' texts.
pub fn wire_diagnostic(
    name: &str,
    text: &[u8],
    d: &Diagnostic,
    documents: &[(&str, &[u8])],
) -> WireDiagnostic {
    let index = Utf16Index::new(text);
    let related = d
        .related
        .iter()
        .map(|r| {
            let document = r.document.clone().unwrap_or_else(|| name.to_owned());
            let other = documents
                .iter()
                .find(|(n, _)| *n == document)
                .map(|(_, t)| Utf16Index::new(t));
            let ix = other.as_ref().unwrap_or(&index);
            WireRelated {
                path: r.path.as_ref().map(|p| p.to_string()),
                start: r.span.map(|s| ix.position(s.start.offset)),
                end: r.span.map(|s| ix.position(s.end.offset)),
                message: r.message.clone(),
                document,
            }
        })
        .collect();
    WireDiagnostic {
        document: name.to_owned(),
        severity: severity(d),
        code: d.code,
        message: d.message.clone(),
        help: d.help.clone(),
        path: d.path.as_ref().map(|p| p.to_string()),
        start: d.span.map(|s| index.position(s.start.offset)),
        end: d.span.map(|s| index.position(s.end.offset)),
        bytes: d.span.map(|s| [s.start.offset, s.end.offset]),
        ct_position: d.ct_position.map(|(l, c)| [l, c]),
        source: if d.phase == clc_core::Phase::Lint {
            "lint"
        } else {
            "ct"
        },
        related,
    }
}

/// Compiles a request: the preset's documents around the user's snippets,
/// merged like the provider, with every check.
pub fn compile(request: &CompileRequest) -> Result<CompileResponse, String> {
    let preset = match request.preset.as_deref().filter(|p| !p.is_empty()) {
        Some(id) => Some(presets::preset(id).ok_or_else(|| format!("unknown preset `{id}`"))?),
        None => None,
    };
    let platform = request
        .platform
        .clone()
        .unwrap_or_else(|| preset.map(|p| p.platform.to_owned()).unwrap_or_default());
    let user: Vec<Document<'_>> = request
        .snippets
        .iter()
        .map(|s| Document {
            name: s.name.clone(),
            text: s.text.as_bytes(),
        })
        .collect();
    let (documents, kinds): (Vec<Document<'_>>, Vec<&'static str>) = match preset {
        Some(p) => {
            let docs = presets::documents(p, &user);
            let internal = p.internal_snippets.len();
            let kinds = (0..docs.len())
                .map(|i| {
                    if i == 0 {
                        "base"
                    } else if i <= internal {
                        "internal"
                    } else if i <= internal + user.len() {
                        "snippet"
                    } else {
                        "extra"
                    }
                })
                .collect();
            (docs, kinds)
        }
        None => (user.clone(), vec!["snippet"; user.len()]),
    };
    // Diagnostics and documents are told apart by name, so names must be
    // unique: the preset's own documents included.
    let repeated = documents.iter().enumerate().find(|(i, doc)| {
        documents
            .iter()
            .take(*i)
            .any(|earlier| earlier.name == doc.name)
    });
    if let Some((_, doc)) = repeated {
        let name = &doc.name;
        return Err(format!(
            "two documents are named `{name}`; each snippet needs its own name"
        ));
    }
    if documents.is_empty() {
        return Ok(CompileResponse {
            merged: None,
            error: None,
            documents: Vec::new(),
            diagnostics: Vec::new(),
            tables: None,
            spec3: None,
            stats: Stats {
                documents: 0,
                input_bytes: 0,
                output_bytes: 0,
            },
        });
    }
    let snippets: Vec<usize> = kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| **k == "snippet")
        .map(|(i, _)| i)
        .collect();
    let options = Options {
        platform: PlatformChoice::parse(&platform),
        strict: request.strict,
        ..Options::default()
    };
    let merged = crate::cache::with_cache(|cache| {
        merge_with_transpiler(&documents, &options, &snippets, &mut |text, o| {
            cache.transpile(text, o, &platform)
        })
    });

    let texts: Vec<(&str, &[u8])> = documents
        .iter()
        .map(|d| (d.name.as_str(), d.text))
        .collect();
    let mut diagnostics = Vec::new();
    let mut wire_documents = Vec::new();
    for ((result, (name, text)), kind) in merged.documents.iter().zip(&texts).zip(&kinds) {
        for d in &result.transpiled.diagnostics {
            diagnostics.push(wire_diagnostic(name, text, d, &texts));
        }
        wire_documents.push(WireDocument {
            name: (*name).to_owned(),
            kind,
            ignition: result.transpiled.config.as_ref().map(|c| c.to_json(true)),
            error: result.provider_error.clone(),
        });
    }
    let merged_out = merged.config.as_ref().map(|c| Merged {
        pretty: c.to_json(true),
        compact: c.to_json(false),
    });
    Ok(CompileResponse {
        stats: Stats {
            documents: documents.len() as u32,
            input_bytes: documents.iter().map(|d| d.text.len() as u64).sum(),
            output_bytes: merged_out.as_ref().map_or(0, |m| m.compact.len() as u64),
        },
        merged: merged_out,
        error: merged.error.clone(),
        tables: merged
            .config
            .as_ref()
            .filter(|_| !request.skip_tables)
            .map(|_| clc_core::tables::effective(&merged)),
        spec3: merged
            .config
            .as_ref()
            .filter(|_| !request.skip_spec3)
            .map(clc_core::spec3::translate),
        documents: wire_documents,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(preset: Option<&str>, snippets: &[(&str, &str)]) -> CompileRequest {
        CompileRequest {
            preset: preset.map(str::to_owned),
            snippets: snippets
                .iter()
                .map(|(n, t)| NamedText {
                    name: (*n).to_owned(),
                    text: (*t).to_owned(),
                })
                .collect(),
            platform: None,
            strict: false,
            skip_spec3: false,
            skip_tables: false,
        }
    }

    #[test]
    fn duplicate_names_are_a_malformed_request() {
        let twice = request(None, &[("a", "x: 1\n"), ("a", "y: 2\n")]);
        let e = compile(&twice).err().unwrap_or_default();
        assert!(e.contains("two documents are named `a`"), "{e}");
        let like_the_base = request(Some("equinix-worker"), &[("base", "x: 1\n")]);
        assert!(compile(&like_the_base).is_err());
    }

    #[test]
    fn views_can_be_left_out() {
        let mut req = request(
            Some("equinix-worker"),
            &[("a", "passwd:\n  users:\n    - name: core\n")],
        );
        let full = compile(&req).unwrap();
        assert!(full.spec3.is_some() && full.tables.is_some());
        req.skip_spec3 = true;
        req.skip_tables = true;
        let lean = compile(&req).unwrap();
        assert!(lean.spec3.is_none() && lean.tables.is_none());
        assert_eq!(
            lean.merged.map(|m| m.compact),
            full.merged.map(|m| m.compact)
        );
        assert_eq!(lean.diagnostics.len(), full.diagnostics.len());
    }

    #[test]
    fn snippet_alone_compiles() {
        let r = compile(&request(
            None,
            &[("a", "passwd:\n  users:\n    - name: core\n")],
        ))
        .unwrap();
        let merged = r.merged.expect("merged");
        assert!(merged.compact.contains("\"name\":\"core\""));
        assert!(r.error.is_none());
        assert_eq!(r.documents[0].kind, "snippet");
    }

    #[test]
    fn utf16_positions_in_diagnostics() {
        let text = "# é😀\nstorage:\n  files:\n    - path: relative\n      mode: 0644\n";
        let r = compile(&request(None, &[("s", text)])).unwrap();
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == "path-not-absolute")
            .expect("diagnostic");
        let start = d.start.expect("start");
        assert_eq!((start.line, start.column), (4, 13));
        // "# é😀\n" is 6 UTF-16 units, "storage:\n" 9, "  files:\n" 9, then 12 units.
        assert_eq!(start.offset, 6 + 9 + 9 + 12);
        assert_eq!(
            d.bytes.map(|b| b[0]),
            Some(text.find("relative").unwrap() as u32)
        );
        assert_eq!(d.source, "ct");
    }

    #[test]
    fn preset_with_snippet() {
        let r = compile(&request(
            Some("equinix-worker"),
            &[("helloworld", "systemd:\n  units:\n    - name: helloworld.service\n      dropins:\n        - name: 10-helloworld.conf\n          contents: |\n            [Install]\n            WantedBy=multi-user.target\n")],
        ))
        .unwrap();
        assert!(r.merged.is_some(), "{:?}", r.error);
        assert!(r.documents.iter().any(|d| d.kind == "base"));
        assert!(r
            .documents
            .iter()
            .any(|d| d.kind == "snippet" && d.name == "helloworld"));
    }

    /// Field names of `interface NAME { … }` in the TypeScript declarations.
    fn ts_fields(name: &str) -> Vec<String> {
        let ts = crate::TYPESCRIPT;
        let start = ts
            .find(&format!("export interface {name} {{"))
            .unwrap_or_else(|| panic!("interface {name} is declared"));
        let body = &ts[start..];
        let body = &body[body.find('{').unwrap_or(0) + 1..body.find("\n}").unwrap_or(body.len())];
        body.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("/**") && !l.starts_with('*') && l.contains(':'))
            .map(|l| {
                l.split(':')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('?')
                    .to_owned()
            })
            .collect()
    }

    fn json_keys(value: &serde_json::Value) -> Vec<String> {
        value
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn assert_same(name: &str, value: &serde_json::Value) {
        let mut ts = ts_fields(name);
        let mut rust = json_keys(value);
        ts.sort();
        rust.sort();
        assert_eq!(
            ts, rust,
            "TypeScript interface {name} and the Rust wire type differ"
        );
    }

    #[test]
    fn typescript_declarations_match_the_wire_types() {
        let text = "storage:\n  files:\n    - path: /a\n      mode: 0644\n    - path: /a\n      mode: 0644\n";
        let r = compile(&request(None, &[("s", text), ("t", "x: 1\n")])).unwrap();
        let v = serde_json::to_value(&r).unwrap();
        assert_same("CompileResponse", &v);
        assert_same("Merged", &v["merged"]);
        assert_same("Stats", &v["stats"]);
        assert_same("WireDocument", &v["documents"][0]);
        let d = r
            .diagnostics
            .iter()
            .find(|d| !d.related.is_empty())
            .expect("a diagnostic with a related location");
        let dv = serde_json::to_value(d).unwrap();
        assert_same("WireDiagnostic", &dv);
        assert_same("EditorPosition", &dv["start"]);
        assert_same("WireRelated", &dv["related"][0]);
        let req = serde_json::to_value(request(Some("x"), &[("a", "b")])).unwrap();
        let mut listed: Vec<String> = COMPILE_REQUEST_FIELDS
            .iter()
            .map(|f| (*f).to_owned())
            .collect();
        listed.sort();
        assert_eq!(json_keys(&req), listed, "COMPILE_REQUEST_FIELDS");
        let mut named: Vec<String> = NAMED_TEXT_FIELDS.iter().map(|f| (*f).to_owned()).collect();
        named.sort();
        assert_eq!(json_keys(&req["snippets"][0]), named, "NAMED_TEXT_FIELDS");
        assert_same("CompileRequest", &req);
        assert_same("NamedText", &req["snippets"][0]);
        let p = serde_json::to_value(platforms()).unwrap();
        assert_same("WirePlatform", &p[0]);
        let presets = serde_json::to_value(presets()).unwrap();
        assert_same("WirePreset", &presets[0]);
        assert_same("WirePresetDocument", &presets[0]["documents"][0]);
        let defaults = serde_json::to_value(defaults()).unwrap();
        assert_same("Defaults", &defaults);
        assert_same("RuntimeRow", &defaults["runtime"][0]);
        assert_same("DirectoryRow", &defaults["directories"][0]);
        assert_same("MountRow", &defaults["seedMounts"][0]);
        let with_preset = compile(&request(Some("equinix-worker"), &[("s", "storage:\n  files:\n    - path: /etc/docker/daemon.json\n      mode: 0644\n      contents:\n        inline: '{\"log-driver\": \"journald\"}'\n")])).unwrap();
        let t = serde_json::to_value(&with_preset.tables).unwrap();
        assert_same("Effective", &t);
        assert_same("EffectiveRuntimeRow", &t["runtime"][0]);
        let overridden = t["runtime"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| !r["overriddenBy"].is_null()))
            .expect("an overridden runtime row");
        assert_same("Origin", &overridden["overriddenBy"]);
        assert_same("EffectiveDirectory", &t["kubeletDirectories"][0]);
        assert_same("Seen", &t["kubeletDirectories"][0]["seen"]);
        assert_same("WrittenPath", &t["kubeletPaths"][0]);
        assert_same("Mount", &t["mounts"][0]);
        let s3 = serde_json::to_value(&with_preset.spec3).unwrap();
        assert_same("Spec3Outcome", &s3);
        let dup = "storage:\n  files:\n    - path: /a\n      mode: 0644\n";
        let failing = compile(&request(None, &[("a", dup), ("b", dup)])).unwrap();
        let f = serde_json::to_value(&failing.spec3).unwrap();
        assert_same("BootFailure", &f["failure"]);
        let import = serde_json::to_value(import_lokocfg(
            "c {\n  controller_clc_snippets = [\"a: 1\"]\n}\n",
            None,
        ))
        .unwrap();
        assert_same("WireImport", &import);
        assert_same("WireImportedSnippet", &import["snippets"][0]);
    }

    #[test]
    fn unknown_preset_is_a_request_error() {
        assert!(compile(&request(Some("nope"), &[])).is_err());
    }
}

/// The static tables.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Defaults {
    pub runtime: &'static [clc_core::tables::RuntimeRow],
    pub directories: &'static [clc_core::tables::DirectoryRow],
    pub seed_mounts: &'static [clc_core::tables::MountRow],
    pub current_mounts: &'static [clc_core::tables::MountRow],
}

pub fn defaults() -> Defaults {
    Defaults {
        runtime: clc_core::tables::RUNTIME,
        directories: clc_core::tables::DIRECTORIES,
        seed_mounts: clc_core::tables::SEED_MOUNTS,
        current_mounts: clc_core::tables::CURRENT_MOUNTS,
    }
}

/// A platform and its dynamic-data variables.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WirePlatform {
    pub name: &'static str,
    pub variables: Vec<[&'static str; 2]>,
}

pub fn platforms() -> Vec<WirePlatform> {
    clc_core::platform::PLATFORMS
        .iter()
        .map(|p| WirePlatform {
            name: p.name,
            variables: p.variables.iter().map(|(f, v)| [*f, *v]).collect(),
        })
        .collect()
}

/// A preset as the page lists it.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WirePreset {
    pub id: &'static str,
    pub title: &'static str,
    pub platform: &'static str,
    pub description: &'static str,
    pub source: &'static str,
    /// The preset's own documents (base, internal snippets, platform extras), read-only.
    pub documents: Vec<WirePresetDocument>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WirePresetDocument {
    pub name: &'static str,
    pub kind: &'static str,
    pub text: &'static str,
}

pub fn presets() -> Vec<WirePreset> {
    presets::PRESETS
        .iter()
        .map(|p| {
            let mut documents = vec![WirePresetDocument {
                name: presets::BASE_NAME,
                kind: "base",
                text: p.base,
            }];
            documents.extend(p.internal_snippets.iter().map(|s| WirePresetDocument {
                name: s.name,
                kind: "internal",
                text: s.text,
            }));
            documents.extend(p.platform_extras.iter().map(|s| WirePresetDocument {
                name: s.name,
                kind: "extra",
                text: s.text,
            }));
            WirePreset {
                id: p.id,
                title: p.title,
                platform: p.platform,
                description: p.description,
                source: p.source,
                documents,
            }
        })
        .collect()
}

/// Snippets found in a `.lokocfg`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WireImport {
    pub snippets: Vec<WireImportedSnippet>,
    pub diagnostics: Vec<WireDiagnostic>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WireImportedSnippet {
    pub name: String,
    pub text: String,
    pub line: u32,
    pub column: u32,
    pub file: Option<String>,
}

/// The snippets of a `.lokocfg`; diagnostics name the document `file_name`
/// (`.lokocfg` when None or empty).
pub fn import_lokocfg(text: &str, file_name: Option<&str>) -> WireImport {
    let document = file_name.filter(|n| !n.is_empty()).unwrap_or(".lokocfg");
    let import = clc_core::lokocfg::import(text);
    WireImport {
        snippets: import
            .snippets
            .into_iter()
            .map(|s| WireImportedSnippet {
                name: s.name,
                text: s.text,
                line: s.line,
                column: s.column,
                file: s.file,
            })
            .collect(),
        diagnostics: import
            .diagnostics
            .iter()
            .map(|d| wire_diagnostic(document, text.as_bytes(), d, &[]))
            .collect(),
    }
}
