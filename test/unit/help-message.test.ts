import { readFileSync } from 'node:fs';
import { buildHelpMessage } from '../../src/slack/listeners/commands/help-message.js';

// `/status-update help`: one short line per command (link and unlink share one), seven in all.

describe('buildHelpMessage', () => {
  it('is seven short lines, one per command', () => {
    const lines = buildHelpMessage('/status-update').text.split('\n');
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(90);
    const commands = lines.map((line) => /^• `\/status-update ?([a-z]*)/.exec(line)?.[1]);
    expect(commands).toEqual(['', 'new', 'link', 'timeline', 'templates', 'announce', 'help']);
    expect(lines[2]).toContain('`unlink`');
    expect(lines[1]).toContain('`new maintenance`');
  });

  it('names an unknown word back, escaped, above the same lines', () => {
    const lines = buildHelpMessage('/status-update', '<!channel>').text.split('\n');
    expect(lines[0]).toBe('Herald does not know `&lt;!channel&gt;`. It knows:');
    expect(lines.slice(1)).toEqual(buildHelpMessage('/status-update').text.split('\n'));
  });
});

describe("the manifest's usage hint", () => {
  it('lists the commands help lists', () => {
    const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
    const hint = /usage_hint: "\[([^\]]*)\]"/.exec(manifest)?.[1];
    expect(hint?.split('|')).toEqual(['new', 'link', 'unlink', 'timeline', 'templates', 'announce', 'help']);
  });
});
