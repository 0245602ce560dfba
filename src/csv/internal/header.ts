import type { CsvProblem } from '../errors.js';

const OTHER_DELIMITERS = [',', ';', '\t', '|'];

function show(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

/**
 * Compares the header line (line 1) with the schema's column names: missing,
 * unexpected, duplicated and misordered columns, and a wrong delimiter.
 */
export function checkHeader(got: readonly string[], expected: readonly string[], delimiter: string): CsvProblem[] {
  if (got.length === 1 && expected.length > 1) {
    const only = got[0] as string;
    const other = OTHER_DELIMITERS.find((d) => d !== delimiter && only.includes(d));
    if (other !== undefined) {
      return [
        {
          line: 1,
          column: 1,
          field: '',
          rule: 'delimiter',
          message: `the header has 1 field but looks ${show(other)}-separated; this schema expects ${show(delimiter)} as the delimiter`,
          value: only.length > 80 ? `${only.slice(0, 80)}…` : only,
        },
      ];
    }
  }
  const problems: CsvProblem[] = [];
  const expectedAt = new Map(expected.map((n, i) => [n, i]));
  const seenAt = new Map<string, number>();
  got.forEach((name, i) => {
    if (!seenAt.has(name)) seenAt.set(name, i);
  });
  // Misordered only when the relative order of the known columns differs:
  // a missing or extra column alone does not make the others "misplaced".
  const presentExpected = expected.filter((n) => seenAt.has(n));
  let k = 0;
  got.forEach((name, i) => {
    const first = seenAt.get(name) as number;
    if (first !== i) {
      problems.push({ line: 1, column: i + 1, field: name, rule: 'header', message: `column "${name}" appears twice (positions ${first + 1} and ${i + 1})` });
      return;
    }
    const want = expectedAt.get(name);
    if (want === undefined) {
      const hint = expected.find((e) => e.toLowerCase() === name.trim().toLowerCase() && !seenAt.has(e));
      const tail = hint !== undefined ? `; did you mean "${hint}"?` : '';
      problems.push({ line: 1, column: i + 1, field: name, rule: 'header', message: `unexpected column "${name}" at position ${i + 1}${tail}` });
      return;
    }
    if (presentExpected[k] !== name) {
      problems.push({ line: 1, column: i + 1, field: name, rule: 'header', message: `column "${name}" is at position ${i + 1}; the schema expects it at position ${want + 1}` });
    }
    k++;
  });
  expected.forEach((name, i) => {
    if (!seenAt.has(name)) problems.push({ line: 1, column: i + 1, field: name, rule: 'header', message: `missing column "${name}" (expected at position ${i + 1})` });
  });
  return problems.sort((a, b) => a.column - b.column);
}
