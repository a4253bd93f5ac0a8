//! The playground's WebAssembly API: a thin layer that moves `clc-core`'s
//! results across the JavaScript boundary. Config problems are data in the
//! result; only a malformed request throws.

use wasm_bindgen::prelude::*;

mod cache;
pub mod dto;
pub mod positions;

/// The TypeScript types of this API; `dto::tests` keeps them in step with
/// the Rust wire types.
pub const TYPESCRIPT: &str = include_str!("api.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TS_API: &'static str = include_str!("api.d.ts");

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&format!("could not encode the result: {e}")))
}

#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(feature = "panic-hook")]
    console_error_panic_hook::set_once();
}

/// The version of the core.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    clc_core::VERSION.to_owned()
}

/// ct's platforms with their dynamic-data variables.
#[wasm_bindgen(skip_typescript)]
pub fn platforms() -> Result<JsValue, JsError> {
    to_js(&dto::platforms())
}

/// The Lokomotive base presets.
#[wasm_bindgen(skip_typescript)]
pub fn presets() -> Result<JsValue, JsError> {
    to_js(&dto::presets())
}

/// The static Flatcar tables (documented and actual).
#[wasm_bindgen(skip_typescript)]
pub fn defaults() -> Result<JsValue, JsError> {
    to_js(&dto::defaults())
}

/// Base + snippets → merged Ignition, per-document results and diagnostics.
#[wasm_bindgen(skip_typescript)]
pub fn compile(request: JsValue) -> Result<JsValue, JsError> {
    let malformed =
        |e: &dyn std::fmt::Display| JsError::new(&format!("malformed compile request: {e}"));
    // Through a JSON value: serde-wasm-bindgen reads only a struct's known
    // properties, so a misspelt field (`platfrom`) would pass unnoticed;
    // serde_json keeps `deny_unknown_fields`.
    let request: serde_json::Value =
        serde_wasm_bindgen::from_value(request).map_err(|e| malformed(&e))?;
    let request: dto::CompileRequest =
        serde_json::from_value(request).map_err(|e| malformed(&e))?;
    let response = dto::compile(&request).map_err(|e| JsError::new(&e))?;
    to_js(&response)
}

/// The CLC snippets of a `.lokocfg` file; its diagnostics name the file
/// `file_name` (default `.lokocfg`).
#[wasm_bindgen(js_name = importLokocfg, skip_typescript)]
pub fn import_lokocfg(text: &str, file_name: Option<String>) -> Result<JsValue, JsError> {
    to_js(&dto::import_lokocfg(text, file_name.as_deref()))
}
