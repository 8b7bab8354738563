import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { ociPurl } from './oci-purl.js';

const D = 'sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427';
const E = 'sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427';

describe('ociPurl', () => {
  it.each([
    [
      `ghcr.io/acme/shop/checkout:1.4.0@${D}`,
      `pkg:oci/checkout@${E}?repository_url=ghcr.io/acme/shop/checkout&tag=1.4.0`,
    ],
    [`ghcr.io/acme/checkout@${D}`, `pkg:oci/checkout@${E}?repository_url=ghcr.io/acme/checkout`],
    ['ghcr.io/acme/checkout:1.4.0', 'pkg:oci/checkout?repository_url=ghcr.io/acme/checkout&tag=1.4.0'],
    // Docker's defaults made explicit, as the purl spec's oci example writes docker.io/library/debian.
    ['nginx:1.27', 'pkg:oci/nginx?repository_url=docker.io/library/nginx&tag=1.27'],
    ['nginx', 'pkg:oci/nginx?repository_url=docker.io/library/nginx&tag=latest'],
    [`nginx@${D}`, `pkg:oci/nginx@${E}?repository_url=docker.io/library/nginx`],
    ['acme/checkout:2', 'pkg:oci/checkout?repository_url=docker.io/acme/checkout&tag=2'],
    ['index.docker.io/library/redis:7', 'pkg:oci/redis?repository_url=docker.io/library/redis&tag=7'],
    ['localhost:5000/checkout:dev', 'pkg:oci/checkout?repository_url=localhost%3A5000/checkout&tag=dev'],
    ['registry.local/team/app', 'pkg:oci/app?repository_url=registry.local/team/app&tag=latest'],
  ])('%s → %s', (image, purl) => {
    expect(ociPurl(image)).toEqual({ ok: true, purl });
  });

  it('gives what a purl library reads back as the same image', () => {
    const result = ociPurl(`registry.example.com:8443/acme/shop/checkout:1.4.0@${D}`);
    if (!result.ok) throw new Error(result.reason);
    const parsed = PackageURL.fromString(result.purl);
    expect(parsed.type).toBe('oci');
    expect(parsed.name).toBe('checkout');
    expect(parsed.version).toBe(D);
    expect(parsed.qualifiers).toEqual({
      repository_url: 'registry.example.com:8443/acme/shop/checkout',
      tag: '1.4.0',
    });
  });

  it.each([
    ['', 'invalid repository name part ""'],
    ['Acme/App:1', 'invalid repository name part "Acme"'],
    ['ghcr.io/acme/app:bad tag', 'invalid tag "bad tag"'],
    ['ghcr.io/acme/app@sha256', 'no valid digest'],
    [`ghcr.io/acme/app@${D}@${D}`, 'no valid digest'],
  ])('refuses %j: %s', (image, reason) => {
    const result = ociPurl(image);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });
});
