import { clip, SAVE_AGAIN, sentence, standardError, WHOLE_FILE, type StandardFileError } from './errors';

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

// ---------------------------------------------------------------------------------------------
// The error a person reads

/** Line and column (both from 1) of a character position in a text; CRLF counts as one line break. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(position, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** A BAD_JSON error with line and column, a short excerpt and a hint for the usual mistakes. */
export function jsonSyntaxError(file: string, text: string, error: unknown): StandardFileError {
  if (text.trim() === '') {
    return standardError('BAD_JSON', file, WHOLE_FILE, 'a JSON document starting with {', 'an empty file', 'the file is empty', `Write the standard into it or remove the file, then ${SAVE_AGAIN}`);
  }
  const problem = findJsonSyntaxProblem(text);
  const pos = problem?.position ?? text.length;
  const hint = problem?.hint ?? `Look there for a missing or extra comma, a missing quote, or a missing bracket (${error instanceof Error ? error.message : String(error)})`;
  const { line, column } = lineAndColumn(text, pos);
  const lineText = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
  // A short excerpt around the place, so it can be found in a long line too.
  const from = Math.max(0, column - 1 - 30);
  const excerpt = `${from > 0 ? '…' : ''}${clip(lineText.slice(from).trim(), 60)}`;
  const atEnd = pos >= text.length;
  const ch = text.charAt(pos);
  const found = atEnd ? `end of file at line ${line}, column ${column}` : `${JSON.stringify(ch)} at line ${line}, column ${column}${excerpt ? `: ${excerpt}` : ''}`;
  return standardError(
    'BAD_JSON',
    file,
    WHOLE_FILE,
    'valid JSON',
    found,
    `the file is not valid JSON at line ${line}, column ${column}`,
    atEnd ? `${sentence(hint)} Check the end of the file and ${SAVE_AGAIN}` : `${sentence(hint)} Fix line ${line} and ${SAVE_AGAIN}`,
  );
}
