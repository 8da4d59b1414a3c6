// Text people type is stored without the characters that only do harm: control characters (NUL, ESC
// and the rest of C0 and C1 but tab and line breaks), which break feeds, exports and terminals, and the
// invisible direction controls (U+202E and friends), which make a text read differently from what it
// says ("gpj.exe" shown as "exe.jpg"). Letters, accents, emoji and joiners are kept as typed.

// eslint-disable-next-line no-control-regex -- the control characters are what this removes
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without control and direction-override characters (and without lone surrogates). */
export function withoutControlCharacters(text: string): string {
  return text.replace(UNWANTED, '');
}
