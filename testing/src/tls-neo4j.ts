import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@tracey/common';
import { portOpen } from './port-open.js';
import type { TestCertificates } from './test-certificates.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** The Neo4j server jars the test services' script fetched (scripts/lib/neo4j.sh). */
function neo4jLib(): string {
  const candidates = [
    process.env['TRACEY_TEST_SERVICES_DIR'],
    `${root}.services/test-integration`,
    `${root}.services/test-faults`,
    `${root}.services/local`,
  ].flatMap((dir) => (dir === undefined ? [] : [`${dir}/neo4j/lib`]));
  const lib = candidates.find((dir) => existsSync(`${dir}/.pom.sha256`));
  if (lib === undefined)
    throw new Error(
      `no Neo4j server jars in ${candidates.join(', ')}: start the test services once (bash scripts/test-services.sh start integration)`,
    );
  return lib;
}

function java(): string {
  const found = [
    process.env['TRACEY_JAVA_HOME'],
    '/usr/lib/jvm/java-17-openjdk-amd64',
    '/usr/lib/jvm/java-17-openjdk-arm64',
    '/usr/lib/jvm/java-17-openjdk',
  ].find((home) => home !== undefined && existsSync(`${home}/bin/java`));
  if (found === undefined) throw new Error('Java 17 not found (TRACEY_JAVA_HOME)');
  return `${found}/bin/java`;
}

/**
 * A Neo4j server of one test with Bolt over TLS only (issue 24): Neo4j's own TLS listener, its
 * certificate signed by the test's CA, the test services' jars, a database of its own under a
 * temporary directory and small memory. Stopped and deleted by {@link TlsNeo4j.stop}.
 */
export class TlsNeo4j {
  static readonly password = 'tracey-tls-test-password';

  private constructor(
    readonly port: number,
    private readonly home: string,
    private readonly server: ChildProcess,
  ) {}

  /** `bolt+s://127.0.0.1:<port>`: the certificate names 127.0.0.1. */
  get url(): string {
    return `bolt+s://127.0.0.1:${this.port}`;
  }

  static async start(certs: TestCertificates): Promise<TlsNeo4j> {
    const [lib, javaBin] = [neo4jLib(), java()];
    const home = await mkdtemp(`${tmpdir()}/tracey-tls-neo4j-`);
    const [bolt, http] = [await freePort(), await freePort()];
    for (const dir of [
      'conf',
      'data',
      'logs',
      'run',
      'import',
      'certificates/trusted',
      'certificates/revoked',
    ])
      mkdirSync(`${home}/${dir}`, { recursive: true });
    await run('cp', [certs.serverCert, `${home}/certificates/public.crt`]);
    await run('cp', [certs.serverKey, `${home}/certificates/private.key`]);
    await writeFile(
      `${home}/conf/neo4j.conf`,
      [
        `server.directories.data=${home}/data`,
        `server.directories.logs=${home}/logs`,
        `server.directories.run=${home}/run`,
        `server.directories.import=${home}/import`,
        'server.default_listen_address=127.0.0.1',
        `server.bolt.listen_address=127.0.0.1:${bolt}`,
        `server.bolt.advertised_address=127.0.0.1:${bolt}`,
        `server.http.listen_address=127.0.0.1:${http}`,
        'server.https.enabled=false',
        'server.bolt.tls_level=REQUIRED',
        'dbms.ssl.policy.bolt.enabled=true',
        `dbms.ssl.policy.bolt.base_directory=${home}/certificates`,
        'dbms.ssl.policy.bolt.private_key=private.key',
        'dbms.ssl.policy.bolt.public_certificate=public.crt',
        'dbms.ssl.policy.bolt.client_auth=NONE',
        'server.memory.pagecache.size=64m',
        'dbms.usage_report.enabled=false',
        '',
      ].join('\n'),
    );
    const env = { ...process.env, NEO4J_HOME: home, NEO4J_CONF: `${home}/conf` };
    await run(
      javaBin,
      ['-cp', `${lib}/*`, 'org.neo4j.cli.AdminTool', 'dbms', 'set-initial-password', TlsNeo4j.password],
      { env },
    );
    const server = spawn(
      javaBin,
      [
        '-Xms256m',
        '-Xmx256m',
        '--add-opens=java.base/java.nio=ALL-UNNAMED',
        '--add-opens=java.base/java.io=ALL-UNNAMED',
        '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
        '--add-opens=java.base/java.lang=ALL-UNNAMED',
        '-Dio.netty.tryReflectionSetAccessible=true',
        '-Dlog4j2.disable.jmx=true',
        '-cp',
        `${lib}/*`,
        'org.neo4j.server.CommunityEntryPoint',
        `--home-dir=${home}`,
        `--config-dir=${home}/conf`,
      ],
      { env, stdio: 'ignore' },
    );
    const neo4j = new TlsNeo4j(bolt, home, server);
    try {
      await waitUntil(`the TLS Neo4j on port ${bolt}`, () => portOpen(bolt), 120_000);
    } catch (error) {
      await neo4j.stop();
      throw error;
    }
    return neo4j;
  }

  async stop(): Promise<void> {
    if (this.server.exitCode === null) {
      const exited = new Promise((resolve) => this.server.once('exit', resolve));
      this.server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      if (this.server.exitCode === null) this.server.kill('SIGKILL');
    }
    await rm(this.home, { recursive: true, force: true });
  }
}
