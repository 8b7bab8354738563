import { describe, expect, it } from 'vitest';
import { buildEventId, buildIdentity, uuidV5 } from './event-ids.js';

describe('uuidV5', () => {
  it('gives the RFC 9562 test vector', () => {
    // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('buildIdentity', () => {
  it("is the URL and the queue id, so a re-created job does not reuse its old builds' ids", () => {
    const url = 'http://jenkins.example.com/job/feature%2Fx/1/';
    expect(buildIdentity(url, 812)).toBe(`${url}#812`);
    expect(buildIdentity(url, undefined)).toBe(url);
    expect(buildEventId(buildIdentity(url, 812), 'triggered')).not.toBe(
      buildEventId(buildIdentity(url, 901), 'triggered'),
    );
  });

  it('matches the documented formula: uuid5(namespace, BUILD_URL + "#" + queueId + "\\n" + role)', () => {
    // Computed with Python 3: uuid.uuid5(uuid.UUID("3d0c5e8a-6f4b-4c2e-9a71-5b8e2f1d7c60"),
    //   "http://jenkins.example.com/job/app-build/57/#812\ntriggered")
    expect(
      buildEventId(buildIdentity('http://jenkins.example.com/job/app-build/57/', 812), 'triggered'),
    ).toBe('e8bc4490-87a8-5d6c-983f-80fe93f35c18');
  });
});

describe('buildEventId', () => {
  const url = 'http://jenkins.example.com/job/app-build/57/';

  it('is stable, a v5 UUID, and differs by build and by kind', () => {
    const ids = [
      buildEventId(url, 'triggered'),
      buildEventId(url, 'started'),
      buildEventId(url, 'finished'),
      buildEventId(url, { artifact: 'dist/a.tgz' }),
      buildEventId(url, { artifact: 'dist/b.tgz' }),
      buildEventId('http://jenkins.example.com/job/app-build/58/', 'triggered'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(buildEventId(url, 'triggered')).toBe(ids[0]);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
