import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { startSocketModeHerald, type SocketModeHerald } from '../support/socket-mode-herald.js';
import { waitUntil } from '../support/wait-until.js';

// The operator's endpoints and OAuth's answer their own path exactly, through the real route table: Bolt's
// matching ignores case and a trailing slash, which let /Metrics and /metrics/ past deploy/nginx.conf. The
// nginx config itself is run in front of Herald when nginx is installed.

/** A GET with the path sent exactly as given: fetch would resolve "/./metrics" and "//metrics" first. */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += String(chunk)));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const portOf = (baseUrl: string) => Number(new URL(baseUrl).port);

const EXACT = ['/metrics', '/healthz', '/readyz', '/slack/install', '/slack/oauth_redirect'];
const variantsOf = (path: string) => [`${path}/`, path.toUpperCase(), `${path[0]}${path[1]!.toUpperCase()}${path.slice(2)}`, `${path}//`];

describe('operator and OAuth endpoints over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ oauth: { keepBotToken: true } });
  });
  afterAll(() => h?.close());

  it('answer their exact paths', async () => {
    const port = portOf(h.baseUrl);
    expect((await rawGet(port, '/metrics')).status).toBe(200);
    expect((await rawGet(port, '/metrics')).body).toContain('herald_');
    expect((await rawGet(port, '/healthz')).status).toBe(200);
    expect((await rawGet(port, '/readyz')).status).toBe(200);
    expect((await rawGet(port, '/slack/install')).status).toBe(302);
    // No code: the installation failed, in words, but the route answered.
    expect((await rawGet(port, '/slack/oauth_redirect')).status).toBe(400);
  });

  it.each(EXACT)('answer no other spelling of %s', async (path) => {
    const port = portOf(h.baseUrl);
    for (const variant of variantsOf(path)) {
      const answer = await rawGet(port, variant);
      expect({ variant, status: answer.status }).toEqual({ variant, status: 404 });
      expect(answer.body).not.toContain('herald_');
    }
  });
});

describe('operator endpoints in Socket Mode', () => {
  let world: SocketModeHerald;
  beforeAll(async () => {
    world = await startSocketModeHerald();
  });
  afterAll(() => world?.close());

  it('answer their exact paths and no other spelling', async () => {
    for (const path of ['/metrics', '/healthz', '/readyz']) {
      expect((await rawGet(world.port, path)).status).toBe(200);
      for (const variant of variantsOf(path))
        expect({ variant, status: (await rawGet(world.port, variant)).status }).toEqual({ variant, status: 404 });
    }
  });
});

const nginx = spawnSync('nginx', ['-v']).error === undefined ? 'nginx' : undefined;
if (!nginx) console.log('deploy/nginx.conf in front of Herald: not run, nginx is not installed (Debian: apt-get install nginx-light)');

// deploy/nginx.conf as docker compose runs it, aimed at this test's Herald instead of the "herald" service.
(nginx ? describe : describe.skip)('deploy/nginx.conf in front of Herald', () => {
  let h: Harness;
  let dir: string;
  let proxy: ChildProcess;
  let proxyPort: number;
  beforeAll(async () => {
    h = await startHarness();
    dir = await mkdtemp(join(tmpdir(), 'herald-nginx-'));
    proxyPort = await freePort();
    const deployed = readFileSync(join(process.cwd(), 'deploy', 'nginx.conf'), 'utf8');
    const server = [
      ['listen 80;', `listen 127.0.0.1:${proxyPort};`],
      ['resolver 127.0.0.11 valid=10s ipv6=off;', ''],
      ['http://herald:3000', `http://127.0.0.1:${portOf(h.baseUrl)}`],
    ].reduce((text, [from, to]) => {
      expect(text).toContain(from);
      return text.replace(from!, to!);
    }, deployed);
    await writeFile(join(dir, 'server.conf'), server);
    await writeFile(
      join(dir, 'nginx.conf'),
      `worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  include ${dir}/server.conf;\n}\n`,
    );
    const checked = spawnSync(nginx!, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    expect(checked.stderr).toContain('test is successful');
    proxy = spawn(nginx!, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    await waitUntil(async () => (await rawGet(proxyPort, '/healthz').catch(() => undefined))?.status === 200, 10_000, 'nginx forwarding');
  });
  afterAll(async () => {
    proxy?.kill('SIGTERM');
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('forwards Slack and health checks, and refuses every spelling of /metrics', async () => {
    expect((await rawGet(proxyPort, '/healthz')).status).toBe(200);
    expect((await rawGet(proxyPort, '/readyz')).status).toBe(200);
    const spellings = [
      '/metrics',
      '/metrics/',
      '/Metrics',
      '/METRICS',
      '/metrics/x',
      '//metrics',
      '/./metrics',
      '/x/../metrics',
      '/%6Detrics',
      '/metrics%2F',
      '/metrics?format=text',
      '/metrics;x',
    ];
    for (const path of spellings) {
      const answer = await rawGet(proxyPort, path);
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      expect(answer.body).not.toContain('herald_');
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
