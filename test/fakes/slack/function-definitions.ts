import { readFileSync } from 'node:fs';

// The custom steps an app's manifest declares (`functions:`), as the fake Slack needs them: each step's input
// names and its output parameters, with which outputs are required. Read from manifest.yml itself, so a step the
// app completes with outputs its manifest does not declare is refused, as Slack refuses it.

export interface OutputParameter {
  name: string;
  /** `string`, `slack#/types/options_select`… */
  type: string;
  required: boolean;
}

export interface FunctionDefinition {
  callbackId: string;
  inputs: string[];
  outputs: OutputParameter[];
}

/** Reads the `functions:` section of a manifest written in the block style manifest.yml uses. */
export function readFunctionDefinitions(manifest: string): Map<string, FunctionDefinition> {
  const definitions = new Map<string, FunctionDefinition>();
  const lines = manifest.split('\n');
  const start = lines.indexOf('functions:');
  if (start === -1) return definitions;
  let current: FunctionDefinition | undefined;
  let section: 'inputs' | 'outputs' | undefined;
  let parameter: OutputParameter | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) break; // the next top-level key
    const key = line.trim().replace(/:.*$/, '');
    const value = line
      .trim()
      .slice(key.length + 1)
      .trim();
    if (indent === 2) {
      current = { callbackId: key, inputs: [], outputs: [] };
      definitions.set(key, current);
      section = undefined;
    } else if (indent === 4) {
      section = key === 'input_parameters' ? 'inputs' : key === 'output_parameters' ? 'outputs' : undefined;
    } else if (indent === 6 && current && section) {
      parameter = { name: key, type: '', required: false };
      if (section === 'inputs') current.inputs.push(key);
      else current.outputs.push(parameter);
    } else if (indent === 8 && section === 'outputs' && parameter) {
      if (key === 'is_required') parameter.required = value === 'true';
      if (key === 'type') parameter.type = value;
    }
  }
  return definitions;
}

/** The app's own manifest.yml. */
export function readAppFunctionDefinitions(): Map<string, FunctionDefinition> {
  return readFunctionDefinitions(readFileSync(new URL('../../../manifest.yml', import.meta.url), 'utf8'));
}
