type Recognition = Array<{ log: string; recognized: number; unrecognized: number }>;
import { colorEnabled, styler } from "../text/terminal.js";

/** How many records of each log no message pattern recognized (generic events, or kinds the tolerant tier inferred). */
export function printRecognition(tl: { recognition: Recognition }, stream: NodeJS.WriteStream = process.stderr): void {
  if (!tl.recognition.length) return;
  const style = styler(colorEnabled(stream));
  const parts = tl.recognition.map((r) => `${r.log} ${r.unrecognized}/${r.recognized + r.unrecognized}`);
  const total = tl.recognition.reduce((n, r) => n + r.unrecognized, 0);
  stream.write(
    style(
      "dim",
      `lines no message pattern recognized (generic events, or kinds inferred from keywords and codes): ${total} — ${parts.join(", ")}`,
    ) + "\n",
  );
}
