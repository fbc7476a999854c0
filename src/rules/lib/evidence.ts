import type { PatchEvent } from "../../model/event.js";
import type { Evidence } from "../../model/finding.js";
import type { KeptStrings } from "../../text/kept.js";

/**
 * The evidence of one result (a diagnosis's findings, a timeline's update chains): one `Evidence` per line cited,
 * however often it is cited (an update's state and its steps cite the same lines), with its strings kept flat and
 * independent of the timeline (`KeptStrings`). `evidenceOf` (src/model) makes the same object, field for field.
 */
export class EvidenceTable {
  private readonly bySeq = new Map<number, Evidence>();

  constructor(private readonly strings: KeptStrings) {}

  of(e: PatchEvent): Evidence {
    let ev = this.bySeq.get(e.seq);
    if (!ev) {
      const s = this.strings;
      // The time object is made again on each read of `time`: read once.
      const t = e.time;
      ev = {
        seq: e.seq,
        file: s.own(e.file),
        line: e.line,
        utc: s.flat(t.utc),
        local: s.flat(t.local),
        message: s.copy(e.message),
      };
      this.bySeq.set(e.seq, ev);
    }
    return ev;
  }
}
