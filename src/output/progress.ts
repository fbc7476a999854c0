/** A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal. */
export class Progress {
  private last = 0;
  private readonly active: boolean;
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly unit: string,
  ) {
    this.active = Boolean(stream.isTTY);
  }

  update(done: number, total: number): void {
    const now = Date.now();
    if (!this.active || (now - this.last < 100 && done < total)) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    this.stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${this.unit}`);
  }

  done(): void {
    if (this.active) this.stream.write("\r\x1b[2K");
  }
}
