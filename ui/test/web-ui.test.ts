import { mkdirSync, copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, LiveEvents } from '@tracey/api';
import type {
  DoraAnswer,
  DoraDeploymentsAnswer,
  EventPageAnswer,
  LeadTimeAnswer,
  TraceContentsAnswer,
  TraceReleasesAnswer,
  TraversalAnswer,
} from '@tracey/api/contract';
import { ingest, syntheticRelease } from '@tracey/api/testing';
import { generateDoraHistory } from '@tracey/dora/testing';
import { EventGraph, type GraphReader } from '@tracey/graph';
import { eiffelEvent } from '@tracey/schemas';
import { AmqpTestBroker, connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';
import { formatDuration } from '../app/src/lib/format.js';

import { ensureUiBuilt, launchChromium } from './support/browser.js';

// Issue 21: the web UI against the real API on the real Neo4j, in Debian's Chromium, used as a
// person would; every figure it shows is compared with the API's own answer. Screenshots of each
// view go to ui/test-output/ (and to docs/ with TRACEY_UI_DOCS_SCREENSHOTS=1).

const output = fileURLToPath(new URL('../test-output/', import.meta.url));
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));

/** What the graph view exposes to tests (graph-canvas.tsx). */
interface TestHook {
  traceyGraph?: { nodeAt(id: string): { x: number; y: number } | null; count(): number };
}

type EventLike = { meta: { id: string; type: string; time: number }; data: Record<string, unknown> };

describe('the web UI, in Chromium, against the API', () => {
  const services = testServices();
  const release = syntheticRelease() as EventLike[];
  const DAY = 86_400_000;
  const history = generateDoraHistory({ services: 4, days: 56, start: Date.UTC(2026, 8, 1) });
  let app: FastifyInstance;
  let writer: EventGraph;
  let graph: GraphReader;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;
  let broker: AmqpTestBroker;
  let exchange: string;

  const api = async <T>(path: string): Promise<T> => {
    const response = await app.inject({ method: 'GET', url: path });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
    return response.json<T>();
  };

  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: `${output}${name}.png`, fullPage: name !== 'graph' });
    if (process.env['TRACEY_UI_DOCS_SCREENSHOTS'] === '1')
      copyFileSync(`${output}${name}.png`, `${docs}ui-${name}.png`);
  };

  /** No serious or critical accessibility violation on the page as it is. */
  const accessible = async (page: Page) => {
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
      );
    expect(bad).toEqual([]);
  };

  beforeAll(async () => {
    ensureUiBuilt();
    mkdirSync(output, { recursive: true });
    const driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    await driver.close();
    const connection = { url: services.neo4jUrl, user: services.neo4jUser, password: services.neo4jPassword };
    writer = EventGraph.connect(connection);
    await ingest(writer, release);
    await ingest(writer, history.written);
    graph = EventGraph.connectReader(connection);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    exchange = await broker.topicExchange('ui-live');
    const logger = pino({ level: 'silent' });
    app = buildApp({
      graph,
      config: { apiToken: undefined, readAuth: 'optional' },
      logger,
      live: new LiveEvents({ url: services.amqpUrl, exchange, logger }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await graph?.close();
    await writer?.close();
    await broker?.cleanup();
  });

  // The release (not the third-party library the release holds).
  const artifact = () => release.find((event) => event.data['identity'] === 'pkg:npm/app@2.0.0');
  const change = () => release.find((event) => event.meta.type === 'EiffelSourceChangeCreatedEvent');

  it('serves the UI under /ui/ with its own CSP, every view by its URL, and assets cached', async () => {
    const page = await api<{ links: Record<string, string> }>('/');
    expect(page.links['ui']).toBe('/ui/');
    for (const path of ['/ui/', '/ui/graph?id=x', '/ui/dora']) {
      const response = await app.inject({ method: 'GET', url: path });
      expect(response.statusCode, path).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    }
    expect((await app.inject({ method: 'GET', url: '/ui' })).headers['location']).toBe('/ui/');
    expect((await app.inject({ method: 'GET', url: '/ui/assets/gone.js' })).statusCode).toBe(404);
    const html = (await app.inject({ method: 'GET', url: '/ui/' })).body;
    const script = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    const asset = await app.inject({ method: 'GET', url: script });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('finds events by type, as the API does, and opens one', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/ui/`);
    await page.getByRole('heading', { name: 'Recent events' }).waitFor();
    await page.locator('table.events tbody tr').first().waitFor();
    // Events published now appear without a reload, newest first.
    await page.locator('.live-state', { hasText: 'live' }).waitFor();
    const arriving = Array.from({ length: 3 }, (_, i) =>
      eiffelEvent('EiffelArtifactCreatedEvent', { identity: `pkg:npm/arriving@${i}.0.0` }).build(),
    );
    for (const event of arriving) {
      broker.channel.publish(exchange, 'eiffel.live', Buffer.from(JSON.stringify(event)));
    }
    await expect
      .poll(() => page.getByTestId('live-events').locator('tbody tr td:nth-child(3)').allTextContents())
      .toEqual(arriving.map((event) => event.meta.id).reverse());
    expect(await page.getByTestId('live-count').textContent()).toContain('3 new events');
    await accessible(page);
    await shot(page, 'find');

    await page.getByLabel('Type').selectOption('EiffelArtifactCreatedEvent');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Events found' }).waitFor();
    expect(page.url()).toContain('type=EiffelArtifactCreatedEvent');
    const expected = await api<EventPageAnswer>('/events?meta.type=EiffelArtifactCreatedEvent&pageSize=25');
    await expect
      .poll(() => page.getByTestId('found-count').textContent())
      .toContain(`${expected.totalNumberItems} event`);
    const ids = await page.locator('table.events tbody tr td:nth-child(4)').allTextContents();
    expect(ids).toEqual(expected.items.map((event) => event.meta.id));

    // The back button returns to the recent events.
    await page.goBack();
    await page.getByRole('heading', { name: 'Recent events' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the graph of an event, shows a clicked event, and measures the lead time between two picked events', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const root = artifact()?.meta.id ?? '';
    const from = change()?.meta.id ?? '';
    await page.goto(`${base}/ui/graph?id=${root}&depth=unbounded`);
    const up = await api<TraversalAnswer>(`/events/${root}/upstream?limit=1000`);
    const down = await api<TraversalAnswer>(`/events/${root}/downstream?limit=1000`);
    const expectedIds = new Set([...up.nodes, ...down.nodes].map((node) => node.id));
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as TestHook).traceyGraph?.count() ?? 0), {
        timeout: 20_000,
      })
      .toBe(expectedIds.size);
    await page.getByTestId('graph-count').filter({ hasText: 'drawn in' }).waitFor();

    // Click the change on the canvas: the panel shows it, with its stored JSON.
    const at = await page.evaluate(
      (id) => (globalThis as unknown as TestHook).traceyGraph?.nodeAt(id) ?? null,
      from,
    );
    expect(at).not.toBeNull();
    await page.mouse.click(at?.x ?? 0, at?.y ?? 0);
    const panel = page.getByTestId('event-panel');
    await expect.poll(() => panel.textContent()).toContain(from);
    await panel.locator('pre.json').waitFor();
    expect(JSON.parse((await panel.locator('pre.json').textContent()) ?? '{}')).toEqual(change());

    // Pick it, then the root: the lead time is the API's, its path the API's.
    await panel.getByRole('button', { name: 'Pick for lead time' }).click();
    const rootAt = await page.evaluate(
      (id) => (globalThis as unknown as TestHook).traceyGraph?.nodeAt(id) ?? null,
      root,
    );
    await page.mouse.click(rootAt?.x ?? 0, rootAt?.y ?? 0);
    await expect.poll(() => panel.textContent()).toContain(root);
    await panel.getByRole('button', { name: 'Pick for lead time' }).click();
    const expected = await api<LeadTimeAnswer>(`/lead-time?from=${from}&to=${root}`);
    await expect
      .poll(() => page.getByTestId('lead-time-duration').textContent())
      .toBe(formatDuration(expected.milliseconds));
    expect(page.url()).toContain(`from=${from}`);
    const steps = await page.locator('[data-testid="lead-time"] tbody tr').count();
    expect(steps).toBe(expected.path.length);
    await accessible(page);
    await shot(page, 'graph');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('traces a release down and a change up, as the API does', async () => {
    const page = await context.newPage();
    const root = artifact()?.meta.id ?? '';
    await page.goto(`${base}/ui/release?id=${root}`);
    const report = page.getByTestId('release-report');
    await report.waitFor();
    const contents = await api<TraceContentsAnswer>(`/trace/${root}/contents`);
    const count = (section: string) => page.locator(`[data-section="${section}"] tbody tr`).count();
    expect(await count('source-changes')).toBe(contents.sourceChanges.length);
    expect(await count('work-items')).toBe(contents.workItems.length);
    expect(await count('artifacts')).toBe(contents.artifacts.length);
    expect(await count('third-party')).toBe(contents.thirdPartyComponents.length);
    expect(contents.sourceChanges.length).toBeGreaterThan(0);
    const changeIds = await page
      .locator('[data-section="source-changes"] tbody tr td:last-child a')
      .allTextContents();
    expect(changeIds).toEqual(contents.sourceChanges.map((row) => row.id));
    // CSV export of a table.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Source changes: CSV' }).click();
    expect((await download).suggestedFilename()).toBe('source-changes.csv');
    await accessible(page);
    await shot(page, 'release');

    const from = change()?.meta.id ?? '';
    await page.goto(`${base}/ui/change?id=${from}`);
    await page.getByTestId('change-report').waitFor();
    const releases = await api<TraceReleasesAnswer>(`/trace/${from}/releases`);
    expect(await count('deployments')).toBe(releases.deployments.length);
    expect(await count('artifacts')).toBe(releases.artifacts.length);
    expect(releases.artifacts.length).toBeGreaterThan(0);
    await accessible(page);
    await page.close();
  });

  it('shows the DORA keys the API computes, their trend, and the deployments behind them', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const since = new Date(history.start).toISOString().slice(0, 10);
    const until = new Date(history.start + 56 * DAY).toISOString().slice(0, 10);
    await page.goto(`${base}/ui/dora?since=${since}&until=${until}`);
    const query = `since=${since}T00:00:00Z&until=${until}T00:00:00Z`;
    const expected = await api<DoraAnswer>(`/dora?${query}&groupBy=week`);
    expect(expected.keys.deploymentFrequency.deployments).toBeGreaterThan(5);
    const figure = (name: string) => page.getByTestId(`figure-${name}`).textContent();
    await expect
      .poll(() => figure('Deployment frequency'))
      .toBe(`${expected.keys.deploymentFrequency.value.toFixed(2)} days/week`);
    expect(await figure('Lead time for changes')).toBe(formatDuration(expected.keys.leadTime.value));
    const rate = expected.keys.changeFailureRate.value;
    expect(await figure('Change failure rate')).toBe(rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);
    expect(await figure('Failed deployment recovery time')).toBe(
      formatDuration(expected.keys.recoveryTime.value),
    );
    expect(await page.locator('.trends .chart canvas').count()).toBeGreaterThanOrEqual(3);
    await accessible(page);
    await shot(page, 'dora');

    await page.getByRole('link', { name: 'See the deployments' }).first().click();
    const table = page.getByTestId('dora-deployments');
    await table.waitFor();
    const deployments = await api<DoraDeploymentsAnswer>(`/dora/deployments?${query}`);
    expect(await table.locator('tbody tr').count()).toBe(deployments.deployments.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for the token once when reads need one, and keeps it for the session', async () => {
    const token = 'ui-test-read-token-0123456789';
    const guarded = buildApp({
      graph,
      config: { apiToken: token, readAuth: 'required' },
      logger: pino({ level: 'silent' }),
    });
    await guarded.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = guarded.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
      const session = await browser.newContext();
      const page = await session.newPage();
      await page.goto(`${url}/ui/`);
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await accessible(page);
      await dialog.getByLabel('Token').fill(token);
      await dialog.getByRole('button', { name: 'Use it' }).click();
      await page.locator('table.events tbody tr').first().waitFor();
      // Another view in the same tab: no second question.
      await page.getByRole('link', { name: 'DORA' }).click();
      await page.getByTestId('figure-Deployment frequency').waitFor();
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.getItem('tracey.token'))).toBe(token);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      await session.close();
    } finally {
      await guarded.close();
    }
  });
});
