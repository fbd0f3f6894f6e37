/**
 * Text from the shared folder (station names, folder and file names, messages quoting them) is written by the party
 * being judged: a newline in a folder name could forge a whole "OK" line of the CLI's output, an escape sequence
 * could rewrite the terminal. Every such text is printed through printable(): control characters (C0, DEL, C1), the
 * Unicode line/paragraph separators and the bidirectional overrides are shown escaped (\n, \x1b, \u202e), visibly.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
