/** A position for the editor: 1-based line, 1-based UTF-16 column, 0-based UTF-16 offset. */
export interface EditorPosition {
  line: number;
  column: number;
  offset: number;
}

export interface NamedText {
  name: string;
  text: string;
}

export interface CompileRequest {
  /** A preset id such as "equinix-worker"; null or "" for no base config. */
  preset?: string | null;
  snippets: NamedText[];
  /** A ct platform; defaults to the preset's platform. */
  platform?: string | null;
  strict?: boolean;
}

export interface WireRelated {
  document: string;
  path: string | null;
  start: EditorPosition | null;
  end: EditorPosition | null;
  message: string;
}

export interface WireDiagnostic {
  document: string;
  severity: "error" | "warning" | "info" | "deprecated";
  code: string;
  message: string;
  help: string | null;
  path: string | null;
  start: EditorPosition | null;
  end: EditorPosition | null;
  /** Exact UTF-8 byte offsets [start, end). */
  bytes: [number, number] | null;
  /** The line and column ct itself prints. */
  ctPosition: [number, number] | null;
  /** "ct": ct's own report; "lint": this project's checks. */
  source: "ct" | "lint";
  related: WireRelated[];
}

export interface WireDocument {
  name: string;
  kind: "base" | "internal" | "snippet" | "extra";
  ignition: string | null;
  error: string | null;
}

export interface Merged {
  pretty: string;
  compact: string;
}

export interface Stats {
  documents: number;
  inputBytes: number;
  outputBytes: number;
}

export interface CompileResponse {
  merged: Merged | null;
  error: string | null;
  documents: WireDocument[];
  diagnostics: WireDiagnostic[];
  stats: Stats;
}

export interface WirePlatform {
  name: string;
  variables: [string, string][];
}

export interface WirePresetDocument {
  name: string;
  kind: "base" | "internal" | "extra";
  text: string;
}

export interface WirePreset {
  id: string;
  title: string;
  platform: string;
  description: string;
  source: string;
  documents: WirePresetDocument[];
}

export interface WireImportedSnippet {
  name: string;
  text: string;
  line: number;
  column: number;
  file: string | null;
}

export interface WireImport {
  snippets: WireImportedSnippet[];
  diagnostics: WireDiagnostic[];
}

export function version(): string;
export function platforms(): WirePlatform[];
export function presets(): WirePreset[];
export function compile(request: CompileRequest): CompileResponse;
export function importLokocfg(text: string): WireImport;
