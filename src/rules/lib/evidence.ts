import type { PatchEvent } from "../../model/event.js";
import type { Evidence } from "../../model/finding.js";
import { KeptStrings } from "../../text/kept.js";

/**
 * A line cited as evidence while the timeline is still held: its fields are read from the event when asked, so that
 * a cited line costs one small object rather than six fields, two times worded as text and a copy of its message
 * (about 250 bytes a line, while the timeline holds all of that already). On the 200 MB bench logs the findings
 * and update chains cite 132,108 (CCM) and 108,668 (varied) lines. It lives as long as the timeline it reads from
 * (a spilled message is read from the timeline's spill file): `PlainEvidence` makes it plain before that goes.
 */
class CitedLine implements Evidence {
  constructor(private readonly e: PatchEvent) {}

  get seq(): number {
    return this.e.seq;
  }
  get file(): string {
    return this.e.file;
  }
  get line(): number {
    return this.e.line;
  }
  get utc(): string | null {
    return this.e.time.utc;
  }
  get local(): string | null {
    return this.e.time.local;
  }
  get message(): string {
    return this.e.message;
  }

  toJSON(): Evidence {
    const t = this.e.time;
    return { seq: this.seq, file: this.file, line: this.line, utc: t.utc, local: t.local, message: this.message };
  }
}

/**
 * The evidence of one result (a diagnosis's findings, a timeline's update chains): one `Evidence` per line cited,
 * however often it is cited (an update's state and its steps cite the same lines), read from the timeline's event
 * (`CitedLine`) until `PlainEvidence` makes it plain. `evidenceOf` (src/model) makes the plain object.
 */
export class EvidenceTable {
  private readonly bySeq = new Map<number, Evidence>();

  of(e: PatchEvent): Evidence {
    let ev = this.bySeq.get(e.seq);
    if (!ev) this.bySeq.set(e.seq, (ev = new CitedLine(e)));
    return ev;
  }
}

/**
 * Plain copies of cited lines, for a result that outlives its timeline or crosses to another thread: one copy per
 * line however often it is cited, its strings flat and independent of the timeline (`KeptStrings`), field for field
 * what `evidenceOf` makes. Evidence that is plain already is given back as it is.
 */
export class PlainEvidence {
  private readonly bySeq = new Map<number, Evidence>();

  constructor(private readonly strings = new KeptStrings()) {}

  of(ev: Evidence): Evidence {
    if (!(ev instanceof CitedLine)) return ev;
    let plain = this.bySeq.get(ev.seq);
    if (!plain) {
      const s = this.strings;
      const { seq, file, line, utc, local, message } = ev.toJSON();
      plain = { seq, file: s.own(file), line, utc: s.flat(utc), local: s.flat(local), message: s.copy(message) };
      this.bySeq.set(seq, plain);
    }
    return plain;
  }

  all(evidence: Evidence[]): Evidence[] {
    return evidence.map((ev) => this.of(ev));
  }
}
