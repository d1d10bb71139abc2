import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { proxyAgentFor } from '../../src/providers/proxy-agents.js';

// Which calls go through a proxy, read from the environment as curl reads it.

describe('proxyAgentFor', () => {
  const names = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  beforeEach(() => {
    for (const name of names) delete process.env[name];
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  });

  it('calls directly when no proxy is named', () => {
    expect(proxyAgentFor('https://slack.com/api/')).toBeUndefined();
  });

  it('takes HTTPS_PROXY for https URLs and HTTP_PROXY for http ones, one pool per proxy', () => {
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128';
    const slack = proxyAgentFor('https://slack.com/api/');
    expect(slack).toBeInstanceOf(HttpsProxyAgent);
    expect(proxyAgentFor('https://api.pagerduty.com')).toBe(slack);
    expect(proxyAgentFor('http://status.internal/')).toBeUndefined();
    process.env.HTTP_PROXY = 'http://proxy.internal:3128';
    expect(proxyAgentFor('http://status.internal/')).toBeInstanceOf(HttpProxyAgent);
  });

  it('calls the hosts NO_PROXY names directly, subdomains and ports included', () => {
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128';
    process.env.NO_PROXY = '.pagerduty.com, statuspage.internal:8443';
    expect(proxyAgentFor('https://api.pagerduty.com')).toBeUndefined();
    expect(proxyAgentFor('https://statuspage.internal:8443/v1')).toBeUndefined();
    expect(proxyAgentFor('https://statuspage.internal/v1')).toBeInstanceOf(HttpsProxyAgent);
    expect(proxyAgentFor('https://slack.com/api/')).toBeInstanceOf(HttpsProxyAgent);
  });
});
