import type { MessagePattern } from "../model/catalog.js";
import { PatternError, templateParts } from "./patterns.js";

/**
 * Placeholders whose match can take anything from a few to hundreds of characters of ordinary text: those that
 * can hold blanks, and those that take a run of visible characters. The others (codes, numbers, KB and bulletin
 * numbers, GUIDs, dates) have a fixed shape.
 */
export const CROSSES_BLANKS = new Set(["text", "rest"]);
export const VISIBLE_RUN = new Set(["path", "word", "user", "name", "url"]);

/**
 * A pattern is refused when two open-ended placeholders meet with nothing to fix where the first one ends:
 * - a placeholder that can hold blanks (`{text}`, `{rest}`) followed by another open-ended one with nothing or
 *   only blanks between (`{text} {text}`);
 * - two that take runs of visible characters with nothing at all between (`{user}{user}`); a blank between them
 *   fixes the split (`{path} {text}`).
 * A literal word or a fixed-shape placeholder between them always fixes it. The check reads the template only, so
 * it gives the same answer on any machine under any load. The matcher is linear in the line length whatever the
 * template (see `template.ts`); this check keeps templates away from its step budget, past which a line would
 * stop matching.
 */
export function checkPatternSafety(p: MessagePattern): void {
  let open: string | undefined;
  let blanks = false;
  for (const part of templateParts(p)) {
    if ("literal" in part) {
      if (/\S/.test(part.literal)) open = undefined;
      else blanks = true;
      continue;
    }
    const f = part.fragment;
    const isOpen = CROSSES_BLANKS.has(f) || VISIBLE_RUN.has(f);
    if (open && isOpen && (CROSSES_BLANKS.has(open) || (!blanks && VISIBLE_RUN.has(f))))
      throw new PatternError(
        `pattern ${p.id}: {${open}} and {${f}} meet with ${blanks ? "only blanks" : "nothing"} between them, so the text there could be split in hundreds of ways at every place a line holds the keyword. Use fewer open-ended placeholders next to each other, or put a literal word between them.`,
      );
    open = isOpen ? f : undefined;
    blanks = false;
  }
}
