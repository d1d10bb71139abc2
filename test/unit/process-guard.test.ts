import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Herald's process guard (src/observability/process-guard.ts), in a process of its own as main.ts installs it:
// a promise rejected where nothing awaits it is logged with its cause, and the process goes on.
// (`npm test` builds dist/ first.)

const dist = (file: string) => pathToFileURL(join(process.cwd(), 'dist', file)).href;

describe('the process guard', () => {
  it('logs an unhandled rejection with its cause, at error level, and the process keeps running', () => {
    const script = `
      const { createLogger } = await import(${JSON.stringify(dist('observability/logger.js'))});
      const { guardProcess } = await import(${JSON.stringify(dist('observability/process-guard.js'))});
      guardProcess(createLogger('info'));
      Promise.reject(new Error('nobody awaited this'));
      setTimeout(() => { process.stdout.write('still serving\\n'); }, 100);
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(run.status).toBe(0);
    const lines = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message: string; stack: string } });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        err: expect.objectContaining({ message: 'nobody awaited this', stack: expect.stringContaining('Error: nobody awaited this') }),
      }),
    ]);
    expect(run.stdout).toContain('still serving');
  });
});
