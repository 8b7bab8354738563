/** The version control systems Eiffel source change events name, by their identifier member. */
export type SourceVcs = 'git' | 'svn' | 'hg' | 'cc';

/**
 * Where a source change lives, whichever of the four Eiffel identifiers it uses, reduced to
 * common fields: what the graph stores on SourceChange nodes and the trace reports show.
 */
export interface SourceIdentity {
  readonly vcs: SourceVcs | null;
  /** Commit hash (git, hg) or revision (svn, as text); ClearCase names none. */
  readonly commitId: string | null;
  /** Repository name; ClearCase: its VOBs, joined by commas. */
  readonly repoName: string | null;
  /** Repository URI; ClearCase: the config spec. */
  readonly repoUri: string | null;
  /** Branch (git, hg, ClearCase) or directory (svn). */
  readonly branch: string | null;
}

/** The common field read from each identifier member: field of `data.<member>` per property. */
interface IdentifierFields {
  readonly vcs: SourceVcs;
  readonly member: string;
  readonly commitId?: string;
  readonly repoName?: string;
  readonly repoUri: string;
  readonly branch: string;
}

/** In the order a change naming several is read (the protocol allows one; git wins). */
const IDENTIFIERS: readonly IdentifierFields[] = [
  {
    vcs: 'git',
    member: 'gitIdentifier',
    commitId: 'commitId',
    repoName: 'repoName',
    repoUri: 'repoUri',
    branch: 'branch',
  },
  {
    vcs: 'hg',
    member: 'hgIdentifier',
    commitId: 'commitId',
    repoName: 'repoName',
    repoUri: 'repoUri',
    branch: 'branch',
  },
  {
    vcs: 'svn',
    member: 'svnIdentifier',
    commitId: 'revision',
    repoName: 'repoName',
    repoUri: 'repoUri',
    branch: 'directory',
  },
  // ClearCase names no commit: its changed VOBs stand for the repository, the config spec for its URI.
  { vcs: 'cc', member: 'ccCompositeIdentifier', repoName: 'vobs', repoUri: 'configSpec', branch: 'branch' },
];

type Json = Readonly<Record<string, unknown>>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'))
    return value.join(',');
  return null;
}

/** The identity of a source change from its `data` (any version); all `null` when it names none. */
export function sourceChangeIdentity(data: unknown): SourceIdentity {
  const members = object(data) ?? {};
  for (const fields of IDENTIFIERS) {
    const member = object(members[fields.member]);
    if (member === undefined) continue;
    const field = (name: string | undefined) => (name === undefined ? null : text(member[name]));
    return {
      vcs: fields.vcs,
      commitId: field(fields.commitId),
      repoName: field(fields.repoName),
      repoUri: field(fields.repoUri),
      branch: field(fields.branch),
    };
  }
  return { vcs: null, commitId: null, repoName: null, repoUri: null, branch: null };
}

/** The node properties a source change's identity gives, in this order. */
export const SOURCE_IDENTITY_PROPERTIES = ['commitId', 'repoName', 'repoUri', 'branch', 'vcs'] as const;

/**
 * The identity property holding `data.<dataPath>` of a source change, and the `vcs` the node
 * must have for the two to be the same value: `gitIdentifier.commitId` → `commitId` on `git`
 * nodes. Only text fields (an svn revision is a number in the event, text on the node).
 */
export function sourceIdentityPropertyOf(
  dataPath: string,
): { readonly property: string; readonly vcs: SourceVcs } | undefined {
  for (const fields of IDENTIFIERS) {
    for (const property of ['commitId', 'repoName', 'repoUri', 'branch'] as const) {
      const field = fields[property];
      if (field === undefined || `${fields.member}.${field}` !== dataPath) continue;
      if (
        (fields.vcs === 'svn' && property === 'commitId') ||
        (fields.vcs === 'cc' && property === 'repoName')
      )
        return undefined;
      return { property, vcs: fields.vcs };
    }
  }
  return undefined;
}
