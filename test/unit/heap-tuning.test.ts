import { operatorSetsGrowingPercent } from '../../src/observability/heap-tuning.js';

// Herald sets --heap-growing-percent itself at start-up, unless the operator already chose one.

describe('operatorSetsGrowingPercent', () => {
  it('sees the flag on the command line', () => {
    expect(operatorSetsGrowingPercent(['--heap-growing-percent=50'], undefined)).toBe(true);
    expect(operatorSetsGrowingPercent(['--enable-source-maps', '--heap_growing_percent=50'], '')).toBe(true);
  });

  it('sees the flag in NODE_OPTIONS, in either spelling, among other options', () => {
    expect(operatorSetsGrowingPercent([], '--heap-growing-percent=50')).toBe(true);
    expect(operatorSetsGrowingPercent([], '--max-old-space-size=512 --heap_growing_percent=35 --enable-source-maps')).toBe(true);
    expect(operatorSetsGrowingPercent([], '--heap-growing-percent 50')).toBe(true);
  });

  it('leaves the choice to Herald when neither sets it', () => {
    expect(operatorSetsGrowingPercent([], undefined)).toBe(false);
    expect(operatorSetsGrowingPercent(['--enable-source-maps'], '--max-old-space-size=512')).toBe(false);
    // A different flag that merely starts the same way is not this one.
    expect(operatorSetsGrowingPercent([], '--heap-growing-percentile=5')).toBe(false);
  });
});
