//! One document, start to finish, as `ct` runs it: parse YAML, decode,
//! check the Container Linux Config, convert, check the Ignition result,
//! print JSON.

use crate::ast::Tree;
use crate::clc::decode::{DecodeError, Decoder};
use crate::clc::schema::Config as ClcConfig;
use crate::clc::validate::ClcValidator;
use crate::convert::{Converter, LocalFiles};
use crate::diagnostic::{has_errors, Diagnostic, Phase, Severity};
use crate::ignition::types::Config as IgnitionConfig;
use crate::ignition::validate::IgnitionValidator;
use crate::limits::Limits;
use crate::platform::PlatformChoice;
use crate::source::LineIndex;
use crate::yaml;

/// How to transpile: ct's flags.
#[derive(Clone, Default)]
pub struct Options<'a> {
    pub platform: PlatformChoice,
    /// Fail on any warning, as `ct --strict` does.
    pub strict: bool,
    /// Where `contents.local` files come from (`--files-dir`); None: no files.
    pub files: Option<&'a dyn LocalFiles>,
    /// The document is a Lokomotive snippet that will be pasted into a
    /// `.lokocfg` heredoc: check for text Terraform would rewrite.
    pub terraform_snippet: bool,
    pub limits: Limits,
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("platform", &self.platform)
            .field("strict", &self.strict)
            .field("files", &self.files.map(|f| f.files_dir().to_owned()))
            .finish()
    }
}

/// Where a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Converted; the config is there (warnings may have been reported).
    Converted,
    /// The Container Linux Config did not parse or check (ct prints
    /// `Failed to parse config`).
    ParseFailed,
    /// Conversion or the Ignition checks failed.
    ConvertFailed,
}

/// The result of transpiling one document.
#[derive(Clone, Debug)]
pub struct Transpiled {
    pub outcome: Outcome,
    /// The Ignition config when the outcome is `Converted`.
    pub config: Option<IgnitionConfig>,
    /// ct's report entries in ct's order (parse report, then convert report).
    pub diagnostics: Vec<Diagnostic>,
}

impl Transpiled {
    pub fn success(&self) -> bool {
        self.outcome == Outcome::Converted
    }

    /// ct's exit status.
    pub fn exit_code(&self) -> i32 {
        if self.success() {
            0
        } else {
            1
        }
    }

    /// Standard output as ct prints it (empty on failure): compact JSON, or
    /// pretty JSON with a trailing newline.
    pub fn stdout(&self, pretty: bool) -> String {
        match &self.config {
            Some(c) if self.success() => {
                let mut s = c.to_json(pretty);
                if pretty {
                    s.push('\n');
                }
                s
            }
            _ => String::new(),
        }
    }

    /// Standard error exactly as ct prints it.
    pub fn ct_stderr(&self) -> String {
        ct_stderr(&self.diagnostics, self.outcome)
    }
}

/// ct's stderr for a run: the parse report, `Failed to parse config` when
/// parsing failed, then the convert report. Each report goes through Go's
/// `fmt.Sprintf` as a format string, which mangles `%` — reproduced here.
pub fn ct_stderr(diagnostics: &[Diagnostic], outcome: Outcome) -> String {
    let mut out = String::new();
    for phase in [Phase::Parse, Phase::Convert] {
        let entries: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.phase == phase)
            .map(Diagnostic::ct_entry)
            .collect();
        if !entries.is_empty() {
            let report = crate::gocompat::fmt::sprintf_no_args(&entries.join("\n"));
            out.push_str(report.strip_suffix('\n').unwrap_or(&report));
            out.push('\n');
        }
        if phase == Phase::Parse && outcome == Outcome::ParseFailed {
            out.push_str("Failed to parse config\n");
        }
    }
    out
}

/// Transpiles one Container Linux Config.
pub fn transpile(input: &[u8], options: &Options<'_>) -> Transpiled {
    let lines = LineIndex::new(input);
    let fail = |diagnostics: Vec<Diagnostic>| Transpiled {
        outcome: Outcome::ParseFailed,
        config: None,
        diagnostics,
    };

    // Phase 1: YAML.
    if input.len() > options.limits.max_input_bytes {
        let d = Diagnostic::new(
            Severity::Error,
            "input-too-large",
            format!(
                "input is {} bytes; the limit is {} bytes",
                input.len(),
                options.limits.max_input_bytes
            ),
        );
        return fail(vec![d]);
    }
    let yaml_limits = yaml::Limits {
        max_input_bytes: options.limits.max_input_bytes,
        max_depth: options.limits.max_depth,
        ..yaml::Limits::default()
    };
    let doc = match yaml::parse_with_limits(input, &yaml_limits) {
        Ok(doc) => doc,
        Err(e) => {
            let mut d = Diagnostic::new(Severity::Error, "yaml-syntax", e.message.clone());
            let span = lines.span(input, e.offset, e.offset);
            // The position of the span, not go-yaml's: on UTF-16 input go-yaml
            // counts decoded characters, the span counts the bytes shown.
            d.help = Some(format!(
                "{} (line {}, column {})",
                e.problem, span.start.line, span.start.column
            ));
            d.span = Some(span);
            return fail(vec![d]);
        }
    };

    // Decoding into the schema.
    let mut clc = ClcConfig::default();
    if let Some(root) = doc.root {
        if let Err(e) = Decoder::new(&doc).run(root, &mut clc) {
            return fail(vec![decode_diagnostic(&e, &doc, input, &lines)]);
        }
    }

    // Checks on the Container Linux Config.
    let tree = Tree {
        doc: &doc,
        text: input,
        lines: &lines,
    };
    let mut diagnostics = Vec::new();
    let mut lints = Vec::new();
    let tree_ref = if doc.root.is_some() {
        let mut v = ClcValidator::new(&tree);
        v.config(&clc, &tree.root());
        diagnostics.extend(v.out);
        lints = crate::lint::document(&tree, options.terraform_snippet);
        Some(&tree)
    } else {
        diagnostics.push(
            Diagnostic::new(Severity::Warning, "empty-config", "Configuration is empty")
                .with_help("the document has no content; the result is an empty Ignition config"),
        );
        None
    };
    if has_errors(&diagnostics) || (options.strict && !diagnostics.is_empty()) {
        diagnostics.extend(lints);
        return Transpiled {
            outcome: Outcome::ParseFailed,
            config: None,
            diagnostics,
        };
    }

    // Conversion and the Ignition checks.
    let mut converter = Converter::new(tree_ref, &options.platform, options.files);
    let conversion = converter.convert(&mut clc);
    drop(clc);
    let mut convert_report = converter.out;
    if !has_errors(&convert_report) {
        let mut v = IgnitionValidator::new(tree_ref, &conversion.remote_files);
        v.config(&conversion.config);
        convert_report.extend(v.out);
    }
    let failed = has_errors(&convert_report) || (options.strict && !convert_report.is_empty());
    diagnostics.extend(convert_report);
    diagnostics.extend(lints);
    Transpiled {
        outcome: if failed {
            Outcome::ConvertFailed
        } else {
            Outcome::Converted
        },
        config: if failed {
            None
        } else {
            Some(conversion.config)
        },
        diagnostics,
    }
}

/// One diagnostic for a decoding failure: ct's whole message, our span on
/// the first offending node.
fn decode_diagnostic(
    e: &DecodeError,
    doc: &yaml::Document,
    input: &[u8],
    lines: &LineIndex,
) -> Diagnostic {
    let (code, node) = match e {
        DecodeError::Type(issues) => ("yaml-type", issues.first().map(|i| i.node)),
        DecodeError::Other { node, .. } => ("yaml-decode", *node),
    };
    let mut d = Diagnostic::new(Severity::Error, code, e.message());
    if let Some(n) = node.and_then(|id| doc.node(id)) {
        let end = match n.kind {
            yaml::NodeKind::Scalar(_) | yaml::NodeKind::Alias(_) => n.span.end,
            _ => line_end(input, n.span.start),
        };
        d.span = Some(lines.span(input, n.span.start, end));
    }
    if let DecodeError::Type(issues) = e {
        if issues.iter().any(|i| i.text.contains("cannot unmarshal")) {
            d.help = Some("a value has the wrong type for its key (e.g. a list where one value is expected, or text where a number is)".into());
        }
    }
    d
}

fn line_end(input: &[u8], from: u32) -> u32 {
    let start = (from as usize).min(input.len());
    let len = input
        .get(start..)
        .unwrap_or_default()
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(input.len() - start);
    (start + len) as u32
}
