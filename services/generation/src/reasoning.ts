import { REASONING_CLOSE, REASONING_OPEN } from "@springboard/prompts";

/**
 * ReasoningFilter splits a streamed completion into member-visible text and hidden reasoning (the
 * part between REASONING_OPEN and REASONING_CLOSE), even when a marker is split across chunks.
 */
export class ReasoningFilter {
  private hidden = false;
  private pending = "";
  /** reasoningChunks counts the upstream chunks that carried only hidden reasoning. */
  reasoningChunks = 0;

  /** push takes an upstream chunk and returns the visible text it releases (possibly empty). */
  push(chunk: string): string {
    let text = this.pending + chunk;
    this.pending = "";
    let visible = "";
    let sawReasoning = false;
    for (;;) {
      const marker = this.hidden ? REASONING_CLOSE : REASONING_OPEN;
      const at = text.indexOf(marker);
      if (at >= 0) {
        if (this.hidden) sawReasoning = true;
        else visible += text.slice(0, at);
        text = text.slice(at + marker.length);
        this.hidden = !this.hidden;
        continue;
      }
      // Keep a tail that could be the start of a marker for the next chunk.
      const keep = partialSuffix(text, marker);
      const body = text.slice(0, text.length - keep);
      if (this.hidden) sawReasoning ||= body.length > 0;
      else visible += body;
      this.pending = text.slice(text.length - keep);
      break;
    }
    if (sawReasoning && visible.length === 0) this.reasoningChunks++;
    return visible;
  }

  /** end releases what was held back; an unclosed reasoning section stays hidden. */
  end(): string {
    const rest = this.hidden ? "" : this.pending;
    this.pending = "";
    return rest;
  }
}

function partialSuffix(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) {
    if (marker.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}
