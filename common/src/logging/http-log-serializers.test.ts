import { describe, expect, it } from 'vitest';
import { httpLogSerializers } from './http-log-serializers.js';

describe('httpLogSerializers', () => {
  it('keeps method, URL, client address and status, and nothing else', () => {
    const request = {
      method: 'GET',
      url: '/events/1',
      ip: '127.0.0.1',
      headers: { authorization: 'Bearer s' },
    };
    expect(httpLogSerializers.req(request)).toEqual({
      method: 'GET',
      url: '/events/1',
      remoteAddress: '127.0.0.1',
    });
    expect(httpLogSerializers.res({ statusCode: 404 })).toEqual({ statusCode: 404 });
  });

  it('removes a password from a URL', () => {
    expect(httpLogSerializers.req({ method: 'GET', url: 'http://u:secret@x/y' }).url).not.toContain('secret');
  });

  it('removes a secret or token given in the query, keeping the other parameters', () => {
    const url = httpLogSerializers.req({ method: 'POST', url: '/jira?secret=s3cr3t&x=1&token=t0k' }).url;
    expect(url).toBe('/jira?secret=***&x=1&token=***');
    // The name percent-encoded is the same name to the server: redacted too.
    expect(httpLogSerializers.req({ method: 'POST', url: '/jira?%73ecret=s3cr3t' }).url).toBe(
      '/jira?%73ecret=***',
    );
  });
});
