import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

// The printed table (Markdown, so it can go into the README as it is) and the JSON figures.

export interface Row {
  what: string;
  target: string;
  measured: string;
  /** null: shown for context, no target. */
  met: boolean | null;
}

export function formatTable(rows: Row[]): string {
  const header = ['what', 'target', 'measured', 'met'];
  const cells = rows.map((row) => [row.what, row.target, row.measured, row.met === null ? '' : row.met ? 'yes' : 'NO']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: string[]) => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export async function writeJson(path: string, data: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(data, null, 2)}\n`);
}

export const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');
export const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
