// The Flatcar tables: the effective runtime and kubelet view of the merged
// config, and the static documented-vs-actual tables.

import type { Defaults, Effective, Mount, Origin, Spec3Outcome } from "./api";
import { Child, h } from "./dom";

function table(caption: string, head: string[], rows: Child[][], cls = ""): HTMLElement {
  return h(
    "div",
    { class: `table-wrap ${cls}` },
    h(
      "table",
      null,
      h("caption", { text: caption }),
      h("thead", null, h("tr", null, ...head.map((c) => h("th", { attrs: { scope: "col" }, text: c })))),
      h("tbody", null, ...rows.map((r) => h("tr", null, ...r.map((c) => h("td", null, c))))),
    ),
  );
}

function origin(o: Origin | null, onJump?: (o: Origin) => void): Child {
  if (!o) return h("span", { class: "muted", text: "default" });
  const label = `${o.document} · ${o.path}`;
  return h(
    "span",
    { class: "origin" },
    onJump ? h("button", { class: "link", text: label, title: "Show this document", on: { click: () => onJump(o) } }) : label,
    o.detail ? h("div", { class: "muted small", text: o.detail }) : null,
  );
}

function visibility(v: "readOnly" | "readWrite" | "notVisible"): Child {
  const text = v === "readOnly" ? "read-only" : v === "readWrite" ? "read-write" : "not visible";
  return h("span", { class: `vis vis-${v}`, text });
}

function mountText(m: Mount | null): string {
  return m ? `${m.hostPath} → ${m.containerPath}${m.options ? ` (${m.options})` : ""}` : "—";
}

export function renderEffective(t: Effective, onJump?: (o: Origin) => void): HTMLElement {
  return h(
    "div",
    { class: "tables" },
    table(
      "Container runtime",
      ["property", "default", "effective", "set by"],
      t.runtime.map((r) => [
        r.name,
        r.default,
        h("span", { class: r.overriddenBy ? "overridden" : "", text: r.effective }),
        origin(r.overriddenBy, onJump),
      ]),
    ),
    table(
      "Kubelet directories",
      ["setting", "flag", "default", "effective", "set by", "kubelet sees it", "host path"],
      t.kubeletDirectories.map((d) => [
        d.setting,
        h("code", { text: d.flag }),
        d.default,
        h("span", { class: d.overriddenBy ? "overridden" : "", text: d.effective }),
        origin(d.overriddenBy, onJump),
        h("span", null, visibility(d.seen.visibility), d.seen.via ? h("div", { class: "muted small", text: `via ${mountText(d.seen.via)}` }) : null),
        d.hostPath ?? "—",
      ]),
    ),
    table(
      "Kubelet container mounts",
      ["host path", "container path", "options", "access"],
      t.mounts.map((m) => [m.hostPath, m.containerPath, m.options, visibility(m.access)]),
    ),
    t.mountsFrom ? h("p", { class: "small" }, "Mount list set by ", origin(t.mountsFrom, onJump)) : null,
    table(
      "Paths this config writes",
      ["path", "kind", "document", "in the config", "filesystem", "kubelet sees it", "via", "note"],
      t.kubeletPaths.map((p) => [
        h("code", { text: p.path }),
        p.kind,
        p.document,
        h("code", { text: p.configPath }),
        p.filesystem,
        h("span", null, visibility(p.visibleToKubelet), p.containerPath ? h("div", { class: "muted small", text: `as ${p.containerPath}` }) : null),
        mountText(p.via),
        p.note ?? "",
      ]),
      "paths",
    ),
    t.notes.length ? h("ul", { class: "notes" }, ...t.notes.map((n) => h("li", { text: n }))) : null,
  );
}

export function renderDefaults(d: Defaults): HTMLElement {
  const mounts = (caption: string, rows: Defaults["seedMounts"]) =>
    table(
      caption,
      ["host path", "container path", "options", "access", "propagation", "note", "source"],
      rows.map((m) => [m.hostPath, m.containerPath, m.options, visibility(m.access), m.propagation ?? "", m.note, h("span", { class: "muted small", text: m.source })]),
    );
  return h(
    "details",
    { class: "defaults" },
    h("summary", { text: "Documented vs. actual (static tables)" }),
    table(
      "Runtime: documented and actual",
      ["property", "documented", "actual", "default", "sources"],
      d.runtime.map((r) => [
        r.name,
        r.documented ?? "—",
        r.actual,
        r.default,
        h("span", { class: "muted small", text: `${r.documentedSource}; ${r.actualSource}` }),
      ]),
    ),
    table(
      "Kubelet directories: documented and confirmed",
      ["setting", "flag", "documented", "confirmed", "kubelet default", "source"],
      d.directories.map((r) => [r.setting, h("code", { text: r.flag }), r.documented, r.confirmed, r.kubeletDefault, h("span", { class: "muted small", text: r.source })]),
    ),
    mounts("Mounts as documented", d.seedMounts),
    mounts("Mounts on current nodes", d.currentMounts),
  );
}

/** The spec-3 view apart from the JSON: a boot failure, warnings and notes. */
export function renderSpec3Summary(s: Spec3Outcome): HTMLElement {
  const f = s.failure;
  return h(
    "div",
    { class: "spec3" },
    f
      ? h(
          "div",
          { class: "boot-failure", attrs: { role: "alert" } },
          h("strong", { text: f.crashes ? "Ignition crashes on this config at boot" : "Provisioning fails at boot" }),
          h("pre", { text: f.message }),
          h("p", { text: f.explanation }),
          f.paths.length ? h("p", null, "Entries: ", ...f.paths.flatMap((p, i) => [i ? ", " : "", h("code", { text: p })])) : null,
          f.details.length ? h("ul", null, ...f.details.map((d) => h("li", { text: d }))) : null,
        )
      : h("p", { class: "ok", text: "Flatcar 3185 and later translate this config to Ignition spec 3.1 and accept it." }),
    s.warnings.length ? h("div", null, h("h4", { text: "Translation warnings" }), h("ul", null, ...s.warnings.map((w) => h("li", { text: w })))) : null,
    s.engineWarnings.length
      ? h("div", null, h("h4", { text: "Ignition warnings" }), h("ul", null, ...s.engineWarnings.map((w) => h("li", { text: w }))))
      : null,
    s.notes.length
      ? h("div", null, h("h4", { text: "Notes" }), h("ul", null, ...s.notes.map((n) => h("li", null, h("code", { text: n.path }), " ", n.message))))
      : null,
  );
}
