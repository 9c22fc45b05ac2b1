import { describe, expect, it } from 'vitest';
import { checkUpgrade, localOrigins, newSessionToken } from './upgrade-guard.ts';

const policy = {
  path: '/live',
  token: 'secret-token',
  origins: localOrigins('127.0.0.1', 5170),
};
const ok = {
  url: '/live?token=secret-token',
  origin: 'http://127.0.0.1:5170',
  host: '127.0.0.1:5170',
};

describe('checkUpgrade', () => {
  it('accepts the bridge’s own origins with the token', () => {
    expect(checkUpgrade(ok, policy)).toEqual({ ok: true });
    expect(
      checkUpgrade({ ...ok, origin: 'http://localhost:5170', host: 'localhost:5170' }, policy),
    ).toEqual({ ok: true });
  });

  it('refuses another origin, no origin, or a rebinding host with 403', () => {
    expect(checkUpgrade({ ...ok, origin: 'https://evil.example' }, policy)).toEqual({
      ok: false,
      status: 403,
      reason: 'origin "https://evil.example" is not allowed',
    });
    expect(checkUpgrade({ ...ok, origin: 'http://127.0.0.1:5171' }, policy)).toMatchObject({
      status: 403,
    });
    expect(checkUpgrade({ ...ok, origin: undefined }, policy)).toMatchObject({
      status: 403,
      reason: 'origin (none) is not allowed',
    });
    expect(checkUpgrade({ ...ok, host: 'evil.example:5170' }, policy)).toMatchObject({
      status: 403,
      reason: 'host "evil.example:5170" is not allowed',
    });
  });

  it('refuses a missing or wrong token with 401, and other paths with 404', () => {
    expect(checkUpgrade({ ...ok, url: '/live' }, policy)).toMatchObject({
      status: 401,
      reason: 'token missing',
    });
    expect(checkUpgrade({ ...ok, url: '/live?token=secret-tokeN' }, policy)).toMatchObject({
      status: 401,
      reason: 'token wrong',
    });
    expect(checkUpgrade({ ...ok, url: '/livex?token=secret-token' }, policy)).toMatchObject({
      status: 404,
    });
  });
});

describe('localOrigins', () => {
  it('lists the loopback names for a loopback address, and only the address otherwise', () => {
    expect(localOrigins('127.0.0.1', 80)).toEqual([
      'http://127.0.0.1:80',
      'http://localhost:80',
      'http://[::1]:80',
    ]);
    expect(localOrigins('192.168.1.5', 5170)).toEqual(['http://192.168.1.5:5170']);
  });
});

describe('newSessionToken', () => {
  it('is 32 random bytes in URL-safe base64, different each run', () => {
    const a = newSessionToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSessionToken()).not.toBe(a);
  });
});
