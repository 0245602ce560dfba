import { err, ok, type Result } from 'neverthrow';
import {
  boolean,
  date,
  decimal,
  enumOf,
  integer,
  string,
  timestamp,
  type Column,
  type ColumnSpec,
} from './columns.js';
import { csvSchema, type ColumnsShape, type CsvSchema } from './schema.js';

/** Version of the JSON form written by {@link schemaToJson}. */
export const SCHEMA_JSON_VERSION = 1;

/** The JSON form of one column (a pattern becomes `{ source, flags }`). */
export type ColumnJson = { readonly name: string; readonly nullable: boolean } & (
  | Exclude<ColumnSpec, { type: 'string' }>
  | { readonly type: 'string'; readonly minLength?: number; readonly maxLength?: number; readonly pattern?: { readonly source: string; readonly flags: string } }
);

/** The JSON form of a schema: columns as an array, so their order survives any JSON tooling. */
export interface CsvSchemaJson {
  readonly version: typeof SCHEMA_JSON_VERSION;
  readonly delimiter: string;
  readonly maxRows?: number;
  readonly maxBytes?: number;
  readonly table?: string;
  readonly columns: readonly ColumnJson[];
}

/** Why a JSON schema could not be read. */
export interface SchemaJsonError {
  readonly kind: 'schema-json';
  /** JSON pointer of the offending value, e.g. `/columns/2/type`. */
  readonly path: string;
  readonly message: string;
}

/** The JSON-ready object form of a schema (what {@link schemaToJson} stringifies). */
export function schemaToJsonValue(schema: CsvSchema): CsvSchemaJson {
  const columns = schema.columnNames.map((name): ColumnJson => {
    const column = schema.columns[name] as Column;
    const spec = column.spec;
    if (spec.type === 'string' && spec.pattern !== undefined) {
      const { pattern: re, ...rest } = spec;
      return { name, nullable: column.isNullable, ...rest, pattern: { source: re.source, flags: re.flags } };
    }
    return { name, nullable: column.isNullable, ...(spec as Exclude<ColumnSpec, { type: 'string' }>) };
  });
  return {
    version: SCHEMA_JSON_VERSION,
    delimiter: schema.delimiter,
    ...(schema.maxRows !== undefined ? { maxRows: schema.maxRows } : {}),
    ...(schema.maxBytes !== undefined ? { maxBytes: schema.maxBytes } : {}),
    ...(schema.table !== undefined ? { table: schema.table } : {}),
    columns,
  };
}

/** Serialises a schema to a JSON string, e.g. for a Lambda environment variable or task payload. */
export function schemaToJson(schema: CsvSchema): string {
  return JSON.stringify(schemaToJsonValue(schema));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function optNumber(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number') throw new SchemaJsonFault(`/${key}`, `must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function optString(o: Obj, key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new SchemaJsonFault(`/${key}`, `must be a string, got ${JSON.stringify(v)}`);
  return v;
}

class SchemaJsonFault extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** `T` with its `undefined`-able properties made optional instead (for exactOptionalPropertyTypes). */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

function definedOnly<T extends Obj>(o: T): Defined<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>;
}

function columnFromJson(c: Obj): Column {
  const type = c['type'];
  let column: Column;
  switch (type) {
    case 'string': {
      const p = c['pattern'];
      let re: RegExp | undefined;
      if (p !== undefined) {
        if (!isObj(p) || typeof p['source'] !== 'string' || typeof p['flags'] !== 'string') {
          throw new SchemaJsonFault('/pattern', 'must be { "source": string, "flags": string }');
        }
        try {
          re = new RegExp(p['source'], p['flags']);
        } catch (e) {
          throw new SchemaJsonFault('/pattern', `is not a valid regular expression: ${(e as Error).message}`);
        }
      }
      column = string(definedOnly({ minLength: optNumber(c, 'minLength'), maxLength: optNumber(c, 'maxLength'), pattern: re }));
      break;
    }
    case 'integer':
      column = integer(definedOnly({ min: optNumber(c, 'min'), max: optNumber(c, 'max') }));
      break;
    case 'decimal': {
      const precision = optNumber(c, 'precision');
      const scale = optNumber(c, 'scale');
      if (precision === undefined || scale === undefined) throw new SchemaJsonFault('', 'a decimal column needs precision and scale');
      column = decimal(definedOnly({ precision, scale, min: optNumber(c, 'min'), max: optNumber(c, 'max') }));
      break;
    }
    case 'boolean':
      column = boolean();
      break;
    case 'date':
      column = date(definedOnly({ min: optString(c, 'min'), max: optString(c, 'max') }));
      break;
    case 'timestamp': {
      const tz = optString(c, 'timezone');
      if (tz !== undefined && tz !== 'required' && tz !== 'forbidden' && tz !== 'optional') {
        throw new SchemaJsonFault('/timezone', `must be "required", "forbidden" or "optional", got ${JSON.stringify(tz)}`);
      }
      column = timestamp(tz === undefined ? {} : { timezone: tz });
      break;
    }
    case 'enum': {
      const values = c['values'];
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
        throw new SchemaJsonFault('/values', 'must be a non-empty array of strings');
      }
      column = enumOf(values as [string, ...string[]]);
      break;
    }
    default:
      throw new SchemaJsonFault('/type', `unknown column type ${JSON.stringify(type)}; expected string, integer, decimal, boolean, date, timestamp or enum`);
  }
  const nullable = c['nullable'];
  if (nullable !== undefined && typeof nullable !== 'boolean') throw new SchemaJsonFault('/nullable', 'must be true or false');
  return nullable === true ? column.nullable() : column;
}

/**
 * Reads a schema from its JSON form (a string or an already parsed value).
 * Every malformed part gives a `schema-json` error with a JSON pointer.
 */
export function schemaFromJson(json: string | unknown): Result<CsvSchema<ColumnsShape>, SchemaJsonError> {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      return err({ kind: 'schema-json', path: '', message: `schema is not valid JSON: ${(e as Error).message}` });
    }
  }
  if (!isObj(value)) return err({ kind: 'schema-json', path: '', message: 'schema must be a JSON object' });
  if (value['version'] !== SCHEMA_JSON_VERSION) {
    return err({ kind: 'schema-json', path: '/version', message: `unsupported schema version ${JSON.stringify(value['version'])}; expected ${SCHEMA_JSON_VERSION}` });
  }
  const cols = value['columns'];
  if (!Array.isArray(cols)) return err({ kind: 'schema-json', path: '/columns', message: 'columns must be an array' });
  const columns: Record<string, Column> = {};
  for (const [i, c] of cols.entries()) {
    const base = `/columns/${i}`;
    if (!isObj(c) || typeof c['name'] !== 'string') return err({ kind: 'schema-json', path: `${base}/name`, message: 'each column needs a string name' });
    if (Object.hasOwn(columns, c['name'])) return err({ kind: 'schema-json', path: `${base}/name`, message: `duplicate column ${JSON.stringify(c['name'])}` });
    try {
      columns[c['name']] = columnFromJson(c);
    } catch (e) {
      const path = e instanceof SchemaJsonFault ? `${base}${e.path}` : base;
      return err({ kind: 'schema-json', path, message: `column ${JSON.stringify(c['name'])}: ${(e as Error).message}` });
    }
  }
  try {
    return ok(
      csvSchema(
        definedOnly({
          columns,
          delimiter: optString(value, 'delimiter'),
          maxRows: optNumber(value, 'maxRows'),
          maxBytes: optNumber(value, 'maxBytes'),
          table: optString(value, 'table'),
        }),
      ),
    );
  } catch (e) {
    const path = e instanceof SchemaJsonFault ? e.path : '';
    return err({ kind: 'schema-json', path, message: (e as Error).message });
  }
}
