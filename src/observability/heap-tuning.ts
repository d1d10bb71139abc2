import { setFlagsFromString } from 'node:v8';

// Herald's live heap is small (about 30 MB, and flat under load: heap snapshots before and after
// 10,000 commands differ by 3 MB), but a burst of commands allocates fast, and V8 then grows the heap
// to several times what is live and is slow to give it back: after 10,000 commands Herald's RSS was
// 1.5× a bare Bolt app's, almost all of it empty heap. Growing the heap by 20% at a time instead keeps
// the RSS near what is live, for some more major GCs (cheap on a heap this small: the benchmark found
// no measurable CPU per command). V8 reads this flag each time it sizes the heap, so setting it once
// at start-up is enough; an operator's own `node --heap-growing-percent=<n>` (or `_` spelling) still
// wins. Node 20 refuses the flag in NODE_OPTIONS (it is not on Node's allow-list); should a later Node
// accept it there, that choice wins too.
//
// The young generation cannot be set from here: V8 sizes it once, when the process starts. Node 22 and 24 let
// it grow to 64 MB a semi-space (128 MB) under a burst on a machine with much memory, and keep it: on Node 24
// Herald's RSS after the benchmark's 10,000 commands was 270 MB against 178 MB with `--max-semi-space-size=16`,
// Node 20's default, at the same CPU per command. So `npm start` and the Dockerfile pass that flag.

const GROWING_PERCENT = 20;
/** V8 reads "-" and "_" in flag names alike. */
const GROWING_PERCENT_FLAG = /(^|\s)--heap[-_]growing[-_]percent(=|\s|$)/;

export function keepHeapNearLive(): void {
  if (operatorSetsGrowingPercent(process.execArgv, process.env.NODE_OPTIONS)) return;
  setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
}

export function operatorSetsGrowingPercent(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((arg) => GROWING_PERCENT_FLAG.test(arg)) || GROWING_PERCENT_FLAG.test(nodeOptions ?? '');
}
