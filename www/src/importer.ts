// "Import from .lokocfg": paste a Lokomotive configuration or open the file;
// each CLC snippet in it becomes a snippet tab, `file("…")` items empty tabs
// named after the file, with a note.

import type { WireDiagnostic, WireImport } from "./api";
import { clear, h } from "./dom";
import { LIMITS } from "./state";

export interface ImportHost {
  /** `fileName`: the file the text came from (null when pasted); the diagnostics name it. */
  importLokocfg(text: string, fileName: string | null): Promise<WireImport>;
  readTextFile(file: File): Promise<string | null>;
  snippetCount(): number;
  /** Adds a tab (its name made unique); null when no more fit. */
  addSnippet(name: string, text: string, note: string | null): { id: number; name: string } | null;
  showSnippet(id: number): void;
  notify(level: "error" | "warning" | "info", text: string, key?: string): void;
}

/** `file:line:column` of a diagnostic; the core names the document after the file. */
function where(d: WireDiagnostic): string {
  return `${d.document}${d.start ? `:${d.start.line}:${d.start.column}` : ""}`;
}

export class ImportDialog {
  readonly dialog: HTMLDialogElement;
  private area: HTMLTextAreaElement;
  private result: HTMLElement;

  constructor(private readonly host: ImportHost) {
    this.area = h("textarea", {
      attrs: {
        rows: 14,
        spellcheck: "false",
        placeholder: 'cluster "equinixmetal" {\n  controller_clc_snippets = [\n    <<EOF\n    …\n    EOF\n  ]\n}',
        "aria-label": ".lokocfg text",
      },
    });
    this.result = h("div", { class: "import-result", attrs: { "aria-live": "polite", "data-testid": "import-result" } });
    const fileInput = h("input", {
      class: "hidden",
      attrs: { type: "file", accept: ".lokocfg,.hcl,.tf,text/plain", "aria-label": "Open a .lokocfg file" },
      on: {
        change: async () => {
          const f = fileInput.files?.[0];
          fileInput.value = "";
          if (!f) return;
          const text = await this.host.readTextFile(f);
          if (text !== null) {
            this.area.value = text;
            await this.run(f.name);
          }
        },
      },
    });
    this.dialog = h(
      "dialog",
      { class: "import-dialog", attrs: { "aria-label": "Import from .lokocfg" } },
      h("h2", { text: "Import snippets from a .lokocfg" }),
      h("p", {
        class: "small",
        text: "Paste a Lokomotive configuration or open the file. Every controller_clc_snippets and clc_snippets item becomes a snippet tab; your own tabs stay.",
      }),
      this.area,
      this.result,
      h(
        "div",
        { class: "dialog-buttons" },
        h("button", { text: "Open file…", on: { click: () => fileInput.click() } }),
        fileInput,
        h("span", { class: "spacer" }),
        h("button", { text: "Cancel", on: { click: () => this.dialog.close() } }),
        h("button", { class: "primary", text: "Import", on: { click: () => void this.run(null) } }),
      ),
    );
  }

  open(): void {
    this.dialog.showModal();
    this.area.focus();
  }

  private async run(fileName: string | null): Promise<void> {
    if (await this.importText(this.area.value, fileName)) this.dialog.close();
  }

  /** Imports `text` (from the file `fileName`; null: pasted); false when nothing was added. */
  async importText(text: string, fileName: string | null): Promise<boolean> {
    const source = fileName ?? ".lokocfg";
    const result = this.result;
    clear(result);
    const fail = (message: string, details: HTMLElement[] = []) => {
      result.append(h("p", { class: "error", text: message }), ...details);
      if (!this.dialog.open) this.host.notify("error", message);
      return false;
    };
    if (text.trim() === "") return fail("Paste the text of a .lokocfg file first.");
    let imported: WireImport;
    try {
      imported = await this.host.importLokocfg(text, fileName);
    } catch (e) {
      return fail(`Import failed: ${(e as Error).message}`);
    }
    const problems = imported.diagnostics.filter((d) => d.code !== "lokocfg-file");
    if (imported.snippets.length === 0) {
      const first = problems[0];
      const list = h(
        "ul",
        null,
        ...problems.map((d) =>
          h(
            "li",
            { class: `sev-row-${d.severity}` },
            h("span", { class: `sev sev-${d.severity}`, text: d.severity }),
            ` ${where(d)}: ${d.message}`,
            d.help ? h("div", { class: "help", text: `help: ${d.help}` }) : null,
          ),
        ),
      );
      return fail(
        first
          ? `No snippets imported from ${source}: ${first.message}${first.start ? ` (line ${first.start.line}, column ${first.start.column})` : ""}.`
          : `${source} has no CLC snippets (controller_clc_snippets, clc_snippets).`,
        [list],
      );
    }
    const count = this.host.snippetCount();
    if (count + imported.snippets.length > LIMITS.maxSnippets)
      return fail(`${source} has ${imported.snippets.length} snippets; with the ${count} open that is more than ${LIMITS.maxSnippets}.`);
    const names: string[] = [];
    const files: string[] = [];
    let first: number | null = null;
    for (const s of imported.snippets) {
      let tab: { id: number; name: string } | null;
      if (s.file !== null) {
        const base = s.file.split(/[\\/]/).pop() || s.file;
        tab = this.host.addSnippet(base, "", `“${s.name}” is file("${s.file}") in ${source}. Open or drop that file to fill this snippet; the playground never reads files on its own.`);
        if (tab) files.push(tab.name);
      } else tab = this.host.addSnippet(s.name, s.text, null);
      if (!tab) break;
      first ??= tab.id;
      names.push(tab.name);
    }
    if (first !== null) this.host.showSnippet(first);
    this.host.notify(
      problems.length ? "warning" : "info",
      `Imported ${names.length} snippet${names.length === 1 ? "" : "s"} from ${source}: ${names.join(", ")}.` +
        (files.length ? ` ${files.length} come${files.length === 1 ? "s" : ""} from file("…") and ${files.length === 1 ? "is" : "are"} empty until you open ${files.join(", ")}.` : "") +
        (problems.length ? ` ${problems.length} problem${problems.length === 1 ? "" : "s"} in the file, the first at ${where(problems[0])}: ${problems[0].message}` : ""),
      "imported",
    );
    return true;
  }
}
