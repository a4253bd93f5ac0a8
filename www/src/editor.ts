// CodeMirror set-ups: the snippet editor, read-only preset documents and the
// JSON output viewer; and the conversion of the core's diagnostics.

import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { yaml } from "@codemirror/lang-yaml";
import {
  bracketMatching,
  foldGutter,
  HighlightStyle,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { Diagnostic, lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { EditorState, Extension, Text } from "@codemirror/state";
import { tags as t } from "@lezer/highlight";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  ViewUpdate,
} from "@codemirror/view";
import type { WireDiagnostic } from "./api";
import { h } from "./dom";
import editorCss from "./editor.css?inline";

let sheet: CSSStyleSheet | null = null;

/**
 * A CodeMirror view inside its own shadow root. CodeMirror styles a document
 * with a <style> element, which the page's CSP (style-src 'self') blocks; in
 * a shadow root it uses constructed stylesheets, which CSP allows.
 */
export function mountEditor(host: HTMLElement, state: EditorState): EditorView {
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(editorCss);
  }
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets.filter((s) => s !== sheet), sheet];
  const parent = h("div", { class: "cm-host" });
  shadow.appendChild(parent);
  return new EditorView({ state, parent, root: shadow });
}

/** Diagnostics shown as underlines in one document, at most. */
export const MAX_EDITOR_DIAGNOSTICS = 2000;

/** Colours from CSS variables, so light and dark schemes both read well. */
const highlight = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName)], color: "var(--hl-key)" },
  { tag: [t.string, t.special(t.string), t.content], color: "var(--hl-string)" },
  { tag: [t.number, t.integer, t.float], color: "var(--hl-number)" },
  { tag: [t.bool, t.null, t.atom, t.keyword], color: "var(--hl-atom)" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: [t.meta, t.labelName, t.typeName, t.annotation, t.attributeName], color: "var(--hl-meta)" },
  { tag: [t.punctuation, t.separator, t.squareBracket, t.brace, t.operator], color: "var(--hl-punct)" },
  { tag: t.invalid, color: "var(--error)" },
]);

function common(): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    foldGutter(),
    drawSelection(),
    syntaxHighlighting(highlight),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    search({ top: true }),
    EditorView.theme({ "&": { height: "100%" }, ".cm-scroller": { overflow: "auto" } }),
  ];
}

export interface EditorHooks {
  onDocChanged: (update: ViewUpdate) => void;
  onCursor: (state: EditorState) => void;
}

/** The extensions of a snippet's EditorState. */
export function snippetExtensions(hooks: EditorHooks, readOnly: boolean): Extension[] {
  return [
    common(),
    history(),
    indentOnInput(),
    yaml(),
    lintGutter(),
    EditorState.tabSize.of(2),
    EditorState.readOnly.of(readOnly),
    EditorView.contentAttributes.of({ "aria-label": "Snippet editor" }),
    keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.onDocChanged(u);
      if (u.selectionSet || u.docChanged) hooks.onCursor(u.state);
    }),
  ];
}

/** A preset document: highlighted, searchable, never edited. */
export function presetExtensions(hooks: EditorHooks): Extension[] {
  return [
    common(),
    yaml(),
    lintGutter(),
    EditorState.readOnly.of(true),
    EditorView.contentAttributes.of({ "aria-label": "Preset document (read-only)" }),
    keymap.of([...defaultKeymap, ...foldKeymap, ...searchKeymap, ...lintKeymap]),
    EditorView.updateListener.of((u) => {
      if (u.selectionSet) hooks.onCursor(u.state);
    }),
  ];
}

/** The output viewer: JSON, read-only. */
export function jsonViewerExtensions(label: string): Extension[] {
  return [
    common(),
    json(),
    EditorState.readOnly.of(true),
    EditorView.contentAttributes.of({ "aria-label": label }),
    keymap.of([...defaultKeymap, ...foldKeymap, ...searchKeymap]),
  ];
}

export function severityOf(d: WireDiagnostic): Diagnostic["severity"] {
  switch (d.severity) {
    case "error":
      return "error";
    case "warning":
    case "deprecated":
      return "warning";
    default:
      return "info";
  }
}

/** The hover text of a diagnostic, built as text nodes only. */
export function diagnosticNode(d: WireDiagnostic): HTMLElement {
  return h(
    "div",
    { class: "diag-hover" },
    h("div", null, h("span", { class: `sev sev-${d.severity}`, text: d.severity }), " ", h("code", { text: d.code })),
    h("div", { class: "diag-message", text: d.message }),
    d.path ? h("div", { class: "diag-path", text: d.path }) : null,
    d.help ? h("div", { class: "diag-help", text: `help: ${d.help}` }) : null,
    ...d.related.map((r) =>
      h("div", { class: "diag-related", text: `${r.document}${r.start ? `:${r.start.line}:${r.start.column}` : ""}: ${r.message}` }),
    ),
  );
}

/** The core's diagnostics of one document as CodeMirror lint diagnostics. */
export function toLintDiagnostics(diagnostics: readonly WireDiagnostic[], doc: Text): Diagnostic[] {
  const out: Diagnostic[] = [];
  const len = doc.length;
  for (const d of diagnostics) {
    if (!d.start) continue;
    if (out.length >= MAX_EDITOR_DIAGNOSTICS) break;
    let from = Math.max(0, Math.min(d.start.offset, len));
    let to = Math.max(0, Math.min(d.end ? d.end.offset : from, len));
    if (to < from) [from, to] = [to, from];
    out.push({
      from,
      to,
      severity: severityOf(d),
      source: d.source === "lint" ? "clc" : "ct",
      message: `${d.message}${d.help ? `\nhelp: ${d.help}` : ""}`,
      markClass: d.severity === "deprecated" ? "cm-deprecated" : undefined,
      renderMessage: () => diagnosticNode(d),
    });
  }
  return out;
}

/** The state with `diagnostics` set (for documents not on screen). */
export function withDiagnostics(state: EditorState, diagnostics: Diagnostic[]): EditorState {
  return state.update(setDiagnostics(state, diagnostics)).state;
}

export { EditorState, EditorView, setDiagnostics };
