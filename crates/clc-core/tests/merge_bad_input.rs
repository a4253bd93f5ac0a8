//! Bad snippets in a merge: each gets a clear diagnostic naming its document,
//! and nothing panics.

use clc_core::merge::{merge, Document, Merged};
use clc_core::{Options, Severity};

fn run(docs: &[(&str, &[u8])]) -> Merged {
    let inputs: Vec<Document<'_>> = docs
        .iter()
        .map(|(name, text)| Document {
            name: (*name).to_owned(),
            text,
        })
        .collect();
    merge(&inputs, &Options::default())
}

const BASE: &[u8] = b"passwd:\n  users:\n    - name: core\n";

#[test]
fn empty_and_null_snippets_merge_with_a_warning() {
    for text in [&b""[..], b"null\n", b"~\n", b"# only a comment\n"] {
        let m = run(&[("base", BASE), ("empty", text)]);
        assert!(m.success(), "{:?}", m.error);
        // An empty snippet erases the base's ignition.config, as the provider does.
        assert!(m.rendered(false).is_some());
    }
    let m = run(&[("base", BASE), ("empty", b"")]);
    let (doc, d) = m.diagnostics().next().expect("a diagnostic");
    assert_eq!(
        (doc, d.message.as_str()),
        ("empty", "Configuration is empty")
    );
}

#[test]
fn not_yaml_and_not_a_mapping_name_the_snippet() {
    for (text, needle) in [
        (&b"storage: [\n"[..], "yaml: "),
        (
            b"- just\n- a list\n",
            "cannot unmarshal !!seq into types.Config",
        ),
        (b"a string\n", "cannot unmarshal !!str"),
        (b"\xff\xfe\x00garbage", "yaml: "),
    ] {
        let m = run(&[("base", BASE), ("snippet 1", BASE), ("bad one", text)]);
        assert!(!m.success());
        let error = m.error.clone().unwrap_or_default();
        assert!(error.contains(needle), "{error}");
        let (doc, d) = m
            .diagnostics()
            .find(|(_, d)| d.severity == Severity::Error)
            .expect("an error");
        assert_eq!(doc, "bad one");
        assert!(d.message.contains(needle.trim_end()), "{}", d.message);
        assert!(m.documents[2].provider_error.is_some());
        assert!(m.documents[1].provider_error.is_none());
    }
}

#[test]
fn a_thousand_snippets_merge() {
    let snippet = b"systemd:\n  units:\n    - name: a.service\n      dropins:\n        - name: 10-x.conf\n          contents: \"[Service]\\nEnvironment=A=1\\n\"\n";
    let mut docs: Vec<(String, &[u8])> = vec![("base".into(), BASE)];
    for n in 1..=1000 {
        docs.push((format!("snippet {n}"), snippet));
    }
    let refs: Vec<(&str, &[u8])> = docs.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let m = run(&refs);
    assert!(m.success(), "{:?}", m.error);
    let merged: serde_json::Value =
        serde_json::from_str(&m.rendered(false).unwrap_or_default()).unwrap_or_default();
    assert_eq!(
        merged["systemd"]["units"].as_array().map(Vec::len),
        Some(1000)
    );
}

#[test]
fn too_many_documents_is_refused_clearly() {
    let mut options = Options::default();
    options.limits.max_documents = 3;
    let docs: Vec<Document<'_>> = (0..4)
        .map(|n| Document {
            name: format!("d{n}"),
            text: BASE,
        })
        .collect();
    let m = merge(&docs, &options);
    assert!(!m.success());
    assert!(m.error.unwrap_or_default().contains("at most 3"));
    let at_limit = merge(&docs[..3], &options);
    assert!(at_limit.success());
}
