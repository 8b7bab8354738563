import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A certificate authority made for one test (issue 24: TLS tested against a CA the test made):
// `openssl` signs a server certificate for 127.0.0.1 and localhost, and a client certificate; a
// second CA signs nothing the servers use, so a client that trusts only it must refuse them.

/** PEM files of a test's CAs and certificates, in a directory of its own. */
export interface TestCertificates {
  readonly dir: string;
  /** The CA that signed `serverCert` and `clientCert`. */
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** Another CA: trusting it alone, a client must refuse the server. */
  readonly otherCaCert: string;
}

const openssl = (args: readonly string[]): void => {
  execFileSync('openssl', args, { stdio: 'pipe' });
};

function sign(
  dir: string,
  name: string,
  ca: { cert: string; key: string },
  extensions: string,
): { cert: string; key: string } {
  const [cert, key, csr, ext] = ['pem', 'key', 'csr', 'ext'].map((suffix) =>
    join(dir, `${name}.${suffix}`),
  ) as [string, string, string, string];
  writeFileSync(ext, extensions);
  openssl([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    `/CN=${name}`,
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '2',
    '-sha256',
    '-extfile',
    ext,
  ]);
  return { cert, key };
}

/** Makes the CAs and certificates (2 days valid) in a new temporary directory. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'tracey-tls-'));
  const ca = (name: string) => {
    const files = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-keyout',
      files.key,
      '-out',
      files.cert,
      '-subj',
      `/CN=Tracey test ${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return files;
  };
  const main = ca('ca');
  const other = ca('other-ca');
  const server = sign(
    dir,
    'server',
    main,
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  const client = sign(
    dir,
    'client',
    main,
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
  );
  return {
    dir,
    caCert: main.cert,
    caKey: main.key,
    serverCert: server.cert,
    serverKey: server.key,
    clientCert: client.cert,
    clientKey: client.key,
    otherCaCert: other.cert,
  };
}
