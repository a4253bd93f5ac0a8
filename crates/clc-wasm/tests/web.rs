//! The WebAssembly API as JavaScript sees it: requests are real JavaScript
//! objects, positions are checked against JavaScript's own string indices.
//!
//! Runs in Node.js and in headless Chromium with wasm-bindgen-test (the
//! runner is set in `.cargo/config.toml`):
//!
//!     cargo test --target wasm32-unknown-unknown -p clc-wasm --test web
//!     WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
//!         cargo test --target wasm32-unknown-unknown -p clc-wasm --test web
//!
//! `npm test` runs both. Natively this file is empty.
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen]
extern "C" {
    /// A JavaScript string: indices in UTF-16 units, as the editor counts.
    #[wasm_bindgen(js_name = String)]
    type JsText;
    #[wasm_bindgen(method, js_name = indexOf)]
    fn index_of(this: &JsText, needle: &str) -> i32;
    #[wasm_bindgen(method, js_name = lastIndexOf)]
    fn last_index_of(this: &JsText, needle: &str, from: u32) -> i32;
    #[wasm_bindgen(method)]
    fn slice(this: &JsText, start: u32, end: u32) -> String;

    #[wasm_bindgen(js_name = Error)]
    type JsErrorObject;
    #[wasm_bindgen(method, getter)]
    fn message(this: &JsErrorObject) -> String;

    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &str) -> JsValue;
}

fn js_text(text: &str) -> JsText {
    JsValue::from_str(text).unchecked_into()
}

/// A plain JavaScript object, as the page's worker builds it.
fn js(value: &Value) -> JsValue {
    json_parse(&value.to_string())
}

/// A result as JSON (a failure here means the result is not plain data).
fn rust(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).expect("plain JSON-compatible data")
}

fn compile(request: Value) -> Value {
    rust(clc_wasm::compile(js(&request)).expect("a well-formed request"))
}

/// The message of what the JavaScript caller would catch.
fn thrown(request: JsValue) -> String {
    let shown = format!("{request:?}");
    let error: JsValue = match clc_wasm::compile(request) {
        Ok(_) => panic!("{shown} did not throw"),
        Err(e) => e.into(),
    };
    assert!(
        error.is_instance_of::<JsErrorObject>(),
        "{error:?} is not an Error"
    );
    error.unchecked_into::<JsErrorObject>().message()
}

const HELLOWORLD: &str = "systemd:\n  units:\n    - name: helloworld.service\n      dropins:\n        - name: 10-helloworld.conf\n          contents: |\n            [Install]\n            WantedBy=multi-user.target\n";

#[wasm_bindgen_test]
fn diagnostic_positions_are_utf16_after_non_ascii_text() {
    // Non-ASCII text before the error: on the line above, and on its own line.
    let text = "# café 🚀\nstorage: { files: [ { filesystem: root, contents: { inline: \"ünï 😀\" }, path: relative } ] }\n";
    let r = compile(json!({ "snippets": [{ "name": "ü.yaml", "text": text }] }));
    assert!(r["merged"].is_null(), "an error stops the merge");
    let d = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "path-not-absolute")
        .expect("the path error");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["document"], "ü.yaml");

    // Where JavaScript finds the word is where the diagnostic says it is.
    let s = js_text(text);
    let offset = s.index_of("relative") as u32;
    let line_start = (s.last_index_of("\n", offset) + 1) as u32;
    assert_eq!(d["start"]["offset"], offset);
    assert_eq!(d["start"]["line"], 2);
    assert_eq!(d["start"]["column"], offset - line_start + 1);
    assert_eq!(
        s.slice(offset, d["end"]["offset"].as_u64().unwrap() as u32),
        "relative"
    );
    // The numbers themselves: "# café 🚀\n" is 10 UTF-16 units (13 bytes);
    // on line 2, "ünï 😀" is 6 units (10 bytes, 5 characters).
    assert_eq!((offset, offset - line_start + 1), (88, 79));
    // Bytes are UTF-8; ct's own column counts characters.
    let byte = text.find("relative").unwrap() as u64;
    assert_eq!(byte, 95);
    assert_eq!(d["bytes"][0].as_u64(), Some(byte));
    assert_eq!(d["ctPosition"], json!([2, 78]));
}

#[wasm_bindgen_test]
fn the_default_example_merges_onto_the_equinix_worker_preset() {
    let r = compile(json!({
        "preset": "equinix-worker",
        "snippets": [{ "name": "helloworld", "text": HELLOWORLD }],
    }));
    assert!(r["error"].is_null(), "{}", r["error"]);
    let pretty = r["merged"]["pretty"].as_str().unwrap();
    assert!(pretty.contains("\"name\": \"helloworld.service\""));
    assert!(pretty.contains("10-helloworld.conf"));
    assert!(!r["merged"]["compact"].as_str().unwrap().contains('\n'));
    let kinds: Vec<&str> = r["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"base"));
    assert!(kinds.contains(&"snippet"));
    assert!(r["tables"]["runtime"]
        .as_array()
        .is_some_and(|t| !t.is_empty()));
    assert!(r["spec3"].is_object());
    assert_eq!(r["stats"]["documents"], kinds.len());
}

#[wasm_bindgen_test]
fn optional_fields_may_be_missing_or_null() {
    let r = compile(json!({ "snippets": [] }));
    assert_eq!(r["documents"], json!([]));
    let r = compile(json!({
        "preset": null,
        "platform": null,
        "strict": true,
        "snippets": [{ "name": "a", "text": "passwd:\n  users:\n    - name: core\n" }],
    }));
    assert!(r["merged"]["compact"]
        .as_str()
        .unwrap()
        .contains("\"name\":\"core\""));
}

#[wasm_bindgen_test]
fn a_malformed_request_throws() {
    for (request, expect) in [
        (
            JsValue::from_str("not a request"),
            "malformed compile request",
        ),
        (JsValue::NULL, "malformed compile request"),
        (
            js(&json!({ "snippets": "nope" })),
            "malformed compile request",
        ),
        (
            js(&json!({ "snippets": [{ "name": "a" }] })),
            "malformed compile request",
        ),
        (
            js(&json!({ "snippets": [], "platfrom": "packet" })),
            "unknown field `platfrom`",
        ),
        (
            js(&json!({ "preset": "no-such-preset", "snippets": [] })),
            "unknown preset `no-such-preset`",
        ),
    ] {
        let message = thrown(request);
        assert!(
            message.contains(expect),
            "{message:?} does not say {expect:?}"
        );
    }
}

#[wasm_bindgen_test]
fn presets_list_lokomotive_bases() {
    let presets = rust(clc_wasm::presets().unwrap());
    let ids: Vec<&str> = presets
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for id in [
        "node-controller",
        "node-worker",
        "equinix-controller",
        "equinix-worker",
        "aws-controller",
        "aws-worker",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let equinix = presets
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "equinix-worker")
        .unwrap();
    assert_eq!(equinix["platform"], "packet");
    assert_eq!(equinix["documents"][0]["kind"], "base");
    assert!(!equinix["documents"][0]["text"].as_str().unwrap().is_empty());
}

#[wasm_bindgen_test]
fn platforms_are_cts() {
    let platforms = rust(clc_wasm::platforms().unwrap());
    let names: Vec<&str> = platforms
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "azure",
        "digitalocean",
        "ec2",
        "gce",
        "packet",
        "openstack-metadata",
        "vagrant-virtualbox",
        "cloudstack-configdrive",
        "custom",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let packet = platforms
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "packet")
        .unwrap();
    assert!(packet["variables"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v[0] == "PRIVATE_IPV4"));
}

#[wasm_bindgen_test]
fn defaults_hold_the_flatcar_tables() {
    let d = rust(clc_wasm::defaults().unwrap());
    for table in ["runtime", "directories", "seedMounts", "currentMounts"] {
        assert!(
            d[table].as_array().is_some_and(|t| !t.is_empty()),
            "{table} is empty"
        );
    }
}

#[wasm_bindgen_test]
fn import_lokocfg_finds_snippets() {
    let lokocfg = "cluster \"packet\" {\n  # café 🚀\n  controller_clc_snippets = [\n    <<EOF\npasswd:\n  users:\n    - name: \"é$${X}\"\nEOF\n  ]\n  worker_pool \"p\" {\n    clc_snippets = [\"a: 1\"]\n  }\n}\n";
    let r = rust(clc_wasm::import_lokocfg(lokocfg, None).unwrap());
    assert_eq!(r["diagnostics"], json!([]));
    assert_eq!(
        r["snippets"],
        json!([
            { "name": "controller[0]", "text": "passwd:\n  users:\n    - name: \"é${X}\"\n", "line": 5, "column": 1, "file": null },
            { "name": "worker_pool.p[0]", "text": "a: 1", "line": 11, "column": 22, "file": null },
        ])
    );

    let bad = "cluster \"x\" { controller_clc_snippets = [ <<EOF\n";
    let r = rust(clc_wasm::import_lokocfg(bad, Some("cluster.lokocfg".into())).unwrap());
    assert_eq!(r["snippets"], json!([]));
    let d = &r["diagnostics"][0];
    assert_eq!(d["code"], "lokocfg-syntax");
    assert_eq!(d["document"], "cluster.lokocfg");
    assert_eq!(d["start"]["line"], 1);
    assert_eq!(d["start"]["column"], 43);
}

#[wasm_bindgen_test]
fn version_is_the_cores() {
    assert_eq!(clc_wasm::version(), env!("CARGO_PKG_VERSION"));
}
