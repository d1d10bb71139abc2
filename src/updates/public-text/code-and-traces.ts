import type { Finding, PublicTextPiece } from './finding.js';

// Stack traces and long code blocks are for engineers: on a status page they tell customers nothing, and they
// show file paths, class names and versions to anyone reading.

/** A line of a stack trace in the shapes most runtimes print. */
const TRACE_LINES = [
  /^\s*at [\w$.<>[\]/ -]{1,200}\(?[^\n]{0,300}:\d+(?::\d+)?\)?\s*$/, // JavaScript, Java, C#
  /^\s*File "[^"\n]{1,300}", line \d+/, // Python
  /^\s*Traceback \(most recent call last\):/, // Python
  /^goroutine \d+ \[[\w ]{1,40}\]:/, // Go
  /^\s*[\w/.-]{1,200}\.go:\d+ \+0x[0-9a-f]+/, // Go
  /^\s*from [^\n]{1,300}:\d+:in [`']/, // Ruby
  /^\s*#\d+ [^\n]{0,200}\.php\(\d+\)/, // PHP
  /^\s*(?:Caused by|Exception in thread "[^"\n]{0,100}"): [\w.$]{1,200}/, // Java
];

/** Two trace lines, or one with an exception line, is a trace; one "at …" line alone may be prose. */
const TRACE_LINES_MIN = 2;
/** A code block (``` fenced) longer than this many lines is a paste, not an example. */
export const CODE_BLOCK_LINES_MAX = 5;

function traceLineCount(text: string): number {
  let count = 0;
  for (const line of text.split('\n', 400)) {
    if (line.length <= 500 && TRACE_LINES.some((pattern) => pattern.test(line))) count += 1;
  }
  return count;
}

function longestCodeBlockLines(text: string): number {
  const parts = text.split('```');
  let longest = 0;
  // Odd parts are inside a fence (an unclosed fence runs to the end, as Slack shows it).
  for (let i = 1; i < parts.length; i += 2) {
    const lines = parts[i]!.split('\n').filter((line) => line.trim() !== '').length;
    longest = Math.max(longest, lines);
  }
  return longest;
}

export function findStackTraces(pieces: readonly PublicTextPiece[]): Finding[] {
  return pieces.flatMap(({ field, text }) => {
    const lines = traceLineCount(text);
    if (lines < TRACE_LINES_MIN) return [];
    return [
      {
        kind: 'stack-trace' as const,
        field,
        summary: `A stack trace (${lines} lines of it).`,
        why: 'A stack trace tells customers nothing about what they can do, and shows file paths, class names and versions to anyone reading. Say what is affected and what you are doing instead.',
        blocking: false,
      },
    ];
  });
}

export function findLongCodeBlocks(pieces: readonly PublicTextPiece[]): Finding[] {
  return pieces.flatMap(({ field, text }) => {
    const lines = longestCodeBlockLines(text);
    if (lines <= CODE_BLOCK_LINES_MAX) return [];
    return [
      {
        kind: 'long-code-block' as const,
        field,
        summary: `A code block of ${lines} lines.`,
        why: `Logs, configuration and code are for the team, not for customers, and a paste of more than ${CODE_BLOCK_LINES_MAX} lines buries what they need to know. Summarise it in a sentence.`,
        blocking: false,
      },
    ];
  });
}
