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

/// Reads a compile request from a plain JavaScript object by hand: serde's
/// derived decoding costs the module more code than the whole request is
/// worth, and it would not notice misspelt properties (`platfrom`).
fn read_request(value: &JsValue) -> Result<dto::CompileRequest, String> {
    let object = plain_object(value, "the request")?;
    check_keys(object, dto::COMPILE_REQUEST_FIELDS)?;
    let snippets = property(object, "snippets");
    let snippets = snippets
        .dyn_ref::<js_sys::Array>()
        .ok_or("`snippets` must be an array")?;
    let snippets = snippets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let what = format!("snippets[{i}]");
            let o = plain_object(&s, &what)?;
            check_keys(o, dto::NAMED_TEXT_FIELDS)?;
            Ok(dto::NamedText {
                name: string(o, "name", &what)?.ok_or(format!("{what}.name is missing"))?,
                text: string(o, "text", &what)?.ok_or(format!("{what}.text is missing"))?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(dto::CompileRequest {
        preset: string(object, "preset", "the request")?,
        snippets,
        platform: string(object, "platform", "the request")?,
        strict: boolean(object, "strict")?,
        skip_spec3: boolean(object, "skipSpec3")?,
        skip_tables: boolean(object, "skipTables")?,
    })
}

fn plain_object<'a>(value: &'a JsValue, what: &str) -> Result<&'a js_sys::Object, String> {
    if value.is_null() || js_sys::Array::is_array(value) {
        return Err(format!("{what} must be an object"));
    }
    value
        .dyn_ref::<js_sys::Object>()
        .filter(|_| value.is_object())
        .ok_or(format!("{what} must be an object"))
}

fn check_keys(object: &js_sys::Object, known: &[&str]) -> Result<(), String> {
    match js_sys::Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
        .find(|k| !known.contains(&k.as_str()))
    {
        Some(key) => Err(format!("unknown field `{key}`")),
        None => Ok(()),
    }
}

fn property(object: &js_sys::Object, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A string property; None when absent or null.
fn string(object: &js_sys::Object, key: &str, what: &str) -> Result<Option<String>, String> {
    let value = property(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or(format!("{what}: `{key}` must be a string"))
}

/// A boolean property; false when absent.
fn boolean(object: &js_sys::Object, key: &str) -> Result<bool, String> {
    let value = property(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value
        .as_bool()
        .ok_or(format!("`{key}` must be true or false"))
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
    let request = read_request(&request).map_err(|e| malformed(&e))?;
    let response = dto::compile(&request).map_err(|e| JsError::new(&e))?;
    to_js(&response)
}

/// The CLC snippets of a `.lokocfg` file; its diagnostics name the file
/// `file_name` (default `.lokocfg`).
#[wasm_bindgen(js_name = importLokocfg, skip_typescript)]
pub fn import_lokocfg(text: &str, file_name: Option<String>) -> Result<JsValue, JsError> {
    to_js(&dto::import_lokocfg(text, file_name.as_deref()))
}
