//! The one diagnostic type that flows from the YAML parser to the web page.
//!
//! Each diagnostic carries ct's own wording (`message`), a stable `code`, the
//! logical `path` it is about, the byte `span` we point at, and — separately —
//! the line/column that ct itself prints, which is not always where the
//! problem is (ct reports a missing field at its parent, for instance).

use crate::path::ConfigPath;

/// ct's report kinds, in its own order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Deprecated,
}

impl Severity {
    /// The word ct prints before an entry.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Deprecated => "deprecated",
        }
    }
}

/// Which of ct's two reports an entry belongs to: ct prints the parse report
/// (followed by `Failed to parse config` when it fails) before converting, and
/// `--strict` treats them alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Reading YAML and checking the Container Linux Config itself.
    Parse,
    /// Converting to Ignition and checking the Ignition result.
    Convert,
    /// Checks this project adds beyond ct (never part of ct's report).
    Lint,
}

/// A position in a document: byte offset plus 1-based line and column, the
/// column counted in Unicode scalar values (as go-yaml counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Position {
    pub offset: u32,
    pub line: u32,
    pub column: u32,
}

/// A byte range of a document with its two ends as positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// One problem found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier, kebab-case (`unknown-key`, `path-not-absolute`).
    pub code: &'static str,
    /// The message, worded as ct words it.
    pub message: String,
    /// What the diagnostic is about, when it is about one value.
    pub path: Option<ConfigPath>,
    /// Where we point in the source.
    pub span: Option<Span>,
    /// The `line, column` ct prints for this entry (None: ct prints none).
    pub ct_position: Option<(u32, u32)>,
    pub phase: Phase,
    /// Extra guidance of our own; ct's message stays untouched.
    pub help: Option<String>,
    /// Other places that matter (e.g. the earlier definition of a duplicate),
    /// possibly in another document.
    pub related: Vec<Related>,
}

/// A secondary location of a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The document it is in (None: the diagnostic's own document).
    pub document: Option<String>,
    pub path: Option<ConfigPath>,
    pub span: Option<Span>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            path: None,
            span: None,
            ct_position: None,
            phase: Phase::Parse,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_path(mut self, path: ConfigPath) -> Self {
        self.path = Some(path);
        self
    }

    pub fn in_phase(mut self, phase: Phase) -> Self {
        self.phase = phase;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The entry exactly as ct prints it (before ct's own `%`-mangling).
    pub fn ct_entry(&self) -> String {
        match self.ct_position {
            Some((line, column)) => format!(
                "{} at line {}, column {}\n{}",
                self.severity.as_str(),
                line,
                column,
                self.message
            ),
            None => format!("{}: {}", self.severity.as_str(), self.message),
        }
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
