/** Renders an OpenAPI 3 document as one self-contained HTML page (no scripts, no CDN). */

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  description?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  const?: unknown;
};
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
export interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
}

const METHODS = ["get", "post", "put", "patch", "delete"];

const esc = (s: unknown) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

function typeOf(s: Schema | undefined): string {
  if (!s) return "any";
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(typeOf).join(" | ");
  if (s.type === "array") return `${typeOf(s.items)}[]`;
  const t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  return s.format ? `${t} (${s.format})` : t;
}

interface Row {
  name: string;
  where: string;
  type: string;
  required: boolean;
  description: string;
}

function rowsOf(op: Operation): Row[] {
  const rows: Row[] = (op.parameters ?? []).map((p) => ({
    name: p.name,
    where: p.in,
    type: typeOf(p.schema),
    required: Boolean(p.required),
    description: p.description ?? p.schema?.description ?? "",
  }));
  const body = op.requestBody?.content?.["application/json"]?.schema;
  for (const [name, s] of Object.entries(body?.properties ?? {})) {
    rows.push({
      name,
      where: "body",
      type: typeOf(s),
      required: body?.required?.includes(name) ?? false,
      description: s.description ?? "",
    });
  }
  return rows;
}

function renderOperation(method: string, path: string, op: Operation): string {
  const rows = rowsOf(op);
  const table = rows.length
    ? `<table><thead><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>${rows
        .map(
          (r) =>
            `<tr><td><code>${esc(r.name)}</code></td><td>${esc(r.where)}</td><td><code>${esc(r.type)}</code></td><td>${r.required ? "yes" : ""}</td><td>${esc(r.description)}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : `<p class="none">No parameters.</p>`;
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-");
  return `<section class="op" id="${esc(id)}"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3><p>${esc(op.summary ?? "")}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ""}${table}</section>`;
}

const CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2430;background:#f7f8fa}
main{max-width:980px;margin:0 auto;padding:24px}h1{margin:0 0 4px}h2{margin-top:40px;border-bottom:1px solid #d8dde5;text-transform:capitalize}
.op{background:#fff;border:1px solid #e1e5eb;border-radius:6px;padding:10px 16px;margin:12px 0}.op h3{margin:4px 0;font-size:16px}
.m{display:inline-block;min-width:62px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px}
.get{background:#2f7d32}.post{background:#1f5fbf}.put{background:#8a5a00}.patch{background:#6b3fa0}.delete{background:#b3261e}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;border-top:1px solid #eef0f3;padding:4px 6px;vertical-align:top}
code{font:13px ui-monospace,monospace}.none,.d{color:#5b6473}nav a{margin-right:12px}`;

export function renderDocsPage(doc: OpenApiDoc, baseUrl = "/api/v1"): string {
  const byTag = new Map<string, string[]>();
  let count = 0;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      count += 1;
      const tag = op.tags?.[0] ?? "other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(method, `${baseUrl}${path}`, op)]);
    }
  }
  const sections = [...byTag]
    .map(([tag, ops]) => `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${ops.join("")}`)
    .join("");
  const nav = [...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(doc.info.title)} reference</title><style>${CSS}</style></head><body><main><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description ?? "")}</p><p>${count} routes. Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Also: tRPC at <code>/trpc</code>, MCP at <code>/mcp</code>, live events at <code>/events</code>.</p><nav>${nav}</nav>${sections}</main></body></html>`;
}
