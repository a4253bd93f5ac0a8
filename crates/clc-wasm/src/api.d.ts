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
  /** Names must be unique, and differ from the preset's documents (`base`, `internal: …`); otherwise compile throws. */
  snippets: NamedText[];
  /** A ct platform; defaults to the preset's platform. */
  platform?: string | null;
  strict?: boolean;
  /** Leave out the spec-3 view (`spec3` is then null): faster while it is not shown. */
  skipSpec3?: boolean;
  /** Leave out the tables (`tables` is then null): faster while they are not shown. */
  skipTables?: boolean;
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
  /** The Flatcar runtime and kubelet view, when the documents merged. */
  tables: Effective | null;
  /** What Flatcar 3185 and later make of the merged config at boot. */
  spec3: Spec3Outcome | null;
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
/** Snippets of a .lokocfg; its diagnostics name the document `fileName` (default ".lokocfg"). */
export function importLokocfg(text: string, fileName?: string | null): WireImport;

export interface Origin {
  document: string;
  /** The place in that document's Container Linux Config, e.g. `docker.flags`. */
  path: string;
  detail: string;
}

export interface EffectiveRuntimeRow {
  property: "cgroupDriver" | "loggingDriver" | "logOptions" | "storageDriver" | "liveRestore";
  name: string;
  default: string;
  effective: string;
  overriddenBy: Origin | null;
}

export interface Mount {
  containerPath: string;
  hostPath: string;
  options: string;
  access: "readOnly" | "readWrite";
}

export interface Seen {
  visibility: "readOnly" | "readWrite" | "notVisible";
  via: Mount | null;
  containerPath: string | null;
}

export interface EffectiveDirectory {
  setting: string;
  flag: string;
  default: string;
  effective: string;
  overriddenBy: Origin | null;
  seen: Seen;
  hostPath: string | null;
}

export interface WrittenPath {
  path: string;
  filesystem: string;
  hostPath: string | null;
  document: string;
  configPath: string;
  kind: "file" | "directory" | "link";
  visibleToKubelet: "readOnly" | "readWrite" | "notVisible";
  via: Mount | null;
  containerPath: string | null;
  note: string | null;
}

/** The Flatcar runtime and kubelet view of the merged config. */
export interface Effective {
  runtime: EffectiveRuntimeRow[];
  kubeletDirectories: EffectiveDirectory[];
  kubeletPaths: WrittenPath[];
  mounts: Mount[];
  mountsFrom: Origin | null;
  notes: string[];
}

export interface RuntimeRow {
  property: string;
  name: string;
  documented: string | null;
  documentedSource: string;
  actual: string;
  actualSource: string;
  default: string;
}

export interface DirectoryRow {
  setting: string;
  flag: string;
  documented: string;
  confirmed: string;
  kubeletDefault: string;
  source: string;
}

export interface MountRow {
  containerPath: string;
  hostPath: string;
  options: string;
  access: "readOnly" | "readWrite";
  propagation: string | null;
  note: string;
  source: string;
}

/** The static tables: what the Lokomotive page documents and what nodes really do. */
export interface Defaults {
  runtime: RuntimeRow[];
  directories: DirectoryRow[];
  seedMounts: MountRow[];
  currentMounts: MountRow[];
}

export function defaults(): Defaults;

export interface Spec3Note {
  path: string;
  message: string;
}

export interface BootFailure {
  /** Ignition's own error text. */
  message: string;
  /** Ignition itself panics on this config. */
  crashes: boolean;
  explanation: string;
  /** The Ignition 2.3 entries involved (`storage.files[3]`). */
  paths: string[];
  details: string[];
}

/** The spec-3 view: the translated config, or why provisioning fails. */
export interface Spec3Outcome {
  /** Pretty spec-3.1 JSON. */
  config: string | null;
  failure: BootFailure | null;
  warnings: string[];
  engineWarnings: string[];
  notes: Spec3Note[];
}
