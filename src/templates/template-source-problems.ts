import type { Template as LiquidTemplate } from 'liquidjs';
import { strictEngine } from './template-engine.js';
import { sampleIncident } from './template-incident.js';
import { TEMPLATE_VARIABLE_NAMES, templateScope } from './template-variables.js';

// Why a template's Liquid source cannot be saved, each reason with its line: a syntax error, a variable that is
// not one of Herald's, an unknown filter or property, a time zone nobody knows. Read in three steps: parse
// (syntax, unknown filters), the parsed template's global variables (any name outside the list, wherever it is,
// even in a branch the sample would not take), then a strict render on the sample incident (properties,
// filter arguments).

export interface SourceProblem {
  /** 1-based; null when the engine could not say. */
  line: number | null;
  message: string;
}

/** The problems of `source`, worst first; empty when it can be saved. */
export function templateSourceProblems(source: string, now: Date): SourceProblem[] {
  let parsed: LiquidTemplate[];
  try {
    parsed = strictEngine.parse(source);
  } catch (error) {
    return [problemOf(error)];
  }
  const unknown = unknownVariables(parsed);
  if (unknown.length > 0) return unknown;
  try {
    strictEngine.renderSync(parsed, templateScope(sampleIncident(now), now));
  } catch (error) {
    return [problemOf(error)];
  }
  return [];
}

/** "Line 3: unknown variable `incidnt`…"; one line per problem. */
export function describeSourceProblems(problems: readonly SourceProblem[]): string {
  return problems.map((problem) => (problem.line === null ? problem.message : `Line ${problem.line}: ${problem.message}`)).join('\n');
}

function unknownVariables(parsed: LiquidTemplate[]): SourceProblem[] {
  let globals: Record<string, { location: { row: number } }[]>;
  try {
    globals = strictEngine.analyzeSync(parsed, { partials: false }).globals;
  } catch (error) {
    return [problemOf(error)];
  }
  const known = TEMPLATE_VARIABLE_NAMES.join(', ');
  return Object.entries(globals)
    .filter(([name]) => !TEMPLATE_VARIABLE_NAMES.includes(name))
    .map(([name, uses]) => ({
      line: uses[0]?.location.row ?? null,
      message: `unknown variable \`${name}\` (the variables are ${known})`,
    }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Liquid's errors end in ", line:2, col:5" and carry the token they stopped at. */
function problemOf(error: unknown): SourceProblem {
  const token = (error as { token?: { getPosition?: () => [number, number] } } | null)?.token;
  let line: number | null = null;
  try {
    line = token?.getPosition?.()[0] ?? null;
  } catch {
    line = null;
  }
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw
    .replace(/, line:\d+, col:\d+$/, '')
    .replace(/^undefined variable: /, 'unknown variable or property: ')
    .replace(/^undefined filter: /, 'unknown filter: ');
  return { line, message: message.length > 200 ? `${message.slice(0, 199)}…` : message };
}
