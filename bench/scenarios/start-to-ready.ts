import { startBareBolt, startFakes, startHerald } from '../support/stack.js';

// From spawning the process to the first 200 on GET /healthz: Herald (`npm start`'s bundle, a fresh
// data directory each time, so the SQLite schema is created too) and the bare Bolt app, alternately.

export interface StartToReady {
  heraldMs: number[];
  bareMs: number[];
}

export async function measureStartToReady(starts: number): Promise<StartToReady> {
  const fakes = await startFakes();
  const result: StartToReady = { heraldMs: [], bareMs: [] };
  try {
    for (let i = 0; i < starts; i += 1) {
      const herald = await startHerald(fakes);
      result.heraldMs.push(herald.readyAfterMs);
      await herald.stop();
      const bare = await startBareBolt(fakes);
      result.bareMs.push(bare.readyAfterMs);
      await bare.stop();
    }
    return result;
  } finally {
    await fakes.close();
  }
}
