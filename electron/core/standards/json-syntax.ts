/**
 * Finds where and why a JSON text is invalid, in the same way on every JavaScript engine
 * (the message of JSON.parse differs between Node versions and does not always give a position).
 * Used only after JSON.parse has failed, to tell a person exactly what to fix.
 */
export type JsonSyntaxProblem = {
  /** Index (UTF-16 code units) of the character where the problem is; text.length for "ends too early". */
  position: number;
  /** What to do, as a sentence for the person editing the file. */
  hint: string;
};

const MAX_DEPTH = 512;

class Stop {
  constructor(readonly problem: JsonSyntaxProblem) {}
}

export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  let i = 0;
  let depth = 0;
  const fail = (hint: string, at = i): never => {
    throw new Stop({ position: at, hint });
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else if (c === 0x2f && (text[i + 1] === '/' || text[i + 1] === '*')) fail('Comments are not allowed in JSON: remove them');
      else return;
    }
  };
  const atEnd = () => i >= text.length;
  const endEarly = () => fail('The file ends too early: a closing } or ] or a quote is missing', text.length);

  const string = () => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (atEnd()) fail(`A closing quote " is missing for the text that starts here`, start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail(c === 0x0a || c === 0x0d ? 'A closing quote " is missing: text must end on the line where it starts' : 'Text contains a control character (such as a tab): remove it');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) endEarly();
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('After \\u come four hex digits; to write a backslash, write it twice: \\\\');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('A backslash \\ must be written twice: \\\\');
      } else i++;
    }
  };

  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail('Write numbers like 8, 0.5 or -2: no leading zeros, no plus sign, a digit before the point');
    i += m?.[0].length ?? 0;
    if (/[0-9.eE+]/.test(text[i] ?? '')) fail('Write numbers like 8, 0.5 or -2: no leading zeros, no plus sign, a digit before the point');
  };

  const value = (): void => {
    ws();
    if (atEnd()) endEarly();
    const ch = text[i] ?? '';
    if (ch === '{') return object();
    if (ch === '[') return array();
    if (ch === '"') return string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (ch === "'") fail('Use double quotes " instead of single quotes');
    if (ch === '+' || ch === '.') fail('Write numbers like 8, 0.5 or -2: no plus sign, a digit before the point');
    if (ch === ',' || ch === ']' || ch === '}') fail('A value is missing here, or there is a comma too many');
    fail('Put text in double quotes; only numbers, true, false and null are written without them');
  };

  const enter = () => {
    if (++depth > MAX_DEPTH) fail('The file is nested too deeply to be a standard');
  };

  const object = () => {
    enter();
    i++; // {
    ws();
    if (text[i] === '}') {
      i++;
      depth--;
      return;
    }
    for (;;) {
      ws();
      if (atEnd()) endEarly();
      const ch = text[i];
      if (ch === '}') fail('Remove the comma before the }');
      if (ch === "'") fail('Use double quotes " instead of single quotes');
      if (ch !== '"') fail('A field name in double quotes is expected here, like "id"');
      string();
      ws();
      if (atEnd()) endEarly();
      if (text[i] !== ':') fail('A colon : is missing after the field name');
      i++;
      value();
      ws();
      if (atEnd()) endEarly();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        depth--;
        return;
      }
      if (text[i] === '"') fail('A comma is missing before this point');
      if (text[i] === ']') fail('A } is missing before this ], or the ] is one too many');
      fail('A comma , or a closing } is missing before this point');
    }
  };

  const array = () => {
    enter();
    i++; // [
    ws();
    if (text[i] === ']') {
      i++;
      depth--;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') fail('Remove the comma before the ]');
      value();
      ws();
      if (atEnd()) endEarly();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        depth--;
        return;
      }
      if (text[i] === '}') fail('A ] is missing before this }, to close the list');
      fail('A comma is missing before this point');
    }
  };

  try {
    value();
    ws();
    if (!atEnd()) fail('There is more text after the end of the document: remove it, or check the brackets before it');
    return null;
  } catch (e) {
    if (e instanceof Stop) return e.problem;
    throw e;
  }
}
