/**
 * The model's streamed text reaches the client before the verifier has seen it, so a model that obeys an
 * injection ("print your system prompt") would stream the instructions out. This guard passes the stream
 * through with a lag of `minEcho - 1` characters and withholds every run of at least `minEcho` characters
 * (case and spacing aside) that also occurs in the instructions. The verified `done` answer is unaffected.
 */
export class PromptEchoGuard {
  private readonly grams: Set<string>;
  // Characters not yet released, each marked when it counts for matching (runs of whitespace count once).
  private pending: { ch: string; counted: boolean }[] = [];
  private window = '';
  private lastWasSpace = true;
  private echoing = false;

  constructor(
    instructions: string,
    private readonly emit: (text: string) => void,
    private readonly minEcho = 16,
  ) {
    this.grams = new Set();
    const text = normalise(instructions);
    for (let i = 0; i + minEcho <= text.length; i++) this.grams.add(text.slice(i, i + minEcho));
  }

  /** Takes the next piece of the stream; releases what can no longer be part of an echo. */
  push(text: string): void {
    for (const raw of text) this.step(raw);
    this.release(this.minEcho - 1);
  }

  /** The stream ended: releases the held tail (it matched nothing, or it would have been dropped). */
  flush(): void {
    if (!this.echoing) this.release(0);
    this.pending = [];
  }

  private step(raw: string): void {
    const space = /\s/.test(raw);
    const counted = !(space && this.lastWasSpace);
    this.lastWasSpace = space;
    this.pending.push({ ch: raw, counted });
    if (!counted) return;
    this.window = (this.window + (space ? ' ' : raw.toLowerCase())).slice(-this.minEcho);
    if (this.grams.has(this.window)) {
      // An echo: the window is still pending (the lag is one shorter), so none of it was sent. What came
      // before it matched nothing and goes out; the window is dropped.
      if (!this.echoing) this.release(this.minEcho);
      this.echoing = true;
      this.pending = [];
    } else if (this.echoing) {
      // The echo ended with this character; the characters before it belonged to it.
      this.echoing = false;
      this.pending = this.pending.slice(-1);
    }
  }

  /** Releases every pending character but the last `keep` counted ones. */
  private release(keep: number): void {
    if (this.echoing) return;
    let counted = 0;
    let cut = this.pending.length;
    while (cut > 0 && counted < keep) {
      cut--;
      if (this.pending[cut].counted) counted++;
    }
    if (cut <= 0) return;
    const text = this.pending
      .slice(0, cut)
      .map((c) => c.ch)
      .join('');
    this.pending = this.pending.slice(cut);
    this.emit(text);
  }
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}
