// A generated graph with the shapes real data has and the other fixtures lack (issue 16, item 6):
// a third-party library every build is made of (a node with 20,000 incoming links), three domains
// whose links cross between them, producers whose clocks are minutes off, and valid events of
// more than 1 MB. The tests check the API against computations over this input alone.
import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';

/** The domains (`meta.source.domainId`) and what each one sends. */
export const DOMAINS = {
  /** Third-party components, declared by a package feed. */
  vendor: 'vendor.example.com',
  /** Source changes, compositions and artifacts of the build farm. */
  ci: 'ci.example.com',
  /** Confidence levels of the release gates. */
  qa: 'qa.example.com',
} as const;

/** The QA gate's clock runs 4 minutes behind the build farm's: within the API's 5-minute tolerance. */
export const QA_GATE_SKEW_MS = -240_000;
/** The release gate's clock runs 8 minutes behind: past the tolerance. */
export const RELEASE_GATE_SKEW_MS = -480_000;

export interface RealDataShapesOptions {
  /** Components built by the farm. Default 20. */
  readonly services?: number;
  /** Builds (compositions) of each one, every one made of the hot library. Default 1,000. */
  readonly buildsPerService?: number;
  /** Time of the first event, ms since the epoch. Default 2026-03-01. */
  readonly startTime?: number;
}

/** The generated events in the order they were made (each links only to earlier ones), and where the shapes are. */
export interface RealDataShapes {
  readonly events: EiffelEvent[];
  /** The third-party library every composition has as an ELEMENT. */
  readonly hot: string;
  /** Artifacts whose JSON is over 1 MB (an SBOM in `customData`), each with a release candidate. */
  readonly large: string[];
}

const MB = 1_000_000;

/**
 * A build farm's history: `services` components built in turn every 30 s. Each build is a
 * composition of the service's latest submitted change, the hot library (`openssl`, in the vendor
 * domain: an ELEMENT link with its `domainId`) and one of two other libraries, following the
 * service's previous composition. Every tenth build of a service starts with a new source change
 * (created on the previous submission, `BASE`), every tenth ends in an artifact, which the QA gate
 * (in the qa domain, its clock 4 minutes behind) marks `readyForRelease` a minute later; every
 * hundredth build's artifact is also marked `RELEASE_CANDIDATE` by the release gate, two minutes later by
 * a clock 8 minutes behind. The 50th artifacts of services 0 and 1 carry an SBOM of over 1 MB.
 */
export function generateRealDataShapes(options: RealDataShapesOptions = {}): RealDataShapes {
  const services = options.services ?? 20;
  const builds = options.buildsPerService ?? 1000;
  const start = options.startTime ?? Date.UTC(2026, 2, 1);
  const events: EiffelEvent[] = [];
  const large: string[] = [];
  const source = (domainId: string, name: string) => ({ domainId, name, host: `${name}.${domainId}` });
  const vendor = source(DOMAINS.vendor, 'package-feed');

  const library = (name: string, version: string) => {
    const event = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      { identity: `pkg:generic/${name}@${version}`, name },
      { time: start, source: vendor },
    ).build();
    events.push(event);
    return event.meta.id;
  };
  const hot = library('openssl', '3.0.13');
  const others = [library('zlib', '1.3.1'), library('icu', '74.2')];

  interface Chain {
    scc?: string;
    scs?: string;
    cd?: string;
    art?: string;
  }
  const chains: Chain[] = Array.from({ length: services }, () => ({}));
  for (let g = 0; g < services * builds; g++) {
    const s = g % services;
    const n = Math.floor(g / services);
    const chain = chains[s] as Chain;
    const service = `svc-${String(s).padStart(2, '0')}`;
    const farm = source(DOMAINS.ci, `build-farm-${service}`);
    const t = start + 60_000 + g * 30_000;
    if (n % 10 === 0) {
      const git = {
        gitIdentifier: {
          commitId: `${service}-${n}`.padEnd(40, '0'),
          repoUri: `https://git.example.com/${service}.git`,
          repoName: service,
          branch: 'main',
        },
      };
      const scc = eiffelEvent('EiffelSourceChangeCreatedEvent', git, { time: t - 120_000, source: farm });
      if (chain.scs !== undefined) scc.link('BASE', chain.scs);
      if (chain.scc !== undefined) scc.link('PREVIOUS_VERSION', chain.scc);
      const sccEvent = scc.build();
      const scs = eiffelEvent('EiffelSourceChangeSubmittedEvent', git, {
        time: t - 60_000,
        source: farm,
      }).link('CHANGE', sccEvent);
      if (chain.scs !== undefined) scs.link('PREVIOUS_VERSION', chain.scs);
      const scsEvent = scs.build();
      events.push(sccEvent, scsEvent);
      chain.scc = sccEvent.meta.id;
      chain.scs = scsEvent.meta.id;
    }
    const cd = eiffelEvent(
      'EiffelCompositionDefinedEvent',
      { name: service, version: `1.${n}` },
      { time: t, source: farm },
    )
      .link('ELEMENT', chain.scs ?? '')
      .link('ELEMENT', hot, DOMAINS.vendor)
      .link('ELEMENT', others[g % 2] ?? '', DOMAINS.vendor);
    if (chain.cd !== undefined) cd.link('PREVIOUS_VERSION', chain.cd);
    const cdEvent = cd.build();
    events.push(cdEvent);
    chain.cd = cdEvent.meta.id;
    if (n % 10 !== 9) continue;

    const withSbom = n === 499 && s < 2;
    const art = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      {
        identity: `pkg:generic/${service}@1.${n}`,
        name: service,
        customData: withSbom ? [{ key: 'sbom', value: sbom(service, MB + 200_000) }] : [],
      },
      { time: t + 60_000, source: farm },
    ).link('COMPOSITION', cdEvent);
    if (chain.art !== undefined) art.link('PREVIOUS_VERSION', chain.art);
    const artEvent = art.build();
    events.push(artEvent);
    chain.art = artEvent.meta.id;
    if (withSbom) large.push(artEvent.meta.id);

    // The gates see the artifact one and two minutes after it is made, by their own clocks.
    const gate = (name: string, after: number, skew: number, gateName: string) =>
      eiffelEvent(
        'EiffelConfidenceLevelModifiedEvent',
        { name, value: 'SUCCESS' },
        { time: t + after + skew, source: source(DOMAINS.qa, gateName) },
      )
        .link('SUBJECT', artEvent, DOMAINS.ci)
        .build();
    events.push(gate('readyForRelease', 120_000, QA_GATE_SKEW_MS, 'qa-gate'));
    if (n % 100 === 99) events.push(gate('RELEASE_CANDIDATE', 180_000, RELEASE_GATE_SKEW_MS, 'release-gate'));
  }
  return { events, hot, large };
}

/** A software bill of materials at least `bytes` long as JSON: components with licences, some non-ASCII. */
function sbom(service: string, bytes: number): unknown[] {
  const components: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const component = {
      name: `${service}-dep-${i}`,
      version: `${i % 7}.${i % 13}.${i % 5}`,
      purl: `pkg:npm/%40example/${service}-dep-${i}@${i % 7}.${i % 13}.${i % 5}`,
      licenses: i % 3 === 0 ? ['MIT', 'Apache-2.0'] : ['BSD-3-Clause'],
      description: i % 10 === 0 ? `Übersetzung für 日本語 "quoted" \\ ${i} 🚀` : `dependency ${i}`,
      hashes: [{ alg: 'SHA-256', content: (i * 2_654_435_761).toString(16).padStart(64, '0') }],
    };
    size += JSON.stringify(component).length + 1;
    components.push(component);
  }
  return components;
}
