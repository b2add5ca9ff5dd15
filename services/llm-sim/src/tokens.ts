/**
 * Tokens are approximated as words with their leading whitespace: joining the tokens gives the
 * text back, and each streamed chunk carries one of them.
 */

const TOKEN = /\s*\S+|\s+$/g;
const WORD = /\S+/g;

export function splitTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}
