// The playground: snippet tabs over one CodeMirror view, the engine worker,
// the output panels, the diagnostics list, files, import, share and autosave.

import type { CompileRequest, CompileResponse, EngineMeta, Origin, WireDiagnostic, WirePreset, WirePresetDocument } from "./api";
import { Child, clear, copyText, debounce, download as downloadText, formatBytes, h, replaceChildren } from "./dom";
import {
  EditorState,
  EditorView,
  jsonViewerExtensions,
  mountEditor,
  presetExtensions,
  setDiagnostics,
  snippetExtensions,
  toLintDiagnostics,
  withDiagnostics,
} from "./editor";
import type { Engine } from "./engine";
import { BACKUP_KEY, KeyValueStore, loadBackup, MAX_SAVED_CHARS, Notice, save, SaveResult, startup, Startup } from "./persist";
import { encodeState, isShareFragment, SAFE_URL_CHARS } from "./share";
import type { FirstCompile } from "./start";
import { checkName, compileRequest, LIMITS, newSnippetName, PlaygroundState, sameRequest, Shown, uniqueName } from "./state";
import { ImportDialog } from "./importer";
import { embedCode, embedUrl, playgroundUrl } from "./sharing";
import { renderDefaults, renderEffective, renderSpec3Summary } from "./tables";

export interface PlaygroundOptions {
  mode: "full" | "embed";
  /** Embed only: no edits, no tab management. */
  readOnly: boolean;
  /** Where work is autosaved; null: never (the embed). */
  storage: KeyValueStore | null;
}

interface Tab {
  id: number;
  name: string;
  state: EditorState;
  /** Shown above the editor while the snippet is empty (e.g. a `file("…")` import). */
  note: string | null;
}

type ActiveKey = `s:${number}` | `p:${string}`;

interface Metrics {
  /** ms from navigation start to the first merged output on screen. */
  firstMergedMs: number | null;
  /** ms from navigation start to the frame after that (the output painted). */
  firstMergedPaintedMs: number | null;
  /** Round trips of the compiles whose results were shown. */
  compiles: { ms: number; roundTripMs: number; inputBytes: number }[];
  engineRestarts: () => number;
}

const FILE_LIMIT = LIMITS.maxSnippetChars;
const PLATFORM_DEFAULT = "\u0000default";

function severityRank(s: WireDiagnostic["severity"]): number {
  return s === "error" ? 0 : s === "warning" ? 1 : s === "deprecated" ? 2 : 3;
}

export class Playground {
  readonly metrics: Metrics;
  private meta: EngineMeta | null = null;
  private preset: string | null = null;
  private platform: string | null = null;
  private strict = false;
  private tabs: Tab[] = [];
  private nextTabId = 1;
  private active: ActiveKey = "s:0";
  private presetStates = new Map<string, EditorState>();
  private editVersion = 0;
  private response: CompileResponse | null = null;
  /** Whether `response` has the spec-3 view and the tables (they are skipped while not shown). */
  private responseHas: Shown = { spec3: false, tables: false };
  private diagByDoc = new Map<string, WireDiagnostic[]>();
  private outputPanel = "merged";
  private outputDocument: string | null = null;
  private compact = false;
  private removed: { tab: Tab; index: number }[] = [];
  private unsaved = false;
  private lastSave: SaveResult | null = null;
  /** What the storage holds now, as `JSON.stringify({state, active})`. */
  private savedSignature: string | null = null;
  private renaming: number | null = null;
  private dragTab: number | null = null;
  private tabEls = new Map<string, HTMLElement>();
  /** The tab last scrolled into view. */
  private scrolledTab: HTMLElement | null = null;
  private outputTabEls = new Map<string, HTMLElement>();
  private outputToolEls = this.buildOutputTools();
  private addButton = h("button", { class: "tab tab-add", text: "+", title: "Add a snippet", attrs: { "aria-label": "Add snippet" }, on: { click: () => this.addTab() } });
  private tabActionButtons = {
    rename: h("button", { text: "Rename", on: { click: () => this.withActive((t) => this.startRename(t.id)) } }),
    left: h("button", { text: "◀", title: "Move left", attrs: { "aria-label": "Move left" }, on: { click: () => this.withActive((_t, i) => this.moveTab(i, i - 1)) } }),
    right: h("button", { text: "▶", title: "Move right", attrs: { "aria-label": "Move right" }, on: { click: () => this.withActive((_t, i) => this.moveTab(i, i + 1)) } }),
    remove: h("button", { text: "Remove", on: { click: () => this.withActive((t) => this.removeTab(t.id)) } }),
  };

  // DOM
  private root: HTMLElement;
  private notices!: HTMLElement;
  private presetSelect!: HTMLSelectElement;
  private platformSelect!: HTMLSelectElement;
  private strictBox!: HTMLInputElement;
  private tabBar!: HTMLElement;
  private tabActions!: HTMLElement;
  private noteBar!: HTMLElement;
  private editorHost!: HTMLElement;
  private cursorInfo!: HTMLElement;
  private sizeInfo!: HTMLElement;
  private outputTabs!: HTMLElement;
  private outputTools!: HTMLElement;
  private outputBanner!: HTMLElement;
  private outputHost!: HTMLElement;
  private outputHtml!: HTMLElement;
  private diagList!: HTMLElement;
  private diagSummary!: HTMLElement;
  private status!: HTMLElement;
  private saveInfo!: HTMLElement;
  private versionInfo!: HTMLElement;
  private offlineInfo!: HTMLElement;
  /** Whether this page works offline: null while the service worker is being asked. */
  offline: { state: "ready" | "incomplete" | "unavailable"; missing: string[] } | null = null;
  private fileInput!: HTMLInputElement;
  private importer!: ImportDialog;
  private shareDialog!: HTMLDialogElement;
  private dropOverlay!: HTMLElement;
  private openInPlayground: HTMLAnchorElement | null = null;

  /** The editor, made by the first `showActive` (with its state, so it is drawn once). */
  private view!: EditorView;
  private output: EditorView | null = null;

  private readonly hooks = {
    onDocChanged: () => this.changed(),
    onCursor: (s: EditorState) => this.showCursor(s),
  };
  private snippetExt = snippetExtensions(this.hooks, false);
  private readOnlySnippetExt = snippetExtensions(this.hooks, true);
  private presetExt = presetExtensions(this.hooks);

  private compileSoon = debounce(
    () => void this.compileNow(),
    () => {
      const size = this.totalChars();
      return size < 100_000 ? 120 : size < 1_000_000 ? 300 : 600;
    },
  );
  private saveSoon = debounce(
    () => this.saveNow(),
    () => 400,
  );
  private linkSoon = debounce(
    () => void this.updateOpenLink(),
    () => 500,
  );

  constructor(
    mount: HTMLElement,
    private readonly engine: Engine,
    private readonly options: PlaygroundOptions,
  ) {
    this.root = mount;
    this.metrics = { firstMergedMs: null, firstMergedPaintedMs: null, compiles: [], engineRestarts: () => engine.restarts };
    this.build();
  }

  // ------------------------------------------------------------------ start

  /**
   * Shows what the page starts with (link / saved work / default, see
   * `startup`), waits for the engine and shows the first compile: `first`,
   * posted before the page was built, when it is still what the page shows.
   */
  async start(boot: Startup, first: Promise<FirstCompile> | null = null): Promise<void> {
    if (boot.consumedFragment && this.options.mode === "full") this.clearFragment();
    this.load(boot.state, boot.active);
    if (boot.source === "saved") this.savedSignature = JSON.stringify({ state: boot.state, active: boot.active });
    for (const n of boot.notices) this.showNotice(n);
    if (this.options.mode === "full") {
      window.addEventListener("hashchange", () => void this.onHashChange());
      window.addEventListener("pagehide", () => this.saveSoon.flush());
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") this.saveSoon.flush();
      });
      window.addEventListener("beforeunload", (e) => {
        if (this.unsaved) {
          e.preventDefault();
          e.returnValue = "";
        }
      });
    }
    const loaded = this.editVersion;
    this.setStatus("loading", "Loading the engine…");
    try {
      this.meta = await this.engine.ready;
    } catch (e) {
      this.setStatus("error", `The engine did not load: ${(e as Error).message}`);
      this.notify("error", `The WebAssembly engine did not load (${(e as Error).message}). Your text is still here; reload to try again.`);
      return;
    }
    this.versionInfo.textContent = `clc ${this.meta.version}`;
    this.fillSelectors();
    this.renderTabs();
    const early = first ? await first : null;
    if (early && this.editVersion === loaded && sameRequest(early.request, this.request())) await this.compileNow(early);
    else await this.compileNow();
  }

  /** Shows whether the page works offline (from the service worker's answer). */
  setOffline(state: "ready" | "incomplete" | "unavailable", status: { files: number; missing: string[] } | null): void {
    this.offline = { state, missing: status?.missing ?? [] };
    this.offlineInfo.dataset.state = state;
    if (state === "ready") {
      this.offlineInfo.textContent = "Works offline";
      this.offlineInfo.title = `All ${status ? `${status.files} ` : ""}files of this page are stored in this browser.`;
    } else if (state === "incomplete") {
      this.offlineInfo.textContent = "Offline copy incomplete";
      this.offlineInfo.title = `Not stored: ${(status?.missing ?? []).join(", ")}`;
    } else {
      this.offlineInfo.textContent = "";
      this.offlineInfo.title = "";
    }
  }

  /** The text in the output viewer (for tests; a user reads it on screen). */
  outputText(): string | null {
    return this.output && !this.outputHost.classList.contains("hidden") ? this.output.state.doc.toString() : null;
  }

  /**
   * Compiles the current state `n` times in a row through the worker (for
   * scripts/bench-web): per compile, the time inside the worker and the
   * round trip as the page sees it.
   */
  async benchCompile(n: number): Promise<{ ms: number[]; roundTripMs: number[] }> {
    const ms: number[] = [];
    const roundTripMs: number[] = [];
    for (let i = 0, stale = 0; i < n; i++) {
      const o = await this.engine.compile(this.request());
      // Overtaken by the page's own compile (an edit): run it again.
      if (o.kind === "stale" && ++stale < 100) {
        i--;
        continue;
      }
      if (o.kind !== "done") throw new Error(o.kind === "failed" ? o.message : "stale");
      ms.push(o.ms);
      roundTripMs.push(o.roundTripMs);
    }
    return { ms, roundTripMs };
  }

  /** The state as a link carries it. */
  state(): PlaygroundState {
    return {
      preset: this.preset,
      platform: this.platform,
      strict: this.strict,
      snippets: this.tabs.map((t) => ({ name: t.name, text: this.tabState(t).doc.toString() })),
    };
  }

  private load(state: PlaygroundState, active: number): void {
    this.preset = state.preset;
    this.platform = state.platform;
    this.strict = state.strict;
    this.tabs = state.snippets.map((s) => this.makeTab(s.name, s.text));
    this.removed = [];
    const first = this.tabs[Math.max(0, Math.min(active, this.tabs.length - 1))];
    this.active = first ? `s:${first.id}` : "s:0";
    this.response = null;
    this.responseHas = { spec3: false, tables: false };
    this.diagByDoc.clear();
    if (this.meta) this.fillSelectors();
    this.strictBox.checked = this.strict;
    this.showActive();
    this.renderTabs();
    this.changed();
  }

  private makeTab(name: string, text: string, note: string | null = null): Tab {
    return {
      id: this.nextTabId++,
      name,
      state: EditorState.create({ doc: text, extensions: this.options.readOnly ? this.readOnlySnippetExt : this.snippetExt }),
      note,
    };
  }

  // ------------------------------------------------------------------ layout

  private build(): void {
    const full = this.options.mode === "full";
    const ro = this.options.readOnly;
    clear(this.root);
    this.root.classList.add("playground", full ? "mode-full" : "mode-embed");

    this.presetSelect = h("select", { attrs: { id: "preset", "aria-label": "Base config" }, on: { change: () => this.onPresetChange() } });
    this.platformSelect = h("select", { attrs: { id: "platform", "aria-label": "Platform" }, on: { change: () => this.onPlatformChange() } });
    this.strictBox = h("input", { attrs: { type: "checkbox", id: "strict" }, on: { change: () => this.onStrictChange() } });
    if (ro) {
      this.presetSelect.disabled = true;
      this.platformSelect.disabled = true;
      this.strictBox.disabled = true;
    }
    this.fileInput = h("input", {
      class: "hidden",
      attrs: { type: "file", multiple: true, "aria-label": "Open files", "data-testid": "file-input" },
      on: {
        change: () => {
          const files = Array.from(this.fileInput.files ?? []);
          this.fileInput.value = "";
          void this.openFiles(files);
        },
      },
    });

    const header = h(
      "header",
      { class: "topbar" },
      h("h1", { class: "brand" }, h("span", { text: "clc" }), " playground"),
      h("label", { class: "field" }, h("span", { text: "Base" }), this.presetSelect),
      h("label", { class: "field" }, h("span", { text: "Platform" }), this.platformSelect),
      h("label", { class: "field check", title: "ct --strict: warnings make a document fail" }, this.strictBox, h("span", { text: "strict" })),
      full
        ? h(
            "div",
            { class: "actions" },
            h("button", { text: "Open files…", title: "Add local files as snippets (or drop them on the page)", on: { click: () => this.fileInput.click() } }),
            h("button", { text: "Import .lokocfg…", on: { click: () => this.importer.open() } }),
            h("button", { class: "primary", text: "Copy link", on: { click: () => void this.share() } }),
          )
        : null,
      !full
        ? (this.openInPlayground = h("a", {
            class: "open-link",
            text: "Open in playground ↗",
            attrs: { href: "./", target: "_blank", rel: "noopener" },
          }))
        : null,
      this.fileInput,
    );

    this.notices = h("div", { class: "notices", attrs: { "aria-live": "polite" } });

    this.tabBar = h("div", { class: "tabbar", attrs: { role: "tablist", "aria-label": "Documents" } });
    const ta = this.tabActionButtons;
    this.tabActions = h("div", { class: "tab-actions" }, ta.rename, ta.left, ta.right, ta.remove);
    this.noteBar = h("div", { class: "note-bar hidden" });
    this.editorHost = h("div", { class: "editor-host" });
    this.cursorInfo = h("span", { class: "cursor-info", attrs: { "data-testid": "cursor" } });
    this.sizeInfo = h("span", { class: "size-info" });
    const editorPane = h(
      "section",
      { class: "pane editor-pane", attrs: { "aria-label": "Input" } },
      h("div", { class: "tabrow" }, this.tabBar, this.tabActions),
      this.noteBar,
      this.editorHost,
      h("div", { class: "pane-footer" }, this.cursorInfo, this.sizeInfo),
    );

    this.outputTabs = h("div", { class: "tabbar output-tabs", attrs: { role: "tablist", "aria-label": "Output" } });
    const ot = this.outputToolEls;
    this.outputTools = h("div", { class: "output-tools" }, ot.compact, ot.documents, ot.copy, ot.download);
    this.outputBanner = h("div", { class: "output-banner hidden", attrs: { role: "alert", "data-testid": "output-error" } });
    this.outputHost = h("div", { class: "output-host", attrs: { "data-testid": "output" } });
    this.outputHtml = h("div", { class: "output-html hidden" });
    const outputPane = h(
      "section",
      { class: "pane output-pane", attrs: { "aria-label": "Output" } },
      h("div", { class: "tabrow" }, this.outputTabs, this.outputTools),
      this.outputBanner,
      this.outputHost,
      this.outputHtml,
    );

    this.diagSummary = h("span", { class: "diag-summary" });
    this.diagList = h("div", { class: "diag-list", attrs: { "data-testid": "diagnostics" } });
    const diagPane = h(
      "section",
      { class: "pane diag-pane", attrs: { "aria-label": "Problems" } },
      h("div", { class: "diag-head" }, h("h2", { text: "Problems" }), this.diagSummary),
      this.diagList,
    );

    this.status = h("span", { class: "status", attrs: { role: "status", "data-testid": "status" } });
    this.saveInfo = h("span", { class: "save-info", attrs: { "data-testid": "save-info" } });
    this.versionInfo = h("span", { class: "version" });
    this.offlineInfo = h("span", { class: "offline-info", attrs: { "data-testid": "offline-info" } });
    const footer = h("footer", { class: "statusbar" }, this.status, this.saveInfo, this.offlineInfo, this.versionInfo);

    this.dropOverlay = h("div", { class: "drop-overlay hidden", attrs: { "aria-hidden": "true" } }, h("div", { text: "Drop files to add them as snippets (.lokocfg files are imported)" }));

    this.importer = new ImportDialog({
      importLokocfg: (text, fileName) => this.engine.importLokocfg(text, fileName),
      readTextFile: (file) => this.readTextFile(file),
      snippetCount: () => this.tabs.length,
      addSnippet: (name, text, note) => this.addTab(name, text, note, false),
      showSnippet: (id) => this.activate(`s:${id}`),
      notify: (level, text, key) => this.notify(level, text, [], key),
    });
    this.shareDialog = h("dialog", { class: "share-dialog", attrs: { "aria-label": "Share" } });

    this.root.append(
      header,
      this.notices,
      h("main", { class: "grid" }, editorPane, outputPane, diagPane),
      footer,
      this.dropOverlay,
      this.importer.dialog,
      this.shareDialog,
    );

    if (full && !ro) this.setupDrop();
    this.renderOutputTabs();
  }

  // ---------------------------------------------------------------- notices

  private showNotice(n: Notice): void {
    const actions: { label: string; run: () => void }[] = [];
    if (n.restoreBackup) actions.push({ label: "Restore my previous work", run: () => this.restoreBackup() });
    this.notify(n.level, n.text, actions);
  }

  /** A dismissible message; `key` replaces an earlier one with the same key. */
  notify(level: "error" | "warning" | "info", text: string, actions: { label: string; run: () => void }[] = [], key?: string): HTMLElement {
    if (key) this.notices.querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
    const el = h("div", {
      class: `notice notice-${level}`,
      attrs: { role: level === "error" ? "alert" : "status" },
      data: key ? { key } : {},
    });
    el.append(
      h("span", { class: "notice-text", text }),
      ...actions.map((a) =>
        h("button", {
          text: a.label,
          on: {
            click: () => {
              el.remove();
              a.run();
            },
          },
        }),
      ),
      h("button", { class: "close", text: "×", attrs: { "aria-label": "Dismiss" }, on: { click: () => el.remove() } }),
    );
    this.notices.append(el);
    while (this.notices.childElementCount > 6) this.notices.firstElementChild?.remove();
    return el;
  }

  private setStatus(kind: "loading" | "busy" | "ok" | "error", text: string): void {
    this.status.textContent = text;
    this.status.dataset.state = kind;
  }

  // --------------------------------------------------------------- selectors

  private currentPreset(): WirePreset | null {
    return this.meta?.presets.find((p) => p.id === this.preset) ?? null;
  }

  private fillSelectors(): void {
    if (!this.meta) return;
    const ps = this.presetSelect;
    clear(ps);
    ps.append(h("option", { text: "none (snippets only)", attrs: { value: "" } }));
    for (const p of this.meta.presets) ps.append(h("option", { text: `${p.id} — ${p.title}`, attrs: { value: p.id, title: p.description } }));
    if (this.preset && !this.currentPreset())
      ps.append(h("option", { text: `${this.preset} (unknown to this version)`, attrs: { value: this.preset } }));
    ps.value = this.preset ?? "";
    ps.title = this.currentPreset()?.description ?? "No base config: only your snippets are merged";

    const pl = this.platformSelect;
    clear(pl);
    const presetPlatform = this.currentPreset()?.platform ?? "";
    pl.append(h("option", { text: `default (${presetPlatform || "none"})`, attrs: { value: PLATFORM_DEFAULT } }));
    pl.append(h("option", { text: "none", attrs: { value: "" } }));
    for (const p of this.meta.platforms)
      pl.append(h("option", { text: p.name, attrs: { value: p.name, title: p.variables.map(([k, v]) => `{${k}} → ${v}`).join("\n") } }));
    if (this.platform && !this.meta.platforms.some((p) => p.name === this.platform))
      pl.append(h("option", { text: `${this.platform} (unknown)`, attrs: { value: this.platform } }));
    pl.value = this.platform === null ? PLATFORM_DEFAULT : this.platform;
    this.strictBox.checked = this.strict;
  }

  private onPresetChange(): void {
    this.preset = this.presetSelect.value === "" ? null : this.presetSelect.value;
    if (this.active.startsWith("p:")) this.activate(this.tabs[0] ? `s:${this.tabs[0].id}` : "s:0");
    this.fillSelectors();
    this.renderTabs();
    this.changed();
  }

  private onPlatformChange(): void {
    const v = this.platformSelect.value;
    this.platform = v === PLATFORM_DEFAULT ? null : v;
    this.changed();
  }

  private onStrictChange(): void {
    this.strict = this.strictBox.checked;
    this.changed();
  }

  // -------------------------------------------------------------------- tabs

  private tabState(t: Tab): EditorState {
    return this.active === `s:${t.id}` ? this.view.state : t.state;
  }

  private activeTab(): Tab | null {
    if (!this.active.startsWith("s:")) return null;
    const id = Number(this.active.slice(2));
    return this.tabs.find((t) => t.id === id) ?? null;
  }

  private presetDocs(): { before: WirePresetDocument[]; after: WirePresetDocument[] } {
    const docs = this.currentPreset()?.documents ?? [];
    return { before: docs.filter((d) => d.kind !== "extra"), after: docs.filter((d) => d.kind === "extra") };
  }

  private presetState(doc: WirePresetDocument): EditorState {
    const key = `${this.preset}\u0000${doc.name}`;
    let s = this.presetStates.get(key);
    if (!s) {
      s = EditorState.create({ doc: doc.text, extensions: this.presetExt });
      const diags = this.diagByDoc.get(doc.name);
      if (diags) s = withDiagnostics(s, toLintDiagnostics(diags, s.doc));
      this.presetStates.set(key, s);
    }
    return s;
  }

  /** Stores the view's state back into the tab (or preset cache) it belongs to. */
  private stash(): void {
    const t = this.activeTab();
    if (t) t.state = this.view.state;
    else if (this.active.startsWith("p:")) this.presetStates.set(`${this.preset}\u0000${this.active.slice(2)}`, this.view.state);
  }

  private activate(key: ActiveKey): void {
    if (key === this.active) return;
    this.stash();
    this.active = key;
    this.showActive();
    this.renderTabs();
  }

  private showActive(): void {
    const t = this.activeTab();
    let state: EditorState;
    let note: Child[] = [];
    if (t) {
      state = t.state;
      if (t.note && t.state.doc.length === 0) note = [t.note];
    } else if (this.active.startsWith("p:")) {
      const name = this.active.slice(2);
      const doc = this.currentPreset()?.documents.find((d) => d.name === name);
      if (!doc) {
        const first = this.tabs[0];
        this.active = first ? `s:${first.id}` : "s:0";
        this.showActive();
        return;
      }
      state = this.presetState(doc);
      const p = this.currentPreset()!;
      note = [
        h("strong", { text: `${p.title}: ${doc.kind === "base" ? "base config" : doc.kind === "internal" ? "internal snippet" : "platform extra"} (read-only). ` }),
        p.description,
        p.source ? h("span", { class: "muted", text: ` Source: ${p.source}` }) : null,
      ];
    } else {
      state = EditorState.create({ doc: "", extensions: this.presetExt });
      note = [this.options.readOnly ? "No snippets." : "No snippets: add one with + or open a file."];
    }
    if (this.view) this.view.setState(state);
    else this.view = mountEditor(this.editorHost, state);
    this.noteBar.classList.toggle("hidden", note.length === 0);
    replaceChildren(this.noteBar, ...note);
    this.showCursor(state);
  }

  private showCursor(s: EditorState): void {
    const head = s.selection.main.head;
    const line = s.doc.lineAt(head);
    this.cursorInfo.textContent = `Ln ${line.number}, Col ${head - line.from + 1}`;
    this.sizeInfo.textContent = `${s.doc.lines} lines · ${formatBytes(s.doc.length)}${s.readOnly ? " · read-only" : ""}`;
  }

  /** The tab element of `key`, kept across renders so a click is never lost to a redraw. */
  private tabElement(key: ActiveKey, name: string, kind: string, counts: [number, number]): HTMLElement {
    let el = this.tabEls.get(key);
    if (!el) {
      el = h("button", { attrs: { role: "tab" }, on: { click: () => this.activate(key) } }, h("span", { class: "tab-name" }), h("span", { class: "badge" }));
      if (kind === "snippet" && !this.options.readOnly) this.makeDraggable(el, Number(key.slice(2)));
      this.tabEls.set(key, el);
    }
    const selected = key === this.active;
    el.className = `tab tab-${kind}${selected ? " selected" : ""}`;
    el.setAttribute("aria-selected", selected ? "true" : "false");
    el.setAttribute("aria-label", name);
    el.dataset.kind = kind;
    el.title =
      (kind === "snippet" ? `${name}${this.options.readOnly ? "" : " (double-click to rename, drag to reorder)"}` : `${name} (read-only, from the base config)`) +
      (counts[0] + counts[1] ? ` — ${counts[0]} error${counts[0] === 1 ? "" : "s"}, ${counts[1]} warning${counts[1] === 1 ? "" : "s"}` : "");
    const [label, badge] = [el.children[0] as HTMLElement, el.children[1] as HTMLElement];
    if (label.textContent !== name) label.textContent = name;
    const n = counts[0] || counts[1];
    badge.className = `badge ${counts[0] ? "badge-error" : "badge-warning"}${n ? "" : " hidden"}`;
    badge.textContent = n ? String(n) : "";
    badge.setAttribute("aria-hidden", "true");
    return el;
  }

  private makeDraggable(el: HTMLElement, id: number): void {
    el.draggable = true;
    el.addEventListener("dblclick", () => this.startRename(id));
    el.addEventListener("dragstart", (e) => {
      this.dragTab = id;
      e.dataTransfer?.setData("application/x-clc-tab", String(id));
      if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
    });
    el.addEventListener("dragend", () => (this.dragTab = null));
    el.addEventListener("dragover", (e) => {
      if (this.dragTab !== null) {
        e.preventDefault();
        el.classList.add("drop-target");
      }
    });
    el.addEventListener("dragleave", () => el.classList.remove("drop-target"));
    el.addEventListener("drop", (e) => {
      el.classList.remove("drop-target");
      if (this.dragTab === null) return;
      e.preventDefault();
      e.stopPropagation();
      const from = this.tabs.findIndex((x) => x.id === this.dragTab);
      const to = this.tabs.findIndex((x) => x.id === id);
      this.dragTab = null;
      if (from >= 0 && to >= 0) this.moveTab(from, to);
    });
  }

  private counts(name: string): [number, number] {
    const ds = this.diagByDoc.get(name) ?? [];
    let e = 0;
    let w = 0;
    for (const d of ds) {
      if (d.severity === "error") e++;
      else if (d.severity === "warning" || d.severity === "deprecated") w++;
    }
    return [e, w];
  }

  private renderTabs(): void {
    // While a name is edited the bar stays as it is; it is drawn when that ends.
    if (this.renaming !== null && this.tabBar.querySelector("input.rename")) return;
    const bar = this.tabBar;
    const wanted: HTMLElement[] = [];
    const keys = new Set<string>();
    const { before, after } = this.presetDocs();
    const presetTab = (d: WirePresetDocument) => {
      const key: ActiveKey = `p:${d.name}`;
      keys.add(key);
      wanted.push(this.tabElement(key, d.name, d.kind, this.counts(d.name)));
    };
    before.forEach(presetTab);
    for (const t of this.tabs) {
      const key: ActiveKey = `s:${t.id}`;
      keys.add(key);
      wanted.push(this.renaming === t.id ? this.renameInput(t) : this.tabElement(key, t.name, "snippet", this.counts(t.name)));
    }
    if (!this.options.readOnly) wanted.push(this.addButton);
    after.forEach(presetTab);
    for (const key of [...this.tabEls.keys()]) if (!keys.has(key)) this.tabEls.delete(key);
    let moved = false;
    wanted.forEach((el, i) => {
      if (bar.children[i] === el) return;
      bar.insertBefore(el, bar.children[i] ?? null);
      moved = true;
    });
    while (bar.children.length > wanted.length) {
      bar.lastElementChild!.remove();
      moved = true;
    }
    // Scrolling into view reads the layout: only when the selected tab or the bar changed.
    const selected = bar.querySelector<HTMLElement>(".selected");
    if (selected && (moved || selected !== this.scrolledTab)) selected.scrollIntoView({ block: "nearest", inline: "nearest" });
    this.scrolledTab = selected;

    const t = this.activeTab();
    const a = this.tabActionButtons;
    this.tabActions.classList.toggle("hidden", !t || this.options.readOnly);
    if (t) {
      const i = this.tabs.indexOf(t);
      a.left.disabled = i === 0;
      a.right.disabled = i === this.tabs.length - 1;
    }
  }

  private renameInput(t: Tab): HTMLElement {
    const input = h("input", { class: "rename", attrs: { value: t.name, "aria-label": "Snippet name", maxlength: LIMITS.maxNameLength } });
    let done = false;
    const finish = (commit: boolean) => {
      if (done) return;
      done = true;
      this.renaming = null;
      if (commit) {
        const others = [...this.tabs.filter((x) => x !== t).map((x) => x.name), ...(this.currentPreset()?.documents.map((d) => d.name) ?? [])];
        const r = checkName(input.value, others);
        if (!r.ok) this.notify("warning", r.message, [], "rename");
        else if (r.name !== t.name) {
          t.name = r.name;
          this.changed();
        }
      }
      this.renderTabs();
      this.view.focus();
    };
    input.addEventListener("keydown", (e) => {
      // preventDefault: the key must not reach the editor that gets the focus back.
      if (e.key === "Enter") {
        e.preventDefault();
        finish(true);
      } else if (e.key === "Escape") {
        e.preventDefault();
        finish(false);
      }
    });
    input.addEventListener("blur", () => setTimeout(() => finish(true)));
    setTimeout(() => {
      input.focus();
      input.select();
    });
    return input;
  }

  private withActive(fn: (t: Tab, index: number) => void): void {
    const t = this.activeTab();
    if (t) fn(t, this.tabs.indexOf(t));
  }

  private startRename(id: number): void {
    if (this.options.readOnly) return;
    this.activate(`s:${id}`);
    this.renaming = id;
    this.renderTabs();
  }

  private takenNames(): string[] {
    return [...this.tabs.map((t) => t.name), ...(this.currentPreset()?.documents.map((d) => d.name) ?? [])];
  }

  private addTab(name?: string, text = "", note: string | null = null, focus = true): Tab | null {
    if (this.tabs.length >= LIMITS.maxSnippets) {
      this.notify("error", `There are already ${this.tabs.length} snippets, the most this page holds.`, [], "limit");
      return null;
    }
    const t = this.makeTab(uniqueName(name ?? newSnippetName(this.takenNames()), this.takenNames()), text, note);
    this.tabs.push(t);
    if (focus) {
      this.activate(`s:${t.id}`);
      this.view.focus();
    }
    this.renderTabs();
    this.changed();
    return t;
  }

  private moveTab(from: number, to: number): void {
    if (to < 0 || to >= this.tabs.length || from === to) return;
    const [t] = this.tabs.splice(from, 1);
    this.tabs.splice(to, 0, t);
    this.renderTabs();
    this.changed();
  }

  private removeTab(id: number): void {
    const index = this.tabs.findIndex((t) => t.id === id);
    if (index < 0) return;
    this.stash();
    const [tab] = this.tabs.splice(index, 1);
    this.removed.push({ tab, index });
    const next = this.tabs[Math.min(index, this.tabs.length - 1)];
    this.active = next ? `s:${next.id}` : "s:0";
    this.showActive();
    this.renderTabs();
    this.changed();
    this.notify("info", `Removed “${tab.name}”.`, [{ label: "Undo", run: () => this.undoRemove(tab.id) }], "removed");
  }

  private undoRemove(id: number): void {
    const i = this.removed.findIndex((r) => r.tab.id === id);
    if (i < 0) return;
    const [{ tab, index }] = this.removed.splice(i, 1);
    tab.name = uniqueName(tab.name, this.takenNames());
    this.tabs.splice(Math.min(index, this.tabs.length), 0, tab);
    this.activate(`s:${tab.id}`);
    this.renderTabs();
    this.changed();
  }

  // ----------------------------------------------------------------- compile

  private totalChars(): number {
    let n = 0;
    for (const t of this.tabs) n += this.tabState(t).doc.length;
    return n;
  }

  /** Anything in the state changed: recompile, autosave, refresh links. */
  private changed(): void {
    this.editVersion++;
    if (this.meta) {
      this.setStatus("busy", "Checking…");
      this.compileSoon();
    }
    if (this.options.storage) this.saveSoon();
    if (this.openInPlayground) this.linkSoon();
    const t = this.activeTab();
    if (t?.note && this.view.state.doc.length > 0 && !this.noteBar.classList.contains("hidden")) {
      this.noteBar.classList.add("hidden");
    }
  }

  /** What the output panel shows of the costly parts. */
  private shown(): Shown {
    return { spec3: this.outputPanel === "spec3", tables: this.outputPanel === "tables" };
  }

  private request(): CompileRequest {
    return compileRequest(this.state(), this.shown());
  }

  /** Compiles the current state (or takes `sent`, a compile of it already posted) and shows the result. */
  private async compileNow(sent?: FirstCompile): Promise<void> {
    if (!this.meta) return;
    const version = this.editVersion;
    const request = sent?.request ?? this.request();
    const outcome = await (sent?.outcome ?? this.engine.compile(request));
    if (outcome.kind === "stale") return;
    if (version !== this.editVersion) return; // the text moved on; a newer compile is scheduled
    if (outcome.kind === "failed") {
      this.setStatus("error", `Engine error: ${outcome.message}`);
      this.showOutputError(`The engine could not check this input: ${outcome.message}`);
      return;
    }
    const r = outcome.response;
    this.metrics.compiles.push({ ms: outcome.ms, roundTripMs: outcome.roundTripMs, inputBytes: r.stats.inputBytes });
    if (this.metrics.compiles.length > 500) this.metrics.compiles.shift();
    this.applyResponse(r, { spec3: !request.skipSpec3, tables: !request.skipTables });
    const errors = r.diagnostics.filter((d) => d.severity === "error").length;
    this.setStatus(
      r.merged ? "ok" : "error",
      `${r.merged ? "Merged" : "Not merged"} · ${r.stats.documents} document${r.stats.documents === 1 ? "" : "s"} · ${formatBytes(r.stats.inputBytes)} in, ${formatBytes(r.stats.outputBytes)} out · ${errors} error${errors === 1 ? "" : "s"} · ${Math.round(outcome.ms)} ms`,
    );
    if (r.merged && this.metrics.firstMergedMs === null) {
      this.metrics.firstMergedMs = performance.now();
      performance.mark("clc:first-merged");
      // A task queued in the next animation frame runs once that frame is drawn.
      requestAnimationFrame(() =>
        setTimeout(() => {
          this.metrics.firstMergedPaintedMs = performance.now();
          performance.mark("clc:first-merged-painted");
        }),
      );
    }
  }

  private applyResponse(r: CompileResponse, has: Shown): void {
    this.response = r;
    this.responseHas = has;
    this.diagByDoc = new Map();
    for (const d of r.diagnostics) {
      const list = this.diagByDoc.get(d.document);
      if (list) list.push(d);
      else this.diagByDoc.set(d.document, [d]);
    }
    // Underlines in every snippet and preset document.
    this.stash();
    for (const t of this.tabs) {
      const diags = toLintDiagnostics(this.diagByDoc.get(t.name) ?? [], t.state.doc);
      if (this.active === `s:${t.id}`) this.view.dispatch(setDiagnostics(this.view.state, diags));
      else t.state = withDiagnostics(t.state, diags);
    }
    for (const doc of this.currentPreset()?.documents ?? []) {
      const key = `${this.preset}\u0000${doc.name}`;
      const diags = this.diagByDoc.get(doc.name) ?? [];
      if (this.active === `p:${doc.name}`) this.view.dispatch(setDiagnostics(this.view.state, toLintDiagnostics(diags, this.view.state.doc)));
      else {
        // A document not opened yet gets its state, and these underlines, when it is.
        const s = this.presetStates.get(key);
        if (s) this.presetStates.set(key, withDiagnostics(s, toLintDiagnostics(diags, s.doc)));
      }
    }
    this.renderTabs();
    this.renderDiagnostics();
    this.renderOutputTabs();
    this.renderOutput();
  }

  // ------------------------------------------------------------------ output

  private panels(): { id: string; title: string }[] {
    const r = this.response;
    const out = [
      { id: "merged", title: "Merged" },
      { id: "documents", title: "Each document" },
    ];
    // A core that has these fields (null when the documents do not merge) gets the panels.
    if (r && "spec3" in r) out.push({ id: "spec3", title: "Spec 3" });
    if (r && "tables" in r) out.push({ id: "tables", title: "Tables" });
    return out;
  }

  private renderOutputTabs(): void {
    const panels = this.panels();
    if (!panels.some((p) => p.id === this.outputPanel)) this.outputPanel = "merged";
    const wanted = panels.map((p) => {
      let el = this.outputTabEls.get(p.id);
      if (!el) {
        el = h("button", {
          text: p.title,
          attrs: { role: "tab", "data-panel": p.id },
          on: {
            click: () => this.showPanel(p.id),
          },
        });
        this.outputTabEls.set(p.id, el);
      }
      el.className = `tab${p.id === this.outputPanel ? " selected" : ""}`;
      el.setAttribute("aria-selected", p.id === this.outputPanel ? "true" : "false");
      return el;
    });
    const bar = this.outputTabs;
    wanted.forEach((el, i) => {
      if (bar.children[i] !== el) bar.insertBefore(el, bar.children[i] ?? null);
    });
    while (bar.children.length > wanted.length) bar.lastElementChild!.remove();
  }

  private showPanel(id: string): void {
    if (id === this.outputPanel) return;
    this.outputPanel = id;
    this.renderOutputTabs();
    this.renderOutput();
    // The shown result left this panel's part out: compile once more, with it.
    const want = this.shown();
    if (this.response && ((want.spec3 && !this.responseHas.spec3) || (want.tables && !this.responseHas.tables))) {
      this.setStatus("busy", "Checking…");
      this.compileSoon.flush();
    }
  }

  private setOutputText(text: string | null): void {
    this.outputHost.classList.toggle("hidden", text === null);
    if (text === null) return;
    // The viewer is made with its first text (drawn once, not made empty and then filled).
    if (!this.output) {
      this.output = mountEditor(this.outputHost, EditorState.create({ doc: text, extensions: jsonViewerExtensions("Output JSON") }));
      return;
    }
    const v = this.output;
    if (v.state.doc.length === text.length && v.state.doc.toString() === text) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
  }

  private showOutputError(text: string | null, details: Child[] = []): void {
    this.outputBanner.classList.toggle("hidden", text === null);
    if (text !== null) replaceChildren(this.outputBanner, h("pre", { text }), ...details);
    else clear(this.outputBanner);
  }

  /** The text the copy and download buttons act on. */
  private currentOutput(): { text: string; filename: string } | null {
    const r = this.response;
    if (!r) return null;
    switch (this.outputPanel) {
      case "merged":
        return r.merged ? { text: this.compact ? r.merged.compact : r.merged.pretty, filename: "config.ign" } : null;
      case "documents": {
        const d = r.documents.find((x) => x.name === this.outputDocument) ?? r.documents[0];
        return d?.ignition ? { text: d.ignition, filename: `${d.name.replace(/[^\w.-]+/g, "_") || "document"}.ign` } : null;
      }
      case "spec3":
        return r.spec3?.config ? { text: r.spec3.config, filename: "config.spec3.ign" } : null;
      case "tables":
        return r.tables ? { text: JSON.stringify(r.tables, null, 2), filename: "tables.json" } : null;
    }
    return null;
  }

  private renderOutput(): void {
    const r = this.response;
    const tools = this.outputToolEls;
    clear(this.outputHtml);
    this.outputHtml.classList.add("hidden");
    this.outputHtml.classList.toggle("grow", this.outputPanel === "tables");
    this.outputHost.classList.remove("hidden");
    tools.compact.classList.toggle("hidden", this.outputPanel !== "merged");
    tools.documents.classList.toggle("hidden", this.outputPanel !== "documents");
    if (!r) {
      this.showOutputError(null);
      this.setOutputText("");
      tools.copy.disabled = tools.download.disabled = true;
      return;
    }
    switch (this.outputPanel) {
      case "merged":
        if (r.merged) {
          this.showOutputError(null);
          this.setOutputText(this.compact ? r.merged.compact : r.merged.pretty);
        } else {
          this.showOutputError(r.error ?? (r.documents.length ? "The documents did not merge." : "Nothing to merge: add a snippet or choose a base config."));
          this.setOutputText(null);
        }
        break;
      case "documents": {
        const select = tools.documents;
        const signature = r.documents.map((d) => `${d.name}\u0000${d.kind}\u0000${d.error ? 1 : 0}`).join("\u0001");
        if (select.dataset.signature !== signature) {
          select.dataset.signature = signature;
          replaceChildren(select, ...r.documents.map((d) => h("option", { text: `${d.name} (${d.kind})${d.error ? " ✗" : ""}`, attrs: { value: d.name } })));
        }
        const doc = r.documents.find((x) => x.name === this.outputDocument) ?? r.documents[0] ?? null;
        if (doc) select.value = doc.name;
        if (!doc) {
          this.showOutputError("No documents.");
          this.setOutputText(null);
        } else {
          this.showOutputError(doc.error);
          this.setOutputText(doc.ignition);
        }
        break;
      }
      case "spec3": {
        const s = r.spec3;
        if (!this.responseHas.spec3) {
          this.showOutputError(null);
          this.setOutputText(null);
          this.outputHtml.classList.remove("hidden");
          this.outputHtml.append(h("p", { class: "muted", text: "Computing the spec-3 view…" }));
          break;
        }
        if (!s) {
          this.showOutputError("No spec-3 view: the documents do not merge (see Problems).");
          this.setOutputText(null);
          break;
        }
        this.showOutputError(null);
        this.outputHtml.classList.remove("hidden");
        this.outputHtml.append(renderSpec3Summary(s));
        this.setOutputText(s.config);
        break;
      }
      case "tables": {
        this.showOutputError(null);
        this.setOutputText(null);
        this.outputHtml.classList.remove("hidden");
        if (!this.responseHas.tables) this.outputHtml.append(h("p", { class: "muted", text: "Computing the tables…" }));
        else if (r.tables) this.outputHtml.append(renderEffective(r.tables, (o) => this.jumpToOrigin(o)));
        else this.outputHtml.append(h("p", { class: "error", text: "No effective tables: the documents do not merge (see Problems). The static tables follow." }));
        if (this.meta?.defaults) this.outputHtml.append(renderDefaults(this.meta.defaults));
        break;
      }
    }
    const current = this.currentOutput();
    tools.copy.disabled = tools.download.disabled = !current;
  }

  private buildOutputTools() {
    const compactBox = h("input", {
      attrs: { type: "checkbox" },
      on: {
        change: () => {
          this.compact = compactBox.checked;
          this.renderOutput();
        },
      },
    });
    const documents = h("select", {
      attrs: { "aria-label": "Document" },
      on: {
        change: () => {
          this.outputDocument = documents.value;
          this.renderOutput();
        },
      },
    });
    const copy = h("button", {
      text: "Copy",
      attrs: { disabled: true, "data-testid": "copy-output" },
      on: {
        click: async () => {
          const c = this.currentOutput();
          if (!c) return;
          const ok = await copyText(c.text);
          this.notify(ok ? "info" : "warning", ok ? `Copied ${formatBytes(c.text.length)}.` : "The browser did not allow copying; select the text and copy it instead.", [], "copy");
        },
      },
    });
    const download = h("button", {
      text: "Download",
      attrs: { disabled: true, "data-testid": "download-output" },
      on: {
        click: () => {
          const c = this.currentOutput();
          if (c) downloadText(c.filename, c.text);
        },
      },
    });
    return {
      compact: h("label", { class: "check", title: "The provider's rendered output without pretty_print" }, compactBox, " compact"),
      documents,
      copy,
      download,
    };
  }

  // ------------------------------------------------------------- diagnostics

  private renderDiagnostics(): void {
    const r = this.response;
    clear(this.diagList);
    if (!r) return;
    const all = r.diagnostics;
    const errors = all.filter((d) => d.severity === "error").length;
    const warnings = all.filter((d) => d.severity === "warning" || d.severity === "deprecated").length;
    this.diagSummary.textContent = all.length === 0 ? "none" : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}, ${all.length - errors - warnings} other`;
    if (all.length === 0) {
      this.diagList.append(h("p", { class: "muted empty", text: r.merged ? "No problems found." : "" }));
      return;
    }
    const order = r.documents.map((d) => d.name);
    for (const name of this.diagByDoc.keys()) if (!order.includes(name)) order.push(name);
    const kindOf = new Map(r.documents.map((d) => [d.name, d.kind] as const));
    const MAX_ROWS = 300;
    for (const name of order) {
      const ds = (this.diagByDoc.get(name) ?? []).slice().sort(
        (a, b) => (a.start?.offset ?? -1) - (b.start?.offset ?? -1) || severityRank(a.severity) - severityRank(b.severity),
      );
      if (!ds.length) continue;
      const [e, w] = this.counts(name);
      const group = h(
        "section",
        { class: "diag-group", attrs: { "aria-label": `Problems in ${name}` } },
        h("h3", null, h("span", { class: "doc-name", text: name }), h("span", { class: "muted", text: ` ${kindOf.get(name) && kindOf.get(name) !== name ? `${kindOf.get(name)} · ` : ""}${e} error${e === 1 ? "" : "s"}, ${w} warning${w === 1 ? "" : "s"}` })),
      );
      const list = h("ul", { class: "diag-rows" });
      for (const d of ds.slice(0, MAX_ROWS)) list.append(this.diagRow(d));
      if (ds.length > MAX_ROWS) list.append(h("li", { class: "muted", text: `… and ${ds.length - MAX_ROWS} more in this document (all are underlined in the editor, up to 2000).` }));
      group.append(list);
      this.diagList.append(group);
    }
  }

  private diagRow(d: WireDiagnostic): HTMLElement {
    const where = d.start ? `${d.start.line}:${d.start.column}` : "—";
    const row = h(
      "li",
      {
        class: `diag-row sev-row-${d.severity}`,
        attrs: { tabindex: 0, role: "button", "data-line": d.start?.line ?? "", "data-doc": d.document },
        title: "Show in the editor",
        on: {
          click: () => this.jump(d.document, d.start?.offset ?? null, d.end?.offset ?? null),
          keydown: (e) => {
            if (e.key === "Enter" || e.key === " ") {
              e.preventDefault();
              this.jump(d.document, d.start?.offset ?? null, d.end?.offset ?? null);
            }
          },
        },
      },
      h("span", { class: `sev sev-${d.severity}`, text: d.severity }),
      h("span", { class: "where", text: where }),
      h("span", { class: "msg", text: d.message }),
      h("code", { class: "code", text: d.code }),
      d.path ? h("span", { class: "path muted", text: d.path }) : null,
      d.help ? h("div", { class: "help", text: `help: ${d.help}` }) : null,
    );
    for (const rel of d.related) {
      row.append(
        h(
          "div",
          { class: "related" },
          h("button", {
            class: "link",
            text: `${rel.document}${rel.start ? `:${rel.start.line}:${rel.start.column}` : ""}`,
            on: {
              click: (e) => {
                e.stopPropagation();
                this.jump(rel.document, rel.start?.offset ?? null, rel.end?.offset ?? null);
              },
            },
          }),
          ` ${rel.message}`,
        ),
      );
    }
    return row;
  }

  /** Opens the document's tab and selects [from, to). */
  jump(document: string, from: number | null, to: number | null): void {
    const kind = this.response?.documents.find((d) => d.name === document)?.kind;
    const tab = kind === undefined || kind === "snippet" ? this.tabs.find((t) => t.name === document) : undefined;
    if (tab) this.activate(`s:${tab.id}`);
    else if (this.currentPreset()?.documents.some((d) => d.name === document)) this.activate(`p:${document}`);
    else return;
    if (from !== null) {
      const len = this.view.state.doc.length;
      const a = Math.max(0, Math.min(from, len));
      const b = Math.max(a, Math.min(to ?? a, len));
      // The range selected, the cursor at its start.
      this.view.dispatch({ selection: { anchor: b, head: a }, effects: EditorView.scrollIntoView(a, { y: "center" }) });
    }
    this.view.focus();
  }

  private jumpToOrigin(o: Origin): void {
    this.jump(o.document, null, null);
  }

  // ------------------------------------------------------------ files & drop

  private setupDrop(): void {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
    document.addEventListener("dragenter", (e) => {
      if (!hasFiles(e)) return;
      depth++;
      this.dropOverlay.classList.remove("hidden");
    });
    document.addEventListener("dragleave", (e) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) this.dropOverlay.classList.add("hidden");
    });
    document.addEventListener("dragover", (e) => {
      if (hasFiles(e)) {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
      }
    });
    document.addEventListener("drop", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      this.dropOverlay.classList.add("hidden");
      void this.openFiles(Array.from(e.dataTransfer?.files ?? []));
    });
  }

  /** Reads a local file as text, refusing what is too large or binary. */
  private async readTextFile(file: File): Promise<string | null> {
    if (file.size > FILE_LIMIT) {
      this.notify("error", `“${file.name}” is ${formatBytes(file.size)}; a snippet is at most ${FILE_LIMIT / 1048576} MiB. It was not opened.`);
      return null;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      this.notify("error", `“${file.name}” could not be read: ${(e as Error).message}`);
      return null;
    }
    const head = text.slice(0, 8192);
    if (head.includes("\u0000") || (head.match(/\uFFFD/g)?.length ?? 0) > 8) {
      this.notify("error", `“${file.name}” looks like a binary file, not YAML text. It was not opened.`);
      return null;
    }
    return text;
  }

  async openFiles(files: File[]): Promise<void> {
    if (this.options.readOnly) return;
    const added: string[] = [];
    for (const file of files) {
      const text = await this.readTextFile(file);
      if (text === null) continue;
      if (/\.lokocfg$/i.test(file.name)) {
        await this.importer.importText(text, file.name);
        continue;
      }
      // A file(…) snippet of an imported .lokocfg waits for exactly this file.
      const waiting = this.tabs.find((t) => t.name === file.name && t.note && this.tabState(t).doc.length === 0);
      if (waiting) {
        this.activate(`s:${waiting.id}`);
        this.view.dispatch({ changes: { from: 0, insert: text } });
        waiting.note = null;
        this.noteBar.classList.add("hidden");
        added.push(waiting.name);
        continue;
      }
      const t = this.addTab(file.name, text, null, false);
      if (!t) break;
      added.push(t.name);
    }
    if (added.length) {
      const last = this.tabs.find((t) => t.name === added[added.length - 1]);
      if (last) this.activate(`s:${last.id}`);
      this.notify("info", `Opened ${added.length === 1 ? `“${added[0]}”` : `${added.length} files`} as snippet${added.length === 1 ? "" : "s"}.`, [], "opened");
    }
  }

  // ------------------------------------------------------------------- share

  private async share(): Promise<void> {
    let fragment: string;
    try {
      fragment = await encodeState(this.state());
    } catch (e) {
      this.notify("error", `The link could not be made: ${(e as Error).message}`);
      return;
    }
    const link = playgroundUrl(location.href, fragment);
    const iframe = embedCode(embedUrl(location.href, fragment));
    const copied = link.length <= SAFE_URL_CHARS ? await copyText(link) : false;
    const linkBox = h("input", { attrs: { readonly: true, value: link, "aria-label": "Share link", "data-testid": "share-link" } });
    const embedBox = h("textarea", { attrs: { readonly: true, rows: 3, "aria-label": "Embed HTML" } });
    embedBox.value = iframe;
    const d = this.shareDialog;
    replaceChildren(
      d,
      h("h2", { text: "Share" }),
      h("p", {
        class: link.length > SAFE_URL_CHARS ? "error" : "small",
        text:
          link.length > SAFE_URL_CHARS
            ? `This link is ${formatBytes(link.length)} long; browsers do not open links over about 2 MB. Share the snippets as files instead.`
            : `${copied ? "Link copied to the clipboard. " : ""}The link holds the base, platform, strict flag and every snippet (${formatBytes(link.length)}); nothing is stored on a server.`,
      }),
      linkBox,
      h("h3", { text: "Embed" }),
      h("p", { class: "small", text: "Paste this into a web page to show this example, read-only, with an “Open in playground” link." }),
      embedBox,
      h(
        "div",
        { class: "dialog-buttons" },
        h("button", { text: "Copy link", on: { click: async () => this.notify("info", (await copyText(link)) ? "Link copied." : "Select the link and copy it.", [], "copy") } }),
        h("button", { text: "Copy embed code", on: { click: async () => this.notify("info", (await copyText(iframe)) ? "Embed code copied." : "Select the code and copy it.", [], "copy") } }),
        h("span", { class: "spacer" }),
        h("button", { class: "primary", text: "Close", on: { click: () => d.close() } }),
      ),
    );
    d.showModal();
    linkBox.select();
  }

  private async updateOpenLink(): Promise<void> {
    if (!this.openInPlayground) return;
    try {
      this.openInPlayground.href = playgroundUrl(location.href, await encodeState(this.state()));
    } catch {
      /* keep the previous link */
    }
  }

  private clearFragment(): void {
    history.replaceState(null, "", location.pathname + location.search);
  }

  private async onHashChange(): Promise<void> {
    if (!isShareFragment(location.hash)) return;
    this.saveSoon.flush();
    const boot = await startup(location.hash, this.options.storage);
    this.clearFragment();
    if (boot.source === "link") this.load(boot.state, boot.active);
    for (const n of boot.notices) if (n.level !== "warning" || boot.source === "link") this.showNotice(n);
  }

  // ---------------------------------------------------------------- autosave

  private saveNow(): void {
    const store = this.options.storage;
    if (!store) return;
    const total = this.totalChars();
    let result: SaveResult;
    if (total > MAX_SAVED_CHARS) result = { status: "too-large", chars: total };
    else {
      const t = this.activeTab();
      const work = { state: this.state(), active: t ? this.tabs.indexOf(t) : 0 };
      const signature = JSON.stringify(work);
      // Unchanged work is not written again (a reload never rewrites what it loaded).
      if (signature === this.savedSignature) result = { status: "saved", chars: signature.length };
      else {
        result = save(store, { ...work, savedAt: Date.now() });
        if (result.status === "saved") this.savedSignature = signature;
      }
    }
    const before = this.lastSave?.status;
    this.lastSave = result;
    this.unsaved = result.status !== "saved";
    if (result.status === "saved") {
      this.saveInfo.textContent = "Saved in this browser";
      this.saveInfo.dataset.state = "saved";
      if (before && before !== "saved") this.notices.querySelector('[data-key="autosave"]')?.remove();
    } else {
      const why =
        result.status === "too-large"
          ? `your work is ${formatBytes(result.chars)}, more than the ${formatBytes(MAX_SAVED_CHARS)} this page keeps in browser storage`
          : `the browser refused (${result.message})`;
      this.saveInfo.textContent = "Not saved";
      this.saveInfo.dataset.state = "unsaved";
      if (before !== result.status)
        this.notify("warning", `Autosave is off: ${why}. Keep this tab open, or download your snippets; the page asks before it is closed.`, [], "autosave");
    }
  }

  private restoreBackup(): void {
    const store = this.options.storage;
    if (!store) return;
    const backup = loadBackup(store);
    if (!backup) {
      this.notify("warning", "There is no previous work to restore.");
      return;
    }
    // Swap: the work shown now becomes the backup, so nothing is lost.
    const t = this.activeTab();
    const current = { state: this.state(), active: t ? this.tabs.indexOf(t) : 0, savedAt: Date.now() };
    if (save(store, current, BACKUP_KEY).status !== "saved") store.removeItem(BACKUP_KEY);
    this.load(backup.state, backup.active);
    this.saveSoon.flush();
    this.notify("info", "Restored your previous work; the shared state is kept as the previous work.", [{ label: "Switch back", run: () => this.restoreBackup() }], "restored");
  }
}
