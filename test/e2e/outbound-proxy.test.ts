import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy.js';
import { openHeraldProcessWorld, type HeraldProcessWorld } from '../support/herald-process-world.js';
import { openUpdateForm } from '../support/update-form-driver.js';

// Behind an office proxy every call out goes through it: Slack's Web API and the status page, on whichever Node
// runs the test. Herald runs as its own process with the proxy variables set, as an operator sets them. The
// fakes speak plain http, so HTTP_PROXY is the variable read here; https URLs read HTTPS_PROXY the same way
// (test/unit/proxy-agents.test.ts). The proxy tunnels both with CONNECT and records each target.

describe('an outbound proxy named in the environment', () => {
  let world: HeraldProcessWorld;
  let proxy: ConnectProxy;
  beforeAll(async () => {
    world = await openHeraldProcessWorld({ signingSecret: 'proxy-test-signing-secret', dataDirPrefix: 'herald-proxy-' });
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    await world?.close();
    await proxy?.close();
  });
  beforeEach(() => proxy.connects.splice(0));

  const slackHost = () => new URL(world.slack.apiUrl).host;
  const pagerdutyHost = () => new URL(world.pagerduty.url).host;

  it('carries the calls to Slack and to the status page', async () => {
    const herald = await world.start({ HTTP_PROXY: proxy.url });
    await openUpdateForm(world.driverFor(herald.port));
    expect(new Set(proxy.connects)).toEqual(new Set([slackHost(), pagerdutyHost()]));
    herald.kill('SIGTERM');
    expect(await herald.exited).toBe(0);
  });

  it('leaves out the hosts NO_PROXY names, which are called directly', async () => {
    const herald = await world.start({ HTTP_PROXY: proxy.url, NO_PROXY: `example.com, ${pagerdutyHost()}` });
    await openUpdateForm(world.driverFor(herald.port));
    expect(new Set(proxy.connects)).toEqual(new Set([slackHost()]));
    expect(world.pagerduty.calls.length).toBeGreaterThan(0);
    herald.kill('SIGTERM');
    expect(await herald.exited).toBe(0);
  });
});
