import { safeText } from "./terminal.js";

/** Log text goes into markup only through here: control and bidi characters made visible, then HTML-escaped. */
export function escapeHtml(s: string): string {
  return safeText(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text on one line (control characters made visible), cut to `max` characters with an ellipsis. */
export function clip(s: string, max: number): string {
  const one = safeText(s);
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
