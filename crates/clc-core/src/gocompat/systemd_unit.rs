//! `github.com/coreos/go-systemd/unit.Deserialize` as vendored by ct v0.9.4,
//! which Ignition runs on every unit, drop-in and networkd body.
//!
//! Ignition reports a failure as `invalid unit content: <error>`; the errors
//! returned here are the `<error>` part:
//!
//! * `unable to find end of section`: a `[` with no `]` anywhere after it;
//! * `found garbage after section name : [<bytes>]`: text after `]` on the
//!   same line (the bytes are printed as Go prints a `[]byte` with `%v`, i.e.
//!   decimal numbers; the section name slot is always empty because the
//!   lexer never records it);
//! * `unexpected newline encountered while parsing option name`: a line in a
//!   section that has no `=`;
//! * `EOF`: the text ends in the middle of an option name;
//! * `line too long (max 2048 bytes)`: see below.
//!
//! Outside any section, everything except `[`, `#` and `;` is skipped one
//! character at a time. `#`/`;` start comments, which continue onto the next
//! line when the line (minus one trailing space) ends in `\`. Option values
//! continue onto the next line when they end in `\` (the backslash is kept
//! and a newline is added); an empty line ends the continuation.
//!
//! **Line length.** The Go lexer reads through a 4096-byte `bufio.Reader` and,
//! before each lexing step, fails if at least 2048 bytes are buffered and the
//! next 2048 of them contain neither `\r` nor `\n`. Whether a long line is
//! caught therefore depends on how the buffer happens to be filled, so the
//! buffer is simulated exactly here.

use std::borrow::Cow;
use std::fmt::Write as _;

/// One `Name=Value` line of a unit, with the section it appeared in. Each
/// part is a stretch of the unit's text, but for a value continued over
/// several lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitOption<'a> {
    pub section: &'a str,
    pub name: &'a str,
    pub value: Cow<'a, str>,
}

/// The message for an overlong line.
pub const LINE_TOO_LONG: &str = "line too long (max 2048 bytes)";

const LINE_MAX: usize = 2048;
const BUFFER_SIZE: usize = 4096;

/// Parses `contents` like go-systemd's `unit.Deserialize`.
///
/// On success returns every option in order. On failure returns the
/// go-systemd error text (what Ignition prints after `invalid unit content: `).
pub fn validate_unit_contents(contents: &str) -> Result<Vec<UnitOption<'_>>, String> {
    let mut lexer = Lexer {
        reader: Reader {
            src: contents,
            r: 0,
            w: 0,
            next_break: None,
        },
        options: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.options)
}

/// The part of a `bufio.Reader` over a `strings.Reader` that matters here:
/// the window `src[r..w]` of buffered bytes. A refill always tops the window
/// up to `BUFFER_SIZE` bytes past `r` (or to the end of the input).
struct Reader<'a> {
    src: &'a str,
    r: usize,
    w: usize,
    /// `(from, at)`: the first `\r` or `\n` at or after `from` is at `at`
    /// (`src.len()` if none). Keeps the line-length check linear overall.
    next_break: Option<(usize, usize)>,
}

impl<'a> Reader<'a> {
    fn buffered(&self) -> usize {
        self.w - self.r
    }

    fn fill(&mut self) {
        self.w = self.src.len().min(self.r + BUFFER_SIZE);
    }

    /// `ReadRune`: refills only when fewer than 4 bytes are buffered and they
    /// do not hold a whole rune.
    fn read_rune(&mut self) -> Option<char> {
        let c = self.src.get(self.r..)?.chars().next()?;
        if self.buffered() < 4 && self.buffered() < c.len_utf8() {
            self.fill();
        }
        self.r += c.len_utf8();
        Some(c)
    }

    fn unread_rune(&mut self, c: char) {
        self.r -= c.len_utf8();
    }

    /// `ReadBytes(delim)`: everything up to and including `delim`, or the rest
    /// of the input and `false` when there is no `delim`.
    fn read_through(&mut self, delim: u8) -> (&'a str, bool) {
        let start = self.r;
        let bytes = self.src.as_bytes();
        loop {
            let buffer = bytes.get(self.r..self.w).unwrap_or_default();
            if let Some(pos) = buffer.iter().position(|&b| b == delim) {
                self.r += pos + 1;
                return (self.src.get(start..self.r).unwrap_or_default(), true);
            }
            if self.w == self.src.len() {
                self.r = self.w;
                return (self.src.get(start..).unwrap_or_default(), false);
            }
            if self.buffered() >= BUFFER_SIZE {
                // Buffer full without the delimiter: hand it all out, then
                // refill from scratch.
                self.r = self.w;
            }
            self.fill();
        }
    }

    /// `toEOL`: the rest of the line, with one trailing `\r` and then one
    /// trailing `\n` removed, in that order (so `"x\r\n"` gives `"x\r"`), and
    /// whether the input ended before a newline.
    fn read_line(&mut self) -> (&'a str, bool) {
        let (line, found) = self.read_through(b'\n');
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = line.strip_suffix('\n').unwrap_or(line);
        (line, !found)
    }

    /// Whether the next `LINE_MAX` buffered bytes contain a line break.
    fn next_line_max_has_newline(&mut self) -> bool {
        let r = self.r;
        let at = match self.next_break {
            Some((from, at)) if from <= r && r <= at => at,
            _ => {
                let rest = self.src.as_bytes().get(r..).unwrap_or_default();
                let at = rest
                    .iter()
                    .position(|&b| b == b'\r' || b == b'\n')
                    .map_or(self.src.len(), |p| r + p);
                self.next_break = Some((r, at));
                at
            }
        };
        at < r + LINE_MAX
    }
}

enum Step<'a> {
    NextSection,
    SectionName,
    SectionSuffix(&'a str),
    NextSectionOrOption(&'a str),
    OptionName(&'a str),
    OptionValue {
        section: &'a str,
        name: &'a str,
        value: Cow<'a, str>,
    },
    /// A comment, then the section's options (or, outside any section, the
    /// next section).
    IgnoreLine(Option<&'a str>),
}

struct Lexer<'a> {
    reader: Reader<'a>,
    options: Vec<UnitOption<'a>>,
}

fn is_comment(c: char) -> bool {
    c == '#' || c == ';'
}

impl<'a> Lexer<'a> {
    fn run(&mut self) -> Result<(), String> {
        let mut next = Some(Step::NextSection);
        while let Some(step) = next {
            if self.reader.buffered() >= LINE_MAX && !self.reader.next_line_max_has_newline() {
                return Err(LINE_TOO_LONG.to_owned());
            }
            next = self.step(step)?;
        }
        Ok(())
    }

    fn step(&mut self, step: Step<'a>) -> Result<Option<Step<'a>>, String> {
        Ok(match step {
            Step::NextSection => match self.reader.read_rune() {
                None => None,
                Some('[') => Some(Step::SectionName),
                Some(c) if is_comment(c) => Some(Step::IgnoreLine(None)),
                Some(_) => Some(Step::NextSection),
            },
            Step::SectionName => {
                let (text, found) = self.reader.read_through(b']');
                if !found {
                    return Err("unable to find end of section".to_owned());
                }
                Some(Step::SectionSuffix(
                    text.get(..text.len().saturating_sub(1)).unwrap_or_default(),
                ))
            }
            Step::SectionSuffix(section) => {
                let (rest, _) = self.reader.read_line();
                let garbage = rest.trim();
                if !garbage.is_empty() {
                    return Err(format!(
                        "found garbage after section name : {}",
                        go_byte_slice(garbage.as_bytes())
                    ));
                }
                Some(Step::NextSectionOrOption(section))
            }
            Step::IgnoreLine(section) => {
                loop {
                    let (line, _) = self.reader.read_line();
                    let line = line.strip_suffix(' ').unwrap_or(line);
                    if !line.ends_with('\\') {
                        break;
                    }
                }
                Some(match section {
                    Some(section) => Step::NextSectionOrOption(section),
                    None => Step::NextSection,
                })
            }
            Step::NextSectionOrOption(section) => match self.reader.read_rune() {
                None => None,
                Some(c) if c.is_whitespace() => Some(Step::NextSectionOrOption(section)),
                Some('[') => Some(Step::SectionName),
                Some(c) if is_comment(c) => Some(Step::IgnoreLine(Some(section))),
                Some(c) => {
                    self.reader.unread_rune(c);
                    Some(Step::OptionName(section))
                }
            },
            Step::OptionName(section) => {
                let start = self.reader.r;
                loop {
                    match self.reader.read_rune() {
                        None => return Err("EOF".to_owned()),
                        Some('\n' | '\r') => {
                            return Err("unexpected newline encountered while parsing option name"
                                .to_owned())
                        }
                        Some('=') => break,
                        Some(_) => {}
                    }
                }
                // Everything read but the `=`.
                let name = self.reader.src.get(start..self.reader.r.saturating_sub(1));
                Some(Step::OptionValue {
                    section,
                    name: name.unwrap_or_default().trim(),
                    value: Cow::Borrowed(""),
                })
            }
            Step::OptionValue {
                section,
                name,
                mut value,
            } => {
                let (line, at_eof) = self.reader.read_line();
                if !line.trim().is_empty() {
                    if value.is_empty() {
                        value = Cow::Borrowed(line);
                    } else {
                        value.to_mut().push_str(line);
                    }
                    if line.ends_with('\\') {
                        if !at_eof {
                            value.to_mut().push('\n');
                        }
                        return Ok(Some(Step::OptionValue {
                            section,
                            name,
                            value,
                        }));
                    }
                }
                let value = match value {
                    Cow::Owned(v) if v.ends_with('\n') => Cow::Owned(format!("{}\n", v.trim())),
                    Cow::Owned(v) => Cow::Owned(v.trim().to_owned()),
                    Cow::Borrowed(v) => Cow::Borrowed(v.trim()),
                };
                self.options.push(UnitOption {
                    section,
                    name,
                    value,
                });
                Some(Step::NextSectionOrOption(section))
            }
        })
    }
}

/// A byte slice as Go's `%v` prints it: `[104 105]`.
fn go_byte_slice(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 + 2);
    out.push('[');
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{b}");
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opt<'a>(section: &'a str, name: &'a str, value: &'a str) -> UnitOption<'a> {
        UnitOption {
            section,
            name,
            value: Cow::Borrowed(value),
        }
    }

    fn parse(s: &str) -> Vec<UnitOption<'_>> {
        match validate_unit_contents(s) {
            Ok(o) => o,
            Err(e) => panic!("{s:?}: {e}"),
        }
    }

    fn fail(s: &str) -> String {
        match validate_unit_contents(s) {
            Ok(o) => panic!("{s:?} parsed: {o:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn ordinary_unit() {
        let text = "[Unit]\nDescription=Hello world\n\n[Service]\nType=oneshot\nExecStart=/bin/echo hi\n\n[Install]\nWantedBy=multi-user.target\n";
        assert_eq!(
            parse(text),
            vec![
                opt("Unit", "Description", "Hello world"),
                opt("Service", "Type", "oneshot"),
                opt("Service", "ExecStart", "/bin/echo hi"),
                opt("Install", "WantedBy", "multi-user.target"),
            ]
        );
    }

    #[test]
    fn empty_and_preamble() {
        assert_eq!(parse(""), vec![]);
        assert_eq!(parse("just some text\nwithout sections = x\n"), vec![]);
        assert_eq!(parse("# comment\n; other\n"), vec![]);
    }

    #[test]
    fn conformance_missing_bracket() {
        assert_eq!(
            fail("[Service\nExecStart=/bin/true\n"),
            "unable to find end of section"
        );
    }

    #[test]
    fn garbage_after_section() {
        assert_eq!(
            fail("[Unit] x y\nA=b\n"),
            "found garbage after section name : [120 32 121]"
        );
        assert_eq!(parse("[Unit]   \t\nA=b"), vec![opt("Unit", "A", "b")]);
        // The garbage check looks at the rest of the line only.
        assert_eq!(parse("[Unit]\n[Service]\n"), vec![]);
    }

    #[test]
    fn option_name_errors() {
        assert_eq!(
            fail("[Unit]\nDescription\nA=b\n"),
            "unexpected newline encountered while parsing option name"
        );
        assert_eq!(
            fail("[Unit]\nA\r\n"),
            "unexpected newline encountered while parsing option name"
        );
        assert_eq!(fail("[Unit]\nDescription"), "EOF");
    }

    #[test]
    fn section_names_are_taken_verbatim() {
        assert_eq!(parse("[Ser\nvice]\nA=1"), vec![opt("Ser\nvice", "A", "1")]);
        assert_eq!(parse("[]\nA=1"), vec![opt("", "A", "1")]);
        // A ']' anywhere later ends the section name, across lines.
        assert_eq!(
            fail("[Unit\nA=b\n]x\n"),
            "found garbage after section name : [120]"
        );
    }

    #[test]
    fn names_and_values_are_trimmed() {
        assert_eq!(
            parse("[S]\n  Name \t=  value with  spaces  \n\tIndented=yes\n"),
            vec![
                opt("S", "Name", "value with  spaces"),
                opt("S", "Indented", "yes")
            ]
        );
        assert_eq!(
            parse("[S]\nEmpty=\nB=="),
            vec![opt("S", "Empty", ""), opt("S", "B", "=")]
        );
        assert_eq!(parse("[S]\n=x\n"), vec![opt("S", "", "x")]);
    }

    #[test]
    fn continuations() {
        assert_eq!(
            parse("[Service]\nExecStart=/bin/sh -c \\\n  'echo hi'\nB=2\n"),
            vec![
                opt("Service", "ExecStart", "/bin/sh -c \\\n  'echo hi'"),
                opt("Service", "B", "2"),
            ]
        );
        // An empty line ends a continuation and leaves the newline in place.
        assert_eq!(
            parse("[S]\nA=x \\\n\nB=2"),
            vec![opt("S", "A", "x \\\n"), opt("S", "B", "2")]
        );
        // A backslash at the very end of the input adds no newline.
        assert_eq!(parse("[S]\nA=x\\"), vec![opt("S", "A", "x\\")]);
        // Only a backslash that ends the line continues it.
        assert_eq!(
            parse("[S]\nA=a\\b\nB=c"),
            vec![opt("S", "A", "a\\b"), opt("S", "B", "c")]
        );
        // CRLF: the '\r' stays on the line, so "\\\r" is no continuation.
        assert_eq!(
            parse("[S]\r\nA=x\\\r\nB=y\r\n"),
            vec![opt("S", "A", "x\\"), opt("S", "B", "y")]
        );
    }

    #[test]
    fn comments() {
        assert_eq!(
            parse("[S]\n# c \\\n  still comment=1\n;x\nA=1 # not a comment\n"),
            vec![opt("S", "A", "1 # not a comment")]
        );
        // Before any section, a continued comment hides a section header.
        assert_eq!(parse("#c\\\n[S]\nA=1\n[T]\nB=2"), vec![opt("T", "B", "2")]);
        // One trailing space is allowed after the backslash, two are not.
        assert_eq!(parse("[S]\n#c\\  \nA=1\n"), vec![opt("S", "A", "1")]);
        assert_eq!(parse("[S]\n#c\\ \nA=1\nB=2"), vec![opt("S", "B", "2")]);
    }

    #[test]
    fn long_lines() {
        // Shorter than 2048 bytes in total: never checked.
        let short = format!("[S]\nA={}", "x".repeat(2000));
        assert_eq!(parse(&short).len(), 1);
        // A 3000-byte value line is caught once it is buffered.
        let long = format!("[S]\nA={}\n", "x".repeat(3000));
        assert_eq!(fail(&long), LINE_TOO_LONG);
        // A long line before any section is caught too.
        let preamble = format!("{}\n[S]\nA=b\n", "y".repeat(2100));
        assert_eq!(fail(&preamble), LINE_TOO_LONG);
        // Exactly 2048 bytes without a newline after the read position: caught.
        let exact = format!("[S]\nA={}", "z".repeat(2047));
        assert_eq!(fail(&exact), LINE_TOO_LONG);
        // With the newline within the next 2048 bytes: fine.
        let fits = format!("[S]\nA={}\n{}", "z".repeat(2040), "B=1\n".repeat(10));
        assert_eq!(parse(&fits).len(), 11);
    }

    #[test]
    fn long_line_caught_at_an_option_boundary() {
        // The first fill buffers input[0..4096]. After the 1797-byte first
        // line, 2299 bytes are buffered and the next 2048 hold no newline.
        let first = format!("[S]\nA={}\n", "a".repeat(1790));
        assert_eq!(first.len(), 1797);
        let text = format!("{first}B={}\nC=1\n", "b".repeat(2500));
        assert_eq!(fail(&text), LINE_TOO_LONG);
    }

    #[test]
    fn long_line_missed_between_buffer_checks() {
        // The long line starts 492 bytes before the end of the first 4096-byte
        // window, so fewer than 2048 bytes are buffered whenever the check
        // runs; the refills happen inside the single `ReadBytes` that reads
        // the whole value, and the next check comes after it: not reported.
        let head = format!("[S]\n{}", "K=v\n".repeat(900)); // 3604 bytes
        let text = format!("{head}L={}\nM=1\n", "c".repeat(5000));
        let opts = parse(&text);
        assert_eq!(opts.len(), 902);
        assert_eq!(opts[900].value.len(), 5000);
    }

    #[test]
    fn large_inputs_stay_fast() {
        // Text outside sections and blank space between options are lexed one
        // character per step; each step checks the line length.
        let preamble = "comment line outside any section\n".repeat(100_000);
        let spaces = format!("[S]\n{}A=1\n", "    \n".repeat(500_000));
        let started = std::time::Instant::now();
        assert_eq!(parse(&preamble), vec![]);
        assert_eq!(parse(&spaces), vec![opt("S", "A", "1")]);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn multibyte_runes() {
        assert_eq!(
            parse("[Ünït]\nNäme=välue ✓\n"),
            vec![opt("Ünït", "Näme", "välue ✓")]
        );
        // U+3000 (ideographic space) counts as space between options.
        assert_eq!(parse("[S]\n\u{3000}A=1"), vec![opt("S", "A", "1")]);
    }
}
