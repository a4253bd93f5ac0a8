//! `clc`: transpile and check Container Linux Configs from a terminal or CI.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

mod args;
mod files;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod heap;

use args::{Command, MergeArgs, MessageFormat, TranspileArgs};
use clc_core::{render, transpile, Options};

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Ok(Command::Help(text)) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("clc {}", clc_core::VERSION);
            ExitCode::SUCCESS
        }
        Ok(Command::Transpile(a)) => run_transpile(&a),
        Ok(Command::Merge(a)) => run_merge(&a),
        Ok(Command::ImportLokocfg { file }) => run_import(&file),
        Err(message) => {
            eprintln!("clc: {message}\nRun `clc --help` for usage.");
            ExitCode::from(2)
        }
    }
}

/// Reads the config, setting the heap up for its size first where the size
/// is known before reading (so the input itself lands in the set-up heap).
fn read_input(path: Option<&str>) -> Result<(String, Vec<u8>), String> {
    match path {
        Some(p) => {
            let failed =
                |e: std::io::Error| format!("Failed to open: {}", files::go_open_error(p, &e));
            let mut file = std::fs::File::open(p).map_err(failed)?;
            let size = file.metadata().map_or(0, |m| m.len());
            prepare_heap(usize::try_from(size).unwrap_or(usize::MAX));
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map_err(failed)?;
            Ok((p.to_owned(), bytes))
        }
        None => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("Failed to read: {e}"))?;
            prepare_heap(buf.len());
            Ok(("<stdin>".to_owned(), buf))
        }
    }
}

/// See `heap.rs`; nothing to do on other systems.
#[cfg_attr(
    not(all(target_os = "linux", target_env = "gnu")),
    allow(unused_variables)
)]
fn prepare_heap(input_len: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    heap::prepare_for_input(input_len);
}

fn write_output(path: Option<&str>, data: &str) -> Result<(), String> {
    match path {
        Some(p) => std::fs::write(p, data).map_err(|e| format!("Failed to create: {e}")),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(data.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| format!("Failed to write: {e}"))
        }
    }
}

fn run_transpile(a: &TranspileArgs) -> ExitCode {
    let (name, input) = match read_input(a.in_file.as_deref()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let local = a
        .files_dir
        .as_ref()
        .map(|dir| files::DiskFiles { dir: dir.clone() });
    let options = Options {
        platform: a.platform.clone(),
        strict: a.strict,
        files: local
            .as_ref()
            .map(|f| f as &dyn clc_core::convert::LocalFiles),
        ..Options::default()
    };
    let result = transpile(&input, &options);
    let mut stderr = std::io::stderr().lock();
    let report = match a.message_format {
        MessageFormat::Ct => result.ct_stderr(),
        MessageFormat::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut text = render::human(&name, &input, &result.diagnostics, color);
            if !result.success() {
                text.push_str(&format!(
                    "{}: {} error(s), {} warning(s); no Ignition config written\n",
                    name,
                    result.diagnostics.iter().filter(|d| d.is_error()).count(),
                    result.diagnostics.iter().filter(|d| !d.is_error()).count()
                ));
            }
            text
        }
        MessageFormat::Json => {
            let list: Vec<_> = result
                .diagnostics
                .iter()
                .map(|d| render::to_json_value(d, None))
                .collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
    };
    // A write error on stderr leaves nothing better to do than the exit code.
    let _ = stderr.write_all(report.as_bytes());
    if !result.success() {
        return ExitCode::from(1);
    }
    let json = result.stdout(a.pretty);
    let written = write_output(a.out_file.as_deref(), &json);
    // The process ends here, and exit gives all memory back at once:
    // freeing the config block by block first would only cost time.
    std::mem::forget((json, result, input));
    if let Err(e) = written {
        let _ = writeln!(stderr, "{e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn run_merge(a: &MergeArgs) -> ExitCode {
    let mut texts = Vec::with_capacity(a.documents.len());
    for path in &a.documents {
        match std::fs::read(path) {
            Ok(bytes) => texts.push((path.clone(), bytes)),
            Err(e) => {
                eprintln!("Failed to open: {}", files::go_open_error(path, &e));
                return ExitCode::from(1);
            }
        }
    }
    prepare_heap(texts.iter().map(|(_, text)| text.len()).sum());
    let documents: Vec<clc_core::merge::Document<'_>> = texts
        .iter()
        .map(|(name, text)| clc_core::merge::Document {
            name: name.clone(),
            text,
        })
        .collect();
    let options = Options {
        platform: a.platform.clone(),
        strict: a.strict,
        ..Options::default()
    };
    let (merged, names): (_, Vec<(String, Vec<u8>)>) = match &a.preset {
        Some(id) => {
            let Some(preset) = clc_core::presets::preset(id) else {
                let known: Vec<&str> = clc_core::presets::PRESETS.iter().map(|p| p.id).collect();
                eprintln!("clc: unknown preset `{id}` (known: {})", known.join(", "));
                return ExitCode::from(2);
            };
            let all = clc_core::presets::documents(preset, &documents);
            let texts = all
                .iter()
                .map(|d| (d.name.clone(), d.text.to_vec()))
                .collect();
            (
                clc_core::presets::merge(preset, &documents, &options),
                texts,
            )
        }
        None => (clc_core::merge::merge(&documents, &options), texts.clone()),
    };
    let texts = names;
    let report = match a.message_format {
        MessageFormat::Ct => merged.error.clone().map(|e| e + "\n").unwrap_or_default(),
        MessageFormat::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut text = String::new();
            for (doc, (_, bytes)) in merged.documents.iter().zip(&texts) {
                text.push_str(&render::human(
                    &doc.name,
                    bytes,
                    &doc.transpiled.diagnostics,
                    color,
                ));
            }
            if let Some(failed) = merged.documents.iter().find(|d| d.provider_error.is_some()) {
                text.push_str(&format!(
                    "{}: the provider would reject this document; nothing merged\n",
                    failed.name
                ));
            }
            text
        }
        MessageFormat::Json => {
            let list: Vec<_> = merged
                .diagnostics()
                .map(|(doc, d)| render::to_json_value(d, Some(doc)))
                .collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
    };
    let _ = std::io::stderr().lock().write_all(report.as_bytes());
    if a.spec3 {
        let Some(config) = &merged.config else {
            return ExitCode::from(1);
        };
        let outcome = clc_core::spec3::translate(config);
        let mut report = String::new();
        for w in outcome.warnings.iter().chain(&outcome.engine_warnings) {
            report.push_str(&format!("spec 3 warning: {w}\n"));
        }
        for n in &outcome.notes {
            report.push_str(&format!("spec 3 note: {} ({})\n", n.message, n.path));
        }
        if let Some(f) = &outcome.failure {
            report.push_str(&format!(
                "Flatcar 3185 and later would {}: {}\n  {}\n",
                if f.crashes {
                    "crash in Ignition"
                } else {
                    "fail provisioning"
                },
                f.message,
                f.explanation
            ));
            for p in &f.paths {
                report.push_str(&format!("  involved: {p}\n"));
            }
        }
        let _ = std::io::stderr().lock().write_all(report.as_bytes());
        return match (&outcome.config, &outcome.failure) {
            (Some(json), None) => match write_output(None, json) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            },
            _ => ExitCode::from(1),
        };
    }
    match merged.rendered(a.pretty) {
        Some(json) => match write_output(None, &json) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(1)
            }
        },
        None => ExitCode::from(1),
    }
}

fn run_import(path: &str) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("Failed to open: {}", files::go_open_error(path, &e));
            return ExitCode::from(1);
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let import = clc_core::lokocfg::import(&text);
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let report = render::human(path, text.as_bytes(), &import.diagnostics, color);
    let _ = std::io::stderr().lock().write_all(report.as_bytes());
    let list: Vec<serde_json::Value> = import
        .snippets
        .iter()
        .map(|s| {
            let mut v = serde_json::json!({
                "name": s.name,
                "text": s.text,
                "line": s.line,
                "column": s.column,
            });
            if let (Some(file), Some(map)) = (&s.file, v.as_object_mut()) {
                map.insert("file".into(), serde_json::Value::String(file.clone()));
            }
            v
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
    json.push('\n');
    if let Err(e) = write_output(None, &json) {
        eprintln!("{e}");
        return ExitCode::from(1);
    }
    if import.diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
