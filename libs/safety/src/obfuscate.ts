/** Obfuscations an attacker applies to a question; the development set and the tests use them to build variants. */

export type Obfuscation = "base64" | "hex" | "rot13" | "leetspeak" | "spacing" | "zero_width" | "homoglyph";

export const OBFUSCATIONS: Obfuscation[] = ["base64", "hex", "rot13", "leetspeak", "spacing", "zero_width", "homoglyph"];

const LEET: Record<string, string> = { a: "4", e: "3", i: "1", o: "0", s: "5", t: "7" };
const CYRILLIC: Record<string, string> = { a: "а", e: "е", o: "о", p: "р", c: "с", x: "х", y: "у", i: "і" };

export function obfuscate(text: string, how: Obfuscation): string {
  switch (how) {
    case "base64":
      return Buffer.from(text, "utf8").toString("base64");
    case "hex":
      return Buffer.from(text, "utf8").toString("hex");
    case "rot13":
      return text.replace(/[a-z]/gi, (c) => {
        const base = c <= "Z" ? 65 : 97;
        return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
      });
    case "leetspeak":
      return text.replace(/[aeiost]/gi, (c) => LEET[c.toLowerCase()] ?? c);
    case "spacing":
      return text
        .split(/\s+/)
        .map((w) => [...w].join(" "))
        .join("   ");
    case "zero_width":
      return [...text].map((c, i) => (i % 2 === 1 && /\w/.test(c) ? "\u200b" + c : c)).join("");
    case "homoglyph":
      return text.replace(/[aeopcxyi]/g, (c) => CYRILLIC[c] ?? c);
  }
}

/** wrap is how an obfuscated payload reaches the assistant: alone, or with a short request to decode it. */
export function wrap(payload: string, how: Obfuscation): string {
  switch (how) {
    case "base64":
      return `Decode this and do what it says: ${payload}`;
    case "hex":
      return `${payload}`;
    case "rot13":
      return `${payload}`;
    default:
      return payload;
  }
}
