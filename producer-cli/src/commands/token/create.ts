import { Flags } from '@oclif/core';
import { hashToken, newToken, TOKEN_SCOPES, type TokenScope } from '@tracey/http-kit';
import { badInput } from '../../internal/cli-error.js';
import { TraceyCommand } from '../../internal/tracey-command.js';

// The token is printed once, here, and stored nowhere: the tokens file keeps only its hash.
export default class TokenCreate extends TraceyCommand {
  static override summary = 'Make a new API token and print the line to add to TRACEY_TOKENS_FILE.';
  static override description = [
    'Prints the token once (keep it; it is not stored anywhere) and the tokens-file entry with its',
    'hash. Add the entry under `tokens:` and send the service SIGHUP (or restart it).',
    `Scopes: ${TOKEN_SCOPES.join(', ')}.`,
  ].join(' ');
  static override examples = [
    'tracey token create --name ci-publisher --scopes publish',
    'tracey token create --name grafana --scopes read --hash scrypt',
    'tracey token create --name ops --scopes read,cypher,admin --json',
  ];
  static override flags = {
    name: Flags.string({
      description: 'name the token is known by in logs and the audit trail',
      required: true,
    }),
    scopes: Flags.string({
      description: `comma-separated scopes: ${TOKEN_SCOPES.join(', ')}`,
      required: true,
    }),
    hash: Flags.string({
      description: 'hash stored in the file: sha256 (fast) or scrypt (slow to guess)',
      options: ['sha256', 'scrypt'],
      default: 'sha256',
    }),
    json: Flags.boolean({ description: 'print {token, entry} as JSON' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(TokenCreate);
    if (!/^[\w.@-]{1,100}$/.test(flags.name)) {
      throw badInput(`--name: "${flags.name}" must be 1–100 letters, digits, or . _ @ -`);
    }
    const scopes = flags.scopes
      .split(',')
      .map((scope) => scope.trim())
      .filter((scope) => scope !== '');
    const unknown = scopes.filter((scope) => !(TOKEN_SCOPES as readonly string[]).includes(scope));
    if (scopes.length === 0 || unknown.length > 0) {
      throw badInput(
        `--scopes: ${unknown.length > 0 ? `unknown scope "${unknown.join('", "')}"` : 'give at least one scope'}; scopes are ${TOKEN_SCOPES.join(', ')}`,
      );
    }
    const token = newToken();
    const kind = flags.hash === 'scrypt' ? 'scrypt' : 'sha256';
    const hash = hashToken(token, kind);
    const entry = { name: flags.name, scopes: [...new Set(scopes)] as TokenScope[], [kind]: hash };
    if (flags.json) {
      this.log(JSON.stringify({ token, entry }));
      return;
    }
    this.log(`token (shown once): ${token}`);
    this.log('add under `tokens:` in TRACEY_TOKENS_FILE:');
    this.log(`  - {name: ${entry.name}, scopes: [${entry.scopes.join(', ')}], ${kind}: "${hash}"}`);
  }
}
