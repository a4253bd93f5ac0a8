//! Command-line parsing. Flags follow ct's Go conventions too: `-x` and
//! `--x`, `--x=v` and `--x v`.

use clc_core::PlatformChoice;

#[derive(Debug)]
pub enum Command {
    Help(String),
    Version,
    Transpile(TranspileArgs),
    Merge(MergeArgs),
    ImportLokocfg { file: String },
}

#[derive(Debug)]
pub struct MergeArgs {
    pub pretty: bool,
    pub strict: bool,
    pub platform: PlatformChoice,
    pub message_format: MessageFormat,
    /// A Lokomotive preset as the base (then every file is a snippet).
    pub preset: Option<String>,
    /// Print the Ignition spec 3 view (what Flatcar ≥ 3185 boots) instead.
    pub spec3: bool,
    /// The base config file (unless a preset is given), then the snippet files, in order.
    pub documents: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageFormat {
    Human,
    Ct,
    Json,
}

#[derive(Debug)]
pub struct TranspileArgs {
    pub pretty: bool,
    pub strict: bool,
    pub platform: PlatformChoice,
    pub files_dir: Option<String>,
    pub in_file: Option<String>,
    pub out_file: Option<String>,
    pub message_format: MessageFormat,
}

pub const MAIN_HELP: &str = "\
clc — write and check Flatcar Container Linux Configs

Usage:
  clc transpile [OPTIONS]        Container Linux Config → Ignition 2.3.0 (like ct v0.9.4)
  clc merge [OPTIONS] BASE [SNIPPET…]
                                 Base config plus snippets, merged like Lokomotive's terraform
                                 ct provider (each transpiled alone, then appended in order)
  clc import-lokocfg FILE        The CLC snippets of a Lokomotive .lokocfg, as a JSON array of
                                 {name, text, line, column} (plus `file` for file(\"…\") items)
  clc --help | clc COMMAND --help
  clc --version

Run `clc transpile --help` or `clc merge --help` for their options.
";

pub const MERGE_HELP: &str = "\
clc merge — merge a base Container Linux Config and snippets like the terraform ct provider

Usage:
  clc merge [OPTIONS] BASE [SNIPPET…]
  clc merge [OPTIONS] --preset ID [SNIPPET…]

Each document is transpiled alone with the same platform and strictness, then the results are
combined with Ignition 2.3's Append: lists concatenated, `ignition.version` kept,
`ignition.config` taken from the last document. The merged config is printed exactly as the
provider's `rendered` attribute (no trailing newline). Unlike the provider, every document is
checked and each diagnostic names its document.

Options:
  --pretty                  Indent the result (the provider's pretty_print).
  --strict                  Fail when any document's parse report has an entry (the provider's strict).
  --platform P              Platform for dynamic data (see `clc transpile --help`).
  --preset ID               Use a Lokomotive base config: node-controller, node-worker,
                            equinix-controller, equinix-worker, aws-controller, aws-worker.
                            Its internal snippets and platform extras are placed around yours
                            in Lokomotive's order, and its platform is the default.
  --spec 3                  Print the spec-3.1 config Flatcar 3185 and later make of the merged
                            config at boot (translation and checks as Flatcar's Ignition does
                            them), or why provisioning would fail. Default: 2 (the provider's).
  --message-format FORMAT   human (default), ct (the provider's error text) or json.
  -h, --help                Print this help.

Exit status: 0 merged, 1 a document failed (or, with --spec 3, the node would not boot),
2 usage error.
";

pub const TRANSPILE_HELP: &str = "\
clc transpile — Container Linux Config (YAML) → Ignition 2.3.0 JSON, byte-exact with ct v0.9.4

Usage:
  clc transpile [OPTIONS] [< config.yaml] [> ignition.json]

Options:
  --pretty                  Indent the Ignition config (two spaces, trailing newline).
  --strict                  Fail on any warning, like ct --strict.
  --platform P              Platform for dynamic data ({PRIVATE_IPV4} … in etcd/flannel options):
                            azure digitalocean ec2 gce packet openstack-metadata
                            vagrant-virtualbox cloudstack-configdrive custom
  --files-dir DIR           Directory that `contents.local` paths are relative to.
  --in-file F               Read the config from F (default: standard input).
  --out-file F              Write the Ignition config to F (default: standard output).
  --message-format FORMAT   How diagnostics are printed on standard error:
                              human  code frames with file:line:column and help (default)
                              ct     ct's report text, byte for byte
                              json   a JSON array of diagnostics (severity, code, message,
                                     path, start/end line, column and byte offset, help)
  -h, --help                Print this help.

Exit status: 0 when the config converted (warnings allowed unless --strict), 1 when it did not,
2 for a usage error.
";

pub fn parse(argv: &[String]) -> Result<Command, String> {
    let Some(first) = argv.first() else {
        return Ok(Command::Help(MAIN_HELP.to_owned()));
    };
    match flag_name(first).as_deref() {
        Some("help" | "h") => return Ok(Command::Help(MAIN_HELP.to_owned())),
        Some("version" | "V") => return Ok(Command::Version),
        _ => {}
    }
    match first.as_str() {
        "transpile" => parse_transpile(&argv[1..]),
        "merge" => parse_merge(&argv[1..]),
        "import-lokocfg" => match argv.get(1..).unwrap_or_default() {
            [file] if flag_name(file).is_none() => {
                Ok(Command::ImportLokocfg { file: file.clone() })
            }
            [flag] if matches!(flag_name(flag).as_deref(), Some("help" | "h")) => {
                Ok(Command::Help(MAIN_HELP.to_owned()))
            }
            _ => Err("import-lokocfg takes one .lokocfg file".into()),
        },
        "help" => Ok(Command::Help(match argv.get(1).map(String::as_str) {
            Some("transpile") => TRANSPILE_HELP.to_owned(),
            Some("merge") => MERGE_HELP.to_owned(),
            _ => MAIN_HELP.to_owned(),
        })),
        other => Err(format!("unknown command `{other}`")),
    }
}

/// `--name=value` / `-name` → `name` (None for a positional argument).
fn flag_name(arg: &str) -> Option<String> {
    let body = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-'))?;
    if body.is_empty() {
        return None;
    }
    Some(body.split('=').next().unwrap_or(body).to_owned())
}

fn parse_transpile(argv: &[String]) -> Result<Command, String> {
    let mut a = TranspileArgs {
        pretty: false,
        strict: false,
        platform: PlatformChoice::None,
        files_dir: None,
        in_file: None,
        out_file: None,
        message_format: MessageFormat::Human,
    };
    let mut i = 0;
    while i < argv.len() {
        let arg = &argv[i];
        let Some(name) = flag_name(arg) else {
            return Err(format!(
                "unexpected argument `{arg}` (the config is read from standard input or --in-file)"
            ));
        };
        let inline = arg.split_once('=').map(|(_, v)| v.to_owned());
        let value = |i: &mut usize| flag_value(argv, i, inline.as_deref(), &name);
        match name.as_str() {
            "help" | "h" => return Ok(Command::Help(TRANSPILE_HELP.to_owned())),
            "pretty" => a.pretty = bool_value(inline.as_deref(), &name)?,
            "strict" => a.strict = bool_value(inline.as_deref(), &name)?,
            "platform" => a.platform = PlatformChoice::parse(&value(&mut i)?),
            "files-dir" => a.files_dir = Some(value(&mut i)?),
            "in-file" => a.in_file = Some(value(&mut i)?),
            "out-file" => a.out_file = Some(value(&mut i)?),
            "message-format" => a.message_format = message_format(&value(&mut i)?)?,
            other => return Err(format!("flag provided but not defined: -{other}")),
        }
        i += 1;
    }
    Ok(Command::Transpile(a))
}

fn parse_merge(argv: &[String]) -> Result<Command, String> {
    let mut a = MergeArgs {
        pretty: false,
        strict: false,
        platform: PlatformChoice::None,
        message_format: MessageFormat::Human,
        preset: None,
        spec3: false,
        documents: Vec::new(),
    };
    let mut i = 0;
    while i < argv.len() {
        let arg = &argv[i];
        let Some(name) = flag_name(arg) else {
            a.documents.push(arg.clone());
            i += 1;
            continue;
        };
        let inline = arg.split_once('=').map(|(_, v)| v.to_owned());
        let value = |i: &mut usize| flag_value(argv, i, inline.as_deref(), &name);
        match name.as_str() {
            "help" | "h" => return Ok(Command::Help(MERGE_HELP.to_owned())),
            "pretty" => a.pretty = bool_value(inline.as_deref(), &name)?,
            "strict" => a.strict = bool_value(inline.as_deref(), &name)?,
            "platform" => a.platform = PlatformChoice::parse(&value(&mut i)?),
            "message-format" => a.message_format = message_format(&value(&mut i)?)?,
            "preset" => a.preset = Some(value(&mut i)?),
            "spec" => match value(&mut i)?.as_str() {
                "2" | "2.3" => a.spec3 = false,
                "3" | "3.1" => a.spec3 = true,
                other => return Err(format!("unknown spec `{other}` (2 or 3)")),
            },
            other => return Err(format!("flag provided but not defined: -{other}")),
        }
        i += 1;
    }
    if a.documents.is_empty() && a.preset.is_none() {
        return Err("merge needs a base config file".into());
    }
    Ok(Command::Merge(a))
}

/// A flag's value: after `=`, or the next argument (advancing `i`).
fn flag_value(
    argv: &[String],
    i: &mut usize,
    inline: Option<&str>,
    name: &str,
) -> Result<String, String> {
    if let Some(v) = inline {
        return Ok(v.to_owned());
    }
    *i += 1;
    argv.get(*i)
        .cloned()
        .ok_or_else(|| format!("flag needs an argument: -{name}"))
}

fn message_format(text: &str) -> Result<MessageFormat, String> {
    match text {
        "human" => Ok(MessageFormat::Human),
        "ct" => Ok(MessageFormat::Ct),
        "json" => Ok(MessageFormat::Json),
        other => Err(format!(
            "unknown message format `{other}` (human, ct or json)"
        )),
    }
}

fn bool_value(inline: Option<&str>, name: &str) -> Result<bool, String> {
    match inline {
        None | Some("true" | "1" | "t" | "T" | "TRUE" | "True") => Ok(true),
        Some("false" | "0" | "f" | "F" | "FALSE" | "False") => Ok(false),
        Some(v) => Err(format!("invalid boolean value {v:?} for -{name}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn go_style_flags() {
        let Ok(Command::Transpile(a)) = parse(&args(&[
            "transpile",
            "-pretty",
            "--platform=packet",
            "--files-dir",
            "files",
            "--strict=false",
        ])) else {
            panic!("expected transpile");
        };
        assert!(a.pretty && !a.strict);
        assert_eq!(a.platform, PlatformChoice::parse("packet"));
        assert_eq!(a.files_dir.as_deref(), Some("files"));
        assert_eq!(a.message_format, MessageFormat::Human);
    }

    #[test]
    fn errors_are_reported() {
        assert!(parse(&args(&["transpile", "--bogus"])).is_err());
        assert!(parse(&args(&["transpile", "--platform"])).is_err());
        assert!(parse(&args(&["transpile", "--message-format", "xml"])).is_err());
        assert!(parse(&args(&["frobnicate"])).is_err());
        assert!(matches!(parse(&args(&["--help"])), Ok(Command::Help(_))));
        assert!(matches!(
            parse(&args(&["transpile", "-h"])),
            Ok(Command::Help(_))
        ));
    }
}
