import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { pino } from 'pino';
import { EventGraph } from '@tracey/graph';
import { buildApp } from '@tracey/api';
import { ingest, syntheticRelease } from '@tracey/api/testing';
import { hashToken } from '@tracey/http-kit';
const connection = { url: 'bolt://127.0.0.1:7693', user: 'neo4j', password: process.env.PW };
const events = syntheticRelease();
const writer = EventGraph.connect(connection);
await ingest(writer, events);
const graph = EventGraph.connectReader(connection);
const dir = mkdtempSync('/tmp/zz429-');
writeFileSync(`${dir}/t.yaml`, `tokens:\n  - {name: a, scopes: [read], sha256: ${hashToken('noisy-token-0123456789abcdef')}}\n`);
const app = buildApp({ graph, config: { apiToken: undefined, readAuth: 'required', tokensFile: `${dir}/t.yaml`, rateLimit: Number(process.env.RL), rateLimitWindowMs: 1000 }, logger: pino({ level: 'silent' }), ui: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const port = app.server.address().port;
const path = `/events/${events.at(-1).meta.id}`;
const script = `
const http = require('node:http'); const agent = new http.Agent({ keepAlive: true, maxSockets: Number(process.env.SOCK) });
const get = () => new Promise((done) => { const r = http.request({ host: '127.0.0.1', port: ${port}, path: '${path}', agent, headers: { authorization: 'Bearer noisy-token-0123456789abcdef' } }, (res) => { res.resume(); res.on('end', () => done(res.statusCode)); }); r.on('error', () => done(0)); r.end(); });
(async () => { const c = {}; for (let k = 0; k < Number(process.env.N); k += 100) { const s = await Promise.all(Array.from({ length: 100 }, get)); for (const x of s) c[x] = (c[x] ?? 0) + 1; } console.log(JSON.stringify(c)); agent.destroy(); })();`;
for (let round = 0; round < 3; round++) {
  const cpu0 = process.cpuUsage(); const t0 = performance.now();
  const N = Number(process.env.N ?? 10000);
  await new Promise((res) => { const p = spawn(process.execPath, ['-e', script], { env: { ...process.env, N: String(N) }, stdio: ['ignore', 'inherit', 'inherit'] }); p.on('exit', res); });
  const cpu = process.cpuUsage(cpu0); const ms = performance.now() - t0;
  console.log(`round ${round}: ${N} requests in ${ms.toFixed(0)} ms; server CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms = ${((cpu.user + cpu.system) / N).toFixed(1)} µs/request`);
}
await app.close(); await graph.close(); await writer.close();
