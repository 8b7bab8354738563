/**
 * The shape of the Eiffel protocol definitions once generated into TypeScript: a small subset of
 * JSON Schema (exactly the keywords the upstream definitions use) plus the `_links` rules.
 */

/** A JSON Schema node, reduced to the keywords the Eiffel definitions use. */
export type SchemaNode =
  | ObjectNode
  | ArrayNode
  | StringNode
  | { readonly type: 'integer' }
  | { readonly type: 'number' }
  | { readonly type: 'boolean' }
  /** `{}` in the definitions: any JSON value. */
  | { readonly type: 'any' }
  /** A reference to a shared property definition, e.g. `EiffelCustomDataProperty/2.0.0`. */
  | { readonly $ref: string };

export interface ObjectNode {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  /** `false` rejects members not listed in `properties`; JSON Schema's default is to allow them. */
  readonly additionalProperties?: boolean;
}

export interface ArrayNode {
  readonly type: 'array';
  readonly items?: SchemaNode;
}

export interface StringNode {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly pattern?: string;
}

/** What the protocol says about one link type of one event type version. */
export interface LinkRule {
  /** The event must carry at least one link of this type. */
  readonly required: boolean;
  /** More than one link of this type is allowed. */
  readonly multiple: boolean;
  /** Event types a link of this type may point at, or `'any'` when any type is legal. */
  readonly targetTypes: readonly string[] | 'any';
}

/** Link rules of one event type version, keyed by link type. */
export type LinkRuleTable = Readonly<Record<string, LinkRule>>;

/** One published version of one event type. */
export interface EventVersionDefinition {
  /** `$ref` of `meta`, e.g. `EiffelMetaProperty/3.0.0`. */
  readonly meta: string;
  /** `$ref` of each item of `links`, e.g. `EiffelEventLink/1.0.1`. */
  readonly link: string;
  readonly data: SchemaNode;
  readonly links: LinkRuleTable;
}

/** Every published version of one event type. */
export interface EventTypeDefinition {
  readonly name: string;
  /** The protocol's abbreviation, e.g. `ActF`. */
  readonly abbrev: string;
  readonly latest: string;
  readonly versions: Readonly<Record<string, EventVersionDefinition>>;
}
